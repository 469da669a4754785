"""flask-login wiring: how a session's user id becomes a User, and where sign-in happens."""

from urllib.parse import urlsplit

from flask import Flask, jsonify, redirect, request, url_for

from .extensions import db, login_manager
from .htmx import is_partial, prefers_json
from .ids import parse_id
from .models import User


def init_app(app: Flask) -> None:
    """Bind flask-login."""
    login_manager.init_app(app)

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        key = parse_id(user_id)
        return db.session.get(User, key) if key is not None else None

    @login_manager.unauthorized_handler
    def sign_in_first():
        """Send anonymous fans to sign in, then back to the page they were on."""
        target = url_for("auth.login", next=_return_path())
        if prefers_json():
            response = jsonify(error={"status": 401, "message": "Sign in to do this."})
            response.status_code = 401
            return response
        if is_partial():
            return "", 401, {"HX-Redirect": target}
        return redirect(target, 303 if request.method == "POST" else 302)


def _return_path() -> str:
    """The page to come back to: this one for a GET, the page that posted otherwise."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path:
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return url_for("main.index")
