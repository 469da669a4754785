"""Sessions end at sign-out, everywhere at once, and when Spotify revokes the fan."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from theset.auth.tokens import encrypt
from theset.extensions import db
from theset.models import SignIn, User, utcnow
from theset.redis_client import get_redis
from theset.services import sessions

from .factories import make_show, make_user
from .support.auth import csrf_token
from .support.queries import statements_run


@pytest.fixture
def demo_app(committed_app):
    """Real commits: each request's session is its own, as in production."""
    return committed_app


def _signed_in(app, fan="demo_mara"):
    web = app.test_client()
    token = csrf_token(web.get("/login").text)
    assert web.post("/login/demo", data={"fan": fan, "csrf_token": token}).status_code == 303
    return web


def _replay(app, web):
    """Another browser presenting the cookie `web` holds now."""
    other = app.test_client()
    other.set_cookie("session", web.get_cookie("session").value)
    return other


def test_a_saved_cookie_is_refused_after_sign_out(demo_app):
    web = _signed_in(demo_app)
    saved = _replay(demo_app, web)
    assert saved.get("/dashboard").status_code == 200
    assert web.post("/logout").status_code == 303
    assert saved.get("/dashboard").status_code == 302


def test_sign_out_leaves_the_fans_other_sessions_alone(demo_app):
    laptop, phone = _signed_in(demo_app), _signed_in(demo_app)
    laptop.post("/logout")
    assert phone.get("/dashboard").status_code == 200


def test_sign_out_everywhere_ends_every_session_of_the_fan(demo_app):
    laptop, phone, other_fan = (
        _signed_in(demo_app),
        _signed_in(demo_app),
        _signed_in(demo_app, "demo_tomas"),
    )
    page = laptop.get("/dashboard").text
    assert 'action="/logout/everywhere"' in page
    assert phone.get("/dashboard").status_code == 200  # in use: its sign-in is remembered
    assert laptop.post("/logout/everywhere").status_code == 303
    assert phone.get("/dashboard").status_code == 302
    assert laptop.get("/dashboard").status_code == 302
    assert other_fan.get("/dashboard").status_code == 200


@pytest.mark.csrf
def test_sign_out_everywhere_needs_the_csrf_token(demo_app):
    web = _signed_in(demo_app)
    assert web.post("/logout/everywhere").status_code == 400
    assert web.get("/dashboard").status_code == 200


def test_a_revoked_spotify_authorisation_ends_every_session(demo_app):
    laptop, phone = _signed_in(demo_app), _signed_in(demo_app)
    assert "Sign out" in phone.get("/").text  # in use: its sign-in is remembered
    with demo_app.app_context():
        fan = db.session.scalar(select(User).where(User.spotify_id == "demo_mara"))
        fan.refresh_token_encrypted = encrypt("revoked-by-the-fan")
        fan.token_expires_at = utcnow() - timedelta(hours=1)
        db.session.commit()
    assert laptop.post("/dashboard/refresh").status_code == 303
    assert "Sign out" not in phone.get("/").text


def test_someone_removed_from_the_admins_is_demoted_at_their_next_request(demo_app):
    demo_app.config["THESET_ADMINS"] = frozenset({"demo_mara"})
    web = _signed_in(demo_app)
    assert web.get("/admin").status_code == 200
    demo_app.config["THESET_ADMINS"] = frozenset()
    assert web.get("/admin").status_code == 403
    with demo_app.app_context():
        assert not db.session.scalar(select(User.is_admin).where(User.spotify_id == "demo_mara"))


def test_an_admin_made_by_command_stays_one(demo_app):
    web = _signed_in(demo_app)
    assert (
        demo_app.test_cli_runner().invoke(args=["theset", "make-admin", "demo_mara"]).exit_code == 0
    )
    assert web.get("/admin").status_code == 200


def test_signed_in_pages_are_not_stored_by_caches(demo_app):
    with demo_app.app_context():
        show_id = make_show().id
        db.session.commit()
    demo_app.config["THESET_ADMINS"] = frozenset({"demo_mara"})
    web = _signed_in(demo_app)
    for path in ("/dashboard", "/admin", f"/shows/{show_id}", "/"):
        assert web.get(path).headers.get("Cache-Control") == "private, no-store", path


def _sign_in_reads(app, web, path="/leaderboard") -> int:
    with statements_run(app) as statements:
        assert web.get(path).status_code == 200
    return sum("sign_ins" in statement for statement in statements)


def test_a_busy_fans_sign_in_is_read_once_then_remembered(demo_app):
    fan = _signed_in(demo_app)
    assert [_sign_in_reads(demo_app, fan) for _ in range(2)] == [1, 0]
    # An admin made by THESET_ADMINS is checked against the setting on every request.
    demo_app.config["THESET_ADMINS"] = frozenset({"demo_tomas"})
    admin = _signed_in(demo_app, "demo_tomas")
    assert [_sign_in_reads(demo_app, admin, "/admin") for _ in range(2)] == [1, 1]


def test_a_sign_in_is_remembered_no_longer_than_it_lasts(demo_app):
    with demo_app.test_request_context("/"):
        fan = make_user()
        token = sessions.start_session(fan)
        ending = utcnow() - sessions.LIFETIME + timedelta(seconds=5)  # 5 s left
        db.session.execute(update(SignIn).where(SignIn.token == token).values(created_at=ending))
        db.session.commit()
        assert sessions.session_user(fan.id, token) is not None
        assert 0 < get_redis().ttl(sessions._key(token)) <= 5
        assert sessions.remembered_user(fan.id, token).id == fan.id
        assert sessions.remembered_user(fan.id + 1, token) is None  # another fan's id
