"""Parsed mail as flat tuples: what the reading process sends to the one that writes.

`read_mail` gives rich `MailMessage`s (enum roles, address and attachment
objects). Pickling those costs more than writing them, so the mail import's
parsing processes (see `services.parse_worker`) read with `read_mail_rows`,
whose `MailRow`s hold only strings, numbers, datetimes and tuples of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from softpower.errors import RecordProblem
from softpower.ingest.mail import MailMessage, read_mail
from softpower.ingest.mail_bodies import SignatureFacts

Address = tuple[str, str, str | None]  # (role, address, name shown with it)
AttachmentRow = tuple[str, str, int, str | None]  # name, MIME type, size, text


class MailRow(NamedTuple):
    """One message, as the store needs it (see `MailMessage` for the meaning of each field)."""

    id: str
    source: str
    subject: str | None
    thread_subject: str | None
    sent_at: datetime | None
    references: tuple[str, ...]
    addresses: tuple[Address, ...]
    text: str
    facts: SignatureFacts | None  # only when the signature names a title (rare: kept as is)
    attachments: tuple[AttachmentRow, ...]

    @property
    def sender(self) -> str | None:
        return next((address for role, address, _ in self.addresses if role == "from"), None)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # unpickled by tuple.__new__, not by the named tuple's own __new__ (a Python function
        # called with every field by name): 7 times faster to load (measured: 7,875 messages,
        # 0.13 s against 0.018 s), and the writing process loads every message it is sent
        return tuple.__new__, (MailRow, tuple(self))


def mail_row(message: MailMessage) -> MailRow:
    return MailRow(
        id=message.id,
        source=message.source,
        subject=message.subject,
        thread_subject=message.thread_subject,
        sent_at=message.sent_at,
        references=message.references,
        addresses=tuple((role.value, a.address, a.name) for role, a in message.addresses),
        text=message.text,
        facts=message.facts if message.facts.title else None,
        attachments=tuple((a.name, a.mime_type, a.size, a.text) for a in message.attachments),
    )


def read_mail_rows(path: Path) -> Iterator[MailRow | RecordProblem]:
    """`read_mail`, each message flattened to a `MailRow`."""
    for item in read_mail(path):
        yield item if isinstance(item, RecordProblem) else mail_row(item)
