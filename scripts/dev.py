#!/usr/bin/env python3
"""Set up a development machine and run Strongroom or its test suite (standard library only).

    python3 scripts/dev.py run [ARGS...]    # set up, then start the app (GUI; CLI args pass through)
    python3 scripts/dev.py test [PYTEST ARGS...]   # set up, then ruff, mypy and the whole test suite
    python3 scripts/dev.py lock             # refresh requirements/*.lock after changing dependencies

Set-up installs what is missing: Debian/Ubuntu system packages through apt-get when run as root
(otherwise it prints the exact command to run), a virtualenv in .venv, and exactly the Python
packages of requirements/app.lock (run) or requirements/dev.lock (test), checked by hash. It
does nothing that is already done, so running it again is cheap.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
APP_EXTRAS = ["gui", "fuse", "webdav"]
DEV_EXTRAS = [*APP_EXTRAS, "dev"]

# What the app needs at run time: libfuse3 for mounts, and the libraries Qt's xcb platform loads.
RUN_PACKAGES = [
    "python3-venv",
    "fuse3",
    "libfuse3-3",
    "libgl1",
    "libegl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libglib2.0-0",
    "libdbus-1-3",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-xinerama0",
    "libxcb-randr0",
    "libxcb-shape0",
    "libxcb-xkb1",
]
# What the tests need on top: stress tools run against real mounts, and a real Secret Service.
TEST_PACKAGES = [
    "stress-ng",
    "fio",
    "gnome-keyring",
    "dbus",
    "dbus-bin",
    "libsecret-tools",
    # the .deb test validates the desktop entry and metainfo, and times the first window on Xvfb
    "desktop-file-utils",
    "appstream",
    "shellcheck",
    "xvfb",
    "xauth",
    "xdotool",
    # scripts/screenshots: a real tray under Xvfb, and the whole-screen grab
    "trayer",
    "imagemagick",
    # tests/fuse/test_fuse_pjdfstest.py compiles the vendored pjdfstest; its scripts call openssl md5
    "gcc",
    "libc6-dev",
    "openssl",
    # real WebDAV clients for the WebDAV volume tests (issue 14): litmus is the protocol
    # conformance suite, rclone copies trees in and out through its webdav backend, curl
    # sends the raw requests (Range, traversal, chunked PUT)
    "litmus",
    "rclone",
    "curl",
    # mounts a served vault as a folder (tests/fuse/test_webdav_davfs2.py): the POSIX subset
    # WebDAV carries, through a kernel client that checks ETags with If-Match
    "davfs2",
    # test_fuse_lowlevel_binding compiles a small C program against fuse_lowlevel.h (gcc, above)
    # to check the ctypes struct layouts of the low-level FUSE path against the installed libfuse3
    "libfuse3-dev",
    # the mount tests run a third time on libfuse2: the FUSE 2 API that macFUSE, FUSE-T and
    # WinFsp speak (Debian 12's name; Debian 13 and Ubuntu 24.04 call it libfuse2t64)
    "libfuse2",
]

# The mount tests that the FUSE 2 pass repeats: POSIX behaviour, interop with other
# implementations' vaults, the stateful model, stress-ng and fio, mount handling, concurrency.
FUSE2_TEST_FILES = [
    "tests/fuse/test_fuse_posix.py",
    "tests/fuse/test_fuse_interop.py",
    "tests/fuse/test_fuse_stateful.py",
    "tests/fuse/test_fuse_stress.py",
    "tests/fuse/test_fuse_mounts.py",
    "tests/fuse/test_fuse_concurrency.py",
]


def say(message: str) -> None:
    print(f"[setup] {message}", file=sys.stderr, flush=True)


def missing_debian_packages(packages: list[str]) -> list[str]:
    if not shutil.which("dpkg-query"):
        return []  # not Debian/Ubuntu: the README says what to install by hand
    missing = []
    for package in packages:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package],
            capture_output=True,
            text=True,
        )
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def ensure_system_packages(packages: list[str]) -> None:
    missing = missing_debian_packages(packages)
    if not missing:
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() != 0:
        say("missing system packages; run this, then run me again:")
        say("  sudo apt-get update && sudo " + " ".join(command))
        sys.exit(1)
    say("installing system packages: " + " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*command, "-qq"], check=True, env=env)


# Exact versions with hashes (made by `dev.py lock`); pyproject.toml keeps ranges for pip users.
LOCK_DIR = ROOT / "requirements"
APP_LOCK = LOCK_DIR / "app.lock"  # extras gui, fuse, webdav
DEV_LOCK = LOCK_DIR / "dev.lock"  # every extra: what the tests and packaging need


def ensure_venv(lock: Path) -> None:
    """Install exactly the lock, then Strongroom itself (editable, no dependency resolution)."""
    if not VENV_PYTHON.exists():
        say(f"creating virtualenv {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    wanted = hashlib.sha256(lock.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / f".installed-{lock.stem}"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say(f"installing Python packages from {lock.relative_to(ROOT)}")
    pip = [str(VENV_PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "--require-hashes", "--no-deps", "-r", str(lock)], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    stamp.write_text(wanted)


def refresh_locks() -> int:
    """Resolve the newest versions pyproject.toml allows, for every platform, with hashes."""
    ensure_venv(DEV_LOCK)  # brings uv, pinned like everything else
    uv = VENV / "bin" / "uv"
    common = ["pip", "compile", "pyproject.toml", "--generate-hashes", "--universal"]
    common += ["--python-version", "3.11", "--upgrade", "--quiet"]
    common += ["--custom-compile-command", "python3 scripts/dev.py lock"]
    extras = [a for extra in DEV_EXTRAS for a in ("--extra", extra)]
    subprocess.run([str(uv), *common, *extras, "-o", "requirements/dev.lock"], cwd=ROOT, check=True)
    # The app's lock is the same resolution, cut down to what the app needs at run time.
    app = [a for extra in APP_EXTRAS for a in ("--extra", extra)]
    subprocess.run(
        [str(uv), *common, *app, "-c", "requirements/dev.lock", "-o", "requirements/app.lock"],
        cwd=ROOT,
        check=True,
    )
    say("wrote requirements/dev.lock and requirements/app.lock; run the tests, then commit them")
    return 0


def run_app(args: list[str]) -> int:
    ensure_system_packages(RUN_PACKAGES)
    ensure_venv(APP_LOCK)
    strongroom = VENV / "bin" / "strongroom"
    return subprocess.call([str(strongroom), *(args or ["gui"])])


SOURCE_DIRS = ["vaultengine", "app", "tests", "bench"]  # what ruff checks and keeps formatted


def run_tests(args: list[str]) -> int:
    ensure_system_packages(RUN_PACKAGES + TEST_PACKAGES)
    ensure_venv(DEV_LOCK)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    bin_dir = VENV / "bin"
    steps = [
        ("ruff", [str(bin_dir / "ruff"), "check", *SOURCE_DIRS]),
        ("ruff format", [str(bin_dir / "ruff"), "format", "--check", *SOURCE_DIRS]),
        ("mypy", [str(VENV_PYTHON), "-m", "mypy", "vaultengine"]),
    ]
    for name, command in steps:
        say(f"{name}: {' '.join(command[-2:])}")
        if subprocess.call(command, cwd=ROOT, env=env) != 0:
            say(f"{name} failed")
            return 1
    pytest = [str(VENV_PYTHON), "-m", "pytest", "-ra", *args]
    # The keychain tests want a real Secret Service: run the suite inside a private D-Bus
    # session with an unlocked gnome-keyring when the tools exist.
    with_keychain = ROOT / "scripts" / "with-keychain"
    if with_keychain.exists() and shutil.which("dbus-run-session"):
        pytest = [str(with_keychain), *pytest]
    say("pytest")
    status = subprocess.call(pytest, cwd=ROOT, env=env)
    if status != 0 or args:
        return status
    # The mounts are served on libfuse's low-level API on Linux; the high-level (mfusepy) path
    # is what macOS and Windows use, so every mount test runs on it as well.
    say("pytest: the mount tests again on the high-level FUSE path (STRONGROOM_FUSE_API=high)")
    high = dict(env, STRONGROOM_FUSE_API="high")
    status = subprocess.call([*pytest, "-m", "fuse"], cwd=ROOT, env=high)
    # macOS and Windows mount through the FUSE 2 API (macFUSE, FUSE-T, WinFsp): the same
    # high-level path bound to libfuse2 is the nearest this machine gets to them.
    say("pytest: the main mount tests once more on libfuse2 (STRONGROOM_FUSE_LIBRARY=fuse2)")
    fuse2 = dict(high, STRONGROOM_FUSE_LIBRARY="fuse2")
    status_fuse2 = subprocess.call([*pytest, "-m", "fuse", *FUSE2_TEST_FILES], cwd=ROOT, env=fuse2)
    return status or status_fuse2


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "lock"}:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "run":
        return run_app(argv[1:])
    if argv[0] == "lock":
        return refresh_locks()
    return run_tests(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
