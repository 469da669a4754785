"""Periodic jobs on RQ's cron scheduler: with two `python worker.py` running, each job
runs once per period, period after period, and keeps its period when the leader dies."""

import itertools

import pytest
from rq.cron import get_cron_job_ids
from rq.job import Job

from theset.jobs.cron import LEASE_KEY
from theset.jobs.tasks import PERIODIC, periods
from theset.redis_client import get_redis

from .conftest import empty_database, requires_real_backend
from .support.auth import signed_in_client
from .support.processes import kill_worker, rq_worker, wait_until, worker_env

SCALE = 3 / 86400  # daily jobs every 3 s, the hourly one every second
PERIODS = periods(SCALE)


def _runs(connection) -> dict[str, list[Job]]:
    """Each periodic job's enqueued runs, oldest first."""
    return {
        name: sorted(
            (job for job in Job.fetch_many(get_cron_job_ids(name, connection), connection) if job),
            key=lambda job: job.enqueued_at,
        )
        for name in PERIODIC
    }


def _finished_runs(connection, since: int = 0) -> dict[str, int]:
    return {
        name: sum(job.get_status() == "finished" for job in runs[since:])
        for name, runs in _runs(connection).items()
    }


def _assert_once_per_period(connection) -> None:
    """No two runs of a job within half its period.

    RQ times a pass of its scheduler once, before enqueueing the jobs due, so a job's
    own `enqueued_at` can trail that time by a loaded machine's Redis round trips and
    two runs may land a little under one period apart. A second leader enqueueing the
    same due run lands at a gap near zero, far below half a period.
    """
    for name, runs in _runs(connection).items():
        gaps = [
            (b.enqueued_at - a.enqueued_at).total_seconds() for a, b in itertools.pairwise(runs)
        ]
        assert min(gaps) >= PERIODS[name] * 0.5, (name, PERIODS[name], gaps)


@requires_real_backend
def test_two_workers_run_each_periodic_job_once_per_period_across_a_failover(
    make_app, backend, tmp_path
):
    if not backend.is_postgres:
        pytest.skip("a worker process cannot share the embedded backend")
    app = make_app(THESET_JOBS="rq")
    env = worker_env(tmp_path, THESET_PERIODS_SCALE=str(SCALE))
    try:
        with app.app_context():
            connection = get_redis()
            with rq_worker(env) as one, rq_worker(env) as two:
                wait_until(
                    lambda: min(_finished_runs(connection).values()) >= 3,
                    "three runs of every periodic job",
                )
                _assert_once_per_period(connection)
                leader_pid = int(connection.get(LEASE_KEY).decode().split(":")[-2])
                leader, survivor = (one, two) if one.pid == leader_pid else (two, one)
                before = {name: len(runs) for name, runs in _runs(connection).items()}
                kill_worker(leader)
                wait_until(
                    lambda: all(
                        len(runs) >= before[name] + 3
                        and _finished_runs(connection)[name] >= before[name] + 3
                        for name, runs in _runs(connection).items()
                    ),
                    "three more runs of every job, led by the surviving worker",
                )
                _assert_once_per_period(connection)
                assert int(connection.get(LEASE_KEY).decode().split(":")[-2]) == survivor.pid
        table = (
            signed_in_client(app, is_admin=True)
            .get("/admin")
            .text.split('class="periodic-jobs"', 1)[1]
            .split("</table>")[0]
        )
        assert all(f">{name}</th>" in table for name in PERIODIC)
        assert "never" not in table and "not scheduled yet" not in table
    finally:
        empty_database(app)
