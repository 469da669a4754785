"""Engine settings per backend: a big pool for PostgreSQL, SQLite as SQLite allows."""

import pytest

from theset import create_app
from theset.database import POSTGRES_POOL
from theset.extensions import db


def test_each_gevent_worker_keeps_a_pool_big_enough_for_its_requests(backend, make_app):
    if not backend.is_postgres:
        pytest.skip("pool sizing applies to PostgreSQL")
    with make_app().app_context():
        assert db.engine.pool.size() == POSTGRES_POOL["pool_size"]


def test_an_in_memory_sqlite_database_is_accepted():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})
    with app.app_context():
        db.create_all()
        assert app.test_client().get("/").status_code == 200
