"""Our libfuse3 main loop (vaultengine/fuse/serve_loop.py): it is the one mounts use, it polls
only while requests come, and its spin setting follows the environment and the CPUs we may use."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.mounts import PASSWORD, end_mount, make_vault, require_fuse
from vaultengine.fuse import mount
from vaultengine.fuse.serve_loop import SPIN_ENV, SPIN_SECONDS, spin_seconds

ROOT = Path(__file__).resolve().parents[2]


def spin_in_child(env_value: str | None, *, one_cpu: bool = False) -> float:
    """spin_seconds() as a fresh process sees it (environment and CPU affinity are per process)."""
    env = {k: v for k, v in os.environ.items() if k != SPIN_ENV}
    if env_value is not None:
        env[SPIN_ENV] = env_value
    code = "from vaultengine.fuse.serve_loop import spin_seconds; print(repr(spin_seconds()))"
    command = [sys.executable, "-c", code]
    if one_cpu:
        command = ["taskset", "-c", "0", *command]
    run = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    return float(run.stdout.strip())


def test_spin_follows_the_environment() -> None:
    assert spin_in_child("0") == 0.0
    assert spin_in_child("120") == pytest.approx(120e-6)
    assert spin_in_child("-5") == 0.0


def test_spin_setting_that_is_not_a_number_falls_back_to_the_default() -> None:
    assert spin_in_child("fast") == spin_in_child(None)


@pytest.mark.skipif(shutil.which("taskset") is None, reason="needs taskset (util-linux)")
def test_no_spinning_when_only_one_cpu_is_ours() -> None:
    # Polling on the only CPU would keep the client that sends the next request off it.
    assert spin_in_child(None, one_cpu=True) == 0.0
    if len(os.sched_getaffinity(0)) > 1:
        assert spin_in_child(None) == SPIN_SECONDS


@pytest.mark.fuse
@pytest.mark.parametrize("api", ["high", "low"])
def test_mounts_are_served_by_our_loop(tmp_path: Path, vault_dir: Path, api: str) -> None:
    # A libfuse without one of the session functions falls back to fuse_main_real with only
    # a log line; on this platform that fallback would silently cost the polling.
    from vaultengine.fuse.loader import load_mfusepy
    from vaultengine.fuse.lowlevel.session import LIVE_HANDLERS

    require_fuse()
    mnt = tmp_path / "mnt"
    handle = mount(vault_dir, mnt, password=PASSWORD, options=[f"api={api}"])
    try:
        if api == "high":
            assert load_mfusepy().fuse_main_real.__module__ == "vaultengine.fuse.serve_loop"
        else:  # the low-level session runs serve_loop's loop itself
            assert str(mnt.resolve()) in LIVE_HANDLERS
        (mnt / "probe.txt").write_bytes(b"served")
        assert (mnt / "probe.txt").read_bytes() == b"served"
    finally:
        end_mount(handle)


@pytest.mark.fuse
@pytest.mark.parametrize("api", ["high", "low"])
def test_mounts_served_from_threads_leave_the_signal_handlers_alone(
    tmp_path: Path, api: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 13.1: the app serves its mounts from threads. libfuse keeps one session for its
    SIGHUP/SIGINT/SIGTERM handlers, so each mount taking them over let the first to end remove
    the next one's ("fuse_remove_signal_handlers: unknown session" at quit, before a crash)."""
    require_fuse()
    caplog.set_level(logging.WARNING, logger="vaultengine.fuse.libfuse")  # libfuse's own log
    options = [f"api={api}"]
    first = mount(make_vault(tmp_path / "a"), tmp_path / "ma", password=PASSWORD, options=options)
    second = mount(make_vault(tmp_path / "b"), tmp_path / "mb", password=PASSWORD, options=options)
    try:
        end_mount(first)  # the first to end, while the second still serves
    finally:
        end_mount(second)
    assert not [r.getMessage() for r in caplog.records if "signal" in r.getMessage()]


@pytest.mark.fuse
def test_an_idle_mount_does_not_burn_cpu(tmp_path: Path, vault_dir: Path) -> None:
    """The loop polls only right after a request; an idle folder must cost (almost) nothing."""
    require_fuse()
    if spin_seconds() == 0:
        pytest.skip("polling is off here (one CPU or STRONGROOM_FUSE_SPIN_US=0)")
    handle = mount(vault_dir, tmp_path / "mnt", password=PASSWORD)
    try:
        for index in range(200):  # a burst of requests, then silence
            (tmp_path / "mnt" / f"f{index}").write_bytes(b"x")
        time.sleep(0.2)
        cpu_before = time.process_time()  # all threads of this process, the loop's included
        time.sleep(1.0)
        idle_cpu = time.process_time() - cpu_before
    finally:
        handle.unmount()
    # A loop that kept polling would use about a whole CPU second here.
    assert idle_cpu < 0.2, f"idle mount used {idle_cpu:.3f} s of CPU in 1 s"


@pytest.mark.fuse
def test_a_busy_client_is_answered_with_polling_on_and_off(tmp_path: Path, vault_dir: Path) -> None:
    """Same cleartext whether the loop polls or blocks (both paths of _serve run for real)."""
    require_fuse()
    payload = os.urandom(300_000)
    for spin in ("0", "200"):
        env = {**os.environ, SPIN_ENV: spin}
        mnt = tmp_path / f"mnt-{spin}"
        code = (
            "import sys, os\n"
            "from vaultengine.fuse import mount\n"
            "h = mount(sys.argv[1], sys.argv[2], password=sys.argv[3])\n"
            "data = sys.stdin.buffer.read()\n"
            "p = os.path.join(sys.argv[2], 'blob')\n"
            "open(p, 'wb').write(data)\n"
            "with open(p, 'rb') as f:\n"
            "    back = b''.join(iter(lambda: f.read(4096), b''))\n"
            "h.unmount()\n"
            "sys.stdout.write('same' if back == data else 'different')\n"
        )
        run = subprocess.run(
            [sys.executable, "-c", code, str(vault_dir), str(mnt), PASSWORD],
            input=payload,
            env=env,
            cwd=ROOT,
            capture_output=True,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
        assert run.stdout == b"same"
        assert not mnt.exists()  # created by the mount and removed again
