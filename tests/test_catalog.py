import pytest

from theset.providers.spotify import SpotifyAlbum, SpotifyTrack
from theset.services.catalog import catalog_entries, is_studio_version


@pytest.mark.parametrize(
    "name",
    ["Halcyon", "Live Forever", "Demolition Man", "Mixtape (feat. Ana)", "Karma Police"],
)
def test_studio_titles_are_studio(name):
    assert is_studio_version(name)


@pytest.mark.parametrize(
    ("name", "album"),
    [
        ("Halcyon - Live at Hollywood Bowl", "Night Moves"),
        ("Halcyon (Acoustic)", "Night Moves"),
        ("Halcyon - 2019 Remaster", "Night Moves"),
        ("Halcyon (Remix)", "Night Moves"),
        ("Halcyon [Demo]", "Night Moves"),
        ("Halcyon (Instrumental)", "Night Moves"),
        ("Halcyon - Karaoke Version", "Night Moves"),
        ("Halcyon", "Live at Red Rocks"),
        ("Halcyon", "Night Moves (Live)"),
    ],
)
def test_other_versions_are_flagged(name, album):
    assert not is_studio_version(name, album)


def _pair(track_id, name, album="Night Moves", album_type="album", isrc=None, released="2020"):
    album = SpotifyAlbum(
        id=f"al-{album}", name=album, album_type=album_type, release_date=released, url=None
    )
    track = SpotifyTrack(
        id=track_id,
        name=name,
        url=None,
        duration_ms=200000,
        isrc=isrc,
        track_number=1,
        disc_number=1,
    )
    return album, track


def test_duplicates_collapse_to_the_album_cut():
    rows = catalog_entries(
        [
            _pair("single", "Halcyon", album="Halcyon", album_type="single", released="2019"),
            _pair("album", "Halcyon"),
            _pair("iso", "Other Name", isrc="USABC1"),
            _pair("iso2", "Other Name (Radio)", isrc="usabc1", album_type="single"),
            _pair("live", "Halcyon - Live"),
        ]
    )
    assert [row["spotify_id"] for row in rows] == ["album", "iso", "live"]
    assert [row["is_studio"] for row in rows] == [True, True, False]
