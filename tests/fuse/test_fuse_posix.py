"""POSIX behaviour through a real mount: files, folders, renames, links, times, sizes, names."""

from __future__ import annotations

import ctypes
import errno
import os
import stat
import time
import unicodedata
from pathlib import Path

import pytest

from tests.helpers.mounts import FUSE2, MountedVault, run

pytestmark = pytest.mark.fuse

CHUNK = 32 * 1024
_libc = ctypes.CDLL(None, use_errno=True)
AT_FDCWD = -100


def renameat2(old: Path, new: Path, flags: int) -> int:
    result = _libc.renameat2(AT_FDCWD, os.fsencode(old), AT_FDCWD, os.fsencode(new), flags)
    return 0 if result == 0 else ctypes.get_errno()


def test_create_write_read_append(mounted: MountedVault) -> None:
    path = mounted / "notes.txt"
    path.write_bytes(b"hello")
    with open(path, "ab") as handle:
        handle.write(b", world")
    assert path.read_bytes() == b"hello, world"
    assert path.stat().st_size == 12
    assert stat.S_ISREG(path.stat().st_mode)


def test_open_flags_rdwr_excl_trunc_append(mounted: MountedVault) -> None:
    path = mounted / "flags"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        assert os.write(fd, b"abcdef") == 6
        assert os.pread(fd, 6, 0) == b"abcdef"  # a create that dropped O_RDWR fails here
    finally:
        os.close(fd)
    with pytest.raises(FileExistsError):
        os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, b"XY")  # O_APPEND writes at the end whatever the offset
    finally:
        os.close(fd)
    assert path.read_bytes() == b"abcdefXY"
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
    os.close(fd)
    assert path.read_bytes() == b""
    fd = os.open(path, os.O_RDONLY)
    try:
        with pytest.raises(OSError) as raised:
            os.write(fd, b"no")
        assert raised.value.errno == errno.EBADF
    finally:
        os.close(fd)


def test_overwrite_by_rename_replaces_content(mounted: MountedVault) -> None:
    target, temp = mounted / "config.json", mounted / ".config.json.tmp"
    target.write_bytes(b"old")
    temp.write_bytes(b"new content")
    os.rename(temp, target)
    assert target.read_bytes() == b"new content"
    assert sorted(os.listdir(mounted.mnt)) == ["config.json"]


def test_rename_directory_with_contents(mounted: MountedVault) -> None:
    (mounted / "a" / "b").mkdir(parents=True)
    (mounted / "a" / "b" / "f.txt").write_bytes(b"deep")
    os.rename(mounted / "a", mounted / "renamed")
    assert not (mounted / "a").exists()
    assert (mounted / "renamed" / "b" / "f.txt").read_bytes() == b"deep"
    (mounted / "other").mkdir()
    os.rename(mounted / "renamed" / "b", mounted / "other" / "b2")
    assert os.listdir(mounted / "other" / "b2") == ["f.txt"]
    with pytest.raises(OSError) as raised:
        os.rename(mounted / "other", mounted / "other" / "b2" / "inside")
    assert raised.value.errno == errno.EINVAL


def test_rename_noreplace_and_unsupported_flags(mounted: MountedVault) -> None:
    (mounted / "one").write_bytes(b"1")
    (mounted / "two").write_bytes(b"2")
    assert renameat2(mounted / "one", mounted / "two", 1) == errno.EEXIST  # RENAME_NOREPLACE
    assert (mounted / "two").read_bytes() == b"2"
    assert renameat2(mounted / "one", mounted / "two", 2) == errno.EINVAL  # RENAME_EXCHANGE
    if FUSE2:
        # The FUSE 2 API's rename has no flags: libfuse2 answers the kernel's RENAME2 with
        # ENOSYS and the kernel then refuses every flagged rename with EINVAL. Refused, never
        # a silent replace.
        assert renameat2(mounted / "one", mounted / "three", 1) == errno.EINVAL
        assert (mounted / "one").read_bytes() == b"1"
        assert not (mounted / "three").exists()
        return
    assert renameat2(mounted / "one", mounted / "three", 1) == 0
    assert (mounted / "three").read_bytes() == b"1"


