"""The whole catalog: both APIs' records and the art, built from the TOML data."""

from __future__ import annotations

import json

from theset.demo.spec import load_spec

from .art import Art
from .setlistfm import build_setlistfm
from .spotify import build_spotify
from .ticketmaster import build_ticketmaster


def build() -> tuple[dict[str, dict], dict[str, str]]:
    """Each API's catalog by its file name, and the SVG files (path -> text)."""
    art, spec = Art(), load_spec()
    spotify, spotify_ids = build_spotify(art, spec)
    catalogs = {
        "ticketmaster.json": build_ticketmaster(art, spec, spotify_ids),
        "spotify.json": spotify,
        "setlistfm.json": build_setlistfm(spec),
    }
    return catalogs, art.files


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
