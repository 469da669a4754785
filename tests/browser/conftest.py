"""Browser tests: Playwright driving Debian's Chromium against a live server.

`playwright install` cannot download here, so the tests use /usr/bin/chromium.
Without it they skip loudly, unless THESET_REQUIRE_BROWSER=1 makes that a failure.
"""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select, true

from theset import create_app
from theset.demo.transport import demo_attraction_ids
from theset.extensions import db
from theset.live import relay
from theset.models import Artist, Setlist, Show, utcnow

from ..conftest import empty_database
from ..support.live import LiveServer
from . import axe

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
    if shutil.which(CHROMIUM) or os.environ.get("THESET_REQUIRE_BROWSER") == "1":
        return
    reason = f"BROWSER TESTS NOT RUN: no Chromium at {CHROMIUM} (apt-get install chromium)"
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session", autouse=True)
def _browser_required():
    """Without Chromium every browser test fails here (or was skipped at collection),
    before the session's browser fixtures try to launch it."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"THESET_REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


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
    app.extensions[relay.EXTENSION_KEY].stop()
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


# Signing in, shows with a ready setlist and the accessibility round, for the voting and
# sign-in tests.

MARA = "Mara Lindqvist"  # demo_mara
TOMAS = "Tomás Herrera"  # demo_tomas
# Where the accessibility checks leave screenshots of every page; empty to take none.
SHOTS = os.environ.get("THESET_SHOTS", "/tmp/shots")
WIDTHS = (390, 1100)
SCHEMES = ("light", "dark")


def sign_in(page, server, fan: str = MARA, next_path: str | None = None) -> None:
    """Sign in through /login as a demo fan (works with JavaScript off); lands on `next_path`
    or the dashboard."""
    query = f"?{urlencode({'next': next_path}, safe='/')}" if next_path else ""
    page.goto(f"{server.url}/login{query}")
    page.get_by_role("button", name=f"Sign in as {fan}").click()
    expect(page).to_have_url(server.url + (next_path or "/dashboard"))
    expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()
    # htmx sets the page up on DOMContentLoaded: a click before that posts the form itself.
    page.wait_for_load_state("load")


def unopened_shows(*where):
    """SQL: the upcoming shows on sale that nobody has opened yet (no setlist), matching
    `where`, in id order."""
    return (
        select(Show)
        .join(Artist, Artist.id == Show.artist_id)
        .outerjoin(Setlist, Setlist.show_id == Show.id)
        .where(
            Setlist.id.is_(None),
            Show.status == "onsale",
            Show.starts_at > utcnow() + timedelta(days=1),
            *where,
        )
        .order_by(Show.id)
    )


@pytest.fixture
def fresh_show(demo_server):
    """Make the id of an upcoming show nobody has opened yet (of one of the `artists`
    named, if any are), its artist's catalog imported, so that its first visit seeds the
    setlist at once (5 songs at 0 votes)."""

    def make(artists: tuple[str, ...] = ()) -> int:
        app = demo_server.app
        with app.app_context():
            show = db.session.scalars(
                unopened_shows(
                    Artist.spotify_id.is_not(None),
                    Artist.name.in_(artists) if artists else true(),
                )
            ).first()
            assert show is not None, "every demo show with a catalog has been used"
            show_id, tm_id = show.id, show.artist.tm_id
            imported = show.artist.catalog_synced_at is not None
            db.session.remove()
        if not imported:
            result = app.test_cli_runner().invoke(args=["theset", "import-artist", tm_id])
            assert result.exit_code == 0, result.output
        return show_id

    return make


def check_accessible(page, name: str) -> None:
    """axe on the page as it is, in both color schemes at both widths, with a screenshot of
    each; no sideways scrolling either (WCAG 1.4.10 Reflow)."""
    failures = []
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                failures.append(f"{name} ({scheme}, {width} px): {scroll_width} px wide")
            found = axe.violations(page)
            if found:
                failures.append(f"{name} ({scheme}, {width} px):\n{axe.describe(found)}")
            if SHOTS:
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{SHOTS}/{name}-{scheme}-{width}.png", full_page=True)
    page.emulate_media(color_scheme="light")
    assert not failures, "accessibility problems:\n" + "\n".join(failures)


@pytest.fixture
def axe_context(new_context):
    """A browser context for axe: the injected script must run whatever the site's CSP says."""
    axe.require_axe()
    return new_context(bypass_csp=True, viewport={"width": WIDTHS[-1], "height": 900})
