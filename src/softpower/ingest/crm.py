"""CRM exports (CSV or XLSX) to domain records, one row at a time.

A CRM file is one kind of record per file: accounts, contacts, deals,
activities, sellers (with their teams) or products. Which kind, and which
column feeds which field, comes from a declared mapping (`crm_mapping`),
detected from the header or named by the user. Each row is checked once
(`record_builder`) into a plain tuple of its values, or a `RecordProblem`
naming file, line, column and reason; nothing here touches the database.
A bulk import turns those tuples straight into table rows
(`store.crm_rows`); `read_crm_file` makes domain objects of them, with the
references to records a file does not describe (a deal's product, say) as
`Placeholder`s so the writer can create a minimal row without overwriting a
fuller one.

Text is kept exactly as written: a cell such as `=cmd|' /C calc'!A0` is a
string like any other, never evaluated (see `softpower.csv_safety` for
writing such text back out).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from softpower.domain import (
    CRM_SOURCE,
    Account,
    Deal,
    DealOutcome,
    Interaction,
    InteractionKind,
    Participant,
    ParticipantRole,
    Person,
    Product,
    Seller,
    Team,
    TitleObservation,
)
from softpower.errors import RecordProblem
from softpower.ingest.crm_fields import FieldError, FieldReader, Natives
from softpower.ingest.crm_mapping import Mapping, ResolvedTable, detect_table
from softpower.ingest.crm_values import product_key
from softpower.ingest.tabular import Cell, Row, TableFile, open_table

CrmRecord = Account | Person | Deal | Seller | Team | Product | Interaction

SOURCE = CRM_SOURCE

OUTCOME_WORDS = {
    "open": DealOutcome.OPEN,
    "won": DealOutcome.WON,
    "lost": DealOutcome.LOST,
    "no_decision": DealOutcome.NO_DECISION,
    "no decision": DealOutcome.NO_DECISION,
    "closed won": DealOutcome.WON,
    "closed lost": DealOutcome.LOST,
}
KIND_WORDS = {
    "call": InteractionKind.CALL,
    "meeting": InteractionKind.MEETING,
    "email": InteractionKind.EMAIL,
    "e-mail": InteractionKind.EMAIL,
    "note": InteractionKind.NOTE,
    "task": InteractionKind.NOTE,
    "event": InteractionKind.MEETING,
}


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A record some row refers to: created if missing, never overwriting what is stored."""

    record: Product


@dataclass(slots=True)
class CrmFile:
    """An opened CRM file and the mapping its header matched."""

    table: TableFile
    resolved: ResolvedTable

    @property
    def entity(self) -> str:
        return self.resolved.table.entity

    @property
    def path(self) -> Path:
        return self.table.path


def open_crm_file(path: Path, mappings: list[Mapping]) -> CrmFile:
    """Open `path` and find its mapping among `mappings` (BadFile if none fits)."""
    table = open_table(path)
    try:
        resolved = detect_table(table.header, mappings, str(path))
    except BaseException:
        table.close()
        raise
    return CrmFile(table, resolved)


def read_crm_file(crm_file: CrmFile) -> Iterator[CrmRecord | Placeholder | RecordProblem]:
    """Every row of the file as a record, or a problem saying why it was refused."""
    build = row_builder(crm_file)
    for item in crm_file.table.rows:
        built = build(item)
        if isinstance(built, RecordProblem):
            yield built
        else:
            yield from built


def record_builder(
    crm_file: CrmFile, natives: Natives | None = None
) -> Callable[[Row | RecordProblem], Record | RecordProblem]:
    """Turns one row of the file into its checked record values (see `RECORDS`), or a problem.

    This is the whole of the checking: domain records (`row_builder`) and
    table rows (`store.crm_rows`) are both made from what it returns.
    """
    fields = FieldReader(crm_file.resolved, natives)
    values = _VALUES[crm_file.entity](fields)
    cleaned = fields.cleaned
    file = str(crm_file.path)
    header = crm_file.table.header
    width = len(header)
    shortest = 0 if crm_file.table.is_workbook else _named_width(header)

    def built(item: Row | RecordProblem) -> Record | RecordProblem:
        if item.__class__ is RecordProblem:
            return item  # type: ignore[return-value]
        cells = item.cells  # type: ignore[union-attr]
        if len(cells) != width:
            problem = _width_problem(file, header, shortest, item)  # type: ignore[arg-type]
            if problem is not None:
                return problem
        try:
            return values(cleaned(cells))
        except FieldError as error:
            return RecordProblem(file, item.line, error.column, error.reason)  # type: ignore[union-attr]

    return built


