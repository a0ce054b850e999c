"""Background tasks deliver on the GUI thread; attempt delays grow; open-file holders are found."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from app.services import tasks
from app.services.attempts import AttemptLimiter
from app.services.open_files import describe_holders, open_file_holders

pytestmark = pytest.mark.gui


def test_task_runs_off_the_gui_thread_and_answers_on_it(qtbot) -> None:
    gui_thread = QApplication.instance().thread()
    seen: dict[str, object] = {}

    def work(x: int, progress) -> int:
        seen["worker"] = threading.current_thread().name
        seen["worker_is_gui"] = QThread.currentThread() is gui_thread
        progress(50)
        time.sleep(0.05)
        return x * 2

    progress_values: list[object] = []

    def done(result: object) -> None:
        seen["result"] = result
        seen["callback_is_gui"] = QThread.currentThread() is gui_thread

    tasks.run_task(work, 21, on_success=done, on_progress=progress_values.append)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42
    assert seen["worker_is_gui"] is False
    assert seen["callback_is_gui"] is True
    assert progress_values == [50]


def test_task_failure_arrives_as_the_exception(qtbot) -> None:
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("bad input")

    tasks.run_task(boom, on_failure=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "bad input"


def test_attempt_delay_grows_and_resets() -> None:
    now = [100.0]
    limiter = AttemptLimiter(clock=lambda: now[0])
    delays = [limiter.record_failure("v") for _ in range(7)]
    assert delays[0] == 0.0  # a typo costs nothing
    assert delays[1:] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0]
    assert limiter.wait_remaining("v") == 30.0
    now[0] += 12
    assert limiter.wait_remaining("v") == 18.0
    assert limiter.wait_remaining("other") == 0.0
    limiter.record_success("v")
    assert limiter.wait_remaining("v") == 0.0 and limiter.failures("v") == 0


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")
def test_open_file_holders_names_the_program(tmp_path: Path) -> None:
    target = tmp_path / "mnt" / "doc.txt"
    target.parent.mkdir()
    target.write_text("x")
    holder = subprocess.Popen(
        [sys.executable, "-c", f"f = open({str(target)!r}); import sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 5
        found = []
        while time.monotonic() < deadline and not found:
            found = [h for h in open_file_holders(str(tmp_path / "mnt")) if h.pid == holder.pid]
            time.sleep(0.02)
        assert found, "the child holding the file was not found"
        assert str(target) in found[0].paths
        assert found[0].program.startswith("python")
        assert f"(pid {holder.pid}): doc.txt" in describe_holders(found)
        assert open_file_holders(str(tmp_path / "elsewhere")) == []
    finally:
        holder.stdin.close()
        holder.wait(5)
