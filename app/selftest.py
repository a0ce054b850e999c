"""`strongroom --self-test`: a short end-to-end check of this installation, one line per step.

It creates a throw-away vault (cheap scrypt) in a temporary folder, unlocks it, mounts it when
FUSE is usable (else works through the filesystem API), writes and reads a file, locks, reopens,
and checks that Qt starts offscreen with the app's icons and that keyring finds its backends.
Meant for installers and bug reports: it runs the frozen bundle's real code paths.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from vaultengine.fuse import Mount
    from vaultengine.vault import UnlockedVault

OK = "ok"
FAILED = "FAILED"
SKIPPED = "skipped"

SELFTEST_SCRYPT_COST = 16  # a throw-away vault: the real cost would only add a tenth of a second
SELFTEST_PASSWORD = "strongroom self-test"
SELFTEST_FILE = "/self-test/Grüße.bin"  # a folder and a non-ASCII name exercise names and dir IDs
SELFTEST_SIZE = 100_000  # spans four 32 KiB chunks, the last one partial
ICON_NAME = "strongroom"
ICON_SIZE = 64

# The keyring backend module each platform's installer must carry (keyring finds the others
# through entry points; a frozen bundle that lost this one would silently fall back to "fail").
NATIVE_KEYRING_MODULES: dict[str, tuple[str, ...]] = {
    "linux": ("keyring.backends.SecretService", "secretstorage", "jeepney"),
    "darwin": ("keyring.backends.macOS",),
    "win32": ("keyring.backends.Windows",),
}
# Qt platform plugins the installed app needs: offscreen for this test, xcb for X11 desktops.
REQUIRED_QT_PLATFORMS: dict[str, tuple[str, ...]] = {
    "linux": ("offscreen", "xcb"),
    "darwin": ("offscreen", "cocoa"),
    "win32": ("offscreen", "windows"),
}


class StepSkipped(Exception):
    """Raised by a step that cannot run here; the message says why."""


@dataclass
class StepResult:
    name: str
    status: str
    detail: str = ""

    def line(self) -> str:
        return f"{self.name}: {self.status}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class SelfTest:
    """Runs steps in order, printing each result as soon as it is known."""

    stream: TextIO
    results: list[StepResult] = field(default_factory=list)

    def step(self, name: str, check: Callable[[], str], *, needs: tuple[str, ...] = ()) -> bool:
        """Run one check (returns a detail line); True when it passed."""
        failed = [n for n in needs if self.status(n) != OK]
        if failed:
            return self._record(StepResult(name, SKIPPED, f"needs {', '.join(failed)}"))
        try:
            detail = check()
        except StepSkipped as exc:
            return self._record(StepResult(name, SKIPPED, str(exc)))
        except Exception as exc:  # every failure is a result to report, never a traceback
            return self._record(StepResult(name, FAILED, _describe(exc)))
        return self._record(StepResult(name, OK, detail))

    def status(self, name: str) -> str | None:
        return next((r.status for r in self.results if r.name == name), None)

    def _record(self, result: StepResult) -> bool:
        self.results.append(result)
        print(result.line(), file=self.stream, flush=True)
        return result.status == OK

    @property
    def passed(self) -> bool:
        return all(r.status != FAILED for r in self.results)


def _describe(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or repr(exc)
    return f"{type(exc).__name__}: {message}"


def _platform_key() -> str:
    return "linux" if sys.platform.startswith("linux") else sys.platform


def _is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


# --- steps -------------------------------------------------------------------------------------


def check_version() -> str:
    from importlib import metadata

    from app.version import FALLBACK_VERSION, __version__

    try:
        metadata.version("strongroom")
        source = "package metadata"
    except metadata.PackageNotFoundError:
        source = f"fallback constant {FALLBACK_VERSION}: package metadata not found"
    if not __version__:
        raise RuntimeError("empty version")
    return f"{__version__}, from {source}"


def check_resources() -> str:
    from vaultengine.format import recovery_key

    words = recovery_key.wordlist()  # raises with the path when the file is missing or wrong
    return f"{len(words)} recovery words from {recovery_key.wordlist_path()}"


@dataclass
class VaultRun:
    """State shared by the vault steps: folders, the unlocked vault, the mount handle."""

    base: Path
    data: bytes = field(default_factory=lambda: os.urandom(SELFTEST_SIZE))
    vault: UnlockedVault | None = None
    mount: Mount | None = None

    @property
    def vault_dir(self) -> Path:
        return self.base / "vault"

    @property
    def mountpoint(self) -> Path:
        return self.base / "mnt"

    def create(self) -> str:
        from vaultengine.vault import create_vault

        words = create_vault(
            self.vault_dir, SELFTEST_PASSWORD, scrypt_cost=SELFTEST_SCRYPT_COST
        ).split()
        if len(words) != 44:
            raise RuntimeError(f"recovery key has {len(words)} words, expected 44")
        return f"{self.vault_dir}, scrypt cost {SELFTEST_SCRYPT_COST}, 44-word recovery key"

    def unlock(self) -> str:
        from vaultengine.vault import unlock_vault

        self.vault = unlock_vault(self.vault_dir, SELFTEST_PASSWORD)
        return str(self.vault.config.cipher_combo)

    def mount_vault(self) -> str:
        from vaultengine.fuse import fuse_unavailable_reason, mount

        reason = fuse_unavailable_reason()
        if reason is not None:
            raise StepSkipped(f"FUSE not available: {reason}")
        assert self.vault is not None
        # The vault stays unlocked after the unmount: the lock step below is tested on its own.
        self.mount = mount(self.vault, self.mountpoint, lock_on_unmount=False)
        return str(self.mountpoint)

    def write_and_read(self) -> str:
        if self.mount is not None:
            target = Path(str(self.mountpoint) + SELFTEST_FILE)
            target.parent.mkdir()
            with open(target, "wb") as f:
                f.write(self.data)
                f.flush()
                os.fsync(f.fileno())
            back = target.read_bytes()
            listed = os.listdir(target.parent)
            via = "the mount"
        else:
            assert self.vault is not None
            fs = self.vault.fs
            fs.mkdir(os.path.dirname(SELFTEST_FILE))
            fs.write_file(SELFTEST_FILE, self.data)
            back = fs.read_file(SELFTEST_FILE)
            listed = [name for name, _ in fs.listdir(os.path.dirname(SELFTEST_FILE))]
            via = "the filesystem API"
        if back != self.data:
            raise RuntimeError(
                f"read back {len(back)} bytes that differ from the {len(self.data)} written"
            )
        if os.path.basename(SELFTEST_FILE) not in listed:
            raise RuntimeError(f"the folder lists {listed!r}, not the file written")
        return f"{len(self.data)} bytes through {via}"

    def ciphertext_only(self) -> str:
        """Neither the file name nor a sample of its content may appear in the vault folder."""
        name = os.path.basename(SELFTEST_FILE).encode()
        sample = self.data[1000:1032]
        files = [p for p in self.vault_dir.rglob("*") if p.is_file()]
        for path in files:
            if name in os.fsencode(path.name) or sample in path.read_bytes():
                raise RuntimeError(f"cleartext found in {path.relative_to(self.vault_dir)}")
        return f"{len(files)} ciphertext files, no cleartext name or content in them"

    def unmount(self) -> str:
        handle, self.mount = self.mount, None
        assert handle is not None
        handle.unmount()
        if os.path.ismount(self.mountpoint):
            raise RuntimeError(f"{self.mountpoint} is still mounted")
        return "clean"

    def lock(self) -> str:
        vault, self.vault = self.vault, None
        assert vault is not None
        vault.lock()
        if not vault.locked:
            raise RuntimeError("the vault still says it is unlocked")
        try:
            vault.fs.stat("/")
        except Exception:
            return "keys dropped, filesystem closed"
        raise RuntimeError("the filesystem still answers after lock")

    def reopen(self) -> str:
        from vaultengine.vault import unlock_vault

        with unlock_vault(self.vault_dir, SELFTEST_PASSWORD, read_only=True) as vault:
            back = vault.fs.read_file(SELFTEST_FILE)
        if back != self.data:
            raise RuntimeError("the file changed between lock and unlock")
        return "file intact after lock and unlock"

    def cleanup(self) -> str | None:
        """Undo whatever is left after a failure; a problem to report, or None."""
        problem = None
        if self.mount is not None:
            try:
                self.mount.unmount(force=True)
                self.mount.wait(10.0)
            except Exception as exc:
                problem = f"could not unmount {self.mountpoint}: {_describe(exc)}"
            self.mount = None
        if self.vault is not None:
            try:
                self.vault.lock()
            except Exception as exc:
                problem = problem or f"could not lock: {_describe(exc)}"
            self.vault = None
        if os.path.ismount(self.mountpoint):  # never delete through a live mount
            return problem or f"{self.mountpoint} is still mounted; {self.base} was left in place"
        shutil.rmtree(self.base, ignore_errors=True)
        return problem


def check_qt() -> str:
    if importlib.util.find_spec("PySide6") is None:
        raise StepSkipped("PySide6 is not installed: the command line works without it")
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        # Offscreen whatever the desktop: the self-test must run over SSH and in CI alike.
        app = QApplication(["strongroom", "-platform", "offscreen"])
        _keep_alive.append(app)
    platform_name = app.platformName() if isinstance(app, QApplication) else "none"
    found = _qt_platform_plugins(QCoreApplication.libraryPaths())
    missing = [p for p in REQUIRED_QT_PLATFORMS.get(_platform_key(), ()) if p not in found]
    if missing:
        raise RuntimeError(
            f"Qt platform plugin(s) {', '.join(missing)} missing; found {', '.join(sorted(found))}"
        )
    return (
        f"PySide6 {pyside_version}, QApplication on {platform_name}; "
        f"platform plugins: {', '.join(sorted(found))}"
    )


_keep_alive: list[object] = []  # the QApplication we made lives as long as the process


def _qt_platform_plugins(library_paths: list[str]) -> set[str]:
    found: set[str] = set()
    for folder in library_paths:
        platforms = Path(folder) / "platforms"
        if platforms.is_dir():
            for entry in platforms.iterdir():
                stem = entry.name.split(".")[0]  # libqxcb.so, qwindows.dll, libqcocoa.dylib
                stem = stem.removeprefix("lib")
                if stem.startswith("q"):
                    found.add(stem[1:])
    return found


def check_icon() -> str:
    from PySide6.QtGui import QIcon, QImageReader

    from app.gui.icons import icon_dir

    path = icon_dir() / f"{ICON_NAME}.svg"
    if not path.is_file():
        raise RuntimeError(f"{path} is missing")
    image = QIcon(str(path)).pixmap(ICON_SIZE, ICON_SIZE).toImage()
    if image.isNull():
        raise RuntimeError(f"{path.name} did not render: is the Qt SVG icon engine missing?")
    if not any(
        image.pixelColor(x, y).alpha() > 0
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
    ):
        raise RuntimeError(f"{path.name} rendered fully transparent")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = [f for f in ("png", "svg") if f not in formats]
    if missing:
        raise RuntimeError(f"Qt image format plugin(s) missing: {', '.join(missing)}")
    return f"{path.name} rendered at {image.width()}x{image.height()}; png and svg readable"


def check_keychain() -> str:
    import keyring

    from app.keychain import Keychain

    for module in NATIVE_KEYRING_MODULES.get(_platform_key(), ()):
        importlib.import_module(module)  # ImportError here means the bundle lost a backend
    status = Keychain().status()
    where = keyring.get_keyring()
    name = f"{type(where).__module__}.{type(where).__name__}"
    if status.available:
        return f"backend {name}: saving passwords works"
    # A desktop without a running keychain is not an installation fault: report, do not fail.
    return f"backend {name}: saving passwords is off here ({status.reason})"


# --- the run -------------------------------------------------------------------------------------


def run(stream: TextIO | None = None) -> int:
    """Run every step, print one line each and a summary; 0 when no step FAILED."""
    out = sys.stdout if stream is None else stream
    started = time.monotonic()
    from app.version import __version__

    print(
        f"strongroom {__version__} self-test: {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}{', frozen bundle' if _is_frozen() else ''}",
        file=out,
        flush=True,
    )
    test = SelfTest(out)
    test.step("version", check_version)
    test.step("resources", check_resources)

    vault_run = VaultRun(Path(tempfile.mkdtemp(prefix="strongroom-selftest-")))
    try:
        test.step("create vault", vault_run.create, needs=("resources",))
        test.step("unlock", vault_run.unlock, needs=("create vault",))
        mounted = test.step("mount", vault_run.mount_vault, needs=("unlock",))
        test.step("write and read", vault_run.write_and_read, needs=("unlock",))
        test.step("encrypted on disk", vault_run.ciphertext_only, needs=("write and read",))
        if mounted:
            test.step("unmount", vault_run.unmount)
        test.step("lock", vault_run.lock, needs=("unlock",))
        test.step("reopen", vault_run.reopen, needs=("write and read", "lock"))
    finally:
        problem = vault_run.cleanup()
    if problem:
        test._record(StepResult("clean up", FAILED, problem))

    test.step("qt", check_qt)
    test.step("icon", check_icon, needs=("qt",))
    test.step("keychain", check_keychain)

    counts = {s: sum(r.status == s for r in test.results) for s in (OK, FAILED, SKIPPED)}
    verdict = "passed" if test.passed else "FAILED"
    print(
        f"self-test {verdict}: {counts[OK]} ok, {counts[FAILED]} failed, "
        f"{counts[SKIPPED]} skipped in {time.monotonic() - started:.1f} s",
        file=out,
        flush=True,
    )
    return 0 if test.passed else 1
