"""INSERT … ON CONFLICT for PostgreSQL and SQLite alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db

INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def insert_for(model):
    """A dialect INSERT for `model` that supports on_conflict_do_*."""
    return INSERTS[dialect_name()](model)


def dialect_name() -> str:
    """ "postgresql" or "sqlite": the database the session talks to."""
    return db.session.get_bind().dialect.name


def upsert(model, values: dict, conflict: Sequence[str], update: Iterable[str]) -> int:
    """Insert a row or update `update` columns of the one matching `conflict`; its id."""
    statement = insert_for(model).values(**values)
    columns = [name for name in update if name in values]
    statement = statement.on_conflict_do_update(
        index_elements=list(conflict),
        set_={name: statement.excluded[name] for name in columns},
    ).returning(model.id)
    return db.session.execute(statement).scalar_one()
