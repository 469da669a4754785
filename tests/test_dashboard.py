"""The fan's dashboard: Spotify artists cached an hour, shows found in the background."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from theset.auth.tokens import encrypt
from theset.cache import fresh_key
from theset.extensions import db
from theset.models import User, utcnow
from theset.redis_client import get_redis

from .support.auth import spotify_sign_in, wait_for_shows


def test_anonymous_fans_are_sent_to_sign_in(client):
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/dashboard"


def test_dashboard_lists_followed_and_top_artists_with_their_shows(fan_app, upstream):
    web = fan_app.test_client()
    spotify_sign_in(web, upstream)
    first = web.get("/dashboard")
    assert first.status_code == 200
    assert "Artists you follow" in first.text and "Your top artists" in first.text
    assert "Zoé Marchetti" in first.text and "Fjøra" in first.text
    wait_for_shows(fan_app)
    page = web.get("/dashboard").text
    assert "Looking up upcoming shows" not in page
    followed = page[page.index("Artists you follow") : page.index("Your top artists")]
    assert followed.count('class="show-row"') >= 6
    assert "Zoe Marchetti Tribute" in followed  # followed on Spotify, no Ticketmaster shows


def test_the_dashboard_fragment_brings_the_page_title(fan_app, upstream):
    web = fan_app.test_client()
    spotify_sign_in(web, upstream)
    title = "<title>Your artists · TheSet</title>"
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
