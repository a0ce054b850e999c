"""What the GUI tests that mount share: a skip mark where FUSE is unusable, and the mounts a test
left under its folder (found and lazily unmounted, so one failure does not leak into the next)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from tests.helpers.mounts import mounts_under


def fuse_reason() -> str | None:
    """Why FUSE mounts cannot run here, or None."""
    try:
        from vaultengine.fuse import fuse_unavailable_reason
    except ImportError as exc:
        return f"no mount support: {exc}"
    return fuse_unavailable_reason()


needs_fuse = pytest.mark.skipif(fuse_reason() is not None, reason=f"FUSE: {fuse_reason()}")


def unmount_leftovers(folder: Path) -> None:
    for point in mounts_under(folder):
        from vaultengine.fuse import unmount_mountpoint

        with contextlib.suppress(Exception):
            unmount_mountpoint(point, lazy=True)
