"""Thumbnails written by Qt (an independent PNG writer) are read like the GLib ones: the
thumbnail clean-up after locking (app/services/traces.py) finds their Thumb::URI."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.traces import thumbnail_uri
from tests.helpers.traces import file_uri


def test_qt_written_thumbnail_is_understood(tmp_path: Path) -> None:
    """An independent PNG writer (Qt's) producing the same keys."""
    gui = pytest.importorskip("PySide6.QtGui")
    image = gui.QImage(16, 16, gui.QImage.Format.Format_ARGB32)
    image.fill(0)
    uri = file_uri("/home/u/Vaults/Foo/notes.txt")
    image.setText("Thumb::URI", uri)
    image.setText("Thumb::MTime", "1700000000")
    target = tmp_path / "q.png"
    assert image.save(str(target), "PNG")
    assert thumbnail_uri(target) == uri
