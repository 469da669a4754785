"""Song names as fans know them: a live take, a remaster or a demo is the same song.

A track's song is its title without the bracketed or dashed suffixes that name a
version ("- 2020 Remaster", "(Live at …)", "[Demo]"), folded the way people type
(case, accents and punctuation). The catalog import flags versions by the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..text import strip_accents

# Words that, in a bracketed or dashed suffix of a title, mark a version other than the
# studio recording: "Song (Acoustic)", "Song - Live at Wembley", "Song [2019 Remaster]".
_VERSION_WORDS = re.compile(
    r"\b(live|remix(ed)?|re-?master(ed)?|demo|acoustic|instrumental|karaoke|unplugged)\b",
    re.IGNORECASE,
)
_SUFFIXES = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]|\s[-–—]\s(.*)$")
# Dropped inside words, so "Don't" is one word and "a.m." is "am"; other marks part words.
_JOINERS = str.maketrans("", "", "'’ʼ.")
_WORDS = re.compile(r"[^\W_]+")


def version_suffixes(title: str) -> Iterator[re.Match]:
    """The bracketed or dashed parts of `title` that name a version of a song."""
    for match in _SUFFIXES.finditer(title):
        suffix = next(group for group in match.groups() if group is not None)
        if _VERSION_WORDS.search(suffix):
            yield match


def names_a_version(title: str) -> bool:
    """Whether `title` names a version ("Song (Acoustic)"), not the studio recording."""
    return next(version_suffixes(title), None) is not None


def song_title(title: str) -> str:
    """`title` without its version suffixes: "Owl Light - 2020 Remaster" → "Owl Light"."""
    kept, start = [], 0
    for match in version_suffixes(title):
        kept.append(title[start : match.start()])
        start = match.end()
    kept.append(title[start:])
    return " ".join("".join(kept).split()) or title


def fold(text: str) -> str:
    """`text` as fans type it: no case, accents or punctuation, "&" read as "and"."""
    text = strip_accents(text.casefold()).casefold().replace("&", " and ")
    return " ".join(_WORDS.findall(text.translate(_JOINERS)))


def song_key(title: str) -> str:
    """What every version of a song has in common: its folded title without versions.
    "4 a.m. Cab Ride (Live)" and "4 A.M. Cab Ride – 2020 Remaster" are "4 am cab ride"."""
    title = song_title(title)
    return fold(title) or " ".join(title.casefold().split())
