"""The SVG art: a gradient with initials for every artist, album and fan picture."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape  # escapes SVG text we write; nothing is parsed  # nosec B406

from .ids import digest

STATIC_URL = "/static/demo"


def initials(name: str) -> str:
    words = [
        w
        for w in re.findall(r"\w+", name)
        if len(w) > 1
        and not w.isdigit()
        and w.lower() not in {"the", "los", "dr", "de", "to", "and"}
    ]
    if len(words) == 1:
        return words[0][:2].capitalize()
    return "".join(word[0].upper() for word in words[:2]) or "♪"


def svg(title: str, label: str, width: int, height: int, seed: str) -> str:
    hue = digest(seed) % 360
    other = (hue + 40 + digest(seed, "2") % 80) % 360
    size = min(width, height) * (0.36 if len(label) < 3 else 0.26)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="t">\n'
        f'<title id="t">{escape(title)}</title>\n'
        '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="hsl({hue},62%,42%)"/>'
        f'<stop offset="1" stop-color="hsl({other},58%,22%)"/></linearGradient></defs>\n'
        f'<rect width="{width}" height="{height}" fill="url(#g)"/>\n'
        f'<circle cx="{width * 0.82:.0f}" cy="{height * 0.2:.0f}" '
        f'r="{min(width, height) * 0.3:.0f}" fill="#fff" fill-opacity=".08"/>\n'
        f'<text x="50%" y="50%" dy=".35em" text-anchor="middle" '
        f'font-family="system-ui,-apple-system,Segoe UI,sans-serif" font-size="{size:.0f}" '
        f'font-weight="700" fill="#fff" fill-opacity=".92">{escape(label)}</text>\n</svg>\n'
    )


class Art:
    """Collects the SVG files to write, keyed by their path under static/demo."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}

    def add(
        self, path: str, title: str, label: str, width: int, height: int, seed: str = ""
    ) -> str:
        self.files[path] = svg(title, label, width, height, seed or path)
        return path


def tm_images(art: Art, slug: str, name: str) -> list[dict]:
    wide = art.add(f"artists/{slug}-16_9.svg", name, initials(name), 1024, 576, slug)
    photo = art.add(f"artists/{slug}-3_2.svg", name, initials(name), 640, 427, slug)
    return [
        {
            "ratio": "16_9",
            "url": f"{STATIC_URL}/{wide}",
            "width": 1024,
            "height": 576,
            "fallback": False,
        },
        {
            "ratio": "16_9",
            "url": f"{STATIC_URL}/{wide}",
            "width": 640,
            "height": 360,
            "fallback": False,
        },
        {
            "ratio": "3_2",
            "url": f"{STATIC_URL}/{photo}",
            "width": 640,
            "height": 427,
            "fallback": False,
        },
        {
            "ratio": "3_2",
            "url": f"{STATIC_URL}/{photo}",
            "width": 305,
            "height": 203,
            "fallback": False,
        },
    ]


def fallback_images(art: Art) -> list[dict]:
    wide = art.add("fallback-16_9.svg", "Live music", "♪", 1024, 576)
    photo = art.add("fallback-3_2.svg", "Live music", "♪", 640, 427)
    return [
        {
            "ratio": "16_9",
            "url": f"{STATIC_URL}/{wide}",
            "width": 1024,
            "height": 576,
            "fallback": True,
        },
        {
            "ratio": "3_2",
            "url": f"{STATIC_URL}/{photo}",
            "width": 305,
            "height": 203,
            "fallback": True,
        },
    ]
