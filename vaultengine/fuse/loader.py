"""Lazy import of mfusepy bound to the library library.py chose, and the "is FUSE usable here?"
check with install hints."""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib
import os
import shutil
import sys
from types import ModuleType

from vaultengine.errors import FuseUnavailableError
from vaultengine.fuse.library import PATH_ENV, FuseLibrary, chosen_library
from vaultengine.fuse.library import install_hint as _install_hint

_mfusepy: ModuleType | None = None


def install_hint() -> str:
    """What a person has to install so that mounting works on this OS."""
    return _install_hint()


def load_mfusepy() -> ModuleType:
    """Import mfusepy bound to chosen_library(); FuseUnavailableError if impossible."""
    global _mfusepy
    if _mfusepy is not None:
        return _mfusepy
    library = chosen_library()
    try:
        mfusepy = _import_bound_to(library)
    except (ImportError, OSError, AttributeError) as exc:  # no libfuse, wrong version, no mfusepy
        raise FuseUnavailableError(f"FUSE library not found ({exc}). {install_hint()}") from exc
    if library.kind != "custom" and mfusepy.fuse_version_major != library.api_major:
        raise FuseUnavailableError(
            f"{library.path} speaks FUSE {mfusepy.fuse_version_major}, "
            f"not {library.api_major}. {install_hint()}"
        )
    from vaultengine.fuse import libfuse_log

    libfuse_log.capture(getattr(mfusepy, "_libfuse", None))
    _mfusepy = mfusepy
    return _mfusepy


def _import_bound_to(library: FuseLibrary) -> ModuleType:
    """mfusepy picks its library from $FUSE_LIBRARY_PATH once, at import: set it to our choice
    for the import only, so that child processes make the same choice themselves."""
    if sys.platform == "darwin":
        # mfusepy loads libiconv globally (macFUSE's libfuse needs it) only when it searches
        # for the library itself, which it does not with a path given.
        iconv = ctypes.util.find_library("iconv")
        if iconv:
            ctypes.CDLL(iconv, ctypes.RTLD_GLOBAL)
    before = os.environ.get(PATH_ENV)
    os.environ[PATH_ENV] = library.path
    try:
        mfusepy: ModuleType = importlib.import_module("mfusepy")
    finally:
        if before is None:
            os.environ.pop(PATH_ENV, None)
        else:
            os.environ[PATH_ENV] = before
    return mfusepy


def fuse_unavailable_reason() -> str | None:
    """None when a mount can be attempted here, else a sentence saying what is missing."""
    if sys.platform.startswith("linux"):
        try:
            helper = chosen_library().mount_helper or "fusermount3"
        except FuseUnavailableError as exc:
            return exc.message
        if not os.path.exists("/dev/fuse"):
            return f"/dev/fuse does not exist. {install_hint()}"
        if not os.access("/dev/fuse", os.R_OK | os.W_OK) and shutil.which(helper) is None:
            return f"/dev/fuse is not accessible and {helper} is missing. {install_hint()}"
        if os.geteuid() != 0 and shutil.which(helper) is None:
            return f"{helper} is missing. {install_hint()}"
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
