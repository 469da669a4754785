"""Text folding shared by slugs, name matching and the demo catalog's search."""

from __future__ import annotations

import re
import unicodedata

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


def slugify(text: str) -> str:
    """A URL slug: ASCII, lowercase, words joined by hyphens ("Dr. Marlowe's" → "dr-marlowes")."""
    folded = strip_accents(text).casefold().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def is_whole_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts "¹" and "٣", which int() refuses."""
    return text.isascii() and text.isdigit()
