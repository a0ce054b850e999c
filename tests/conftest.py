"""Shared test set-up for every layer: the weak-scrypt switch, fixture vaults, the keyring fake,
garbage collection on the main thread, and the no-mount-left-behind guard."""

from __future__ import annotations

import contextlib
import gc
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest

from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.vaults import FIXTURES, WEAK_SCRYPT_FOR_TESTS_ENV

os.environ[WEAK_SCRYPT_FOR_TESTS_ENV] = "1"

# The tests compare English output; the command line follows LANGUAGE first (gettext, see
# app/cli/i18n.py), so a developer's German desktop would otherwise turn it German, in this
# process and the CLI processes it starts. Tests of other languages set it themselves.
os.environ["LANGUAGE"] = "en"


def _fuse_mounts() -> set[str]:
    """Mount points of FUSE filesystems (not the fusectl control filesystem) in this namespace."""
    try:
        lines = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return set()
    mounts = set()
    for line in lines:
        _source, mountpoint, fstype = line.split()[:3]
        if fstype in ("fuse", "fuseblk") or fstype.startswith("fuse."):
            # /proc/mounts writes space, tab, newline and backslash as octal escapes.
            mounts.add(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), mountpoint))
    return mounts


def _other_sessions(basetemp: Path) -> Callable[[str], bool]:
    """True for a mount point inside another pytest run's basetemp (a parallel session)."""
    if not basetemp.parent.name.startswith("pytest-of-"):
        return lambda mountpoint: False  # --basetemp elsewhere: no sibling runs to tell apart
    runs, ours = basetemp.parent, basetemp.name

    def other(mountpoint: str) -> bool:
        path = Path(mountpoint)
        return path.is_relative_to(runs) and path.relative_to(runs).parts[0] != ours

    return other


@pytest.fixture(scope="session", autouse=True)
def _no_mount_left_behind(tmp_path_factory: pytest.TempPathFactory):
    before = _fuse_mounts()
    yield
    other = _other_sessions(tmp_path_factory.getbasetemp())
    left = sorted(m for m in _fuse_mounts() - before if not other(m))
    if left:
        from vaultengine.errors import MountError
        from vaultengine.fuse import unmount_mountpoint

        for mountpoint in left:  # report, but do not leave them on the machine either
            with contextlib.suppress(MountError):
                unmount_mountpoint(mountpoint, lazy=True)
        pytest.fail(f"tests left FUSE mounts behind: {left}", pytrace=False)


@pytest.fixture
def fixture_vault(tmp_path: Path):
    """Copy a vault of tests/fixtures into tmp_path (the originals stay untouched)."""

    def copy(name: str) -> Path:
        source = FIXTURES / name
        assert source.is_dir(), f"fixture vault {name} missing from {FIXTURES}"
        target = tmp_path / name
        shutil.copytree(source, target)
        return target

    return copy


@pytest.fixture(autouse=True, scope="session")
def _collect_garbage_on_the_main_thread() -> Iterator[None]:
    """The app's rule (app/services/gc_guard.py) for the whole test session: cyclic garbage is
    collected on the main thread only. With automatic collection, a thread that allocates (a
    FUSE loop, a mount's detach watcher, a WebDAV server worker) may free the Qt objects of an
    earlier GUI test off the GUI thread, and the next event processing crashes (seen as a
    segfault in pytest-qt's teardown of a WebDAV test)."""
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if was_enabled:
        gc.enable()


def pytest_runtest_teardown(item: pytest.Item) -> None:
    gc.collect()  # on the main thread, after each test (see above)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A MemoryKeyring installed as keyring's backend for one test, then the old one back."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
