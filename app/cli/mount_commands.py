"""The `mount`, `unmount` and `mounts` commands: a vault as a folder through FUSE."""

from __future__ import annotations

import argparse
import json
import sys

from app.cli.errors import CliError, CliUsageError
from app.cli.i18n import _
from app.cli.passwords import secrets_for
from app.cli.traces_report import clean_and_report
from app.cli.vault_opening import checked_vault_info
from vaultengine.errors import FuseUnavailableError, UnmountBusyError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "mount",
        help=_("mount a vault as a folder (FUSE) or serve it over WebDAV"),
        description=_(
            "Unlock VAULT and show it as the folder MOUNTPOINT (empty or missing: it is created "
            "and removed again). Returns once the folder is usable and leaves the filesystem "
            "running in a background process, unless --foreground."
        ),
    )
    p.add_argument("vault")
    p.add_argument("mountpoint", nargs="?", help=_("the folder (FUSE only)"))
    p.add_argument(
        "--volume",
        choices=("fuse", "webdav"),
        default="fuse",
        help=_("fuse (default): a folder; webdav: served at a URL on 127.0.0.1"),
    )
    p.add_argument("--port", type=int, default=0, help=_("WebDAV port (default: a free one)"))
    p.add_argument("--read-only", action="store_true", help=_("refuse every change"))
    p.add_argument(
        "--foreground",
        action="store_true",
        help=_("serve in this process until Ctrl+C or SIGTERM, which unmount cleanly"),
    )
    p.add_argument(
        "-o",
        dest="options",
        action="append",
        default=[],
        metavar="OPTION[,OPTION...]",
        help=_(
            "extra FUSE mount options (may be repeated); allow_other lets other local users "
            "reach the mount, so it comes with default_permissions and owner-only modes"
        ),
    )
    p.set_defaults(func=cmd_mount)

    p = subparsers.add_parser("unmount", help=_("unmount a mounted vault (keys are dropped)"))
    p.add_argument("mountpoint", help=_("the mount point, or a WebDAV volume's URL or vault"))
    p.add_argument(
        "--force",
        action="store_true",
        help=_("lock even while files are open: open files and folders inside fail from now on"),
    )
    p.set_defaults(func=cmd_unmount)

    p = subparsers.add_parser("mounts", help=_("list the vaults this user has mounted"))
    p.add_argument("--json", action="store_true", help=_("print a JSON array"))
    p.add_argument(
        "--clean", action="store_true", help=_("unmount dead mounts left by a crashed process")
    )
    p.set_defaults(func=cmd_mounts)


def cmd_mount(args: argparse.Namespace) -> int:
    from vaultengine.fuse import serve_foreground, spawn_mount
    from vaultengine.fuse.loader import require_fuse
    from vaultengine.fuse.mountpoint import absolute_mountpoint, check_mountpoint

    if args.volume == "webdav":
        from app.cli.webdav_volume import cmd_mount_webdav

        return cmd_mount_webdav(args)
    if args.mountpoint is None:
        raise CliUsageError(_("MOUNTPOINT is required (or serve it with --volume webdav)"))
    checked_vault_info(args.vault)  # not a vault: exit 4 before any prompt
    try:
        require_fuse()  # FuseUnavailableError with the install hint, before any prompt
    except FuseUnavailableError as exc:
        raise FuseUnavailableError(
            _("{problem} Without FUSE: {command}").format(
                problem=exc.message, command="strongroom mount VAULT --volume webdav"
            )
        ) from None
    # On Windows "Z:" is a WinFsp drive, not a folder relative to the current one on drive Z.
    mountpoint = absolute_mountpoint(args.mountpoint)
    check_mountpoint(mountpoint)
    # Held in a list and popped into the call, so no frame here keeps it while serving.
    secret = [secrets_for(args).existing(_("Password for {vault}: ").format(vault=args.vault))]
    if args.foreground:

        def ready() -> None:
            print(
                _("Mounted {vault} on {mountpoint}. Ctrl+C unmounts.").format(
                    vault=args.vault, mountpoint=mountpoint
                ),
                flush=True,
            )

        serve_foreground(
            args.vault,
            mountpoint,
            password=secret.pop(),
            read_only=args.read_only,
            options=args.options,
            on_ready=ready,
        )
        print(_("Unmounted {mountpoint}.").format(mountpoint=mountpoint), flush=True)
        return 0
    pid = spawn_mount(
        args.vault,
        mountpoint,
        password=secret.pop(),
        read_only=args.read_only,
        options=args.options,
    )
    print(
        _("Mounted {vault} on {mountpoint} (process {pid}).").format(
            vault=args.vault, mountpoint=mountpoint, pid=pid
        )
    )
    print(_("Unmount with: {command}").format(command=f"strongroom unmount {mountpoint}"))
    return 0


