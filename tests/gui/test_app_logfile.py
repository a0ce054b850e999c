"""The app's log file: in the log folder, owner-only, rotated, holding libfuse's reasons and
never a password; Help > Open log folder opens it."""

from __future__ import annotations

import logging
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from app import logfile
from tests.helpers.mounts import PASSWORD, make_vault, require_fuse

SECRET_PASSWORD_MARK = PASSWORD


@pytest.fixture
def log_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("STRONGROOM_LOG_DIR", str(tmp_path / "logs"))
    root = logging.getLogger()
    before = list(root.handlers), root.level
    path = logfile.start_log_file()
    assert path == tmp_path / "logs" / "strongroom.log"
    yield path
    for handler in root.handlers[:]:
        if handler not in before[0]:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(before[1])


def test_the_log_file_is_owner_only_and_rotates(log_to: Path, monkeypatch) -> None:
    assert log_to.stat().st_mode & 0o777 == 0o600
    assert log_to.parent.stat().st_mode & 0o777 == 0o700
    handler = next(
        h for h in logging.getLogger().handlers if getattr(h, "baseFilename", "") == str(log_to)
    )
    handler.maxBytes = 4096  # type: ignore[attr-defined]
    for n in range(200):
        logging.getLogger("app.test").warning("line %d of the rotation test", n)
    assert (log_to.parent / "strongroom.log.1").exists()
    assert log_to.stat().st_size <= 4096
    assert len(list(log_to.parent.glob("strongroom.log*"))) <= 1 + logfile.BACKUPS


@pytest.mark.fuse
def test_a_failed_mount_leaves_libfuse_s_reason_and_no_password(
    log_to: Path, tmp_path: Path
) -> None:
    require_fuse()
    from vaultengine.errors import MountError
    from vaultengine.fuse import mount

    vault = make_vault(tmp_path / "vault")
    with pytest.raises(MountError):
        mount(vault, tmp_path / "mnt", password=PASSWORD, options=["not_an_option_42"])
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_to.read_text()
    assert "unknown option" in text and "not_an_option_42" in text
    assert SECRET_PASSWORD_MARK not in text


@pytest.mark.gui
def test_help_opens_the_log_folder(qtbot, tmp_path: Path, monkeypatch, memory_keyring) -> None:
    from PySide6.QtGui import QAction

    from app.gui.main_window import MainWindow
    from app.services.controller import VaultController
    from app.settings import SettingsStore

    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("STRONGROOM_LOG_DIR", str(tmp_path / "logs"))
    window = MainWindow(VaultController(SettingsStore()))
    qtbot.addWidget(window)
    opened: list[str] = []
    window.reveal_path = lambda path: opened.append(path) is None
    action = next(
        a for a in window.findChildren(QAction) if a.text().replace("&", "") == "Open log folder"
    )
    action.trigger()
    assert opened == [str(tmp_path / "logs")]
