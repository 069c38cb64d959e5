"""CRM exports (CSV or XLSX) to domain records, one row at a time.

A CRM file is one kind of record per file: accounts, contacts, deals,
activities, sellers (with their teams) or products. Which kind, and which
column feeds which field, comes from a declared mapping (`crm_mapping`),
detected from the header or named by the user. Each row becomes a domain
object, or a `RecordProblem` naming file, line, column and reason; nothing
here touches the database. References to records a file does not describe
(a deal's product, say) come out as `Placeholder`s so the writer can create
a minimal row without overwriting a fuller one.

Text is kept exactly as written: a cell such as `=cmd|' /C calc'!A0` is a
string like any other, never evaluated (see `softpower.csv_safety` for
writing such text back out).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from softpower.domain import (
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
from softpower.ingest.crm_mapping import Mapping, ResolvedTable, detect_table
from softpower.ingest.crm_values import (
    parse_date,
    parse_datetime,
    parse_integer,
    parse_money,
    product_key,
)
from softpower.ingest.tabular import Cell, Row, TableFile, open_table

CrmRecord = Account | Person | Deal | Seller | Team | Product | Interaction
Fields = dict[str, Cell]  # a row's mapped fields, by field name

SOURCE = "crm"

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


class _FieldError(Exception):
    def __init__(self, column: str | None, reason: str) -> None:
        self.column = column
        self.reason = reason


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


def row_builder(crm_file: CrmFile) -> Callable[[Row | RecordProblem], Built | RecordProblem]:
    """Turns one row of the file into its records (references first), or a problem."""
    fields = _Fields(crm_file.resolved)
    build = _BUILDERS[crm_file.entity]
    file = str(crm_file.path)
    width = len(crm_file.table.header)
    seen_products: set[str] = set()

    def built(item: Row | RecordProblem) -> Built | RecordProblem:
        if isinstance(item, RecordProblem):
            return item
        cells = item.cells
        if len(cells) > width and any(_filled(cell) for cell in cells[width:]):
            reason = f"{len(cells)} cells but the header has {width} columns"
            return RecordProblem(file, item.line, None, reason)
        try:
            return build(fields, fields.cleaned(cells), seen_products)
        except _FieldError as error:
            return RecordProblem(file, item.line, error.column, error.reason)

    return built


def _filled(cell: Cell) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def _as_text(cell: Cell) -> str:
    if isinstance(cell, str):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return str(cell)


class _Fields:
    """Reads mapped fields out of a row, with value maps, scales and locale.

    A row is first turned into a dict of its mapped fields, stripped, once
    (`cleaned`); the readers below then look fields up by name.
    """

    def __init__(self, resolved: ResolvedTable) -> None:
        self.positions = tuple(resolved.index.items())
        self.column = resolved.column_name
        self.values = resolved.table.values
        self.scale = resolved.table.scale
        self.separator = resolved.table.list_separator
        self.date_format = resolved.mapping.date_format
        self.decimal_comma = resolved.mapping.decimal_comma
        self.currency = resolved.mapping.currency
        self._days: dict[str, date] = {}  # a file's dates repeat: each is parsed once

    def cleaned(self, cells: list[Cell]) -> Fields:
        """The row's mapped fields; empty cells are left out, text is stripped."""
        width = len(cells)
        row: Fields = {}
        for name, position in self.positions:
            if position < width:
                cell = cells[position]
                if cell.__class__ is str:
                    if text := cell.strip():  # type: ignore[union-attr]
                        row[name] = text
                elif cell is not None:
                    row[name] = cell
        return row

    def text(self, row: Fields, name: str) -> str | None:
        value = row.get(name)
        if value is None:
            return None
        if value.__class__ is not str:
            value = _as_text(value)
        if self.values:
            mapped = self.values.get(name)
            if mapped:
                return mapped.get(value.lower(), value)  # type: ignore[union-attr]
        return value  # type: ignore[return-value]

    def required(self, row: Fields, name: str, fallback: str | None = None) -> str:
        value = self.text(row, name)
        if value is not None:
            return value
        if fallback is not None:
            return fallback
        column = self.column.get(name)
        if column is None:
            raise _FieldError(None, f"the file has no column for the {name!r} field")
        raise _FieldError(column, "empty, but this field is required")

    def integer(self, row: Fields, name: str) -> int | None:
        cell = row.get(name)
        if cell is None:
            return None
        try:
            return parse_integer(cell)
        except ValueError as error:
            raise _FieldError(self.column.get(name), str(error)) from None

    def money(self, row: Fields, name: str) -> tuple[Decimal | None, str | None]:
        cell = row.get(name)
        if cell is None:
            return None, None
        try:
            amount, currency = parse_money(cell, self.decimal_comma)
        except ValueError as error:
            raise _FieldError(self.column.get(name), str(error)) from None
        factor = self.scale.get(name)
        return (amount * factor if factor is not None else amount), currency

    def day(self, row: Fields, name: str) -> date | None:
        cell = row.get(name)
        if cell is None:
            return None
        if cell.__class__ is str:
            known = self._days.get(cell)  # type: ignore[call-overload]
            if known is not None:
                return known
        try:
            day = parse_date(cell, self.date_format)
        except ValueError as error:
            raise _FieldError(self.column.get(name), str(error)) from None
        if cell.__class__ is str:
            if len(self._days) >= 20_000:
                self._days.clear()
            self._days[cell] = day  # type: ignore[index]
        return day

    def moment(self, row: Fields, name: str) -> datetime | None:
        cell = row.get(name)
        if cell is None:
            return None
        try:
            return parse_datetime(cell, self.date_format)
        except ValueError as error:
            raise _FieldError(self.column.get(name), str(error)) from None


