"""`strongroom status`, `unlock` and `lock`: through the running app when there is one (its
control socket, app/services/control_protocol.py), else directly with the mount commands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from app.cli.errors import CliError, CliUsageError
from app.cli.i18n import _
from app.services import control_protocol as proto
from app.settings import VaultEntry, config_dir, resolve_mount_point, saved_settings
from vaultengine.errors import UnmountBusyError, WrongPasswordError

# Unlocking may wait for scrypt and a mount; locking for the trace clean-up too.
UNLOCK_WAIT = 200.0
LOCK_WAIT = 100.0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "status",
        help=_("list the vaults: locked or unlocked, where, since when (through the running app)"),
    )
    p.add_argument("--json", action="store_true", help=_("one JSON object per vault, in an array"))
    p.set_defaults(func=cmd_status)

    p = subparsers.add_parser(
        "unlock",
        help=_("unlock a vault and mount it where its options say (through the running app)"),
        description=_(
            "With Strongroom running, the app unlocks VAULT (a folder not in its list is added): "
            "with --password-stdin, else with the saved password, else it shows its unlock "
            "dialog. Without the app, the vault is mounted in the background like "
            "`strongroom mount`."
        ),
    )
    p.add_argument("vault", metavar="NAME-OR-PATH")
    p.set_defaults(func=cmd_unlock)

    p = subparsers.add_parser(
        "lock",
        help=_("lock a vault, or all of them (through the running app)"),
        description=_(
            "Lock VAULT (or every unlocked vault with --all). A vault whose files are open is "
            "refused with the programs holding them, unless --force."
        ),
    )
    p.add_argument("vault", metavar="NAME-OR-PATH", nargs="?")
    p.add_argument("--all", action="store_true", help=_("lock every unlocked vault"))
    p.add_argument(
        "--force",
        action="store_true",
        help=_("lock even while files are open: those programs lose access (unsaved work is lost)"),
    )
    p.set_defaults(func=cmd_lock)


# --- talking to the app --------------------------------------------------------------------


def ask_app(cmd: str, *, timeout: float = 30.0, **args: Any) -> dict[str, Any] | None:
    """The app's response, or None when no app runs (no socket, or a stale one)."""
    try:
        path = proto.socket_path(config_dir())
    except OSError:
        return None  # no private folder: the app could not have put a socket there either
    try:
        return proto.call(path, proto.request(cmd, **args), timeout=timeout)
    except proto.AppNotRunning:
        return None
    except proto.ProtocolError as exc:
        raise CliError(_("the running app: {message}").format(message=exc.message)) from None
    except OSError as exc:
        raise CliError(_("the running app did not answer ({error})").format(error=exc)) from None


def raise_for(response: dict[str, Any]) -> dict[str, Any]:
    """The result of a successful response; the error of a failed one as an exception."""
    if response.get("ok"):
        result = response.get("result")
        return result if isinstance(result, dict) else {}
    err = response["error"]
    message = str(err.get("message", _("failed")))
    code = err.get("code")
    if code == proto.WRONG_PASSWORD:
        raise WrongPasswordError(message)
    if code == proto.BUSY:
        raise UnmountBusyError(_busy_line(err) or message)
    raise CliError(message)


def _busy_line(err: dict[str, Any]) -> str:
    """'Taxes is in use by less (pid 4242): notes.txt; ...' - one line for the terminal."""
    parts = []
    for vault in err.get("vaults") or []:
        if vault.get("locked"):
            continue
        holders = vault.get("holders")
        if holders:
            who = "; ".join(
                _("{program} (pid {pid}): {files}").format(
                    program=h.get("program"),
                    pid=h.get("pid"),
                    files=", ".join(os.path.basename(p) or p for p in (h.get("paths") or [])[:3]),
                )
                for h in holders
            )
            parts.append(
                _("{name} is in use by {programs}").format(name=vault.get("name"), programs=who)
            )
        else:
            parts.append(
                str(vault.get("error") or _("{name} was not locked").format(name=vault.get("name")))
            )
    if not parts:
        return ""
    return _("{problems} (close them, or use --force)").format(problems=" / ".join(parts))


# --- status --------------------------------------------------------------------------------


