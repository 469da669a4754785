"""rq-dashboard under /admin/rq: for admins only, with its own scripts allowed, safely.

Its pages run one inline script, compile Underscore templates (eval) and use
style attributes, which our Content-Security-Policy forbids everywhere else: on
its pages the policy allows exactly that script, by hash, eval and inline styles.
Its buttons POST with jQuery and no CSRF token, so instead of the token its actions
must name our own pages (a present, same-site Origin or Referer), on top of
SameSite=Lax cookies: a cross-site link can suppress its Referer, so neither is
not enough. It serves one Redis (instance 0); unknown instances and jobs are 404s.
"""

from __future__ import annotations

import base64
import hashlib
import re

import rq_dashboard
from flask import Blueprint, Flask, Response, abort, request
from redis.exceptions import ResponseError
from rq.exceptions import NoSuchJobError
from rq_dashboard.web import setup_rq_connection
from werkzeug.exceptions import NotFound

from ..extensions import csrf
from ..web.errors import render_error
from ..web.origin import named_our_pages
from ..web.security import set_directive
from .admin import require_admin

SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.S)


def init_app(app: Flask) -> None:
    """Mount rq-dashboard, guarded, when RQ is in use (REDIS_URL set)."""
    if not app.config["REDIS_URL"]:
        return
    app.config["RQ_DASHBOARD_REDIS_URL"] = [app.config["REDIS_URL"]]
    app.register_blueprint(rq_dashboard.blueprint, url_prefix="/admin/rq")
    guard(app, rq_dashboard.blueprint)
    setup_rq_connection(app)  # its actions need the connection before any page


def guard(app: Flask, blueprint: Blueprint) -> None:
    """Our checks, error pages and headers on the requests `blueprint` serves in `app`.

    They go into the app's hooks for the blueprint, not onto the blueprint itself:
    rq-dashboard's is one module-level object shared by every app in the process.
    """
    csrf.exempt(blueprint)  # its actions name our pages instead (refuse_cross_site_actions)
    checks = [require_admin, refuse_cross_site_actions, refuse_other_instances]
    app.before_request_funcs[blueprint.name][0:0] = checks  # before its own hook
    app.after_request_funcs[blueprint.name].append(allow_its_scripts)
    for missing in (NoSuchJobError, ResponseError):
        app.error_handler_spec[blueprint.name][None][missing] = nothing_there


def refuse_cross_site_actions() -> None:
    # "Requeue all" also answers GET: a link on another site must not trigger it either.
    changes = request.method != "GET" or request.endpoint == "rq_dashboard.requeue_all"
    if changes and not named_our_pages():
        abort(400, "Cross-site request refused: use the buttons of the RQ dashboard itself.")


def refuse_other_instances() -> None:
    if (request.view_args or {}).get("instance_number", 0) != 0:
        abort(404, "The RQ dashboard shows one Redis: instance 0.")


def nothing_there(_error: NoSuchJobError | ResponseError):
    """A job that is gone, or a queue Redis has no key for (compacting an empty one)."""
    return render_error(NotFound("There is no such job or queue in Redis (any more)."))


def allow_its_scripts(response: Response) -> Response:
    """script-src for exactly the inline scripts of this page, plus eval; and its
    inline style attributes (it hides buttons with them)."""
    if response.mimetype == "text/html" and not response.direct_passthrough:
        hashes = [
            "'sha256-{}'".format(
                base64.b64encode(hashlib.sha256(script["body"].encode()).digest()).decode()
            )
            for script in SCRIPT.finditer(response.get_data(as_text=True))
            if "src=" not in script["attributes"] and "text/template" not in script["attributes"]
        ]
        set_directive(response, "script-src", " ".join(["'self'", "'unsafe-eval'", *hashes]))
        set_directive(response, "style-src", "'self' 'unsafe-inline'")
    return response
