"""The SQL statements an app runs: for N+1 checks and "no second read" checks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event

from theset.extensions import db

QUERY_VERBS = {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}


@contextmanager
def statements_run(app: Flask) -> Iterator[list[str]]:
    """The statements `app` runs inside the block, in order."""
    with app.app_context():
        target = db.engine  # in a rolled-back test, the one shared connection
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(" ", 1)[0].upper() in QUERY_VERBS:
            statements.append(statement)

    event.listen(target, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(target, "before_cursor_execute", record)
