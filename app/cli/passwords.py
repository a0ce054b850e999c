"""Reading passwords and recovery keys: a no-echo prompt, or one line each from standard input."""

from __future__ import annotations

import getpass
import sys

from app.cli.errors import CliError, CliUsageError


class SecretReader:
    """Hands out secrets in the order a command asks for them.

    With `from_stdin`, each secret is the next line of standard input (only the line ending is
    removed), so scripts can pipe "old\\nnew\\n" into `passwd`. Otherwise each is prompted for
    without echo, and new passwords are asked twice.
    """

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin

    def existing(self, prompt: str = "Password: ") -> str:
        return self._read(prompt, what="password")

    def recovery_key(self, prompt: str = "Recovery key (44 words): ") -> str:
        return self._read(prompt, what="recovery key")

    def new_password(self, prompt: str = "New password: ") -> str:
        first = self._read(prompt, what="new password")
        if not self.from_stdin:
            again = self._read("Repeat the new password: ", what="new password")
            if again != first:
                raise CliError("the two passwords do not match")
        if not first:
            raise CliError("an empty password is not allowed")
        return first

    def _read(self, prompt: str, *, what: str) -> str:
        if self.from_stdin:
            return _stdin_line(what)
        try:
            return getpass.getpass(prompt)
        except EOFError:
            raise CliUsageError(f"no {what} given") from None


def _stdin_line(what: str) -> str:
    line = sys.stdin.readline()
    if not line:
        raise CliUsageError(f"expected the {what} as a line on standard input")
    # Strip only the line ending: spaces at either end are part of the password.
    if line.endswith("\n"):
        line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
    return line


def secrets_for(args: object) -> SecretReader:
    return SecretReader(bool(getattr(args, "password_stdin", False)))
