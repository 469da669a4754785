"""Admins run the worker queues from rq-dashboard, under our security headers."""

import pytest
from playwright.sync_api import expect
from rq import Queue, SimpleWorker
from rq.job import Job

from theset.redis_client import get_redis

from ..conftest import TEST_DATABASE_URL, TEST_REDIS_URL, empty_database
from ..support.live import LiveServer
from .conftest import sign_in

pytestmark = [
    pytest.mark.skipif(
        not (TEST_DATABASE_URL and TEST_REDIS_URL), reason="rq-dashboard needs RQ on Redis"
    ),
    pytest.mark.csrf,  # its sign-in form posts the CSRF token
]


def _explode():
    raise RuntimeError("upstream exploded")


@pytest.fixture
def rq_site(make_app, backend):
    if not backend.is_postgres:
        pytest.skip("rq-dashboard needs RQ on Redis")
    app = make_app(THESET_JOBS="rq", THESET_ADMINS=frozenset({"demo_mara"}))
    with app.app_context():
        queue = Queue("refresh", connection=get_redis())
        queue.enqueue(_explode, job_id="doomed-1")
        SimpleWorker([queue], connection=get_redis()).work(burst=True)
    with LiveServer(app) as server:
        yield server
    empty_database(app)


def test_an_admin_sees_the_queues_and_requeues_a_failed_job(rq_site, page):
    blocked = []
    page.on("console", lambda m: m.type == "error" and blocked.append(m.text))
    sign_in(page, rq_site)
    page.goto(rq_site.url + "/admin/rq/")
    # The queue list is drawn by its scripts: they ran under our policy.
    expect(page.locator("#queues tbody")).to_contain_text("refresh")
    page.goto(rq_site.url + "/admin/rq/0/view/job/doomed-1")
    expect(page.get_by_text("upstream exploded").first).to_be_visible()
    with page.expect_response(lambda r: r.url.endswith("/job/doomed-1/requeue")) as answer:
        page.get_by_role("button", name="Requeue").click()
    assert answer.value.status == 200
    with rq_site.app.app_context():
        assert Job.fetch("doomed-1", connection=get_redis()).get_status() == "queued"
    assert not [message for message in blocked if "Content Security Policy" in message]


def test_its_actions_refuse_other_sites(rq_site, page):
    sign_in(page, rq_site)
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    request = page.context.request
    forged = request.post(
        rq_site.url + "/admin/rq/job/doomed-1/requeue",
        headers={"Origin": "https://evil.example", "Cookie": f"session={cookies['session']}"},
    )
    assert forged.status == 400 and "Cross-site request refused" in forged.text()
    linked = request.get(
        rq_site.url + "/admin/rq/requeue/refresh",
        headers={"Referer": "https://evil.example/page"},
    )
    assert linked.status == 400
    with rq_site.app.app_context():
        assert Job.fetch("doomed-1", connection=get_redis()).get_status() == "failed"


def test_a_cross_site_link_to_requeue_all_is_refused(rq_site, page):
    sign_in(page, rq_site)
    target = rq_site.url + "/admin/rq/requeue/refresh"
    page.route(
        "https://evil.example/",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<a href="{target}" rel="noreferrer">win a prize</a>',
        ),
    )
    page.goto("https://evil.example/")
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="win a prize").click()
    assert navigation.value.status == 400
    with rq_site.app.app_context():
        assert Job.fetch("doomed-1", connection=get_redis()).get_status() == "failed"
