"""After the show, in a browser: a past show's page sets what was played beside the crowd's
prediction, with and without JavaScript; the leaderboard ranks the fans. On the demo
catalog, whose load looks up its past shows' setlists on the demo setlist.fm."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from theset.extensions import db
from theset.models import ActualSetlist

from .conftest import check_accessible

pytestmark = pytest.mark.browser


def found_show_id(app) -> int:
    """A past demo show whose setlist is in."""
    with app.app_context():
        return db.session.scalars(
            select(ActualSetlist.show_id).where(ActualSetlist.status == "found")
        ).first()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_past_shows_page_sets_what_was_played_beside_the_prediction(
    demo_server, new_context, javascript
):
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(f"{demo_server.url}/shows/{found_show_id(demo_server.app)}")

    result = page.locator("section.show-result")
    expect(result.get_by_role("heading", name="What they played")).to_be_visible()
    expect(result.locator(".result-summary")).to_contain_text("The crowd called")
    played, predicted = result.locator(".played li"), result.locator(".predicted li")
    expect(played.first).to_be_visible()
    expect(predicted.first).to_be_visible()
    assert played.count() > 5 and predicted.count() > 3
    # Side by side on a desktop: the prediction's column starts level with the setlist's.
    setlist_box = result.get_by_role("heading", name="The setlist").bounding_box()
    prediction_box = result.get_by_role("heading", name="The crowd's prediction").bounding_box()
    assert prediction_box["x"] > setlist_box["x"] + 200
    assert abs(prediction_box["y"] - setlist_box["y"]) < 5
    assert (
        result.get_by_role("link", name="setlist.fm")
        .get_attribute("href")
        .startswith("https://www.setlist.fm/")
    )
    expect(page.locator("#songs .vote-button")).to_have_count(0)  # voting closed at the start


def test_the_past_show_and_the_leaderboard_are_accessible(demo_server, axe_context):
    page = axe_context.new_page()
    page.goto(f"{demo_server.url}/shows/{found_show_id(demo_server.app)}")
    check_accessible(page, "past-show")
    page.goto(f"{demo_server.url}/leaderboard")
    check_accessible(page, "leaderboard")


def test_the_leaderboard_ranks_the_demo_fans_by_songs_called(demo_server, page):
    page.goto(demo_server.url + "/")
    page.get_by_role("contentinfo").get_by_role("link", name="Leaderboard").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Leaderboard")
    rows = page.locator(".fan-table tbody tr")
    expect(rows.first).to_be_visible()
    called = [int(text) for text in rows.locator("td:nth-child(4)").all_inner_texts()]
    assert called == sorted(called, reverse=True) and called[0] > 0
