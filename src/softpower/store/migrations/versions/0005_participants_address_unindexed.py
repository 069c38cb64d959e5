"""participants' address no longer indexed

Every query that picks participants by the address they used also names the
person (moving an address moves that person's rows), so the person index
finds them; the address index only cost each imported participant a second
index entry (about 2 µs a row on PostgreSQL).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 18:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index(op.f("ix_participants_address"), table_name="participants")


def downgrade() -> None:
    op.create_index(op.f("ix_participants_address"), "participants", ["address"], unique=False)
