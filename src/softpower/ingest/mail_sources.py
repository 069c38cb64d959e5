"""Raw messages out of mail files, one at a time, with memory bounded whatever the input.

A mail corpus comes as mbox files (many messages, separated by `From ` lines),
Maildir folders (one message per file under `cur/` and `new/`), per-user
folder trees of such files (the CMU Enron layout: `user/inbox/1.`) and single
`.eml` files. `mail_files` finds them; `raw_messages` streams each one's
messages as bytes.

Nothing here holds more than one message, and not even all of that: the
assembler follows the MIME structure line by line and keeps at most
`PART_KEEP_BYTES` of any one part's body. Beyond that it only counts, so a
200 MB attachment costs a few megabytes of memory and is still recorded with
its real size. Headers are capped the same way, lines are read in bounded
chunks (a file with no newlines cannot fill memory), and MIME nested deeper
than `MAX_DEPTH` is flagged instead of parsed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from softpower.errors import BadFile

PART_KEEP_BYTES = 3 * 1024 * 1024
HEADER_KEEP_BYTES = 512 * 1024
MESSAGE_KEEP_BYTES = 24 * 1024 * 1024
MAX_DEPTH = 40
LINE_CHUNK = 64 * 1024
READ_BLOCK = 1024 * 1024
WHOLE_MESSAGE_BYTES = 256 * 1024  # under HEADER_KEEP_BYTES and PART_KEEP_BYTES
MAIL_SUFFIXES = (".mbox", ".mbx", ".eml", ".msg822")
_HEADER_LINE = re.compile(rb"^[!-9;-~]{1,76}:")
_BOUNDARY = re.compile(rb'boundary\s*=\s*(?:"([^"]{1,200})"|([^\s;"]{1,200}))', re.IGNORECASE)
_CONTENT_TYPE = re.compile(rb"^content-type\s*:\s*([^;\s]+)", re.IGNORECASE)
_BASE64 = re.compile(rb"^content-transfer-encoding\s*:\s*base64", re.IGNORECASE | re.MULTILINE)


@dataclass(slots=True)
class PartSize:
    """The real size of a part whose body was cut short in memory."""

    kept_encoded: int
    dropped_encoded: int
    base64: bool

    @property
    def estimated_size(self) -> int:
        total = self.kept_encoded + self.dropped_encoded
        return total * 3 // 4 if self.base64 else total


@dataclass(slots=True)
class RawMessage:
    """One message's bytes (possibly with parts cut short) and where it was found."""

    file: str
    line: int  # 1-based line of the message's first line in its file
    data: bytes
    cut_parts: dict[int, PartSize] = field(default_factory=dict)  # leaf index -> real size
    too_deep: bool = False
    cut_short: bool = False  # the whole message passed MESSAGE_KEEP_BYTES


