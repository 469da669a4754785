"""Screenshots of TheSet's pages for the README: home, artist, show, dashboard, embed, a
show after it happened, and the leaderboard.

Run the app on the embedded default first (`PORT=5077 ./scripts/run`), then, with the
test extras installed (pytest-playwright) and Debian's Chromium:

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:5077

It signs in as a demo fan, who votes for the first two songs of the hottest show (so
the dashboard has predictions), then takes each page at 1280 px in the light scheme and
at 375 px in the dark one, the top of the page as a person first sees it (the embed: the
widget alone), into docs/screenshots/.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
FAN = "Mara Lindqvist"  # a demo fan
VOTES = 2
EMBED_WIDTH = 420
LOOKS = [(1280, 900, "light"), (375, 812, "dark")]


def pages(page: Page, base: str) -> dict[str, str]:
    """The address of each page to take, found the way a visitor finds them."""
    page.goto(base + "/")
    hot_show = page.locator("section[aria-labelledby='hot-shows'] a[href^='/shows/']").first
    show = hot_show.get_attribute("href")
    page.goto(base + show)
    artist = page.locator("a[href^='/artists/']").first.get_attribute("href")
    page.goto(base + artist)
    recent = page.locator("section[aria-labelledby='recent-title'] li:has(.actual-found) a")
    return {
        "home": "/",
        "artist": artist,
        "show": show,
        "dashboard": "/dashboard",
        "embed": "/embed/shows/" + show.rsplit("/", 1)[1],
        "after-the-show": recent.first.get_attribute("href"),
        "leaderboard": "/leaderboard",
    }


def sign_in(page: Page, base: str) -> None:
    page.goto(base + "/login")
    page.get_by_role("button", name=f"Sign in as {FAN}").click()
    page.wait_for_url(base + "/dashboard")


def vote(page: Page, base: str, show: str) -> None:
    """The fan votes for the show's first VOTES songs (once: a voted song stays voted)."""
    page.goto(base + show)
    for row in page.locator("#songs > li.song").all()[:VOTES]:
        button = row.locator(".vote-button")
        if button.get_attribute("aria-pressed") == "false":
            button.click()
            row.locator(".vote-button[aria-pressed='true']").wait_for()


def take(base: str) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for width, height, scheme in LOOKS:
            context = browser.new_context(
                viewport={"width": width, "height": height}, color_scheme=scheme
            )
            page = context.new_page()
            sign_in(page, base)
            addresses = pages(page, base)
            vote(page, base, addresses["show"])
            for name, path in addresses.items():
                # The embed at the width a sidebar gives it, not stretched across a desktop.
                wide = min(width, EMBED_WIDTH) if name == "embed" else width
                page.set_viewport_size({"width": wide, "height": height})
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                shot = OUT / f"{name}-{width}-{scheme}.png"
                whole = page.locator("body > *").first if name == "embed" else page
                whole.screenshot(path=shot)
                taken.append(shot)
            context.close()
        browser.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:5000")
    for shot in take(parser.parse_args().base.rstrip("/")):
        print(shot.relative_to(OUT.parent.parent))


if __name__ == "__main__":
    main()
