"""The fan's dashboard: Spotify artists cached an hour, shows found in the background."""

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from theset.auth.tokens import encrypt
from theset.cache import fresh_key
from theset.extensions import db
from theset.models import User, utcnow
from theset.redis_client import get_redis

from .support.auth import spotify_sign_in, wait_for_shows

FAN_ARTIST = re.compile(r'<li class="fan-artist">(.*?)</li>', re.DOTALL)
TAG = re.compile(r'<span class="tag tag-\w+">(\w+)</span>')
NEXT_SHOW = re.compile(r'<p class="fan-artist-next">\s*<a href="([^"]+)"')
MORE = re.compile(r">(\d+ more shows?)<")


def fan_artist_rows(html: str) -> list[dict]:
    """Each artist of the dashboard's list: name, tags, next show's link, "n more shows"."""
    rows = []
    for block in FAN_ARTIST.findall(html):
        name = re.search(r'<p class="fan-artist-name">\s*<a href="[^"]+">([^<]+)</a>', block)
        next_show, more = NEXT_SHOW.search(block), MORE.search(block)
        rows.append(
            {
                "name": unescape(name.group(1)),
                "tags": TAG.findall(block),
                "next": next_show and next_show.group(1),
                "more": more and more.group(1),
                "html": block,
            }
        )
    return rows


def test_anonymous_fans_are_sent_to_sign_in(client):
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/dashboard"


def test_dashboard_lists_each_artist_once_with_how_the_fan_knows_them(fan_app, upstream):
    web = fan_app.test_client()
    spotify_sign_in(web, upstream)
    first = web.get("/dashboard")
    assert first.status_code == 200
    assert "Zoé Marchetti" in first.text and "Fjøra" in first.text
    wait_for_shows(fan_app)
    page = web.get("/dashboard").text
    assert "Looking up upcoming shows" not in page
    assert "Artists you follow" not in page and "Your top artists" not in page
    artists = fan_artist_rows(page)
    # Mara's followed and top artists, each once, at their best rank on Spotify.
    assert [(a["name"], a["tags"]) for a in artists] == [
        ("Fjøra", ["followed", "top"]),
        ("Zoé Marchetti", ["followed", "top"]),
        ("GRÜNWALD", ["followed", "top"]),
        ("Mirela Vântu", ["followed", "top"]),
        ("Harbour Static", ["followed", "top"]),
        ("Kōji & the Night Ferries", ["top"]),
        ("Wattle & Ash", ["followed"]),
        ("The Nightjar Quintet", ["followed"]),
        ("Zoe Marchetti Tribute", ["followed"]),  # on Spotify only: no Ticketmaster shows
    ]
    zoe = artists[1]
    assert zoe["next"].startswith("/shows/") and zoe["more"] == "4 more shows"
    assert artists[-1]["next"] is None and "No upcoming shows" in artists[-1]["html"]
    assert page.count('class="fan-artist-next"') == len(artists) - 1


def test_the_dashboard_fragment_brings_the_page_title(fan_app, upstream):
    web = fan_app.test_client()
    spotify_sign_in(web, upstream)
    title = "<title>Your dashboard · TheSet</title>"
    assert title in web.get("/dashboard").text
    assert web.get("/dashboard", headers={"HX-Request": "true"}).text.lstrip().startswith(title)
    wait_for_shows(fan_app)


def test_progress_is_shown_while_shows_are_looked_up(fan_app, upstream):
    web = fan_app.test_client()
    spotify_sign_in(web, upstream)
    page = web.get("/dashboard").text
    if "Looking up upcoming shows" in page:  # the job may already be done on a fast machine
        assert 'hx-trigger="every 2s"' in page
    wait_for_shows(fan_app)


def test_a_second_visit_within_the_hour_calls_spotify_zero_times(fan_app, upstream):
    web = fan_app.test_client()
    spotify_sign_in(web, upstream)
    web.get("/dashboard")
    with fan_app.app_context():
        fan_id = db.session.scalar(select(User.id).where(User.spotify_id == "demo_mara"))
        assert get_redis().ttl(fresh_key("user-artists", fan_id)) in (3599, 3600)
    wait_for_shows(fan_app)
    upstream.calls.clear()
    assert web.get("/dashboard").status_code == 200
    assert upstream.count("spotify") == 0 and upstream.count("spotify-accounts") == 0


@pytest.mark.limited
def test_refresh_now_refetches_at_once_and_at_most_once_a_minute(fan_app, upstream):
    web = fan_app.test_client()
    spotify_sign_in(web, upstream)
    web.get("/dashboard")
    wait_for_shows(fan_app)
    upstream.calls.clear()
    refreshed = web.post("/dashboard/refresh")
    assert refreshed.status_code == 303 and refreshed.headers["Location"] == "/dashboard"
    assert upstream.count("spotify") >= 2  # followed + top artists
    again = web.post("/dashboard/refresh")
    assert again.status_code == 429
    assert 1 <= int(again.headers["Retry-After"]) <= 60
    assert "less than a minute ago" in again.text
    as_json = web.post("/dashboard/refresh", headers={"Accept": "application/json"})
    assert as_json.status_code == 429 and as_json.json["error"]["status"] == 429
    wait_for_shows(fan_app)


def _expire_access_token(app, refresh_token: str | None = None) -> None:
    """Mara's access token expired five minutes ago and her artists are due again, so
    the next dashboard view must use her refresh token (replaced, when given) first."""
    with app.app_context():
        fan = db.session.scalar(select(User).where(User.spotify_id == "demo_mara"))
        fan.token_expires_at = utcnow() - timedelta(minutes=5)
        fan.artists_synced_at = None
        if refresh_token is not None:
            fan.refresh_token_encrypted = encrypt(refresh_token)
        db.session.commit()
        get_redis().delete(fresh_key("user-artists", fan.id))


def test_an_expired_access_token_refreshes_itself(fan_app, upstream):
    web = fan_app.test_client()
    spotify_sign_in(web, upstream)
    _expire_access_token(fan_app)
    upstream.calls.clear()
    assert web.get("/dashboard").status_code == 200
    assert upstream.count("spotify-accounts") == 1  # the refresh grant
    with fan_app.app_context():
        fan = db.session.scalar(select(User).where(User.spotify_id == "demo_mara"))
        assert fan.token_expires_at > utcnow() + timedelta(minutes=50)
    wait_for_shows(fan_app)


def test_a_revoked_refresh_token_signs_the_fan_out_with_a_message(fan_app, upstream):
    web = fan_app.test_client()
    spotify_sign_in(web, upstream)
    _expire_access_token(fan_app, refresh_token="demo-user-refresh:revoked")
    response = web.get("/dashboard")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login")
    login_page = web.get(response.headers["Location"]).text
    assert "no longer accepts" in login_page
    assert web.get("/dashboard").status_code == 302


def test_spotify_down_on_first_visit_says_so(fan_app, upstream):
    web = fan_app.test_client()
    spotify_sign_in(web, upstream)
    upstream.fail("spotify", 503)
    page = web.get("/dashboard")
    assert page.status_code == 200
    assert "Spotify did not answer" in page.text


def test_dashboard_runs_a_fixed_number_of_queries(app, count_queries):
    web = app.test_client()
    web.post("/login/demo", data={"fan": "demo_mara"})
    with count_queries() as few:
        web.get("/dashboard")
    with count_queries() as again:
        assert web.get("/dashboard").status_code == 200
    print(f"dashboard queries: first {len(few)}, cached {len(again)}")
    assert len(again) <= 4
