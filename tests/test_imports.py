"""Import services against the fake upstream over HTTP: the seed's steps 1, 2, 3 and 7."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from theset.cache import DataUnavailable, fresh_key
from theset.extensions import db
from theset.models import Artist, Show, Track, Venue, utcnow
from theset.providers.errors import NotFound
from theset.redis_client import get_redis
from theset.services.artists import ensure_artist_fresh, import_artist
from theset.services.catalog import import_catalog
from theset.services.search import search_artists
from theset.services.shows import ensure_artist_shows_fresh, ensure_show_fresh
from theset.text import slugify
from theset.upstream import get_upstream

from .conftest import empty_database
from .support.stampede import cold_views

ZOE = "K8vZ91mDDPm"  # linked to Spotify by Ticketmaster
QUINONES = "K8vZ914msYE"  # matched on Spotify by exact name only
KESTREL = "K8vZ91Iac41"  # no Spotify artist at all
HARBOUR = "K8vZ91lUtzT"  # fewer than five tracks
WATTLE = "K8vZ91e8Wj8"  # has a rescheduled show
MARLOWE = "K8vZ91yEVxi"  # has a cancelled show


@pytest.fixture
def ctx(upstream_app):
    with upstream_app.app_context():
        yield get_upstream()


def test_search_finds_artists_with_upcoming_shows(ctx, upstream):
    results = search_artists(ctx, "  Marchetti ")
    assert [r.name for r in results][:1] == ["Zoé Marchetti"]
    assert results[0].tm_id == ZOE
    assert results[0].upcoming_shows >= 1
    assert upstream.count("ticketmaster") == 1


def test_the_same_search_within_a_minute_is_not_asked_again(ctx, upstream):
    search_artists(ctx, "marchetti")
    search_artists(ctx, "MARCHETTI")
    assert upstream.count("ticketmaster") == 1
    assert 55 <= get_redis().ttl(next(iter(get_redis().scan_iter("theset:search:*")))) <= 60


def test_search_with_ticketmaster_down_is_unavailable(ctx, upstream):
    upstream.fail("ticketmaster", 503)
    with pytest.raises(DataUnavailable):
        search_artists(ctx, "marchetti")


def test_selecting_imports_the_artist_with_spotify_details(ctx):
    artist = import_artist(ctx, ZOE)
    assert artist.name == "Zoé Marchetti"
    assert artist.slug == "zoe-marchetti"
    assert artist.spotify_id == "leWmEKBTyvseeBNXhMUnFL"
    assert artist.popularity == 61 and artist.followers == 48213
    assert artist.tm_synced_at and artist.spotify_synced_at
    assert import_artist(ctx, ZOE).id == artist.id


def test_spotify_match_by_exact_name_when_ticketmaster_has_no_link(ctx):
    assert import_artist(ctx, QUINONES).spotify_id == "Ol5dbiQLq18506dVWRsicu"


def test_no_spotify_match_is_remembered_for_seven_days(ctx, upstream):
    artist = import_artist(ctx, KESTREL)
    assert artist.spotify_id is None
    assert artist.spotify_match_checked_at is not None
    calls = upstream.count("spotify")
    get_redis().delete(fresh_key("artist-tm", artist.id), fresh_key("artist-spotify", artist.id))
    artist.tm_synced_at = utcnow() - timedelta(days=8)
    db.session.commit()
    assert ensure_artist_fresh(ctx, artist).refreshed
    assert upstream.count("spotify") == calls  # "no match" not searched again


def test_unknown_attraction_is_not_found(ctx):
    with pytest.raises(NotFound):
        import_artist(ctx, "K8vZ9nope00")


def test_shows_and_venues_upsert_with_local_and_utc_times(ctx):
    artist = import_artist(ctx, WATTLE)
    ensure_artist_shows_fresh(ctx, artist)
    shows = db.session.scalars(select(Show).where(Show.artist_id == artist.id)).all()
    assert len(shows) >= 3
    rescheduled = [s for s in shows if s.status == "rescheduled"]
    assert rescheduled and rescheduled[0].original_starts_at is not None
    for show in shows:
        assert show.venue is not None and show.venue.timezone
        if show.starts_at:
            assert show.starts_at.tzinfo is not None
    venues = db.session.scalar(select(db.func.count(Venue.id)))
    ensure_artist_shows_fresh(ctx, artist)  # fresh: nothing changes, nothing duplicates
    assert db.session.scalar(select(db.func.count(Venue.id))) == venues


def test_cancelled_show_keeps_its_status(ctx):
    artist = import_artist(ctx, MARLOWE)
    ensure_artist_shows_fresh(ctx, artist)
    statuses = db.session.scalars(select(Show.status).where(Show.artist_id == artist.id)).all()
    assert "cancelled" in statuses


def test_a_show_ticketmaster_stops_listing_is_kept_and_marked(ctx):
    artist = import_artist(ctx, ZOE)
    ensure_artist_shows_fresh(ctx, artist)
    gone = Show(
        tm_id="vvG1gone",
        artist_id=artist.id,
        name="Gone",
        status="onsale",
        starts_at=utcnow() + timedelta(days=9),
    )
    db.session.add(gone)
    artist.shows_synced_at = utcnow() - timedelta(days=2)
    db.session.commit()
    get_redis().delete(fresh_key("shows", artist.id))
    ensure_artist_shows_fresh(ctx, artist)
    db.session.refresh(gone)
    assert gone.delisted_at is not None
    gone.tm_synced_at = utcnow() - timedelta(days=2)
    db.session.commit()
    get_redis().delete(fresh_key("show", gone.id))
    ensure_show_fresh(ctx, gone)  # 404 upstream: kept, still marked
    assert db.session.get(Show, gone.id).delisted_at is not None


def test_catalog_imports_in_development_mode_deduplicated_and_flagged(ctx, upstream):
    artist = import_artist(ctx, ZOE)
    songs = import_catalog(ctx, artist.id)
    tracks = db.session.scalars(select(Track).where(Track.artist_id == artist.id)).all()
    assert songs == len(tracks) >= 15
    names = [t.name for t in tracks]
    assert len({slugify(n) for n in names}) == len(names)  # no duplicate titles
    assert any(not t.is_studio for t in tracks)
    assert sum(t.is_studio for t in tracks) >= 15
    assert all(t.spotify_url for t in tracks)
    again = upstream.count("spotify")
    assert import_catalog(ctx, artist.id) == songs  # idempotent
    assert upstream.count("spotify") > again


def test_small_and_missing_catalogs(ctx):
    assert import_catalog(ctx, import_artist(ctx, HARBOUR).id) < 5
    assert import_catalog(ctx, import_artist(ctx, KESTREL).id) == 0


def test_one_view_sets_the_ttl_keys_and_a_second_view_calls_nothing(ctx, upstream):
    artist = import_artist(ctx, ZOE)
    ensure_artist_fresh(ctx, artist)
    ensure_artist_shows_fresh(ctx, artist)
    redis = get_redis()
    assert redis.ttl(fresh_key("artist-tm", artist.id)) > 7 * 86400 - 10
    assert redis.ttl(fresh_key("artist-spotify", artist.id)) > 7 * 86400 - 10
    assert 86400 - 10 < redis.ttl(fresh_key("shows", artist.id)) <= 86400
    before = upstream.count("ticketmaster") + upstream.count("spotify")
    ensure_artist_fresh(ctx, artist)
    ensure_artist_shows_fresh(ctx, artist)
    for show in artist.shows:
        ensure_show_fresh(ctx, show)
    assert upstream.count("ticketmaster") + upstream.count("spotify") == before


def test_both_upstreams_down_serve_stored_rows_as_stale(ctx, upstream):
    artist = import_artist(ctx, ZOE)
    ensure_artist_shows_fresh(ctx, artist)
    redis = get_redis()
    for kind in ("artist-tm", "artist-spotify", "shows"):
        redis.delete(fresh_key(kind, artist.id))
    artist.tm_synced_at = artist.shows_synced_at = utcnow() - timedelta(days=8)
    artist.spotify_synced_at = utcnow() - timedelta(days=8)
    db.session.commit()
    upstream.fail("ticketmaster")
    upstream.fail("spotify")
    assert ensure_artist_fresh(ctx, artist).stale
    assert ensure_artist_shows_fresh(ctx, artist).stale
    assert artist.name == "Zoé Marchetti" and artist.shows


def test_both_upstreams_down_with_nothing_stored_is_unavailable(ctx, upstream):
    upstream.fail("ticketmaster")
    upstream.fail("spotify")
    with pytest.raises(DataUnavailable):
        search_artists(ctx, "marchetti")
    artist = Artist(tm_id="K8vZ9never", name="Never Seen", slug="never-seen")
    db.session.add(artist)
    db.session.commit()
    with pytest.raises(DataUnavailable):
        ensure_artist_shows_fresh(ctx, artist)


def test_fifty_concurrent_cold_views_make_one_call_per_resource(make_app, upstream):
    app = make_app(**upstream.settings())
    try:
        _latencies, errors = cold_views(app, upstream, ZOE, 50)
        assert errors == []
        # Ticketmaster: the attraction and one page of events; Spotify: the artist.
        assert upstream.count("ticketmaster") == 2
        assert upstream.count("spotify") == 1
    finally:
        empty_database(app)
