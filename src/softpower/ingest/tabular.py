"""Reading spreadsheet-like files (CSV and XLSX) as a stream of rows, safely.

CRM exports come from many tools and locales, so this module settles the
file-level questions once: which encoding (UTF-8, UTF-8 with a byte-order
mark, or cp1252), which delimiter (`,` `;` tab `|`), whether the file is a
workbook, and whether it is text at all. It never loads a file whole: rows
are yielded one at a time with their line number, and a physical line or a
field longer than the bounds below is reported as a problem for that line,
not read into memory. Cell values stay text (CSV) or the workbook's own
types (XLSX); interpreting them is the mapping's job.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO

from softpower.errors import BadFile, RecordProblem

Cell = str | int | float | datetime | date | None

MAX_FIELD_CHARS = 1 << 20  # one cell: 1 Mi characters
MAX_LINE_CHARS = 4 << 20  # one physical line: 4 Mi characters
SAMPLE_BYTES = 64 << 10
DELIMITERS = ",;\t|"
ZIP_MAGIC = b"PK\x03\x04"
_CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10, 13))  # not tab, LF, CR


@dataclass(slots=True)  # not frozen: a million rows are built, and frozen ones cost more
class Row:
    """One data row: its cells in header order and the line (or sheet row) it ended on."""

    line: int
    cells: list[Cell]


@dataclass(slots=True)
class Block:
    """Consecutive plain CSV rows as read: each one's line and cells, every cell text.

    Rows in a block can be read column by column; `rows()` gives them one by one.
    """

    lines: list[int]
    cells: list[list[str]]

    def rows(self) -> Iterator[Row]:
        return map(Row, self.lines, self.cells)  # type: ignore[arg-type]


class LineTooLong(Exception):
    """Raised by the bounded line source; the reader turns it into a RecordProblem."""

    def __init__(self, line: int) -> None:
        self.line = line
        super().__init__(f"line {line} is longer than {MAX_LINE_CHARS:,} characters")


class _BoundedLines:
    """Lines of a text stream, refusing (and skipping, in bounded memory) over-long ones."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self.lines_read = 0

    def __iter__(self) -> _BoundedLines:
        return self

    def __next__(self) -> str:
        line = self._handle.readline(MAX_LINE_CHARS + 1)
        if not line:
            raise StopIteration
        self.lines_read += 1
        if line[-1] != "\n":
            return self._unterminated(line)
        return line

    def _unterminated(self, line: str) -> str:
        """A line with no line feed: over-long (refused), ended by CR alone, or the file's last.

        The last line gets a line feed, as every other line has: a quote left
        open on it then shows as a line break in its cell (see `ingest.crm`).
        """
        if len(line) > MAX_LINE_CHARS:
            while True:  # drain the rest of the line chunk by chunk
                rest = self._handle.readline(MAX_LINE_CHARS)
                if not rest or rest.endswith("\n"):
                    break
            raise LineTooLong(self.lines_read)
        return line if line.endswith("\r") else line + "\n"


@dataclass(slots=True)
class TableFile:
    """An opened CSV or XLSX file: its header, its detected layout, and a row stream."""

    path: Path
    header: list[str]
    encoding: str | None  # None for XLSX
    delimiter: str | None  # None for XLSX
    rows: Iterator[Row | RecordProblem]
    size: int
    _position: IO[bytes] | None = None
    _closer: Callable[[], None] | None = None

    @property
    def is_workbook(self) -> bool:
        """XLSX: a row may stop at its last filled cell, where a CSV row has every column."""
        return self.delimiter is None

    def close(self) -> None:
        """Release the file even if its rows were never read."""
        if isinstance(self.rows, Generator):
            self.rows.close()
        if self._closer is not None:
            self._closer()

    def skip(self, count: int) -> int:
        """Pass over up to `count` rows (problems count as rows); returns how many there were."""
        if isinstance(self.rows, _CsvRows):
            return self.rows.skip(count)
        return sum(1 for _ in itertools.islice(self.rows, count))

    def take(self, count: int) -> list[Block | Row | RecordProblem]:
        """The next `count` rows (fewer at the end; problems count as rows), in order, runs of
        plain CSV rows as `Block`s."""
        if isinstance(self.rows, _CsvRows):
            return self.rows.take(count)
        return list(itertools.islice(self.rows, count))

    def bytes_read(self) -> int:
        """How far into the file the reader is (approximate, for progress)."""
        if self._position is None or self._position.closed:
            return self.size
        return self._position.tell()


