"""Commands on files inside a vault: ls, cat, mkdir, rm, mv."""

from __future__ import annotations

import argparse
import errno
import os
import stat
import sys
import time
from collections.abc import Iterator

from app.cli.display import json_dumps, quote_name
from app.cli.errors import CliError, Failures, at_path
from app.cli.i18n import _
from app.cli.paths import vault_basename, vault_join, vault_path
from app.cli.transfer import stream_out
from app.cli.vault_opening import unlocked
from vaultengine.fs import Attr, VaultFileSystem


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("ls", help=_("list a folder in the vault"))
    p.add_argument("vault")
    p.add_argument("path", nargs="?", default="/", help=_("path inside the vault (default /)"))
    p.add_argument("-l", dest="long", action="store_true", help=_("mode, size, mtime, name"))
    p.add_argument("-R", dest="recursive", action="store_true", help=_("list subfolders too"))
    p.add_argument("--json", action="store_true", help=_("print a JSON list of entries"))
    p.set_defaults(func=cmd_ls)

    p = subparsers.add_parser("cat", help=_("write a vault file's cleartext to standard output"))
    p.add_argument("vault")
    p.add_argument("path")
    p.set_defaults(func=cmd_cat)

    p = subparsers.add_parser("mkdir", help=_("create folders in the vault"))
    p.add_argument("vault")
    p.add_argument("paths", nargs="+", metavar="path")
    p.add_argument(
        "-p", dest="parents", action="store_true", help=_("create parents; no error if it exists")
    )
    p.set_defaults(func=cmd_mkdir)

    p = subparsers.add_parser("rm", help=_("delete files (and with -r, folders) in the vault"))
    p.add_argument("vault")
    p.add_argument("paths", nargs="+", metavar="path")
    p.add_argument(
        "-r",
        "-R",
        dest="recursive",
        action="store_true",
        help=_("delete folders and their content"),
    )
    p.set_defaults(func=cmd_rm)

    p = subparsers.add_parser("mv", help=_("rename or move inside the vault"))
    p.add_argument("vault")
    p.add_argument("source")
    p.add_argument("dest", help=_("new path; an existing folder receives SOURCE inside it"))
    p.add_argument("-f", "--force", action="store_true", help=_("replace an existing DEST file"))
    p.set_defaults(func=cmd_mv)


