"""Skipping CSV rows unbuilt, or taking them in blocks, counts them exactly as reading them does.

Parsing workers agree on where each batch starts only if skipping a batch
passes over the same rows (problems included) that reading it would, on
any file: quoted fields across lines, blank lines, delimiter-only lines,
over-long lines and fields, malformed quoting, undecodable bytes. Taking
rows in blocks (`TableFile.take`) must give those very rows, lines and
problems, in order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from softpower.errors import RecordProblem
from softpower.ingest import tabular
from softpower.ingest.tabular import Block, Row, open_table

LINES = [
    "id,name,note",
    "1,plain,row",
    "",
    "   ",
    ",,",
    '2,"quoted, with comma","and ""quotes"""',
    '3,"across',
    'two lines",x',
    "\t",
    '""',
    "4,nul\x00inside,x",
    "6," + "z" * 300 + ",long line",
    "7,last,row",
    '8,a"b,quote inside an unquoted field',
    "9,\r",
    "10,cr only\r11,after cr",
]


def items(path: Path) -> list[tuple[int | None, object]]:
    table = open_table(path)
    try:
        return [_key(item) for item in table.rows]
    finally:
        table.close()


def _key(item: Row | RecordProblem) -> tuple[int | None, object]:
    if isinstance(item, RecordProblem):
        return item.line, item.reason
    return item.line, item.cells


def after_skip(path: Path, skips: list[int]) -> tuple[list[int], list[tuple[int | None, object]]]:
    table = open_table(path)
    try:
        counted = [table.skip(count) for count in skips]
        return counted, [_key(item) for item in table.rows]
    finally:
        table.close()


def taken(path: Path, counts: list[int]) -> tuple[list[int], list[tuple[int | None, object]]]:
    """Rows taken `counts` at a time, then read one by one: how many each take gave, and all."""
    table = open_table(path)
    try:
        sizes, seen = [], []
        for count in counts:
            got = table.take(count)
            sizes.append(sum(len(i.cells) if isinstance(i, Block) else 1 for i in got))
            for item in got:
                seen += [_key(r) for r in item.rows()] if isinstance(item, Block) else [_key(item)]
        return sizes, seen + [_key(item) for item in table.rows]
    finally:
        table.close()


TAILS = pytest.mark.parametrize(
    "tail",
    [
        "",
        '\n12,"never closed\n13,x\n',
        # past the first block the decoder reads, or the header would fail
        "".join(f"\n{n},padding,{'p' * 90}" for n in range(100)) + "\n14,bad \xff byte\n15,x\n",
        "\n16," + "y" * 120 + ",long field\n17,x\n",
    ],
    ids=["well formed", "malformed quoting", "undecodable", "over-long field"],
)


def _bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_FIELD_CHARS", 100)
    monkeypatch.setattr(tabular, "MAX_LINE_CHARS", 200)
    monkeypatch.setattr(tabular, "SAMPLE_BYTES", 16)  # the NUL and bad bytes come later


@TAILS
def test_taking_blocks_sees_what_reading_sees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tail: str
) -> None:
    _bounded(monkeypatch)
    path = tmp_path / "rows.csv"
    path.write_bytes("\n".join(LINES).encode("utf-8") + tail.encode("latin-1"))
    everything = items(path)
    for counts in ([1] * 40, [2, 3, 5, 7], [4, 1, 100], [1000]):
        sizes, seen = taken(path, counts)
        assert seen == everything, counts
        left = len(everything)
        for count, size in zip(counts, sizes, strict=True):  # each take is full until the end
            assert size == min(count, left), counts
            left -= size


@TAILS
def test_skipping_then_reading_sees_what_reading_sees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tail: str
) -> None:
    _bounded(monkeypatch)
    path = tmp_path / "rows.csv"
    data = "\n".join(LINES).encode("utf-8") + tail.encode("latin-1")
    path.write_bytes(data)
    everything = items(path)
    assert len(everything) >= 10
    for first in range(len(everything) + 2):
        for second in (1, 3):
            counted, rest = after_skip(path, [first, second])
            expected_first = min(first, len(everything))
            expected_second = min(second, len(everything) - expected_first)
            assert counted == [expected_first, expected_second], (first, second)
            assert rest == everything[expected_first + expected_second :], (first, second)


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_reading_lines_in_c_sees_what_the_bounded_reader_sees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    # no over-long line here, so the reader may read the lines itself; line numbers, quoted
    # cells across lines, blank lines, a lone CR and skips must come out the same either way
    path = tmp_path / "rows.csv"
    kept = [line for line in LINES if len(line) < 100 and "\x00" not in line]
    path.write_bytes(ending.join(kept).encode() + b"\n")
    assert tabular._lines_fit(path)

    def seen() -> tuple[list[tuple[int | None, object]], object, object, object]:
        return (
            items(path),
            after_skip(path, [2, 1]),
            after_skip(path, [1, 1, 1, 1]),
            taken(path, [3]),
        )

    fast = seen()
    monkeypatch.setattr(tabular, "_lines_fit", lambda _path: False)
    assert seen() == fast
    assert [line for line, _ in fast[0]][:4] == [2, 5, 6, 8]  # a row ends on its last line


def test_only_files_with_no_overlong_line_ending_in_a_line_feed_skip_the_bounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tabular, "MAX_LINE_CHARS", 200)
    path = tmp_path / "rows.csv"
    for text, fits in [
        ("a,b\n" * 200, True),
        ("a,b\n" + "x" * 99 + "\n" + "a,b\n" * 50, True),  # long, but under half the bound
        ("a,b\n" + "x" * 199 + "\n" + "a,b\n" * 50, False),  # under it: bounded, to be safe
        ("a,b\n" + "x" * 400 + "\na,b\n", False),
        ("a,b\n" * 200 + "no line feed at the end", False),
        ("a,b\r" * 200, False),  # CR alone ends lines too, but is not looked for
    ]:
        path.write_text(text, encoding="utf-8", newline="")
        assert tabular._lines_fit(path) is fits, text[-30:]
