"""A show that has happened: the actual setlist set against the crowd's, in the JSON API."""

from __future__ import annotations

import re
from datetime import timedelta

from theset.models import utcnow
from theset.services.show_results import actual_of, show_result

from .conftest import rolled_back
from .factories import make_actual, make_setlist, make_show, make_user, make_vote

PLAYED = [("Intro", True), "Néons (Live)", "Rue des Lilas", "Vertige", "Minuit"]


def happened(votes=(5, 3, 0), names=("Néons", "Vertige", "Minuit")):
    show = make_show(starts_at=utcnow() - timedelta(days=1))
    for song, name in zip(make_setlist(show, votes=votes), names, strict=True):
        song.track.name = name
    return show


def test_the_result_ranks_played_songs_by_the_crowd_and_scores_the_prediction(app):
    show = happened()
    make_actual(show, PLAYED)

    result = show_result(show)

    assert [(row.song.name, row.crowd_rank, row.crowd_votes) for row in result.played] == [
        ("Intro", None, 0),
        ("Néons (Live)", 1, 5),
        ("Rue des Lilas", None, 0),
        ("Vertige", 2, 3),
        ("Minuit", None, 0),  # on the setlist, but nobody voted for it
    ]
    assert [(row.row.track.name, row.rank, row.performed) for row in result.predicted] == [
        ("Néons", 1, True),
        ("Vertige", 2, True),
    ]
    assert [song.name for song in result.missed] == ["Rue des Lilas", "Minuit"]
    accuracy = result.accuracy
    assert (accuracy.predicted, accuracy.played, accuracy.hits) == (2, 4, 2)


def test_no_accuracy_until_the_setlist_is_found(app):
    show = happened()
    make_actual(show)
    assert show_result(show).accuracy is None
    assert show_result(happened()) is None  # nobody looked it up yet


def test_the_api_answers_the_interface_fields(client, app):
    show = happened()
    make_actual(show, PLAYED)

    body = client.get(f"/api/shows/{show.id}/actual").json

    assert body["status"] == "found"
    assert body["source_url"] == f"https://www.setlist.fm/setlist/{show.id}.html"
    assert body["songs"][1] == {
        "position": 2,
        "name": "Néons (Live)",
        "set": 1,
        "encore": 0,
        "tape": False,
        "cover": None,
        "track_id": None,
        "crowd_rank": 1,
        "crowd_votes": 5,
    }
    assert body["accuracy"] == {
        "predicted": 2,
        "played": 4,
        "hits": 2,
        "precision": 1.0,
        "recall": 0.5,
    }


def test_the_api_says_waiting_before_anyone_looked_the_setlist_up(client, app):
    show = happened()
    assert client.get(f"/api/shows/{show.id}/actual").json["status"] == "waiting"


def test_the_api_says_off_without_a_setlistfm_key(make_app, upstream):
    with rolled_back(make_app(**{**upstream.settings(), "SETLISTFM_API_KEY": None})) as app:
        show = make_show(starts_at=utcnow() - timedelta(days=1))
        make_actual(show, PLAYED)  # looked up before the key was taken away
        body = app.test_client().get(f"/api/shows/{show.id}/actual").json
    assert body == {
        "show_id": show.id,
        "status": "off",
        "source_url": None,
        "songs": [],
        "accuracy": None,
    }


# The show page after the show.


def section(page: str) -> str:
    start = page.index('aria-labelledby="result-title"')
    return page[start : page.index("</section>", start)]


def test_a_past_shows_page_sets_what_was_played_beside_the_crowds_prediction(client, app):
    show = happened()
    actual = make_actual(show, PLAYED)
    actual.songs[-1].encore, actual.songs[-1].set_number = 1, 2
    actual.songs[2].cover = "Françoise Hardy"

    page = section(client.get(f"/shows/{show.id}").text)

    assert "The crowd called <strong>2 of 4</strong> songs performed: 100% of its 2 picks" in page
    assert "Missed: Rue des Lilas, Minuit." in page
    played = page[page.index("The setlist</h3>") : page.index("The crowd's prediction")]
    assert played.index("Néons (Live)") < played.index("Rue des Lilas") < played.index("Encore")
    assert '<ol class="played" start="5">' in played  # the encore goes on counting
    assert "#1 · 5 votes" in page and "#2 · 3 votes" in page
    assert "(from tape)" in page and "(Françoise Hardy cover)" in page
    assert f'href="https://www.setlist.fm/setlist/{show.id}.html"' in page
    predicted = page[page.index("The crowd's prediction") :]
    assert predicted.count("✓ played") == 2 and "✗ not played" not in predicted


