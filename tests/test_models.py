from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from theset.models import SETLIST_STATUSES, Setlist, SetlistSong, Show, UserArtist, Vote

from .factories import make_artist, make_setlist, make_show, make_user


def _song():
    """A song of a ready setlist."""
    return make_setlist(make_show(), songs=1)[0]


def test_one_vote_per_fan_per_song(session):
    song, fan = _song(), make_user()
    session.add(Vote(user=fan, setlist_song_id=song.id))
    session.flush()
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            session.add(Vote(user=fan, setlist_song_id=song.id))


def test_vote_counter_never_goes_below_zero(session):
    song = _song()
    song.votes = -1
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            session.flush()


def test_one_setlist_per_show(session):
    show = make_show()
    session.add(Setlist(show=show))
    session.flush()
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            session.add(Setlist(show_id=show.id))


def test_same_track_only_once_per_setlist(session):
    song = _song()
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            session.add(SetlistSong(setlist_id=song.setlist_id, track_id=song.track_id))


def test_unknown_show_status_is_rejected(session):
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            make_show(status="sold-out")


def test_user_artist_relation_is_followed_or_top(session):
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            fan, artist = make_user(), make_artist()
            session.add(UserArtist(user_id=fan.id, artist_id=artist.id, relation="fan", rank=0))
            session.flush()


def test_deleting_an_artist_removes_shows_setlists_songs_and_votes(session):
    song = _song()
    session.add(Vote(user=make_user(), setlist_song_id=song.id))
    session.flush()
    artist = song.setlist.show.artist
    session.delete(artist)
    session.flush()
    session.expire_all()
    assert session.query(Show).count() == 0
    assert session.query(Vote).count() == 0


def test_datetimes_come_back_aware_in_utc(session):
    paris = timezone(timedelta(hours=1))
    show = make_show(starts_at=datetime(2027, 5, 1, 21, 0, tzinfo=paris))
    session.expire_all()
    assert session.get(Show, show.id).starts_at == datetime(2027, 5, 1, 20, 0, tzinfo=UTC)
    assert session.get(Show, show.id).starts_at.tzinfo == UTC


def test_naive_datetimes_are_refused(session):
    with pytest.raises(Exception, match="naive datetime"):
        make_show(starts_at=datetime(2027, 5, 1, 21, 0))


def test_a_setlists_status_reads_the_same_on_a_row_and_in_sql(session):
    setlists = {}
    for status in SETLIST_STATUSES:
        setlists[status] = Setlist(show=make_show(), status=status)
        session.add(setlists[status])
    session.flush()
    for flag, status in (
        (Setlist.is_ready, "ready"),
        (Setlist.is_building, "building"),
        (Setlist.is_failed, "failed"),
    ):
        assert session.scalars(select(Setlist.status).where(flag)).all() == [status]
        assert session.scalars(select(Setlist.status).where(~flag)).all() != []
    assert [s.is_ready for s in setlists.values()] == [s == "ready" for s in setlists]
    assert [s.is_building for s in setlists.values()] == [s == "building" for s in setlists]
    assert [s.is_failed for s in setlists.values()] == [s == "failed" for s in setlists]
