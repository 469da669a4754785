"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from theset import create_app
from theset.config import ConfigError
from theset.jobs import get_runner
from theset.jobs.tasks import schedule

try:
    app = create_app()
except ConfigError as error:
    raise SystemExit(f"TheSet cannot start: {error}") from None

# The embedded default runs the periodic jobs on a thread; on RQ, `python worker.py` does.
get_runner(app).start_periodic(schedule(app.config["THESET_PERIODS_SCALE"]))
