"""actual setlists from setlist.fm, artists' MusicBrainz ids, fans' leaderboard names

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 03:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "actual_setlists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("setlistfm_id", sa.String(length=64), nullable=True),
        sa.Column("source_url", sa.String(length=1024), nullable=True),
        sa.Column("checks", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=True),
        sa.Column("next_check_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('waiting', 'found', 'not_found')", name=op.f("ck_actual_setlists_status")
        ),
        sa.ForeignKeyConstraint(
            ["show_id"],
            ["shows.id"],
            name=op.f("fk_actual_setlists_show_id_shows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actual_setlists")),
        sa.UniqueConstraint("show_id", name=op.f("uq_actual_setlists_show_id")),
    )
    op.create_index(
        "ix_actual_setlists_status_next_check_at", "actual_setlists", ["status", "next_check_at"]
    )
    op.create_table(
        "played_songs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actual_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("set_number", sa.Integer(), nullable=False),
        sa.Column("encore", sa.Integer(), nullable=False),
        sa.Column("tape", sa.Boolean(), nullable=False),
        sa.Column("cover", sa.String(length=300), nullable=True),
        sa.Column("info", sa.String(length=300), nullable=True),
        sa.Column("track_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actual_id"],
            ["actual_setlists.id"],
            name=op.f("fk_played_songs_actual_id_actual_setlists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["track_id"],
            ["tracks.id"],
            name=op.f("fk_played_songs_track_id_tracks"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_played_songs")),
        sa.UniqueConstraint(
            "actual_id", "position", name=op.f("uq_played_songs_actual_id_position")
        ),
    )
    op.create_index("ix_played_songs_track_id", "played_songs", ["track_id"])
    # A plain ADD/DROP COLUMN, not a batch copy: on SQLite, copying `artists` with foreign
    # keys on would delete every row that cascades from it.
    op.add_column("artists", sa.Column("musicbrainz_id", sa.String(length=36), nullable=True))
    op.add_column(
        "users",
        sa.Column("name_on_leaderboards", sa.Boolean(), server_default="0", nullable=False),
    )


def downgrade():
    op.drop_column("users", "name_on_leaderboards")
    op.drop_column("artists", "musicbrainz_id")
    op.drop_index("ix_played_songs_track_id", table_name="played_songs")
    op.drop_table("played_songs")
    op.drop_index("ix_actual_setlists_status_next_check_at", table_name="actual_setlists")
    op.drop_table("actual_setlists")