def test_unlink_while_open_keeps_working_until_closed(mounted: MountedVault) -> None:
    path = mounted / "scratch"
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        os.write(fd, b"before ")
        os.unlink(path)
        assert not path.exists()
        # libfuse parks the open file under a hidden name until the last close
        assert all(name.startswith(".fuse_hidden") for name in os.listdir(mounted.mnt))
        os.write(fd, b"after")
        assert os.pread(fd, 100, 0) == b"before after"
        assert os.fstat(fd).st_size == 12
        os.ftruncate(fd, 6)
        assert os.fstat(fd).st_size == 6
        path.write_bytes(b"a new file under the old name")
        assert os.pread(fd, 100, 0) == b"before"
    finally:
        os.close(fd)
    deadline = time.monotonic() + 5  # the kernel sends the last release after close() returns
    while os.listdir(mounted.mnt) != ["scratch"] and time.monotonic() < deadline:
        time.sleep(0.01)
    assert os.listdir(mounted.mnt) == ["scratch"]
    assert path.read_bytes() == b"a new file under the old name"


def test_replaced_while_open_keeps_the_old_content(mounted: MountedVault) -> None:
    (mounted / "doc").write_bytes(b"old version")
    with open(mounted / "doc", "rb") as reader:
        (mounted / "doc.tmp").write_bytes(b"new version")
        os.rename(mounted / "doc.tmp", mounted / "doc")
        assert reader.read() == b"old version"
        assert os.fstat(reader.fileno()).st_size == len(b"old version")
    assert (mounted / "doc").read_bytes() == b"new version"


def _forget_cached_inodes() -> None:
    """Make the kernel drop unused dentries and inodes, so that it sends FUSE FORGET for them
    (what memory pressure, or an entry that timed out under load, does at any moment)."""
    try:
        Path("/proc/sys/vm/drop_caches").write_text("2")
    except OSError as error:
        pytest.skip(f"cannot drop the kernel's caches here: {error}")


def test_inode_numbers_are_stable_and_match_the_listing(mounted: MountedVault) -> None:
    (mounted / "file").write_bytes(b"x")
    (mounted / "folder").mkdir()
    (mounted / "link").symlink_to("file")
    names = ("file", "folder", "link")
    before = {name: (mounted / name).lstat().st_ino for name in names}
    assert len(set(before.values())) == 3 and 0 not in before.values()
    _forget_cached_inodes()
    # pjdfstest rename/09.t saw an unchanged file's st_ino change after the kernel forgot it
    assert {name: (mounted / name).lstat().st_ino for name in names} == before
    assert {e.name: e.inode() for e in os.scandir(mounted.mnt)} == before
    (mounted / "file").rename(mounted / "renamed")
    (mounted / "folder").rename(mounted / "moved")
    _forget_cached_inodes()
    assert (mounted / "renamed").lstat().st_ino == before["file"]
    assert (mounted / "moved").lstat().st_ino == before["folder"]


def test_rmdir_of_non_empty_folder(mounted: MountedVault) -> None:
    (mounted / "full").mkdir()
    (mounted / "full" / "x").write_bytes(b"")
    with pytest.raises(OSError) as raised:
        os.rmdir(mounted / "full")
    assert raised.value.errno == errno.ENOTEMPTY
    os.unlink(mounted / "full" / "x")
    os.rmdir(mounted / "full")
    assert not (mounted / "full").exists()


def test_name_length_limit(mounted: MountedVault) -> None:
    longest = "n" * 255
    (mounted / longest).write_bytes(b"ok")
    assert os.listdir(mounted.mnt) == [longest]
    assert (mounted / longest).read_bytes() == b"ok"
    multibyte = "é" * 127  # 254 bytes
    (mounted / multibyte).mkdir()
    assert (mounted / multibyte).is_dir()
    with pytest.raises(OSError) as raised:
        (mounted / ("n" * 256)).write_bytes(b"too long")
    assert raised.value.errno == errno.ENAMETOOLONG
    with pytest.raises(OSError) as raised:
        os.mkdir(mounted / ("é" * 128))  # 256 bytes
    assert raised.value.errno == errno.ENAMETOOLONG


def test_symlinks(mounted: MountedVault) -> None:
    (mounted / "real.txt").write_bytes(b"target content")
    os.symlink("real.txt", mounted / "link")
    os.symlink("/nowhere/at all", mounted / "dangling")
    assert os.readlink(mounted / "link") == "real.txt"
    assert os.readlink(mounted / "dangling") == "/nowhere/at all"
    assert stat.S_ISLNK(os.lstat(mounted / "link").st_mode)
    assert os.lstat(mounted / "link").st_size == len("real.txt")
    assert (mounted / "link").read_bytes() == b"target content"  # the kernel follows it
    with pytest.raises(FileExistsError):
        os.symlink("x", mounted / "link")
    os.unlink(mounted / "link")
    assert (mounted / "real.txt").exists()


