#!/usr/bin/env python3
"""Set up a development machine and run Strongroom or its test suite (standard library only).

    python3 scripts/dev.py run [ARGS...]    # set up, then start the app (GUI; CLI args pass through)
    python3 scripts/dev.py test [PYTEST ARGS...]   # set up, then ruff, mypy and the whole test suite

Set-up installs what is missing: Debian/Ubuntu system packages through apt-get when run as root
(otherwise it prints the exact command to run), a virtualenv in .venv, and the Python packages
from pyproject.toml. It does nothing that is already done, so running it again is cheap.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"

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
    # test_fuse_lowlevel_binding compiles a small C program against fuse_lowlevel.h to check
    # the ctypes struct layouts of the low-level FUSE path against the installed libfuse3
    "libfuse3-dev",
    "gcc",
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


def ensure_venv(extras: str) -> None:
    if not VENV_PYTHON.exists():
        say(f"creating virtualenv {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    stamp = VENV / f".installed-{extras}"
    pyproject_mtime = (ROOT / "pyproject.toml").stat().st_mtime
    if stamp.exists() and stamp.stat().st_mtime >= pyproject_mtime:
        return
    say(f"installing Python packages (.[{extras}])")
    pip = [str(VENV_PYTHON), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[{extras}]"], check=True)
    stamp.touch()


def run_app(args: list[str]) -> int:
    ensure_system_packages(RUN_PACKAGES)
    ensure_venv("gui,fuse")
    strongroom = VENV / "bin" / "strongroom"
    return subprocess.call([str(strongroom), *(args or ["gui"])])


def run_tests(args: list[str]) -> int:
    ensure_system_packages(RUN_PACKAGES + TEST_PACKAGES)
    ensure_venv("gui,fuse,dev")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    bin_dir = VENV / "bin"
    steps = [
        ("ruff", [str(bin_dir / "ruff"), "check", "vaultengine", "app", "tests", "bench"]),
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
    return subprocess.call(pytest, cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "run":
        return run_app(argv[1:])
    return run_tests(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