def row_builder(crm_file: CrmFile) -> Callable[[Row | RecordProblem], Built | RecordProblem]:
    """Turns one row of the file into its domain records (references first), or a problem."""
    values = record_builder(crm_file)
    make = _DOMAIN[crm_file.entity]
    seen_products: set[str] = set()

    def built(item: Row | RecordProblem) -> Built | RecordProblem:
        record = values(item)
        if isinstance(record, RecordProblem):
            return record
        return make(record, seen_products)

    return built


def _named_width(header: list[str]) -> int:
    """Columns up to the header's last named one: a row may leave out unnamed ones after it."""
    named = [position for position, name in enumerate(header, start=1) if name]
    return named[-1] if named else 0


def _width_problem(file: str, header: list[str], shortest: int, row: Row) -> RecordProblem | None:
    """Why a row is narrower or wider than the header, or None when the difference is harmless.

    A row may end before `shortest` cells only in a workbook (`shortest` 0),
    which leaves trailing empty cells out; extra cells are harmless when empty
    (a trailing delimiter). Anything else would shift or drop values unseen.
    Only a CSV row can be off because of a quote.
    """
    cells, width = row.cells, len(header)
    count = len(cells)
    if shortest <= count <= width or (
        count > width and not any(_filled(cell) for cell in cells[width:])
    ):
        return None
    reason = f"{count} cell{'s' if count != 1 else ''} but the header has {width} columns"
    quoted = _open_quote(file, header, row, reason) if shortest else None  # CSV only
    return quoted or RecordProblem(file, row.line, None, reason)


def _open_quote(file: str, header: list[str], row: Row, reason: str) -> RecordProblem | None:
    """The problem as a quote never closed, when the row's width is off and a cell spans lines.

    A quote left open takes in the delimiters and lines after it, so one cell
    holds line breaks and the row comes out too narrow or too wide. The quote
    was opened on the row's first line, in the first such cell.
    """
    cells = row.cells
    spanning = [i for i, cell in enumerate(cells) if isinstance(cell, str) and "\n" in cell]
    if not spanning:
        return None
    breaks = sum(cell.count("\n") for cell in cells if isinstance(cell, str))
    last = cells[-1]
    if isinstance(last, str) and last.endswith("\n"):
        breaks -= 1  # the file ended inside the quote: its last line feed is in the cell
    first = row.line - breaks
    runs_on = f" (its cell runs on to line {row.line})" if first < row.line else ""
    column = header[spanning[0]] if spanning[0] < len(header) else ""
    return RecordProblem(
        file, first, column or None, f"a quote opened here is never closed{runs_on}; {reason}"
    )


def _filled(cell: Cell) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def _domain(text: str | None) -> str | None:
    if not text:
        return None
    domain = text.strip().lower()
    for prefix in ("https://", "http://"):
        domain = domain.removeprefix(prefix)
    domain = domain.split("/")[0].removeprefix("www.")
    return domain if domain and "." in domain else None


# --- record values: each kind's checks, in the order a row's first problem is reported ---

Record = tuple[Any, ...]
Built = list[CrmRecord | Placeholder]  # a row's records, references first
RECORDS = {
    "accounts": (
        "id", "name", "sector", "revenue_musd", "employees", "location", "parent_id",
        "year_established", "domain",
    ),
    "contacts": (
        "id", "name", "account_id", "title", "department", "phone", "reports_to_id", "address",
    ),
    "deals": (
        "id", "name", "account_id", "owner_id", "product", "stage", "amount", "currency",
        "created_on", "engaged_on", "close_on", "outcome", "product_name",
    ),
    "activities": ("id", "kind", "subject", "started_at", "account_id", "deal_id", "person_ids"),
    "sellers": ("id", "name", "email", "team", "manager", "region"),
    "products": ("id", "name", "series", "list_price"),
}  # fmt: skip


