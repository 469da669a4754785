"""The OpenAPI 3.1 description of the read-only JSON API (served at /api/openapi.json)."""

from __future__ import annotations

from ..models import SHOW_STATUSES
from ..services.search import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH
from ..web.ids import MAX_ID


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict) -> dict:
    """A closed object whose every property is always present."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


URL = {"type": "string", "format": "uri"}
SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 220}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}

ARTIST_FIELDS = {
    "id": ID,
    "slug": SLUG,
    "name": {"type": "string"},
    "tm_id": _nullable("string", description="Ticketmaster attraction id"),
    "spotify_id": _nullable("string"),
    "image_url": _nullable("string"),
    "genres": {"type": "array", "items": {"type": "string"}},
    "popularity": _nullable("integer", minimum=0, maximum=100),
    "followers": _nullable("integer", minimum=0),
    "url": {**URL, "description": "the artist's page"},
}
SHOW_FIELDS = {
    "id": ID,
    "tm_id": {"type": "string", "description": "Ticketmaster event id"},
    "name": {"type": "string"},
    "starts_at": _nullable("string", format="date-time", description="UTC; null while TBA"),
    "local_date": _nullable("string", format="date"),
    "local_time": _nullable("string", pattern=r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"),
    "status": {"enum": list(SHOW_STATUSES)},
    "ticket_url": _nullable("string"),
    "image_url": _nullable("string"),
    "url": {**URL, "description": "the show's page"},
    "venue": {"oneOf": [_ref("Venue"), {"type": "null"}]},
}

SCHEMAS = {
    "Error": _object(
        {
            "error": _object(
                {
                    "status": {"type": "integer", "minimum": 400, "maximum": 599},
                    "message": {"type": "string"},
                }
            )
        }
    ),
    "SearchResults": _object({"artists": {"type": "array", "items": _ref("SearchResult")}}),
    "SearchResult": _object(
        {
            "tm_id": {"type": "string"},
            "name": {"type": "string"},
            "image_url": _nullable("string"),
            "upcoming_shows": {"type": "integer", "minimum": 0},
            "url": {**URL, "description": "selecting it imports the artist, then 303 to its page"},
        }
    ),
    "Venue": _object(
        {
            "id": ID,
            "name": {"type": "string"},
            "address": _nullable("string"),
            "city": _nullable("string"),
            "state": _nullable("string"),
            "country": _nullable("string", description="ISO 3166-1 alpha-2"),
            "postal_code": _nullable("string"),
            "latitude": _nullable("number"),
            "longitude": _nullable("number"),
            "timezone": _nullable("string"),
        }
    ),
    "Artist": _object(ARTIST_FIELDS),
    "ShowSummary": _object(SHOW_FIELDS),
    "ArtistWithShows": _object(
        {**ARTIST_FIELDS, "shows": {"type": "array", "items": _ref("ShowSummary")}}
    ),
    "Show": _object({**SHOW_FIELDS, "artist": _ref("Artist")}),
    "Track": _object(
        {
            "id": ID,
            "name": {"type": "string"},
            "spotify_id": _nullable("string", description="null for a song fans suggested"),
            "spotify_url": _nullable("string"),
        }
    ),
    "SetlistSong": _object(
        {
            "id": ID,
            "votes": {"type": "integer", "minimum": 0},
            "voted": {"type": "boolean", "description": "by the signed-in fan; else false"},
            "suggested": {
                "type": "boolean",
                "description": "suggested by fans, not from the artist's Spotify catalog",
            },
            "track": _ref("Track"),
        }
    ),
    "Setlist": _object(
        {
            "show_id": ID,
            "status": {"enum": ["building", "ready", "failed"]},
            "songs": {
                "type": "array",
                "items": _ref("SetlistSong"),
                "description": "most votes first, equal votes in the order added (then by "
                "name); empty while building",
            },
        }
    ),
    "PlayedSong": _object(
        {
            "position": {"type": "integer", "minimum": 1},
            "name": {"type": "string", "description": "empty for a song nobody identified"},
            "set": {"type": "integer", "minimum": 1},
            "encore": {"type": "integer", "minimum": 0, "description": "0: not an encore"},
            "tape": {"type": "boolean", "description": "played from a recording"},
            "cover": _nullable("string", description="the original artist of a cover"),
            "track_id": _nullable("integer", description="the catalog track it is"),
            "crowd_rank": _nullable("integer", description="null: the crowd did not predict it"),
            "crowd_votes": {"type": "integer", "minimum": 0},
        }
    ),
    "Accuracy": _object(
        {
            "predicted": {"type": "integer", "minimum": 0},
            "played": {"type": "integer", "minimum": 0, "description": "performed, not tape"},
            "hits": {"type": "integer", "minimum": 0},
            "precision": {"type": "number", "minimum": 0, "maximum": 1},
            "recall": {"type": "number", "minimum": 0, "maximum": 1},
        }
    ),
    "Leaderboard": _object(
        {
            "fans": {
                "type": "array",
                "description": "by songs called (hits), then precision; fans with at least "
                "2 shows whose setlist is in",
                "items": _object(
                    {
                        "name": {"type": "string", "description": "or initials, as the fan chose"},
                        "shows": {"type": "integer", "minimum": 1},
                        "hits": {"type": "integer", "minimum": 0},
                        "precision": {"type": "number", "minimum": 0, "maximum": 1},
                    }
                ),
            }
        }
    ),
    "Actual": _object(
        {
            "show_id": ID,
            "status": {"enum": ["waiting", "found", "not_found", "off"]},
            "source_url": {**_nullable("string"), "description": "setlist.fm, for attribution"},
            "songs": {"type": "array", "items": _ref("PlayedSong"), "description": "in order"},
            "accuracy": {"oneOf": [_ref("Accuracy"), {"type": "null"}]},
        }
    ),
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref("Error")}},
    }


def _operation(summary: str, schema: str, parameters: list, errors: dict) -> dict:
    """A GET answering `schema` as JSON, 304 on a matching If-None-Match, or an error."""
    return {
        "get": {
            "summary": summary,
            "parameters": [*parameters, {"$ref": "#/components/parameters/IfNoneMatch"}],
            "responses": {
                "200": {
                    "description": "OK",
                    "headers": {"ETag": {"schema": {"type": "string"}}},
                    "content": {"application/json": {"schema": _ref(schema)}},
                },
                "304": {"description": "Not modified since the ETag in If-None-Match"},
                **{code: _error(text) for code, text in errors.items()},
                "503": _error("a backing service is unavailable; try again in a minute"),
            },
        }
    }


SHOW_ID = {"name": "show_id", "in": "path", "required": True, "schema": ID}
NO_SHOW = {"404": "no show with that id"}


def openapi_document() -> dict:
    """The whole document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "TheSet API",
            "version": "1.0.0",
            "description": "Read-only: artist search, artists, shows and crowd setlists. "
            'Errors answer {"error": {"status", "message"}}.',
        },
        "paths": {
            "/api/search": _operation(
                "Artists with upcoming shows, live from Ticketmaster",
                "SearchResults",
                [
                    {
                        "name": "q",
                        "in": "query",
                        "required": True,
                        "schema": {
                            "type": "string",
                            "minLength": MIN_QUERY_LENGTH,
                            "maxLength": MAX_QUERY_LENGTH,
                        },
                    }
                ],
                {
                    "400": f"q is missing, under {MIN_QUERY_LENGTH} or over {MAX_QUERY_LENGTH} "
                    "characters",
                    "429": "too many searches; try again after Retry-After seconds",
                },
            ),
            "/api/artists/{slug}": _operation(
                "An artist and their upcoming shows",
                "ArtistWithShows",
                [{"name": "slug", "in": "path", "required": True, "schema": SLUG}],
                {"404": "no artist with that slug"},
            ),
            "/api/shows/{show_id}": _operation(
                "A show with its venue and artist", "Show", [SHOW_ID], NO_SHOW
            ),
            "/api/shows/{show_id}/setlist": _operation(
                "The crowd's setlist, created on first access, most votes first",
                "Setlist",
                [SHOW_ID],
                {"404": "no show with that id, or a cancelled show that never had a setlist"},
            ),
            "/api/shows/{show_id}/actual": _operation(
                "What the show actually played (from setlist.fm) and how the crowd did",
                "Actual",
                [SHOW_ID],
                NO_SHOW,
            ),
            "/api/leaderboard": _operation(
                "Fans ranked by how well they predicted shows that have happened",
                "Leaderboard",
                [],
                {},
            ),
        },
        "components": {
            "schemas": SCHEMAS,
            "parameters": {
                "IfNoneMatch": {
                    "name": "If-None-Match",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string"},
                }
            },
        },
    }
