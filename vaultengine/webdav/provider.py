"""A wsgidav DAVProvider over the path-based vault filesystem (cleartext paths, no Qt).

Mapping onto the engine:
- GET/HEAD: a seekable decrypting stream (streams.CleartextReadStream): Range reads decrypt
  only the chunks they cover.
- PUT: streams.CleartextUploadStream (hidden temporary sibling, renamed over the target).
- MKCOL -> mkdir; DELETE -> unlink / a bottom-up rmdir walk; MOVE -> rename (the ciphertext
  node moves, nothing is decrypted or re-encrypted); COPY -> read and write through the engine
  (a copy needs its own file header and content key).
- ETag: cleartext size and ciphertext mtime. No quota properties (they slowed macOS mounts).
- Symbolic links inside the vault are not served: their targets are arbitrary paths, and a
  WebDAV client cannot show them as links anyway.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from typing import Any

from wsgidav import util
from wsgidav.dav_error import (
    HTTP_BAD_REQUEST,
    HTTP_CONFLICT,
    HTTP_FORBIDDEN,
    HTTP_INTERNAL_ERROR,
    HTTP_METHOD_NOT_ALLOWED,
    HTTP_NOT_FOUND,
    HTTP_PRECONDITION_FAILED,
    DAVError,
)
from wsgidav.dav_provider import DAVCollection, DAVNonCollection, DAVProvider

from vaultengine.errors import VaultError, VaultStateError
from vaultengine.fs.attrs import Attr
from vaultengine.fs.vaultfs import VaultFileSystem
from vaultengine.webdav.streams import CleartextReadStream, CleartextUploadStream, IoCounters

# Uploads land here first; never listed, never reachable by URL.
UPLOAD_PREFIX = ".strongroom-upload-"
COPY_BLOCK = 1 << 20

_ERRNO_STATUS = {
    # a missing parent: 409 per RFC 4918 (a missing target is a 404 before the provider runs)
    errno.ENOENT: HTTP_CONFLICT,
    errno.EEXIST: HTTP_METHOD_NOT_ALLOWED,
    errno.ENOTEMPTY: HTTP_CONFLICT,
    errno.ENOTDIR: HTTP_CONFLICT,
    errno.EISDIR: HTTP_CONFLICT,
    errno.EROFS: HTTP_FORBIDDEN,
    errno.EACCES: HTTP_FORBIDDEN,
    errno.EPERM: HTTP_FORBIDDEN,
    errno.EINVAL: HTTP_BAD_REQUEST,
    errno.ENAMETOOLONG: HTTP_BAD_REQUEST,
    errno.EBUSY: HTTP_FORBIDDEN,
    errno.ELOOP: HTTP_FORBIDDEN,
}


@contextlib.contextmanager
def dav_errors() -> Iterator[None]:
    """Engine errors as HTTP statuses; the message never carries cleartext names."""
    try:
        yield
    except DAVError:
        raise
    except VaultStateError:
        raise DAVError(HTTP_NOT_FOUND) from None  # locked meanwhile: the volume is gone
    except OSError as exc:
        status = _ERRNO_STATUS.get(exc.errno or 0, HTTP_INTERNAL_ERROR)
        raise DAVError(status) from None
    except VaultError:
        raise DAVError(HTTP_INTERNAL_ERROR) from None


def _is_hidden_upload(name: str) -> bool:
    return name.startswith(UPLOAD_PREFIX)


class _DavUpload(CleartextUploadStream):
    """An upload whose commit failures are HTTP statuses (a short body: 400)."""

    def close(self) -> None:
        with dav_errors():
            super().close()


class _VaultResourceMixin:
    provider: VaultDavProvider
    path: str
    environ: dict[str, Any]
    attr: Attr

    @property
    def fs(self) -> VaultFileSystem:
        return self.provider.fs

    @property
    def fs_path(self) -> str:
        return self.path.rstrip("/") or "/"

    def get_creation_date(self) -> float:
        return self.attr.st_ctime_ns / 1e9

    def get_last_modified(self) -> float:
        return self.attr.st_mtime_ns / 1e9

    def get_display_name(self) -> str:
        return self.fs_path.rsplit("/", 1)[-1]

    def set_last_modified(self, dest_path: str, time_stamp: Any, *, dry_run: bool) -> bool:
        secs = time_stamp if isinstance(time_stamp, int) else util.parse_time_string(time_stamp)
        if not dry_run:
            with dav_errors():
                self.fs.utimens(dest_path.rstrip("/") or "/", None, int(secs) * 1_000_000_000)
        return True

    def _check_writable(self) -> None:
        if self.provider.readonly:
            raise DAVError(HTTP_FORBIDDEN)

    def _move_dead_properties(self, dest_path: str, *, is_move: bool, children: bool) -> None:
        prop_manager = self.provider.prop_manager
        if not prop_manager:
            return
        dest = self.provider.get_resource_inst(dest_path, self.environ)
        if dest is None:
            return
        source_url = self.get_ref_url()  # type: ignore[attr-defined]
        if is_move:
            prop_manager.move_properties(
                source_url, dest.get_ref_url(), with_children=children, environ=self.environ
            )
        else:
            prop_manager.copy_properties(source_url, dest.get_ref_url(), self.environ)


class VaultFile(_VaultResourceMixin, DAVNonCollection):  # type: ignore[misc]
    def __init__(self, path: str, environ: dict[str, Any], attr: Attr) -> None:
        super().__init__(path, environ)
        self.attr = attr

    def get_content_length(self) -> int:
        return self.attr.st_size

    def get_content_type(self) -> str:
        return str(util.guess_mime_type(self.path, self.environ["wsgidav.config"]))

    def get_etag(self) -> str:
        return f"{self.attr.st_mtime_ns:x}-{self.attr.st_size:x}"

    def support_etag(self) -> bool:
        return True

    def support_ranges(self) -> bool:
        return True

    def get_content(self) -> CleartextReadStream:
        with dav_errors():
            return CleartextReadStream(self.fs, self.fs_path, counters=self.provider.counters)

    def begin_write(self, *, content_type: str | None = None) -> CleartextUploadStream:
        self._check_writable()
        parent = self.fs_path.rsplit("/", 1)[0]
        temp = f"{parent}/{UPLOAD_PREFIX}{secrets.token_hex(8)}"
        expected = self.environ.get("strongroom.expected_length")
        with dav_errors():
            stream = _DavUpload(
                self.fs,
                self.fs_path,
                temp,
                expected_length=expected,
                counters=self.provider.counters,
            )
        self.environ["strongroom.upload"] = stream
        return stream

    def end_write(self, *, with_errors: bool) -> None:
        stream = self.environ.pop("strongroom.upload", None)
        if not with_errors:
            # The PUT's reply carries this resource's ETag: that of the uploaded content, not
            # of the empty file wsgidav created first (a client's next If-Match would fail).
            with contextlib.suppress(OSError, VaultError):
                self.attr = self.fs.stat(self.fs_path)
            return
        if stream is not None:
            stream.abort()
        if self.environ.pop("strongroom.created", None) == self.fs_path:
            # the empty file this PUT created: a failed upload leaves nothing behind
            with contextlib.suppress(OSError, VaultError):
                self.fs.unlink(self.fs_path)

    def delete(self) -> None:
        self._check_writable()
        with dav_errors():
            self.fs.unlink(self.fs_path)
        self.remove_all_properties(recursive=True)
        self.remove_all_locks(recursive=True)

    def copy_move_single(self, dest_path: str, *, is_move: bool) -> None:
        self._check_writable()
        target = dest_path.rstrip("/")
        with dav_errors():
            if is_move:
                self.fs.rename(self.fs_path, target)  # the node moves: no re-encryption
            else:
                self.provider.copy_file(self.fs_path, target)
        self._move_dead_properties(dest_path, is_move=is_move, children=False)

    def support_recursive_move(self, dest_path: str) -> bool:
        return True

    def move_recursive(self, dest_path: str) -> list[Any]:
        self.copy_move_single(dest_path, is_move=True)
        return []


class VaultFolder(_VaultResourceMixin, DAVCollection):  # type: ignore[misc]
    def __init__(self, path: str, environ: dict[str, Any], attr: Attr) -> None:
        super().__init__(path, environ)
        self.attr = attr

    def get_etag(self) -> None:
        return None

    def get_directory_info(self) -> None:
        return None

    def get_member_names(self) -> list[str]:
        with dav_errors():
            entries = self.fs.listdir(self.fs_path)
        return [
            name
            for name, attr in entries
            if not stat.S_ISLNK(attr.st_mode) and not _is_hidden_upload(name)
        ]

    def get_member_list(self) -> list[VaultFile | VaultFolder]:
        """One listing (names with attributes) instead of a stat per member."""
        with dav_errors():
            entries = self.fs.listdir(self.fs_path)
        members: list[VaultFile | VaultFolder] = []
        base = self.fs_path.rstrip("/")
        for name, attr in entries:
            if _is_hidden_upload(name):
                continue
            member = self.provider.resource_for(f"{base}/{name}", self.environ, attr)
            if member is not None:
                members.append(member)
        return members

    def get_member(self, name: str) -> Any:
        return self.provider.get_resource_inst(util.join_uri(self.path, name), self.environ)

    def create_empty_resource(self, name: str) -> Any:
        self._check_writable()
        path = util.join_uri(self.path, name)
        with dav_errors():
            fh = self.fs.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
            self.fs.release(fh)
        self.environ["strongroom.created"] = path.rstrip("/")
        return self.provider.get_resource_inst(path, self.environ)

    def create_collection(self, name: str) -> None:
        self._check_writable()
        with dav_errors():
            self.fs.mkdir(util.join_uri(self.path, name))

    def support_recursive_delete(self) -> bool:
        return True

    def delete(self) -> None:
        self._check_writable()
        with dav_errors():
            self.provider.remove_tree(self.fs_path)
        self.remove_all_properties(recursive=True)
        self.remove_all_locks(recursive=True)

    def copy_move_single(self, dest_path: str, *, is_move: bool) -> None:
        """The folder itself; wsgidav copies or moves the members one by one after it."""
        self._check_writable()
        target = dest_path.rstrip("/")
        with dav_errors():
            try:
                attr = self.fs.stat(target)
            except FileNotFoundError:
                self.fs.mkdir(target)
            else:
                if not stat.S_ISDIR(attr.st_mode):
                    raise DAVError(HTTP_PRECONDITION_FAILED)
        self._move_dead_properties(dest_path, is_move=is_move, children=False)

    def support_recursive_move(self, dest_path: str) -> bool:
        return True

    def move_recursive(self, dest_path: str) -> list[Any]:
        self._check_writable()
        with dav_errors():
            self.fs.rename(self.fs_path, dest_path.rstrip("/"))  # one node: the subtree follows
        self._move_dead_properties(dest_path, is_move=True, children=True)
        return []


class VaultDavProvider(DAVProvider):  # type: ignore[misc]
    def __init__(self, fs: VaultFileSystem, *, read_only: bool = False) -> None:
        super().__init__()
        self.fs = fs
        self.readonly = read_only or fs.read_only
        # What clients read and uploaded (GET, PUT); COPY stays inside the vault, uncounted.
        self.counters = IoCounters()

    def is_readonly(self) -> bool:
        return self.readonly

    def resource_for(
        self, path: str, environ: dict[str, Any], attr: Attr
    ) -> VaultFile | VaultFolder | None:
        if stat.S_ISDIR(attr.st_mode):
            return VaultFolder(path, environ, attr)
        if stat.S_ISREG(attr.st_mode):
            return VaultFile(path, environ, attr)
        return None  # symlinks are not served

    def get_resource_inst(self, path: str, environ: dict[str, Any]) -> Any:
        self._count_get_resource_inst += 1
        fs_path = path.rstrip("/") or "/"
        if any(_is_hidden_upload(part) for part in fs_path.split("/")):
            return None
        try:
            attr = self.fs.stat(fs_path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EINVAL, errno.ENAMETOOLONG):
                return None
            with dav_errors():
                raise
        except VaultStateError:
            raise DAVError(HTTP_NOT_FOUND) from None
        return self.resource_for(path, environ, attr)

    # -- operations on cleartext paths ------------------------------------------------------
    def copy_file(self, source: str, target: str) -> None:
        """Decrypt and re-encrypt in 1 MiB blocks (a copy gets its own content key)."""
        with CleartextReadStream(self.fs, source) as reader:
            parent = target.rsplit("/", 1)[0]
            temp = f"{parent}/{UPLOAD_PREFIX}{secrets.token_hex(8)}"
            upload = CleartextUploadStream(self.fs, target, temp)
            try:
                while block := reader.read(COPY_BLOCK):
                    upload.write(block)
            except BaseException:
                upload.abort()
                raise
            upload.close()

    def remove_tree(self, path: str) -> None:
        """Depth-first: files unlinked, folders removed once empty. Bounded by the tree."""
        for name, attr in self.fs.listdir(path):
            child = f"{path.rstrip('/')}/{name}"
            if stat.S_ISDIR(attr.st_mode):
                self.remove_tree(child)
            else:
                self.fs.unlink(child)
        self.fs.rmdir(path)
