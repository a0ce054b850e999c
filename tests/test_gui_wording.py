"""Counts and durations as the app shows them (no "folder(s)", no "0 h 0 min 31 s")."""

from __future__ import annotations

import pytest

from app.gui.wording import count, duration


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0 folders"), (1, "1 folder"), (2, "2 folders")]
)
def test_count(n: int, expected: str) -> None:
    assert count(n, "folder") == expected


def test_count_with_an_irregular_plural() -> None:
    assert count(3, "entry", "entries") == "3 entries"
    assert count(1, "entry", "entries") == "1 entry"


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
