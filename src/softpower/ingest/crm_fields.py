"""Reading a CRM row's mapped fields: stripped, value-mapped, typed, checked.

A row is cleaned once (`FieldReader.cleaned`): one pass over the mapped
columns gives every field of the record kind, in the order of
`crm_mapping.ENTITIES`, as stripped text (value maps applied) or, for typed
fields, the stripped cell, or None when empty. The typed readers (`money`,
`integer`, `day`, `moment`) then turn a cell into a value and raise
`FieldError` with the column and a reason a user can act on.

Typed values come out through `Natives`: as Python values (dates, decimals)
for domain records, or directly in a database driver's types for a bulk
load, so a million-row import converts each distinct date once and never
builds an object it will only take apart again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any

from softpower.ingest.crm_mapping import ENTITIES, ResolvedTable
from softpower.ingest.crm_values import parse_date, parse_datetime, parse_integer, parse_money
from softpower.ingest.tabular import Cell

# fields read as typed values, by kind of record; every other field is text
TYPED = {
    "accounts": ("revenue_musd", "employees", "year_established"),
    "deals": ("amount", "created_on", "engaged_on", "close_on"),
    "activities": ("occurred_at",),
    "products": ("list_price",),
}
_DAYS_KEPT = 20_000  # a file's dates repeat: each is parsed once, within this bound


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True, slots=True)
class Natives:
    """How typed values leave the reader: Python values by default."""

    money: Callable[[Decimal], Any] = _same
    day: Callable[[date], Any] = _same
    moment: Callable[[datetime], Any] = _same


class FieldError(Exception):
    """A field that cannot be read: its source column (None if unmapped) and why."""

    def __init__(self, column: str | None, reason: str) -> None:
        self.column = column
        self.reason = reason


def as_text(cell: Cell) -> str:
    """A workbook cell as the text a CSV export would hold."""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return str(cell)


class FieldReader:
    """Cleans one file's rows and reads typed fields, for one resolved table."""

    def __init__(self, resolved: ResolvedTable, natives: Natives | None = None) -> None:
        table = resolved.table
        names = ENTITIES[table.entity]
        typed = TYPED.get(table.entity, ())
        # (slot, position, is text, value map or None) for each field the file has
        # (value maps apply to text fields only)
        self._readers = tuple(
            (
                slot,
                resolved.index[name],
                textual,
                (table.values.get(name) if textual else None) or None,
            )
            for slot, name in enumerate(names)
            if name in resolved.index
            for textual in (name not in typed,)
        )
        positions = dict.fromkeys(range(len(names)), -1)  # -1: the file has no such column
        positions.update((slot, position) for slot, position, _, _ in self._readers)
        # every field's cell at once (in C), a field the file lacks reading an empty cell
        # appended to the row (-1)
        assert len(positions) > 1, "itemgetter of one position gives a cell, not a tuple"
        self._cells_of = itemgetter(*positions.values())
        self._width = len(positions)
        self._maps = tuple((slot, mapped) for slot, _, _, mapped in self._readers if mapped)
        self.column = resolved.column_name
        self.scale = table.scale
        self.separator = table.list_separator
        self.date_format = resolved.mapping.date_format
        self.decimal_comma = resolved.mapping.decimal_comma
        self.currency = resolved.mapping.currency
        self.natives = natives or Natives()
        self.days: dict[Any, Any] = {}  # date text -> date, as a native (see `day`)

    def cleaned(self, cells: list[Cell]) -> list[Any]:
        """The record's fields in `ENTITIES` order; None where empty or unmapped."""
        try:  # the common case, a CSV row as wide as its header: every cell is text
            row = [cell.strip() or None for cell in self._cells_of(cells + [""])]  # noqa: RUF005 (faster)
        except (AttributeError, IndexError):
            return self._cleaned_cells(cells)
        for slot, mapped in self._maps:
            text = row[slot]
            if text is not None:
                row[slot] = mapped.get(text.lower(), text)
        return row

    def cleaned_columns(self, rows: list[list[str]]) -> list[list[Any]]:
        """`cleaned` for a block of CSV rows as wide as the header, a column a field."""
        by_position = list(zip(*rows, strict=True))
        columns: list[list[Any]] = [[None] * len(rows)] * self._width  # unmapped: shared, all None
        for slot, position, _, mapped in self._readers:
            column: list[Any] = list(map(str.strip, by_position[position]))
            if "" in column:  # the loop in Python only for a column with empty cells
                column = [text or None for text in column]
            if mapped is not None:
                column = [mapped.get(text.lower(), text) if text else None for text in column]
            columns[slot] = column
        return columns

    def _cleaned_cells(self, cells: list[Cell]) -> list[Any]:
        """`cleaned` for any row: a workbook's, whose cells may be short or not text."""
        width = len(cells)
        row: list[Any] = [None] * self._width
        for slot, position, textual, mapped in self._readers:
            if position >= width:
                continue
            cell = cells[position]
            if cell.__class__ is str:
                cell = cell.strip()  # type: ignore[union-attr]
                if not cell:
                    continue
            elif cell is None:
                continue
            elif textual:
                cell = as_text(cell)
            if mapped is not None:
                cell = mapped.get(cell.lower(), cell)  # type: ignore[union-attr]
            row[slot] = cell
        return row

    def required(self, name: str, value: str | None) -> str:
        """`value`, or the error saying the field is empty or not in the file."""
        if value is not None:
            return value
        column = self.column.get(name)
        if column is None:
            raise FieldError(None, f"the file has no column for the {name!r} field")
        raise FieldError(column, "empty, but this field is required")

    def integer(self, name: str, cell: Cell) -> int | None:
        if cell is None:
            return None
        try:
            return parse_integer(cell)
        except ValueError as error:
            raise FieldError(self.column.get(name), str(error)) from None

    def money(self, name: str, cell: Cell) -> tuple[Any, str | None]:
        """The amount (scaled, as a native) and the currency the text names, if any."""
        if cell is None:
            return None, None
        try:
            amount, currency = parse_money(cell, self.decimal_comma)
        except ValueError as error:
            raise FieldError(self.column.get(name), str(error)) from None
        factor = self.scale.get(name)
        if factor is not None:
            amount *= factor
        return self.natives.money(amount), currency

    def day(self, name: str, cell: Cell) -> Any:
        """A calendar date, as a native."""
        if cell is None:
            return None
        text = cell.__class__ is str
        if text:
            known = self.days.get(cell)  # type: ignore[arg-type]
            if known is not None:
                return known
        try:
            day = self.natives.day(parse_date(cell, self.date_format))
        except ValueError as error:
            raise FieldError(self.column.get(name), str(error)) from None
        if text:
            if len(self.days) >= _DAYS_KEPT:
                self.days.clear()
            self.days[cell] = day  # type: ignore[index]
        return day

    def moment(self, name: str, cell: Cell) -> Any:
        """An instant, as a native."""
        if cell is None:
            return None
        try:
            return self.natives.moment(parse_datetime(cell, self.date_format))
        except ValueError as error:
            raise FieldError(self.column.get(name), str(error)) from None
