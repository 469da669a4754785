"""A vote made before signing in: kept in the session (signed, like all of it) while the fan
signs in, then counted once they are back on the show, if voting is still open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import session

from ..live.relay import publish
from ..services.votes import NoSuchSong, VotingClosed, vote

PENDING_VOTE = "pending_vote"  # {"song": setlist song id, "show": its show's id}


def keep_pending_vote(song_id: int, show_id: int) -> None:
    """Remember the vote of a fan not signed in yet (a later one replaces it)."""
    session[PENDING_VOTE] = {"song": song_id, "show": show_id}


@contextmanager
def pending_vote_kept() -> Iterator[None]:
    """Keep the pending vote while the session is replaced (signing in starts a fresh one)."""
    pending = session.get(PENDING_VOTE)
    yield
    if pending is not None:
        session[PENDING_VOTE] = pending


def cast_pending_vote(show_id: int, user_id: int) -> str | None:
    """Count the signed-in fan's pending vote if it is for this show; the note that tells
    them, or None. Counting twice changes nothing: one vote per fan and song."""
    pending = session.get(PENDING_VOTE)
    if not isinstance(pending, dict) or pending.get("show") != show_id:
        return None
    try:
        state = vote(user_id, pending["song"])
    except NoSuchSong:  # the song left the setlist meanwhile
        note = None
    except VotingClosed as closed:
        note = f"{closed} The vote you made before signing in was not counted."
    else:
        if state.changed:
            publish(state.show_id, [state.setlist_song_id])
        note = f"Your vote for {state.track.name} is counted."
    del session[PENDING_VOTE]  # only now: an error above leaves it for the next visit
    return note
