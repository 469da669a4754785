"""Stable ids and numbers, made from fixed strings."""

from __future__ import annotations

import hashlib

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def digest(*parts: str) -> int:
    """A stable integer from strings (the only source of 'randomness' here)."""
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest(), "big")


def base62(length: int, *parts: str) -> str:
    number = digest(*parts)
    chars = []
    for _ in range(length):
        number, rest = divmod(number, 62)
        chars.append(BASE62[rest])
    return "".join(chars)


def musicbrainz_id(*parts: str) -> str:
    """A stable MusicBrainz id (a version 4 UUID, as MusicBrainz makes them) from strings."""
    hexed = f"{digest(*parts):064x}"
    return f"{hexed[:8]}-{hexed[8:12]}-4{hexed[13:16]}-8{hexed[17:20]}-{hexed[20:32]}"
