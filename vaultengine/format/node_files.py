"""Small node files (dir.c9r, dirid.c9r, name.c9s, symlink.c9r): bounded reads, atomic writes.

The vault folder is untrusted (a sync peer writes it), so every ciphertext-side open goes
through open_regular / open_folder: the last path component is never followed (O_NOFOLLOW),
a FIFO or device never blocks the caller (O_NONBLOCK), and the type is checked on the open
descriptor, so a swap between an lstat and the open cannot slip another file in. Below the
vault folder no component at all is followed: one openat2 with RESOLVE_NO_SYMLINKS where
Linux has it (openat2.py), else an openat(O_NOFOLLOW) per component.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat

from vaultengine.errors import BrokenDirectoryError
from vaultengine.format import openat2

_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # Windows has neither this nor O_NOFOLLOW
UNTRUSTED_OPEN_FLAGS = getattr(os, "O_NOFOLLOW", 0) | _O_NONBLOCK | _O_CLOEXEC
# What an open of a planted node fails with: a symlink (ELOOP; EMLINK on FreeBSD), a FIFO
# opened for writing without a reader or a socket (ENXIO), a folder opened for writing (EISDIR),
# a non-folder opened with O_DIRECTORY (ENOTDIR is left alone: it also means "no such path").
_PLANTED_ERRNOS = frozenset({errno.ELOOP, errno.EMLINK, errno.ENXIO, errno.EISDIR})


def not_regular(what: str, ciphertext_path: str) -> BrokenDirectoryError:
    """EIO for a node that is not what the format says: logged by ciphertext path only."""
    return BrokenDirectoryError(f"{what}: {ciphertext_path}")


def open_regular(path: str, flags: int, mode: int = 0o644, *, dir_fd: int | None = None) -> int:
    """A descriptor of the regular file at `path`, never following a symlink or blocking.

    FileNotFoundError / NotADirectoryError as os.open; BrokenDirectoryError (EIO) for a
    symlink, FIFO, socket, device or folder. The descriptor is blocking again on return.
    """
    try:
        fd = os.open(path, flags | UNTRUSTED_OPEN_FLAGS, mode, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in _PLANTED_ERRNOS:
            raise not_regular("not a regular file", path) from None
        raise
    return _checked_regular(fd, path)


def _checked_regular(fd: int, path: str) -> int:
    """`fd` if it is a regular file (made blocking again), else closed and EIO."""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise not_regular("not a regular file", path)
        if _O_NONBLOCK:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_folder(path: str, *, dir_fd: int | None = None) -> int:
    """A read-only descriptor of the real folder at `path` (a symlink to one does not count).

    NotADirectoryError for a symlink or a file there (Linux's answer to O_DIRECTORY with
    O_NOFOLLOW); callers that know a folder must be there turn that into EIO."""
    try:
        fd = os.open(path, os.O_RDONLY | _O_DIRECTORY | UNTRUSTED_OPEN_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in _PLANTED_ERRNOS:
            raise not_regular("not a real folder", path) from None
        raise
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            raise not_regular("not a real folder", path)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _components_below(root: str, path: str) -> list[str]:
    """`path` (built by the layout as root + "/d/...") as components below `root`."""
    prefix = root.rstrip(os.sep) + os.sep
    parts = path[len(prefix) :].split(os.sep) if path.startswith(prefix) else []
    if not parts or any(part in ("", os.curdir, os.pardir) for part in parts):
        raise ValueError(f"not below the vault folder: {path}")
    return parts


def _walk_folders(root: str, parts: list[str]) -> int:
    """A descriptor of root/parts[0]/.../parts[-1], each component opened with O_NOFOLLOW
    relative to the one before (openat): no symlink anywhere below `root` is followed.
    `root` itself (the vault folder the user chose) is trusted."""
    fd = os.open(root, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    for index, part in enumerate(parts):
        try:
            next_fd = open_folder(part, dir_fd=fd)
        except (BrokenDirectoryError, NotADirectoryError):
            # One component below a real folder: ENOTDIR means it exists and is no folder
            # (Linux answers a symlink opened with O_DIRECTORY|O_NOFOLLOW with ENOTDIR too).
            raise not_regular(
                "not a real folder", os.path.join(root, *parts[: index + 1])
            ) from None
        finally:
            os.close(fd)
        fd = next_fd
    return fd


def _open_beneath(root: str, parts: list[str], flags: int, mode: int, path: str) -> int | None:
    """One openat2 of root/parts with no symlink followed anywhere (RESOLVE_NO_SYMLINKS), or
    None where the kernel has no openat2 and the caller walks. A symlink, a non-folder on the
    way or a FIFO/socket is EIO, a missing component FileNotFoundError, as in the walk."""
    if not openat2.maybe_available():
        return None
    root_fd = os.open(root, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    try:
        return openat2.open_beneath(root_fd, "/".join(parts), flags | UNTRUSTED_OPEN_FLAGS, mode)
    except OSError as exc:
        if exc.errno in _PLANTED_ERRNOS or exc.errno in (errno.ENOTDIR, errno.EXDEV):
            raise not_regular("not a real folder or file on the way to", path) from None
        if exc.errno == errno.EINVAL:  # flags openat2 is stricter about than openat: walk
            return None
        raise
    finally:
        os.close(root_fd)


def open_folder_below(root: str, path: str) -> int:
    """open_folder for a folder below the vault folder, with no component followed."""
    parts = _components_below(root, path)
    fd = _open_beneath(root, parts, os.O_RDONLY | _O_DIRECTORY, 0, path)
    if fd is not None:  # O_DIRECTORY with no symlink followed: a real folder
        return fd
    return _walk_folders(root, parts)


def open_regular_below(root: str, path: str, flags: int, mode: int = 0o644) -> int:
    """open_regular for a ciphertext file below the vault folder, with no component followed:
    neither `d`, `d/XX`, `d/XX/YYY`, a `.c9s` node folder nor the file itself can be a
    symlink (EIO), whenever it was planted."""
    parts = _components_below(root, path)
    fd = _open_beneath(root, parts, flags, mode, path)
    if fd is not None:
        return _checked_regular(fd, path)
    folder_fd = _walk_folders(root, parts[:-1])
    try:
        return open_regular(parts[-1], flags, mode, dir_fd=folder_fd)
    except BrokenDirectoryError:
        raise not_regular("not a regular file", path) from None
    finally:
        os.close(folder_fd)


def lstat_regular(path: str) -> os.stat_result:
    """lstat of a file that must be regular: FileNotFoundError, or EIO for anything else."""
    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        raise not_regular("not a regular file", path)
    return st


def lstat_folder(path: str) -> os.stat_result:
    """lstat of a folder that must be a real folder: FileNotFoundError, or EIO otherwise."""
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode):
        raise not_regular("not a real folder", path)
    return st


def read_small_file(path: str, limit: int, *, dir_fd: int | None = None) -> bytes:
    """Read at most limit + 1 bytes of a regular file, so a caller can tell an oversized file
    from a full one. Never follows a symlink at `path`, never blocks on a FIFO: those are
    BrokenDirectoryError (EIO); a missing file is FileNotFoundError. Used for the node files
    and for masterkey.cryptomator / vault.cryptomator alike."""
    fd = open_regular(path, os.O_RDONLY, dir_fd=dir_fd)
    try:
        return read_at_most(fd, limit + 1)
    finally:
        os.close(fd)


def read_at_most(fd: int, size: int) -> bytes:
    """Up to `size` bytes from `fd` (fewer only at the end of the file)."""
    parts = []
    remaining = size
    while remaining > 0:
        part = os.read(fd, remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def write_file_atomic(path: str, data: bytes, *, durable: bool = True) -> None:
    """Temp file in the same folder, fsync, os.replace: readers see the old file or the new one."""
    folder, name = os.path.split(path)
    # A leading dot keeps the temp file out of every listing (hidden entries are ignored).
    temp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | UNTRUSTED_OPEN_FLAGS, 0o644)
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


def read_small_file_in(folder: str, name: str, limit: int) -> bytes:
    """read_small_file of `folder/name` with neither component followed: a node folder planted
    as a symlink (to a copy of a real node outside the vault, say) is EIO, never read through."""
    folder_fd = open_folder(folder)
    try:
        return read_small_file(name, limit, dir_fd=folder_fd)
    except BrokenDirectoryError:
        raise not_regular("not a regular file", os.path.join(folder, name)) from None
    finally:
        os.close(folder_fd)