class MessageAssembler:
    """Collects one message's lines, following MIME boundaries to cap each part's body."""

    def __init__(self, part_keep: int = PART_KEEP_BYTES) -> None:
        self._part_keep = part_keep
        self._chunks: list[bytes] = []
        self._in_headers = True
        self._header: list[bytes] = []
        self._header_bytes = 0
        self._boundaries: list[bytes] = []
        self._leaf = -1
        self._in_leaf = False
        self._leaf_kept = 0
        self._leaf_lines = 0
        self._leaf_base64 = False
        self.cut_parts: dict[int, PartSize] = {}
        self.too_deep = False
        self.cut_short = False
        self._kept = 0

    def _keep(self, line: bytes) -> None:
        if self._kept + len(line) > MESSAGE_KEEP_BYTES:
            self.cut_short = True
            return
        self._kept += len(line)
        self._chunks.append(line)

    def feed(self, line: bytes) -> None:
        if self._in_headers:
            self._feed_header(line)
            return
        if not self._boundaries and self._leaf_kept < self._part_keep and self._in_leaf:
            self._leaf_kept += len(line)
            self._leaf_lines += 1
            self._keep(line)
            return
        if line.startswith(b"--") and self._boundaries and self._boundary_line(line):
            self._keep(line)
            return
        if not self._in_leaf:
            self._keep(line)
            return
        if self._leaf_kept + len(line) <= self._part_keep and self._leaf not in self.cut_parts:
            self._leaf_kept += len(line)
            self._leaf_lines += 1
            self._keep(line)
            return
        cut = self.cut_parts.get(self._leaf)
        if cut is None:
            kept = self._leaf_kept - self._leaf_lines  # without the line ends
            cut = self.cut_parts[self._leaf] = PartSize(kept, 0, self._leaf_base64)
        cut.dropped_encoded += len(line.rstrip(b"\r\n"))

    def _feed_header(self, line: bytes) -> None:
        if line in (b"\n", b"\r\n"):
            self._keep(line)
            self._end_of_header()
            return
        self._header_bytes += len(line)
        if self._header_bytes <= HEADER_KEEP_BYTES:
            self._keep(line)
            self._header.append(line)

    def _end_of_header(self) -> None:
        block = b"".join(self._header)
        unfolded = re.sub(rb"\r?\n[ \t]+", b" ", block)
        self._header = []
        self._header_bytes = 0
        content_type = b"text/plain"
        for header_line in unfolded.splitlines():
            found = _CONTENT_TYPE.match(header_line)
            if found:
                content_type = found.group(1).lower()
                boundary_match = _BOUNDARY.search(header_line)
                break
        else:
            boundary_match = None
        self._in_headers = False
        self._in_leaf = False
        if content_type.startswith(b"multipart/") and boundary_match:
            if len(self._boundaries) >= MAX_DEPTH:
                self.too_deep = True
                return
            self._boundaries.append(boundary_match.group(1) or boundary_match.group(2))
        elif content_type == b"message/rfc822":
            self._in_headers = True  # the enclosed message's own headers follow
        else:
            self._leaf += 1
            self._in_leaf = True
            self._leaf_kept = 0
            self._leaf_lines = 0
            self._leaf_base64 = bool(_BASE64.search(unfolded))

    def _boundary_line(self, line: bytes) -> bool:
        marker = line.rstrip()
        for depth in range(len(self._boundaries) - 1, -1, -1):
            boundary = self._boundaries[depth]
            if marker == b"--" + boundary:
                del self._boundaries[depth + 1 :]
                self._in_headers = True
                self._in_leaf = False
                return True
            if marker == b"--" + boundary + b"--":
                del self._boundaries[depth:]
                self._in_leaf = False
                return True
        return False

    def message(self, file: str, line: int) -> RawMessage:
        data = b"".join(self._chunks)
        return RawMessage(file, line, data, self.cut_parts, self.too_deep, self.cut_short)


def _blocks(path: Path) -> Iterator[bytes]:
    """The file's bytes, `READ_BLOCK` at a time."""
    try:
        with path.open("rb") as handle:
            while block := handle.read(READ_BLOCK):
                yield block
    except OSError as error:
        raise BadFile(str(path), error.strerror or str(error)) from error


