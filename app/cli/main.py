"""Argument parsing, dispatch, and the one table from errors to exit codes."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from app.cli import (
    commands_app,
    commands_check,
    commands_control,
    commands_files,
    commands_transfer,
    commands_vault,
)
from app.cli.display import escape_line
from app.cli.errors import CliError, CliUsageError, describe, report
from app.cli.i18n import N_, _, install_for_argparse
from app.version import __version__
from vaultengine.errors import (
    InvalidRecoveryKeyError,
    VaultError,
    VaultFormatError,
    WrongPasswordError,
)
from vaultengine.format.constants import DEFAULT_SCRYPT_COST
from vaultengine.process_hardening import harden_process

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_WRONG_PASSWORD = 3
EXIT_BAD_VAULT = 4
EXIT_INTERRUPTED = 130

# The one table: the first row whose type matches decides the exit code and whether a message
# is printed. Content that fails authentication (AuthenticationFailedError, BrokenDirectoryError)
# is a VaultError and an OSError: both rows give 1.
EXIT_CODES: tuple[tuple[type[BaseException], int, bool], ...] = (
    (CliUsageError, EXIT_USAGE, True),
    (WrongPasswordError, EXIT_WRONG_PASSWORD, True),
    (InvalidRecoveryKeyError, EXIT_WRONG_PASSWORD, True),
    (VaultFormatError, EXIT_BAD_VAULT, True),  # not a vault, unsupported, damaged vault files
    (VaultError, EXIT_FAILED, True),  # also VaultStateError: locked, folder unusable for create
    (CliError, EXIT_FAILED, True),
    (BrokenPipeError, EXIT_FAILED, False),  # `strongroom cat ... | head`: the reader left
    (OSError, EXIT_FAILED, True),
    (KeyboardInterrupt, EXIT_INTERRUPTED, True),
)

# Command modules, each with register(subparsers). The optional ones belong to other parts
# (the FUSE mount commands) and are skipped when they are absent.
COMMAND_MODULES: tuple[ModuleType, ...] = (
    commands_vault,
    commands_files,
    commands_transfer,
    commands_check,
    commands_app,
    commands_control,
)
OPTIONAL_COMMAND_MODULES = ("app.cli.mount_commands",)

EPILOG = N_(
    "exit status: 0 done, 1 the operation failed, 2 usage error, 3 wrong password or\n"
    "recovery key, 4 not a vault / unsupported / damaged vault files.\n"
    "Passwords are prompted for without echo; --password-stdin reads each one as a line instead."
)


class _Parser(argparse.ArgumentParser):
    """Usage errors become one line (`strongroom: ...`) and exit status 2 via the table."""

    def error(self, message: str) -> NoReturn:
        raise CliUsageError(
            _("{message} (see '{prog} --help')").format(message=message, prog=self.prog)
        )


# Set only by tests/conftest.py: lets `create --scrypt-cost` go below the default, so the test
# suite's throw-away vaults derive keys in microseconds. Outside the tests a cost below the
# default would make every offline password guess cheaper, so it is refused.
WEAK_SCRYPT_FOR_TESTS_ENV = "STRONGROOM_TESTS_ALLOW_WEAK_SCRYPT"


def _scrypt_cost(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a number: {text}").format(text=repr(text))
        ) from None
    if value < 2 or value & (value - 1):
        raise argparse.ArgumentTypeError(
            _("must be a power of two of at least 2: {value}").format(value=value)
        )
    if value < DEFAULT_SCRYPT_COST and os.environ.get(WEAK_SCRYPT_FOR_TESTS_ENV) != "1":
        raise argparse.ArgumentTypeError(
            _(
                "must be at least the default {default}: a lower cost makes guessing the "
                "password cheaper: {value}"
            ).format(default=DEFAULT_SCRYPT_COST, value=value)
        )
    return value


def build_parser(*, debug: bool = False) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="strongroom",
        description=_("Work with Cryptomator format 8 vaults from the command line."),
        epilog=_(EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"strongroom {__version__}",
        help=_("show the version number and exit"),
    )
    # --self-test: the installers' check of an installation (app/selftest.py, installers helper).
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_("check this installation end to end with a throw-away vault, then exit"),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    for name in OPTIONAL_COMMAND_MODULES:
        _register_optional(name, subparsers, debug=debug)
    _patch_scrypt_cost_type(subparsers)
    _add_common_options(parser, top=True)
    return parser


def _register_optional(name: str, subparsers: argparse._SubParsersAction, *, debug: bool) -> None:  # type: ignore[type-arg]
    try:
        module = importlib.import_module(name)
        module.register(subparsers)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            _optional_failed(name, exc, debug)
    except Exception as exc:  # a broken add-on must not take the whole CLI down
        _optional_failed(name, exc, debug)


def _optional_failed(name: str, exc: BaseException, debug: bool) -> None:
    if debug:
        traceback.print_exception(exc)
        report(
            _("warning: commands from {module} are unavailable: {error}").format(
                module=name, error=describe(exc)
            )
        )


def _patch_scrypt_cost_type(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    create = subparsers.choices.get("create")
    if create is not None:
        for action in create._actions:
            if action.dest == "scrypt_cost":
                action.type = _scrypt_cost


def _add_common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """--debug and --password-stdin work before or after the command name."""
    # In subcommands SUPPRESS keeps an absent flag from overwriting one given before the command.
    default: object = False if top else argparse.SUPPRESS
    options = parser._option_string_actions
    if "--debug" not in options:
        parser.add_argument(
            "--debug",
            action="store_true",
            default=default,
            help=_("show tracebacks and engine log messages"),
        )
    if "--password-stdin" not in options:
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            default=default,
            help=_("read each password from standard input, one per line"),
        )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in {id(p): p for p in action.choices.values()}.values():
                _add_common_options(sub, top=False)


def exit_code_for(exc: BaseException) -> tuple[int, bool]:
    for error_type, code, show in EXIT_CODES:
        if isinstance(exc, error_type):
            return code, show
    return EXIT_FAILED, True


class _EscapingFormatter(logging.Formatter):
    """Log lines on stderr are one line each and carry no control character (bad input #27)."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return escape_line(super().formatMessage(record))


def _configure_logging(debug: bool) -> None:
    root = logging.getLogger()
    if root.handlers:
        return  # embedded (tests, the app): leave logging to whoever set it up
    if debug:
        level, fmt = logging.DEBUG, "%(levelname)s %(name)s: %(message)s"
    else:
        level, fmt = logging.ERROR, "strongroom: %(message)s"
    handler = logging.StreamHandler()
    handler.setFormatter(_EscapingFormatter(fmt))
    logging.basicConfig(level=level, handlers=[handler])


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status (the console script passes it to sys.exit)."""
    harden_process()  # before any password is read: no core dumps, no same-user ptrace
    install_for_argparse()
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv  # known before parsing, so parse-time problems honour it too
    try:
        parser = build_parser(debug=debug)
        args, extra = parser.parse_known_args(argv)
        if extra and not getattr(args, "accepts_extra_args", False):
            parser.error(_("unrecognized arguments: {arguments}").format(arguments=" ".join(extra)))
        args.extra_args = extra
        debug = bool(args.debug)
        _configure_logging(debug)
        if args.self_test:  # --self-test (installers helper)
            from app.selftest import run as run_self_test

            return run_self_test(sys.stdout)
        func = getattr(args, "func", None)
        if func is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        return int(func(args) or EXIT_OK)
    except SystemExit as exc:  # --help, --version, or a command that chose to exit
        return exc.code if isinstance(exc.code, int) else EXIT_OK if exc.code is None else 1
    except BaseException as exc:
        code, show = exit_code_for(exc)
        if debug:
            traceback.print_exception(exc)
        if isinstance(exc, BrokenPipeError):
            _silence_stdout()
        if show:
            message = _("interrupted") if isinstance(exc, KeyboardInterrupt) else describe(exc)
            if not isinstance(exc, (CliError, VaultError, OSError, KeyboardInterrupt)):
                message = _("internal error: {type}: {message}").format(
                    type=type(exc).__name__, message=message
                )
            report(message)
        return code
