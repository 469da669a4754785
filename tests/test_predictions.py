"""The dashboard leads with the fan's predictions: their votes and the crowd's ranks."""

import re
from datetime import timedelta
from html import unescape

from flask import g

from theset.models import User, UserArtist, utcnow
from theset.services.predictions import fan_predictions

from .factories import make_setlist, make_show, make_user, make_vote

PREDICTION = re.compile(r'<li class="prediction">(.*?)</li>', re.DOTALL)
SHOW_LINK = re.compile(r'<a class="prediction-show" href="([^"]+)"')
SONG = re.compile(r'<th scope="row">([^<]+)</th>\s*<td>([^<]+)</td>\s*<td>(\d+)</td>')


def predictions_on_page(html: str) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """Each prediction's show link, with its (song, crowd rank, votes) rows."""
    return [
        (
            SHOW_LINK.search(block).group(1),
            [(unescape(name), rank, int(votes)) for name, rank, votes in SONG.findall(block)],
        )
        for block in PREDICTION.findall(html)
    ]


def fan_with_fresh_artists():
    """A fan whose Spotify artists were just fetched: the dashboard calls no upstream."""
    return make_user(artists_synced_at=utcnow())


def _vote(fan, show, song):
    """The fan's vote on one song of the show's setlist (its counter goes up by one)."""
    make_vote(show, user=fan, track=song.track)


def _voted_shows(fan):
    """Two upcoming shows the fan voted on, the later one first in creation order, and a
    past, a cancelled and a delisted one that are no longer predictions."""
    later = make_show(starts_at=utcnow() + timedelta(days=20))
    first, second, third, fourth = make_setlist(later, votes=[5, 2, 2, 0])
    _vote(fan, later, second)  # 3 votes: second of four
    _vote(fan, later, fourth)  # 1 vote: last
    sooner = make_show(starts_at=utcnow() + timedelta(days=4))
    tied = make_setlist(sooner, votes=[4, 3])
    _vote(fan, sooner, tied[1])  # 4 votes, as many as the other song: both first
    for gone in (
        make_show(starts_at=utcnow() - timedelta(hours=1)),
        make_show(status="cancelled"),
        make_show(delisted_at=utcnow()),
    ):
        _vote(fan, gone, make_setlist(gone, votes=[1])[0])
    return sooner, later, {"first": first, "second": second, "fourth": fourth, "tied": tied}


def test_predictions_are_the_fans_votes_with_the_crowds_rank(session):
    fan = fan_with_fresh_artists()
    sooner, later, songs = _voted_shows(fan)
    make_vote(later, track=songs["first"].track)  # another fan's vote is not the fan's
    session.commit()
    predictions = fan_predictions(fan)
    assert [p.show.id for p in predictions] == [sooner.id, later.id]  # soonest first
    tied, ranked = predictions
    assert [(s.name, s.rank, s.votes) for s in tied.songs] == [(songs["tied"][1].track.name, 1, 4)]
    assert tied.songs_in_setlist == 2
    assert [(s.name, s.rank, s.votes) for s in ranked.songs] == [
        (songs["second"].track.name, 2, 3),
        (songs["fourth"].track.name, 4, 1),
    ]
    assert ranked.songs_in_setlist == 4


def test_a_fan_who_never_voted_has_no_predictions(session):
    other = make_user()
    show = make_show()
    _vote(other, show, make_setlist(show, votes=[2])[0])
    assert fan_predictions(make_user()) == []


def test_the_dashboard_leads_with_the_predictions_linking_to_their_shows(client, auth, session):
    fan = fan_with_fresh_artists()
    sooner, later, songs = _voted_shows(fan)
    auth.login(as_=fan)
    session.commit()
    page = client.get("/dashboard").text
    assert page.index("Your predictions") < page.index("Your artists")
    assert predictions_on_page(page) == [
        (f"/shows/{sooner.id}", [(songs["tied"][1].track.name, "#1 of 2", 4)]),
        (
            f"/shows/{later.id}",
            [
                (songs["second"].track.name, "#2 of 4", 3),
                (songs["fourth"].track.name, "#4 of 4", 1),
            ],
        ),
    ]


def test_without_votes_the_dashboard_says_how_to_predict(client, auth, session):
    auth.login(as_=fan_with_fresh_artists())
    session.commit()
    page = client.get("/dashboard").text
    assert "You have not voted on an upcoming show yet" in page
    assert predictions_on_page(page) == []


def test_the_dashboard_runs_as_many_queries_whatever_the_fan_has(
    client, auth, session, count_queries
):
    fan = fan_with_fresh_artists()
    auth.login(as_=fan)
    fan_id = fan.id

    def add(count):
        """`count` more artists of the fan's, with two shows each, and `count` more
        predictions on shows of other artists (nothing one part loads serves the other)."""
        fan = session.get(User, fan_id)
        for n in range(count):
            show = make_show(starts_at=utcnow() + timedelta(days=n + 2))
            make_show(artist=show.artist, starts_at=utcnow() + timedelta(days=n + 40))
            for relation in ("followed", "top"):
                session.add(
                    UserArtist(user_id=fan_id, artist_id=show.artist_id, relation=relation, rank=n)
                )
            voted = make_show(starts_at=utcnow() + timedelta(days=n + 2))
            for song in make_setlist(voted, votes=[1, 2]):
                _vote(fan, voted, song)
        session.commit()

    def queries():
        session.expunge_all()  # as in a real request: nothing already loaded,
        g.pop("_login_user", None)  # not even the fan (the test's app context is shared)
        with count_queries() as statements:
            page = client.get("/dashboard").text
        return len(statements), len(predictions_on_page(page))

    queries()  # the first visit makes the fan's calendar address, once
    add(2)
    few, shown = queries()
    assert shown == 2
    add(8)
    many, shown = queries()
    assert shown == 10
    print(f"dashboard queries: {few} with 2 artists and predictions, {many} with 10")
    assert few == many <= 5
