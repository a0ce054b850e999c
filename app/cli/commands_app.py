"""The `gui` command: start the desktop app (PySide6 is imported only here, and lazily)."""

from __future__ import annotations

import argparse
import importlib.util

from app.cli.errors import CliError
from app.cli.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "gui",
        help=_("start the desktop app"),
        description=_("Start the desktop app. Options it does not know are passed on to Qt."),
    )
    p.add_argument("--hidden", action="store_true", help=_("start in the tray only"))
    # Unknown options (Qt's -style, -platform...) are collected by main() into extra_args.
    p.set_defaults(func=cmd_gui, accepts_extra_args=True)


def cmd_gui(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("PySide6") is None:
        raise CliError(
            _("the desktop app needs PySide6: {command}").format(
                command="pip install 'strongroom[gui]'"
            )
        )
    from app.gui.main import run  # lazy: the CLI must work where Qt is absent

    # The app parses sys.argv-style lists: program name first.
    argv = ["strongroom"]
    argv += ["--hidden"] if args.hidden else []
    argv += ["--debug"] if args.debug else []
    return int(run([*argv, *args.extra_args]))
