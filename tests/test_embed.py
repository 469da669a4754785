"""The embed widget: the setlist alone, framable by any site, fetchable by any site's htmx."""

import re
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from flask import Response, render_template
from sqlalchemy import select

from theset.models import Setlist, SetlistSong, Vote, utcnow
from theset.services.catalog import catalog_retry_key
from theset.services.setlists import get_or_create_setlist
from theset.upstream import get_upstream
from theset.web.framing import allow_any_framing, forbid_framing

from .factories import make_artist, make_setlist, make_show, make_track, make_user
from .support.headers import HX
from .support.rows import rows

HTMX_HEADERS = ["HX-Request", "HX-Current-URL", "HX-Target", "HX-Trigger", "HX-Trigger-Name"]


@pytest.fixture
def show(session):
    show = make_show()
    make_setlist(show, votes=(0, 3, 1))
    session.commit()
    return show


def test_the_widget_is_a_standalone_page_with_the_show_pages_rows(client, show):
    response = client.get(f"/embed/shows/{show.id}")
    assert response.status_code == 200
    html = response.text
    assert html.startswith("<!doctype html>")
    assert re.search(r"css/embed\.[0-9a-f]{12}\.css", html) and "css/theset." not in html
    assert "site-header" not in html and "site-footer" not in html
    assert rows(html) == rows(client.get(f"/shows/{show.id}").text)
    assert [votes for _song, votes in rows(html)] == [3, 1, 0]
    assert f'hx-ext="ws" ws-connect="ws://localhost/ws/shows/{show.id}?embed=1"' in html


def test_a_guest_votes_on_the_show_page_in_the_top_window(client, show):
    html = client.get(f"/embed/shows/{show.id}").text
    links = re.findall(r'<a class="vote-button" href="([^"]+)" target="_top"', html)
    assert links == [f"http://localhost/shows/{show.id}"] * 3
    assert "vote-form" not in html


