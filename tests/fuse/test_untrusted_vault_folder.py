"""The vault folder is untrusted (bad-input cases 23 and 24): a symlink, FIFO, socket or folder
planted where a vault file belongs is EIO for that node, never followed, never waited on, and
no read, write, truncate, utime, rename, delete, check or export reaches a byte outside the
vault. Each plant goes through the ciphertext folder and is driven through the API, the CLI
(real `strongroom` processes) and a real FUSE mount."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.mounts import cli, end_mount, require_fuse
from tests.helpers.tamper import FOLDERS, LONG_A, PASSWORD, TRUTH, fresh_vault
from tests.helpers.untrusted import (
    PLANTS,
    SECRET,
    SLOW,
    Planted,
    bounded,
    expect_eio,
    expect_ok,
    intact_files,
    make_outside,
    snapshot,
)
from vaultengine.errors import VaultError
from vaultengine.fs import VaultFileSystem
from vaultengine.fuse import mount
from vaultengine.health import check_vault
from vaultengine.vault import open_keys, unlock_vault, vault_info

FILES = [p for p in TRUTH if not p.startswith(("/docs/", "/pics/"))]


def _children(folder: str) -> set[str]:
    """Cleartext names the test vault has directly in `folder`."""
    prefix = folder.rstrip("/") + "/"
    paths = [*TRUTH, *FOLDERS, "/link"]
    return {p[len(prefix) :] for p in paths if p.startswith(prefix) and "/" not in p[len(prefix) :]}


def drive_api(fs: VaultFileSystem, planted: Planted) -> None:
    """Every operation on and around the planted node, each bounded; the right error each."""
    for folder in ("/", *FOLDERS):
        if planted.hit(folder):
            expect_eio(lambda f=folder: fs.listdir(f), f"listdir {folder}")
            continue
        listed = {name for name, _ in expect_ok(lambda f=folder: fs.listdir(f), folder)}
        prefix = folder.rstrip("/") + "/"
        wanted = {
            n
            for n in _children(folder)
            if not planted.hit(prefix + n) and prefix + n not in planted.unlisted
        }
        assert listed == wanted, f"listing of {folder}"
    for path, data in intact_files(planted).items():
        assert expect_ok(lambda p=path: fs.read_file(p), f"read {path}") == data
    for path in sorted(planted.broken):
        expect_eio(lambda p=path: fs.stat(p), f"stat {path}")
        if path in TRUTH:
            expect_eio(lambda p=path: fs.read_file(p), f"read {path}")
            expect_eio(lambda p=path: fs.write_file(p, b"planted?"), f"write {path}")
            expect_eio(lambda p=path: fs.truncate(p, 0), f"truncate {path}")
            expect_eio(lambda p=path: fs.utimens(p, 5, 5), f"utimens {path}")
            expect_eio(lambda p=path: fs.rename(p, p + ".moved"), f"rename {path}")
            expect_eio(lambda p=path: fs.unlink(p), f"unlink {path}")
        elif path == "/link":
            expect_eio(lambda p=path: fs.readlink(p), f"readlink {path}")
            expect_eio(lambda p=path: fs.utimens(p, 5, 5), f"utimens {path}")
        else:  # a folder
            inside = path.rstrip("/") + "/new.txt"
            expect_eio(lambda p=inside: fs.write_file(p, b"planted?"), f"create {inside}")
            expect_eio(lambda p=path: fs.mkdir(p.rstrip("/") + "/sub"), f"mkdir in {path}")
            expect_eio(lambda p=path: fs.utimens(p, 5, 5), f"utimens {path}")
            if path != "/":
                expect_eio(lambda p=path: fs.rmdir(p), f"rmdir {path}")
    for path in planted.unlisted:  # reached by name: its content file is fine
        assert expect_ok(lambda p=path: fs.read_file(p), f"read {path}") == TRUTH[path]
    if not planted.hit("/"):  # the rest of the vault stays writable
        expect_ok(lambda: fs.write_file("/fresh.txt", b"fresh"), "write /fresh.txt")
        assert expect_ok(lambda: fs.read_file("/fresh.txt"), "read /fresh.txt") == b"fresh"


@pytest.mark.parametrize("plant", PLANTS)
def test_plant_through_the_api(tmp_path: Path, plant: str) -> None:
    v = fresh_vault(tmp_path)
    outside = make_outside(tmp_path)
    planted = PLANTS[plant](v, outside)
    before = snapshot(outside)
    try:
        with unlock_vault(v.root, PASSWORD) as vault:
            drive_api(vault.fs, planted)
        keys, config = open_keys(v.root, PASSWORD)
        for fix in (False, True):
            report, error = bounded(
                lambda f=fix: check_vault(v.root, keys, config, deep=True, fix=f), "check"
            )
            assert error is None, repr(error)
            assert report.problems, f"check --fix={fix} saw nothing wrong"
    finally:
        planted.close()
    assert snapshot(outside) == before


def test_planted_node_is_logged_once_by_ciphertext_path(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    v = fresh_vault(tmp_path)
    PLANTS["fifo-dir-file"](v, make_outside(tmp_path))
    with unlock_vault(v.root, PASSWORD) as vault:
        for _ in range(3):
            expect_ok(lambda: vault.fs.listdir("/"), "listdir /")
    lines = [r.getMessage() for r in caplog.records if "dir.c9r" in r.getMessage()]
    assert len(lines) == 1, lines
    assert str(v.ct.node_of("/docs")) in lines[0]
    assert "docs" not in lines[0].replace(str(v.ct.node_of("/docs")), "")


def test_swapped_for_a_symlink_after_the_probe(tmp_path: Path) -> None:
    """The race the issue names: a node checked with lstat, then swapped for a symlink before
    the open. The open itself refuses the symlink (O_NOFOLLOW, type checked on the fd)."""
    v = fresh_vault(tmp_path)
    outside = make_outside(tmp_path)
    before = snapshot(outside)
    with unlock_vault(v.root, PASSWORD) as vault:
        fs = vault.fs
        node = v.ct.node_of("/small.txt")
        layout = fs._layout  # the race needs the probe without the open
        probe = layout.probe
        swapped = []

        def probe_then_swap(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            info = probe(*args, **kwargs)  # type: ignore[arg-type]
            if not swapped:
                swapped.append(True)
                node.unlink()
                node.symlink_to(outside / "secret")
            return info

        layout.probe = probe_then_swap  # type: ignore[method-assign]
        expect_eio(lambda: fs.write_file("/small.txt", b"over the secret?"), "write")
        assert swapped
    assert snapshot(outside) == before


# --- the CLI ------------------------------------------------------------------------------

CLI_PLANTS = [
    "long-contents-symlink",
    "short-file-symlink-to-secret",
    "dir-file-symlink",
    "prefix-folder-symlink",
    "fifo-dir-file",
    "fifo-contents",
    "socket-short-file",
    "folder-as-short-file",
    "fifo-name-file",
]


def run_cli(*argv: object) -> subprocess.CompletedProcess[str]:
    result = cli(*argv, "--password-stdin", stdin=PASSWORD + "\n", timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.mark.parametrize("plant", CLI_PLANTS)
def test_plant_through_the_cli(tmp_path: Path, plant: str) -> None:
    v = fresh_vault(tmp_path)
    outside = make_outside(tmp_path)
    planted = PLANTS[plant](v, outside)
    before = snapshot(outside)
    try:
        listing = run_cli("ls", v.root, "/", "-R")
        shown = set(listing.stdout.splitlines())
        for path in intact_files(planted):
            if path not in planted.unlisted:
                assert path in shown, (path, listing.stdout, listing.stderr)
        for path in planted.broken | planted.unlisted:
            assert path not in shown
        for path in sorted(planted.broken & set(TRUTH)):
            result = run_cli("cat", v.root, path)
            assert result.returncode == 1 and result.stdout == ""
            assert result.stderr.startswith(f"strongroom: {path}: "), result.stderr
        for path, data in intact_files(planted).items():
            if data.isascii() and path not in planted.unlisted:
                result = run_cli("cat", v.root, path)
                assert (result.returncode, result.stdout) == (0, data.decode()), result.stderr
        out = tmp_path / "export"
        run_cli("export", v.root, "/", out)
        for path, data in intact_files(planted).items():
            if path not in planted.unlisted:  # export walks the listings
                assert (out / path.lstrip("/")).read_bytes() == data, path
        for path in planted.broken & set(TRUTH):
            assert not (out / path.lstrip("/")).exists()
        check = run_cli("check", v.root, "--deep")
        assert check.returncode != 0, check.stdout
    finally:
        planted.close()
    assert snapshot(outside) == before


# --- a real mount ---------------------------------------------------------------------------

MOUNT_PLANTS = [
    "long-contents-symlink",
    "short-file-symlink-to-secret",
    "long-node-symlink",
    "prefix-folder-symlink",
    "fifo-dir-file",
    "fifo-contents",
    "fifo-short-file",
    "socket-contents",
    "folder-as-contents",
]


def shell(script: str, *args: object) -> subprocess.CompletedProcess[str]:
    """One shell command against the mount, bounded: a blocked mount fails, never hangs."""
    return subprocess.run(
        ["sh", "-c", script, "sh", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=SLOW * 4,
    )


def assert_fails(result: subprocess.CompletedProcess[str], what: str) -> None:
    assert result.returncode != 0, f"{what} succeeded: {result.stdout}"
    assert "Input/output error" in result.stderr, f"{what}: {result.stderr}"


@pytest.mark.fuse
@pytest.mark.parametrize("plant", MOUNT_PLANTS)
def test_plant_through_a_mount(tmp_path: Path, plant: str) -> None:
    require_fuse()
    v = fresh_vault(tmp_path)
    outside = make_outside(tmp_path)
    planted = PLANTS[plant](v, outside)
    before = snapshot(outside)
    mnt = tmp_path / "mnt"
    handle = mount(v.root, mnt, password=PASSWORD)
    try:
        listing = shell('ls -laR "$1"', mnt)  # lists the rest, whatever it says about the plant
        assert "Traceback" not in listing.stderr
        for path in sorted(planted.broken):
            target = mnt / path.lstrip("/")
            if path in TRUTH:
                assert_fails(shell('echo text > "$1"', target), f"echo > {path}")
                assert_fails(shell('cat "$1"', target), f"cat {path}")
                assert_fails(shell('ls -l "$1"', target), f"ls -l {path}")
                assert_fails(shell('touch -d @5 "$1"', target), f"touch {path}")
                assert_fails(shell('truncate -s 0 "$1"', target), f"truncate {path}")
                assert_fails(shell('mv "$1" "$1.moved"', target), f"mv {path}")
                assert_fails(shell('rm -f "$1"', target), f"rm {path}")
            else:
                assert_fails(shell('ls "$1"', target), f"ls {path}")
                assert_fails(shell('echo text > "$1/new.txt"', target), f"create in {path}")
                assert_fails(shell('touch -d @5 "$1"', target), f"touch {path}")
        for path, data in intact_files(planted).items():
            if os.path.dirname(path) != "/" and planted.hit(os.path.dirname(path)):
                continue
            assert (mnt / path.lstrip("/")).read_bytes() == data, path
        if not planted.hit("/"):
            (mnt / "fresh.txt").write_bytes(b"fresh")
            assert (mnt / "fresh.txt").read_bytes() == b"fresh"
    finally:
        end_mount(handle)
        planted.close()
    assert snapshot(outside) == before


def test_outside_target_of_a_planted_symlink_keeps_its_times(tmp_path: Path) -> None:
    """utimens on a long-name file whose contents.c9r is a symlink to a file outside the vault
    (the attack review's case) must leave that file's times and bytes alone."""
    v = fresh_vault(tmp_path)
    outside = make_outside(tmp_path)
    contents = v.ct.node_of("/" + LONG_A) / "contents.c9r"
    contents.unlink()
    contents.symlink_to(outside / "secret")
    before = snapshot(outside)
    with unlock_vault(v.root, PASSWORD) as vault:
        for atime, mtime in ((7_000_000_000, 7_000_000_000), (None, 9_000_000_000)):
            with pytest.raises(OSError) as raised:
                vault.fs.utimens("/" + LONG_A, atime, mtime)
            assert raised.value.errno == errno.EIO
    assert snapshot(outside) == before


@pytest.mark.fuse
def test_planted_node_is_logged_once_through_a_mount(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The kernel and `ls` look a planted node up again and again: one log line, not one per
    lookup, and it names the ciphertext path, never the cleartext name."""
    require_fuse()
    v = fresh_vault(tmp_path)
    PLANTS["fifo-dir-file"](v, make_outside(tmp_path))
    mnt = tmp_path / "mnt"
    handle = mount(v.root, mnt, password=PASSWORD)
    try:
        for _ in range(3):
            shell('ls -la "$1"', mnt)
            assert_fails(shell('ls "$1"', mnt / "docs"), "ls docs")
            assert_fails(shell('cat "$1"', mnt / "docs" / "note.txt"), "cat docs/note.txt")
    finally:
        end_mount(handle)
    dir_file = str(v.ct.node_of("/docs") / "dir.c9r")
    lines = [r.getMessage() for r in caplog.records if dir_file in r.getMessage()]
    assert len(lines) == 1, lines
    assert "docs" not in lines[0].replace(dir_file, "")


# --- masterkey.cryptomator and vault.cryptomator ------------------------------------------


@pytest.mark.parametrize("name", ["masterkey.cryptomator", "vault.cryptomator"])
@pytest.mark.parametrize("kind", ["symlink-to-copy", "fifo"])
def test_planted_vault_file_is_refused(tmp_path: Path, name: str, kind: str) -> None:
    """Unlock, info and the CLI refuse a vault file planted as a symlink (even to a perfect
    copy of itself outside the vault) or a FIFO: never followed, never waited on."""
    v = fresh_vault(tmp_path)
    outside = make_outside(tmp_path)
    path = v.root / name
    if kind == "fifo":
        path.unlink()
        os.mkfifo(path)
    else:
        moved = outside / name
        path.rename(moved)
        path.symlink_to(moved)
    before = snapshot(outside)
    _result, error = bounded(lambda: unlock_vault(v.root, PASSWORD), "unlock")
    assert isinstance(error, VaultError), repr(error)
    if name == "masterkey.cryptomator":
        info = expect_ok(lambda: vault_info(v.root), "info")  # needs vault.cryptomator only
        assert info.masterkey_filename == name
    else:
        _result, error = bounded(lambda: vault_info(v.root), "info")
        assert isinstance(error, VaultError), repr(error)
    for argv in (("info", v.root), ("ls", v.root, "/"), ("cat", v.root, "/small.txt")):
        result = run_cli(*argv)
        if argv[0] != "info" or name == "vault.cryptomator":
            assert result.returncode != 0, (argv, result.stdout)
        assert SECRET.decode() not in result.stdout
    assert snapshot(outside) == before


def test_prefix_folder_planted_after_the_folder_was_cached(tmp_path: Path) -> None:
    """A whole d/XX swapped for a symlink to a perfect copy while the vault is open, after the
    folder's ID is cached: no create, mkdir, symlink, write, truncate, utime, rename or delete
    by cleartext path goes through it."""
    v = fresh_vault(tmp_path)
    outside = make_outside(tmp_path)
    with unlock_vault(v.root, PASSWORD) as vault:
        fs = vault.fs
        assert {name for name, _ in fs.listdir("/docs")} == {"note.txt", "report.bin"}
        assert fs.read_file("/docs/note.txt") == TRUTH["/docs/note.txt"]
        PLANTS["prefix-folder-symlink"](v, outside)
        before = snapshot(outside)
        for what, call in [
            ("create", lambda: fs.write_file("/docs/new.txt", b"new")),
            ("mkdir", lambda: fs.mkdir("/docs/sub")),
            ("symlink", lambda: fs.symlink("/docs/l", "note.txt")),
            ("write", lambda: fs.write_file("/docs/note.txt", b"over")),
            ("truncate", lambda: fs.truncate("/docs/note.txt", 0)),
            ("utimens", lambda: fs.utimens("/docs/note.txt", 5, 5)),
            ("rename", lambda: fs.rename("/docs/note.txt", "/docs/moved.txt")),
            ("rename out", lambda: fs.rename("/docs/note.txt", "/note-out.txt")),
            ("unlink", lambda: fs.unlink("/docs/report.bin")),
            ("listdir", lambda: fs.listdir("/docs")),
            ("read", lambda: fs.read_file("/docs/note.txt")),
        ]:
            expect_eio(call, what)
        assert snapshot(outside) == before
