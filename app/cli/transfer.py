"""Copying trees into and out of a vault (`import` / `export`), streamed in bounded chunks.

Both directions copy a symlink as a symlink and never follow one. Export writes each file to
a temporary name beside its destination and renames it only once every byte authenticated,
so a file that fails authentication never appears under its real name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.cli.display import quote_name
from app.cli.errors import CliError, Failures, with_path
from app.cli.i18n import _
from app.cli.paths import is_safe_component, vault_join
from app.cli.progress import Progress
from vaultengine.fs import Attr, VaultFileSystem

# 32 whole 32 KiB chunks per read: a read either returns the range authenticated or raises EIO.
CHUNK_SIZE = 1 << 20

# Errors that would repeat for every later entry: stop instead of reporting each one.
_FATAL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def stream_out(fs: VaultFileSystem, path: str, write: Callable[[bytes], object]) -> int:
    """Pass the cleartext of vault file `path` to `write`, one authenticated range at a time."""
    fh = fs.open(path, os.O_RDONLY)
    offset = 0
    try:
        while True:
            data = fs.read(fh, CHUNK_SIZE, offset)
            if not data:
                return offset
            write(data)
            offset += len(data)
    finally:
        fs.release(fh)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _is_fatal(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in _FATAL_ERRNOS


@dataclass
class _ImportStep:
    """One unit of import work; an explicit stack keeps deep trees off the recursion limit."""

    source: Path
    dest: str
    st: os.stat_result
    top: bool = False
    finish: bool = False  # set a folder's times once its children are in


@dataclass
class _ExportStep:
    path: str
    dest: Path
    attr: Attr
    top: bool = False
    finish: bool = False


class TreeImporter:
    """`cp -r SOURCE DEST` from the host into the vault."""

    def __init__(
        self, fs: VaultFileSystem, vault_root: str, progress: Progress, failures: Failures
    ) -> None:
        self.fs = fs
        self.progress = progress
        self.failures = failures
        vault_st = os.stat(vault_root)
        # Importing a folder that holds the vault would copy the vault's own growing ciphertext.
        self._vault_id = (vault_st.st_dev, vault_st.st_ino)

    def run(self, source: Path, dest: str) -> None:
        top = os.lstat(source)
        if (top.st_dev, top.st_ino) == self._vault_id:
            raise CliError(_("{path}: is the vault itself").format(path=source))
        try:
            self.fs.stat(dest)
        except FileNotFoundError:
            pass
        else:
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), dest)
        stack = [_ImportStep(source, dest, top, top=True)]
        while stack:
            step = stack.pop()
            try:
                self._do(step, stack)
            except OSError as exc:
                if _is_fatal(exc) or step.top:
                    raise
                self.progress.interrupt()
                self.failures.record(exc, str(step.source))

    def _do(self, step: _ImportStep, stack: list[_ImportStep]) -> None:
        source, dest, st = step.source, step.dest, step.st
        if step.finish:
            self.fs.utimens(dest, st.st_atime_ns, st.st_mtime_ns)
        elif stat.S_ISLNK(st.st_mode):
            self.fs.symlink(dest, os.readlink(source))
            self.progress.add_file()
        elif stat.S_ISDIR(st.st_mode):
            self._import_dir(source, dest, st, stack)
        elif stat.S_ISREG(st.st_mode):
            self._import_file(source, dest, st)
        else:
            raise with_path(
                OSError(errno.EINVAL, _("not a file, folder or symlink; skipped")), str(source)
            )

    def _import_dir(
        self, source: Path, dest: str, st: os.stat_result, stack: list[_ImportStep]
    ) -> None:
        self.fs.mkdir(dest, stat.S_IMODE(st.st_mode))
        stack.append(_ImportStep(source, dest, st, finish=True))
        with os.scandir(source) as entries:
            names = sorted(entry.name for entry in entries)
        for name in reversed(names):
            child = source / name
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                self.progress.interrupt()
                self.failures.record(
                    CliError(_("{path}: name is not valid UTF-8; skipped").format(path=child))
                )
                continue
            try:
                child_st = os.lstat(child)
            except OSError as exc:
                self.progress.interrupt()
                self.failures.record(exc, str(child))
                continue
            if (child_st.st_dev, child_st.st_ino) == self._vault_id:
                self.progress.interrupt()
                self.failures.record(
                    CliError(_("{path}: is the vault itself; skipped").format(path=child))
                )
                continue
            stack.append(_ImportStep(child, vault_join(dest, name), child_st))

    def _import_file(self, source: Path, dest: str, st: os.stat_result) -> None:
        # O_NOFOLLOW: a file swapped for a symlink after lstat must not be followed.
        fd = os.open(
            source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        )
        try:
            fh = self.fs.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IMODE(st.st_mode))
            try:
                self._copy_fd_to_vault(fd, fh)
            except BaseException:
                self.fs.release(fh)
                with contextlib.suppress(OSError):
                    self.fs.unlink(dest)
                raise
            self.fs.release(fh)
        finally:
            os.close(fd)
        self.fs.utimens(dest, st.st_atime_ns, st.st_mtime_ns)
        self.progress.add_file()

    def _copy_fd_to_vault(self, fd: int, fh: int) -> None:
        offset = 0
        while True:
            data = os.read(fd, CHUNK_SIZE)
            if not data:
                return
            written = 0
            while written < len(data):  # no copy of the block unless a write came up short
                written += self.fs.write(fh, data[written:] if written else data, offset + written)
            offset += written
            self.progress.add_bytes(len(data))


class TreeExporter:
    """`cp -r PATH DEST` from the vault to the host; DEST must not exist yet."""

    def __init__(self, fs: VaultFileSystem, progress: Progress, failures: Failures) -> None:
        self.fs = fs
        self.progress = progress
        self.failures = failures
        self.umask = _umask()

    def run(self, path: str, dest: Path) -> None:
        if os.path.lexists(dest):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(dest))
        stack = [_ExportStep(path, dest, self.fs.stat(path), top=True)]
        while stack:
            step = stack.pop()
            try:
                self._do(step, stack)
            except OSError as exc:
                if _is_fatal(exc) or step.top:
                    raise
                self.progress.interrupt()
                self.failures.record(exc, step.path)

    def _do(self, step: _ExportStep, stack: list[_ExportStep]) -> None:
        path, dest, attr = step.path, step.dest, step.attr
        mode = attr.st_mode
        times = (attr.st_atime_ns, attr.st_mtime_ns)
        if step.finish:
            os.utime(dest, ns=times)
        elif stat.S_ISLNK(mode):
            os.symlink(self.fs.readlink(path), dest)
            with contextlib.suppress(NotImplementedError, OSError):
                os.utime(dest, ns=times, follow_symlinks=False)
            self.progress.add_file()
        elif stat.S_ISDIR(mode):
            self._export_dir(path, dest, attr, stack)
        elif stat.S_ISREG(mode):
            self._export_file(path, dest, mode)
            os.utime(dest, ns=times)
        else:
            raise with_path(
                OSError(errno.EINVAL, _("not a file, folder or symlink; skipped")), path
            )

    def _export_dir(self, path: str, dest: Path, attr: Attr, stack: list[_ExportStep]) -> None:
        entries = self.fs.listdir(path)
        # Owner rwx while filling it; umask applies as for any new folder.
        os.mkdir(dest, stat.S_IMODE(attr.st_mode) | 0o700)
        stack.append(_ExportStep(path, dest, attr, finish=True))
        for name, child_attr in sorted(entries, key=lambda item: item[0], reverse=True):
            child = vault_join(path, name)
            if not is_safe_component(name):
                # A hostile vault could name an entry ".." or "a/b": never let it leave DEST.
                self.progress.interrupt()
                self.failures.record(
                    CliError(
                        _("{path}: unsafe name in the vault; skipped").format(
                            path=quote_name(child)
                        )
                    )
                )
                continue
            stack.append(_ExportStep(child, dest / name, child_attr))

    def _export_file(self, path: str, dest: Path, mode: int) -> None:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{dest.name[:40]}.", suffix=".strongroom-part", dir=dest.parent
        )
        try:
            with os.fdopen(fd, "wb") as out:

                def write(data: bytes) -> None:
                    out.write(data)
                    self.progress.add_bytes(len(data))

                stream_out(self.fs, path, write)
                out.flush()
                os.fsync(out.fileno())
            # mkstemp made it 0600; give it the mode a new file would get.
            os.chmod(tmp_name, stat.S_IMODE(mode) & ~self.umask)
            os.replace(tmp_name, dest)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise
        self.progress.add_file()
