"""Durations in plain words: "31 s", "1 h 5 min". Counts are plural forms of the catalogue:
translate_n(context, "%n folder(s)", n) gives "1 folder", "2 folders" (app/i18n.py)."""

from __future__ import annotations

from app.i18n import translate


def duration(seconds: int) -> str:
    """The two largest non-zero units: "31 s", "4 min 2 s", "1 h 5 min", "2 d 3 h"."""
    seconds = max(0, int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    units = (
        translate("Wording", "d", "days, abbreviated"),
        translate("Wording", "h", "hours, abbreviated"),
        translate("Wording", "min", "minutes, abbreviated"),
        translate("Wording", "s", "seconds, abbreviated"),
    )
    parts = list(zip((days, hours, minutes, secs), units, strict=True))
    while len(parts) > 1 and parts[0][0] == 0:
        parts.pop(0)
    shown = parts[:2]
    if len(shown) == 2 and shown[1][0] == 0:
        shown = shown[:1]
    return " ".join(
        translate("Wording", "{value} {unit}", "a number and its unit").format(
            value=value, unit=unit
        )
        for value, unit in shown
    )
