"""Reveal per system: which program shows the folder, with faked sys.platform and launchers.

This machine is Linux, so `open` (macOS) and os.startfile (Windows only) are replaced by
recorders, as is the desktop URL handler (QDesktopServices would start a real file manager).
What matters: the command each system gets, a drive letter becoming its root, a failure
reported as False (the window then says where the folder is), and URLs for WebDAV volumes.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from PySide6.QtCore import QUrl

from app.gui.reveal import open_in_file_manager


class Recorder:
    """Stands in for one launcher; remembers what it was asked to open."""

    def __init__(self, result: Any = True) -> None:
        self.calls: list[Any] = []
        self.result = result

    def __call__(self, target: Any, **kwargs: Any) -> Any:
        self.calls.append(target)
        if isinstance(self.result, BaseException):
            raise self.result
        return self.result


def test_linux_hands_a_file_url_to_the_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    open_url = Recorder()
    assert open_in_file_manager("/home/a/Vault", open_url=open_url)
    assert open_url.calls == [QUrl.fromLocalFile("/home/a/Vault")]


def test_macos_shows_the_folder_in_finder_with_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    run = Recorder(subprocess.CompletedProcess(["open"], 0))
    open_url = Recorder()
    assert open_in_file_manager("/Volumes/Taxes", run=run, open_url=open_url)
    assert run.calls == [["open", "/Volumes/Taxes"]] and open_url.calls == []
    failed = Recorder(subprocess.CompletedProcess(["open"], 1))
    assert not open_in_file_manager("/Volumes/Gone", run=failed)


def test_windows_opens_explorer_on_the_drive_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    startfile = Recorder(None)
    assert open_in_file_manager("Z:", startfile=startfile)
    assert open_in_file_manager("C:\\Users\\a\\Taxes", startfile=startfile)
    assert startfile.calls == ["Z:\\", "C:\\Users\\a\\Taxes"]
    assert not open_in_file_manager("Y:", startfile=Recorder(OSError(2, "no such drive")))


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_a_webdav_volume_reveals_its_url(monkeypatch: pytest.MonkeyPatch, platform: str) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    open_url, run, startfile = Recorder(), Recorder(), Recorder()
    url = "http://127.0.0.1:42427/Taxes/"
    assert open_in_file_manager(url, open_url=open_url, run=run, startfile=startfile)
    # Linux file managers mount dav:// (an http:// URL would open a browser).
    shown = "dav://127.0.0.1:42427/Taxes/" if platform == "linux" else url
    assert open_url.calls == [QUrl(shown)] and run.calls == [] and startfile.calls == []
