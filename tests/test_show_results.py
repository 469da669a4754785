"""A show that has happened: the actual setlist set against the crowd's, in the JSON API."""

from __future__ import annotations

from datetime import timedelta

from theset.models import utcnow
from theset.services.show_results import show_result

from .conftest import rolled_back
from .factories import make_actual, make_setlist, make_show

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
