"""Growing delay between wrong password attempts, per vault (slows guessing at the keyboard)."""

from __future__ import annotations

import time
from collections.abc import Callable

FREE_ATTEMPTS = 2  # typos happen: the first retries are immediate
MAX_DELAY_S = 30.0


class AttemptLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._failures: dict[str, int] = {}
        self._not_before: dict[str, float] = {}

    def failures(self, key: str) -> int:
        return self._failures.get(key, 0)

    def record_failure(self, key: str) -> float:
        """Count a wrong password; returns the seconds to wait before the next try."""
        count = self._failures.get(key, 0) + 1
        self._failures[key] = count
        delay = 0.0 if count < FREE_ATTEMPTS else min(2.0 ** (count - FREE_ATTEMPTS), MAX_DELAY_S)
        self._not_before[key] = self._clock() + delay
        return delay

    def record_success(self, key: str) -> None:
        self._failures.pop(key, None)
        self._not_before.pop(key, None)

    def wait_remaining(self, key: str) -> float:
        return max(0.0, self._not_before.get(key, 0.0) - self._clock())