def _lines(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """The lines of these bytes, a very long line coming as several chunks of `LINE_CHUNK`."""
    tail = b""
    for block in blocks:
        lines = (tail + block).split(b"\n")
        tail = lines.pop()
        for line in lines:
            if len(line) < LINE_CHUNK:
                yield line + b"\n"
            else:
                yield from _chunks(line + b"\n")
        if len(tail) >= LINE_CHUNK:
            keep = len(tail) - len(tail) % LINE_CHUNK
            yield from _chunks(tail[:keep])
            tail = tail[keep:]
    if tail:
        yield tail


def _chunks(line: bytes) -> Iterator[bytes]:
    for start in range(0, len(line), LINE_CHUNK):
        yield line[start : start + LINE_CHUNK]


def _kept_whole(data: bytes) -> bool:
    """Whether the assembler would keep these bytes as they are: small, no MIME structure.

    Over most of a real corpus this holds, and the message is taken as one
    slice instead of line by line. A mention of `multipart/` anywhere, even
    in the text, just means the slower, line-by-line way.
    """
    if len(data) > WHOLE_MESSAGE_BYTES:
        return False
    lowered = data.lower()
    return b"multipart/" not in lowered and b"message/rfc822" not in lowered


def _assembled(file: str, line: int, lines: Iterable[bytes]) -> RawMessage:
    assembler = MessageAssembler()
    for part in lines:
        assembler.feed(part)
    return assembler.message(file, line)


def _mbox_message(file: str, line: int, chunk: bytes) -> RawMessage:
    """A message from its `From ` line to the end of its last line."""
    newline = chunk.find(b"\n")
    data = chunk[newline + 1 :] if newline >= 0 else b""
    if _kept_whole(data):
        return RawMessage(file, line, data)
    return _assembled(file, line, _lines([data]))


def mbox_messages(path: Path) -> Iterator[RawMessage]:
    """Messages of an mbox file, split on `From ` lines (mboxo/mboxrd alike).

    The file is read in blocks and split at C speed. Should a message grow
    past `WHOLE_MESSAGE_BYTES` with no next `From ` line in sight, the rest of
    the file is read line by line (`mbox_lines`), so that memory stays bounded
    whatever one message holds; a file that does not begin with a `From `
    line is read that way from the start.
    """
    file = str(path)
    blocks = _blocks(path)
    buffer = next(blocks, b"")
    if not buffer.startswith(b"From "):
        yield from mbox_lines(file, _lines(itertools.chain([buffer], blocks)), 1)
        return
    buffer = b"\n" + buffer
    position, line = 0, 1  # buffer[position] ends the line before the current message
    while True:
        found = buffer.find(b"\nFrom ", position + 1)
        if found >= 0:
            yield _mbox_message(file, line, buffer[position + 1 : found + 1])
            line += buffer.count(b"\n", position + 1, found + 1)
            position = found
            continue
        block = next(blocks, b"")
        if not block:
            yield _mbox_message(file, line, buffer[position + 1 :])
            return
        if len(buffer) - position > WHOLE_MESSAGE_BYTES:
            rest = itertools.chain([buffer[position + 1 :], block], blocks)
            yield from mbox_lines(file, _lines(rest), line)
            return
        buffer = buffer[position:] + block
        position = 0


def mbox_lines(file: str, lines: Iterable[bytes], first_line: int) -> Iterator[RawMessage]:
    """Messages of mbox lines, split on `From ` lines, each fed to an assembler.

    A file with text but no `From ` line at all is no mbox (a renamed CSV,
    binary garbage): it is refused, not read as an empty mailbox.
    """
    assembler: MessageAssembler | None = None
    start = 0
    previous_complete = True  # the previous chunk ended a line
    text_before = False  # anything but blank lines before the first `From ` line
    for number, line in enumerate(lines, start=first_line):
        if previous_complete and line.startswith(b"From "):
            if assembler is not None:
                yield assembler.message(file, start)
            assembler = MessageAssembler()
            start = number
        elif assembler is not None:
            assembler.feed(line)
        elif not text_before and line.strip():
            text_before = True
        previous_complete = line.endswith(b"\n")
    if assembler is not None:
        yield assembler.message(file, start)
    elif text_before:
        raise BadFile(file, "not an mbox file: no line starts with 'From ' (is it mail?)")


def single_message(path: Path) -> Iterator[RawMessage]:
    """A file holding one message (`.eml`, a Maildir entry)."""
    blocks = _blocks(path)
    first = next(blocks, b"")
    if len(first) < READ_BLOCK and _kept_whole(first):
        yield RawMessage(str(path), 1, first)
        return
    yield _assembled(str(path), 1, _lines(itertools.chain([first], blocks)))


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(256)
    except OSError as error:
        raise BadFile(str(path), error.strerror or str(error)) from error


def is_mbox(path: Path) -> bool:
    return path.suffix.lower() in (".mbox", ".mbx") or _head(path).startswith(b"From ")


def raw_messages(path: Path) -> Iterator[RawMessage]:
    """Every message of a mail file, whichever of the supported layouts it is."""
    return mbox_messages(path) if is_mbox(path) else single_message(path)


def _looks_like_mail(path: Path) -> bool:
    if path.name.startswith("."):
        return False
    if path.suffix.lower() in MAIL_SUFFIXES:
        return True
    if path.parent.name in ("cur", "new"):
        return True
    head = _head(path)
    return head.startswith(b"From ") or bool(_HEADER_LINE.match(head))


def mail_files(paths: list[Path]) -> list[Path]:
    """Files named directly, plus the mail files under named folders (sorted, `tmp/` skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.parent.name != "tmp" and _looks_like_mail(p)
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise BadFile(str(path), "no such file or folder")
    return found
