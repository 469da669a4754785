import pytest

pytestmark = pytest.mark.browser


def test_home_page_loads_htmx_and_shows_the_demo_badge(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Predict tonight's setlist, together."
    assert page.get_by_text("Demo data").is_visible()
    version = page.evaluate("() => window.htmx && window.htmx.version")
    assert version.startswith("2.0.")
