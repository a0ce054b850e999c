"""`strongroom mount VAULT --volume webdav [--port N]`, and WebDAV volumes in unmount/mounts.

The vault is served on 127.0.0.1 under a secret path by a background process (or this one with
--foreground); the URL is printed. On Linux, when the user has a session bus and `gio`, the
volume is also mounted with `gio mount` (GNOME Files, KDE's kio-fuse-less apps see it there).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
from urllib.parse import urlsplit

from app.cli.errors import CliError, CliUsageError
from app.cli.i18n import _
from app.cli.passwords import secrets_for
from app.cli.traces_report import clean_and_report
from app.cli.vault_opening import checked_vault_info
from vaultengine.webdav.runtime import dav_location

GIO_TIMEOUT = 20.0


def _require_webdav() -> None:
    try:
        import cheroot  # noqa: F401
        import wsgidav  # noqa: F401
    except ImportError:
        raise CliError(
            _("the WebDAV volume needs wsgidav and cheroot: {command}").format(
                command="pip install 'strongroom[webdav]'"
            )
        ) from None


def _check_port(port: int) -> int:
    if not 0 <= port <= 65535:
        raise CliUsageError(
            _("--port must be 0..65535 (0 picks a free port), not {port}").format(port=port)
        )
    return port


def session_bus_available() -> bool:
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return bool(runtime) and os.path.exists(os.path.join(runtime, "bus"))


def gio_mount(url: str) -> str | None:
    """Mount with gio in the user's session; the folder it shows, or None (URL only)."""
    if not sys.platform.startswith("linux") or not session_bus_available():
        return None
    gio = shutil.which("gio")
    if gio is None:
        return None
    try:
        done = subprocess.run(
            [gio, "mount", dav_location(url)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=GIO_TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    parts = urlsplit(url)
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    prefix = parts.path.rstrip("/").replace("/", "%2F")
    folder = os.path.join(
        runtime, "gvfs", f"dav:host={parts.hostname},port={parts.port},ssl=false,prefix={prefix}"
    )
    return folder if os.path.isdir(folder) else dav_location(url)


def gio_unmount(url: str) -> None:
    gio = shutil.which("gio")
    if gio is None or not session_bus_available():
        return
    # on failure the server stops anyway; gvfs then shows the volume as gone
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        subprocess.run(
            [gio, "mount", "-u", dav_location(url)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=GIO_TIMEOUT,
        )


def cmd_mount_webdav(args: argparse.Namespace) -> int:
    if getattr(args, "mountpoint", None):
        raise CliUsageError(
            _(
                "--volume webdav takes no MOUNTPOINT: the vault is served at a URL "
                "(and mounted by the system's WebDAV client where there is one)"
            )
        )
    if getattr(args, "options", None):
        raise CliUsageError(_("-o is for FUSE mounts; --volume webdav has no mount options"))
    port = _check_port(args.port or 0)
    checked_vault_info(args.vault)  # not a vault: exit 4 before any prompt
    _require_webdav()
    password = secrets_for(args).existing(_("Password for {vault}: ").format(vault=args.vault))
    from vaultengine.webdav.child import serve_recorded, spawn_webdav
    from vaultengine.webdav.runtime import write_record

    if args.foreground:

        def ready(server: object) -> None:
            url = getattr(server, "url", "")
            print(_("Serving {vault} at {url}").format(vault=args.vault, url=url), flush=True)
            print(_("Ctrl+C stops serving and locks the vault."), flush=True)

        serve_recorded(
            os.path.abspath(args.vault),
            password,
            port=port,
            read_only=args.read_only,
            on_ready=ready,
        )
        print(_("Stopped serving; the vault is locked."), flush=True)
        return 0
    record = spawn_webdav(args.vault, password=password, port=port, read_only=args.read_only)
    location = gio_mount(record.url)
    if location is not None:
        from dataclasses import replace

        record = replace(record, location=location)
        write_record(record)
    print(
        _("Serving {vault} at {url} (process {pid}).").format(
            vault=args.vault, url=record.url, pid=record.pid
        )
    )
    if location is not None:
        print(_("Mounted with gio: {location}").format(location=location))
    print(_("The URL is the key to the vault while it is unlocked: do not share it."))
    print(_("Stop with: {command}").format(command=f"strongroom unmount {record.url}"))
    return 0


def unmount_webdav(key: str) -> bool:
    """Stop the WebDAV volume named by URL, gio location, vault path or pid; False if none."""
    from vaultengine.webdav.runtime import find_volume, stop_volume

    record = find_volume(key)
    if record is None:
        return False
    if record.location != record.url:
        gio_unmount(record.url)
    if not stop_volume(record):
        raise CliError(
            _("the WebDAV server (process {pid}) did not stop in time").format(pid=record.pid)
        )
    print(_("Stopped serving {vault} at {url}.").format(vault=record.vault_path, url=record.url))
    # The desktop saw it as the URL, as dav://, and (gio) as a folder under gvfs.
    location = record.location if "://" not in record.location else ""
    clean_and_report(
        urls=[record.url, dav_location(record.url)], folders=[location] if location else []
    )
    return True


def webdav_rows() -> list[dict[str, object]]:
    from vaultengine.webdav.runtime import served_volumes

    return [
        {
            "mountpoint": r.location,
            "vault": r.vault_path,
            "read_only": r.read_only,
            "dead": False,
            "volume": "webdav",
            "url": r.url,
            "pid": r.pid,
        }
        for r in served_volumes()
    ]
