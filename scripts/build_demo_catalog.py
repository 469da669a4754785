"""Rebuild the demo catalog and its art from theset/demo/data/*.toml.

Run from anywhere: `python scripts/build_demo_catalog.py`. It rewrites
theset/demo/built/*.json and static/demo/**.svg of this checkout; with unchanged data the
files come out byte for byte the same. Event dates are stored relative to the anchor date,
and the demo transport moves the anchor to today.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's theset, whichever one is installed

from scripts.demo_catalog.build import build, dump  # noqa: E402

CATALOG_DIR = ROOT / "theset" / "demo" / "built"
STATIC_DIR = ROOT / "static" / "demo"


def main() -> None:
    """Write the catalog and the art, and say how much."""
    catalogs, files = build()
    CATALOG_DIR.mkdir(parents=True, exist_ok=True)
    for name, catalog in catalogs.items():
        (CATALOG_DIR / name).write_text(dump(catalog), encoding="utf-8")
    for path, text in sorted(files.items()):
        target = STATIC_DIR / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    spotify = catalogs["spotify.json"]
    print(
        f"wrote {len(catalogs['ticketmaster.json']['events'])} events, "
        f"{len(spotify['artists'])} Spotify artists, {len(spotify['albums'])} releases, "
        f"{len(catalogs['setlistfm.json']['setlists'])} setlists and {len(files)} images"
    )


if __name__ == "__main__":
    main()
