import re

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound


def test_home_page_is_a_full_document_with_csrf_meta_and_demo_badge(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert html.startswith("<!doctype html>")
    assert '<meta name="csrf-token" content="' in html
    assert "Demo data" in html
    assert "Predict tonight" in html
    assert "vendor/htmx/htmx.min." in html
    assert "HX-Request" in response.headers["Vary"]


def test_no_demo_badge_outside_demo_mode(make_app):
    app = make_app(DEMO_MODE=False)
    assert "Demo data" not in app.test_client().get("/").text


def _search_form(html: str) -> str | None:
    """The page's own search form (not the header's), if it has one."""
    found = re.search(r'<form class="error-search".*?</form>', html, re.S)
    return found.group(0) if found else None


def test_unknown_page_is_a_404_page_in_theset_words_with_a_search(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    html = response.text
    assert "Not Found" not in html and NotFound.description not in html
    assert '<h1 id="error-title">This page is not part of the set</h1>' in html
    form = _search_form(html)
    assert form is not None
    assert 'action="/search" method="get"' in form and 'name="q"' in form
    assert '<label for="error-q">' in form and "hx-" not in form


def test_a_404_that_explains_itself_keeps_its_words_and_offers_a_search(client):
    html = client.get("/artists/nobody-we-know").text
    assert "We do not know this artist yet. Search for them to add them." in html
    assert _search_form(html) is not None


def test_other_error_pages_keep_their_explanation_and_no_search(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert MethodNotAllowed.description in response.text
    assert _search_form(response.text) is None


def test_api_errors_answer_json(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json == {"error": {"status": 404, "message": NotFound.description}}


def test_wrong_method_is_a_405_with_allow(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("status", [400, 403, 404, 405, 429, 500, 503])
def test_every_error_page_renders_as_html_and_json(app, status):
    from werkzeug.exceptions import abort

    @app.get(f"/boom/{status}")
    def boom():
        abort(status)

    client = app.test_client()
    page = client.get(f"/boom/{status}")
    assert page.status_code == status
    assert f'<p class="error-code">{status}</p>' in page.text
    as_json = client.get(f"/boom/{status}", headers={"Accept": "application/json"})
    assert as_json.status_code == status
    assert as_json.json["error"]["status"] == status


def test_unexpected_exception_is_a_friendly_500(app):
    @app.get("/crash")
    def crash():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/crash")
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "Something went wrong" in response.text
