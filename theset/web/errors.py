"""Error pages: HTML for people, JSON for the API; never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from redis.exceptions import RedisError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    NotFound,
    RequestEntityTooLarge,
    ServiceUnavailable,
)

from .htmx import is_partial, prefers_json

log = logging.getLogger(__name__)

NOT_FOUND_TITLE = "This page is not part of the set"
NOT_FOUND_MESSAGE = (
    "There is nothing at this address: the link may be mistyped, or the page has moved. "
    "Search for an artist to find their shows and vote on their setlists."
)


def wants_json() -> bool:
    """JSON for the API and for clients that prefer it over HTML."""
    return request.path.startswith("/api/") or prefers_json()


def render_error(error: HTTPException):
    """The error as JSON `{"error": {"status", "message"}}` or as an HTML page; a 404 page
    speaks TheSet's words and offers a search."""
    status = error.code or 500
    message = error.description or error.name
    not_found = status == 404
    if wants_json():
        body = jsonify(error={"status": status, "message": message})
    else:
        if not_found and error.description == NotFound.description:
            message = NOT_FOUND_MESSAGE
        if is_partial():
            body = render_template("errors/_error.html", status=status, message=message)
        else:
            title = NOT_FOUND_TITLE if not_found else error.name
            body = render_template(
                "errors/error.html", status=status, title=title, message=message, search=not_found
            )
    # Keep the exception's own headers (Allow on 405, Retry-After on 429).
    headers = [(key, value) for key, value in error.get_headers() if key != "Content-Type"]
    return body, status, headers


def init_app(app: Flask) -> None:
    """Register the handlers."""

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        return render_error(error)

    @app.errorhandler(RequestEntityTooLarge)
    def handle_large_body(error: RequestEntityTooLarge):
        limit = app.config["MAX_CONTENT_LENGTH"] // 1024
        return render_error(
            RequestEntityTooLarge(
                f"Requests to TheSet carry at most {limit} KB; this one is larger."
            )
        )

    @app.errorhandler(OperationalError)
    def handle_database_down(error: OperationalError):
        log.error("database unavailable: %s", error.__class__.__name__)
        return render_error(
            ServiceUnavailable(
                "The database is unavailable right now. Please try again in a minute."
            )
        )

    @app.errorhandler(RedisError)
    def handle_redis_down(error: RedisError):
        log.error("redis unavailable: %s", error.__class__.__name__)
        return render_error(
            ServiceUnavailable(
                "A backing service is unavailable right now. Please try again in a minute."
            )
        )

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(
            InternalServerError(
                "Something went wrong on our side. It has been logged; please try again."
            )
        )
