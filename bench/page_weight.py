"""The show page's weight: HTML + CSS + JS, gzipped (goal < 40 KB).

Run: .venv/bin/python bench/page_weight.py   (embedded demo mode, no network)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402

from tests.page_weight import page_weight  # noqa: E402
from theset import create_app  # noqa: E402

GOAL = 40 * 1024


def main() -> None:
    os.environ["THESET_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="theset-bench-")
    app = create_app()
    with app.app_context():
        flask_migrate.upgrade()
    client = app.test_client()
    artist_page = client.get("/artists/tm/K8vZ91mDDPm", follow_redirects=True).text
    show_path = "/shows/" + artist_page.split('href="/shows/', 1)[1].split('"', 1)[0]
    sizes = page_weight(client, show_path)
    total = sum(sizes.values())
    print(f"page_weight: show page {show_path}, gzip bytes per resource:")
    for name, size in sizes.items():
        print(f"  {size:>7,}  {name}")
    print(f"  {total:>7,}  total ({total / 1024:.1f} KB; goal < {GOAL // 1024} KB)")


if __name__ == "__main__":
    main()
