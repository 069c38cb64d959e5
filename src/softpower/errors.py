"""Named errors a user can act on, caught once at the edge (CLI, web) and shown as one line.

Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class SoftpowerError(Exception):
    """A problem with the user's input or setup, not with softpower itself."""


class WorkspaceError(SoftpowerError):
    """A workspace is missing, unreadable or misconfigured."""


class DatabaseNotReady(SoftpowerError):
    """The database schema is older than this version of softpower."""


class UnknownRecord(SoftpowerError):
    """An account, deal, person or seller that the store does not hold."""


def unknown_account(name: str) -> UnknownRecord:
    """The one wording for an account name or id the store does not know, with where to look."""
    return UnknownRecord(f"no account named {name!r}; `softpower accounts list` shows them")


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """Why one input record was refused, and exactly where it is."""

    file: str
    line: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.reason}"


class BadRecord(SoftpowerError):
    """One or more input records were refused; nothing was written."""

    def __init__(self, problems: list[RecordProblem], total: int | None = None) -> None:
        self.problems = problems
        count = total if total is not None else len(problems)
        first = str(problems[0]) if problems else "bad input"
        more = f" (and {count - 1} more bad records)" if count > 1 else ""
        super().__init__(first + more)
        self.total = total

    def __reduce__(self) -> tuple[type[BadRecord], tuple[list[RecordProblem], int | None]]:
        return (BadRecord, (self.problems, self.total))  # raised again after a parse worker


class BadFile(SoftpowerError):
    """A whole input file cannot be read (missing, binary, wrong format)."""

    def __init__(self, file: str, reason: str) -> None:
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: {reason}")

    def __reduce__(self) -> tuple[type[BadFile], tuple[str, str]]:
        return (BadFile, (self.file, self.reason))  # raised again after a parse worker
