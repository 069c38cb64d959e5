"""import runs record their process

Records the host and process id of each import run, so that a run whose
process was killed (and so never recorded its end) can be told from one
that is still running.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("import_runs", sa.Column("host", sa.String(length=255), nullable=True))
    op.add_column("import_runs", sa.Column("pid", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_runs") as batch:
        batch.drop_column("pid")
        batch.drop_column("host")
