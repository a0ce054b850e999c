"""Bad input #26: read-only means read-only. A sync client left conflicting copies in the vault
(a changed copy beside its original, a copy whose original is gone, an identical folder copy,
a copy in a subfolder). The read-only commands (`ls`, `cat`, `export`, `info`, `check` without
--fix) as real processes, the API opened read-only, and a real read-only mount all leave every
path, byte and mtime of the vault folder as it was, yet show the copies: under the name that
resolution would give them, the same names a later writable session resolves them to."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.mounts import end_mount, require_fuse
from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.crypto import NameCryptor
from vaultengine.fuse import mount
from vaultengine.vault import create_vault, open_keys, unlock_vault

ROOT = Path(__file__).resolve().parents[2]
PW = "read-only pw"
MINE, THEIRS, ORPHAN, NESTED = b"mine\n", b"theirs\n", b"only the copy is left\n", b"nested\n"
SUFFIX = " (Alice's conflicted copy 2024-05-01)"

# What every read-only view must show: cleartext path -> content (None for folders).
EXPECTED = {
    "/report.txt": THEIRS,
    f"/report{SUFFIX}.txt": MINE,  # the changed copy, under its conflict name
    "/orphan.txt": ORPHAN,  # the copy of a file whose original is gone: the original name
    "/Documents": None,  # its identical copy is not listed twice
    "/Documents/inside.txt": b"inside\n",
    "/sub": None,
    "/sub/notes.md": NESTED,
    "/sub/notes (1).md": MINE,
}

Snapshot = dict[str, tuple[int, int, bytes | None]]


def snapshot(root: Path) -> Snapshot:
    """Every path below the vault folder with its type, mtime and (files) bytes."""
    found: Snapshot = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            st = path.lstat()
            data = path.read_bytes() if stat.S_ISREG(st.st_mode) else None
            found[str(path.relative_to(root))] = (stat.S_IFMT(st.st_mode), st.st_mtime_ns, data)
    found["."] = (stat.S_IFDIR, root.stat().st_mtime_ns, None)
    return found


def copy_name(entry: Path, suffix: str) -> Path:
    return entry.with_name(entry.name[: -len(".c9r")] + suffix + ".c9r")


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A vault with the conflicting copies a sync client leaves behind."""
    root = tmp_path / "vault"
    create_vault(root, PW, scrypt_cost=TEST_SCRYPT_COST)
    keys, _config = open_keys(root, PW)
    names = NameCryptor(keys)

    def entry(parent_id: str, cleartext: str) -> Path:
        hashed = names.hash_dir_id(parent_id)
        return (
            root
            / "d"
            / hashed[:2]
            / hashed[2:]
            / (names.encrypt_name(cleartext, parent_id) + ".c9r")
        )

    with unlock_vault(root, PW) as unlocked:
        fs = unlocked.fs
        fs.write_file("/report.txt", MINE)
        mine = entry("", "report.txt").read_bytes()
        fs.write_file("/report.txt", THEIRS)
        fs.write_file("/orphan.txt", ORPHAN)
        fs.mkdir("/Documents")
        fs.write_file("/Documents/inside.txt", b"inside\n")
        fs.mkdir("/sub")
        fs.write_file("/sub/notes.md", NESTED)
    sub_id = (entry("", "sub") / "dir.c9r").read_text()
    copy_name(entry("", "report.txt"), SUFFIX).write_bytes(mine)
    orphan = entry("", "orphan.txt")
    orphan.rename(copy_name(orphan, " (1)"))
    documents = entry("", "Documents")
    duplicate = copy_name(documents, "-DESKTOP-7QK2M4B")
    duplicate.mkdir()
    (duplicate / "dir.c9r").write_bytes((documents / "dir.c9r").read_bytes())
    copy_name(entry(sub_id, "notes.md"), " (1)").write_bytes(mine)
    return root


def strongroom(*argv: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *map(str, argv), "--password-stdin"],
        input=f"{PW}\n".encode(),
        capture_output=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=60,
    )


def test_read_only_commands_write_nothing_and_show_the_copies(vault: Path, tmp_path: Path):
    before = snapshot(vault)
    # cat first, in a fresh process: the copies' names are found without a listing first.
    for path, content in EXPECTED.items():
        if content is not None:
            result = strongroom("cat", vault, path)
            assert (result.returncode, result.stdout) == (0, content), (path, result.stderr)
            assert snapshot(vault) == before, f"cat {path} changed the vault"

    listing = strongroom("ls", vault, "-R", "--json")
    assert listing.returncode == 0, listing.stderr
    rows = json.loads(listing.stdout)
    assert sorted(row["path"] for row in rows) == sorted(EXPECTED)

    for argv in (["ls", "/"], ["ls", "/", "-l", "-R"], ["ls", "/sub"], ["info"], ["check"]):
        result = strongroom(argv[0], vault, *argv[1:])
        assert result.returncode == 0, (argv, result.stderr)
        assert snapshot(vault) == before, f"{argv} changed the vault"
    assert b"sync_conflict" in strongroom("check", vault, "--deep", "--json").stdout

    exported = strongroom("export", vault, "/", tmp_path / "out")
    assert exported.returncode == 0, exported.stderr
    for path, content in EXPECTED.items():
        out = tmp_path / "out" / path.lstrip("/")
        assert out.is_dir() if content is None else out.read_bytes() == content, path
    assert snapshot(vault) == before


def test_read_only_api_then_writable_session_agree(vault: Path) -> None:
    before = snapshot(vault)
    with unlock_vault(vault, PW, read_only=True) as unlocked:
        fs = unlocked.fs
        assert fs.read_file("/sub/notes (1).md") == MINE  # looked up before any listing
        shown = {"/" + name for name, _attr in fs.listdir("/")}
        shown |= {"/sub/" + name for name, _attr in fs.listdir("/sub")}
        for path, content in EXPECTED.items():
            if content is not None:
                assert fs.read_file(path) == content, path
        with pytest.raises(OSError):
            fs.write_file(f"/report{SUFFIX}.txt", b"no")
    assert snapshot(vault) == before
    assert shown == set(EXPECTED) - {"/Documents/inside.txt"}
    # A writable session resolves the copies for real, to the names the read-only one showed.
    with unlock_vault(vault, PW) as unlocked:
        resolved = {"/" + name for name, _attr in unlocked.fs.listdir("/")}
        resolved |= {"/sub/" + name for name, _attr in unlocked.fs.listdir("/sub")}
        assert unlocked.fs.read_file("/orphan.txt") == ORPHAN
    assert resolved == shown
    assert snapshot(vault) != before


@pytest.mark.fuse
@pytest.mark.timeout(120)
def test_read_only_mount_writes_nothing_and_shows_the_copies(vault: Path, tmp_path: Path):
    require_fuse()
    before = snapshot(vault)
    mnt = tmp_path / "mnt"
    handle = mount(vault, mnt, password=PW, read_only=True)
    try:
        # A lookup before any listing, as `cat MNT/name` in a fresh mount does.
        assert (mnt / "sub" / "notes (1).md").read_bytes() == MINE
        shown = set()
        for folder, dirs, files in os.walk(mnt):
            for name in dirs + files:
                shown.add("/" + str(Path(folder, name).relative_to(mnt)))
        assert shown == set(EXPECTED)
        for path, content in EXPECTED.items():
            if content is not None:
                assert (mnt / path.lstrip("/")).read_bytes() == content, path
        with pytest.raises(OSError):
            (mnt / "report.txt").write_bytes(b"no")
    finally:
        end_mount(handle)
    assert snapshot(vault) == before
