"""`python worker.py [--burst]`: an RQ worker for the app's queues, with RQ's scheduler.

Jobs run inside the app context (each in a forked work horse with its own
database connections). SIGTERM lets the running job finish; a job lost with a
killed worker is found in RQ's started-job registry and retried.
"""

import argparse
import sys

import redis
from rq import Worker

from theset.jobs import QUEUE_NAMES, ensure_schedules, queues_for
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
        # Its own connection without a read timeout: the worker blocks on the queues.
        connection = redis.Redis.from_url(app.config["REDIS_URL"])
        scheduled = ensure_schedules()
        if scheduled:
            print(f"scheduled periodic jobs: {', '.join(scheduled)}")
        worker = Worker(queues_for(connection), connection=connection)
        worker.work(burst=args.burst, with_scheduler=True)
    print(f"worker stopped (queues: {', '.join(QUEUE_NAMES)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
