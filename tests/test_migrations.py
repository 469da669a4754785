"""The Alembic migrations build exactly the models' schema, and undo it."""

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

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
