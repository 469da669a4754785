"""What the browser tests read off a page: its songs, its live messages, its searches."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

HOME_TITLE = "Predict tonight's setlist, together."
DEBOUNCE_MS = 300  # the search box's pause before it asks (hx-trigger … delay)
# Counts the WebSocket messages the htmx ws extension has swapped in, per document.
COUNT_LIVE_MESSAGES = """
window.theSetLive = 0;
document.addEventListener("htmx:wsAfterMessage", () => { window.theSetLive += 1; });
"""


def songs(page):
    return page.locator("#songs > li.song")


def wait_for_live(page, messages: int = 1) -> None:
    """Until the page has swapped in `messages` live messages since COUNT_LIVE_MESSAGES ran."""
    # A function, not an expression: the site's CSP forbids the eval() an expression needs.
    page.wait_for_function("(messages) => window.theSetLive >= messages", arg=messages)


def console_problems(page) -> list[str]:
    """The errors the page logs in the console, and its uncaught exceptions, from now on."""
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def search_requests(page) -> list:
    """Every request the page makes to /search, from now on."""
    seen = []
    page.on("request", lambda request: seen.append(request) if is_search(request) else None)
    return seen


def is_search(request) -> bool:
    return urlsplit(request.url).path == "/search"


class HeldSocket:
    """The page's live socket waits in the browser until `connect` lets it reach the server:
    what happens between drawing the page and opening the socket can be staged."""

    def __init__(self, page) -> None:
        self.page = page
        self.waiting = []
        page.route_web_socket(re.compile(r"/ws/shows/\d+"), lambda ws: self.waiting.append(ws))

    def connect(self) -> None:
        while not self.waiting:
            self.page.wait_for_timeout(20)
        self.waiting.pop(0).connect_to_server()
