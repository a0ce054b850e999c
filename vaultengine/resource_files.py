"""Where the files of resources/ are at run time: a source checkout, an installed wheel, or a
PyInstaller bundle. The wheel installs them as data files under <prefix>/share/strongroom."""

from __future__ import annotations

import sys
from pathlib import Path

_SOURCE_TREE = Path(__file__).resolve().parents[1] / "resources"


def resource_dirs() -> list[Path]:
    """The candidate resources/ folders, most specific first."""
    dirs = []
    frozen_base = getattr(sys, "_MEIPASS", None)  # PyInstaller bundle
    if frozen_base:
        dirs.append(Path(frozen_base) / "resources")
    dirs.append(_SOURCE_TREE)
    dirs.append(Path(sys.prefix) / "share" / "strongroom" / "resources")  # pip install
    return dirs


def resource_path(*parts: str) -> Path:
    """resources/<parts> where it exists; else the source tree's path (for the error message)."""
    for folder in resource_dirs():
        candidate = folder.joinpath(*parts)
        if candidate.exists():
            return candidate
    return _SOURCE_TREE.joinpath(*parts)
