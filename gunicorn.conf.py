"""gunicorn settings: `gunicorn wsgi:app` serves HTTP and WebSockets on $PORT."""

import os

bind = f"{os.environ.get('BIND_HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
# WebSockets hold a connection open for as long as a fan watches a show: gevent
# serves thousands of them per worker, where sync or gthread workers would block.
worker_class = "gevent"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "2000"))
timeout = 30
graceful_timeout = 20
# Request line and headers stay within gunicorn's defaults, set here so they are seen and
# kept; bodies are limited by the app (MAX_CONTENT_LENGTH, 8 KB), and never read when larger.
limit_request_line = 4094  # bytes: our longest URLs (OAuth callback, search) are far shorter
limit_request_fields = 50  # headers: browsers send ~20, proxies add a few
limit_request_field_size = 8190  # bytes per header: the session cookie fits many times over
accesslog = "-"
logger_class = "theset.web.access_log.AccessLog"  # no OAuth code or state in the access log
errorlog = "-"


def on_starting(server):
    """Fail fast, with one line naming the missing setting, before forking workers."""
    from theset.config import ConfigError, validate_environment

    try:
        validate_environment(os.environ)
    except ConfigError as error:
        raise SystemExit(f"TheSet cannot start: {error}") from None
