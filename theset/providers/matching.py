"""Match a Ticketmaster artist name to a Spotify artist by folded name, never by rank alone."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text import strip_accents
from .spotify import SpotifyArtist

_SPACES = re.compile(r"\s+")


def fold_name(name: str) -> str:
    """`name` reduced for comparison: no case, accents, punctuation or leading "the"."""
    text = strip_accents(name.replace("&", " and ").casefold()).casefold()
    # Punctuation is dropped, not spaced, so "M.U.S.E." and "AC/DC" fold to one word.
    text = "".join(ch for ch in text if ch.isalnum() or ch.isspace())
    text = _SPACES.sub(" ", text).strip()
    return text.removeprefix("the ")


def exact_match(name: str, candidates: Iterable[SpotifyArtist]) -> SpotifyArtist | None:
    """The first candidate whose folded name equals the folded `name`, else None."""
    wanted = fold_name(name)
    if not wanted:
        # All punctuation (e.g. "!!!"): folding leaves nothing, so compare the raw names.
        wanted_raw = name.strip().casefold()
        return next((c for c in candidates if c.name.strip().casefold() == wanted_raw), None)
    return next((c for c in candidates if fold_name(c.name) == wanted), None)
