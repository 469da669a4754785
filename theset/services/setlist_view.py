"""A show's setlist as one viewer sees it: what the show page, the widget, the JSON API
and the live relay all read, so that each shows the same states and rows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Setlist, SetlistSong, Show, Track, User, Vote
from .catalog import Catalog, catalog_state
from .setlists import voting_closed_reason
from .song_search import SongSearch, search_songs

BUILDING_POLL_SECONDS = 2  # a setlist being built is asked for again this often
FAILED_POLL_SECONDS = 30  # and one whose catalog could not be fetched, this often


class RowVariant(StrEnum):
    """How a song row lets its viewer vote, by where it is shown (setlists/_song.html)."""

    PAGE = "page"  # the show page, and the htmx answer to a vote
    EMBED = "embed"  # the widget, for a fan signed in
    EMBED_GUEST = "embed-guest"  # the widget, for a fan not signed in: votes on the show page
    LIVE = "live"  # pushed over the socket to show pages and signed-in widgets
    LIVE_GUEST = "live-guest"  # pushed over the socket to the widgets of guests


def row_variant(*, embedded: bool, signed_in: bool, live: bool = False) -> RowVariant:
    """The rows a viewer gets: in the widget, a fan not signed in votes on the show page."""
    guest = embedded and not signed_in
    if live:
        return RowVariant.LIVE_GUEST if guest else RowVariant.LIVE
    if embedded:
        return RowVariant.EMBED_GUEST if guest else RowVariant.EMBED
    return RowVariant.PAGE


@dataclass(frozen=True)
class SongRow:
    """One song of a setlist as a viewer sees it."""

    id: int
    votes: int
    voted: bool
    track: Track
    show_id: int
    added_order: int  # its place by time added, then name: what breaks a tie of votes


@dataclass(frozen=True)
class SetlistView:
    """A show's setlist as one viewer sees it."""

    setlist: Setlist
    rows: list[SongRow]  # most votes first, ties as added; none until the setlist is ready
    closed_reason: str | None  # why voting is closed, or None while fans may vote
    row_variant: RowVariant
    addable: bool  # the show page offers to add songs from the catalog
    suggestable: bool  # and to suggest songs by name (even without a catalog)
    search: SongSearch | None  # the songs the fan searched for to add (?q= on the page)

    @property
    def show(self) -> Show:
        return self.setlist.show

    @property
    def embedded(self) -> bool:
        """Shown in the widget, which may live on another site."""
        return self.row_variant in (RowVariant.EMBED, RowVariant.EMBED_GUEST)

    @property
    def no_catalog(self) -> bool:
        """Ready, and the artist is not on Spotify: there were no songs to seed from."""
        return self.setlist.is_ready and self.show.artist.spotify_id is None

    @property
    def starter_picks(self) -> bool:
        """Seeded songs and no vote yet: the list is not a ranking (read on a whole view)."""
        return bool(self.rows) and not self.no_catalog and not any(row.votes for row in self.rows)

    @property
    def poll_seconds(self) -> int | None:
        """How often to ask for the setlist again until it is ready (then it is live)."""
        if self.setlist.is_ready:
            return None
        return FAILED_POLL_SECONDS if self.setlist.is_failed else BUILDING_POLL_SECONDS


def setlist_view(
    setlist: Setlist,
    viewer: User | None,
    *,
    embedded: bool = False,
    song_ids: list[int] | None = None,
    addable: bool = False,
    query: str | None = None,
) -> SetlistView:
    """The setlist as `viewer` (None: not signed in) sees it, on the show page or
    `embedded` in the widget; `song_ids` keeps only those rows (a live change),
    `addable` offers to add (or suggest) songs while fans may, and `query` searches for
    them."""
    ready = setlist.is_ready
    suggestable = addable and can_suggest_songs(setlist)
    addable = suggestable and can_add_songs(setlist)
    searching = addable and viewer is not None and query is not None
    return SetlistView(
        setlist=setlist,
        rows=song_rows(setlist, viewer, song_ids) if ready else [],
        closed_reason=voting_closed_reason(setlist.show),
        row_variant=row_variant(embedded=embedded, signed_in=viewer is not None),
        addable=addable,
        suggestable=suggestable,
        search=search_songs(setlist, query) if searching else None,
    )


def can_suggest_songs(setlist: Setlist) -> bool:
    """Fans may suggest songs by name: the setlist is ready and voting is open."""
    return setlist.is_ready and voting_closed_reason(setlist.show) is None


def can_add_songs(setlist: Setlist) -> bool:
    """Fans may add songs from the catalog: they may suggest songs and it is stored."""
    return can_suggest_songs(setlist) and catalog_state(setlist.show.artist) is Catalog.STORED


def song_rows(setlist: Setlist, user: User | None, song_ids=None) -> list[SongRow]:
    """The setlist's songs (or just `song_ids`), most votes first and ties in the order they
    were added, with the viewer's votes."""
    added = _added_order(setlist.id)
    query = (
        select(SetlistSong, added.c.place)
        .join(added, added.c.id == SetlistSong.id)
        .order_by(SetlistSong.votes.desc(), added.c.place)
        .options(joinedload(SetlistSong.track))
    )
    if song_ids is not None:
        query = query.where(SetlistSong.id.in_(song_ids))
    songs = db.session.execute(query).all()
    fans = {user.id} if user else set()
    voted = voted_song_ids(fans, [song.id for song, _ in songs]).get(user and user.id, set())
    return [
        SongRow(song.id, song.votes, song.id in voted, song.track, setlist.show_id, place)
        for song, place in songs
    ]


def _added_order(setlist_id):
    """SQL: each song of the setlist (an id, or a subquery) with its place by time added, then
    by name: the order of songs with equal votes. Every song is placed before any is picked,
    so a live change's rows carry the same places as the whole list's."""
    place = func.row_number().over(order_by=(SetlistSong.created_at, Track.name, SetlistSong.id))
    return (
        select(SetlistSong.id, place.label("place"))
        .join(Track, Track.id == SetlistSong.track_id)
        .where(SetlistSong.setlist_id == setlist_id)
        .subquery()
    )


def voted_song_ids(user_ids: set[int], song_ids: list[int]) -> dict[int, set[int]]:
    """Which of `song_ids` each of the fans voted for, in one query however many fans."""
    voted: dict[int, set[int]] = {user_id: set() for user_id in user_ids}
    if voted and song_ids:
        for user_id, song_id in db.session.execute(
            select(Vote.user_id, Vote.setlist_song_id).where(
                Vote.user_id.in_(voted), Vote.setlist_song_id.in_(song_ids)
            )
        ):
            voted[user_id].add(song_id)
    return voted