def entry_type(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISREG(mode):
        return "file"
    return "other"


def _walk(
    fs: VaultFileSystem, top: str, attr: Attr, recursive: bool, failures: Failures
) -> Iterator[tuple[str, Attr]]:
    """(path, attr) of what `ls` shows: the folder's entries (depth first with -R), or `top`."""
    if not stat.S_ISDIR(attr.st_mode):
        yield top, attr
        return
    # A stack of listings instead of recursion: deep trees must not hit the recursion limit.
    stack = [iter(_sorted_listing(fs, top))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path, child_attr = entry
        yield path, child_attr
        if recursive and stat.S_ISDIR(child_attr.st_mode):
            try:
                stack.append(iter(_sorted_listing(fs, path)))
            except OSError as exc:
                failures.record(exc)  # one unreadable folder does not end the listing


def _sorted_listing(fs: VaultFileSystem, folder: str) -> list[tuple[str, Attr]]:
    with at_path(folder):
        entries = fs.listdir(folder)
    return [(vault_join(folder, name), attr) for name, attr in sorted(entries, key=lambda e: e[0])]


def cmd_ls(args: argparse.Namespace) -> int:
    top = vault_path(args.path)
    failures = Failures()
    with unlocked(args, read_only=True) as vault:
        fs = vault.fs
        with at_path(top):
            top_attr = fs.stat(top)
        rows = []
        for path, attr in _walk(fs, top, top_attr, args.recursive, failures):
            target = None
            if stat.S_ISLNK(attr.st_mode) and (args.long or args.json):
                try:
                    with at_path(path):
                        target = fs.readlink(path)
                except OSError as exc:
                    failures.record(exc)
            name = vault_basename(path) or "/"
            shown = quote_name(path if args.recursive else name)
            if args.json:
                rows.append(_json_row(name, path, attr, target))
            elif args.long:
                print(_long_line(shown, attr, target))
            else:
                print(shown)
        if args.json:
            print(json_dumps(rows, indent=2))
    return failures.exit_code()


def _json_row(name: str, path: str, attr: Attr, target: str | None) -> dict[str, object]:
    row: dict[str, object] = {
        "name": name,
        "path": path,
        "type": entry_type(attr.st_mode),
        "size": attr.st_size,
        "mtime_ns": attr.st_mtime_ns,
    }
    if stat.S_ISLNK(attr.st_mode):
        row["target"] = target
    return row


def _long_line(shown: str, attr: Attr, target: str | None) -> str:
    mtime = time.strftime("%Y-%m-%d %H:%M", time.localtime(attr.st_mtime_ns / 1e9))
    line = f"{stat.filemode(attr.st_mode)} {attr.st_size:>12} {mtime} {shown}"
    if stat.S_ISLNK(attr.st_mode):
        line += f" -> {quote_name(target) if target is not None else '?'}"
    return line


def cmd_cat(args: argparse.Namespace) -> int:
    path = vault_path(args.path)
    out = sys.stdout.buffer
    sys.stdout.flush()
    with unlocked(args, read_only=True) as vault, at_path(path):
        attr = vault.fs.stat(path)
        if stat.S_ISDIR(attr.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if stat.S_ISLNK(attr.st_mode):
            target = vault.fs.readlink(path)
            raise CliError(
                _("{path}: is a symlink to {target}; cat does not follow symlinks").format(
                    path=quote_name(path), target=quote_name(target)
                )
            )
        try:
            # Each write is a range the engine authenticated; a bad chunk raises before output.
            stream_out(vault.fs, path, out.write)
        finally:
            out.flush()
    return 0


def cmd_mkdir(args: argparse.Namespace) -> int:
    failures = Failures()
    with unlocked(args, read_only=False) as vault:
        for text in args.paths:
            path = vault_path(text)
            try:
                with at_path(path):
                    if args.parents:
                        _makedirs(vault.fs, path)
                    else:
                        vault.fs.mkdir(path)
            except OSError as exc:
                failures.record(exc)
    return failures.exit_code()


def _makedirs(fs: VaultFileSystem, path: str) -> None:
    current = "/"
    for part in [p for p in path.split("/") if p]:
        current = vault_join(current, part)
        try:
            attr = fs.stat(current)
        except FileNotFoundError:
            fs.mkdir(current)
            continue
        if not stat.S_ISDIR(attr.st_mode):
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), current)


def cmd_rm(args: argparse.Namespace) -> int:
    failures = Failures()
    with unlocked(args, read_only=False) as vault:
        for text in args.paths:
            path = vault_path(text)
            try:
                with at_path(path):
                    _remove(vault.fs, path, args.recursive)
            except OSError as exc:
                failures.record(exc)
    return failures.exit_code()


def _remove(fs: VaultFileSystem, path: str, recursive: bool) -> None:
    if path == "/":
        raise CliError(_("refusing to remove the vault's root folder"))
    attr = fs.stat(path)
    if not stat.S_ISDIR(attr.st_mode):
        fs.unlink(path)  # symlinks too: the link goes, never its target
        return
    if not recursive:
        raise IsADirectoryError(errno.EISDIR, _("is a folder (use rm -r)"), path)
    # Post-order without recursion: a folder is removed once everything below it is gone.
    stack: list[tuple[str, bool]] = [(path, False)]
    while stack:
        folder, emptied = stack.pop()
        if emptied:
            with at_path(folder):
                fs.rmdir(folder)
            continue
        stack.append((folder, True))
        with at_path(folder):
            entries = fs.listdir(folder)
        for name, child_attr in entries:
            child = vault_join(folder, name)
            if stat.S_ISDIR(child_attr.st_mode):
                stack.append((child, False))
            else:
                with at_path(child):
                    fs.unlink(child)


def cmd_mv(args: argparse.Namespace) -> int:
    source = vault_path(args.source)
    dest = vault_path(args.dest)
    if source == "/":
        raise CliError(_("cannot move the vault's root folder"))
    with unlocked(args, read_only=False) as vault:
        fs = vault.fs
        with at_path(source):
            fs.stat(source)
        try:
            dest_attr = fs.stat(dest)
        except FileNotFoundError:
            pass
        else:
            if stat.S_ISDIR(dest_attr.st_mode):
                dest = vault_join(dest, vault_basename(source))
        if dest == source:
            return 0
        if dest.startswith(source + "/"):
            raise CliError(
                _("cannot move {source} into itself ({dest})").format(
                    source=quote_name(source), dest=quote_name(dest)
                )
            )
        try:
            fs.rename(source, dest, noreplace=not args.force)
        except FileExistsError:
            raise CliError(
                _("{path}: already exists (use -f to replace it)").format(path=quote_name(dest))
            ) from None
        except OSError as exc:
            exc.filename, exc.filename2 = source, dest
            raise
    return 0
