"""The circuit breaker: a failing upstream is not called again for a while."""

import socket

import pytest
import requests

from theset.providers.breaker import CircuitBreaker
from theset.providers.errors import Unavailable
from theset.providers.ticketmaster import TicketmasterClient


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_opens_after_three_failures_and_half_opens_after_the_cooldown():
    clock = Clock()
    breaker = CircuitBreaker(threshold=3, cooldown=30, clock=clock)
    for _ in range(3):
        breaker.check("tm")
        breaker.failed("tm")
    with pytest.raises(Unavailable, match="not called"):
        breaker.check("tm")
    clock.now += 31
    breaker.check("tm")  # one call may try again
    breaker.succeeded()
    assert breaker.failures == 0


class CountingSession(requests.Session):
    """A session that counts the HTTP calls sent through it."""

    calls = 0

    def request(self, *args, **kwargs):
        self.calls += 1
        return super().request(*args, **kwargs)


def test_a_dead_upstream_is_not_called_while_the_circuit_is_open():
    with socket.socket() as probe:  # a port with nothing listening: connection refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    session = CountingSession()
    client = TicketmasterClient(
        "key",
        base_url=f"http://127.0.0.1:{port}",
        max_retries=0,
        backoff=0.001,
        timeout=(0.2, 0.2),
        session=session,
        breaker=CircuitBreaker(threshold=2, cooldown=60),
    )
    for _ in range(2):
        with pytest.raises(Unavailable):
            client.get_attraction("K8vZ9")
    assert session.calls == 2
    with pytest.raises(Unavailable, match="not called"):
        client.get_attraction("K8vZ9")
    assert session.calls == 2
