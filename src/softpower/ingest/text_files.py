"""Opening a text source that may be hostile: binary refused, charset guessed, size bounded.

Transcripts, calendars and plain-text documents come from anywhere. Before a
parser sees a file we look at its first bytes: NUL bytes or a control-character
soup mean it is not text at all (`BadFile`); otherwise UTF-8 (with or without
a byte-order mark) is tried and Windows-1252 is the fallback, the usual
charset of older exports. Undecodable bytes later in a UTF-8 file become
U+FFFD rather than aborting the import.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from softpower.errors import BadFile

SNIFF_BYTES = 8192


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05


def _charset_of(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def open_text(path: Path) -> TextIO:
    """`path` opened for reading as text; `BadFile` if missing or binary."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise BadFile(str(path), error.strerror or str(error)) from error
    head = handle.read(SNIFF_BYTES)
    if _looks_binary(head):
        handle.close()
        raise BadFile(str(path), "not a text file (binary content)")
    handle.seek(0)
    return io.TextIOWrapper(handle, encoding=_charset_of(head), errors="replace", newline=None)


def numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(1-based line number, line without its end) for each line of a text file, streamed."""
    with open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            yield number, line.rstrip("\r\n")


def read_bounded(path: Path, limit: int) -> tuple[str, bool]:
    """At most `limit` characters of a text file, and whether it was cut there."""
    with open_text(path) as handle:
        text = handle.read(limit)
        truncated = bool(handle.read(1))
    return text, truncated
