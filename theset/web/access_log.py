"""gunicorn's access log, minus the OAuth code and state of Spotify's redirect back."""

from __future__ import annotations

from gunicorn.glogging import Logger

# Routes whose query string is a secret: the sign-in callback carries ?code=…&state=…
REDACTED_PATHS = frozenset({"/auth/spotify/callback"})
REDACTED = "[redacted]"


class AccessLog(Logger):
    """gunicorn's logger, logging only the path of routes in REDACTED_PATHS."""

    def access(self, resp, req, environ, request_time):
        path = environ.get("PATH_INFO")
        if path in REDACTED_PATHS and environ.get("QUERY_STRING"):
            environ = {**environ, "QUERY_STRING": REDACTED, "RAW_URI": f"{path}?{REDACTED}"}
        super().access(resp, req, environ, request_time)
