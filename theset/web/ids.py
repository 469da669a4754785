"""One rule for every id in paths, form fields and query strings.

An id is ASCII digits without a leading zero, from 1 to 2,147,483,647 (a
PostgreSQL integer). One spelling per id: "/shows/07" is not "/shows/7".
The text is checked before int() sees it, so no string is too long to refuse.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import BaseConverter, ValidationError

from ..text import parse_whole_number

MAX_ID = 2_147_483_647


def parse_id(raw: str) -> int | None:
    """The id written in `raw`, or None when it is not one."""
    return parse_whole_number(raw, MAX_ID)


class IdConverter(BaseConverter):
    """`<id:name>` in a route: an id as parse_id reads it; anything else is a 404."""

    regex = "[0-9]+"  # ASCII only (werkzeug's int converter matches "１２"); parse_id decides
    weight = 50  # like werkzeug's int converter: tried before string segments

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return number


def init_app(app: Flask) -> None:
    """Register the `id` converter (before any route uses it)."""
    app.url_map.converters["id"] = IdConverter
