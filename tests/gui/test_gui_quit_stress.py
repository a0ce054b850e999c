"""The crash-at-quit sequence of issue 13.1, repeated: each round starts the real app in a child
process (offscreen) and drives it through a mount failure, two force locks and a quit with held
files in two vaults (tests/gui/gui_quit_stress_child.py says exactly what it does).

A round passes when the app exits 0, Python reports no fatal error (a refcount or use-after-free
crash in a C extension prints "Fatal Python error"), and no mount or mount folder is left.

    STRONGROOM_QUIT_STRESS_ROUNDS=50 STRONGROOM_QUIT_STRESS_SECONDS=900 \
        .venv/bin/python -m pytest -s tests/gui/test_gui_quit_stress.py

Rounds (default 3) and a time budget for all of them (default 300 s; rounds past it are skipped
and say so) bound the run; the child bounds each of its own waits. What each child did is
printed, pass or fail (shown with -s, and with any failure).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.gui.gui_quit_stress_child import WATCHDOG, mounts_under
from tests.helpers.gui import needs_fuse
from tests.helpers.mounts import clean_mountpoint

pytestmark = [pytest.mark.gui, pytest.mark.fuse, pytest.mark.slow]

ROUNDS = int(os.environ.get("STRONGROOM_QUIT_STRESS_ROUNDS", "3"))
BUDGET = float(os.environ.get("STRONGROOM_QUIT_STRESS_SECONDS", "300"))
CHILD = Path(__file__).with_name("gui_quit_stress_child.py")
ROOT = Path(__file__).resolve().parents[2]
_first_round_started: list[float] = []


@needs_fuse
@pytest.mark.timeout(WATCHDOG + 60)
@pytest.mark.parametrize("round_", range(1, ROUNDS + 1))
def test_quit_after_mount_failure_and_force_locks_exits_cleanly(
    round_: int, tmp_path: Path
) -> None:
    start = _first_round_started or [time.monotonic()]
    _first_round_started[:] = start
    used = time.monotonic() - start[0]
    if round_ > 1 and used > BUDGET:
        pytest.skip(f"time budget of {BUDGET:g} s used up after round {round_ - 1} ({used:.0f} s)")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    began = time.monotonic()
    try:
        # The child's watchdog ends it first; this is only the last resort.
        child = subprocess.run(
            [sys.executable, str(CHILD), str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=WATCHDOG + 30,
            env=env,
        )
        code, out, err = child.returncode, child.stdout, child.stderr
    except subprocess.TimeoutExpired as exc:
        code = None
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
    finally:
        left = mounts_under(tmp_path)
        for point in left:
            clean_mountpoint(Path(point))
    took = time.monotonic() - began
    unknown_session = err.count("fuse_remove_signal_handlers: unknown session")
    report = (
        f"round {round_}/{ROUNDS}: exit {code} in {took:.1f} s; libfuse 'unknown session' "
        f"{unknown_session}x\n--- what the child did ---\n{out}--- its stderr ---\n{err}"
    )
    print(report)
    assert "Fatal Python error" not in err, report
    assert code == 0, report
    assert left == [], report
    folders = list((tmp_path / "mounts").iterdir()) if (tmp_path / "mounts").is_dir() else []
    assert folders == [], report
