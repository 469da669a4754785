"""The database: engine tuning per backend, and write transactions alike on both."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db

SQLITE_BUSY_TIMEOUT_MS = 5000
WRITE_OPTION = "theset_write"


# A gevent worker runs many requests at once; with too few connections they queue
# for one and a few wait far longer than the rest (vote p99 ×3). Budget: PostgreSQL
# max_connections >= 30 × web workers + job workers.
POSTGRES_POOL = {"pool_size": 20, "max_overflow": 10}


def init_app(app: Flask) -> None:
    """Bind the database to the app and tune the engine for its dialect."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        options = app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**POSTGRES_POOL, **options}
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _tune_sqlite(db.engine)


@contextmanager
def write_transaction() -> Iterator[None]:
    """A short transaction for a use-case's writes, committed at the end.

    On SQLite it first ends the session's read transaction and takes the write
    lock up front (BEGIN IMMEDIATE, waiting up to the busy timeout): a read
    snapshot that later tries to write fails at once if another writer committed
    in between. PostgreSQL simply waits for row locks, so there the writes join
    the current transaction (two round trips fewer).
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.commit()
        db.session.connection(execution_options={WRITE_OPTION: True})
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def _tune_sqlite(engine: Engine) -> None:
    # pysqlite opens transactions lazily and ignores SAVEPOINT semantics; take
    # control of BEGIN so transactions and nested savepoints behave as on PostgreSQL.
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
