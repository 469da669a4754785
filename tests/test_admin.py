"""Admin pages, operator commands and periodic jobs."""

from datetime import timedelta

import pytest
from rq import Queue, SimpleWorker
from rq.job import Job
from sqlalchemy import select

from theset.extensions import db
from theset.jobs.status import record_next_runs
from theset.jobs.tasks import PERIODIC, clean_up_job
from theset.models import Artist, Setlist, utcnow
from theset.redis_client import get_redis
from theset.services.artists import RECENTLY_VIEWED_KEY, record_view
from theset.services.maintenance import activity_scores

from .conftest import TEST_DATABASE_URL, TEST_REDIS_URL, empty_database
from .factories import make_artist, make_show, make_user, make_vote
from .support.auth import signed_in_client
from .support.catalog import first_show_id
from .support.processes import kill_worker, rq_worker, run_worker_burst, wait_until, worker_env


@pytest.fixture
def admin(auth):
    return auth.login(as_=make_user(is_admin=True))


@pytest.mark.parametrize("path", ["/admin", "/admin/rq/"])
def test_anonymous_visitors_are_asked_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/admin")


@pytest.mark.parametrize("path", ["/admin", "/admin/rq/"])
def test_fans_who_are_not_admins_get_a_403(client, auth, path):
    auth.login()
    response = client.get(path)
    assert response.status_code == 403
    assert "for TheSet&#39;s admins" in response.text


def test_admins_see_counts_sync_status_quota_and_jobs(client, admin, session):
    make_vote(make_show())
    session.commit()
    page = client.get("/admin")
    assert page.status_code == 200
    text = page.text
    for part in (
        "Counts",
        "Votes",
        "Last successful sync",
        "Stale rows",
        "Upstream calls today",
        "of 5000 a day",
        "our own signals",
        "Failed jobs",
        "Sync an artist now",
    ):
        assert part in text, part


def test_sync_an_artist_now(client, admin, session):
    client.get("/artists/tm/K8vZ91mDDPm")
    response = client.post("/admin/artists/sync", data={"slug": "zoe-marchetti"})
    assert response.status_code == 303
    assert "will be synced" in client.get("/admin").text
    assert client.post("/admin/artists/sync", data={"slug": "nobody"}).status_code == 400


def test_admin_link_only_for_admins(client, admin):
    assert 'href="/admin"' in client.get("/").text


def test_activity_scores_weigh_votes_shows_and_follows(session):
    artist = make_artist()
    show = make_show(artist=artist)
    make_vote(show)
    make_vote(show)
    session.commit()
    assert activity_scores()[artist.id] == 2 * 3 + 1


def test_refresh_popularity_command(app, runner, session):
    client = app.test_client()
    client.get("/artists/tm/K8vZ91mDDPm", follow_redirects=True)  # Zoé: with popularity
    client.get("/artists/tm/K8vZ91bFI1B", follow_redirects=True)  # Fjøra: without
    result = runner.invoke(args=["theset", "refresh-popularity"])
    assert result.exit_code == 0, result.output
    assert "1 artists from Spotify, 1 from our own signals, 0 failed" in result.output
    fjora = session.scalar(select(Artist).where(Artist.slug == "fjora"))
    assert fjora.popularity is None and fjora.activity_score == 4  # 4 upcoming shows


