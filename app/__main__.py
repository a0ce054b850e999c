"""`python -m app`: start the desktop app when PySide6 is installed, else show the CLI's help."""

from __future__ import annotations

import importlib.util
import sys

from app.cli.main import main


def run() -> int:
    if importlib.util.find_spec("PySide6") is not None:
        return main(["gui", *sys.argv[1:]])
    return main(["--help"])


if __name__ == "__main__":
    sys.exit(run())
