"""Entry point of the frozen bundle: the `strongroom` command, or the desktop app when started bare.

A double-click (Finder, Explorer, a file manager) starts the program without arguments, so no
arguments means the desktop app, as `python -m app` does; anything else is the command line.
"""

from __future__ import annotations

import sys

# Options only the desktop app takes: the autostart entry runs `<bundle executable> --hidden`.
GUI_ONLY_OPTIONS = ("--hidden",)


def bundle_args(argv: list[str]) -> list[str]:
    """The CLI arguments for the bundle's own arguments (without the program name)."""
    # Finder may pass a process serial number ("-psn_0_12345") to apps it launches.
    args = [arg for arg in argv if not arg.startswith("-psn_")]
    if not args or args[0] in GUI_ONLY_OPTIONS:
        return ["gui", *args]
    return args


def main(argv: list[str] | None = None) -> int:
    from app.cli.main import main as cli_main

    return cli_main(bundle_args(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
