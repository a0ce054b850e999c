"""CLI-side errors and the one-line wording of any error; exit codes live in main.py's table."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from app.cli.display import escape_line, quote_name
from app.cli.i18n import _
from vaultengine.errors import VaultError


class CliError(Exception):
    """An operation failed for a reason the CLI itself detected (exit 1)."""


class CliUsageError(CliError):
    """The command line or its standard input does not make sense (exit 2)."""


def with_path(exc: OSError, path: str) -> OSError:
    """Name the cleartext/host path in an OSError that does not name one yet, keeping its type."""
    if exc.filename is None:
        exc.filename = path
    return exc


def describe(exc: BaseException) -> str:
    """One line for a person: which path (if any) and what went wrong; never a traceback."""
    if isinstance(exc, OSError):
        detail = _os_error_detail(exc)
        filename = exc.filename
        if filename is not None:
            name = quote_name(os.fsdecode(filename))
            if exc.filename2 is not None:
                name = f"{name} -> {quote_name(os.fsdecode(exc.filename2))}"
            return f"{name}: {detail}"
        return detail
    if isinstance(exc, VaultError):
        return str(exc)
    text = str(exc)
    return text if text else type(exc).__name__


def _os_error_detail(exc: OSError) -> str:
    if isinstance(exc, VaultError):
        return str(exc)
    if exc.errno == errno.EIO and exc.strerror and exc.strerror != os.strerror(errno.EIO):
        return _("I/O error: {detail}").format(detail=exc.strerror)
    if exc.strerror:
        return exc.strerror
    if exc.errno is not None:
        return os.strerror(exc.errno)
    return str(exc) or type(exc).__name__


def report(message: str) -> None:
    """Print one error line on stderr in the house format."""
    # Names are quoted where they enter a message (quote_name); whatever control character is
    # left (a name inside an engine message, a host path) is escaped here, so that nothing
    # from a vault drives the terminal and one report stays one line. Host names that are not
    # UTF-8 arrive as lone surrogates and are shown as their bytes (\xNN).
    printable = escape_line(message)
    sys.stderr.write(f"strongroom: {printable}\n")
    sys.stderr.flush()


class Failures:
    """Collects per-entry failures of a tree operation that carries on past them (export, ls -R)."""

    def __init__(self) -> None:
        self.count = 0

    def record(self, exc: BaseException, path: str | None = None) -> None:
        if isinstance(exc, OSError) and path is not None:
            with_path(exc, path)
        self.count += 1
        report(describe(exc))

    def exit_code(self) -> int:
        return 1 if self.count else 0


@contextmanager
def at_path(path: str) -> Iterator[None]:
    """Name `path` in any OSError raised inside the block that does not name a path yet."""
    try:
        yield
    except OSError as exc:
        with_path(exc, path)
        raise
