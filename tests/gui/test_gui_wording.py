"""Counts and durations as the app shows them (no "folder(s)", no "0 h 0 min 31 s")."""

from __future__ import annotations

import pytest

from app.gui.wording import duration
from app.i18n import translate_n


@pytest.mark.parametrize(("n", "expected"), [(0, "0 folders"), (1, "1 folder"), (2, "2 folders")])
def test_count_in_english_has_plural_forms(qapp: object, n: int, expected: str) -> None:
    # English plural forms come from strongroom_en.qm, loaded with the system's language.
    assert translate_n("HealthDialog", "%n folder(s)", n) == expected


def test_count_with_an_irregular_plural(qapp: object) -> None:
    text = "%n problem(s) need attention"
    assert translate_n("HealthDialog", text, 3) == "3 problems need attention"
    assert translate_n("HealthDialog", text, 1) == "1 problem needs attention"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0 s"),
        (31, "31 s"),
        (60, "1 min"),
        (242, "4 min 2 s"),
        (3600, "1 h"),
        (3900, "1 h 5 min"),
        (3905, "1 h 5 min"),
        (3 * 86400 + 7200 + 5, "3 d 2 h"),
        (-5, "0 s"),
    ],
)
def test_duration(seconds: int, expected: str) -> None:
    assert duration(seconds) == expected