def test_refresh_stale_command_dry_run_and_real(app, runner, session):
    client = app.test_client()
    client.get("/artists/tm/K8vZ91mDDPm", follow_redirects=True)  # viewed just now
    artist = session.scalar(select(Artist).where(Artist.slug == "zoe-marchetti"))
    artist.shows_synced_at = utcnow() - timedelta(days=2)
    session.commit()
    dry = runner.invoke(args=["theset", "refresh-stale", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would refresh Zoé Marchetti: shows" in dry.output
    real = runner.invoke(args=["theset", "refresh-stale"])
    assert real.exit_code == 0, real.output
    assert "1 stale artists refreshed." in real.output
    session.expire_all()
    assert utcnow() - session.get(Artist, artist.id).shows_synced_at < timedelta(minutes=1)
    assert "0 stale artists refreshed." in runner.invoke(args=["theset", "refresh-stale"]).output


def test_refresh_stale_fails_with_one_line_when_upstream_is_down(upstream_app, upstream):
    client = upstream_app.test_client()
    client.get("/artists/tm/K8vZ91mDDPm", follow_redirects=True)
    with upstream_app.app_context():
        artist = db.session.scalar(select(Artist).where(Artist.slug == "zoe-marchetti"))
        artist.tm_synced_at = utcnow() - timedelta(days=8)
        db.session.commit()
    upstream.fail("ticketmaster")
    result = upstream_app.test_cli_runner().invoke(args=["theset", "refresh-stale"])
    assert result.exit_code == 1
    assert result.output.strip().endswith("Error: 1 artists failed to refresh; see the log")


def test_views_are_recorded_and_old_ones_cleaned(app, runner, session):
    with app.app_context():
        record_view(get_redis(), 7)
        get_redis().zadd(RECENTLY_VIEWED_KEY, {"8": (utcnow() - timedelta(days=9)).timestamp()})
        from theset.services.maintenance import clean_up

        assert clean_up(get_redis())["views"] == 1
        assert get_redis().zrange(RECENTLY_VIEWED_KEY, 0, -1) == [b"7"]


def test_every_periodic_job_is_known():
    assert set(PERIODIC) == {
        "popularity",
        "refresh-stale",
        "reconcile-votes",
        "clean-up",
        "heal-setlists",
        "look-up-actuals",
    }


def test_admins_see_each_periodic_jobs_last_and_next_run(client, admin, app):
    assert client.get("/admin").text.count("not scheduled yet") == len(PERIODIC)
    with app.app_context():
        clean_up_job()
        record_next_runs(get_redis(), {"clean-up": utcnow() + timedelta(days=1)})
    rows = {
        row.split("</th>", 1)[0].rsplit(">", 1)[1]: row
        for row in client.get("/admin").text.split('<th scope="row"')[1:]
    }
    assert set(rows) == set(PERIODIC)
    today, tomorrow = (
        utcnow().strftime("%Y-%m-%d"),
        (utcnow() + timedelta(days=1)).strftime("%Y-%m-%d"),
    )
    assert f"<td>{today}" in rows["clean-up"] and "views" in rows["clean-up"]
    assert f"<td>{tomorrow}" in rows["clean-up"]
    assert "<td>never</td>" in rows["popularity"] and "not scheduled yet" in rows["popularity"]


requires_redis = pytest.mark.skipif(
    not (TEST_DATABASE_URL and TEST_REDIS_URL), reason="needs real Redis for RQ"
)


def _failing_job():
    raise RuntimeError("upstream exploded")


@requires_redis
def test_retry_and_delete_act_on_a_real_failed_job(make_app, backend):
    if not backend.is_postgres:
        pytest.skip("RQ runs on the real Redis backend")
    app = make_app(THESET_JOBS="rq")
    try:
        with app.app_context():
            connection = get_redis()
            queue = Queue("refresh", connection=connection)
            for job_id in ("doomed-1", "doomed-2"):
                queue.enqueue(_failing_job, job_id=job_id)
            SimpleWorker([queue], connection=connection).work(burst=True)
        web = signed_in_client(app, is_admin=True)
        page = web.get("/admin").text
        assert "doomed-1" in page and "upstream exploded" in page
        assert web.post("/admin/jobs/doomed-1/retry").status_code == 303
        assert web.post("/admin/jobs/doomed-2/delete").status_code == 303
        with app.app_context():
            assert Job.fetch("doomed-1", connection=get_redis()).get_status() == "queued"
            assert not Job.exists("doomed-2", connection=get_redis())
        assert web.post("/admin/jobs/doomed-2/delete").status_code == 404
        rq_page = web.get("/admin/rq/")
        assert rq_page.status_code == 200
    finally:
        empty_database(app)


def test_a_job_killed_with_its_worker_is_run_again(upstream_rq_app, upstream, tmp_path):
    app, env = upstream_rq_app, worker_env(tmp_path, upstream)
    client = app.test_client()
    show_id = first_show_id(client)
    upstream.delays["/albums"] = 60  # the import hangs on Spotify...
    assert "Building the setlist" in client.get(f"/shows/{show_id}").text
    with rq_worker(env) as worker:
        with app.app_context():
            job = Job.fetch("catalog-1", connection=get_redis())
            wait_until(
                lambda: job.get_status(refresh=True) == "started",
                "the worker to start the job",
                every=0.1,
            )
        kill_worker(worker)  # ...and the worker dies with it (kill -9)
    upstream.delays.clear()
    with app.app_context():
        # Time passes: no heartbeat for minutes, and the setlist is still building.
        job.heartbeat(utcnow() - timedelta(minutes=5), ttl=600)
        db.session.execute(db.update(Setlist).values(updated_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
    assert "Building the setlist" in client.get(f"/shows/{show_id}").text  # queued again
    result = run_worker_burst(env)
    log = result.stdout + result.stderr
    assert result.returncode == 0 and "Job OK" in log, log[-3000:]
    assert client.get(f"/shows/{show_id}").text.count('class="song"') == 5


@pytest.fixture
def rq_admin(make_app, backend):
    """A fresh rq app (no rq-dashboard page served yet) and an admin's client."""
    if not backend.is_postgres:
        pytest.skip("RQ runs on the real Redis backend")
    app = make_app(THESET_JOBS="rq")
    yield app, signed_in_client(app, is_admin=True)
    empty_database(app)


SAME_SITE = {"Origin": "http://localhost"}


@requires_redis
@pytest.mark.parametrize(
    "path",
    [
        "/admin/rq/job/nope/requeue",
        "/admin/rq/job/nope/delete",
        "/admin/rq/queue/refresh/failed/empty",
        "/admin/rq/queue/refresh/compact",
        "/admin/rq/requeue/refresh",
    ],
)
def test_rq_dashboard_actions_answer_4xx_before_any_of_its_pages(rq_admin, path):
    app, web = rq_admin
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert web.post(path, headers=SAME_SITE).status_code < 500


@requires_redis
@pytest.mark.parametrize(
    "path", ["/admin/rq/1/view/queues", "/admin/rq/1/data/queues.json", "/admin/rq/0/view/job/x"]
)
def test_rq_dashboard_unknown_instances_and_jobs_are_404(rq_admin, path):
    app, web = rq_admin
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert web.get(path).status_code == 404


@requires_redis
@pytest.mark.parametrize(
    "headers",
    [{}, {"Referer": "https://evil.example/"}, {"Origin": "null"}],
)
def test_rq_dashboard_actions_need_a_same_site_origin(rq_admin, headers):
    app, web = rq_admin
    for path in ("/admin/rq/job/nope/requeue", "/admin/rq/queue/refresh/compact"):
        assert web.post(path, headers=headers).status_code == 400
    assert web.get("/admin/rq/requeue/refresh", headers=headers).status_code == 400


@requires_redis
@pytest.mark.parametrize("job_id", ["bad id", "a" * 300, "x:y", "%00"])
def test_retrying_a_bad_job_id_is_a_4xx(rq_admin, job_id):
    app, web = rq_admin
    app.config["PROPAGATE_EXCEPTIONS"] = False
    for action in ("retry", "delete"):
        assert web.post(f"/admin/jobs/{job_id}/{action}").status_code in (400, 404)
