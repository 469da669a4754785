"""The answer a demo endpoint gives instead of a normal JSON body, and query parsing."""

from __future__ import annotations

from collections.abc import Callable


class Answer(Exception):
    """Stop handling a request and answer with this status and JSON body."""

    def __init__(self, status: int, body: dict) -> None:
        super().__init__(status)
        self.status, self.body = status, body


def int_param(query: dict, name: str, default: int, error: Callable[[], Answer]) -> int:
    raw = query.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise error() from None
