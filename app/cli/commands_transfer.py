"""Copying between the host and a vault: import and export."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.errors import Failures, at_path, report
from app.cli.i18n import _, ngettext
from app.cli.paths import vault_path
from app.cli.progress import Progress, exported, imported
from app.cli.transfer import TreeExporter, TreeImporter
from app.cli.vault_opening import unlocked


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "import",
        help=_("copy a file or folder into the vault (like cp -r)"),
        description=_(
            "Copy SOURCE from this computer to DEST in the vault, like `cp -r SOURCE DEST`. "
            "DEST must not exist. Symlinks are copied as symlinks, never followed."
        ),
    )
    p.add_argument("vault")
    p.add_argument("source", help=_("file, folder or symlink on this computer"))
    p.add_argument("dest", help=_("new path inside the vault"))
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser(
        "export",
        help=_("copy a file or folder out of the vault (like cp -r)"),
        description=_(
            'Copy PATH from the vault ("/" for everything) to DEST on this computer. '
            "DEST must not exist. Files that fail authentication are reported and left out."
        ),
    )
    p.add_argument("vault")
    p.add_argument("path", help=_("path inside the vault; / exports the whole vault"))
    p.add_argument("dest", help=_("new path on this computer"))
    p.set_defaults(func=cmd_export)


def cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.source)
    dest = vault_path(args.dest)
    with at_path(str(source)):
        source.lstat()  # a typo in SOURCE fails before the password prompt
    failures = Failures()
    progress = Progress(imported)
    with unlocked(args, read_only=False) as vault:
        try:
            with at_path(dest):
                TreeImporter(vault.fs, vault.path, progress, failures).run(source, dest)
        finally:
            progress.finish()
    if failures.count:
        message = ngettext(
            "import incomplete: {count} entry failed",
            "import incomplete: {count} entries failed",
            failures.count,
        )
        report(message.format(count=failures.count))
    return failures.exit_code()


def cmd_export(args: argparse.Namespace) -> int:
    path = vault_path(args.path)
    dest = Path(args.dest)
    failures = Failures()
    progress = Progress(exported)
    with unlocked(args, read_only=True) as vault:
        try:
            with at_path(path):
                TreeExporter(vault.fs, progress, failures).run(path, dest)
        finally:
            progress.finish()
    if failures.count:
        message = ngettext(
            "export incomplete: {count} entry failed",
            "export incomplete: {count} entries failed",
            failures.count,
        )
        report(message.format(count=failures.count))
    return failures.exit_code()
