"""One id rule: absurd ids in paths and forms are a 404 or a 400 with a message, never a 500."""

import re
from urllib.parse import quote

import pytest
from flask import url_for
from hypothesis import given
from hypothesis import strategies as st

from theset.web.ids import MAX_ID, parse_id

from .factories import make_show, make_track
from .support.headers import JSON

ABSURD = [
    "1" * 100_000,
    str(2**64),
    str(2**31),
    "1e3",
    " 1",
    "1 ",
    "１２",  # full-width digits: str.isdigit() and werkzeug's int converter accept them
    "-0",
    "0",
    "+1",
    "0x1",
    "",
]

WEBSOCKET = {"Connection": "Upgrade", "Upgrade": "websocket"}
ROUTES = [
    ("GET", "/shows/{}", {}),
    ("GET", "/embed/shows/{}", {}),
    ("GET", "/ws/shows/{}", WEBSOCKET),
    ("GET", "/api/shows/{}", {}),
    ("GET", "/api/shows/{}/setlist", {}),
    ("POST", "/setlist-songs/{}/vote", {}),
    ("POST", "/setlist-songs/{}/unvote", {}),
    ("POST", "/shows/{}/songs", {}),
    ("GET", "/shows/{}/songs/search", {}),
]


@pytest.fixture
def fan_client(auth, client):
    auth.login()
    return client


@pytest.fixture
def show(session):
    show = make_show()
    session.commit()
    return show


def _path(template: str, value: str) -> str:
    return template.replace("{}", quote(value, safe=""))


def _is_json_error(response, status: int) -> bool:
    error = response.json["error"]
    return error["status"] == status and bool(error["message"])


def _is_html_error(response, status: int) -> bool:
    return (
        response.mimetype == "text/html" and f'<p class="error-code">{status}</p>' in response.text
    )


def _each_route(client, value: str, headers: dict):
    """Each route's answer to `value` as its id, signed in, with a valid track_id."""
    for method, template, own_headers in ROUTES:
        path = _path(template, value)
        yield (
            path,
            client.open(
                path, method=method, data={"track_id": "1"}, headers={**own_headers, **headers}
            ),
        )


@pytest.mark.parametrize("value", ABSURD)
def test_absurd_ids_in_a_path_are_a_404_page(fan_client, value):
    for path, response in _each_route(fan_client, value, {}):
        assert response.status_code == 404, (path[:40], response.status_code)
        if path.startswith("/api/"):
            assert _is_json_error(response, 404), path[:40]
        else:
            assert _is_html_error(response, 404), path[:40]


@pytest.mark.parametrize("value", ABSURD)
def test_absurd_ids_in_a_path_are_a_json_404_for_json_clients(fan_client, value):
    for path, response in _each_route(fan_client, value, JSON):
        assert response.status_code == 404, (path[:40], response.status_code)
        assert _is_json_error(response, 404), path[:40]


@pytest.mark.parametrize("value", ABSURD)
def test_absurd_show_urls_have_no_oembed(client, value):
    url = "http://localhost" + _path("/shows/{}", value)
    assert client.get("/oembed", query_string={"url": url}).status_code == 404
    response = client.get("/oembed", query_string={"url": url}, headers=JSON)
    assert response.status_code == 404 and _is_json_error(response, 404)


@pytest.mark.parametrize("value", ABSURD)
def test_absurd_track_ids_are_a_400_with_a_message(fan_client, show, value):
    # A body over the 8 KB limit is refused unread, with its own message.
    status, message = (413, "at most 8 KB") if len(value) > 8000 else (400, "Choose a song")
    response = fan_client.post(f"/shows/{show.id}/songs", data={"track_id": value})
    assert response.status_code == status
    assert _is_html_error(response, status) and message in response.text
    response = fan_client.post(f"/shows/{show.id}/songs", data={"track_id": value}, headers=JSON)
    assert response.status_code == status
    assert _is_json_error(response, status) and message in response.json["error"]["message"]


def _full_width(number: int) -> str:
    return "".join(chr(ord("０") + int(digit)) for digit in str(number))


def test_an_id_has_one_spelling_in_a_path(client, show):
    assert client.get(f"/shows/{show.id}").status_code == 200
    for spelling in (f"0{show.id}", _full_width(show.id)):
        assert client.get(_path("/shows/{}", spelling)).status_code == 404, spelling
        assert client.get(_path("/api/shows/{}", spelling)).status_code == 404, spelling


def test_an_id_has_one_spelling_in_a_form(fan_client, session, show):
    track = make_track(artist=show.artist, name="Deep Cut")
    session.commit()
    for spelling in (f"0{track.id}", _full_width(track.id)):
        response = fan_client.post(f"/shows/{show.id}/songs", data={"track_id": spelling})
        assert response.status_code == 400, spelling
    response = fan_client.post(f"/shows/{show.id}/songs", data={"track_id": str(track.id)})
    assert response.status_code == 303


def test_the_largest_id_is_looked_up(client, fan_client):
    assert client.get("/shows/2147483647").status_code == 404
    assert client.get("/api/shows/2147483647", headers=JSON).json["error"]["message"] == (
        "There is no show with that number."
    )
    assert fan_client.post("/setlist-songs/2147483647/vote").status_code == 404


@pytest.mark.parametrize("raw", ["1", "7", "2147483647"])
def test_parse_id_reads_ids(raw):
    assert parse_id(raw) == int(raw)


@pytest.mark.parametrize("raw", [*ABSURD, "07", "0007", "1.0", "١", "¹", "1_000", "2147483647 "])
def test_parse_id_refuses_anything_else(raw):
    assert parse_id(raw) is None


def _reference(raw: str) -> int | None:
    """The rule in plain words: ASCII digits, no leading zero, 1 to MAX_ID."""
    if raw.isascii() and raw.isdigit() and not raw.startswith("0") and int(raw) <= MAX_ID:
        return int(raw)
    return None


@given(
    st.one_of(
        st.integers(min_value=-(2**40), max_value=2**40).map(str),
        st.text(st.sampled_from("0123456789０１٣¹ +-_.ex"), max_size=14),
        st.text(max_size=14),
    )
)
def test_parse_id_follows_the_rule(raw):
    assert parse_id(raw) == _reference(raw)


def test_urls_are_built_with_the_id_converter(app):
    with app.test_request_context():
        assert url_for("shows.detail", show_id=42) == "/shows/42"


@pytest.mark.parametrize("query", ["page=" + "1" * 100_000, "page=01", "page=100001"])
def test_absurd_page_numbers_are_a_400(client, query):
    response = client.get(f"/artists?{query}")
    assert response.status_code == 400 and "?page=2" in response.text


def test_absurd_oembed_sizes_are_a_400(client, show):
    url = f"http://localhost/shows/{show.id}"
    query = {"url": url, "maxwidth": "9" * 100_000}
    assert client.get("/oembed", query_string=query).status_code == 400


def test_no_route_of_ours_reads_a_number_without_the_id_rule(app):
    rules = app.url_map.iter_rules()
    ours = [rule.rule for rule in rules if not rule.endpoint.startswith("rq_dashboard.")]
    assert [rule for rule in ours if re.search(r"<(int|float)\b", rule)] == []
