"""Looking a show's actual setlist up on setlist.fm (over HTTP, in its real shapes) and
keeping it: the match, the songs and their catalog tracks, and when to look again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from theset.models import utcnow
from theset.providers.setlistfm import SetlistFmClient
from theset.services.actual_setlists import (
    GIVE_UP_AFTER,
    MAX_FAILURES_PER_RUN,
    RETRY_FAILED_AFTER,
    ActualsOff,
    due_look_ups,
    import_actual,
    look_up_due,
    next_look_up,
)

from .conftest import rolled_back
from .factories import make_actual, make_artist, make_show, make_track, make_venue
from .providers.fake_upstream import json_response, setlistfm_sample, setlistfm_setlists
from .support.http_fake import http_fake

SEARCH = "/rest/1.0/search/setlists"
MBID = "4c48078c-af4e-4ca3-9838-5841d91826e1"
NOT_FOUND = setlistfm_sample("error_not_found_empty_search.json")


@pytest.fixture(scope="module")
def setlistfm_server():
    with http_fake() as server:
        yield server


@pytest.fixture
def setlistfm(setlistfm_server):
    """A real client on the fake setlist.fm; `.answer(handler)` sets how it answers."""
    setlistfm_server.clear()
    client = SetlistFmClient(
        "key", base_url=setlistfm_server.url_for("/rest/1.0"), backoff=0.001, timeout=(0.5, 0.5)
    )
    client.server = setlistfm_server
    client.answer = lambda handler: setlistfm_server.expect_request(SEARCH).respond_with_handler(
        handler
    )
    return client


def answering(*setlists):
    """A search handler finding `setlists` (none: setlist.fm's 404)."""

    def handle(request):
        if not setlists:
            return json_response(NOT_FOUND, 404)
        return json_response(
            {"itemsPerPage": 20, "page": 1, "total": len(setlists), "setlist": list(setlists)}
        )

    return handle


def played(venue: str = "Salle Lumière", city: str = "Montréal", songs=None) -> dict:
    (setlist,) = setlistfm_setlists(1)
    setlist["venue"] = {"name": venue, "city": {"name": city, "country": {"code": "CA"}}}
    setlist["url"] = f"https://www.setlist.fm/setlist/zoe/{venue}.html"
    if songs is not None:
        setlist["sets"] = {"set": songs}
    return setlist


def zoe_show(app, hours_ago: float = 5, **artist):
    zoe = make_artist(name="Zoé Marchetti", **artist)
    venue = make_venue(name="Salle Lumière", city="Montréal", timezone="America/Toronto")
    return make_show(artist=zoe, venue=venue, starts_at=utcnow() - timedelta(hours=hours_ago))


def test_the_setlist_found_is_kept_in_order_with_its_songs_tracks(app, setlistfm):
    show = zoe_show(app, musicbrainz_id=MBID)
    bleue = make_track(artist=show.artist, name="Chambre bleue")
    make_track(artist=show.artist, name="Chambre Bleue - Live at Salle Lumière")
    songs = [
        {
            "song": [
                {"name": "Intro", "tape": True},
                {"name": "Chambre Bleue (Live)", "info": "extended"},
            ]
        },
        {"encore": 1, "song": [{"name": "Heroes", "cover": {"name": "David Bowie"}}, {"name": ""}]},
    ]
    setlistfm.answer(answering(played(songs=songs)))

    actual = import_actual(setlistfm, show.id)

    assert actual.status == "found" and actual.next_check_at is None and actual.last_error is None
    assert actual.source_url == "https://www.setlist.fm/setlist/zoe/Salle Lumière.html"
    assert [
        (s.position, s.name, s.set_number, s.encore, s.tape, s.cover, s.info, s.track_id)
        for s in actual.songs
    ] == [
        (1, "Intro", 1, 0, True, None, None, None),
        (2, "Chambre Bleue (Live)", 1, 0, False, None, "extended", bleue.id),
        (3, "Heroes", 2, 1, False, "David Bowie", None, None),
        (4, "", 2, 1, False, None, None, None),
    ]
    (request,) = [request for request, _ in setlistfm.server.log]
    assert request.args["artistMbid"] == MBID
    assert request.args["date"] == show.local_date.strftime("%d-%m-%Y")


def test_without_a_musicbrainz_match_it_searches_by_name(app, setlistfm):
    show = zoe_show(app, musicbrainz_id=MBID)
    setlistfm.answer(
        lambda request: (
            answering()(request) if "artistMbid" in request.args else answering(played())(request)
        )
    )
    assert import_actual(setlistfm, show.id).status == "found"
    assert [request.args.get("artistName") for request, _ in setlistfm.server.log] == [
        None,
        "Zoé Marchetti",
    ]


def test_of_several_setlists_that_day_the_one_at_the_venue_wins(app, setlistfm):
    show = zoe_show(app)
    setlistfm.answer(
        answering(played("Elsewhere", "Ottawa"), played("Club X", "Montréal"), played())
    )
    assert import_actual(setlistfm, show.id).source_url.endswith("Salle Lumière.html")


def test_nothing_found_yet_means_look_again_in_an_hour(app, setlistfm):
    show = zoe_show(app, hours_ago=5)
    setlistfm.answer(answering())
    before = utcnow()

    actual = import_actual(setlistfm, show.id)

    assert actual.status == "waiting" and actual.checks == 1 and actual.last_error is None
    assert before + timedelta(minutes=59) < actual.next_check_at <= utcnow() + timedelta(hours=1)


def test_a_setlist_nobody_has_entered_yet_is_not_found_yet(app, setlistfm):
    show = zoe_show(app)
    setlistfm.answer(answering(played(songs=[])))
    actual = import_actual(setlistfm, show.id)
    assert actual.status == "waiting" and actual.songs == []


def test_after_two_weeks_nothing_found_is_no_setlist_found(app, setlistfm):
    show = zoe_show(app, hours_ago=24 * 14 + 1)
    setlistfm.answer(answering())
    actual = import_actual(setlistfm, show.id)
    assert actual.status == "not_found" and actual.next_check_at is None


def test_a_failed_call_is_kept_and_tried_again_soon_not_taken_as_an_answer(app, setlistfm):
    show = zoe_show(app, hours_ago=24 * 14 + 1)  # even past the last look-up
    setlistfm.answer(lambda request: json_response({"code": 500}, 500))

    actual = import_actual(setlistfm, show.id)

    assert actual.status == "waiting"
    assert "HTTP 500" in actual.last_error
    assert actual.next_check_at == actual.checked_at + RETRY_FAILED_AFTER


def test_looking_again_replaces_the_songs(app, setlistfm):
    show = zoe_show(app)
    setlistfm.answer(answering(played(songs=[{"song": [{"name": "A"}, {"name": "B"}]}])))
    import_actual(setlistfm, show.id)
    setlistfm.server.clear()
    setlistfm.answer(answering(played(songs=[{"song": [{"name": "C"}]}])))

    actual = import_actual(setlistfm, show.id)

    assert [song.name for song in actual.songs] == ["C"] and actual.checks == 2


def test_a_setlist_once_found_stays_when_a_later_look_up_finds_nothing(app, setlistfm):
    show = zoe_show(app)
    setlistfm.answer(answering(played(songs=[{"song": [{"name": "A"}]}])))
    import_actual(setlistfm, show.id)
    setlistfm.server.clear()
    setlistfm.answer(answering())

    actual = import_actual(setlistfm, show.id)

    assert actual.status == "found" and [song.name for song in actual.songs] == ["A"]


def test_without_a_key_actual_setlists_are_off(app):
    show = zoe_show(app)
    with pytest.raises(ActualsOff):
        import_actual(None, show.id)


@pytest.mark.parametrize(
    "since_start, wait",
    [
        (timedelta(hours=1), timedelta(hours=2)),  # not before LOOK_AFTER (3 hours)
        (timedelta(hours=5), timedelta(hours=1)),
        (timedelta(hours=23, minutes=30), timedelta(hours=1)),
        (timedelta(days=2), timedelta(days=1)),
        (GIVE_UP_AFTER - timedelta(hours=2), timedelta(hours=2)),  # the last look-up
        (GIVE_UP_AFTER, None),
    ],
)
def test_look_ups_are_hourly_the_first_day_then_daily_for_two_weeks(since_start, wait):
    start = utcnow()
    at = start + since_start
    assert next_look_up(start, at) == (None if wait is None else at + wait)


# The operator command.


def test_import_actual_prints_the_setlist_found(make_app, setlistfm):
    songs = [
        {"song": [{"name": "Intro", "tape": True}]},
        {"encore": 1, "song": [{"name": "Néons"}]},
    ]
    setlistfm.answer(answering(played(songs=songs)))
    settings = {"SETLISTFM_BASE_URL": setlistfm.base_url}
    with rolled_back(make_app(**settings)) as app:
        show = zoe_show(app)
        neons = make_track(artist=show.artist, name="Néons").id
        day = show.local_date
        result = app.test_cli_runner().invoke(args=["theset", "import-actual", str(show.id)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Zoé Marchetti at Salle Lumière, {day}: 2 songs, from "
        "https://www.setlist.fm/setlist/zoe/Salle Lumière.html",
        "  1. Intro (tape)",
        f"  2. Néons = track {neons} (encore 1)",
    ]


def test_import_actual_on_the_demo_says_nothing_is_there_yet(app, runner):
    show = zoe_show(app)
    result = runner.invoke(args=["theset", "import-actual", str(show.id)])
    assert result.exit_code == 0, result.output
    assert "nothing on setlist.fm yet; next look at" in result.output


def test_import_actual_of_an_unknown_show_or_when_setlistfm_fails(app, runner, make_app, setlistfm):
    assert (
        "there is no show 999999"
        in runner.invoke(args=["theset", "import-actual", "999999"]).output
    )
    setlistfm.answer(lambda request: json_response({"code": 503}, 503))
    with rolled_back(make_app(SETLISTFM_BASE_URL=setlistfm.base_url)) as failing:
        show = zoe_show(failing)
        result = failing.test_cli_runner().invoke(args=["theset", "import-actual", str(show.id)])
    assert result.exit_code == 1
    assert "setlist.fm unavailable: setlistfm: HTTP 503" in result.output


# The hourly job.


def test_the_shows_due_a_look_up_are_those_over_for_3_hours_to_14_days(app):
    now = utcnow()

    def started(hours: float, **fields):
        return make_show(starts_at=now - timedelta(hours=hours), **fields)

    recent, older, waiting_due = started(4), started(24 * 3), started(30)
    make_actual(waiting_due, next_check_at=now - timedelta(minutes=1))
    make_actual(started(30), next_check_at=now + timedelta(minutes=30))  # not yet
    make_actual(started(30), ["Néons"])  # found
    started(2)  # too soon
    started(24 * 14 + 1)  # too late
    started(5, status="cancelled")
    make_show(starts_at=now + timedelta(days=3))  # upcoming

    assert due_look_ups(now) == [recent.id, waiting_due.id, older.id]
    assert due_look_ups(now, limit=1) == [recent.id]


def test_the_job_looks_up_what_is_due_and_stops_when_setlistfm_keeps_failing(app, setlistfm):
    shows = [zoe_show(app, hours_ago=4 + index) for index in range(MAX_FAILURES_PER_RUN + 2)]
    setlistfm.answer(lambda request: json_response({"code": 500}, 500))

    report = look_up_due(setlistfm)

    assert report == f"{len(shows)} due, 0 found, {MAX_FAILURES_PER_RUN} failed"
    assert due_look_ups(utcnow()) == [show.id for show in shows[MAX_FAILURES_PER_RUN:]]


def test_the_job_reports_found_setlists_and_is_off_without_a_key(app, setlistfm):
    zoe_show(app)
    setlistfm.answer(answering(played()))
    assert look_up_due(setlistfm) == "1 due, 1 found, 0 failed"
    assert look_up_due(None) == "off: no SETLISTFM_API_KEY"
