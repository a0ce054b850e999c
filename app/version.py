"""The application's version, from one place: installed package metadata, else a fallback."""

from __future__ import annotations

from importlib import metadata

FALLBACK_VERSION = "0.1.0"


def get_version() -> str:
    """Version of the installed "strongroom" distribution, or the fallback when run from source."""
    try:
        return metadata.version("strongroom")
    except metadata.PackageNotFoundError:
        return FALLBACK_VERSION


__version__ = get_version()
