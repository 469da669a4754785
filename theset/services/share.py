"""What a shared show says: the words of its link preview and its share card, built in one
place from the setlist as everyone sees it (so the page, the tags and the image agree)."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Show
from .setlist_view import SetlistView
from .show_results import ShowResult

TOP_SONGS = 3  # how many of the crowd's songs a share names


@dataclass(frozen=True)
class TopSong:
    name: str
    votes: int


@dataclass(frozen=True)
class ShareText:
    """A show's share: one sentence for link previews, and the songs the card lists."""

    description: str
    top: tuple[TopSong, ...]  # the crowd's most voted songs, as the page orders them


def share_text(show: Show, view: SetlistView | None, result: ShowResult | None = None) -> ShareText:
    """The share of `show` from its setlist `view` (None: a cancelled show without one):
    once its setlist is in, how the crowd did; else the crowd's top songs by votes, else
    where the setlist stands."""
    if view is None:
        return ShareText("This show was cancelled, so there is no setlist to predict.", ())
    top = tuple(TopSong(row.track.name, row.votes) for row in view.rows if row.votes)
    top = top[:TOP_SONGS]
    if result is not None and result.accuracy is not None:
        called = result.accuracy
        return ShareText(
            f"The crowd called {called.hits} of the {called.played} songs "
            f"{show.artist.name} played.",
            top,
        )
    if top:
        names = ", ".join(song.name for song in top)
        heading = f"top {len(top)}" if len(top) > 1 else "top song"
        return ShareText(f"The crowd's {heading}: {names}", top)
    if view.closed_reason:
        return ShareText(f"{view.closed_reason} Nobody voted on the setlist.", ())
    state = "open" if view.setlist.is_ready else "being built"
    return ShareText(
        f"The crowd's setlist is {state}: vote for the songs you think {show.artist.name} "
        "will play.",
        (),
    )
