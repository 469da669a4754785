"""Text folding shared by slugs, name matching and the demo catalog's search; names on one
line; whole numbers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_WHOLE = re.compile("[1-9][0-9]*")

# Letters Unicode does not decompose into a base letter plus an accent.
_TRANSLITERATE = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
    }
)


def strip_accents(text: str) -> str:
    """`text` without accents: "Zoé" → "Zoe", "Fjøra" → "Fjora"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def one_line(text: str) -> str:
    """`text` as one line of words: control characters and runs of spaces are one space,
    none around it."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def begins_words(typed: list[str], words: Iterable[str]) -> bool:
    """Every typed word begins one of `words`, in any order, the way people type a name:
    ["zoe", "mar"] begins ["zoe", "marchetti"]. Nothing typed begins nothing."""
    words = list(words)
    return bool(typed) and all(any(word.startswith(part) for word in words) for part in typed)


def slugify(text: str) -> str:
    """A URL slug: ASCII, lowercase, words joined by hyphens ("Dr. Marlowe's" → "dr-marlowes")."""
    folded = strip_accents(text).casefold().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def parse_whole_number(text: str, maximum: int) -> int | None:
    """The number from 1 to `maximum` written in `text` as ASCII digits without a leading
    zero, or None. The length is checked first: int() refuses strings over 4,300 digits,
    and str.isdigit() accepts "¹" and "٣"."""
    if len(text) > len(str(maximum)) or not _WHOLE.fullmatch(text):
        return None
    number = int(text)
    return number if number <= maximum else None