def test_nanosecond_times(mounted: MountedVault) -> None:
    path = mounted / "timed"
    path.write_bytes(b"")
    os.utime(path, ns=(1_234_567_890_123_456_789, 1_600_000_000_987_654_321))
    st = os.stat(path)
    assert st.st_mtime_ns == 1_600_000_000_987_654_321
    assert st.st_atime_ns == 1_234_567_890_123_456_789
    (mounted / "dir").mkdir()
    os.utime(mounted / "dir", ns=(1_000_000_000_000_000_001, 1_000_000_000_000_000_002))
    assert os.stat(mounted / "dir").st_mtime_ns == 1_000_000_000_000_000_002


def test_utime_now_and_omit(mounted: MountedVault) -> None:
    path = mounted / "t"
    path.write_bytes(b"")
    os.utime(path, ns=(5_000_000_000, 7_000_000_123))
    os.utime(path)  # both UTIME_NOW
    assert os.stat(path).st_mtime_ns > 7_000_000_123
    if FUSE2:
        pytest.skip(
            "libfuse2's high-level setattr calls utimens only when both times are given: a "
            "futimens that omits one (touch -m, touch -a) succeeds without effect"
        )
    fd = os.open(path, os.O_RDONLY)
    try:
        # futimens with atime=UTIME_OMIT keeps atime, sets mtime exactly.
        os.utime(path, ns=(1_111_111_111_111_111_111, 2_222_222_222_222_222_222))
        before = os.stat(path).st_atime_ns
        times = (ctypes.c_long * 4)(0, (1 << 30) - 2, 3_000_000_000, 333)
        assert _libc.futimens(fd, times) == 0
    finally:
        os.close(fd)
    st = os.stat(path)
    assert st.st_atime_ns == before
    assert st.st_mtime_ns == 3_000_000_000 * 1_000_000_000 + 333


