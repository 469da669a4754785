"""Browser tests: Playwright driving Debian's Chromium against a live server.

`playwright install` cannot download here, so the tests use /usr/bin/chromium.
Without it they skip loudly, unless THESET_REQUIRE_BROWSER=1 makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from theset import create_app
from theset.demo.transport import demo_attraction_ids
from theset.extensions import db
from theset.models import Artist

from ..conftest import empty_database

CHROMIUM = os.environ.get("THESET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM):
        return
    reason = f"BROWSER TESTS NOT RUN: no Chromium at {CHROMIUM} (apt-get install chromium)"
    for item in items:
        if "tests/browser/" not in item.nodeid:
            continue
        if os.environ.get("THESET_REQUIRE_BROWSER") == "1":
            item.add_marker(pytest.mark.usefixtures("_browser_required"))
        else:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def _browser_required():
    pytest.fail(f"THESET_REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


class LiveServer:
    """The app served by werkzeug on a free port, in a thread."""

    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._thread.join(timeout=5)


@pytest.fixture
def live_server(committed_app):
    """A live server on the test backend; its data is emptied after the test."""
    with LiveServer(committed_app) as server:
        yield server
    empty_database(committed_app)


@pytest.fixture(scope="module")
def _demo_site(backend):
    """One live server per test module whose data outlives a test; emptied at the end."""
    app = create_app(dict(backend.config))
    with LiveServer(app) as server:
        yield server
    empty_database(app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def demo_server(_demo_site):
    """A live server with the demo catalog loaded: loaded once per module, not per test.

    `theset demo load` takes seconds (the Ticketmaster client's rate limit), so the
    module's tests share the data. Tests on `demo_server` must leave it as they found it;
    when a `live_server` test has emptied the database in between, it is loaded again.
    """
    app = _demo_site.app
    with app.app_context():
        artists = db.session.scalar(select(func.count()).select_from(Artist))
    if artists < len(demo_attraction_ids()):
        result = app.test_cli_runner().invoke(args=["theset", "demo", "load"])
        assert result.exit_code == 0, result.output
    return _demo_site
