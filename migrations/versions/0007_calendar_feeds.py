"""fans' private calendar feeds: the secret token in the feed's URL

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 02:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN and a unique index, not a batch copy: on SQLite, copying `users`
    # with foreign keys on would delete every row that cascades from it (votes, sign-ins).
    op.add_column("users", sa.Column("calendar_token", sa.String(length=64), nullable=True))
    op.create_index("ix_users_calendar_token", "users", ["calendar_token"], unique=True)


def downgrade():
    op.drop_index("ix_users_calendar_token", table_name="users")
    op.drop_column("users", "calendar_token")
