"""How names are written on pages: possessives and genres."""

import pytest

from theset.web.wording import genre_name, possessive


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Zoé Marchetti", "Zoé Marchetti's"),
        ("Dr. Marlowe's Lamplighters", "Dr. Marlowe's Lamplighters'"),
        ("GRÜNWALD", "GRÜNWALD's"),
        ("THE BEASTIE BOYS", "THE BEASTIE BOYS'"),
        ("Fjøra", "Fjøra's"),
    ],
)
def test_a_possessive_takes_only_an_apostrophe_after_an_s(name, written):
    assert possessive(name) == written


@pytest.mark.parametrize(
    ("genre", "written"),
    [
        # Spotify writes genres in lower case: the first word gets a capital, acronyms
        # and peoples' names get theirs.
        ("mpb", "MPB"),
        ("french pop", "French pop"),
        ("j-pop", "J-pop"),
        ("k-pop", "K-pop"),
        ("r&b", "R&B"),
        ("uk garage", "UK garage"),
        ("classic italian pop", "Classic Italian pop"),
        ("edm", "EDM"),
        ("cumbia sonidera", "Cumbia sonidera"),
        # Ticketmaster writes them as they are written: kept.
        ("MPB", "MPB"),
        ("Hip-Hop/Rap", "Hip-Hop/Rap"),
        ("R&B", "R&B"),
    ],
)
def test_a_genre_keeps_its_proper_case(genre, written):
    assert genre_name(genre) == written
