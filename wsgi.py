"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from theset import create_app
from theset.config import ConfigError
from theset.jobs import start_inline_schedules

try:
    app = create_app()
except ConfigError as error:
    raise SystemExit(f"TheSet cannot start: {error}") from None

if app.config["THESET_JOBS"] == "inline":
    start_inline_schedules(app)
