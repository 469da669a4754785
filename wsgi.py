"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from theset import create_app
from theset.config import ConfigError

try:
    app = create_app()
except ConfigError as error:
    raise SystemExit(f"TheSet cannot start: {error}") from None