def _domain(text: str | None) -> list[str]:
    if not text:
        return []
    domain = text.strip().lower()
    for prefix in ("https://", "http://"):
        domain = domain.removeprefix(prefix)
    domain = domain.split("/")[0].removeprefix("www.")
    return [domain] if domain and "." in domain else []


Built = list[CrmRecord | Placeholder]  # a row's records, references first


def _account(fields: _Fields, row: Fields, _seen: set[str]) -> Built:
    name = fields.required(row, "name")
    revenue, _ = fields.money(row, "revenue_musd")
    return [
        Account(
            id=fields.text(row, "id") or name,
            name=name,
            sector=fields.text(row, "sector"),
            revenue_musd=revenue,
            employees=fields.integer(row, "employees"),
            location=fields.text(row, "location"),
            parent_id=fields.text(row, "parent_id"),
            domains=_domain(fields.text(row, "domain")),
            year_established=fields.integer(row, "year_established"),
        )
    ]


def _contact(fields: _Fields, row: Fields, _seen: set[str]) -> Built:
    first, last = fields.text(row, "first_name"), fields.text(row, "last_name")
    joined = " ".join(part for part in (first, last) if part) or None
    name = fields.required(row, "name", fallback=joined)
    email = fields.text(row, "email")
    title = fields.text(row, "title")
    return [
        Person(
            id=fields.required(row, "id"),
            name=name,
            account_id=fields.text(row, "account_id"),
            is_internal=False,
            title=title,
            department=fields.text(row, "department"),
            phone=fields.text(row, "phone"),
            reports_to_id=fields.text(row, "reports_to_id"),
            addresses=[email.lower()] if email and "@" in email else [],
            titles=[TitleObservation(title=title, source=SOURCE)] if title else [],
        )
    ]


def _outcome(fields: _Fields, row: Fields) -> DealOutcome:
    value = fields.text(row, "outcome")
    if value is None:
        return DealOutcome.OPEN
    outcome = OUTCOME_WORDS.get(value.strip().lower())
    if outcome is not None:
        return outcome
    if fields.column.get("outcome") == fields.column.get("stage"):
        return DealOutcome.OPEN  # outcome read from the stage: any other stage is still open
    raise _FieldError(
        fields.column.get("outcome"),
        f"{value!r} is not an outcome (open, won, lost, no_decision)",
    )


def _deal(fields: _Fields, row: Fields, seen_products: set[str]) -> Built:
    deal_id = fields.required(row, "id")
    amount, found_currency = fields.money(row, "amount")
    currency = fields.text(row, "currency") or found_currency
    if currency is None and amount is not None:
        currency = fields.currency
    if currency is not None:
        currency = currency.upper()
        if len(currency) != 3 or not currency.isalpha():
            raise _FieldError(fields.column.get("currency"), f"{currency!r} is not a currency code")
    product_name = fields.text(row, "product")
    product = product_key(product_name) if product_name else None
    deal = Deal(
        id=deal_id,
        name=fields.text(row, "name") or deal_id,
        account_id=fields.text(row, "account_id"),
        owner_id=fields.text(row, "owner_id"),
        product=product or None,
        stage=fields.text(row, "stage"),
        amount=amount,
        currency=currency,
        created_on=fields.day(row, "created_on"),
        engaged_on=fields.day(row, "engaged_on"),
        close_on=fields.day(row, "close_on"),
        outcome=_outcome(fields, row),
    )
    if product_name and product and product not in seen_products:
        seen_products.add(product)
        return [Placeholder(Product(id=product, name=product_name)), deal]
    return [deal]


def _activity(fields: _Fields, row: Fields, _seen: set[str]) -> Built:
    kind_text = fields.required(row, "kind")
    kind = KIND_WORDS.get(kind_text.strip().lower())
    if kind is None:
        raise _FieldError(
            fields.column.get("kind"),
            f"{kind_text!r} is not an activity kind (call, meeting, email, note)",
        )
    contacts = fields.text(row, "contact_ids") or ""
    participants = []
    for contact_id in dict.fromkeys(p.strip() for p in contacts.split(fields.separator)):
        if contact_id:
            participants.append(Participant(person_id=contact_id, role=ParticipantRole.ATTENDEE))
    return [
        Interaction(
            id=fields.required(row, "id"),
            kind=kind,
            subject=fields.text(row, "subject"),
            started_at=fields.moment(row, "occurred_at"),
            account_id=fields.text(row, "account_id"),
            deal_id=fields.text(row, "deal_id"),
            source=SOURCE,
            participants=participants,
        )
    ]


def _seller(fields: _Fields, row: Fields, _seen: set[str]) -> Built:
    name = fields.required(row, "name")
    team = fields.text(row, "team")
    email = fields.text(row, "email")
    seller = Seller(
        id=fields.text(row, "id") or name,
        name=name,
        email=email.lower() if email else None,
        team_id=team,
    )
    if not team:
        return [seller]
    manager, region = fields.text(row, "manager"), fields.text(row, "region")
    return [Team(id=team, name=team, manager_name=manager, region=region), seller]


def _product(fields: _Fields, row: Fields, _seen: set[str]) -> Built:
    name = fields.required(row, "name")
    key = product_key(name)
    if not key:
        raise _FieldError(fields.column.get("name"), f"{name!r} has no letters or digits")
    price, _ = fields.money(row, "list_price")
    return [Product(id=key, name=name, series=fields.text(row, "series"), list_price=price)]


_BUILDERS = {
    "accounts": _account,
    "contacts": _contact,
    "deals": _deal,
    "activities": _activity,
    "sellers": _seller,
    "products": _product,
}

__all__ = ["CrmFile", "CrmRecord", "Placeholder", "Row", "open_crm_file", "read_crm_file"]
