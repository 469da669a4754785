"""Security headers, CSRF and cookies."""

from .factories import make_show


def test_every_page_has_a_strict_policy_and_no_framing(client, session):
    show = make_show()
    session.commit()
    for path in ("/", "/search?q=x", f"/shows/{show.id}", "/login", "/nope", "/api/openapi.json"):
        response = client.get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in response.headers["Permissions-Policy"]


def test_the_embed_may_be_framed_by_anyone_but_keeps_the_policy(client, session):
    show = make_show()
    session.commit()
    response = client.get(f"/embed/shows/{show.id}")
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "script-src 'self'" in policy
    assert "X-Frame-Options" not in response.headers


def test_pages_have_no_inline_scripts_or_styles(client, session):
    show = make_show()
    session.commit()
    for path in ("/", f"/shows/{show.id}", "/login", f"/embed/shows/{show.id}"):
        html = client.get(path).text
        assert "<script>" not in html and "<script " not in html.replace("<script src=", "")
        assert "<style" not in html and ' style="' not in html


def test_hsts_only_outside_demo_mode(make_app, client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    production = make_app(DEMO_MODE=False)
    assert (
        production.test_client()
        .get("/")
        .headers["Strict-Transport-Security"]
        .startswith("max-age=31536000")
    )


def test_session_cookie_is_httponly_and_lax_and_secure_host_only_in_production(make_app):
    from theset.config import load_config

    config = load_config(
        {
            "TICKETMASTER_API_KEY": "k",
            "SECRET_KEY": "s",
            "SPOTIFY_CLIENT_ID": "i",
            "SPOTIFY_CLIENT_SECRET": "c",
            "THESET_PUBLIC_URL": "https://theset.example",
        },
        "/tmp",
    )
    assert config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
