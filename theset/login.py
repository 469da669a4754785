"""flask-login wiring: how a session's user id becomes a User."""

from flask import Flask

from .extensions import db, login_manager
from .models import User


def init_app(app: Flask) -> None:
    """Bind flask-login and say where signing in happens."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None
