"""TheSet: predict and vote on the setlist of an upcoming concert."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from . import cli, database, jobs, redis_client, upstream
from .auth import login, oauth
from .config import load_config
from .extensions import compress, csrf, migrate
from .live import relay
from .web import assets, errors, formatting, hosts, ids, limits, security, wording
from .web.framing import forbid_framing
from .web.htmx import add_vary
from .web.http_cache import no_store_when_signed_in

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app from the environment, with `test_config` overriding it."""
    app = hosts.PublicOriginFlask(
        __name__,
        instance_path=os.environ.get("THESET_INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(load_config(os.environ, app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)

    assets.init_app(app)  # static files first, so that a proxy fix wraps them too
    hosts.init_app(app)
    ids.init_app(app)  # before any blueprint: routes use the `id` converter
    database.init_app(app)
    migrate.init_app(app, database.db, directory=str(PROJECT_ROOT / "migrations"))
    redis_client.init_app(app)
    upstream.init_app(app)
    jobs.init_app(app)
    login.init_app(app)
    oauth.init_app(app)
    limits.init_app(app)
    relay.init_app(app)
    csrf.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    formatting.init_app(app)
    wording.init_app(app)

    from .views import (
        admin,
        artists,
        auth,
        calendars,
        dashboard,
        leaderboard,
        main,
        rq_admin,
        search,
        setlists,
        shows,
    )

    blueprints = (
        main.bp,
        search.bp,
        artists.bp,
        shows.bp,
        setlists.bp,
        auth.bp,
        dashboard.bp,
        leaderboard.bp,
        calendars.bp,  # .ics feeds of artists, shows and fans
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    from .api import views as api
    from .views import embed, oembed

    for blueprint in (embed.bp, oembed.bp, api.bp):  # embedding and the JSON API
        app.register_blueprint(blueprint)
    from .live import views as live

    app.register_blueprint(live.bp)  # the WebSocket route
    admin.init_app(app)
    rq_admin.init_app(app)
    app.after_request(add_vary)
    app.after_request(no_store_when_signed_in)
    app.after_request(forbid_framing)
    security.init_app(app)
    compress.init_app(app)

    @app.context_processor
    def inject_mode():
        return {"demo_mode": app.config["DEMO_MODE"]}

    return app
