"""Password strength feedback for new passwords: a score 0-4, a word, and a hint."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MIN_LENGTH = 8

_COMMON = {
    "password", "passwort", "123456", "12345678", "123456789", "qwerty", "qwertz", "azerty",
    "letmein", "welcome", "iloveyou", "admin", "monkey", "dragon", "sunshine", "football",
    "abc123", "secret", "strongroom", "cryptomator", "master", "trustno1", "111111", "000000",
}  # fmt: skip

LABELS = ("Too weak", "Weak", "Fair", "Good", "Strong")


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


def password_strength(password: str) -> Strength:
    if len(password) < MIN_LENGTH:
        return Strength(0, LABELS[0], f"Use at least {MIN_LENGTH} characters.")
    bits = estimate_bits(password)
    if password.lower() in _COMMON:
        return Strength(0, LABELS[0], "This is one of the most common passwords.")
    if bits < 35:
        score, hint = 1, "Longer is better: add words or characters of other kinds."
    elif bits < 55:
        score, hint = 2, "A few more characters would make it much harder to guess."
    elif bits < 75:
        score, hint = 3, "A good password."
    else:
        score, hint = 4, "A strong password."
    return Strength(score, LABELS[score], hint)
