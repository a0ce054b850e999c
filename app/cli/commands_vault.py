"""Vault-level commands: create, info, passwd, recovery-key show/reset."""

from __future__ import annotations

import argparse
import json
import os
import sys

from app.cli.display import quote_name
from app.cli.errors import CliError, CliUsageError
from app.cli.i18n import _
from app.cli.passwords import secrets_for
from app.cli.vault_opening import checked_vault_info
from vaultengine import vault as engine
from vaultengine.errors import HostileParametersError, NotAVaultError
from vaultengine.format.constants import (
    CIPHER_COMBOS,
    DEFAULT_CIPHER_COMBO,
    DEFAULT_SCRYPT_COST,
    DEFAULT_SHORTENING_THRESHOLD,
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("create", help=_("create a new, empty vault"))
    p.add_argument("vault", help=_("folder to create the vault in (missing or empty)"))
    p.add_argument(
        "--scrypt-cost",
        type=int,
        default=DEFAULT_SCRYPT_COST,
        metavar="N",
        help=_("scrypt cost parameter, a power of two, at least the default {default}").format(
            default=DEFAULT_SCRYPT_COST
        ),
    )
    p.add_argument(
        "--shortening-threshold",
        type=int,
        default=DEFAULT_SHORTENING_THRESHOLD,
        metavar="N",
        help=_("expert: ciphertext name length above which names are shortened"),
    )
    p.add_argument(
        "--cipher-combo",
        default=DEFAULT_CIPHER_COMBO,
        choices=CIPHER_COMBOS,
        help=_("expert: content cipher (default {default})").format(default=DEFAULT_CIPHER_COMBO),
    )
    p.add_argument(
        "--show-recovery-key",
        action="store_true",
        help=_("print the recovery key on standard output"),
    )
    p.set_defaults(func=cmd_create)

    p = subparsers.add_parser("info", help=_("show a vault's format and settings (no password)"))
    p.add_argument("vault")
    p.add_argument("--json", action="store_true", help=_("print a JSON object"))
    p.set_defaults(func=cmd_info)

    p = subparsers.add_parser(
        "passwd",
        help=_("change a vault's password"),
        description=_(
            "Change the password. With --password-stdin: line 1 the old password, "
            "line 2 the new one."
        ),
    )
    p.add_argument("vault")
    p.set_defaults(func=cmd_passwd)

    p = subparsers.add_parser(
        "recovery-key", help=_("show the recovery key, or reset the password")
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help=_("print the vault's 44-word recovery key"))
    show.add_argument("vault")
    show.set_defaults(func=cmd_recovery_show)
    reset = actions.add_parser(
        "reset",
        help=_("set a new password using the recovery key"),
        description=_("With --password-stdin: line 1 the 44 words, line 2 the new password."),
    )
    reset.add_argument("vault")
    reset.set_defaults(func=cmd_recovery_reset)


def cmd_create(args: argparse.Namespace) -> int:
    vault = args.vault
    if os.path.lexists(vault):
        if not os.path.isdir(vault):
            raise CliError(_("{path}: exists and is not a folder").format(path=vault))
        if os.listdir(vault):
            raise CliError(_("{path}: folder is not empty").format(path=vault))
    password = secrets_for(args).new_password(_("New password for {vault}: ").format(vault=vault))
    try:
        recovery_key = engine.create_vault(
            vault,
            password,
            scrypt_cost=args.scrypt_cost,
            shortening_threshold=args.shortening_threshold,
            cipher_combo=args.cipher_combo,
        )
    except (ValueError, HostileParametersError) as exc:
        # Options the engine refuses before writing anything: a usage problem, not a damaged vault.
        raise CliUsageError(str(exc)) from None
    print(_("Created vault {vault}").format(vault=vault), file=sys.stderr)
    if args.show_recovery_key:
        print(recovery_key)
    else:
        print(
            _("See its recovery key with: {command}").format(
                command=f"strongroom recovery-key show {vault}"
            ),
            file=sys.stderr,
        )
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    info = checked_vault_info(args.vault)
    fields = {
        "path": info.path,
        "format": info.format,
        "cipher_combo": info.cipher_combo,
        "shortening_threshold": info.shortening_threshold,
        "vault_id": info.vault_id,
        "masterkey_filename": info.masterkey_filename,
    }
    if args.json:
        print(json.dumps(fields, indent=2))  # ASCII-only: every character escaped
    else:
        labels = {
            "path": _("path:"),
            "format": _("format:"),
            "cipher_combo": _("cipher combo:"),
            "shortening_threshold": _("shortening threshold:"),
            "vault_id": _("vault id:"),
            "masterkey_filename": _("masterkey filename:"),
        }
        width = max(len(label) for label in labels.values())
        for key, value in fields.items():
            # vault_id and masterkey_filename come from the (untrusted) vault.cryptomator.
            shown = quote_name(value) if isinstance(value, str) else value
            print(f"{labels[key]:<{width + 1}}{shown}")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    checked_vault_info(args.vault)
    secrets = secrets_for(args)
    old = secrets.existing(_("Current password for {vault}: ").format(vault=args.vault))
    new = secrets.new_password()
    engine.change_password(args.vault, old, new)
    print(_("Password changed."), file=sys.stderr)
    return 0


def cmd_recovery_show(args: argparse.Namespace) -> int:
    checked_vault_info(args.vault)
    password = secrets_for(args).existing(_("Password for {vault}: ").format(vault=args.vault))
    print(engine.show_recovery_key(args.vault, password))
    return 0


def cmd_recovery_reset(args: argparse.Namespace) -> int:
    # No vault_info here: a reset may be exactly what repairs a damaged vault.cryptomator.
    if not os.path.isdir(args.vault):
        raise NotAVaultError(_("{path}: no such vault folder").format(path=args.vault))
    secrets = secrets_for(args)
    words = " ".join(secrets.recovery_key().split())
    new = secrets.new_password()
    engine.reset_password(args.vault, words, new)
    print(_("Password reset."), file=sys.stderr)
    return 0
