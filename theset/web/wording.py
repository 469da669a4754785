"""How names are written on pages: possessives, genres, and names inside HTML snippets."""

from __future__ import annotations

import re

from flask import Flask
from markupsafe import Markup

# Spotify writes genres in lower case; these words keep their own case in English.
GENRE_ACRONYMS = frozenset({"mpb", "edm", "r&b", "uk", "us", "dj", "idm", "ebm", "nz", "lgbtq+"})
GENRE_PROPER_WORDS = frozenset(
    {
        "african", "american", "argentine", "australian", "brazilian", "british", "canadian",
        "chicago", "colombian", "cuban", "detroit", "english", "french", "german", "irish",
        "italian", "japanese", "korean", "latin", "mexican", "nordic", "norwegian", "romanian",
        "spanish", "swedish",
    }
)  # fmt: skip
# An ampersand a browser could read as the start of a character reference.
AMBIGUOUS_AMPERSAND = re.compile(r"&(?=[A-Za-z0-9#])")


def possessive(name: str) -> str:
    """ "Zoé Marchetti's", but "Dr. Marlowe's Lamplighters'"."""
    return f"{name}'" if name.lower().endswith("s") else f"{name}'s"


def genre_name(genre: str) -> str:
    """A genre as written in a sentence: Ticketmaster's as given ("Hip-Hop/Rap"), Spotify's
    lower-case ones with a capital first word, acronyms and proper words ("MPB", "J-pop")."""
    if genre != genre.lower():
        return genre
    words = [_genre_word(word) for word in genre.split(" ")]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def _genre_word(word: str) -> str:
    if word in GENRE_ACRONYMS:
        return word.upper()
    return word.capitalize() if word in GENRE_PROPER_WORDS else word


def snippet_text(text: str) -> Markup:
    """`text` escaped for a double-quoted attribute or an element's text, and no more, so
    that a snippet shown for copying reads like the HTML one would write by hand."""
    escaped = AMBIGUOUS_AMPERSAND.sub("&amp;", text)
    for character, reference in (("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        escaped = escaped.replace(character, reference)
    # Every character HTML gives meaning to is escaped above.
    return Markup(escaped)  # nosec B704


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.add_template_filter(possessive)
    app.add_template_filter(genre_name)
    app.add_template_filter(snippet_text)
