"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

import gc

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

# What start-up built lives as long as the process. Frozen, the collector's full passes
# skip it: they took 70-120 ms over its ~170,000 objects in a voting worker, and every
# request in flight waited (bench/RESULTS.md, open loop).
gc.freeze()
