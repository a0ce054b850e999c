"""Small node files (dir.c9r, dirid.c9r, name.c9s, symlink.c9r): bounded reads, atomic writes."""

from __future__ import annotations

import contextlib
import os
import secrets


def read_small_file(path: str, limit: int) -> bytes:
    """Read at most limit + 1 bytes, so a caller can tell an oversized file from a full one."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        parts = []
        remaining = limit + 1
        while remaining > 0:
            part = os.read(fd, remaining)
            if not part:
                break
            parts.append(part)
            remaining -= len(part)
        return b"".join(parts)
    finally:
        os.close(fd)


def write_file_atomic(path: str, data: bytes, *, durable: bool = True) -> None:
    """Temp file in the same folder, fsync, os.replace: readers see the old file or the new one."""
    folder, name = os.path.split(path)
    # A leading dot keeps the temp file out of every listing (hidden entries are ignored).
    temp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def remove_if_exists(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def parse_dir_id(raw: bytes, max_bytes: int) -> str | None:
    """A plausible directory ID: 1..max_bytes printable ASCII bytes; None when it is not."""
    if not raw or len(raw) > max_bytes:
        return None
    if not raw.isascii():
        return None
    text = raw.decode("ascii")
    return text if text.isprintable() else None