def _account_values(fields: FieldReader) -> Callable[[list[Any]], Record]:
    def values(row: list[Any]) -> Record:
        (key, name, domain, sector, employees, revenue, location, parent, year) = row
        name = fields.required("name", name)
        revenue, _ = fields.money("revenue_musd", revenue)
        employees = fields.integer("employees", employees)
        year = fields.integer("year_established", year)
        return (
            key or name,
            name,
            sector,
            revenue,
            employees,
            location,
            parent,
            year,
            _domain(domain),
        )

    return values


def _contact_values(fields: FieldReader) -> Callable[[list[Any]], Record]:
    def values(row: list[Any]) -> Record:
        (key, account, name, first, last, email, title, department, phone, boss) = row
        joined = " ".join(part for part in (first, last) if part) or None
        name = fields.required("name", name if name is not None else joined)
        key = fields.required("id", key)
        address = email.lower() if email and "@" in email else None
        return (key, name, account, title, department, phone, boss, address)

    return values


def deal_readers(
    fields: FieldReader,
) -> tuple[Callable[[str], str], Callable[[str | None, str | None, bool], str | None]]:
    """A deal's outcome from its text, and its currency from the currency cell, the one the
    amount named and whether there is an amount: the checks a deal's row and a block of deals'
    columns (`crm_columns`) share."""
    same_column = fields.column.get("outcome") == fields.column.get("stage")

    def outcome_of(text: str) -> str:
        outcome = OUTCOME_WORDS.get(text.strip().lower())
        if outcome is None:
            if not same_column:
                raise FieldError(
                    fields.column.get("outcome"),
                    f"{text!r} is not an outcome (open, won, lost, no_decision)",
                )
            outcome = DealOutcome.OPEN  # outcome read from the stage: any other stage is open
        return outcome._value_

    def currency_of(currency: str | None, named: str | None, priced: bool) -> str | None:
        currency = currency or named
        if currency is None and priced:
            currency = fields.currency
        if currency is not None:
            currency = currency.upper()
            if len(currency) != 3 or not currency.isalpha():
                raise FieldError(
                    fields.column.get("currency"), f"{currency!r} is not a currency code"
                )
        return currency

    return outcome_of, currency_of


def _deal_values(fields: FieldReader) -> Callable[[list[Any]], Record]:
    outcome_of, currency_of = deal_readers(fields)
    outcomes: dict[str, str] = {}  # outcome text -> outcome, for this file
    days = fields.days

    def values(row: list[Any]) -> Record:
        (key, name, account, owner, product_name, stage, amount, currency, created, engaged,
         close, outcome) = row  # fmt: skip
        if key is None:
            fields.required("id", key)
        amount, named_currency = fields.money("amount", amount)
        currency = currency_of(currency, named_currency, amount is not None)
        # a file's dates repeat: most are found among those already read
        if created is not None:
            created = days.get(created) or fields.day("created_on", created)
        if engaged is not None:
            engaged = days.get(engaged) or fields.day("engaged_on", engaged)
        if close is not None:
            close = days.get(close) or fields.day("close_on", close)
        if outcome is None:
            outcome = "open"
        else:
            outcome = outcomes.get(outcome) or outcomes.setdefault(outcome, outcome_of(outcome))
        product = (product_key(product_name) or None) if product_name else None
        return (key, name or key, account, owner, product, stage, amount, currency, created,
                engaged, close, outcome, product_name)  # fmt: skip

    return values


def _activity_values(fields: FieldReader) -> Callable[[list[Any]], Record]:
    def values(row: list[Any]) -> Record:
        (key, account, deal, kind_text, subject, occurred, _owner, contacts) = row
        kind_text = fields.required("kind", kind_text)
        kind = KIND_WORDS.get(kind_text.strip().lower())
        if kind is None:
            raise FieldError(
                fields.column.get("kind"),
                f"{kind_text!r} is not an activity kind (call, meeting, email, note)",
            )
        people = (p.strip() for p in (contacts or "").split(fields.separator))
        person_ids = tuple(p for p in dict.fromkeys(people) if p)
        key = fields.required("id", key)
        started = fields.moment("occurred_at", occurred)
        return (key, kind._value_, subject, started, account, deal, person_ids)

    return values


