"""Start at login: the freedesktop autostart entry ~/.config/autostart/strongroom.desktop."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from vaultengine.atomic import atomic_write

DESKTOP_FILENAME = "strongroom.desktop"


def autostart_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart"


def autostart_path() -> Path:
    return autostart_dir() / DESKTOP_FILENAME


def launch_command() -> tuple[list[str], str]:
    """The command that starts the app hidden in the tray, and a working folder ("" if none)."""
    if getattr(sys, "frozen", False):  # PyInstaller bundle
        return [sys.executable, "--hidden"], ""
    installed = shutil.which("strongroom")
    if installed:
        return [installed, "gui", "--hidden"], ""
    project_root = str(Path(__file__).resolve().parents[2])
    return [sys.executable, "-m", "app", "--hidden"], project_root


def desktop_entry(command: list[str], workdir: str = "") -> str:
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Name=Strongroom",
        "Comment=Encrypted vaults shown as ordinary folders",
        f"Exec={shlex.join(command)}",
        "Icon=strongroom",
        "Terminal=false",
        "Categories=Utility;Security;",
        "X-GNOME-Autostart-enabled=true",
    ]
    if workdir:
        lines.append(f"Path={workdir}")
    return "\n".join(lines) + "\n"


def is_enabled() -> bool:
    path = autostart_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    return "Hidden=true" not in text and "X-GNOME-Autostart-enabled=false" not in text


def set_enabled(enabled: bool) -> None:
    path = autostart_path()
    if not enabled:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    command, workdir = launch_command()
    atomic_write(path, desktop_entry(command, workdir).encode("utf-8"))