def cmd_unmount(args: argparse.Namespace) -> int:
    from vaultengine.fuse import find_mount, unmount_mountpoint
    from vaultengine.fuse.mountpoint import absolute_mountpoint

    mountpoint = absolute_mountpoint(args.mountpoint)
    if find_mount(mountpoint) is None:
        if _unmount_webdav(args.mountpoint):
            return 0
        from app.cli.commands_control import lock_app_webdav

        if lock_app_webdav(args.mountpoint, force=bool(args.force)):
            return 0
        raise CliError(_("{mountpoint} is not a Strongroom mount").format(mountpoint=mountpoint))
    if args.force:
        from vaultengine.fuse.revoke import REVOKE_TIMEOUT, force_unmount

        if not force_unmount(mountpoint):
            raise CliError(
                _(
                    "{mountpoint} was detached, but its mount process did not confirm within "
                    "{seconds} s that it stopped serving"
                ).format(mountpoint=mountpoint, seconds=f"{REVOKE_TIMEOUT:g}")
            )
    else:
        try:
            unmount_mountpoint(mountpoint)
        except UnmountBusyError:
            raise UnmountBusyError(
                _("{mountpoint} is in use: files are open (close them, or use --force)").format(
                    mountpoint=mountpoint
                )
            ) from None
    print(_("Unmounted {mountpoint}.").format(mountpoint=mountpoint))
    clean_and_report(mountpoint)
    return 0


def cmd_mounts(args: argparse.Namespace) -> int:
    from vaultengine.fuse import clean_dead_mounts, is_dead, our_mounts

    cleaned = clean_dead_mounts() if args.clean else []
    rows = [
        {
            "mountpoint": r.mountpoint,
            "vault": r.vault_path,
            "read_only": r.read_only,
            "dead": is_dead(r.mountpoint),
        }
        for r in our_mounts()
    ]
    rows += _webdav_rows()
    from app.cli.commands_control import app_webdav_rows

    rows += app_webdav_rows()
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    for record in cleaned:
        print(
            _("cleaned dead mount {mountpoint} (vault {vault})").format(
                mountpoint=record.mountpoint, vault=record.vault_path
            )
        )
    for row in rows:
        flags = "".join(
            [" (read-only)" if row["read_only"] else "", " (DEAD)" if row["dead"] else ""]
        )
        if row.get("served_by") == "app":
            flags += " " + _("(WebDAV {url}, served by the app)").format(url=row["url"])
        elif row.get("volume") == "webdav":
            flags += f" (WebDAV {row['url']})"
        print(f"{row['mountpoint']}\t{row['vault']}{flags}")
    return 0


def _unmount_webdav(key: str) -> bool:
    try:
        from app.cli.webdav_volume import unmount_webdav
    except ImportError:
        return False
    return unmount_webdav(key)


def _webdav_rows() -> list[dict[str, object]]:
    try:
        from app.cli.webdav_volume import webdav_rows
    except ImportError:
        return []
    return webdav_rows()