def _seller_values(fields: FieldReader) -> Callable[[list[Any]], Record]:
    def values(row: list[Any]) -> Record:
        (key, name, email, team, manager, region) = row
        name = fields.required("name", name)
        return (key or name, name, email.lower() if email else None, team, manager, region)

    return values


def _product_values(fields: FieldReader) -> Callable[[list[Any]], Record]:
    def values(row: list[Any]) -> Record:
        (name, series, price) = row
        name = fields.required("name", name)
        key = product_key(name)
        if not key:
            raise FieldError(fields.column.get("name"), f"{name!r} has no letters or digits")
        price, _ = fields.money("list_price", price)
        return (key, name, series, price)

    return values


_VALUES: dict[str, Callable[[FieldReader], Callable[[list[Any]], Record]]] = {
    "accounts": _account_values,
    "contacts": _contact_values,
    "deals": _deal_values,
    "activities": _activity_values,
    "sellers": _seller_values,
    "products": _product_values,
}

# --- domain records from record values -------------------------------------------------


def _account(r: Record, _seen: set[str]) -> Built:
    key, name, sector, revenue, employees, location, parent, year, domain = r
    return [
        Account(
            id=key,
            name=name,
            sector=sector,
            revenue_musd=revenue,
            employees=employees,
            location=location,
            parent_id=parent,
            domains=[domain] if domain else [],
            year_established=year,
        )
    ]


def _contact(r: Record, _seen: set[str]) -> Built:
    key, name, account, title, department, phone, boss, address = r
    return [
        Person(
            id=key,
            name=name,
            account_id=account,
            is_internal=False,
            title=title,
            department=department,
            phone=phone,
            reports_to_id=boss,
            addresses=[address] if address else [],
            titles=[TitleObservation(title=title, source=SOURCE)] if title else [],
        )
    ]


def _deal(r: Record, seen_products: set[str]) -> Built:
    key, name, account, owner, product, stage, amount, currency, created, engaged, close = r[:11]
    deal = Deal(
        id=key,
        name=name,
        account_id=account,
        owner_id=owner,
        product=product,
        stage=stage,
        amount=amount,
        currency=currency,
        created_on=created,
        engaged_on=engaged,
        close_on=close,
        outcome=DealOutcome(r[11]),
    )
    product_name = r[12]
    if product and product not in seen_products:
        seen_products.add(product)
        return [Placeholder(Product(id=product, name=product_name)), deal]
    return [deal]


def _activity(r: Record, _seen: set[str]) -> Built:
    key, kind, subject, started, account, deal, person_ids = r
    participants = [Participant(p, ParticipantRole.ATTENDEE) for p in person_ids]
    return [
        Interaction(
            id=key,
            kind=InteractionKind(kind),
            subject=subject,
            started_at=started,
            account_id=account,
            deal_id=deal,
            source=SOURCE,
            participants=participants,
        )
    ]


def _seller(r: Record, _seen: set[str]) -> Built:
    key, name, email, team, manager, region = r
    seller = Seller(id=key, name=name, email=email, team_id=team)
    if not team:
        return [seller]
    return [Team(id=team, name=team, manager_name=manager, region=region), seller]


def _product(r: Record, _seen: set[str]) -> Built:
    key, name, series, price = r
    return [Product(id=key, name=name, series=series, list_price=price)]


_DOMAIN: dict[str, Callable[[Record, set[str]], Built]] = {
    "accounts": _account,
    "contacts": _contact,
    "deals": _deal,
    "activities": _activity,
    "sellers": _seller,
    "products": _product,
}

__all__ = [
    "RECORDS",
    "CrmFile",
    "CrmRecord",
    "Placeholder",
    "Record",
    "Row",
    "open_crm_file",
    "read_crm_file",
    "record_builder",
    "row_builder",
]
