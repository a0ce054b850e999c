"""One round of the crash-at-quit sequence (issue 13.1), run by test_gui_quit_stress.py in a
child process: the real app (app.gui.main.run, offscreen) with two vaults, driven by a script.

    python tests/gui/gui_quit_stress_child.py WORKDIR

The sequence: a mount that fails (an unknown extra mount option), both vaults unlocked, a force
lock while this process holds a file, a force lock through the "Vault is in use" box while
another program works inside the mount, both unlocked again, then Quit with a file held in each
vault (one by this process, one by another program) and "Force lock all and quit".

Every step prints what it did and how long it took. Every wait has its own deadline; past it
the child prints where it was, dumps all threads and exits 3. A watchdog dumps the threads and
ends the process if anything else hangs (faulthandler, STRONGROOM_QUIT_STRESS_CHILD_SECONDS).
After the app returned, the child checks that no mount and no mount folder is left and exits
with the app's exit code (4 when something was left behind).
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PASSWORD = "stress test password 42"
SCRYPT_COST = 16  # test vaults only: cheap to unlock
STEP_TIMEOUT = float(os.environ.get("STRONGROOM_QUIT_STRESS_STEP_SECONDS", "20"))
WATCHDOG = float(os.environ.get("STRONGROOM_QUIT_STRESS_CHILD_SECONDS", "120"))
BAD_OPTION = "no_such_stress_option"

_started = time.monotonic()


def say(text: str) -> None:
    print(f"[{time.monotonic() - _started:6.2f}s] {text}", flush=True)


def mounts_under(folder: Path) -> list[str]:
    prefix = str(folder) + os.sep
    with open("/proc/mounts") as fh:
        points = [line.split()[1].replace("\\040", " ") for line in fh]
    return [p for p in points if p.startswith(prefix)]


def prepare(work: Path) -> None:
    """Two vaults in the settings; the first with an extra mount option libfuse refuses."""
    from app.settings import SettingsStore, VaultEntry
    from vaultengine.vault import create_vault

    store = SettingsStore()
    settings = store.load()
    settings.preferences.default_mount_folder = str(work / "mounts")
    settings.preferences.tray_hint_shown = True
    for name in ("Alpha", "Bravo"):
        create_vault(work / name, PASSWORD, scrypt_cost=SCRYPT_COST)
        entry = VaultEntry.new(name, work / name)
        entry.options.after_unlock = "nothing"
        entry.options.lock_on_suspend = False
        settings.vaults.append(entry)
    settings.vaults[0].options.mount_options = BAD_OPTION
    store.save(settings)


# A wait: (what, done?, deadline in seconds)
Wait = tuple[str, Callable[[], bool], float]


class Driver:
    """Runs the script's steps from the app's event loop; answers the app's message boxes."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.held_fds: list[int] = []
        self.programs: list[subprocess.Popen[bytes]] = []
        self.boxes: list[str] = []
        self._steps: Iterator[Wait] | None = None
        self._wait: Wait | None = None
        self._since = 0.0

    def start(self) -> None:
        from PySide6.QtWidgets import QApplication

        from app.gui.main_window import MainWindow

        [self.window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        self.ctl = self.window.controller
        self.ids = {e.name: e.id for e in self.ctl.vaults}
        self.window.ask = self._ask_quit
        self._steps = self.script()
        self._next()

    # --- stepping -------------------------------------------------------------------------

    def _next(self) -> None:
        from PySide6.QtCore import QTimer

        assert self._steps is not None
        try:
            self._wait = next(self._steps)
        except StopIteration:
            self._wait = None
            return
        self._since = time.monotonic()
        QTimer.singleShot(10, self._poll)

    def _poll(self) -> None:
        from PySide6.QtCore import QTimer

        assert self._wait is not None
        what, done, timeout = self._wait
        self._answer_open_box()
        elapsed = time.monotonic() - self._since
        if done():
            say(f"ok: {what} ({elapsed:.2f}s)")
            self._next()
            return
        if elapsed > timeout:
            self.give_up(f"TIMEOUT after {timeout:g}s waiting for: {what}")
        QTimer.singleShot(20, self._poll)

    def give_up(self, why: str) -> None:
        say(why)
        say(f"states: {self.states()}; boxes seen: {self.boxes}")
        faulthandler.dump_traceback(all_threads=True)
        self.release()
        self.force_lock_all(timeout=5.0)
        os._exit(3)

    def force_lock_all(self, timeout: float) -> None:
        """Giving up: revoke what is still mounted, each on a thread that may hang, bounded."""
        import threading

        from app.services import engine

        for vault_id in self.ids.values():
            session = self.ctl.runtime(vault_id).session
            if session is not None:
                locker = threading.Thread(
                    target=engine.lock, args=(session,), kwargs={"force": True}, daemon=True
                )
                locker.start()
                locker.join(timeout)

    def _answer_open_box(self) -> None:
        """A box the app opened (unlock failed, vault in use): note it and answer it."""
        from PySide6.QtWidgets import QApplication, QMessageBox

        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        self.boxes.append(box.windowTitle())
        say(f"box: {box.windowTitle()}: {box.text()}")
        wanted = "Force lock" if box.windowTitle() == "Vault is in use" else None
        button = next((b for b in box.buttons() if b.text() == wanted), None)
        (button or box.escapeButton() or box.buttons()[0]).click()

    def _ask_quit(self, box: object) -> object:
        from PySide6.QtWidgets import QMessageBox

        assert isinstance(box, QMessageBox)
        say(f"quit question: {box.text()}")
        for text in ("Force lock all and quit", "Lock and quit"):
            button = next((b for b in box.buttons() if b.text() == text), None)
            if button is not None:
                say(f"answer: {text}")
                return button
        self.give_up("the quit question has neither 'Force lock all and quit' nor 'Lock and quit'")
        return None

    # --- helpers --------------------------------------------------------------------------

    def states(self) -> dict[str, str]:
        return {name: self.ctl.state(vid).value for name, vid in self.ids.items()}

    def state_is(self, name: str, state: str) -> Callable[[], bool]:
        return lambda: self.ctl.state(self.ids[name]).value == state

    def mount(self, name: str) -> Path:
        return Path(self.ctl.mount_point(self.ids[name]))

    def hold_here(self, name: str) -> None:
        """This process keeps a file of the mount open."""
        path = self.mount(name) / "held-here.txt"
        path.write_text("held by the app's own process")
        self.held_fds.append(os.open(path, os.O_RDONLY))

    def hold_elsewhere(self, name: str) -> None:
        """Another program keeps a file open and works inside the mount."""
        path = self.mount(name) / "held-elsewhere.txt"
        path.write_text("held by another program")
        # exec: the shell becomes the sleeper, so killing it ends the holder (and its pipes).
        self.programs.append(
            subprocess.Popen(
                ["sh", "-c", "exec 3<held-elsewhere.txt; exec sleep 60"],
                cwd=path.parent,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )

    def release(self) -> None:
        for fd in self.held_fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self.held_fds.clear()
        for program in self.programs:
            with contextlib.suppress(OSError):
                program.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                program.wait(5)
        self.programs.clear()

    # --- the sequence ---------------------------------------------------------------------

    def script(self) -> Iterator[Wait]:
        ctl, ids = self.ctl, self.ids
        alpha, bravo = ids["Alpha"], ids["Bravo"]

        say(f"unlock Alpha with the extra mount option {BAD_OPTION!r}: must fail")
        ctl.unlock(alpha, PASSWORD)
        yield "Alpha's mount failed", self.state_is("Alpha", "error"), STEP_TIMEOUT
        say(f"Alpha's error: {ctl.runtime(alpha).error}")
        entry = ctl.entry(alpha)
        assert entry is not None
        entry.options.mount_options = ""

        say("unlock both")
        ctl.unlock(alpha, PASSWORD)
        ctl.unlock(bravo, PASSWORD)
        yield "Alpha unlocked", self.state_is("Alpha", "unlocked"), STEP_TIMEOUT
        yield "Bravo unlocked", self.state_is("Bravo", "unlocked"), STEP_TIMEOUT

        say("force lock Alpha while this process holds a file in it")
        self.hold_here("Alpha")
        ctl.lock(alpha, force=True)
        yield "Alpha force-locked", self.state_is("Alpha", "locked"), STEP_TIMEOUT
        self.release()

        say("lock Bravo while another program uses it: the app asks, the driver forces")
        self.hold_elsewhere("Bravo")
        ctl.lock(bravo)
        yield "Bravo force-locked", self.state_is("Bravo", "locked"), STEP_TIMEOUT
        self.release()

        say("unlock both again")
        ctl.unlock(alpha, PASSWORD)
        ctl.unlock(bravo, PASSWORD)
        yield "Alpha unlocked", self.state_is("Alpha", "unlocked"), STEP_TIMEOUT
        yield "Bravo unlocked", self.state_is("Bravo", "unlocked"), STEP_TIMEOUT

        say("quit with a file held in each vault")
        self.hold_here("Alpha")
        self.hold_elsewhere("Bravo")
        self.window.request_quit()
        yield "both locked for the quit", lambda: not ctl.unlocked_ids(), STEP_TIMEOUT
        say("waiting for the app to end")


def main() -> int:
    work = Path(sys.argv[1]).resolve()
    os.environ["STRONGROOM_CONFIG_DIR"] = str(work / "config")
    os.environ["STRONGROOM_LOG_DIR"] = str(work / "log")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"  # no D-Bus needed
    faulthandler.enable()
    faulthandler.dump_traceback_later(WATCHDOG, exit=True)
    prepare(work)
    say("vaults created")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.gui.main import run

    app = QApplication([sys.argv[0]])
    driver = Driver(work)
    QTimer.singleShot(0, driver.start)
    code = run([sys.argv[0]])
    say(f"the app returned {code}")
    driver.release()
    del app
    left = mounts_under(work)
    mounts = work / "mounts"
    folders = sorted(p.name for p in mounts.iterdir()) if mounts.is_dir() else []
    say(f"mounts left: {left}; mount folders left: {folders}")
    if left or folders:
        return 4
    return code


if __name__ == "__main__":
    sys.exit(main())
