"""Fixtures: an app per backend, each test in a transaction rolled back after.

Every test that takes `app` runs on the embedded default (SQLite file and the
in-process Redis stand-in) and, when TEST_DATABASE_URL and TEST_REDIS_URL are
set, again on real PostgreSQL and Redis. Migrations run once per backend.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

import flask_migrate
import pytest
import redis
from sqlalchemy import text

from theset import create_app
from theset.config import database_url
from theset.extensions import db
from theset.jobs import get_runner
from theset.live import relay
from theset.redis_client import connect

from .support.auth import AuthActions
from .support.queries import statements_run
from .support.upstream_server import FakeUpstream

pytest_plugins = ["tests.skip_policy"]  # under CI=true, only explained skips

# The suite decides its own settings: nothing from the developer's shell leaks in.
for _name in (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "TICKETMASTER_API_KEY",
    "TICKETMASTER_BASE_URL",
    "SPOTIFY_CLIENT_ID",
    "SPOTIFY_CLIENT_SECRET",
    "SPOTIFY_API_BASE_URL",
    "SPOTIFY_ACCOUNTS_BASE_URL",
    "SETLISTFM_API_KEY",
    "SETLISTFM_BASE_URL",
    "THESET_ADMINS",
    "THESET_JOBS",
    "THESET_PUBLIC_URL",
    "THESET_PROXY_HOPS",
):
    os.environ.pop(_name, None)

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
BACKENDS = ["embedded"] + (["postgres"] if TEST_DATABASE_URL and TEST_REDIS_URL else [])
requires_real_backend = pytest.mark.skipif(
    not (TEST_DATABASE_URL and TEST_REDIS_URL),
    reason="needs PostgreSQL and Redis shared by several processes",
)


@dataclass(frozen=True)
class Backend:
    name: str
    config: dict

    @property
    def is_postgres(self) -> bool:
        return self.name == "postgres"


@pytest.fixture(scope="session", autouse=True)
def instance_path(tmp_path_factory):
    """Keep the instance folder (demo secret, SQLite file) out of the work tree."""
    path = tmp_path_factory.mktemp("instance")
    os.environ["THESET_INSTANCE_PATH"] = str(path)
    return path


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, instance_path) -> Backend:
    """A migrated database and a Redis for one backend, shared by the session."""
    if request.param == "postgres":
        config = {
            "SQLALCHEMY_DATABASE_URI": database_url(TEST_DATABASE_URL, str(instance_path)),
            "REDIS_URL": TEST_REDIS_URL,
        }
    else:
        config = {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_path / 'test.sqlite3'}",
            "REDIS_URL": None,
        }
    # Rate limits are off except in the tests about them.
    # The test client's Host is `localhost`: it is the public origin of the test apps.
    config.update(
        TESTING=True,
        THESET_JOBS="inline",
        RATELIMIT_ENABLED=False,
        THESET_PUBLIC_URL="http://localhost",
    )
    app = create_app(config)
    with app.app_context():
        if request.param == "postgres":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        flask_migrate.upgrade()
        db.engine.dispose()
    return Backend(request.param, config)


def _flush_redis(config: dict) -> None:
    try:
        connect(config["REDIS_URL"]).flushdb()
    except redis.exceptions.ConnectionError:
        pass  # a test that stopped Redis on purpose


@pytest.fixture
def make_app(backend, request):
    """Build apps on the current backend with extra settings; clean up after.
    In a test marked `limited`, the apps enforce their rate limits; in one marked `csrf`,
    they check CSRF tokens."""
    built = []
    limited = {"RATELIMIT_ENABLED": True} if request.node.get_closest_marker("limited") else {}
    csrf = {} if request.node.get_closest_marker("csrf") else {"WTF_CSRF_ENABLED": False}

    def build(**overrides):
        app = create_app({**backend.config, **limited, **csrf, **overrides})
        built.append(app)
        return app

    yield build
    for app in built:
        app.extensions[relay.EXTENSION_KEY].stop()  # no relay thread outlives its test
        with app.app_context():
            db.engine.dispose()


@contextmanager
def rolled_back(app):
    """Run `app` with every database change rolled back at the end."""
    app.config["JOBS_EAGER"] = True  # one connection: background threads would share it
    with app.app_context():
        engine = db.engine
        connection = engine.connect()
        outer = connection.begin()
        # Sessions join the outer transaction; their commits only release savepoints.
        db.engines[None] = connection
        db.session.remove()
        default_mode = db.session.session_factory.kw.get("join_transaction_mode")
        db.session.configure(join_transaction_mode="create_savepoint")
        try:
            yield app
        finally:
            db.session.remove()
            db.session.configure(join_transaction_mode=default_mode)
            outer.rollback()
            connection.close()
            db.engines[None] = engine
    _flush_redis(app.config)


@pytest.fixture
def app(make_app):
    """The app on the demo catalog, each test's changes rolled back afterwards."""
    with rolled_back(make_app()) as app:
        yield app


@pytest.fixture(scope="session")
def fake_upstream():
    """Ticketmaster and Spotify faked over real HTTP, in the real shapes."""
    with FakeUpstream() as server:
        yield server


@pytest.fixture
def upstream(fake_upstream):
    """The fake upstream, healthy and with its call counts at zero."""
    fake_upstream.recover()
    fake_upstream.calls.clear()
    fake_upstream.requests.clear()
    return fake_upstream


@pytest.fixture
def upstream_app(make_app, upstream):
    """The app outside demo mode, talking HTTP to the fake upstream; rolled back after."""
    with rolled_back(make_app(**upstream.settings())) as app:
        yield app


@pytest.fixture
def upstream_rq_app(make_app, backend, upstream):
    """The app on RQ and the fake upstream, on PostgreSQL; tables emptied after."""
    if not backend.is_postgres:
        pytest.skip("a worker process cannot share the embedded backend")
    app = make_app(**upstream.settings(), THESET_JOBS="rq")
    yield app
    empty_database(app)


@pytest.fixture
def committed_app(make_app):
    """The app with real commits (threads, several connections); tables emptied after."""
    app = make_app()
    yield app
    empty_database(app)


@pytest.fixture
def fan_app(make_app, upstream):
    """The app on the fake upstream with real commits (jobs run on other threads)."""
    app = make_app(**upstream.settings())
    yield app
    empty_database(app)


def empty_database(app) -> None:
    """Delete every row of every table, and the test Redis's keys (after running jobs)."""
    assert get_runner(app).wait(), "a background job was still running after 30 s"
    with app.app_context():
        tables = [table.name for table in reversed(db.metadata.sorted_tables)]
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                db.session.execute(text(f"DELETE FROM {table}"))
        db.session.commit()
    _flush_redis(app.config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def auth(client):
    """Signs `client` in: `auth.login(as_=fan)`, or `auth.login()` as a new fan."""
    return AuthActions(client)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    """The database session inside an app context, for service and model tests."""
    with app.app_context():
        yield db.session


@pytest.fixture
def count_queries(app):
    """A context manager listing the SQL statements run inside it (N+1 detector)."""
    return partial(statements_run, app)