def cmd_status(args: argparse.Namespace) -> int:
    response = ask_app("status")
    if response is not None:
        vaults = with_outside_mounts(raise_for(response).get("vaults", []))
    else:
        vaults = direct_status()
    if args.json:
        json.dump(vaults, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if response is None:
        print(_("(Strongroom is not running: its vault list and this user's mounts)"))
    for vault in vaults:
        print(_status_line(vault))
    return 0


def _status_line(vault: dict[str, Any]) -> str:
    name, path = vault.get("name"), vault.get("path")
    if vault.get("state") != "unlocked":
        activity = vault.get("activity")
        state = activity if activity and activity != "unlocked" else "locked"
        return f"{name}\t{state}\t{path}"
    details = [str(vault.get("volume") or "?")]
    if vault.get("read_only"):
        details.append("read-only")
    if vault.get("since"):
        details.append(f"since {vault['since']}")
    if vault.get("bytes_read") is not None:
        details.append(
            f"read {_size(vault['bytes_read'])}, written {_size(vault['bytes_written'])}"
        )
    return f"{name}\tunlocked at {vault.get('mount_point')} ({', '.join(details)})\t{path}"


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{n} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"


def _mount_rows() -> list[dict[str, Any]]:
    """This user's FUSE mounts and WebDAV volumes, from the mount table and WebDAV records.

    Nothing here touches a mount point: a hung mount must not hang `status` or `lock`."""
    rows: list[dict[str, Any]] = []
    try:
        from vaultengine.fuse import our_mounts

        rows += [
            {
                "mountpoint": r.mountpoint,
                "vault": r.vault_path,
                "read_only": r.read_only,
                "volume": "fuse",
            }
            for r in our_mounts()
        ]
    except ImportError:
        pass
    try:
        from app.cli.webdav_volume import webdav_rows

        rows += webdav_rows()
    except (ImportError, OSError):
        pass
    return rows


def app_webdav_rows() -> list[dict[str, Any]]:
    """The running app's WebDAV volumes, as rows of `strongroom mounts` (it serves them in its
    own process: no record or mount table knows them). [] without an app or an answer."""
    try:
        response = ask_app("status", timeout=10.0)
    except CliError:
        return []
    if response is None or not response.get("ok"):
        return []
    return [
        {
            "mountpoint": vault.get("mount_point") or vault.get("url"),
            "vault": vault["path"],
            "read_only": bool(vault.get("read_only")),
            "dead": False,
            "volume": "webdav",
            "url": vault.get("url"),
            "served_by": "app",
            "id": vault.get("id"),
            "name": vault.get("name"),
        }
        for vault in response["result"].get("vaults", [])
        if vault.get("state") == "unlocked" and vault.get("volume") == "webdav"
    ]


def lock_app_webdav(key: str, *, force: bool) -> bool:
    """`strongroom unmount URL` of a volume the app serves: the app locks that vault (False
    when no app volume has that URL or location)."""
    row = next((r for r in app_webdav_rows() if key in (r["url"], r["mountpoint"])), None)
    if row is None:
        return False
    response = ask_app("lock", timeout=LOCK_WAIT, vault=row["id"], force=force)
    if response is None:  # the app quit meanwhile, locking everything
        return True
    result = raise_for(response)
    for vault in result.get("vaults", []):
        print(vault.get("traces") or _("{name} locked.").format(name=vault.get("name")))
    return True


def _same_folder(a: str, b: str) -> bool:
    # Compared as written (both absolute): resolving links would stat, which may hang.
    return os.path.normpath(os.path.abspath(a)) == os.path.normpath(os.path.abspath(b))


def with_outside_mounts(vaults: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The app's list plus what `strongroom mount` mounted behind its back (it cannot know)."""
    rows = _mount_rows()
    for vault in vaults:
        if vault.get("state") == "unlocked":
            continue
        row = next((r for r in rows if _same_folder(str(r["vault"]), str(vault["path"]))), None)
        if row is not None:
            outside = _direct_vault(vault["name"], vault["path"], row, vault.get("id") or "")
            vault.update(outside, activity="unlocked outside the app")
    paths = [str(v["path"]) for v in vaults]
    for row in rows:
        if not any(_same_folder(str(row["vault"]), p) for p in paths):
            vault = _direct_vault(Path(str(row["vault"])).name, str(row["vault"]), row)
            vaults.append({**vault, "activity": "unlocked outside the app"})
    return vaults


def direct_status() -> list[dict[str, Any]]:
    entries = saved_settings().vaults
    rows = _mount_rows()
    vaults = []
    listed_paths = []
    for entry in entries:
        row = next((r for r in rows if _same_folder(str(r["vault"]), entry.path)), None)
        vaults.append(_direct_vault(entry.name, entry.path, row, entry.id))
        listed_paths.append(entry.path)
    for row in rows:  # mounted with `strongroom mount`, not in the app's list
        if not any(_same_folder(str(row["vault"]), p) for p in listed_paths):
            vaults.append(_direct_vault(Path(str(row["vault"])).name, str(row["vault"]), row))
    return vaults


def _direct_vault(
    name: str, path: str, row: dict[str, Any] | None, vid: str = ""
) -> dict[str, Any]:
    return {
        "id": vid or None,
        "name": name,
        "path": path,
        "state": "unlocked" if row else "locked",
        "activity": "unlocked" if row else "locked",
        "mount_point": row["mountpoint"] if row else None,
        "volume": row.get("volume", "fuse") if row else None,
        "read_only": row["read_only"] if row else None,
        "since": None,  # known to the app only
        "bytes_read": None,
        "bytes_written": None,
        "error": None,
    }


# --- unlock --------------------------------------------------------------------------------


def _vault_key(text: str) -> str:
    """A path (it has a '/', or is '.', '..', '~...') is sent absolute, since the app runs
    elsewhere; anything else is a vault's name, even where a folder of that name is at hand."""
    if os.sep in text or text in (".", "..") or text.startswith("~"):
        return os.path.abspath(os.path.expanduser(text))
    return text


def cmd_unlock(args: argparse.Namespace) -> int:
    key = _vault_key(args.vault)
    if ask_app("status") is None:
        return direct_unlock(args, key)
    request: dict[str, Any] = {"vault": key}
    if args.password_stdin:
        from app.cli.passwords import secrets_for

        request["password"] = secrets_for(args).existing(
            _("Password for {vault}: ").format(vault=args.vault)
        )
    result = raise_for(ask_app("unlock", timeout=UNLOCK_WAIT, **request) or _gone())
    name, mount_point = result.get("name"), result.get("mount_point")
    if result.get("dialog"):
        print(_("Strongroom asks for the password of {name} in its window.").format(name=name))
    elif result.get("already"):
        print(
            _("{name} is already unlocked at {mount_point}.").format(
                name=name, mount_point=mount_point
            )
        )
    else:
        print(_("Unlocked {name} at {mount_point}.").format(name=name, mount_point=mount_point))
        if result.get("warning"):
            print(_("Note: {warning}").format(warning=result["warning"]))
    return 0


def _gone() -> dict[str, Any]:
    raise CliError(_("the running app went away before answering"))


def _find_entry(key: str) -> VaultEntry | None:
    settings = saved_settings()
    for match in (
        [e for e in settings.vaults if e.id == key],
        [e for e in settings.vaults if e.name == key],
        [e for e in settings.vaults if e.name.casefold() == key.casefold()],
    ):
        if len(match) == 1:
            return match[0]
        if len(match) > 1:
            raise CliUsageError(
                _("{name} names several vaults: give the folder").format(name=repr(key))
            )
    if os.path.isabs(key):
        return settings.vault_by_path(key)
    return None


def direct_unlock(args: argparse.Namespace, key: str) -> int:
    """No app: mount it in the background where the app would, like `strongroom mount`."""
    from app.cli.mount_commands import cmd_mount

    entry = _find_entry(key)
    if entry is None:
        if not os.path.isabs(key):
            raise CliError(
                _("no vault {name} in Strongroom's list (a folder: {folder})").format(
                    name=repr(key), folder=f"./{key}"
                )
            )
        entry = VaultEntry.new(Path(key).name, key)
    prefs = saved_settings().preferences
    mount_point = resolve_mount_point(entry, prefs)
    Path(mount_point).parent.mkdir(parents=True, exist_ok=True)
    options = [o.strip() for o in entry.options.mount_options.split(",") if o.strip()]
    mount_args = argparse.Namespace(
        **{
            **vars(args),
            "vault": entry.path,
            "mountpoint": mount_point,
            "volume": "fuse",
            "port": 0,
            "read_only": entry.options.read_only,
            "foreground": False,
            "options": options,
        }
    )
    code = cmd_mount(mount_args)
    which = entry.name if _find_entry(entry.name) else entry.path
    print(_("Lock with: {command}").format(command=f"strongroom lock {which}"))
    return code


# --- lock ----------------------------------------------------------------------------------


def cmd_lock(args: argparse.Namespace) -> int:
    if bool(args.vault) == bool(args.all):
        raise CliUsageError(_("name one vault, or --all (see 'strongroom lock --help')"))
    key = _vault_key(args.vault) if args.vault else ""
    request: dict[str, Any] = {"all": True} if args.all else {"vault": key}
    response = ask_app("lock", timeout=LOCK_WAIT, force=bool(args.force), **request)
    if response is None:
        return direct_lock(args, key)
    if not response.get("ok") and response["error"].get("code") == proto.NOT_UNLOCKED:
        # Perhaps mounted with `strongroom mount` while the app ran: lock that one directly.
        try:
            return direct_lock(args, key)
        except CliError:
            pass
    result = raise_for(response)
    vaults = result.get("vaults", [])
    if not vaults:
        print(_("No vault was unlocked."))
    for vault in vaults:
        print(vault.get("traces") or _("{name} locked.").format(name=vault.get("name")))
    return 0


def direct_lock(args: argparse.Namespace, key: str) -> int:
    """No app: unmount this user's mount(s) of the vault, as `strongroom unmount` does."""
    from app.cli.mount_commands import cmd_unmount

    rows = _mount_rows()
    if not args.all:
        entry = _find_entry(key)
        path = entry.path if entry is not None else key
        rows = [r for r in rows if _same_folder(str(r["vault"]), path)]
        if not rows:
            raise CliError(_("{vault} is not unlocked").format(vault=args.vault))
    elif not rows:
        print(_("No vault was unlocked."))
        return 0
    for row in rows:
        target = str(row["url"]) if row.get("volume") == "webdav" else str(row["mountpoint"])
        cmd_unmount(argparse.Namespace(mountpoint=target, force=bool(args.force)))
    return 0
