"""The Host header is not trusted: absolute URLs come from THESET_PUBLIC_URL."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from .factories import make_show

PUBLIC = "https://theset.example"


@pytest.fixture
def public_app(make_app, upstream):
    return make_app(**upstream.settings(), THESET_PUBLIC_URL=PUBLIC)


@pytest.mark.parametrize("host", ["evil.example", "theset.example.evil.example", "localhost"])
def test_other_hosts_answer_400_outside_demo_mode(public_app, host):
    response = public_app.test_client().get("/", headers={"Host": host})
    assert response.status_code == 400


def test_the_public_host_is_served(public_app):
    assert public_app.test_client().get("/", base_url=PUBLIC).status_code == 200


def test_the_oauth_redirect_uri_comes_from_the_setting(public_app):
    # Plain HTTP behind a TLS proxy that forwards nothing: the setting still says https.
    response = public_app.test_client().get("/login/spotify", base_url="http://theset.example")
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["redirect_uri"] == [f"{PUBLIC}/auth/spotify/callback"]


def test_demo_mode_serves_127_0_0_1_and_localhost_with_the_setting_in_urls(app, session):
    app.config["THESET_PUBLIC_URL"] = "http://127.0.0.1:5000"
    show = make_show()
    session.commit()
    web = app.test_client()
    assert web.get("/", headers={"Host": "evil.example"}).status_code == 400
    for base in ("http://localhost", "http://127.0.0.1:5000", "http://localhost:5000"):
        widget = web.get(f"/embed/shows/{show.id}", base_url=base).text
        assert f'ws-connect="ws://127.0.0.1:5000/ws/shows/{show.id}?embed=1"' in widget
        answer = web.get(
            "/oembed", base_url=base, query_string={"url": f"{base}/shows/{show.id}"}
        ).json
        iframe = re.search(r'src="([^"]+)"', answer["html"]).group(1)
        assert iframe == f"http://127.0.0.1:5000/embed/shows/{show.id}"
        assert answer["provider_url"] == "http://127.0.0.1:5000/"


def test_a_proxy_is_trusted_only_for_its_configured_hops(make_app):
    assert not isinstance(make_app().wsgi_app, ProxyFix)
    proxied = make_app(THESET_PROXY_HOPS=2).wsgi_app
    assert isinstance(proxied, ProxyFix)
    assert (proxied.x_for, proxied.x_proto, proxied.x_host) == (2, 2, 2)
