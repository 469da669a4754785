"""The skips a CI run accepts: under CI=true any other skipped test fails the run.

A pytest plugin (tests/conftest.py loads it); the run lists the unexplained skips at the end.

Each entry is a skip reason, word for word, and why that skip is fine. All of them are
the embedded-backend half of a test that only means something on PostgreSQL and Redis;
CI runs that other half too.
"""

import os

import pytest

ALLOWED_SKIPS = {
    "a worker process cannot share the embedded backend": (
        "RQ worker tests: worker.py is another process, and SQLite in a temp file plus the "
        "in-process Redis stand-in cannot be shared with it"
    ),
    "the embedded backend cannot be shared by several processes": (
        "scale-out and healing across two gunicorn servers: same reason"
    ),
    "the embedded backend cannot be shared by two processes": (
        "WebSockets on two gunicorn workers: same reason"
    ),
    "RQ runs on the real Redis backend": "the embedded backend runs jobs inline, not on RQ",
    "rq-dashboard needs RQ on Redis": "the embedded backend has no RQ for the dashboard to show",
    "pool sizing applies to PostgreSQL": "SQLite has no connection pool to size",
}


def skip_reason(report) -> str:
    """The reason a skipped test report gives, without pytest's "Skipped: " prefix."""
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    return reason.removeprefix("Skipped: ")


class SkipPolicy:
    """Collects the skips whose reason is not allowed, and fails the session on them."""

    def __init__(self):
        self.unexplained: list[tuple[str, str]] = []

    def pytest_runtest_logreport(self, report):
        if report.skipped and skip_reason(report) not in ALLOWED_SKIPS:
            self.unexplained.append((report.nodeid, skip_reason(report)))

    def pytest_sessionfinish(self, session):
        if self.unexplained:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter):
        if self.unexplained:
            terminalreporter.section("skips not allowed by tests/skip_policy.py", red=True)
            for nodeid, reason in self.unexplained:
                terminalreporter.line(f"{nodeid}: {reason}")


def pytest_configure(config):
    if os.environ.get("CI") == "true":
        config.pluginmanager.register(SkipPolicy(), "theset-skip-policy")
