"""The seeded show page's weight on the wire, from gunicorn: a cold visit and a warm one.

Run: .venv/bin/python bench/page_weight.py   (PostgreSQL + Redis, see bench/harness.py;
the demo catalog, jobs on a thread of the web process). A browser's visit: the show page,
then every stylesheet, script and icon it names, with `Accept-Encoding: gzip, br`.
- cold: an empty cache, so everything is fetched;
- warm: the page again; an asset whose Cache-Control lets the browser keep it (max-age,
  immutable) is not asked for, any other is revalidated (If-None-Match) and counted.
Bytes are what crossed the connection: body as sent (compressed) plus status line and
headers. Goal: the cold visit under 40 KB.
"""

from __future__ import annotations

import re
import time

import requests
from harness import commit_and_date, fresh_database, gunicorn

GOAL = 40 * 1024
ARTIST = "K8vZ91mDDPm"
ASSET = re.compile(r'<(?:script[^>]+src|link[^>]+href)="(?:https?://[^/"]+)?(/static/[^"]+)"')
BROWSER = {"Accept-Encoding": "gzip, br", "User-Agent": "theset-bench"}


def fetch(session: requests.Session, url: str, etag: str | None = None):
    """Bytes on the wire for `url` (revalidating `etag` if given), and the answer."""
    headers = {**BROWSER, **({"If-None-Match": etag} if etag else {})}
    answer = session.get(url, headers=headers, stream=True, timeout=30)
    body = answer.raw.read(decode_content=False)
    head = len(f"HTTP/1.1 {answer.status_code} {answer.reason}\r\n") + sum(
        len(f"{name}: {value}\r\n") for name, value in answer.headers.items()
    )
    return head + 2 + len(body), answer


def seeded_show(base: str) -> str:
    """Select the demo artist, open its first show, wait until its setlist is seeded."""
    page = requests.get(f"{base}/artists/tm/{ARTIST}", timeout=30).text
    show = "/shows/" + page.split('href="/shows/', 1)[1].split('"', 1)[0]
    requests.get(f"{base}{show}", timeout=30)
    deadline = time.monotonic() + 30
    while requests.get(f"{base}/api{show}/setlist", timeout=10).json()["status"] != "ready":
        assert time.monotonic() < deadline, "the setlist was not seeded"
        time.sleep(0.2)
    return show


def keeps(answer: requests.Response) -> bool:
    """Whether a browser may reuse the answer without asking again."""
    cache = answer.headers.get("Cache-Control", "")
    return "immutable" in cache or bool(re.search(r"max-age=[1-9]", cache)) and "no-" not in cache


def main() -> None:
    fresh_database()
    with gunicorn(workers=1, THESET_JOBS="inline") as base:
        show = seeded_show(base)
        session = requests.Session()
        size, page = fetch(session, f"{base}{show}")
        html = requests.get(f"{base}{show}", timeout=30).text
        cold = {show: size}
        answers = {}
        for asset in ASSET.findall(html):
            cold[asset], answers[asset] = fetch(session, f"{base}{asset}")
        warm = {show: fetch(session, f"{base}{show}")[0]}
        for asset, answer in answers.items():
            if not keeps(answer):
                warm[asset] = fetch(
                    session, f"{base}{asset}", **{"If-None-Match": answer.headers.get("ETag", "")}
                )[0]
    print(f"page_weight: {commit_and_date()}")
    print(f"  seeded show page {show} from gunicorn, Accept-Encoding: gzip, br")
    print(f"  cold visit: {len(cold)} requests")
    for name, size in cold.items():
        print(f"    {size:>7,}  {name}")
    total = sum(cold.values())
    print(f"    {total:>7,}  bytes ({total / 1024:.1f} KB; goal < {GOAL // 1024} KB)")
    print(f"  warm visit: {len(warm)} requests, {sum(warm.values()):,} bytes ({', '.join(warm)})")


if __name__ == "__main__":
    main()
