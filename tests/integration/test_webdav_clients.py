"""WebDAV volume with real clients from apt: the litmus suites and rclone (issue 14.1)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.webdav import PASSWORD, Served
from vaultengine.vault import unlock_vault

pytestmark = pytest.mark.webdav

CHUNK = 32 * 1024


@pytest.mark.parametrize("suite", ["basic", "copymove", "props", "locks", "http"])
def test_litmus_suite_passes(served: Served, tmp_path: Path, suite: str) -> None:
    if shutil.which("litmus") is None:
        pytest.skip("litmus is not installed (apt install litmus)")
    result = subprocess.run(
        ["litmus", served.url],
        env=dict(os.environ, TESTS=suite),
        cwd=tmp_path,  # litmus writes debug.log and child.log here
        capture_output=True,
        text=True,
        timeout=240,
    )
    # read the summary line: litmus -k would hide failures in the exit code
    summary = re.search(
        rf"summary for `{suite}': of (\d+) tests run: (\d+) passed, (\d+) failed",
        result.stdout,
    )
    assert summary, result.stdout[-2000:]
    run, passed, failed = map(int, summary.groups())
    assert (failed, passed) == (0, run), result.stdout[-4000:]
    assert "WARNING" not in result.stdout, result.stdout[-4000:]
    assert result.returncode == 0


def edge_case_tree(root: Path) -> dict[str, bytes]:
    """Names past the shortening threshold, emoji, sizes around 32 KiB, empty files, depth."""
    files = {
        "empty.txt": b"",
        "one.bin": b"x",
        "L" * 200 + ".txt": b"long name: stored as .c9s",
        "emoji 😀🔐 ünïcödé.txt": "😀".encode() * 1000,
        "😀" * 60: b"an emoji name of 240 bytes",
    }
    for size in (CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 5, 40 * CHUNK + 3):
        files[f"sizes/{size}.bin"] = os.urandom(size)
    deep = "/".join(f"level{i}" for i in range(12))
    files[f"{deep}/deep.txt"] = b"twelve folders down"
    files["L" * 150 + "/inside.txt"] = b"in a folder with a long name"
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (root / "empty folder").mkdir()
    return files


def rclone(remote_url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(
        os.environ,
        RCLONE_CONFIG=str(tmp_path / "rclone.conf"),
        RCLONE_CONFIG_VAULT_TYPE="webdav",
        RCLONE_CONFIG_VAULT_URL=remote_url,
        RCLONE_CONFIG_VAULT_VENDOR="other",
    )
    result = subprocess.run(
        ["rclone", "--low-level-retries", "1", "--retries", "1", *args],
        env=env,
        capture_output=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:].decode(errors="replace")
    return result


def test_rclone_copies_a_tree_in_and_out(served: Served, tmp_path: Path) -> None:
    if shutil.which("rclone") is None:
        pytest.skip("rclone is not installed (apt install rclone)")
    source = tmp_path / "source"
    files = edge_case_tree(source)
    rclone(served.url, tmp_path, "copy", "--create-empty-src-dirs", str(source), "vault:")
    rclone(served.url, tmp_path, "check", str(source), "vault:")
    listed = rclone(served.url, tmp_path, "ls", "vault:").stdout.decode()
    assert "deep.txt" in listed and "L" * 200 + ".txt" in listed
    cat = rclone(served.url, tmp_path, "cat", "vault:sizes/32769.bin").stdout
    assert cat == files["sizes/32769.bin"]

    # what the vault holds, read through the engine in another unlock
    with unlock_vault(served.vault_path, PASSWORD, read_only=True) as offline:
        for rel, data in files.items():
            assert offline.fs.read_file("/" + rel) == data, rel
        assert offline.fs.listdir("/empty folder") == []

    # a tree written by the engine reads exactly through WebDAV
    written = {"engine/a.txt": b"from the engine", "engine/sub/b.bin": os.urandom(CHUNK * 3 + 1)}
    served.fs.mkdir("/engine")
    served.fs.mkdir("/engine/sub")
    for rel, data in written.items():
        served.fs.write_file("/" + rel, data)
    out = tmp_path / "out"
    rclone(served.url, tmp_path, "copy", "vault:", str(out))
    for rel, data in {**files, **written}.items():
        assert (out / rel).read_bytes() == data, rel
