"""The whole catalog: both APIs' records and the art, built from the TOML data."""

from __future__ import annotations

import json

from theset.demo.spec import load_spec

from .art import Art
from .spotify import build_spotify
from .ticketmaster import build_ticketmaster


def build() -> tuple[dict, dict, dict[str, str]]:
    """The Ticketmaster catalog, the Spotify catalog and the SVG files (path -> text)."""
    art, spec = Art(), load_spec()
    spotify, spotify_ids = build_spotify(art, spec)
    ticketmaster = build_ticketmaster(art, spec, spotify_ids)
    return ticketmaster, spotify, art.files


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
