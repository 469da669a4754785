"""Sharing a show: its link preview tags, its share card (a PNG) and its share page."""

from __future__ import annotations

import io
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from PIL import Image

from theset.extensions import db
from theset.models import Setlist, Show, utcnow
from theset.services.setlist_view import setlist_view
from theset.services.share import share_text
from theset.web.formatting import show_day
from theset.web.hosts import serve_at

from .factories import make_actual, make_artist, make_setlist, make_show, make_venue
from .support.rows import rows

PUBLIC = "https://theset.example"
MISSING = 999_999


class MetaTags(HTMLParser):
    """The page's <meta> tags: content by property (Open Graph) or name."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = attrs.get("property") or attrs.get("name")
        if tag == "meta" and key:
            self.tags[key] = attrs.get("content", "")


@pytest.fixture
def public_client(app):
    """A client asking on localhost (served in demo mode) an app whose public origin is
    PUBLIC: the absolute URLs it answers are PUBLIC's, whatever the request's host."""
    serve_at(app, PUBLIC)
    return app.test_client()


def test_a_show_page_previews_as_the_crowds_top_3_with_its_card(public_client, session):
    show = make_show(artist=make_artist(name="Night Ferries"), venue=make_venue(name="Pier 9"))
    songs = make_setlist(show, votes=(1, 5, 0, 3, 5))
    session.commit()
    page = public_client.get(f"/shows/{show.id}").text
    names = {song.id: song.track.name for song in songs}
    top = [names[song_id] for song_id, _ in rows(page)[:3]]  # ties as the page has them
    title = f"Night Ferries at Pier 9, {show_day(show)}"
    description = f"The crowd's top 3: {', '.join(top)}"
    tags = MetaTags(page).tags
    assert tags["og:title"] == tags["twitter:title"] == title
    assert tags["og:description"] == tags["twitter:description"] == description
    assert tags["og:url"] == f"{PUBLIC}/shows/{show.id}"
    assert tags["og:type"] == "website"
    assert tags["og:image"] == tags["twitter:image"] == f"{PUBLIC}/shows/{show.id}/card.png"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"] == tags["twitter:image:alt"] == f"{title}. {description}"
    assert tags["twitter:card"] == "summary_large_image"


def test_a_preview_names_only_songs_with_votes(client, session):
    show = make_show()
    songs = make_setlist(show, votes=(0, 2, 0))
    session.commit()
    tags = MetaTags(client.get(f"/shows/{show.id}").text).tags
    assert tags["og:description"] == f"The crowd's top song: {songs[1].track.name}"


def test_a_preview_without_votes_says_the_setlist_is_open(client, session):
    show = make_show(artist=make_artist(name="Night Ferries"))
    make_setlist(show)
    session.commit()
    tags = MetaTags(client.get(f"/shows/{show.id}").text).tags
    assert tags["og:description"] == (
        "The crowd's setlist is open: vote for the songs you think Night Ferries will play."
    )


def test_a_setlist_being_built_is_shared_as_such(app, session):
    show = make_show(artist=make_artist(name="Night Ferries"))
    setlist = Setlist(show=show, status="building")
    db.session.add(setlist)
    session.commit()
    with app.test_request_context():
        share = share_text(show, setlist_view(setlist, None))
    assert share.description == (
        "The crowd's setlist is being built: vote for the songs you think Night Ferries will play."
    )
    assert share.top == ()


def card(client, show_id: int, **headers):
    return client.get(f"/shows/{show_id}/card.png", headers=headers)


def test_the_card_is_a_1200_by_630_png_that_caches_until_the_votes_change(client, session):
    show = make_show()
    songs = make_setlist(show, votes=(2, 1))
    session.commit()
    first = card(client, show.id)
    assert first.status_code == 200 and first.mimetype == "image/png"
    with Image.open(io.BytesIO(first.data)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    assert first.headers["Cache-Control"] == "public, max-age=15"
    etag = first.headers["ETag"]
    assert card(client, show.id, **{"If-None-Match": etag}).status_code == 304
    songs[1].votes = 3
    session.commit()
    changed = card(client, show.id, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.data != first.data


def test_unknown_shows_have_no_card_and_no_share_page(client):
    for path in (f"/shows/{MISSING}/card.png", f"/shows/{MISSING}/share"):
        missing = client.get(path)
        assert missing.status_code == 404 and "There is no show with that number." in missing.text


def test_the_share_link_works_without_javascript(public_client, session):
    show = make_show()
    make_setlist(show, votes=(1,))
    session.commit()
    page = public_client.get(f"/shows/{show.id}").text
    assert f'<a class="button-link share-link" href="/shows/{show.id}/share"' in page
    share_page = public_client.get(f"/shows/{show.id}/share")
    assert share_page.status_code == 200
    assert f'readonly value="{PUBLIC}/shows/{show.id}"' in share_page.text
    assert f'src="/shows/{show.id}/card.png"' in share_page.text


def test_a_cancelled_show_without_a_setlist_is_shared_as_cancelled(client, session):
    show = make_show(status="cancelled")
    session.commit()
    tags = MetaTags(client.get(f"/shows/{show.id}").text).tags
    assert tags["og:description"] == "This show was cancelled, so there is no setlist to predict."
    drawn = card(client, show.id)
    assert drawn.status_code == 200 and drawn.mimetype == "image/png"
    assert session.get(Show, show.id).setlist is None  # sharing made none


def test_after_the_show_a_preview_and_its_card_say_how_the_crowd_did(client, session):
    show = make_show(starts_at=utcnow() - timedelta(days=1))
    songs = make_setlist(show, votes=(3, 1, 2))
    make_actual(show, [songs[0].track.name, songs[2].track.name, "Heroes", ("Intro", True)])
    session.commit()
    expected = f"The crowd called 2 of the 3 songs {show.artist.name} played."

    assert MetaTags(client.get(f"/shows/{show.id}").text).tags["og:description"] == expected
    assert expected in client.get(f"/shows/{show.id}/share").text