def detect_encoding(sample: bytes) -> str:
    """`utf-8-sig` for a BOM, `utf-8` when the sample decodes, else `cp1252`."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        # a multi-byte sequence cut by the sample's end is not an error
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def sniff_delimiter(header_line: str) -> str:
    """The candidate delimiter that splits the header line into the most columns."""
    counts = {candidate: header_line.count(candidate) for candidate in DELIMITERS}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] > 0 else ","


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    # counted by deleting them in C: a loop over the 64 KiB sample in Python took 1.5 ms a file
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return bool(sample) and controls / len(sample) > 0.05


def open_table(path: Path) -> TableFile:
    """Open `path` as CSV or XLSX; raises BadFile when it is neither."""
    try:
        size = path.stat().st_size
        with path.open("rb") as probe:
            sample = probe.read(SAMPLE_BYTES)
    except OSError as error:
        raise BadFile(str(path), error.strerror or str(error)) from error
    if sample.startswith(ZIP_MAGIC):
        return _open_xlsx(path, size)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise BadFile(str(path), "not an XLSX workbook (no zip signature)")
    if not sample.strip():
        raise BadFile(str(path), "empty file")
    if _looks_binary(sample):
        raise BadFile(str(path), "binary data, not a CSV or XLSX file")
    return _open_csv(path, size, detect_encoding(sample))


def _open_csv(path: Path, size: int, encoding: str) -> TableFile:
    raw = path.open("rb")
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    lines = _BoundedLines(text)
    try:
        first = next(lines)
    except LineTooLong as error:
        raw.close()
        raise BadFile(str(path), f"header {error}") from error
    except UnicodeDecodeError as error:
        raw.close()
        raise BadFile(str(path), f"header is not valid {encoding}: {error.reason}") from error
    delimiter = sniff_delimiter(first)
    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration) as error:
        raw.close()
        raise BadFile(str(path), f"unreadable header: {error}") from error
    header = [name.strip() for name in header]
    if not any(header):
        raw.close()
        raise BadFile(str(path), "the first line holds no column names")
    # the reader reads lines itself, where no line can be over-long
    source: Iterator[str] = text if _lines_fit(path) else lines
    return TableFile(
        path=path,
        header=header,
        encoding=encoding,
        delimiter=delimiter,
        rows=_CsvRows(path, raw, source, delimiter, encoding),
        size=size,
        _position=raw,
        _closer=raw.close,
    )


def _lines_fit(path: Path) -> bool:
    """Whether no line of the file can be over-long, and the last one ends with a line feed.

    Every block of half `MAX_LINE_CHARS` bytes holding a line feed means no
    line spans more than two blocks. The CSV reader can then read lines
    itself, in C: a bounded reader's Python call a line cost a third of the
    reading. One pass of `bytes.find` over the file decides it.
    """
    block = MAX_LINE_CHARS // 2
    with path.open("rb") as handle:
        chunk = b""
        while True:
            previous, chunk = chunk, handle.read(block)
            if not chunk:
                return previous.endswith(b"\n")
            if len(chunk) == block and b"\n" not in chunk:
                return False


class _CsvRows:
    """A CSV file's data rows in order, or the problem that stands in for one.

    `skip` passes over rows without building them: a reader that only needs
    to know where it is in the file (a parser whose turn it is not) pays for
    the CSV parsing alone. Both count rows the same way, problems included.
    """

    def __init__(
        self, path: Path, raw: IO[bytes], lines: Iterator[str], delimiter: str, encoding: str
    ) -> None:
        """`lines`: the file's lines after the header, bounded (`_BoundedLines`) or not."""
        self._file = str(path)
        self._raw = raw
        self._lines = lines
        self._encoding = encoding
        csv.field_size_limit(MAX_FIELD_CHARS)
        self._delimiter = delimiter
        self._reader = csv.reader(lines, delimiter=delimiter)
        self._dialect = self._reader.dialect
        self._ended = False
        self._elsewhere = 1  # lines read other than by `_reader`: the header, skipped ones

    def _lines_read(self, stand_in: Iterator[list[str]] | None = None) -> int:
        """Lines read so far; a stand-in reader's first line is counted already (`skip`)."""
        extra = getattr(stand_in, "line_num", 1) - 1
        return self._elsewhere + self._reader.line_num + extra

    def __iter__(self) -> _CsvRows:
        return self

    def __next__(self) -> Row | RecordProblem:
        if not self._ended:  # the common case, a row read at once, first
            try:
                cells = next(self._reader)
            except StopIteration:
                self.close()
                raise
            except (LineTooLong, csv.Error, UnicodeDecodeError) as error:
                item = self._next(True, _raising(error))
            else:
                if cells and (len(cells) > 1 or cells[0].strip()):
                    return Row(self._elsewhere + self._reader.line_num, cells)  # type: ignore[arg-type]
                item = self._next(True)  # a blank line: the next row
        else:
            item = None
        if item is None:
            raise StopIteration
        return item  # type: ignore[return-value]

    def take(self, count: int) -> list[Block | Row | RecordProblem]:
        """`TableFile.take`: the rows `__next__` would give, but a run of plain ones read in one
        loop into a `Block`, with no object and no call per row (those cost as much as the CSV
        parsing itself)."""
        taken: list[Block | Row | RecordProblem] = []
        reader = self._reader
        while count > 0 and not self._ended:
            numbers: list[int] = []  # the reader's line numbers, short of the lines it skipped
            cells_of: list[list[str]] = []
            take, number = cells_of.append, numbers.append
            base, read, item = self._elsewhere, 0, None
            try:
                for cells in itertools.islice(reader, count):
                    read += 1
                    if len(cells) > 1 or (cells and cells[0].strip()):  # else a blank line
                        take(cells)
                        number(reader.line_num)
                if read < count:
                    self.close()
            except (LineTooLong, csv.Error, UnicodeDecodeError) as error:
                item = self._next(True, _raising(error))
            if cells_of:
                taken.append(Block(list(map(base.__add__, numbers)), cells_of))
                count -= len(cells_of)
            if item is not None:
                taken.append(item)  # type: ignore[arg-type]
                count -= 1
        return taken

    def skip(self, count: int) -> int:
        """Pass over up to `count` rows; returns how many there were.

        A line with no quote is one record, or a blank line when it holds no
        delimiter and only spaces: such lines are counted without parsing.
        Any other line (and any error) goes through the CSV reader as usual.
        """
        skipped = 0
        lines, delimiter = self._lines, self._delimiter
        while skipped < count and not self._ended:
            try:
                line = next(lines)
            except StopIteration:
                self.close()
                break
            except (LineTooLong, UnicodeDecodeError) as error:
                item = self._next(False, _raising(error))
            else:
                self._elsewhere += 1
                if '"' in line or "\0" in line or len(line) > MAX_FIELD_CHARS:
                    stand_in = csv.reader(itertools.chain((line,), lines), self._dialect)
                    item = self._next(False, stand_in)
                    self._elsewhere += stand_in.line_num - 1
                elif delimiter in line or line.strip():
                    item = True
                else:
                    continue  # blank line
            if item is not None:
                skipped += 1
        return skipped

    def close(self) -> None:
        self._ended = True
        self._raw.close()

    def _next(
        self, keep: bool, reader: Iterator[list[str]] | None = None
    ) -> Row | RecordProblem | bool | None:
        """The next row (True in its place unless `keep`), a problem, or None at the end.

        `reader`, when given, reads the next record instead of the file's own reader.
        """
        if self._ended:
            return None
        reader = reader or self._reader
        stand_in = None if reader is self._reader else reader
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                if reader is not self._reader:
                    return None  # a stand-in reader had no (further) record: the file goes on
                self.close()
                return None
            except LineTooLong as error:
                self._elsewhere += 1  # read, in bounded memory, but by no reader
                return RecordProblem(self._file, error.line, None, str(error).split(" is ", 1)[1])
            except csv.Error as error:
                # inside a broken quoted field there is no telling where the next record starts
                reason = f"malformed CSV ({error}); stopped reading the file here"
                self.close()
                return RecordProblem(self._file, self._lines_read(stand_in), None, reason)
            except UnicodeDecodeError as error:
                reason = (
                    f"not valid {self._encoding} within the next few thousand characters "
                    f"({error.reason}); stopped reading the file here"
                )
                self.close()
                return RecordProblem(self._file, self._lines_read(stand_in) + 1, None, reason)
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # blank line
            return Row(self._lines_read(stand_in), cells) if keep else True  # type: ignore[arg-type]


def _raising(error: Exception) -> Iterator[list[str]]:
    """A reader that only raises `error`: hands a line source's failure to `_next`."""
    raise error
    yield []  # a generator, so the error comes at the first record


def _open_xlsx(path: Path, size: int) -> TableFile:
    from openpyxl import load_workbook  # imported here: only workbooks need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise BadFile(str(path), f"not a readable XLSX workbook ({error})") from error
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header_cells = next(values, None)
    if header_cells is None:
        workbook.close()
        raise BadFile(str(path), "the workbook's first sheet is empty")
    header = [str(cell).strip() if cell is not None else "" for cell in header_cells]

    def rows() -> Iterator[Row | RecordProblem]:
        try:
            for number, cells in enumerate(values, start=2):
                if all(cell is None or cell == "" for cell in cells):
                    continue
                yield Row(number, [_xlsx_cell(cell) for cell in cells])
        finally:
            workbook.close()

    return TableFile(
        path=path,
        header=header,
        encoding=None,
        delimiter=None,
        rows=rows(),
        size=size,
        _closer=workbook.close,
    )


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | datetime | date):
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            return value[:MAX_FIELD_CHARS]
        return value
    return str(value)
