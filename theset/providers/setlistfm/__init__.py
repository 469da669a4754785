"""setlist.fm API 1.0 client: the setlists artists actually played.

client.py holds the calls, objects.py the dataclasses they return and their parsing.
"""

from .client import SetlistFmClient
from .objects import ActualSetlist, PlayedSong

__all__ = ["ActualSetlist", "PlayedSong", "SetlistFmClient"]
