"""`python worker.py [--burst]`: an RQ worker for the app's queues, with RQ's scheduler
and the periodic jobs on RQ's cron scheduler.

Jobs run inside the app context (each in a forked work horse with its own
database connections). SIGTERM lets the running job finish; a job lost with a
killed worker is retried within seconds (theset.jobs.worker). However many workers
run, one of them at a time enqueues the periodic jobs (theset.jobs.cron).
"""

import argparse
import sys
from contextlib import nullcontext

import redis

from theset.jobs.cron import cron_leader
from theset.jobs.rq_runner import QUEUE_NAMES, queues_for
from theset.jobs.tasks import periods
from theset.jobs.worker import RecoveringWorker
from wsgi import app


def main(argv: list[str] | None = None) -> int:
    """Run jobs until stopped, or until the queues are empty with --burst."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", action="store_true", help="stop when the queues are empty")
    args = parser.parse_args(argv)
    if app.config["REDIS_URL"] is None:
        print(
            "python worker.py needs REDIS_URL; without it jobs run inline in the web process",
            file=sys.stderr,
        )
        return 2
    with app.app_context():
        # Own connections without a read timeout: the worker blocks on the queues.
        connection = redis.Redis.from_url(app.config["REDIS_URL"])
        worker = RecoveringWorker(queues_for(connection), connection=connection)
        schedule = (
            nullcontext()
            if args.burst
            else cron_leader(
                redis.Redis.from_url(app.config["REDIS_URL"]),
                periods(app.config["THESET_PERIODS_SCALE"]),
            )
        )
        with schedule:
            worker.work(burst=args.burst, with_scheduler=True)
    print(f"worker stopped (queues: {', '.join(QUEUE_NAMES)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
