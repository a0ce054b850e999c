"""GUI responsiveness bench: event-loop stalls during unlock and a copy, copy speed vs statistics.

    python bench/bench_gui.py [--size-mib 1024] [--runs 1]

A QTimer ticks every 5 ms on the GUI thread and records the gaps between ticks; the longest gap
is the worst stall a person would feel. Goals: < 50 ms stall, < 10 % copy loss with the
statistics window open. Runs offscreen; needs FUSE. Prints only what it measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from app.gui.stats import StatsWindow
from app.services import engine
from app.services.controller import VaultController, VaultState
from app.services.gc_guard import GuiThreadCollector
from app.settings import SettingsStore, VaultEntry

PASSWORD = "bench password 2024"


class StallMeter:
    """Longest gap between 5 ms ticks of a GUI-thread timer while it runs."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.longest = 0
        self.ticks = 0

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self.last)
        self.last = now
        self.ticks += 1

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.longest = 0
        self.ticks = 0
        self.timer.start()

    def stop(self) -> int:
        self.timer.stop()
        self._tick()
        return self.longest


def spin_until(condition, timeout_s: float) -> None:
    """Run the Qt event loop (as the app does) until condition() holds."""
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    failed = []

    def check() -> None:
        if condition():
            loop.quit()
        elif time.monotonic() > deadline:
            failed.append(True)
            loop.quit()

    poll = QTimer()
    poll.setInterval(10)
    poll.timeout.connect(check)
    poll.start()
    if not condition():
        loop.exec()
    poll.stop()
    if failed:
        raise TimeoutError("condition not reached")


def copy_in_background(source: Path, target: Path) -> tuple[float, int]:
    """Copy with cp in a child process while the GUI loop spins; returns (seconds, stall ms)."""
    meter = StallMeter()
    meter.start()
    begin = time.monotonic()
    child = subprocess.Popen(["cp", str(source), str(target)])
    spin_until(lambda: child.poll() is not None, 600)
    elapsed = time.monotonic() - begin
    stall = meter.stop()
    if child.returncode != 0:
        raise RuntimeError(f"cp failed with {child.returncode}")
    return elapsed, stall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=1, help="copies per statistics setting")
    args = parser.parse_args()
    ok, reason = engine.fuse_available()
    if not ok:
        print(f"FUSE unavailable: {reason}")
        return 2

    app = QApplication(["bench"])
    collector = GuiThreadCollector(parent=app)
    scratch = Path(tempfile.mkdtemp(prefix="strongroom-bench-"))
    os.environ["STRONGROOM_CONFIG_DIR"] = str(scratch / "config")
    controller = VaultController(SettingsStore())
    controller.settings.preferences.default_mount_folder = str(scratch / "mnt")
    try:
        vault = scratch / "vault"
        engine.create_vault(str(vault), PASSWORD)  # real scrypt cost: the unlock is the point
        entry = controller.add_entry(VaultEntry.new("Bench", str(vault)))

        meter = StallMeter()
        meter.start()
        begin = time.monotonic()
        controller.unlock(entry.id, PASSWORD)
        spin_until(lambda: controller.state(entry.id) is not VaultState.UNLOCKING, 60)
        unlock_s = time.monotonic() - begin
        unlock_stall = meter.stop()
        if controller.state(entry.id) is not VaultState.UNLOCKED:
            print(f"unlock failed: {controller.runtime(entry.id).error}")
            return 1
        print(
            f"unlock + mount (scrypt N=32768): {unlock_s * 1000:.0f} ms, "
            f"longest GUI stall {unlock_stall} ms ({meter.ticks} ticks)"
        )

        source = scratch / "source.bin"
        block = os.urandom(1 << 20)
        with open(source, "wb") as fh:
            for _ in range(args.size_mib):
                fh.write(block)
        mount = Path(controller.mount_point(entry.id))
        size = args.size_mib * (1 << 20)

        results: dict[str, list[tuple[float, int]]] = {"closed": [], "open": []}
        seen: dict[str, list[int]] = {"open": []}
        for run in range(args.runs):
            for setting in ("closed", "open"):
                window = None
                if setting == "open":
                    window = StatsWindow(controller, entry.id)
                    window.show()
                target = mount / f"copy-{setting}-{run}.bin"
                results[setting].append(copy_in_background(source, target))
                if window is not None:
                    window.sample()
                    seen[setting].append(window.sampler.total_written)
                    window.close()
                    window.deleteLater()
                target.unlink()
        for setting, runs in results.items():
            for seconds, stall in runs:
                print(
                    f"copy {args.size_mib} MiB into the mount, statistics {setting}: "
                    f"{size / seconds / 1e6:.0f} MB/s, longest GUI stall {stall} ms"
                )
        for total in seen["open"]:
            print(f"statistics window total written after the copy: {total / (1 << 20):.0f} MiB")
        best_closed = max(size / s for s, _ in results["closed"])
        best_open = max(size / s for s, _ in results["open"])
        change = 100 * (best_open / best_closed - 1)
        print(f"throughput with statistics open vs closed: {change:+.1f} %")
    finally:
        for vault_id in controller.unlocked_ids():
            controller.lock(vault_id, force=True)
        spin_until(lambda: not controller.unlocked_ids(), 60)
        collector.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
