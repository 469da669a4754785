"""Fans' scores over shows whose setlist is in: the leaderboard, its minimum, names."""

from __future__ import annotations

from datetime import timedelta

from theset.models import utcnow
from theset.services.leaderboard import MIN_SHOWS, fan_records, leaderboard

from .factories import make_actual, make_setlist, make_show, make_user, make_vote

PLAYED = ["Néons", "Vertige", ("Intro", True)]


def past_show(artist=None, played=PLAYED, songs=("Néons", "Vertige", "Minuit", "Intro")):
    """A show of yesterday whose setlist is in, and its setlist's songs by name."""
    show = make_show(artist=artist, starts_at=utcnow() - timedelta(days=1))
    rows = make_setlist(show, songs=len(songs))
    for row, name in zip(rows, songs, strict=True):
        row.track.name = name
    make_actual(show, played)
    return show, {row.track.name: row.track for row in rows}


def votes(user, show, tracks, *names):
    for name in names:
        make_vote(show, user=user, track=tracks[name])


def test_a_fans_hits_are_the_songs_they_voted_for_that_were_performed(app):
    mara = make_user(display_name="Mara Lindqvist")
    show, tracks = past_show()
    votes(mara, show, tracks, "Néons", "Minuit", "Intro")  # Intro was on tape

    (record,) = fan_records().values()

    assert (record.shows, record.votes, record.hits) == (1, 3, 1)
    assert record.precision == 1 / 3


def test_the_board_ranks_by_hits_then_precision_and_needs_the_minimum_of_shows(app):
    assert MIN_SHOWS == 2
    first, second = past_show(), past_show()
    mara, tomas, ines, lucky = (
        make_user(display_name=name)
        for name in ("Mara Lindqvist", "Tomás Herrera", "Inês Duarte", "Lucky Strike")
    )
    for show, tracks in (first, second):
        votes(mara, show, tracks, "Néons", "Minuit")  # 2 hits of 4 votes
        votes(tomas, show, tracks, "Néons")  # 2 hits of 2 votes
        votes(ines, show, tracks, "Minuit")  # 0 hits
    votes(lucky, *first, "Néons", "Vertige")  # 2 of 2, but one show

    board = leaderboard()

    assert [record.user.display_name for record in board] == [
        "Tomás Herrera",
        "Mara Lindqvist",
        "Inês Duarte",
    ]
    assert [record.name for record in board] == ["T. H.", "M. L.", "I. D."]  # initials by default


def test_shows_without_a_found_setlist_do_not_count_and_the_artist_board_is_the_artists(app):
    mara = make_user()
    show, tracks = past_show()
    other, other_tracks = past_show()
    waiting = make_show(starts_at=utcnow() - timedelta(days=1))
    make_vote(waiting, user=mara)
    make_actual(waiting)  # still waiting
    votes(mara, show, tracks, "Néons")
    votes(mara, other, other_tracks, "Vertige")

    assert fan_records()[mara.id].shows == 2
    assert fan_records(artist_id=show.artist_id)[mara.id].shows == 1


def test_the_leaderboard_page_and_api(client, app, auth):
    fans = [make_user(display_name=name) for name in ("Mara Lindqvist", "Tomás Herrera")]
    fans[0].name_on_leaderboards = True
    for show, tracks in (past_show(), past_show()):
        for fan in fans:
            votes(fan, show, tracks, "Néons")

    page = client.get("/leaderboard").text
    body = client.get("/api/leaderboard").json

    assert '<th scope="row">Mara Lindqvist</th>' in page and "T. H." in page
    assert body == {
        "fans": [
            {"name": "Mara Lindqvist", "shows": 2, "hits": 2, "precision": 1.0},
            {"name": "T. H.", "shows": 2, "hits": 2, "precision": 1.0},
        ]
    }


def test_an_empty_leaderboard_says_why(client, app):
    assert (
        "Nobody has voted on 2 shows that have their setlist in yet."
        in client.get("/leaderboard").text
    )


def test_the_dashboard_shows_the_fans_record_and_the_name_choice(client, app, auth):
    mara = auth.login(as_=make_user(artists_synced_at=utcnow()))  # no Spotify call
    show, tracks = past_show()
    votes(mara, show, tracks, "Néons", "Minuit")

    page = client.get("/dashboard").text

    assert "you called <strong>1</strong> of the 2 songs you voted for (50%)" in page
    assert "After 2 shows you are on the" in page
    response = client.post("/leaderboard/name", data={"show_name": "yes"})
    assert response.status_code == 303 and mara.name_on_leaderboards is True


def test_choosing_a_leaderboard_name_needs_a_signed_in_fan(client, app):
    response = client.post("/leaderboard/name", data={"show_name": "yes"})
    assert response.status_code == 303 and "/login" in response.headers["Location"]


def test_the_artist_page_has_its_top_fans(client, app):
    mara = make_user(display_name="Mara Lindqvist")
    first = past_show()
    second = past_show(artist=first[0].artist)
    for show, tracks in (first, second):
        votes(mara, show, tracks, "Néons")
    page = client.get(f"/artists/{first[0].artist.slug}").text
    top = page[page.index('id="top-fans-title"') :]
    assert "M. L." in top and "<td>2</td><td>2</td><td>100%</td>" in top
