"""interactions read from several files

Records the other files a stored interaction was also read from, so that
re-importing a changed file hands an interaction it shared with another file
over to that file instead of deleting it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "interaction_copies",
        sa.Column("interaction_id", sa.String(length=255), nullable=False),
        sa.Column("source_file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_interaction_copies_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_file_id"],
            ["source_files.id"],
            name=op.f("fk_interaction_copies_source_file_id_source_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "interaction_id", "source_file_id", name=op.f("pk_interaction_copies")
        ),
    )
    op.create_index(
        op.f("ix_interaction_copies_source_file_id"),
        "interaction_copies",
        ["source_file_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_interaction_copies_source_file_id"), table_name="interaction_copies")
    op.drop_table("interaction_copies")
