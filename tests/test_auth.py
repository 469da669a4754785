"""Sign-in: Spotify's authorization code flow with PKCE against the fake accounts server."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from theset.auth.tokens import decrypt
from theset.extensions import db
from theset.models import User
from theset.views.auth import safe_next

from .factories import make_setlist, make_show
from .support.rows import votes_of


@pytest.fixture
def web(upstream_app):
    return upstream_app.test_client()


def _authorize(web, upstream, next_path=None):
    """Start sign-in, follow Spotify's /authorize; the callback URL Spotify sends back."""
    start = web.get("/login" + (f"?next={next_path}" if next_path else ""))
    assert start.status_code == 200 and "Sign in with Spotify" in start.text
    to_spotify = web.get("/login/spotify")
    assert to_spotify.status_code == 302
    authorize = urlsplit(to_spotify.headers["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}" == upstream.url
    query = parse_qs(authorize.query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0]
    assert query["redirect_uri"] == ["http://localhost/auth/spotify/callback"]
    assert set(query["scope"][0].split()) == {
        "user-read-private",
        "user-read-email",
        "user-follow-read",
        "user-top-read",
    }
    back = requests.get(to_spotify.headers["Location"], allow_redirects=False, timeout=5)
    assert back.status_code == 302
    return urlsplit(back.headers["Location"])


def _callback(web, location):
    return web.get(f"{location.path}?{location.query}")


def test_sign_in_lands_on_the_dashboard_with_tokens_encrypted(web, upstream, upstream_app):
    landed = _callback(web, _authorize(web, upstream))
    assert landed.status_code == 303
    assert landed.headers["Location"] == "/dashboard"
    with upstream_app.app_context():
        fan = db.session.scalar(select(User).where(User.spotify_id == "demo_mara"))
        assert fan.display_name == "Mara Lindqvist"
        assert fan.email == "demo.mara@example.com"
        assert "demo-user-token" not in fan.access_token_encrypted
        assert decrypt(fan.access_token_encrypted) == "demo-user-token:demo_mara"
        assert decrypt(fan.refresh_token_encrypted) == "demo-user-refresh:demo_mara"
    cookie = web.get_cookie("session")
    assert "demo-user-token" not in cookie.value
    assert cookie.http_only and cookie.same_site == "Lax"
    dashboard = web.get("/dashboard")
    assert dashboard.status_code == 200 and "Your artists" in dashboard.text


def test_sign_in_returns_to_a_same_site_next(web, upstream):
    landed = _callback(web, _authorize(web, upstream, next_path="/artists?page=2"))
    assert landed.headers["Location"] == "/artists?page=2"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/%2F%2Fevil.example",
        "%2F%2Fevil.example",
        "/%5C%5Cevil.example",
        "javascript:alert(1)",
        "/\tevil",
        "http:/evil.example",
        "",
    ],
)
def test_other_next_targets_are_ignored(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", ["/dashboard", "/shows/12?x=1", "/artists/zoe-marchetti"])
def test_same_site_paths_are_kept(target):
    assert safe_next(target) == target


def test_an_absolute_next_lands_on_the_dashboard(web, upstream):
    landed = _callback(web, _authorize(web, upstream, next_path="https://evil.example/"))
    assert landed.headers["Location"] == "/dashboard"


def test_denied_consent_is_a_friendly_page_and_not_signed_in(web, upstream):
    upstream.deny_consent = True
    page = _callback(web, _authorize(web, upstream))
    assert page.status_code == 200
    assert "You chose not to let TheSet use your Spotify account" in page.text
    assert web.get("/dashboard").status_code == 302


def test_tampered_state_is_a_400(web, upstream):
    location = _authorize(web, upstream)
    query = parse_qs(location.query)
    response = web.get(f"{location.path}?code={query['code'][0]}&state=forged")
    assert response.status_code == 400
    assert web.get("/dashboard").status_code == 302


def test_missing_state_is_a_400(web, upstream):
    assert web.get("/auth/spotify/callback?code=abc").status_code == 400


def test_a_code_is_good_once_and_needs_the_verifier(web, upstream):
    location = _authorize(web, upstream)
    assert _callback(web, location).status_code == 303
    web.post("/logout")
    replay = _callback(web, location)
    assert replay.status_code == 400  # the state was used up with the first sign-in


def test_token_endpoint_failure_is_a_friendly_502(web, upstream):
    location = _authorize(web, upstream)
    upstream.fail("spotify", 500)
    response = _callback(web, location)
    assert response.status_code == 502
    assert "Spotify did not complete the sign-in" in response.text


def test_sign_in_rotates_the_session(web, upstream):
    web.get("/login?next=/artists")
    with web.session_transaction() as session:
        session["planted"] = "by an attacker"
    _callback(web, _authorize(web, upstream))
    with web.session_transaction() as session:
        assert "planted" not in session


def test_logout_clears_the_session(web, upstream):
    _callback(web, _authorize(web, upstream))
    assert web.post("/logout").status_code == 303
    assert web.get("/dashboard").status_code == 302


def test_admins_come_from_the_setting(make_app, upstream):
    app = make_app(**upstream.settings(), THESET_ADMINS=frozenset({"demo_mara"}))
    web = app.test_client()
    _callback(web, _authorize(web, upstream))
    with app.app_context():
        assert db.session.scalar(select(User.is_admin).where(User.spotify_id == "demo_mara"))
        db.session.execute(db.delete(User))
        db.session.commit()


def test_demo_sign_in_exists_only_in_demo_mode(web, client):
    assert web.post("/login/demo", data={"fan": "demo_mara"}).status_code == 404
    assert client.post("/login/demo", data={"fan": "nobody"}).status_code == 400
    landed = client.post("/login/demo", data={"fan": "demo_tomas"})
    assert landed.status_code == 303 and landed.headers["Location"] == "/dashboard"


def test_demo_login_page_lists_demo_fans_not_spotify(client):
    page = client.get("/login").text
    assert "Sign in as Mara Lindqvist" in page and "Sign in with Spotify" not in page
    assert client.get("/login/spotify").status_code == 404


def test_make_admin_command(app, runner):
    app.test_client().post("/login/demo", data={"fan": "demo_priya"})
    result = runner.invoke(args=["theset", "make-admin", "demo_priya"])
    assert result.exit_code == 0 and "demo_priya is now an admin" in result.output
    missing = runner.invoke(args=["theset", "make-admin", "nobody"])
    assert missing.exit_code == 1 and "no fan with Spotify id 'nobody'" in missing.output


def test_an_unknown_callback_error_is_not_echoed(web):
    page = web.get("/auth/spotify/callback?error=Call+0800-SCAM+to+restore+your+account")
    assert page.status_code == 200
    main = page.text.split('<main id="main"', 1)[1]
    assert "0800-SCAM" not in main
    assert "Spotify did not sign you in" in main


def test_the_pkce_verifier_is_not_in_the_session_cookie(web, upstream):
    web.get("/login/spotify")
    with web.session_transaction() as session:
        assert "code_verifier" not in repr(dict(session))
    _callback(web, _authorize(web, upstream))  # and sign-in still works
    assert web.get("/dashboard").status_code == 200


def test_a_vote_made_before_signing_in_with_spotify_is_counted_back_on_the_show(web, upstream):
    song = make_setlist(make_show())[1]
    db.session.commit()
    show_path = f"/shows/{song.setlist.show_id}"
    assert web.post(f"/setlist-songs/{song.id}/vote").status_code == 303

    landed = _callback(web, _authorize(web, upstream, next_path=show_path))

    assert landed.headers["Location"] == show_path
    page = web.get(show_path).text
    assert f"Your vote for {song.track.name} is counted." in page
    assert votes_of(page)[song.id] == 1
