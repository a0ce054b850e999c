"""The app's log file: rotated, in the platform's log folder, and never a secret in it.

The engine logs ciphertext paths and reasons, never passwords, keys or cleartext (checked by
tests/fuse/test_secrets_flow.py); this file adds time stamps and keeps the last few hundred KiB
so a person can see, or send, what went wrong after the fact (Help > Open log folder).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_NAME = "strongroom.log"
MAX_BYTES = 512 * 1024
BACKUPS = 3  # strongroom.log.1 .. .3


def log_dir() -> Path:
    """$STRONGROOM_LOG_DIR, else platformdirs' user log folder (~/.local/state/Strongroom/log
    on Linux, ~/Library/Logs/Strongroom on macOS, %LOCALAPPDATA%\\Strongroom\\Logs on Windows)."""
    override = os.environ.get("STRONGROOM_LOG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_log_dir("Strongroom", appauthor=False))


def log_file() -> Path:
    return log_dir() / LOG_NAME


def start_log_file(level: int = logging.INFO) -> Path | None:
    """Add a rotating file handler to the root logger; None (and stderr only) if impossible."""
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        os.chmod(folder / LOG_NAME, 0o600)  # paths of vaults are nobody else's business
    except OSError as exc:
        logging.getLogger(__name__).warning("no log file in %s: %s", folder, exc)
        return None
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return folder / LOG_NAME
