"""songs suggested by fans: tracks without a Spotify id

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 02:15:00

"""

from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


@contextmanager
def _foreign_keys_off_on_sqlite():
    """SQLite alters a column by copying the table and dropping the old one; with foreign
    keys on, that drop would delete (cascade) every setlist song of every track. The pragma
    only changes outside a transaction, so end it, and begin again around the copy."""
    if op.get_bind().dialect.name != "sqlite":
        yield
        return
    op.execute("COMMIT")
    op.execute("PRAGMA foreign_keys=OFF")
    op.execute("BEGIN")
    yield
    op.execute("COMMIT")
    op.execute("PRAGMA foreign_keys=ON")
    op.execute("BEGIN")


def _spotify_id(nullable: bool) -> None:
    with _foreign_keys_off_on_sqlite(), op.batch_alter_table("tracks", schema=None) as batch_op:
        batch_op.alter_column("spotify_id", existing_type=sa.String(length=64), nullable=nullable)


def upgrade():
    _spotify_id(nullable=True)


def downgrade():
    # Songs fans suggested have no place in a catalog of Spotify tracks only.
    op.execute(sa.text("DELETE FROM tracks WHERE spotify_id IS NULL"))
    _spotify_id(nullable=False)
