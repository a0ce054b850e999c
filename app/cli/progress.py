"""Progress of long operations as one self-overwriting stderr line, shown only on a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from app.cli.i18n import ngettext

_INTERVAL_S = 0.1


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def imported(files: int, size: str) -> str:
    text = ngettext("imported {count} file, {size}", "imported {count} files, {size}", files)
    return text.format(count=files, size=size)


def exported(files: int, size: str) -> str:
    text = ngettext("exported {count} file, {size}", "exported {count} files, {size}", files)
    return text.format(count=files, size=size)


def checked(files: int, size: str) -> str:
    text = ngettext("checked {count} file, {size}", "checked {count} files, {size}", files)
    return text.format(count=files, size=size)


class Progress:
    """Counts files and bytes; redraws "\\rimported N files, X MiB" (the line `describe` makes
    of the file count and the size) at most ten times a second."""

    def __init__(
        self,
        describe: Callable[[int, str], str],
        stream: TextIO | None = None,
        *,
        enabled: bool | None = None,
    ):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.describe = describe
        self.files = 0
        self.bytes = 0
        self._last_draw = 0.0
        self._drawn = False

    def add_file(self) -> None:
        self.files += 1
        self._maybe_draw()

    def add_bytes(self, count: int) -> None:
        self.bytes += count
        self._maybe_draw()

    def set_counts(self, files: int, size: int) -> None:
        """For engine callbacks that report running totals rather than increments."""
        self.files = files
        self.bytes = size
        self._maybe_draw()

    def line(self) -> str:
        return self.describe(self.files, human_size(self.bytes))

    def finish(self) -> None:
        if self.enabled and self._drawn:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def interrupt(self) -> None:
        """End the progress line so that an error message starts on a line of its own."""
        if self.enabled and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    def _maybe_draw(self) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw >= _INTERVAL_S:
            self._last_draw = now
            self._draw()

    def _draw(self) -> None:
        # Pad so a shorter line fully covers the previous one.
        self.stream.write("\r" + self.line().ljust(40))
        self.stream.flush()
        self._drawn = True
