"""This user's private runtime folder: where the app's control socket and the WebDAV volumes'
records (their URLs, which hold the secret prefix) live."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def private_dir(*parts: str, env: dict[str, str] | None = None) -> Path:
    """$XDG_RUNTIME_DIR/strongroom[/parts], else <tmp>/strongroom-<uid>[/parts]: each folder
    made 0700 and checked to be ours. A folder another user made (or a symlink planted in
    /tmp) must not hold our socket or receive our URLs."""
    env = dict(os.environ) if env is None else env
    base = env.get("XDG_RUNTIME_DIR") or ""
    if base and os.path.isabs(base) and os.path.isdir(base):
        top = Path(base) / "strongroom"
    else:
        top = Path(tempfile.gettempdir()) / f"strongroom-{os.getuid()}"
    folders = [top]
    for part in parts:
        folders.append(folders[-1] / part)
    for folder in folders:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            raise PermissionError(f"{folder} is not a private folder of this user")
        if st.st_mode & 0o077:
            os.chmod(folder, 0o700)
    return folders[-1]
