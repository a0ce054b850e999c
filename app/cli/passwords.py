"""Reading passwords and recovery keys: a no-echo prompt, or one line each from standard input."""

from __future__ import annotations

import getpass
import sys

from app.cli.errors import CliError, CliUsageError
from app.cli.i18n import N_, _


class SecretReader:
    """Hands out secrets in the order a command asks for them.

    With `from_stdin`, each secret is the next line of standard input (only the line ending is
    removed), so scripts can pipe "old\\nnew\\n" into `passwd`. Otherwise each is prompted for
    without echo, and new passwords are asked twice.
    """

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin

    def existing(self, prompt: str = "") -> str:
        return self._read(prompt or _("Password: "), what=PASSWORD)

    def recovery_key(self, prompt: str = "") -> str:
        return self._read(prompt or _("Recovery key (44 words): "), what=RECOVERY_KEY)

    def new_password(self, prompt: str = "") -> str:
        first = self._read(prompt or _("New password: "), what=NEW_PASSWORD)
        if not self.from_stdin:
            again = self._read(_("Repeat the new password: "), what=NEW_PASSWORD)
            if again != first:
                raise CliError(_("the two passwords do not match"))
        if not first:
            raise CliError(_("an empty password is not allowed"))
        return first

    def _read(self, prompt: str, *, what: tuple[str, str]) -> str:
        if self.from_stdin:
            return _stdin_line(what)
        try:
            return getpass.getpass(prompt)
        except EOFError:
            raise CliUsageError(_(what[0])) from None


# What is read: the message when the prompt gets no answer, and when stdin has no line left.
PASSWORD = (N_("no password given"), N_("expected the password as a line on standard input"))
NEW_PASSWORD = (
    N_("no new password given"),
    N_("expected the new password as a line on standard input"),
)
RECOVERY_KEY = (
    N_("no recovery key given"),
    N_("expected the recovery key as a line on standard input"),
)


def _stdin_line(what: tuple[str, str]) -> str:
    line = sys.stdin.readline()
    if not line:
        raise CliUsageError(_(what[1]))
    # Strip only the line ending: spaces at either end are part of the password.
    if line.endswith("\n"):
        line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
    return line


def secrets_for(args: object) -> SecretReader:
    return SecretReader(bool(getattr(args, "password_stdin", False)))