def test_a_past_show_waits_for_its_setlist_and_an_upcoming_one_has_none(client, app):
    show = happened()
    assert "Waiting for the setlist" in section(client.get(f"/shows/{show.id}").text)
    make_actual(show, status="not_found")
    assert "No setlist was entered" in section(client.get(f"/shows/{show.id}").text)
    upcoming = make_show()
    assert 'id="result-title"' not in client.get(f"/shows/{upcoming.id}").text


def test_a_past_shows_page_says_in_one_line_when_actual_setlists_are_off(make_app, upstream):
    with rolled_back(make_app(**{**upstream.settings(), "SETLISTFM_API_KEY": None})) as app:
        show = make_show(starts_at=utcnow() - timedelta(days=1))
        page = section(app.test_client().get(f"/shows/{show.id}").text)
    assert '<p class="meta">Actual setlists are off on this site.</p>' in page


# The artist page's recent shows.


def test_the_artist_page_lists_recent_shows_with_their_setlists_state_and_the_crowds_record(
    client, app
):
    found = happened()
    make_actual(found, PLAYED)
    artist = found.artist

    def ago(days: float, **fields):
        return make_show(artist=artist, starts_at=utcnow() - timedelta(days=days), **fields)

    waiting, gone = ago(2), ago(20)
    make_actual(gone, status="not_found")
    ago(91)  # too long ago
    ago(3, status="cancelled")
    make_show(artist=artist)  # upcoming

    page = client.get(f"/artists/{artist.slug}").text
    recent = page[page.index('id="recent-title"') :]

    shown = [int(show_id) for show_id in re.findall(r'href="/shows/(\d+)"', recent)]
    assert shown == [found.id, waiting.id, gone.id]  # newest first
    assert "setlist in · crowd called 2 of 4" in recent
    assert "waiting for the setlist" in recent and "no setlist found" in recent
    assert "the crowd called <strong>2 of 4</strong> songs performed, and 100%" in recent


def test_an_artist_without_recent_shows_has_no_such_section(client, app):
    show = make_show()
    assert 'id="recent-title"' not in client.get(f"/artists/{show.artist.slug}").text


# An admin's "look up now".


def test_an_admin_looks_a_past_shows_setlist_up_now(client, app, auth):
    show = happened()
    auth.login(as_=make_user(is_admin=True))
    assert "Look the setlist up on setlist.fm now" in client.get(f"/shows/{show.id}").text

    response = client.post(f"/admin/shows/{show.id}/actual")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/shows/{show.id}#result-title")
    actual = actual_of(show)  # looked up at once (jobs run eagerly here): the demo has none
    assert (actual.status, actual.checks) == ("waiting", 1)


def test_only_admins_look_setlists_up(client, app, auth):
    show = happened()
    auth.login()
    assert "Look the setlist up on setlist.fm now" not in client.get(f"/shows/{show.id}").text
    assert client.post(f"/admin/shows/{show.id}/actual").status_code == 403
    assert actual_of(show) is None


def test_the_embed_says_how_the_crowd_did_after_the_show(client, app):
    show = happened()
    assert "not on setlist.fm yet" in client.get(f"/embed/shows/{show.id}").text
    make_actual(show, PLAYED)
    widget = client.get(f"/embed/shows/{show.id}").text
    assert "The crowd called <strong>2 of the 4</strong> songs they played." in widget
    assert f'/shows/{show.id}#result-title" target="_top">What they played</a>' in widget


def test_an_artist_page_says_in_one_line_when_actual_setlists_are_off(make_app, upstream):
    with rolled_back(make_app(**{**upstream.settings(), "SETLISTFM_API_KEY": None})) as app:
        show = make_show(starts_at=utcnow() - timedelta(days=1))
        page = app.test_client().get(f"/artists/{show.artist.slug}").text
    recent = page[page.index('id="recent-title"') :]
    assert '<p class="meta">Actual setlists are off on this site.</p>' in recent
    assert "waiting for the setlist" not in recent


def test_a_fan_who_voted_sees_how_they_did_on_the_past_shows_page(client, app, auth):
    show = happened()
    fan = auth.login()
    for song in show.setlist.songs[1:]:  # Vertige (played) and Minuit (played, no votes)
        make_vote(show, user=fan, track=song.track)
    make_vote(show, track=show.setlist.songs[0].track)  # someone else's
    make_actual(show, PLAYED)

    page = section(client.get(f"/shows/{show.id}").text)

    assert "You called <strong>2 of the 2</strong> songs you voted for." in page
    assert show_result(show, fan).viewer.hits == 2 and show_result(show).viewer is None


def test_an_upcoming_show_has_no_result_and_costs_no_query(app, count_queries):
    show = make_show()
    make_actual(show, PLAYED)  # looked up too early, say by hand
    with count_queries() as statements:
        assert show_result(show) is None
    assert statements == []
