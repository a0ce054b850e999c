"""`strongroom mount / unmount / mounts` as a user runs them (subprocess)."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.mounts import PASSWORD, clean_mountpoint, require_fuse
from vaultengine.fuse import find_mount, is_dead
from vaultengine.vault import unlock_vault

pytestmark = pytest.mark.fuse

ROOT = Path(__file__).resolve().parents[2]


def strongroom(
    *args: str | os.PathLike[str], stdin: str = "", timeout: float = 60.0
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *map(os.fspath, args)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def mounted_pid(output: str) -> int:
    found = re.search(r"\(process (\d+)\)", output)
    assert found, output
    return int(found.group(1))


def test_mount_in_background_then_unmount(tmp_path: Path, vault_dir: Path) -> None:
    require_fuse()
    mnt = tmp_path / "mnt"
    try:
        result = strongroom("mount", vault_dir, mnt, "--password-stdin", stdin=PASSWORD + "\n")
        assert result.returncode == 0, result.stderr
        assert os.path.ismount(mnt)  # usable when the command returns
        (mnt / "hello.txt").write_text("written through the CLI mount")
        listed = strongroom("mounts", "--json")
        assert listed.returncode == 0
        rows = json.loads(listed.stdout)
        assert {
            "mountpoint": str(mnt),
            "vault": str(vault_dir),
            "read_only": False,
            "dead": False,
        } in rows
        plain = strongroom("mounts")
        assert f"{mnt}\t{vault_dir}" in plain.stdout
        done = strongroom("unmount", mnt)
        assert done.returncode == 0, done.stderr
        assert not os.path.ismount(mnt)
        pid = mounted_pid(result.stdout)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}"):
            time.sleep(0.05)
        assert not os.path.exists(f"/proc/{pid}"), "mount process outlived its mount"
        assert not mnt.exists()
    finally:
        clean_mountpoint(mnt)
    with unlock_vault(vault_dir, PASSWORD) as vault:
        assert vault.fs.read_file("/hello.txt") == b"written through the CLI mount"


def test_wrong_password_exits_3_and_leaves_nothing(tmp_path: Path, vault_dir: Path) -> None:
    require_fuse()
    mnt = tmp_path / "mnt"
    result = strongroom("mount", vault_dir, mnt, "--password-stdin", stdin="wrong\n")
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "password" in result.stderr.lower()
    assert not mnt.exists()
    assert find_mount(str(mnt)) is None


def test_not_a_vault_exits_4_and_usage_errors_2(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    result = strongroom(
        "mount", tmp_path / "plain", tmp_path / "mnt", "--password-stdin", stdin="x\n"
    )
    assert result.returncode == 4
    assert strongroom("mount", tmp_path / "plain").returncode == 2
    assert strongroom("unmount").returncode == 2


def test_mountpoint_not_empty_fails_before_the_password(tmp_path: Path, vault_dir: Path) -> None:
    require_fuse()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("")
    result = strongroom("mount", vault_dir, tmp_path / "full", "--password-stdin")  # no stdin
    assert result.returncode == 1
    assert "not empty" in result.stderr


def test_busy_unmount_then_forced(tmp_path: Path, vault_dir: Path) -> None:
    require_fuse()
    mnt = tmp_path / "mnt"
    try:
        result = strongroom("mount", vault_dir, mnt, "--password-stdin", stdin=PASSWORD + "\n")
        assert result.returncode == 0, result.stderr
        (mnt / "f").write_text("open me")
        with open(mnt / "f") as handle:
            busy = strongroom("unmount", mnt)
            assert busy.returncode == 1
            assert busy.stderr.count("\n") == 1 and "files are open" in busy.stderr
            assert os.path.ismount(mnt)
            forced = strongroom("unmount", mnt, "--force")
            assert forced.returncode == 0, forced.stderr
            assert not os.path.ismount(mnt)
            with pytest.raises(OSError) as refused:  # revoked, not served until closed
                handle.read()
            assert refused.value.errno in (errno.EIO, errno.ENOTCONN, errno.ECONNABORTED)
    finally:
        clean_mountpoint(mnt)


def test_kill_9_leaves_a_dead_mount_that_mounts_clean(tmp_path: Path, vault_dir: Path) -> None:
    require_fuse()
    mnt = tmp_path / "mnt"
    try:
        result = strongroom("mount", vault_dir, mnt, "--password-stdin", stdin=PASSWORD + "\n")
        assert result.returncode == 0, result.stderr
        os.kill(mounted_pid(result.stdout), signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not is_dead(str(mnt)):
            time.sleep(0.05)
        rows = json.loads(strongroom("mounts", "--json").stdout)
        assert {
            "mountpoint": str(mnt),
            "vault": str(vault_dir),
            "read_only": False,
            "dead": True,
        } in rows
        cleaned = strongroom("mounts", "--clean")
        assert cleaned.returncode == 0
        assert f"cleaned dead mount {mnt}" in cleaned.stdout
        assert not os.path.ismount(mnt) and find_mount(str(mnt)) is None
    finally:
        clean_mountpoint(mnt)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_foreground_mount_stops_cleanly_on_signal(
    tmp_path: Path, vault_dir: Path, stop: signal.Signals
) -> None:
    require_fuse()
    mnt = tmp_path / "mnt"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "mount",
            str(vault_dir),
            str(mnt),
            "--foreground",
            "--password-stdin",
            "-o",
            "noatime",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(PASSWORD + "\n")
        process.stdin.close()
        assert "Mounted" in process.stdout.readline()
        assert os.path.ismount(mnt)
        (mnt / "fg.txt").write_text("foreground")
        process.send_signal(stop)
        assert process.wait(30) == 0
        assert not os.path.ismount(mnt)
        assert not mnt.exists()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        clean_mountpoint(mnt)
    with unlock_vault(vault_dir, PASSWORD) as vault:
        assert vault.fs.read_file("/fg.txt") == b"foreground"
