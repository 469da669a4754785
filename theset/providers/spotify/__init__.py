"""Spotify Web API client: app-token catalog calls and user-token calls (2026 dev-mode aware).

client.py holds the calls, objects.py the dataclasses they return, tokens.py the app's
client-credentials token and a user's token set, paging.py the paging loops.
"""

from .client import SpotifyClient
from .objects import SpotifyAlbum, SpotifyArtist, SpotifyTrack, SpotifyUser
from .tokens import TokenSet, parse_token_set

__all__ = [
    "SpotifyAlbum",
    "SpotifyArtist",
    "SpotifyClient",
    "SpotifyTrack",
    "SpotifyUser",
    "TokenSet",
    "parse_token_set",
]
