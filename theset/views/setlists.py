"""The crowd's setlist: voting, taking votes back, and finding, adding and suggesting songs."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from markupsafe import Markup

from ..auth.login import sign_in_then
from ..extensions import db
from ..live.relay import publish
from ..models import SetlistSong, Show
from ..services.setlist_view import (
    RowVariant,
    SongRow,
    can_add_songs,
    setlist_view,
)
from ..services.setlists import get_or_create_setlist
from ..services.song_search import MAX_QUERY_LENGTH, search_songs
from ..services.suggestions import BadName, suggest_song
from ..services.votes import (
    NoSuchSong,
    NotInCatalog,
    VersionOnSetlist,
    VotingClosed,
    add_song,
    unvote,
    vote,
)
from ..web.htmx import is_partial, prefers_json, trigger
from ..web.ids import parse_id
from ..web.limits import SUGGEST, SUGGEST_REFUSED, VOTE, limiter
from ..web.wording import possessive
from .pending_vote import keep_pending_vote

bp = Blueprint("setlists", __name__)

SONG_ADDED = "song-added"  # the event htmx fires on the page after a song was added


def _back_to_song(show_id: int, song_id: int):
    """Post/redirect/get: back to the show page, at the song."""
    anchor = f"setlist-song-{song_id}"
    return redirect(url_for("shows.detail", show_id=show_id, _anchor=anchor), 303)


def _answer_vote(song_id: int, change):
    """Vote or unvote, then answer JSON, the updated row, or a redirect back to the show."""
    try:
        state = change(current_user.id, song_id)
    except NoSuchSong:
        abort(404, "There is no such song in a setlist.")
    except VotingClosed as closed:
        abort(403, str(closed))
    if state.changed:
        publish(state.show_id, [state.setlist_song_id])
    if prefers_json():
        return jsonify(setlist_song_id=state.setlist_song_id, votes=state.votes, voted=state.voted)
    if is_partial():
        row = SongRow(
            state.setlist_song_id,
            state.votes,
            state.voted,
            state.track,
            state.show_id,
            state.added_order,
        )
        return render_template(
            "setlists/_song.html", song=row, variant=RowVariant.PAGE, closed_reason=None
        )
    return _back_to_song(state.show_id, state.setlist_song_id)


@bp.post("/setlist-songs/<id:song_id>/vote")
@limiter.limit(VOTE)
def vote_song(song_id: int):
    """Upvote a song; voting again changes nothing. A fan not signed in signs in first,
    and the vote is counted when they are back on the show."""
    if not current_user.is_authenticated:
        return _sign_in_to_vote(song_id)
    return _answer_vote(song_id, vote)


def _sign_in_to_vote(song_id: int):
    """Keep the vote (not a JSON client's: it has no sign-in page to come back from) and
    send the fan to sign in, then back to the show."""
    song = db.get_or_404(SetlistSong, song_id, description="There is no such song in a setlist.")
    show_id = song.setlist.show_id
    if not prefers_json():
        keep_pending_vote(song.id, show_id)
    return sign_in_then(url_for("shows.detail", show_id=show_id))


@bp.post("/setlist-songs/<id:song_id>/unvote")
@login_required
@limiter.limit(VOTE)
def unvote_song(song_id: int):
    """Take one's vote back."""
    return _answer_vote(song_id, unvote)


def _not_a_suggestion() -> bool:
    return "name" not in request.form


@bp.post("/shows/<id:show_id>/songs")
@login_required
@limiter.limit(VOTE)
@limiter.limit(SUGGEST, exempt_when=_not_a_suggestion, error_message=SUGGEST_REFUSED)
def add(show_id: int):
    """Add one of the artist's catalog songs (`track_id`) to the setlist, or a song fans
    suggest by `name`; htmx gets the song's row for the list and an emptied picker (not the
    whole setlist, which holds the live socket)."""
    show = db.get_or_404(Show, show_id, description="There is no show with that number.")
    setlist = get_or_create_setlist(show)
    try:
        if _not_a_suggestion():
            song, added = add_song(current_user.id, setlist, _track_id())
        else:
            song, added = suggest_song(current_user.id, setlist, request.form["name"])
    except BadName as bad:
        abort(400, str(bad))
    except NotInCatalog:
        abort(400, f"That song is not in {possessive(show.artist.name)} catalog.")
    except VersionOnSetlist as twin:
        abort(409, f"“{twin}” is on the setlist already: vote for it there.")
    except VotingClosed as closed:
        abort(403, str(closed))
    if added:
        publish(show.id, [song.id], added=True)
    if prefers_json():
        return jsonify(setlist_song_id=song.id, votes=song.votes, added=added)
    if is_partial():
        (row,) = setlist_view(setlist, current_user, song_ids=[song.id]).rows
        html = render_template(
            "setlists/_song.html", song=row, variant=RowVariant.PAGE, closed_reason=None
        )
        response = make_response(
            render_template(
                "setlists/_song_options.html",
                show=show,
                search=None,
                oob=True,
                signed_in=True,
                added=song.track.name,
                # _song.html's output, every value escaped there.
                new_rows=Markup(html),  # nosec B704
            )
        )
        if added:
            trigger(response, SONG_ADDED, {"setlist_song_id": song.id})
        return response
    return _back_to_song(show.id, song.id)


def _track_id() -> int:
    track_id = parse_id(request.form.get("track_id", ""))
    if track_id is None:
        abort(400, "Choose a song from the list to add it.")
    return track_id


@bp.get("/shows/<id:show_id>/songs/search")
def search(show_id: int):
    """The songs a fan may add that match `q`: the picker's options for htmx; anyone else
    goes to the show page, whose picker lists them with an Add button each."""
    show = db.get_or_404(Show, show_id, description="There is no show with that number.")
    query = request.args.get("q", "")
    if len(query) > MAX_QUERY_LENGTH:
        abort(400, f"Song searches are limited to {MAX_QUERY_LENGTH} characters.")
    if not is_partial():
        where = url_for("shows.detail", show_id=show.id, q=query, _anchor="song-picker")
        return redirect(where, 303)
    signed_in = current_user.is_authenticated
    setlist = show.setlist
    addable = signed_in and setlist is not None and can_add_songs(setlist)
    return render_template(
        "setlists/_song_options.html",
        show=show,
        signed_in=signed_in,
        search=search_songs(setlist, query) if addable else None,
        oob=True,
    )
