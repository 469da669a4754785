"""The job runner: chosen once per app, its inline state on the app, tasks by dotted name."""

import pkgutil
import threading

from theset.jobs import get_runner, tasks
from theset.jobs.inline_runner import InlineRunner
from theset.jobs.rq_runner import RQRunner
from theset.services.setlists import IMPORT_CATALOG_TASK

RELEASE = threading.Event()
RAN = []


def note(value) -> None:
    """A task the tests queue by its dotted name."""
    RAN.append(value)


def hold() -> None:
    """A task that runs until the test releases it."""
    assert RELEASE.wait(10)


def test_the_catalog_task_is_named_by_its_dotted_path():
    assert pkgutil.resolve_name(IMPORT_CATALOG_TASK) is tasks.import_catalog_and_seed


def test_the_runner_follows_the_jobs_setting(make_app, backend):
    assert isinstance(get_runner(make_app(THESET_JOBS="inline")), InlineRunner)
    if backend.is_postgres:
        assert isinstance(get_runner(make_app(THESET_JOBS="rq")), RQRunner)


def test_the_inline_runner_runs_a_task_given_by_dotted_name(app):
    RAN.clear()
    with app.app_context():
        assert get_runner().enqueue(f"{__name__}.note", 7, job_id="note-7")
    assert RAN == [7]


def test_each_app_keeps_its_own_pending_inline_jobs(make_app):
    one, two = make_app(THESET_JOBS="inline"), make_app(THESET_JOBS="inline")
    RELEASE.clear()
    try:
        assert get_runner(one).enqueue(hold, job_id="hold")
        assert get_runner(one).is_pending("hold") and not get_runner(two).is_pending("hold")
        assert get_runner(two).enqueue(hold, job_id="hold")  # not a duplicate of one's
    finally:
        RELEASE.set()
    assert get_runner(one).wait() and get_runner(two).wait()
