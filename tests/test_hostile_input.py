"""Hostile input on every route: a clear 4xx, never a server error."""

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .factories import make_show

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999999",
    "1e9",
    "NaN",
    "null",
    "[]",
    "{}",
    "\x00",
    "a\x00b",
    "%00",
    "%",
    "%%",
    "%zz",
    "../../etc/passwd",
    "..%2f..%2f",
    "<script>",
    "\"'><img src=x onerror=alert(1)>",
    "' OR 1=1 --",
    "😀" * 50,
    "\u202e\u0645",
    "é" * 300,
    "x" * 5000,
    "\r\nSet-Cookie: a=b",
    "javascript:alert(1)",
    "//evil.example",
    "\\\\evil",
]

GET_ROUTES = [
    "/search?q={}",
    "/artists?page={}",
    "/artists/{}",
    "/artists/tm/{}",
    "/shows/{}",
    "/shows/{}/songs/search?q={}",
    "/login?next={}",
    "/auth/spotify/callback?code={}&state={}",
    "/api/search?q={}",
    "/api/artists/{}",
    "/api/shows/{}",
    "/api/shows/{}/setlist",
    "/embed/shows/{}",
    "/oembed?url={}&format=json",
    "/oembed?url={}&maxwidth={}",
]
POST_ROUTES = [
    ("/setlist-songs/{}/vote", {}),
    ("/setlist-songs/{}/unvote", {}),
    ("/shows/{}/songs", {"track_id": "{}"}),
    ("/login/demo", {"fan": "{}"}),
    ("/logout", {}),
    ("/dashboard/refresh", {}),
]


@pytest.fixture
def fan_client(session, client, auth):
    make_show()
    auth.login()
    session.commit()
    return client


MARKUP = {"<script>", "\"'><img src=x onerror=alert(1)>"}  # what no page may echo as it is
# Percent signs that decode to nothing valid, sent as they are (not encoded again).
MALFORMED = ["%zz", "%", "%%", "%4", "%e9", "%ff%fe", "%c3%28", "%00"]
ERROR_MESSAGE = re.compile(r'<p class="[^"]*(?:error-message|notice-error)[^"]*"[^>]*>([^<]+)</p>')


def _fill(template: str, value: str) -> str:
    return template.replace("{}", quote(value, safe=""))


def check_answer(response, value: str, where: str) -> None:
    """Never a server error; a refusal is a 4xx that says why; nothing hostile echoed raw."""
    status = response.status_code
    context = (where, value, status)
    assert status < 500, context
    if status >= 400:
        if response.is_json:
            assert response.json["error"]["status"] == status, context
            assert response.json["error"]["message"].strip(), context
        else:
            assert (found := ERROR_MESSAGE.search(response.text)), context
            assert found[1].strip(), context
    if response.mimetype == "text/html" and value in MARKUP:
        assert value not in response.text, ("echoed unescaped", *context)
    for header, field in response.headers.items():
        assert "\r" not in field and "\n" not in field, (header, *context)
    assert "a=b" not in response.headers.get("Set-Cookie", ""), context


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_on_every_get_route_are_never_a_server_error(client, value):
    for template in GET_ROUTES:
        check_answer(client.get(_fill(template, value)), value, template)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_on_every_post_route_are_never_a_server_error(fan_client, value):
    for template, form in POST_ROUTES:
        data = {key: field.replace("{}", value) for key, field in form.items()}
        check_answer(fan_client.post(_fill(template, value), data=data), value, template)


@pytest.mark.parametrize("value", MALFORMED)
def test_malformed_percent_encodings_are_sent_raw_and_handled(client, value):
    for template in GET_ROUTES:
        url = template.replace("{}", value)
        response = client.get(url)
        assert response.request.environ["REQUEST_URI"] == url  # not encoded again
        check_answer(response, value, template)


def test_echoed_markup_is_escaped(client):
    value = "\"'><img src=x onerror=alert(1)>"
    page = client.get(_fill("/search?q={}", value)).text
    assert "&#34;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_wrong_methods_are_405(client, method):
    for path in ("/", "/search", "/shows/1", "/setlist-songs/1/vote", "/api/search"):
        response = client.open(path, method=method)
        assert response.status_code == 405, (path, response.status_code)
        assert method not in response.headers["Allow"]


def test_malformed_bodies_and_cookies_are_handled(client):
    client.set_cookie("session", "not-a-signed-session")
    assert client.get("/dashboard").status_code == 302
    response = client.post("/shows/1/songs", data=b"\xff\xfe{{{", content_type="application/json")
    assert response.status_code < 500
    response = client.post(
        "/login/demo", data="fan=%zz&&&=", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


@settings(
    max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    route=st.sampled_from(GET_ROUTES),
    value=st.text(st.characters(codec="utf-8"), max_size=120),
)
def test_generated_input_never_makes_a_server_error(client, route, value):
    check_answer(client.get(_fill(route, value)), value, route)
