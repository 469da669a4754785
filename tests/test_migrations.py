"""The Alembic migrations build exactly the models' schema, and undo it."""

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, inspect, text

from theset.extensions import db

TABLES = {
    "users",
    "artists",
    "venues",
    "shows",
    "tracks",
    "setlists",
    "setlist_songs",
    "votes",
    "user_artists",
}


def _schema_drift():
    with db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), db.metadata)


def test_migrations_match_the_models_and_downgrade_to_base(committed_app):
    with committed_app.app_context():
        assert TABLES <= set(inspect(db.engine).get_table_names())
        assert _schema_drift() == []
        flask_migrate.downgrade(revision="base")
        assert not TABLES & set(inspect(db.engine).get_table_names())
        flask_migrate.upgrade()
        assert TABLES <= set(inspect(db.engine).get_table_names())
        assert _schema_drift() == []


# A setlist with one song (its artist, show and track), and a fan with a sign-in and a vote
# on it, as rows written before a migration runs.
SETLIST_ROWS = [
    "INSERT INTO artists (id, slug, name, genres, activity_score, created_at, updated_at)"
    " VALUES (1, 'a', 'A', '[]', 0, '2026-01-01', '2026-01-01')",
    "INSERT INTO shows (id, tm_id, artist_id, name, status, created_at, updated_at)"
    " VALUES (1, 't', 1, 'S', 'onsale', '2026-01-01', '2026-01-01')",
    "INSERT INTO tracks (id, artist_id, spotify_id, name, is_studio, created_at, updated_at)"
    " VALUES (1, 1, 'x', 'T', true, '2026-01-01', '2026-01-01')",
    "INSERT INTO setlists (id, show_id, status, created_at, updated_at)"
    " VALUES (1, 1, 'ready', '2026-01-01', '2026-01-01')",
    "INSERT INTO setlist_songs (id, setlist_id, track_id, votes, created_at)"
    " VALUES (1, 1, 1, 1, '2026-01-01')",
]
FAN_ROWS = [
    "INSERT INTO users (id, spotify_id, display_name, is_admin, admin_via_setting,"
    " created_at, updated_at)"
    " VALUES (1, 'fan', 'Fan', false, false, '2026-01-01', '2026-01-01')",
    "INSERT INTO sign_ins (token, user_id, created_at) VALUES ('t', 1, '2026-01-01')",
    "INSERT INTO votes (id, user_id, setlist_song_id, created_at) VALUES (1, 1, 1, '2026-01-01')",
]


def _rows_survive(app, revision: str, rows: list[str], count: str) -> None:
    """Write `rows` at `revision`, then migrate up to head, down to `revision` and up again:
    `count` (a SELECT of one number) stays what it was after each step."""

    def counted() -> int:
        number = db.session.execute(text(count)).scalar()
        db.session.rollback()  # no open transaction may hold up the next migration's locks
        return number

    with app.app_context():
        flask_migrate.downgrade(revision=revision)
        for row in rows:
            db.session.execute(text(row))
        db.session.commit()
        before = counted()
        for step in (flask_migrate.upgrade, lambda: flask_migrate.downgrade(revision=revision)):
            step()
            assert counted() == before
        flask_migrate.upgrade()


def test_tracks_without_a_spotify_id_keep_every_setlist_song(committed_app):
    """0005 copies the tracks table on SQLite: the setlist songs pointing at it survive."""
    _rows_survive(committed_app, "0004", SETLIST_ROWS, "SELECT count(*) FROM setlist_songs")
    with committed_app.app_context():
        assert inspect(db.engine).get_columns("tracks")[2]["nullable"]


def test_the_migrations_after_0005_copy_no_table_and_keep_every_fans_votes(committed_app):
    """0006 and 0007 add columns to artists and users with plain ALTER TABLE: on SQLite a
    batch copy of either table drops it, and with foreign keys on that deletes every vote
    and sign-in cascading from it. So none is copied, and the fan's rows stay."""
    copies = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "_alembic_tmp" in statement:
            copies.append(statement)

    with committed_app.app_context():
        flask_migrate.downgrade(revision="0005")
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            flask_migrate.upgrade()
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    assert copies == []
    _rows_survive(
        committed_app,
        "0005",
        SETLIST_ROWS + FAN_ROWS,
        "SELECT (SELECT count(*) FROM votes) + (SELECT count(*) FROM sign_ins)"
        " + (SELECT count(*) FROM shows)",
    )
