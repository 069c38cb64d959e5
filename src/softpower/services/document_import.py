"""Importing the customer's own documents as citable sentences."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from sqlalchemy import Connection

from softpower.domain import Document
from softpower.errors import RecordProblem, unknown_account
from softpower.ingest.documents import SUFFIXES, read_document
from softpower.ingest.files import found_files
from softpower.services.imports import FileImporter, ImportSummary, Progress, import_files
from softpower.services.store import writing_store
from softpower.store import communications, repository
from softpower.workspace import Workspace

KIND = "documents"


def _write(connection: Connection, batch: list[Document], source_id: int) -> Counter[str]:
    for document in batch:
        communications.save_document(connection, document, source_id)
    return Counter(documents=len(batch), sentences=sum(len(d.sentences) for d in batch))


def document_importer(account_id: str | None = None) -> FileImporter[Document]:
    def read(path: Path) -> Iterator[Document | RecordProblem]:
        return read_document(path, account_id)

    return FileImporter(kind=KIND, read=read, write=_write, batch_size=1)


def import_documents(
    workspace: Workspace,
    paths: Sequence[Path],
    account: str | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import txt, md, html, pdf and docx files (folders are searched), for `account` if given."""
    files = found_files(list(paths), SUFFIXES, "document")
    with writing_store(workspace) as engine:
        account_id = None
        if account is not None:
            with engine.connect() as connection:
                found = repository.find_account(connection, account)
            if found is None:
                raise unknown_account(account)
            account_id = found.id
        return import_files(engine, workspace, document_importer(account_id), files, progress)
