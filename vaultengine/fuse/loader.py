"""Lazy import of mfusepy on libfuse3, and the "is FUSE usable here?" check with install hints."""

from __future__ import annotations

import os
import shutil
import sys
from types import ModuleType

from vaultengine.errors import FuseUnavailableError

_mfusepy: ModuleType | None = None


def install_hint() -> str:
    """What a person has to install so that mounting works on this OS."""
    if sys.platform == "darwin":
        return "Install macFUSE (https://osxfuse.github.io) and allow its system extension."
    if sys.platform.startswith("linux"):
        return "Install FUSE 3: sudo apt-get install fuse3 (or your distribution's fuse3 package)."
    return "Mounting needs FUSE, which is not supported on this system."


def load_mfusepy() -> ModuleType:
    """Import mfusepy bound to libfuse3 (macFUSE on macOS); FuseUnavailableError if impossible."""
    global _mfusepy
    if _mfusepy is not None:
        return _mfusepy
    # mfusepy picks libfuse2 when both are installed unless told otherwise; libfuse2 sends
    # 4 KiB writes and has no RENAME flags. Must be set before the import.
    if sys.platform.startswith("linux"):
        os.environ.setdefault("FUSE_LIBRARY_NAME", "fuse3")
    try:
        import mfusepy
    except (ImportError, OSError) as exc:  # no libfuse, wrong version, no mfusepy
        raise FuseUnavailableError(f"FUSE library not found ({exc}). {install_hint()}") from exc
    from vaultengine.fuse import libfuse_log

    libfuse_log.capture(getattr(mfusepy, "_libfuse", None))
    _mfusepy = mfusepy
    return _mfusepy


def fuse_unavailable_reason() -> str | None:
    """None when a mount can be attempted here, else a sentence saying what is missing."""
    if sys.platform.startswith("linux"):
        if not os.path.exists("/dev/fuse"):
            return f"/dev/fuse does not exist. {install_hint()}"
        if not os.access("/dev/fuse", os.R_OK | os.W_OK) and shutil.which("fusermount3") is None:
            return f"/dev/fuse is not accessible and fusermount3 is missing. {install_hint()}"
        if os.geteuid() != 0 and shutil.which("fusermount3") is None:
            return f"fusermount3 is missing. {install_hint()}"
    try:
        load_mfusepy()
    except FuseUnavailableError as exc:
        return exc.message
    return None


def require_fuse() -> ModuleType:
    """mfusepy, or FuseUnavailableError with the install hint."""
    reason = fuse_unavailable_reason()
    if reason is not None:
        raise FuseUnavailableError(reason)
    return load_mfusepy()
