"""CRM rows read a block at a time, column by column.

Checking a row field by field costs Python a few microseconds, most of a
deal's parsing time. Yet most of a column's cells repeat (a deal's owner,
product, stage, dates), so a block of plain CSV rows (`tabular.Block`) is
read a column at a time: each distinct cell is converted once, through the
very readers the row path uses (`FieldReader`, `crm.deal_readers`), and the
records are zipped back together in C. Anything unusual in a block, a row
of another width or a cell that fails its check, sends the whole block down
the row path (`crm.record_builder`), which names line, column and reason:
both paths give the same records, and the row path alone reports problems.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable
from functools import partial
from typing import Any

from softpower.errors import RecordProblem
from softpower.ingest.crm import CrmFile, Record, deal_readers, record_builder
from softpower.ingest.crm_fields import FieldError, FieldReader, Natives
from softpower.ingest.crm_values import product_key
from softpower.ingest.tabular import Block, Row

Items = list[Block | Row | RecordProblem]
SLICE_ROWS = 1000  # rows read column by column at once
KEPT = 20_000  # distinct cells a column remembers; past that it starts again (bounded memory)


class _Converted(dict[Hashable, Any]):
    """Cell -> value, each distinct cell converted once (`map(memo.__getitem__, cells)`).

    A column whose cells hardly repeat (amounts) is converted cell by cell
    instead, once a block finds most of its cells new: remembering them would
    only fill the memo and empty it again, at a dictionary insert a cell.
    """

    def __init__(self, convert: Callable[[Any], Any], fixed: dict[Hashable, Any]) -> None:
        super().__init__(fixed)
        self._convert = convert
        self._fixed = fixed
        self._remember = True

    def __missing__(self, cell: Hashable) -> Any:
        value = self[cell] = self._convert(cell)
        return value

    def _converted(self, cell: Hashable) -> Any:
        return self._fixed[cell] if cell in self._fixed else self._convert(cell)

    def of(self, cells: list[Any]) -> list[Any]:
        if not self._remember:
            return list(map(self._converted, cells))
        known = len(self)
        values = list(map(self.__getitem__, cells))
        if 2 * (len(self) - known) > len(cells) >= 100:  # most cells new: stop remembering
            self._remember = False
        if len(self) > KEPT or not self._remember:
            self.clear()
            self.update(self._fixed)
        return values


def _deal_columns(fields: FieldReader) -> Callable[[list[list[str]]], list[Record]]:
    """A block of deal rows to the records `crm._deal_values` makes of them one by one."""
    outcome_of, currency_of = deal_readers(fields)
    money = _Converted(partial(fields.money, "amount"), {None: (None, None)})
    days = _Converted(partial(fields.day, "created_on"), {None: None})
    outcomes = _Converted(outcome_of, {None: "open"})
    products = _Converted(lambda name: product_key(name) or None, {None: None})
    currencies = _Converted(lambda cells: currency_of(*cells), {})

    def records(rows: list[list[str]]) -> list[Record]:
        (keys, names, accounts, owners, product_names, stages, amount_cells, currency_cells,
         created, engaged, close, outcome_cells) = fields.cleaned_columns(rows)  # fmt: skip
        if None in keys:
            raise FieldError(None, "a deal without an id")  # the row path says where
        amounts, named = zip(*money.of(amount_cells), strict=True)
        priced = [amount is not None for amount in amounts]
        currency = currencies.of(list(zip(currency_cells, named, priced, strict=True)))
        return list(
            zip(
                keys,
                [name or key for name, key in zip(names, keys, strict=True)],
                accounts,
                owners,
                products.of(product_names),
                stages,
                amounts,
                currency,
                days.of(created),
                days.of(engaged),
                days.of(close),
                outcomes.of(outcome_cells),
                product_names,
                strict=True,
            )
        )

    return records


_COLUMNS: dict[str, Callable[[FieldReader], Callable[[list[list[str]]], list[Record]]]] = {
    "deals": _deal_columns,
}


def block_builder(
    crm_file: CrmFile, natives: Natives | None = None
) -> Callable[[Items], tuple[list[Record], list[RecordProblem]]]:
    """Turns the items of `TableFile.take` into records and problems, in file order.

    Blocks of the kinds of record read by column (deals) go column by column;
    everything else, and any block that fails, row by row (`record_builder`).
    """
    by_row = record_builder(crm_file, natives)
    make = _COLUMNS.get(crm_file.entity)
    by_column = make(FieldReader(crm_file.resolved, natives)) if make is not None else None
    width = len(crm_file.table.header)

    def built(items: Items) -> tuple[list[Record], list[RecordProblem]]:
        records: list[Record] = []
        problems: list[RecordProblem] = []
        for item in items:
            if item.__class__ is Block:
                block: Block = item  # type: ignore[assignment]
                if by_column is not None and set(map(len, block.cells)) == {width}:
                    try:
                        # a slice at a time: whole 5,000-row batches read by column went
                        # slower than by row (200,000 deals: 3.1 s against 2.6 s, one run)
                        read = [
                            by_column(block.cells[start : start + SLICE_ROWS])
                            for start in range(0, len(block.cells), SLICE_ROWS)
                        ]
                        records += itertools.chain.from_iterable(read)
                        continue
                    except FieldError:
                        pass  # the rows one by one say which and why
                rows: Iterable[Row | RecordProblem] = block.rows()
            else:
                rows = (item,)  # type: ignore[assignment]
            for row in rows:
                record = by_row(row)
                if record.__class__ is RecordProblem:
                    problems.append(record)  # type: ignore[arg-type]
                else:
                    records.append(record)  # type: ignore[arg-type]
        return records, problems

    return built
