"""flask-login wiring: how a session's user id becomes a User, and where sign-in happens."""

from urllib.parse import urlsplit

from flask import Flask, current_app, jsonify, make_response, redirect, request, url_for

from ..extensions import login_manager
from ..models import User
from ..services.sessions import remembered_user, session_user
from ..services.users import keep_admin_in_step
from ..web import htmx
from ..web.ids import parse_id


def init_app(app: Flask) -> None:
    """Bind flask-login."""
    login_manager.init_app(app)

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        """The fan of a sign-in that has not ended ("<user id>:<token>"), kept in step with
        THESET_ADMINS whenever the sign-in is read from the database."""
        user_id, _, token = session_id.partition(":")
        key = parse_id(user_id)
        if key is None or not token:
            return None
        user = remembered_user(key, token)
        if user is None:
            user = session_user(key, token)
            if user is not None:
                keep_admin_in_step(user, current_app.config["THESET_ADMINS"])
        return user

    @login_manager.unauthorized_handler
    def sign_in_first():
        """Send anonymous fans to sign in, then back to the page they were on."""
        return sign_in_then(_return_path())


def sign_in_then(next_path: str):
    """The answer to a fan who must sign in first: to the sign-in page, then to `next_path`.
    htmx is told where to go in a 204 (an error status would be logged in the browser's
    console); a JSON client gets a 401."""
    target = url_for("auth.login", next=next_path)
    if htmx.prefers_json():
        response = jsonify(error={"status": 401, "message": "Sign in to do this."})
        response.status_code = 401
        return response
    if htmx.is_partial():
        return htmx.redirect(make_response("", 204), target)
    return redirect(target, 303 if request.method == "POST" else 302)


def _return_path() -> str:
    """The page to come back to: this one for a GET, the page that posted otherwise."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path:
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return url_for("main.index")
