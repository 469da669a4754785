"""Name folding and exact matching of Ticketmaster names to Spotify artists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theset.providers.matching import exact_match, fold_name
from theset.providers.spotify import SpotifyArtist


def artist(name: str, id: str | None = None) -> SpotifyArtist:
    return SpotifyArtist(id or name, name, None, None, None, None, None)


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("The Beatles", "beatles"),
        ("  the   Black   Keys ", "black keys"),
        ("Beyoncé", "beyonce"),
        ("Sigur Rós", "sigur ros"),
        ("MOTÖRHEAD", "motorhead"),
        ("Simon & Garfunkel", "simon and garfunkel"),
        ("Simon&Garfunkel", "simon and garfunkel"),
        ("Guns N' Roses", "guns n roses"),
        ("AC/DC", "acdc"),
        ("M.U.S.E.", "muse"),
        ("Die Ärzte", "die arzte"),
        ("Theory of a Deadman", "theory of a deadman"),  # only a whole leading word "the"
        ("The", "the"),
        ("Ｒａｄｉｏｈｅａｄ", "radiohead"),  # full-width letters (NFKD)
        ("!!!", ""),
    ],
)
def test_fold_name(name, folded):
    assert fold_name(name) == folded


def test_exact_match_skips_near_misses_ranked_first():
    candidates = [artist("Muse And The Forgetting"), artist("Muse", "right"), artist("MUSE", "x")]
    assert exact_match("Muse", candidates).id == "right"


def test_exact_match_folds_both_sides():
    assert exact_match("The Beatles", [artist("Beatles")]).name == "Beatles"
    assert exact_match("Beyonce", [artist("Beyoncé")]).name == "Beyoncé"
    assert exact_match("Simon and Garfunkel", [artist("Simon & Garfunkel")]) is not None


def test_no_match_is_none():
    assert exact_match("Muse", [artist("Muse And The Forgetting"), artist("Mused")]) is None
    assert exact_match("Muse", []) is None


def test_names_that_fold_to_nothing_compare_raw():
    assert exact_match("!!!", [artist("???"), artist("!!!", "chk")]).id == "chk"
    assert exact_match("!!!", [artist("???")]) is None


@given(st.text(max_size=40))
def test_fold_is_idempotent_and_case_blind(name):
    folded = fold_name(name)
    assert fold_name(folded) == folded or folded.startswith("the ")
    assert fold_name(name.upper()) == fold_name(name.lower()) or not name.isascii()
