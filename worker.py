"""`python worker.py`: an RQ worker for the app's queues, with RQ's scheduler."""

import sys

from rq import Worker

from theset.jobs import QUEUE_NAMES, queues_for
from theset.redis_client import get_redis
from wsgi import app


def main() -> int:
    """Run jobs inside the app context until stopped (SIGTERM finishes the running job)."""
    if app.config["REDIS_URL"] is None:
        print(
            "python worker.py needs REDIS_URL; without it jobs run inline in the web process",
            file=sys.stderr,
        )
        return 2
    with app.app_context():
        connection = get_redis()
        worker = Worker(queues_for(connection), connection=connection, name=None)
        worker.work(with_scheduler=True)
    print(f"worker stopped (queues: {', '.join(QUEUE_NAMES)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
