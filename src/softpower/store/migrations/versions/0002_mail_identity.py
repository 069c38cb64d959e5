"""mail threading and identity evidence

Adds the names each address was shown with (evidence for identity
resolution), the address a participant used (so a manual split can move the
rows of one address to its own person) and the normalised subject of an
interaction (threading by subject when a message has no In-Reply-To).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "address_names",
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("seen", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("address", "name", name=op.f("pk_address_names")),
    )
    op.add_column("participants", sa.Column("address", sa.String(length=255), nullable=True))
    op.create_index(op.f("ix_participants_address"), "participants", ["address"], unique=False)
    op.add_column("interactions", sa.Column("thread_subject", sa.String(length=255), nullable=True))
    op.create_index(
        op.f("ix_interactions_thread_subject"), "interactions", ["thread_subject"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_interactions_thread_subject"), table_name="interactions")
    op.drop_column("interactions", "thread_subject")
    op.drop_index(op.f("ix_participants_address"), table_name="participants")
    op.drop_column("participants", "address")
    op.drop_table("address_names")