def test_a_guests_widget_carries_a_csrf_token_and_no_shared_cache_keeps_it(client, show):
    response = client.get(f"/embed/shows/{show.id}")
    assert '<meta name="csrf-token" content="' in response.text
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["ETag"].startswith('W/"')
    again = client.get(
        f"/embed/shows/{show.id}", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_a_signed_in_fan_votes_inside_the_widget(client, auth, show, session):
    song = session.scalars(select(SetlistSong).order_by(SetlistSong.votes.desc())).first()
    fan = make_user()
    session.add(Vote(user=fan, setlist_song_id=song.id))
    session.commit()
    auth.login(as_=fan)
    response = client.get(f"/embed/shows/{show.id}")
    html = response.text
    assert response.headers["Cache-Control"] == "private, no-store"
    assert '<meta name="csrf-token" content="' in html
    assert html.count('class="vote-form"') == 3
    assert f'hx-post="/setlist-songs/{song.id}/unvote"' in html
    # Without JavaScript the vote is posted from the top window, where it lands on the show.
    assert len(re.findall(r'<form class="vote-form" [^>]*target="_top"', html)) == 3
    assert html.count('aria-pressed="true"') == 1
    answer = client.post(f"/setlist-songs/{song.id}/unvote", headers=HX)
    assert answer.status_code == 200 and f'id="setlist-song-{song.id}"' in answer.text


def test_with_hx_request_the_widget_answers_only_its_fragment(client, show):
    response = client.get(f"/embed/shows/{show.id}", headers=HX)
    assert response.status_code == 200
    html = response.text.strip()
    assert html.startswith('<section class="theset-embed"') and "<html" not in html
    assert len(rows(html)) == 3
    assert "HX-Request" in response.headers["Vary"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_the_widget_creates_and_seeds_the_setlist_on_first_access(client, session):
    artist = make_artist(catalog_synced_at=utcnow())
    for n in range(7):
        make_track(artist=artist, name=f"Studio {n}")
    show = make_show(artist=artist)
    session.commit()
    html = client.get(f"/embed/shows/{show.id}").text
    assert len(rows(html)) == 5
    setlist = session.scalar(select(Setlist).where(Setlist.show_id == show.id))
    assert setlist.status == "ready"


def test_a_building_setlist_polls_and_refreshes_without_javascript(client, session):
    show = make_show(artist=make_artist(spotify_match_checked_at=None))  # no catalog yet
    get_or_create_setlist(show)
    session.commit()
    # Its import failed a moment ago and waits before the next try.
    get_upstream().cache.backoff.failed(catalog_retry_key(show.artist_id))
    html = client.get(f"/embed/shows/{show.id}").text
    assert "Building the setlist" in html
    assert f'hx-get="http://localhost/embed/shows/{show.id}" hx-trigger="every 2s"' in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html


def test_voting_closed_shows_no_vote_buttons(client, session):
    show = make_show(starts_at=utcnow() - timedelta(hours=1))
    make_setlist(show)
    session.commit()
    html = client.get(f"/embed/shows/{show.id}").text
    assert "has started, so voting is closed" in html
    assert "vote-button" not in html


def test_an_unknown_show_is_a_404(client):
    response = client.get("/embed/shows/999999")
    assert response.status_code == 404
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_etag_answers_304_until_the_counts_change(client, show, session):
    url = f"/embed/shows/{show.id}"
    etag = client.get(url).headers["ETag"]
    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.data == b""
    song = session.scalars(select(SetlistSong)).first()
    song.votes += 1
    session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


# Framing and CORS


def test_any_site_may_frame_the_widget(client, show):
    response = client.get(f"/embed/shows/{show.id}")
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers


@pytest.mark.parametrize(
    "path",
    ["/", "/shows/{id}", "/artists", "/login", "/api/shows/{id}", "/oembed?url=x", "/nowhere"],
)
def test_every_other_page_refuses_framing(client, show, path):
    response = client.get(path.format(id=show.id))
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_framing_rules_keep_the_rest_of_a_content_security_policy():
    policy = "default-src 'self'; frame-ancestors 'self'"
    denied = forbid_framing(Response(headers={"Content-Security-Policy": "default-src 'self'"}))
    assert denied.headers["Content-Security-Policy"] == "default-src 'self'; frame-ancestors 'none'"
    allowed = allow_any_framing(Response(headers={"Content-Security-Policy": policy}))
    assert allowed.headers["Content-Security-Policy"] == "default-src 'self'; frame-ancestors *"
    assert forbid_framing(allowed).headers["Content-Security-Policy"].endswith("frame-ancestors *")


def test_the_widget_allows_cross_origin_gets_without_credentials(client, show):
    response = client.get(
        f"/embed/shows/{show.id}", headers={**HX, "Origin": "https://blog.example"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_the_widget_exposes_every_response_header_htmx_reads(app, client, show):
    """The host page's htmx asks the answer for each of these (xhr.getResponseHeader); the
    browser refuses, and logs an error, for any header a CORS answer does not expose."""
    with open(f"{app.static_folder}/vendor/htmx/htmx.min.js", encoding="utf-8") as script:
        named = set(re.findall(r'"(HX-[A-Za-z-]+)"', script.read()))
    only_sent = {
        "HX-Request",
        "HX-Current-URL",
        "HX-Target",
        "HX-Trigger-Name",
        "HX-Prompt",
        "HX-Boosted",
        "HX-History-Restore-Request",
    }
    read = named - only_sent
    assert "HX-Trigger" in read and len(read) == 12
    response = client.get(
        f"/embed/shows/{show.id}", headers={**HX, "Origin": "https://blog.example"}
    )
    exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert read <= exposed


def test_the_preflight_allows_get_and_the_htmx_headers(client, show):
    response = client.options(
        f"/embed/shows/{show.id}",
        headers={
            "Origin": "https://blog.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": ", ".join(h.lower() for h in HTMX_HEADERS),
        },
    )
    assert response.status_code in (200, 204)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET"
    allowed = {
        h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")
    }
    assert {h.lower() for h in [*HTMX_HEADERS, "HX-Boosted"]} <= allowed
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize("path", ["/", "/shows/{id}", "/api/shows/{id}", "/oembed"])
def test_no_cors_anywhere_else(client, show, path):
    headers = {"Origin": "https://blog.example", "Access-Control-Request-Method": "GET"}
    for response in (
        client.get(path.format(id=show.id), headers=headers),
        client.options(path.format(id=show.id), headers=headers),
    ):
        assert not any(key.startswith("Access-Control-") for key in response.headers.keys())


# The show page's snippets (templates/embed/_snippets.html and _oembed_link.html)


def test_the_snippets_offer_an_iframe_and_an_htmx_include(app, show):
    with app.test_request_context("/"):
        html = render_template("embed/_snippets.html", show=show)
    assert "<summary>Embed this setlist</summary>" in html
    embed_url = f"http://localhost/embed/shows/{show.id}"
    assert f"&lt;iframe src=&#34;{embed_url}&#34; width=&#34;480&#34;" in html
    assert f"hx-get=&#34;{embed_url}&#34; hx-trigger=&#34;load&#34;" in html
    assert "&#34;selfRequestsOnly&#34;: false" in html
    assert "http://localhost/static/vendor/htmx/htmx.min.js" in html
    assert html.count("readonly") == 2 and html.count("<label for=") == 2


def test_the_oembed_discovery_link_leads_to_the_oembed_answer(app, client, show):
    with app.test_request_context("/"):
        html = render_template("embed/_oembed_link.html", show=show)
    assert 'rel="alternate" type="application/json+oembed"' in html
    href = re.search(r'href="([^"]+)"', html).group(1).replace("&amp;", "&")
    answer = client.get(href.removeprefix("http://localhost"))
    assert answer.status_code == 200 and answer.json["type"] == "rich"


def _textarea_texts(html: str) -> list[str]:
    """What each textarea shows: its content with the page's one escaping undone."""
    return [unescape(text) for text in re.findall(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)]


def test_the_snippets_show_the_html_to_paste_escaped_once(client, session):
    artist = make_artist(name="Dr. Marlowe's Lamplighters & Friends")
    show = make_show(artist=artist)
    make_setlist(show)
    session.commit()
    iframe_text, htmx_text = _textarea_texts(client.get(f"/shows/{show.id}").text)
    title = "Dr. Marlowe's Lamplighters & Friends: the crowd's setlist on TheSet"
    assert f'title="{title}"' in iframe_text
    assert f">{title}</a>" in htmx_text
    for text in (iframe_text, htmx_text):
        assert "&amp;" not in text and "&#" not in text
        assert '<iframe src="' in text or '<div hx-get="' in text


class _Snippet(HTMLParser):
    """The iframe's title and the link's text in a snippet, as a browser reads them."""

    def __init__(self, text: str):
        super().__init__()
        self.iframe_title = self.link_text = None
        self._in_link = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "iframe":
            self.iframe_title = dict(attrs)["title"]
        self._in_link = tag == "a"

    def handle_endtag(self, tag):
        self._in_link = False

    def handle_data(self, data):
        if self._in_link:
            self.link_text = data


def test_a_name_that_reads_as_html_is_still_escaped_in_the_snippets(client, session):
    name = 'AT&T "<Live>" &amp; Co'
    show = make_show(artist=make_artist(name=name))
    make_setlist(show)
    session.commit()
    iframe_text, htmx_text = _textarea_texts(client.get(f"/shows/{show.id}").text)
    title = f"{name}: the crowd's setlist on TheSet"
    assert _Snippet(iframe_text).iframe_title == title
    assert _Snippet(htmx_text).link_text == title
