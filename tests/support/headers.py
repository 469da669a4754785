"""Request headers the tests send: as htmx sends them, and as an API client asks for JSON."""

HX = {"HX-Request": "true"}
JSON = {"Accept": "application/json"}
