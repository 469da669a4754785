"""The circuit breaker: an upstream that keeps failing is not called again for a while."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from .errors import Unavailable

log = logging.getLogger("theset.providers")


class CircuitBreaker:
    """Stop calling an upstream that keeps failing, so pages answer fast from stored data.

    After `threshold` failed calls in a row the circuit opens: calls fail at once
    for `cooldown` seconds, then one call is let through to see if it recovered.
    """

    def __init__(
        self,
        threshold: int = 3,
        cooldown: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.threshold = threshold
        self.cooldown = cooldown
        self.clock = clock
        self.failures = 0
        self.open_until = 0.0

    def check(self, provider: str) -> None:
        """Raise Unavailable without calling while the circuit is open."""
        if self.clock() < self.open_until:
            raise Unavailable(provider, "not called: it failed repeatedly just now")

    def succeeded(self) -> None:
        self.failures = 0

    def failed(self, provider: str) -> None:
        self.failures += 1
        if self.failures >= self.threshold:
            self.open_until = self.clock() + self.cooldown
            self.failures = 0
            log.warning("%s keeps failing: not calling it for %.0fs", provider, self.cooldown)
