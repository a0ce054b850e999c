"""Password strength feedback for new passwords: a score 0-4, a word, and a hint."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.i18n import translate, translate_n

MIN_LENGTH = 8

_COMMON = {
    "password", "passwort", "123456", "12345678", "123456789", "qwerty", "qwertz", "azerty",
    "letmein", "welcome", "iloveyou", "admin", "monkey", "dragon", "sunshine", "football",
    "abc123", "secret", "strongroom", "cryptomator", "master", "trustno1", "111111", "000000",
}  # fmt: skip

LABELS = (
    QT_TRANSLATE_NOOP("PasswordStrength", "Too weak"),
    QT_TRANSLATE_NOOP("PasswordStrength", "Weak"),
    QT_TRANSLATE_NOOP("PasswordStrength", "Fair"),
    QT_TRANSLATE_NOOP("PasswordStrength", "Good"),
    QT_TRANSLATE_NOOP("PasswordStrength", "Strong"),
)


@dataclass(frozen=True)
class Strength:
    score: int  # 0..4
    label: str
    hint: str

    @property
    def acceptable(self) -> bool:
        return self.score >= 1


def _charset_size(password: str) -> int:
    size = 0
    if re.search(r"[a-z]", password):
        size += 26
    if re.search(r"[A-Z]", password):
        size += 26
    if re.search(r"[0-9]", password):
        size += 10
    if re.search(r"[^a-zA-Z0-9]", password):
        size += 33
    return max(size, 1)


def estimate_bits(password: str) -> float:
    """A rough guess-resistance estimate: charset entropy, discounted for repeats and sequences."""
    if not password:
        return 0.0
    distinct = len(set(password))
    # Repeated characters add little: count length as a blend of total and distinct characters.
    effective_len = min(len(password), distinct * 2)
    bits = effective_len * math.log2(_charset_size(password))
    lowered = password.lower()
    if any(word in lowered for word in _COMMON):
        bits *= 0.4
    if re.fullmatch(r"(.)\1+", password) or lowered in "abcdefghijklmnopqrstuvwxyz0123456789":
        bits = min(bits, 10.0)
    return bits


def _strength(score: int, hint: str) -> Strength:
    return Strength(score, translate("PasswordStrength", LABELS[score]), hint)


def password_strength(password: str) -> Strength:
    if len(password) < MIN_LENGTH:
        return _strength(
            0, translate_n("PasswordStrength", "Use at least %n characters.", MIN_LENGTH)
        )
    bits = estimate_bits(password)
    if password.lower() in _COMMON:
        return _strength(
            0, translate("PasswordStrength", "This is one of the most common passwords.")
        )
    if bits < 35:
        score, hint = (
            1,
            translate(
                "PasswordStrength", "Longer is better: add words or characters of other kinds."
            ),
        )
    elif bits < 55:
        score, hint = (
            2,
            translate(
                "PasswordStrength", "A few more characters would make it much harder to guess."
            ),
        )
    elif bits < 75:
        score, hint = 3, translate("PasswordStrength", "A good password.")
    else:
        score, hint = 4, translate("PasswordStrength", "A strong password.")
    return _strength(score, hint)
