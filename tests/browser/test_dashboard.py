"""The fan's dashboard in a browser: a vote on a show becomes one of their predictions.

The module's demo catalog comes with the demo crowd's votes (`theset demo load`), so the
crowd ranks the songs a fan votes for.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from theset.demo.crowd import load_crowd
from theset.extensions import db
from theset.models import Show

from .conftest import MARA, check_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.csrf]  # its forms post their CSRF tokens

LOOKUPS_TIMEOUT = 30_000  # ms: the lookup of the fan's artists' shows that sign-in starts


def crowd_show_id(app, key: str) -> int:
    """The id of a demo show the demo crowd voted on, by its key in shows.toml."""
    event_id = next(planned.event_id for planned in load_crowd().shows if planned.show == key)
    with app.app_context():
        show_id = db.session.scalar(select(Show.id).where(Show.tm_id == event_id))
        db.session.remove()
    return show_id


def test_a_vote_becomes_a_prediction_with_the_crowds_rank(demo_server, axe_context):
    show_id = crowd_show_id(demo_server.app, "zoe-marchetti-montreal")
    page = axe_context.new_page()
    sign_in(page, demo_server, MARA, f"/shows/{show_id}")
    row = page.locator("#songs > li.song", has_text="Minuit à Lisbonne")
    expect(row).to_have_attribute("data-votes", "6")  # the crowd's 6 votes

    row.get_by_role("button", name="Vote for Minuit à Lisbonne").click()

    expect(row).to_have_attribute("data-votes", "7")
    page.goto(f"{demo_server.url}/dashboard")
    expect(page.get_by_text("Looking up upcoming shows")).to_have_count(0, timeout=LOOKUPS_TIMEOUT)
    predictions = page.get_by_role("region", name="Your predictions")
    table = predictions.get_by_role("table", name="Your votes for Zoé Marchetti at Salle Lumière")
    # Third of the crowd's six songs, after 9 and 8 votes.
    expect(table.locator("tbody tr th, tbody tr td")).to_have_text(
        ["Minuit à Lisbonne", "#3 of 6", "7"]
    )
    check_accessible(page, "dashboard-predictions")

    predictions.get_by_role("link", name="Zoé Marchetti · Salle Lumière").click()

    expect(page).to_have_url(f"{demo_server.url}/shows/{show_id}")
    voted = page.locator("#songs > li.song", has_text="Minuit à Lisbonne")
    unvote = "Voted for Minuit à Lisbonne, press again to remove your vote"
    voted.get_by_role("button", name=unvote).click()  # as it was
    expect(voted).to_have_attribute("data-votes", "6")
