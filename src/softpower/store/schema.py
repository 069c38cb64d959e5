"""The tables softpower keeps, declared once for SQLite and PostgreSQL alike.

SQLAlchemy Core tables rather than ORM classes: imports write hundreds of
thousands of rows in batches and the domain objects stay free of any
persistence concern. Alembic migrations are written against these
definitions; `tests/store/test_migrations.py` checks the two never drift.

Keys are the sources' own identifiers (text) so an upsert on them makes a
re-import idempotent.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

Key = String(255)
Stamp = DateTime(timezone=True)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Key, primary_key=True),
    Column("name", Text, nullable=False),
    Column("sector", Text),
    Column("revenue_musd", Numeric(18, 4)),
    Column("employees", Integer),
    Column("location", Text),
    Column("parent_id", Key),  # no FK: a parent may be named before it is imported
    Column("year_established", Integer),
    Column("source", Text),
)

account_domains = Table(
    "account_domains",
    metadata,
    Column("domain", Key, primary_key=True),
    Column("account_id", Key, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
)

teams = Table(
    "teams",
    metadata,
    Column("id", Key, primary_key=True),
    Column("name", Text, nullable=False),
    Column("manager_name", Text),
    Column("region", Text),
)

sellers = Table(
    "sellers",
    metadata,
    Column("id", Key, primary_key=True),
    Column("name", Text, nullable=False),
    Column("email", Text),
    Column("team_id", Key, ForeignKey("teams.id", ondelete="SET NULL")),
)

products = Table(
    "products",
    metadata,
    Column("id", Key, primary_key=True),
    Column("name", Text, nullable=False),
    Column("series", Text),
    Column("list_price", Numeric(18, 2)),
)

people = Table(
    "people",
    metadata,
    Column("id", Key, primary_key=True),
    Column("name", Text, nullable=False),
    Column("account_id", Key, ForeignKey("accounts.id", ondelete="SET NULL"), index=True),
    Column("is_internal", Boolean, nullable=False, default=False),
    Column("title", Text),
    Column("department", Text),
    Column("phone", Text),
    Column("reports_to_id", Key),  # may point at someone not imported yet
    Column("source", Text),
)

person_addresses = Table(
    "person_addresses",
    metadata,
    Column("address", Key, primary_key=True),
    Column(
        "person_id", Key, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("display_name", Text),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("evidence", Text),
)

address_names = Table(
    "address_names",
    metadata,
    Column("address", Key, primary_key=True),
    Column("name", Key, primary_key=True),
    Column("seen", Integer, nullable=False, default=1),
)

person_titles = Table(
    "person_titles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "person_id", Key, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("title", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("observed_at", Stamp),
    Column("evidence", Text),
)

identity_decisions = Table(
    "identity_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(16), nullable=False),  # merge | split
    Column("address", Key, nullable=False),
    Column("person_id", Key, nullable=False),
    Column("decided_at", Stamp, nullable=False),
    Column("note", Text),
)

deals = Table(
    "deals",
    metadata,
    Column("id", Key, primary_key=True),
    Column("name", Text, nullable=False),
    Column("account_id", Key, ForeignKey("accounts.id", ondelete="SET NULL"), index=True),
    Column("owner_id", Key, ForeignKey("sellers.id", ondelete="SET NULL"), index=True),
    Column("product_id", Key, ForeignKey("products.id", ondelete="SET NULL")),
    Column("stage", Text),
    Column("amount", Numeric(18, 2)),
    Column("currency", String(3)),
    Column("created_on", Date),
    Column("engaged_on", Date),
    Column("close_on", Date),
    Column("outcome", String(16), nullable=False, default="open"),
    Column("source", Text),
)

interactions = Table(
    "interactions",
    metadata,
    Column("id", Key, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("subject", Text),
    Column("started_at", Stamp, index=True),
    Column("ended_at", Stamp),
    Column("thread_id", Key, index=True),
    Column("account_id", Key, ForeignKey("accounts.id", ondelete="SET NULL"), index=True),
    Column("deal_id", Key, ForeignKey("deals.id", ondelete="SET NULL"), index=True),
    Column("source", Text),
    Column(
        "source_file_id", Integer, ForeignKey("source_files.id", ondelete="SET NULL"), index=True
    ),
    Column("content_hash", String(64)),
    Column("thread_subject", Key, index=True),  # normalised subject, for threading by subject
)

participants = Table(
    "participants",
    metadata,
    Column(
        "interaction_id", Key, ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    ),
    Column(
        "person_id", Key, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
    Column("role", String(16), primary_key=True),
    Column("response", String(16)),
    # the address used, so a split can move the row (found through the person: not indexed)
    Column("address", Key),
)

turns = Table(
    "turns",
    metadata,
    Column(
        "interaction_id", Key, ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("seq", Integer, primary_key=True),
    Column("speaker_id", Key, ForeignKey("people.id", ondelete="SET NULL"), index=True),
    Column("text", Text, nullable=False),
    Column("start_s", Float),
    Column("end_s", Float),
)

attachments = Table(
    "attachments",
    metadata,
    Column(
        "interaction_id", Key, ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("seq", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("mime_type", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("text", Text),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Key, primary_key=True),
    Column("title", Text, nullable=False),
    Column("account_id", Key, ForeignKey("accounts.id", ondelete="SET NULL"), index=True),
    Column("kind", Text),
    Column("source", Text),
    Column(
        "source_file_id", Integer, ForeignKey("source_files.id", ondelete="SET NULL"), index=True
    ),
)

document_sentences = Table(
    "document_sentences",
    metadata,
    Column("document_id", Key, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("page", Integer),
    Column("paragraph", Integer),
)

priorities = Table(
    "priorities",
    metadata,
    Column("id", Key, primary_key=True),
    Column("account_id", Key, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("statement", Text, nullable=False),
    Column("rank", Integer),
    Column("outcome", Text),
)

capabilities = Table(
    "capabilities",
    metadata,
    Column("id", Key, primary_key=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("keywords", Text, nullable=False, default=""),  # newline-separated
)

source_files = Table(
    "source_files",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("imported_at", Stamp, nullable=False),
    Column("records", Integer, nullable=False, default=0),
    Index("ix_source_files_kind_path", "kind", "path", unique=True),
)

# the other files a stored interaction was also read from (it is stored under
# `interactions.source_file_id`, the first); a changed file hands its shared
# interactions over to one of these instead of deleting them
interaction_copies = Table(
    "interaction_copies",
    metadata,
    Column(
        "interaction_id", Key, ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    ),
    Column(
        "source_file_id",
        Integer,
        ForeignKey("source_files.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

import_runs = Table(
    "import_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("paths", Text, nullable=False),
    Column("started_at", Stamp, nullable=False),
    Column("finished_at", Stamp),
    Column("status", String(16), nullable=False),  # running | committed | failed | interrupted
    Column("written", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
    Column("report_path", Text),
    Column("host", String(255)),  # where the importing process ran, and its id: a run
    Column("pid", Integer),  # whose process is gone never ended, it was interrupted
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Stamp, nullable=False),
    Column("action", String(32), nullable=False),
    Column("subject", Text, nullable=False),
    Column("detail", Text),
)
