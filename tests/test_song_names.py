"""Song names: every version of a song folds to the song, the way fans type its title."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theset.services.song_names import fold, names_a_version, song_key, song_title

CAB_RIDE = "4 am cab ride"


@pytest.mark.parametrize(
    "title",
    [
        "4 a.m. Cab Ride",
        "4 a.m. Cab Ride - 2020 Remaster",
        "4 a.m. Cab Ride – 2020 Remaster",
        "4 a.m. Cab Ride (Live)",
        "4 a.m. Cab Ride (Live at The Lantern Room)",
        "4 a.m. Cab Ride - Live at The Lantern Room",
        "4 a.m. Cab Ride (Remastered 2011)",
        "4 a.m. Cab Ride - Live",
        "4 a.m. Cab Ride (Acoustic)",
        "4 a.m. Cab Ride [Demo]",
        "4 a.m. Cab Ride (Live) - 2020 Remaster",
        "4 A.M. CAB RIDE",
        "  4 a.m.   Cab  Ride ",
    ],
)
def test_every_version_folds_to_its_song(title):
    assert song_key(title) == CAB_RIDE


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Blue Lamp Café", "blue lamp cafe"),  # accents
        ("Insomniac's Waltz", "insomniacs waltz"),  # apostrophes join
        ("Lamplight & Gravel", "lamplight and gravel"),
        ("Half-Past Never", "half past never"),  # a hyphen parts words
        ("Electric Carpați - Karaoke Version", "electric carpati"),
        ("Take Me Dancing (Oya) (Remix)", "take me dancing oya"),  # "(Oya)" is the title's
        ("Live Forever", "live forever"),  # "Live" in a title is no version
        ("Mixtape (feat. Ana)", "mixtape feat ana"),
        ("Intro - Outro", "intro outro"),  # a dashed part without a version word stays
        ("(Live)", "live"),  # a title that is all suffix keeps it
        ("!!! (Live)", "!!!"),  # nothing left to fold: the title as it is
    ],
)
def test_titles_fold_to_their_songs(title, key):
    assert song_key(title) == key


def test_song_titles_lose_only_their_versions():
    assert song_title("Owl Light - 2020 Remaster") == "Owl Light"
    assert song_title("Take Me Dancing (Oya) (Instrumental)") == "Take Me Dancing (Oya)"
    assert names_a_version("Owl Light (Live)") and not names_a_version("Owl Light (Oya)")


def test_folding_drops_case_accents_and_punctuation():
    assert fold("  Fjøra: ZOÉ’s Café!  ") == "fjora zoes cafe"
    assert fold("") == "" and fold("…") == ""


VERSIONS = st.sampled_from(
    [
        " - 2020 Remaster",
        " – Live at Southbank Bowl",
        " (Live at The Lantern Room)",
        " (Remastered 2011)",
        " - Live",
        " (Acoustic)",
        " [Demo]",
        " - Karaoke Version",
        " (Instrumental)",
        " (Remix)",
    ]
)
TITLES = st.text(
    st.characters(categories=["L", "N", "Zs"], exclude_characters="\x85"), min_size=1
).filter(lambda title: fold(title))


@given(TITLES, VERSIONS)
def test_a_version_folds_to_its_song(title, version):
    assert song_key(title + version) == song_key(title)


# Any text, and titles made of the words and marks folding treats specially.
ANY_TITLE = st.text() | st.lists(
    st.sampled_from(
        ["the", "Live", "Remaster", "(", ")", "[", "]", "-", "–", "&", ".", "'", "a.m."]
        + ["Café", "ß", "İ", "ǰ", "ﬁ", "2020", "_", ""]
    )
).map(" ".join)


@given(ANY_TITLE)
def test_folding_is_idempotent(title):
    key = song_key(title)
    assert song_key(key) == key
    assert fold(fold(title)) == fold(title)