@pytest.mark.parametrize(
    "size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 7, 1024 * 1024 + 5]
)
def test_sizes_around_chunk_boundaries(mounted: MountedVault, size: int) -> None:
    data = os.urandom(size)
    path = mounted / f"file-{size}"
    path.write_bytes(data)
    assert path.stat().st_size == size
    assert path.read_bytes() == data
    if size > 2:
        with open(path, "r+b") as handle:  # overwrite across the middle
            handle.seek(size // 2 - 1)
            handle.write(b"\xaa\xbb\xcc")
        expected = data[: size // 2 - 1] + b"\xaa\xbb\xcc" + data[size // 2 + 2 :]
        assert path.read_bytes() == expected[: max(size, size // 2 + 2)]


def test_truncate_up_and_down(mounted: MountedVault) -> None:
    path = mounted / "trunc"
    data = os.urandom(CHUNK * 2 + 100)
    path.write_bytes(data)
    os.truncate(path, CHUNK + 10)
    assert path.read_bytes() == data[: CHUNK + 10]
    os.truncate(path, 3 * CHUNK + 1)
    assert path.read_bytes() == data[: CHUNK + 10] + b"\0" * (2 * CHUNK - 9)
    fd = os.open(path, os.O_RDWR)
    try:
        os.ftruncate(fd, 5)
        assert os.fstat(fd).st_size == 5
        os.pwrite(fd, b"!", CHUNK)  # write past EOF leaves a hole of zeros
    finally:
        os.close(fd)
    assert path.read_bytes() == data[:5] + b"\0" * (CHUNK - 5) + b"!"
    os.truncate(path, 0)
    assert path.stat().st_size == 0


def test_nfc_and_nfd_spellings_reach_one_file(mounted: MountedVault) -> None:
    nfc = unicodedata.normalize("NFC", "Café résumé.txt")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    (mounted / nfd).write_bytes(b"one file")
    assert (mounted / nfc).read_bytes() == b"one file"
    assert os.listdir(mounted.mnt) == [nfc]
    (mounted / nfc).write_bytes(b"rewritten")
    assert (mounted / nfd).read_bytes() == b"rewritten"
    assert len(os.listdir(mounted.mnt)) == 1


def test_invalid_utf8_name_is_refused(mounted: MountedVault) -> None:
    bad = os.fsencode(mounted.mnt) + b"/bad\xff\xfename"
    with pytest.raises(OSError) as raised:
        os.open(bad, os.O_CREAT | os.O_WRONLY)
    assert raised.value.errno in (errno.EINVAL, errno.EILSEQ)
    with pytest.raises(OSError) as raised:
        os.mkdir(bad)
    assert raised.value.errno in (errno.EINVAL, errno.EILSEQ)
    assert os.listdir(mounted.mnt) == []
    (mounted / "still-fine").write_bytes(b"the mount survived")
    assert (mounted / "still-fine").read_bytes() == b"the mount survived"


def test_hard_links_and_xattrs_are_refused_cleanly(mounted: MountedVault) -> None:
    (mounted / "f").write_bytes(b"x")
    with pytest.raises(OSError) as raised:
        os.link(mounted / "f", mounted / "g")
    assert raised.value.errno == errno.EPERM
    with pytest.raises(OSError) as raised:
        os.setxattr(mounted / "f", "user.test", b"v")
    assert raised.value.errno == errno.ENOTSUP
    with pytest.raises(OSError) as raised:
        os.getxattr(mounted / "f", "user.test")
    assert raised.value.errno == errno.ENOTSUP


def test_chmod_is_accepted_and_chown_to_others_refused(mounted: MountedVault) -> None:
    path = mounted / "modes"
    path.write_bytes(b"")
    os.chmod(path, 0o600)  # accepted without effect: the format stores no modes
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    os.chown(path, os.getuid(), os.getgid())
    assert os.stat(path).st_uid == os.getuid()
    with pytest.raises(PermissionError):
        os.chown(path, os.getuid() + 12345, -1)


def test_statfs_reports_the_backing_folder(mounted: MountedVault) -> None:
    inside, outside = os.statvfs(mounted.mnt), os.statvfs(mounted.vault)
    assert inside.f_bsize == outside.f_bsize
    assert inside.f_blocks == outside.f_blocks
    assert abs(inside.f_bavail - outside.f_bavail) < max(outside.f_blocks // 100, 1024)
    assert inside.f_namemax == 255


def test_ls_l_of_many_entries_shows_names_and_sizes(mounted: MountedVault) -> None:
    folder = mounted / "many"
    folder.mkdir()
    for i in range(600):
        (folder / f"f{i:04d}").write_bytes(b"x" * (i % 7))
    listing = run("ls", "-ln", "--time-style=+", folder)
    assert listing.returncode == 0, listing.stderr
    rows = [line.split() for line in listing.stdout.splitlines()[1:]]
    assert len(rows) == 600
    sizes = {row[-1]: int(row[4]) for row in rows}
    assert all(sizes[f"f{i:04d}"] == i % 7 for i in range(600))
    with os.scandir(folder) as entries:
        assert sorted(e.name for e in entries) == [f"f{i:04d}" for i in range(600)]


def test_read_only_mount(tmp_path: Path, vault_dir: Path) -> None:
    from tests.helpers.mounts import PASSWORD, end_mount, require_fuse
    from vaultengine.fuse import mount

    require_fuse()
    writable = mount(vault_dir, tmp_path / "rw", password=PASSWORD)
    try:
        (tmp_path / "rw" / "kept").write_bytes(b"data")
    finally:
        end_mount(writable)
    handle = mount(vault_dir, tmp_path / "ro", password=PASSWORD, read_only=True)
    try:
        assert (tmp_path / "ro" / "kept").read_bytes() == b"data"
        for attempt in (
            lambda: (tmp_path / "ro" / "new").write_bytes(b"x"),
            lambda: os.mkdir(tmp_path / "ro" / "dir"),
            lambda: os.unlink(tmp_path / "ro" / "kept"),
            lambda: open(tmp_path / "ro" / "kept", "r+b"),  # noqa: SIM115
        ):
            with pytest.raises(OSError) as raised:
                attempt()
            assert raised.value.errno == errno.EROFS
    finally:
        end_mount(handle)


def test_posix_fallocate_extends_with_zeros_and_keeps_content(mounted: MountedVault) -> None:
    path = mounted / "allocated"
    path.write_bytes(b"head")
    fd = os.open(path, os.O_RDWR)
    try:
        os.posix_fallocate(fd, 40_000, 30_000)  # past EOF, across a chunk boundary
        assert os.fstat(fd).st_size == 70_000
        os.posix_fallocate(fd, 0, 10)  # inside the file: nothing changes
        assert os.fstat(fd).st_size == 70_000
    finally:
        os.close(fd)
    assert path.read_bytes() == b"head" + bytes(70_000 - 4)
