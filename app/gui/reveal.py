"""Show a folder (an unlocked vault, the log folder) in the system's file manager.

Linux: the desktop's handler for a file:// URL (xdg-open behind QDesktopServices). macOS:
`open`, which shows a folder in Finder. Windows: os.startfile (ShellExecute "open"), which opens
Explorer; a drive letter "Z:" becomes its root "Z:\\" (bare "Z:" means the current folder on
Z). `explorer.exe` itself is not used: it exits with 1 even when it opened the window, so a
failure could not be told. A WebDAV volume is its URL, handed to the desktop to open; on Linux
as dav:// (davs://), the scheme GVfs file managers mount, where http:// would open a
web browser that shows no files.
The macOS and Windows branches have only run against fakes (see docs/engine-api.md).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

log = logging.getLogger(__name__)

_URL_SCHEMES = ("http://", "https://", "dav://", "davs://", "webdav://", "webdavs://")


def _open_url(url: QUrl) -> bool:
    return bool(QDesktopServices.openUrl(url))


def open_in_file_manager(
    target: str,
    *,
    open_url: Callable[[QUrl], bool] = _open_url,
    run: Callable[..., subprocess.CompletedProcess[bytes]] | None = None,
    startfile: Callable[[str], None] | None = None,
) -> bool:
    """Show `target` (a folder, a drive letter, or a WebDAV URL); False if nothing could."""
    if target.lower().startswith(_URL_SCHEMES):
        if sys.platform.startswith("linux") and target.lower().startswith(("http://", "https://")):
            target = "dav" + target[4:]  # http://h/p -> dav://h/p, https:// -> davs://
        return open_url(QUrl(target))
    if sys.platform == "darwin":
        run = run or subprocess.run
        try:
            return run(["open", target], capture_output=True, timeout=30).returncode == 0
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("open %s failed: %s", target, exc)
            return False
    if sys.platform == "win32":
        startfile = startfile or getattr(os, "startfile")  # noqa: B009 - Windows only
        if len(target) == 2 and target[1] == ":":
            target += "\\"
        try:
            startfile(target)
        except OSError as exc:
            log.warning("showing %s in Explorer failed: %s", target, exc)
            return False
        return True
    return open_url(QUrl.fromLocalFile(target))
