"""fans' private calendar feeds: the secret token in the feed's URL

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 02:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_token", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_users_calendar_token", ["calendar_token"])


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("uq_users_calendar_token", type_="unique")
        batch_op.drop_column("calendar_token")
