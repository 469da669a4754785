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
accesslog = "-"
logger_class = "theset.access_log.AccessLog"  # no OAuth code or state in the access log
errorlog = "-"


def on_starting(server):
    """Fail fast, with one line naming the missing setting, before forking workers."""
    from theset.config import ConfigError, validate_environment

    try:
        validate_environment(os.environ)
    except ConfigError as error:
        raise SystemExit(f"TheSet cannot start: {error}") from None
