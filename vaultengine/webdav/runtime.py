"""Which vaults this user serves over WebDAV: one small JSON record per serving process.

Records live in $XDG_RUNTIME_DIR/strongroom/webdav/<pid>.json (else a private folder under
the temp dir), folder 0700 and files 0600: the URL in them is the key to the vault while it
is unlocked. A record whose process is gone is stale and removed when listed.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from vaultengine.private_dir import private_dir


@dataclass(frozen=True)
class WebDavRecord:
    pid: int
    url: str
    vault_path: str
    read_only: bool
    location: str  # where the system's client shows it (gio), else the URL
    start_ticks: int | None = None  # the process's start time: a reused pid is not ours


def dav_location(url: str) -> str:
    """http://127.0.0.1:P/prefix/ -> dav://127.0.0.1:P/prefix/ (gio's name for it)."""
    return "dav://" + url.split("://", 1)[1]


def process_start_ticks(pid: int) -> int | None:
    """Field 22 of /proc/PID/stat (None where there is no /proc)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(raw.rsplit(")", 1)[1].split()[19])


def runtime_dir() -> Path:
    return private_dir("webdav")


def write_record(record: WebDavRecord) -> Path:
    path = runtime_dir() / f"{record.pid}.json"
    temp = path.with_suffix(".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(asdict(record), out)
    os.replace(temp, path)
    return path


def remove_record(pid: int) -> None:
    with contextlib.suppress(OSError):
        (runtime_dir() / f"{pid}.json").unlink()


def _alive(record: WebDavRecord) -> bool:
    try:
        os.kill(record.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # another user's process took the pid
    if record.start_ticks is None:
        return True
    return process_start_ticks(record.pid) == record.start_ticks


def served_volumes() -> list[WebDavRecord]:
    """This user's live WebDAV volumes; stale records are removed."""
    records = []
    for path in sorted(runtime_dir().glob("*.json")):
        try:
            data = json.loads(path.read_text())
            record = WebDavRecord(
                pid=int(data["pid"]),
                url=str(data["url"]),
                vault_path=str(data["vault_path"]),
                read_only=bool(data["read_only"]),
                location=str(data.get("location") or data["url"]),
                start_ticks=data.get("start_ticks"),
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if _alive(record):
            records.append(record)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
    return records


def find_volume(key: str) -> WebDavRecord | None:
    """By URL (with or without the trailing '/'), gio location, vault path or pid."""
    wanted = key.rstrip("/")
    absolute = os.path.abspath(key) if "://" not in key else key
    for record in served_volumes():
        if wanted in (record.url.rstrip("/"), record.location.rstrip("/"), str(record.pid)):
            return record
        if absolute == record.vault_path:
            return record
    return None


def stop_volume(record: WebDavRecord, *, timeout: float = 10.0) -> bool:
    """SIGTERM the serving process and wait until it is gone (True) or the time is up."""
    if not _alive(record):
        remove_record(record.pid)
        return True
    with contextlib.suppress(ProcessLookupError):
        os.kill(record.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(record):
            remove_record(record.pid)
            return True
        time.sleep(0.05)
    return False
