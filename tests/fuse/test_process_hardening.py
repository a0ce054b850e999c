"""Processes that hold vault keys keep them out of core dumps and away from same-user debuggers
(issue 10, finding 10): the `strongroom` entry point (CLI and app) and the mount child turn off
core dumps and, on Linux, ptrace-dumpability. Real processes."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.mounts import PASSWORD, clean_mountpoint, cli, make_vault, require_fuse
from vaultengine.fuse import spawn_mount


def _core_limit(pid: int) -> tuple[str, str]:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max core file size"):
            soft, hard = line.split()[4:6]
            return soft, hard
    raise AssertionError(f"no core limit in /proc/{pid}/limits")


@pytest.mark.fuse
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/<pid>/limits")
def test_the_mount_child_turns_core_dumps_off(tmp_path: Path) -> None:
    """The child sets its own limit: started from a parent that allows core dumps."""
    require_fuse()
    vault = make_vault(tmp_path / "vault")
    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    if hard == 0:
        pytest.skip("core dumps are off for this whole session (hard limit 0)")
    mnt = tmp_path / "mnt"
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
    try:
        pid = spawn_mount(vault, mnt, password=PASSWORD)
    finally:
        resource.setrlimit(resource.RLIMIT_CORE, (soft, hard))
    try:
        assert _core_limit(pid)[0] == "0"
    finally:
        assert cli("unmount", mnt).returncode == 0
        clean_mountpoint(mnt)


@pytest.mark.parametrize("keep_dumpable", [False, True])
def test_the_entry_point_makes_the_process_undumpable(keep_dumpable: bool) -> None:
    """The `strongroom` entry point (CLI and desktop app) hardens itself before anything else;
    STRONGROOM_KEEP_DUMPABLE=1 (bench profiling only) keeps ptrace but not core dumps."""
    code = (
        "import resource, sys\n"
        "from app.cli.main import main\n"
        "from vaultengine.process_hardening import is_dumpable\n"
        "main(['--version'])\n"
        "print(is_dumpable(), resource.getrlimit(resource.RLIMIT_CORE)[0])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "STRONGROOM_KEEP_DUMPABLE"}
    if keep_dumpable:
        env["STRONGROOM_KEEP_DUMPABLE"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    dumpable, core = result.stdout.split()[-2:]
    assert core == "0"
    if sys.platform.startswith("linux"):
        assert dumpable == str(keep_dumpable)
