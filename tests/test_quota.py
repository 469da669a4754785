"""The daily Ticketmaster quota, shared out by kind of traffic."""

import pytest

from theset.extensions import db
from theset.models import Artist
from theset.providers.budget import (
    BACKGROUND,
    REFRESH,
    SEARCH,
    SHARES,
    DailyBudget,
    charged_to,
)
from theset.providers.errors import ProviderError, QuotaSpent
from theset.redis_client import get_redis
from theset.upstream import get_upstream

from .support.catalog import ZOE, spend_share, stale_artist


def test_each_kind_has_a_share_and_together_they_are_the_quota(app):
    budget = get_upstream().ticketmaster.budget
    assert set(SHARES) == {"search", "import", "refresh", "background"}
    assert sum(budget.allowance(kind) for kind in SHARES) <= budget.quota == 5000
    assert min(budget.allowance(kind) for kind in SHARES) >= 500


def test_a_spent_share_refuses_that_kind_before_calling_and_not_the_others(app):
    budget = DailyBudget(get_redis(), "test", quota=10)
    with charged_to(SEARCH):
        for _ in range(budget.allowance(SEARCH)):
            budget.spend()
        with pytest.raises(QuotaSpent) as refused:
            budget.spend()
    assert isinstance(refused.value, ProviderError)  # readers fall back to stored data
    budget.spend()  # calls charged to nobody are background work
    assert budget.spent() == {
        "search": budget.allowance(SEARCH),
        "import": 0,
        "refresh": 0,
        "background": 1,
    }


def test_with_the_refresh_share_spent_pages_show_stored_data_and_search_still_works(
    upstream_app, upstream
):
    client = upstream_app.test_client()
    assert client.get(f"/artists/tm/{ZOE}").status_code == 303
    with upstream_app.app_context():
        artist = stale_artist(db.session.scalar(db.select(Artist.id).where(Artist.tm_id == ZOE)))
        spend_share(REFRESH)
    upstream.calls.clear()
    page = client.get(f"/artists/{artist.slug}")
    assert page.status_code == 200
    assert "Zoé Marchetti" in page.text and "may be out of date" in page.text
    assert upstream.count("ticketmaster") == 0
    assert client.get("/search?q=marchetti").status_code == 200
    assert upstream.count("ticketmaster") == 1


def test_with_the_search_share_spent_search_says_so_and_pages_still_refresh(upstream_app, upstream):
    client = upstream_app.test_client()
    with upstream_app.app_context():
        spend_share(SEARCH)
    page = client.get("/search?q=marchetti")
    assert page.status_code == 503 and "Search is paused" in page.text
    assert upstream.count("ticketmaster") == 0
    assert client.get(f"/artists/tm/{ZOE}").status_code == 303  # an import, not a search
    assert upstream.count("ticketmaster") >= 1


def test_the_stale_refresh_stops_when_the_background_share_is_spent(upstream_app, upstream):
    from theset.services.artists import record_view
    from theset.services.maintenance import refresh_stale

    upstream_app.test_client().get(f"/artists/tm/{ZOE}")
    with upstream_app.app_context():
        artist = stale_artist(db.session.scalar(db.select(Artist.id).where(Artist.tm_id == ZOE)))
        record_view(get_redis(), artist.id)
        spend_share(BACKGROUND)
        upstream.calls.clear()
        report = refresh_stale(get_upstream(), get_redis())
    assert report.stopped_for_quota and report.refreshed == 0
    assert upstream.count("ticketmaster") == 0


def test_admin_shows_the_budget_by_kind(client, auth):
    from .factories import make_user

    auth.login(as_=make_user(is_admin=True))
    with charged_to(SEARCH):
        get_upstream().ticketmaster.budget.spend()
    text = client.get("/admin").text
    for kind in SHARES:
        assert f'data-kind="{kind}"' in text, kind
    assert "1 of 1750" in text
