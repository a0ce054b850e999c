"""Opening ciphertext files and folders below the vault folder never follows a symlink, never
blocks on a FIFO and never leaves the folder: the same answers with one openat2 (Linux 5.6+)
as with the component-by-component walk used where openat2 is missing."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from vaultengine.errors import BrokenDirectoryError
from vaultengine.format import openat2
from vaultengine.format.node_files import open_folder_below, open_regular_below

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and FIFOs")


@pytest.fixture(params=["openat2", "walk"])
def way(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "openat2":
        openat2.set_available(None)
        probe = os.open("/", os.O_RDONLY)
        try:
            if openat2.open_beneath(probe, ".", os.O_RDONLY | os.O_DIRECTORY) is None:
                pytest.skip("no openat2 on this kernel")
        finally:
            os.close(probe)
    else:
        openat2.set_available(False)
    yield request.param
    openat2.set_available(None)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / "d" / "AB" / "CDEF").mkdir(parents=True)
    (root / "d" / "AB" / "CDEF" / "file.c9r").write_bytes(b"ciphertext")
    (tmp_path / "outside" / "CDEF").mkdir(parents=True)
    (tmp_path / "outside" / "CDEF" / "file.c9r").write_bytes(b"not the vault's")
    return root


def below(root: Path, *parts: str) -> str:
    return os.path.join(str(root), *parts)


def test_a_real_file_and_folder_open(vault: Path, way: str) -> None:
    fd = open_regular_below(str(vault), below(vault, "d", "AB", "CDEF", "file.c9r"), os.O_RDONLY)
    try:
        assert os.read(fd, 100) == b"ciphertext" and os.get_blocking(fd)
    finally:
        os.close(fd)
    folder = open_folder_below(str(vault), below(vault, "d", "AB", "CDEF"))
    try:
        assert sorted(os.listdir(folder)) == ["file.c9r"]
    finally:
        os.close(folder)


def test_create_is_exclusive(vault: Path, way: str) -> None:
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL
    path = below(vault, "d", "AB", "CDEF", "new.c9r")
    os.close(open_regular_below(str(vault), path, flags, 0o644))
    assert os.stat(path).st_mode & 0o777 == 0o644 & ~current_umask()
    with pytest.raises(FileExistsError):
        open_regular_below(str(vault), path, flags, 0o644)


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_symlink_anywhere_on_the_way_is_eio(vault: Path, tmp_path: Path, way: str) -> None:
    target = below(vault, "d", "AB", "CDEF", "file.c9r")
    (vault / "d" / "AB").rename(tmp_path / "moved")
    (vault / "d" / "AB").symlink_to(tmp_path / "outside")  # a planted folder link
    with pytest.raises(BrokenDirectoryError):
        open_regular_below(str(vault), target, os.O_RDONLY)
    with pytest.raises(BrokenDirectoryError):
        open_folder_below(str(vault), below(vault, "d", "AB", "CDEF"))
    (vault / "d" / "AB").unlink()
    (tmp_path / "moved").rename(vault / "d" / "AB")
    os.unlink(target)
    os.symlink(tmp_path / "outside" / "CDEF" / "file.c9r", target)  # a planted file link
    with pytest.raises(BrokenDirectoryError):
        open_regular_below(str(vault), target, os.O_RDONLY)
    with pytest.raises(FileExistsError):  # O_EXCL: the link is a name taken, never followed
        open_regular_below(str(vault), target, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
    assert (tmp_path / "outside" / "CDEF" / "file.c9r").read_bytes() == b"not the vault's"


def test_a_fifo_or_a_file_on_the_way_is_eio_at_once(vault: Path, way: str) -> None:
    fifo = below(vault, "d", "AB", "CDEF", "fifo.c9r")
    os.mkfifo(fifo)
    with pytest.raises(BrokenDirectoryError):  # O_NONBLOCK: no writer, yet no wait
        open_regular_below(str(vault), fifo, os.O_RDONLY)
    with pytest.raises(BrokenDirectoryError):
        open_regular_below(str(vault), fifo + "/x.c9r", os.O_RDONLY)
    with pytest.raises(BrokenDirectoryError):
        open_folder_below(str(vault), below(vault, "d", "AB", "CDEF", "file.c9r"))


def test_missing_is_file_not_found(vault: Path, way: str) -> None:
    for path in (below(vault, "d", "AB", "CDEF", "gone.c9r"), below(vault, "d", "ZZ", "Y", "f")):
        with pytest.raises(FileNotFoundError) as missing:
            open_regular_below(str(vault), path, os.O_RDONLY)
        assert missing.value.errno == errno.ENOENT
    with pytest.raises(FileNotFoundError):
        open_folder_below(str(vault), below(vault, "d", "ZZ"))
