"""Plants for the untrusted-vault-folder tests: symlinks, FIFOs, sockets and folders put where
a sync peer could put them, an outside folder whose every byte and time must survive, and a
bounded runner so a call that would block fails the test instead of hanging it."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import socket
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.tamper import FOLDERS, LONG_A, TRUTH, TamperVault

SLOW = 5.0  # seconds: the bound for any single call on a planted vault
HANG = 30.0  # a call still running after this long is taken as blocked for good
SECRET = b"outside the vault: must never change\n"


# --- the outside folder --------------------------------------------------------------------


def make_outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_bytes(SECRET)
    os.utime(outside / "secret", ns=(1_000_000_000, 1_000_000_000))
    return outside


def snapshot(folder: Path) -> dict[str, tuple[str, int, int, int]]:
    """Every entry below `folder` (symlinks not followed): kind, content hash, size, mtime."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = path.lstat()
            digest = ""
            if path.is_file() and not path.is_symlink():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path.relative_to(folder))] = (digest, st.st_mode, st.st_size, st.st_mtime_ns)
    return found


# --- the plants ---------------------------------------------------------------------------


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_socket(path: Path) -> socket.socket:
    """A listening unix socket at `path` (bound relative to its folder: sun_path is short)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.getcwd()
    os.chdir(path.parent)
    try:
        sock.bind(path.name)
    finally:
        os.chdir(old)
    sock.listen(1)
    return sock


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def replace_with_symlink_to_copy(path: Path, outside: Path, name: str) -> Path:
    """Move the real node file or folder outside and leave a symlink to it: following the link
    would work perfectly, so only a refusal to follow keeps the outside copy untouched."""
    moved = outside / name
    shutil.move(path, moved)
    path.symlink_to(moved)
    return moved


@dataclass
class Planted:
    """What a plant hides: EIO for `broken` (and everything below), not listed for `unlisted`."""

    broken: set[str] = field(default_factory=set)
    unlisted: set[str] = field(default_factory=set)
    keep: list[Any] = field(default_factory=list)  # sockets stay open while the test runs

    def hit(self, path: str) -> bool:
        return any(path == b or path.startswith(b.rstrip("/") + "/") for b in self.broken)

    def close(self) -> None:
        for item in self.keep:
            item.close()


Plant = Callable[[TamperVault, Path], Planted]


def _long_contents_symlink(v: TamperVault, outside: Path) -> Planted:
    node = v.ct.node_of("/" + LONG_A)
    replace_with_symlink_to_copy(node / "contents.c9r", outside, "contents-copy")
    return Planted(broken={"/" + LONG_A})


def _short_file_symlink(v: TamperVault, outside: Path) -> Planted:
    node = v.ct.node_of("/small.txt")
    replace_with_symlink_to_copy(node, outside, "small-copy")
    return Planted(broken={"/small.txt"})


def _short_file_symlink_to_secret(v: TamperVault, outside: Path) -> Planted:
    node = v.ct.node_of("/small.txt")
    node.unlink()
    node.symlink_to(outside / "secret")
    return Planted(broken={"/small.txt"})


def _dir_file_symlink(v: TamperVault, outside: Path) -> Planted:
    replace_with_symlink_to_copy(v.ct.node_of("/docs") / "dir.c9r", outside, "dir-copy")
    return Planted(broken={"/docs"})


def _name_file_symlink(v: TamperVault, outside: Path) -> Planted:
    replace_with_symlink_to_copy(v.ct.node_of("/" + LONG_A) / "name.c9s", outside, "name-copy")
    # A lookup hashes the name and never needs name.c9s: only the listing loses the node.
    return Planted(unlisted={"/" + LONG_A})


def _symlink_file_symlink(v: TamperVault, outside: Path) -> Planted:
    replace_with_symlink_to_copy(v.ct.node_of("/link") / "symlink.c9r", outside, "link-copy")
    return Planted(broken={"/link"})


def _dirid_symlink(v: TamperVault, outside: Path) -> Planted:
    folder = v.ct.content_dir(v.ct.dir_id("/docs"))
    replace_with_symlink_to_copy(folder / "dirid.c9r", outside, "dirid-copy")
    return Planted()  # the backup is only for recovery: the filesystem never reads it


def _content_dir_symlink(v: TamperVault, outside: Path) -> Planted:
    folder = v.ct.content_dir(v.ct.dir_id("/pics/deep"))
    replace_with_symlink_to_copy(folder, outside, "content-copy")
    return Planted(broken={"/pics/deep"})


def _prefix_folder_symlink(v: TamperVault, outside: Path) -> Planted:
    """A whole d/XX folder planted as a symlink to a perfect copy of itself."""
    prefix = v.ct.content_dir(v.ct.dir_id("/docs")).parent
    replace_with_symlink_to_copy(prefix, outside, "prefix-copy")
    return Planted(broken=folders_below_prefix(v, prefix.name))


def folders_below_prefix(v: TamperVault, prefix: str) -> set[str]:
    hit = {f for f in ("/", *FOLDERS) if v.ct.names.hash_dir_id(v_dir_id(v, f))[:2] == prefix}
    return {"/"} if "/" in hit else hit


def v_dir_id(v: TamperVault, folder: str) -> str:
    return "" if folder == "/" else v.ct.dir_id(folder)


def _long_node_symlink(v: TamperVault, outside: Path) -> Planted:
    replace_with_symlink_to_copy(v.ct.node_of("/" + LONG_A), outside, "long-node-copy")
    return Planted(broken={"/" + LONG_A})


def _fifo_dir_file(v: TamperVault, outside: Path) -> Planted:
    path = v.ct.node_of("/docs") / "dir.c9r"
    remove(path)
    make_fifo(path)
    return Planted(broken={"/docs"})


def _fifo_contents(v: TamperVault, outside: Path) -> Planted:
    path = v.ct.node_of("/" + LONG_A) / "contents.c9r"
    remove(path)
    make_fifo(path)
    return Planted(broken={"/" + LONG_A})


def _fifo_short_file(v: TamperVault, outside: Path) -> Planted:
    path = v.ct.node_of("/small.txt")
    remove(path)
    make_fifo(path)
    return Planted(broken={"/small.txt"})


def _fifo_name_file(v: TamperVault, outside: Path) -> Planted:
    path = v.ct.node_of("/" + LONG_A) / "name.c9s"
    remove(path)
    make_fifo(path)
    return Planted(unlisted={"/" + LONG_A})


def _fifo_symlink_file(v: TamperVault, outside: Path) -> Planted:
    path = v.ct.node_of("/link") / "symlink.c9r"
    remove(path)
    make_fifo(path)
    return Planted(broken={"/link"})


def _socket_short_file(v: TamperVault, outside: Path) -> Planted:
    path = v.ct.node_of("/small.txt")
    remove(path)
    return Planted(broken={"/small.txt"}, keep=[make_socket(path)])


def _socket_contents(v: TamperVault, outside: Path) -> Planted:
    path = v.ct.node_of("/" + LONG_A) / "contents.c9r"
    remove(path)
    return Planted(broken={"/" + LONG_A}, keep=[make_socket(path)])


def _device_short_file(v: TamperVault, outside: Path) -> Planted:
    """A character device (/dev/null's numbers) as a short-named file: never opened as one."""
    path = v.ct.node_of("/small.txt")
    remove(path)
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("mknod needs root")
    return Planted(broken={"/small.txt"})


def _folder_as_short_file(v: TamperVault, outside: Path) -> Planted:
    path = v.ct.node_of("/small.txt")
    remove(path)
    path.mkdir()
    return Planted(broken={"/small.txt"})


def _folder_as_contents(v: TamperVault, outside: Path) -> Planted:
    path = v.ct.node_of("/" + LONG_A) / "contents.c9r"
    remove(path)
    path.mkdir()
    return Planted(broken={"/" + LONG_A})


def _folder_as_dir_file(v: TamperVault, outside: Path) -> Planted:
    path = v.ct.node_of("/docs") / "dir.c9r"
    remove(path)
    path.mkdir()
    return Planted(broken={"/docs"})


def _file_as_content_dir(v: TamperVault, outside: Path) -> Planted:
    path = v.ct.content_dir(v.ct.dir_id("/pics/deep"))
    remove(path)
    path.write_bytes(b"a file where a folder belongs")
    return Planted(broken={"/pics/deep"})


def _file_as_long_node(v: TamperVault, outside: Path) -> Planted:
    path = v.ct.node_of("/" + LONG_A)
    remove(path)
    path.write_bytes(b"a file where a .c9s folder belongs")
    return Planted(broken={"/" + LONG_A})


PLANTS: dict[str, Plant] = {
    "long-contents-symlink": _long_contents_symlink,
    "short-file-symlink": _short_file_symlink,
    "short-file-symlink-to-secret": _short_file_symlink_to_secret,
    "dir-file-symlink": _dir_file_symlink,
    "name-file-symlink": _name_file_symlink,
    "symlink-file-symlink": _symlink_file_symlink,
    "dirid-symlink": _dirid_symlink,
    "content-dir-symlink": _content_dir_symlink,
    "prefix-folder-symlink": _prefix_folder_symlink,
    "long-node-symlink": _long_node_symlink,
    "fifo-dir-file": _fifo_dir_file,
    "fifo-contents": _fifo_contents,
    "fifo-short-file": _fifo_short_file,
    "fifo-name-file": _fifo_name_file,
    "fifo-symlink-file": _fifo_symlink_file,
    "socket-short-file": _socket_short_file,
    "socket-contents": _socket_contents,
    "device-short-file": _device_short_file,
    "folder-as-short-file": _folder_as_short_file,
    "folder-as-contents": _folder_as_contents,
    "folder-as-dir-file": _folder_as_dir_file,
    "file-as-content-dir": _file_as_content_dir,
    "file-as-long-node": _file_as_long_node,
}


def intact_files(planted: Planted) -> dict[str, bytes]:
    """The TRUTH files a plant leaves alone: each must still read exactly."""
    return {p: d for p, d in TRUTH.items() if not planted.hit(p)}


# --- bounded calls ------------------------------------------------------------------------


def bounded(call: Callable[[], Any], what: str = "") -> tuple[Any, BaseException | None]:
    """Run `call` on a daemon thread: (result, exception). A call blocked past HANG seconds
    fails the test (the thread stays parked, the test run goes on); one slower than SLOW too."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = call()
        except BaseException as exc:  # handed back to the test
            box["error"] = exc

    start = time.monotonic()
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(HANG)
    assert not thread.is_alive(), f"{what or call} blocked for {HANG} s"
    took = time.monotonic() - start
    assert took < SLOW, f"{what or call} took {took:.1f} s"
    return box.get("result"), box.get("error")


def expect_eio(call: Callable[[], Any], what: str) -> None:
    _result, error = bounded(call, what)
    assert isinstance(error, OSError), f"{what}: expected EIO, got {error!r}"
    assert error.errno == errno.EIO, f"{what}: expected EIO, got {error!r}"


def expect_ok(call: Callable[[], Any], what: str) -> Any:
    result, error = bounded(call, what)
    assert error is None, f"{what}: {error!r}"
    return result
