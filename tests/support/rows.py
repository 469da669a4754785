"""Setlist rows read back out of HTML: each song's id and vote count as the page shows them."""

from __future__ import annotations

import re

ROW = re.compile(r'id="setlist-song-(\d+)" class="song" data-votes="(\d+)"')


def rows(html: str) -> list[tuple[int, int]]:
    """The (song id, votes) of each row, in page order."""
    return [(int(song), int(votes)) for song, votes in ROW.findall(html)]


def votes_of(html: str) -> dict[int, int]:
    """Votes by song id."""
    return dict(rows(html))
