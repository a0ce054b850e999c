"""An in-process mount (the GUI's kind) must leave the rest of the process as it was: working
folder, umask, signal handlers and the garbage collector's settings are process-wide, and the
app keeps running beside the mount."""

from __future__ import annotations

import gc
import os
import signal
from pathlib import Path

import pytest

from tests.helpers.mounts import PASSWORD, end_mount, make_vault, require_fuse
from vaultengine.fuse import mount

pytestmark = pytest.mark.fuse

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE)


def process_state() -> tuple[str, int, dict[int, object], tuple[int, int, int]]:
    umask = os.umask(0o022)
    os.umask(umask)
    # Dedicated mount processes tune the collector (session.tune_gc_for_serving); an app's own
    # mounts must not.
    return os.getcwd(), umask, {s: signal.getsignal(s) for s in SIGNALS}, gc.get_threshold()


def test_mount_keeps_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_fuse()
    vault = make_vault(tmp_path / "vault")
    monkeypatch.chdir(tmp_path)  # restored by monkeypatch whatever the mount does
    (tmp_path / "relative.txt").write_text("here")
    before = process_state()
    handle = mount(vault, tmp_path / "mnt", password=PASSWORD)
    try:
        assert process_state() == before
        assert Path("relative.txt").read_text() == "here"
    finally:
        end_mount(handle)
    assert process_state() == before


def test_mount_keeps_umask_and_signal_handlers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_fuse()
    vault = make_vault(tmp_path / "vault")
    monkeypatch.chdir(tmp_path)
    _cwd, umask, handlers, collector = process_state()
    handle = mount(vault, tmp_path / "mnt", password=PASSWORD)
    try:
        _cwd_now, umask_now, handlers_now, collector_now = process_state()
        assert (umask_now, handlers_now, collector_now) == (umask, handlers, collector)
    finally:
        end_mount(handle)
    assert process_state()[1:] == (umask, handlers, collector)
