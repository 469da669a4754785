"""A show's share card: the 1200×630 PNG that link previews show, drawn with Pillow in
TheSet's dark colours (static/css/theset.css) from the show's share text."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from flask import current_app
from PIL import Image, ImageDraw, ImageFont

from ..models import Show
from ..services.share import ShareText
from .formatting import show_day

WIDTH, HEIGHT = 1200, 630  # the size Open Graph and Twitter's large cards ask for
MARGIN = 72
RIGHT = WIDTH - MARGIN
BACKGROUND, TEXT, MUTED = "#14131a", "#f1eff7", "#b0acc1"
ACCENT, ACCENT_LIGHT, RULE = "#6a2ee8", "#b69bff", "#34313f"
# Debian's fonts-dejavu-core; without it, Pillow's own font.
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
DESIGN = 1  # part of the card's ETag: a new drawing must not be taken for the old one


@dataclass(frozen=True)
class Card:
    """What the card shows, as plain words: its ETag is drawn from these."""

    artist: str
    where_and_when: str
    share: ShareText
    site: str  # the public host, so the picture says where it comes from


def show_card(show: Show, share: ShareText) -> Card:
    """The card of `show` saying `share`."""
    return Card(
        artist=show.artist.name,
        where_and_when=f"{show.place} · {show_day(show)}",
        share=share,
        site=urlsplit(current_app.config["THESET_PUBLIC_URL"]).netloc,
    )


@lru_cache(maxsize=16)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(f"{FONT_DIR}/{BOLD if bold else REGULAR}", size)
    except OSError:
        return ImageFont.load_default(size)


def fit(draw: ImageDraw.ImageDraw, text: str, face, width: float) -> str:
    """`text`, cut short with an ellipsis if it is wider than `width`."""
    if draw.textlength(text, font=face) <= width:
        return text
    while text and draw.textlength(text + "…", font=face) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(draw: ImageDraw.ImageDraw, text: str, face, width: float, lines: int) -> list[str]:
    """`text` in at most `lines` lines no wider than `width`, the last cut short if need be."""
    wrapped: list[str] = []
    for word in text.split():
        line = f"{wrapped[-1]} {word}" if wrapped else word
        if wrapped and draw.textlength(line, font=face) <= width:
            wrapped[-1] = line
        else:
            wrapped.append(word)
    kept = wrapped[:lines]
    if len(wrapped) > lines:
        kept[-1] += " " + " ".join(wrapped[lines:])
    return [fit(draw, line, face, width) for line in kept]


def write(
    draw: ImageDraw.ImageDraw,
    at: tuple[float, float],
    text: str,
    face,
    fill: str,
    width: float = RIGHT - MARGIN,
    anchor: str = "la",
) -> float:
    """Write `text` at `at`, cut short to `width`; the width it took."""
    text = fit(draw, text, face, width)
    draw.text(at, text, font=face, fill=fill, anchor=anchor)
    return draw.textlength(text, font=face)


def draw_card(card: Card) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 15, HEIGHT), fill=ACCENT)
    brand = font(34, bold=True)
    the = write(draw, (MARGIN, 48), "The", brand, TEXT)
    write(draw, (MARGIN + the, 48), "Set", brand, ACCENT_LIGHT)
    write(draw, (MARGIN, 118), card.artist, font(68, bold=True), TEXT)
    write(draw, (MARGIN, 206), card.where_and_when, font(34), MUTED)
    draw.line((MARGIN, 276, RIGHT, 276), fill=RULE, width=2)
    if card.share.top:
        _draw_top(draw, card.share)
    else:
        lines = wrap(draw, card.share.description, font(40), RIGHT - MARGIN, 3)
        for n, line in enumerate(lines):
            write(draw, (MARGIN, 310 + 62 * n), line, font(40), TEXT)
    write(draw, (RIGHT, 566), card.site, font(26), MUTED, anchor="ra")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _draw_top(draw: ImageDraw.ImageDraw, share: ShareText) -> None:
    """The crowd's top songs: rank, name and votes, a row each."""
    write(draw, (MARGIN, 300), f"The crowd's top {len(share.top)}", font(28, True), ACCENT_LIGHT)
    for rank, song in enumerate(share.top, start=1):
        y = 286 + 68 * rank
        votes = f"{song.votes} vote{'' if song.votes == 1 else 's'}"
        write(draw, (MARGIN, y), str(rank), font(40, bold=True), ACCENT_LIGHT)
        took = write(draw, (RIGHT, y + 4), votes, font(34), MUTED, anchor="ra")
        name_at = MARGIN + 56
        write(draw, (name_at, y), song.name, font(40), TEXT, width=RIGHT - took - 40 - name_at)
