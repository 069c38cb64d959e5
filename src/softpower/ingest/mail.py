"""E-mail messages (mbox, Maildir, .eml) to `MailMessage`s: who wrote to whom, when, and what.

Each raw message from `mail_sources` is parsed with the standard library's
`email` package (its default compat32 policy: fast, and it never refuses a
message), then read defensively:

- identity: the Message-ID, or a content hash of sender, date, subject,
  recipients and body when it is missing, so the same mail found in several
  folders is one interaction;
- people: From/To/Cc/Bcc addresses with their display names (and, for mail
  exported from Lotus Notes as in the Enron corpus, the names in `X-From`,
  `X-To`, `X-cc` when they pair one to one with the addresses);
- time: `Date` as a time zone-aware datetime; a missing, unreadable or
  absurd date (before 1980, or in the future) is reported and left empty;
- text: the plain part, or the visible text of the HTML part (scripts and
  styles dropped, nothing executed), decoded by its declared charset, split
  by `mail_bodies` into new text, signature and quoted text;
- attachments: name (path parts removed), type and real size always; text
  only for types we can read (plain, CSV, Markdown, HTML, PDF, .docx) and
  under `ATTACHMENT_TEXT_MAX_BYTES`; nothing else is loaded.

A message that cannot be read becomes a `RecordProblem` with file, line and
reason; the reader goes on with the next one.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from softpower.domain import Attachment, ParticipantRole
from softpower.errors import RecordProblem
from softpower.ingest.documents import MAX_DOCX_XML_BYTES, html_to_text
from softpower.ingest.mail_bodies import SignatureFacts, signature_facts, split_body
from softpower.ingest.mail_sources import PartSize, RawMessage, raw_messages

ATTACHMENT_TEXT_MAX_BYTES = 2 * 1024 * 1024
ATTACHMENT_TEXT_MAX_CHARS = 200_000
BODY_MAX_CHARS = 500_000
MAX_KEY = 250
MAX_NAME = 200
EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)
_REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|sv|wg|tr|antw|rif|enc)(\[\d+\])?\s*:\s*)+", re.I)
_MESSAGE_ID = re.compile(r"<([^<>\s]{1,998})>")
_TEXT_ATTACHMENTS = ("text/plain", "text/csv", "text/markdown", "text/x-markdown")
_PARSER = BytesParser()
_SURROGATE = re.compile("[\udc80-\udcff]")
_PLAIN_ADDRESS = re.compile(r"^\s*<?([^\s<>@,;\"]+@[^\s<>@,;\"]+?)>?\s*$")
_NAMED_ADDRESS = re.compile(r"^\s*([^<>\"@;]*?)\s*<([^\s<>@,;\"]+@[^\s<>@,;\"]+)>\s*$")
_SIMPLE_CHARSET = re.compile(
    r'\s*[\w.+-]+/[\w.+-]+\s*;\s*charset\s*=\s*(?:"([\w.:+-]+)"|([\w.:+-]+))\s*', re.I | re.A
)
_ANGLE_BRACKETS = re.compile(r"<[^>]*>")
_LOTUS_SEPARATOR = re.compile(r",\s*(?![^<]*>)")
_HEADER_BLOCK = re.compile(rb"(?:[\x21-\x39\x3b-\x7e]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*")


@dataclass(frozen=True, slots=True)
class MailAddress:
    """An address as written in a header, lower-cased, with the name shown beside it."""

    address: str
    name: str | None = None


@dataclass(slots=True)
class MailMessage:
    """One e-mail, read and split, ready to become an `Interaction`."""

    id: str
    source: str
    message_id: str | None
    subject: str | None
    thread_subject: str | None
    sent_at: datetime | None
    references: tuple[str, ...]
    addresses: list[tuple[ParticipantRole, MailAddress]]
    text: str
    signature: str | None = None
    quoted: str | None = None
    facts: SignatureFacts = field(default_factory=SignatureFacts)
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def sender(self) -> MailAddress | None:
        return next((a for role, a in self.addresses if role is ParticipantRole.FROM), None)


def normalise_subject(subject: str | None) -> str | None:
    """The subject without Re:/Fwd: prefixes, lower-cased and spaced once; None when trivial."""
    if not subject:
        return None
    text = " ".join(_REPLY_PREFIX.sub("", subject).split()).casefold()
    return text[:MAX_KEY] if len(text) >= 4 else None


def message_ids(value: str | None) -> list[str]:
    """Message-IDs in a header, angle brackets removed, in order."""
    if not value:
        return []
    return [found for found in _MESSAGE_ID.findall(value) if len(found) <= MAX_KEY - 5]


# --- headers ------------------------------------------------------------------------------


def _bytes_to_text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _header_text(value: str) -> str:
    """A header value as text: 8-bit bytes decoded, RFC 2047 words decoded, unfolded."""
    if not value.isascii() and _SURROGATE.search(value):
        value = _bytes_to_text(value.encode("ascii", "surrogateescape"))
    if "=?" in value:
        with contextlib.suppress(ValueError, LookupError, UnicodeError, AssertionError):
            value = str(make_header(decode_header(value)))
    return " ".join(value.split())


_USED_HEADERS = frozenset(
    [
        "from",
        "to",
        "cc",
        "bcc",
        "x-from",
        "x-to",
        "x-cc",
        "x-bcc",
        "date",
        "subject",
        "message-id",
        "references",
        "in-reply-to",
    ]
)
_USED_HEADER_FIELD = re.compile(  # a header `_headers` or `_body` reads, with its raw value
    rb"^(" + "|".join(sorted(_USED_HEADERS)).encode() + rb"|content-[\x21-\x39\x3b-\x7e]*)"
    rb":[ \t]*([^\n]*(?:\n[ \t][^\n]*)*)\n",
    re.MULTILINE | re.IGNORECASE,
)


def _headers(message: Message) -> dict[str, list[str]]:
    """The values, as text, of the headers this module reads (lower-cased names)."""
    found: dict[str, list[str]] = {}
    for name, value in message.raw_items():
        key = name.lower()
        if key in _USED_HEADERS:
            found.setdefault(key, []).append(_header_text(str(value)))
    return found


def _first(headers: dict[str, list[str]], name: str) -> str | None:
    values = headers.get(name)
    return values[0] if values else None


@functools.lru_cache(maxsize=8192)  # the same names recur with the same addresses
def _clean_name(name: str, address: str | None = None) -> str | None:
    """A display name worth keeping: quotes, Lotus `@ENRON` suffixes and addresses removed."""
    if "<" in name:
        name = _ANGLE_BRACKETS.sub(" ", name)
    name = name.strip().strip("'\"").strip()
    if "@" in name:
        head, _, tail = name.partition("@")
        if "." in tail or not head.strip():
            return None
        name = head.strip()
    if not name or (address and name.lower() == address):
        return None
    if not any(ch.isalpha() for ch in name):
        return None
    return name[:MAX_NAME]


def _split_value(value: str) -> list[tuple[str, str]]:
    """(name, address) pairs; simple lists by regex, anything quoted by the standard library."""
    if '"' in value or "(" in value or ":" in value:
        return getaddresses([value])
    pairs: list[tuple[str, str]] = []
    for item in value.split(","):
        if not item.strip():
            continue
        plain = _PLAIN_ADDRESS.match(item)
        if plain:
            pairs.append(("", plain.group(1)))
            continue
        named = _NAMED_ADDRESS.match(item)
        if named:
            pairs.append((named.group(1), named.group(2)))
            continue
        pairs.extend(getaddresses([value]))
        break
    return pairs


@functools.lru_cache(maxsize=4096)
def _value_addresses(value: str) -> tuple[MailAddress, ...]:
    """The addresses in one header value.

    Cached: a mailbox repeats the same values (its owner's address in the
    `From` or `To` of nearly every message, the same distribution lists).
    """
    found: list[MailAddress] = []
    for name, address in _split_value(value):
        address = address.strip().strip("'\"<>").lower()
        if "@" not in address or len(address) > MAX_KEY or len(address.split()) != 1:
            continue
        found.append(MailAddress(address, _clean_name(name, address)))
    return tuple(found)


def _addresses(values: list[str]) -> list[MailAddress]:
    return [address for value in values for address in _value_addresses(value)]


def _with_lotus_names(addresses: list[MailAddress], names: list[str]) -> list[MailAddress]:
    """Fill missing names from an `X-To`-style list when it pairs one to one."""
    if not names or all(a.name for a in addresses):
        return addresses
    parts = [p for p in _LOTUS_SEPARATOR.split(names[0]) if p.strip()]
    if len(parts) != len(addresses):
        return addresses
    return [
        a if a.name else MailAddress(a.address, _clean_name(part, a.address))
        for a, part in zip(addresses, parts, strict=True)
    ]


def _participants(headers: dict[str, list[str]]) -> list[tuple[ParticipantRole, MailAddress]]:
    found: list[tuple[ParticipantRole, MailAddress]] = []
    for role, name, lotus in (
        (ParticipantRole.FROM, "from", "x-from"),
        (ParticipantRole.TO, "to", "x-to"),
        (ParticipantRole.CC, "cc", "x-cc"),
        (ParticipantRole.BCC, "bcc", "x-bcc"),
    ):
        addresses = _addresses(headers.get(name, []))
        if role is ParticipantRole.FROM:
            addresses = addresses[:1]
        addresses = _with_lotus_names(addresses, headers.get(lotus, []))
        found.extend((role, address) for address in addresses)
    return found


def _date(value: str | None, now: datetime) -> tuple[datetime | None, str | None]:
    """(aware datetime or None, the problem with it or None)."""
    if not value:
        return None, "no Date header; kept without a date"
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, f"unreadable Date {value[:60]!r}; kept without a date"
    if parsed is None:
        return None, f"unreadable Date {value[:60]!r}; kept without a date"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if parsed < EARLIEST or parsed > now + timedelta(days=2):
        return None, f"absurd Date {value[:60]!r}; kept without a date"
    return parsed.astimezone(UTC), None  # stored in UTC: SQLite keeps no offset


# --- bodies and attachments ---------------------------------------------------------------


def _declared_charset(part: Message) -> str | None:
    """`part.get_content_charset()`, read directly in the common `type/sub; charset=x` form."""
    content_type = part.get("Content-Type")
    if isinstance(content_type, str):
        simple = _SIMPLE_CHARSET.fullmatch(content_type)
        if simple:
            return (simple.group(1) or simple.group(2)).lower()
    return part.get_content_charset()


def _charset(part: Message) -> tuple[str, str | None]:
    declared = _declared_charset(part)
    if not declared:
        return "utf-8", None
    try:
        return codecs.lookup(declared).name, None
    except LookupError:
        return "utf-8", f"unknown charset {declared[:40]!r}; decoded as UTF-8 with replacements"


def _decoded(part: Message) -> bytes:
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _part_text(part: Message) -> tuple[str, str | None]:
    charset, problem = _charset(part)
    payload = _decoded(part)
    try:
        return payload.decode(charset), problem
    except UnicodeDecodeError:
        if charset in ("ascii", "utf-8") and problem is None:
            return payload.decode("cp1252", errors="replace"), None
        return payload.decode(charset, errors="replace"), problem or (
            f"bytes not valid in charset {charset}; replaced"
        )


def safe_file_name(name: str | None, index: int) -> str:
    """An attachment's name with any folder part, control character or leading dot removed."""
    text = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if ch.isprintable()).strip().lstrip(".").strip()
    text = text.replace("..", "_")[:MAX_NAME]
    return text or f"attachment-{index + 1}"


def _attachment_text(mime_type: str, name: str, data: bytes) -> str | None:
    lowered = name.lower()
    try:
        if mime_type in _TEXT_ATTACHMENTS or lowered.endswith((".txt", ".csv", ".md")):
            text = _bytes_to_text(data)
        elif mime_type == "text/html" or lowered.endswith((".html", ".htm")):
            text = html_to_text(_bytes_to_text(data))
        elif mime_type == "application/pdf" or lowered.endswith(".pdf"):
            text = _pdf_text(data)
        elif lowered.endswith(".docx"):
            text = _docx_text(data)
        else:
            return None
    except Exception:  # a broken attachment is hostile input: its text is simply not kept
        return None
    return text[:ATTACHMENT_TEXT_MAX_CHARS].strip() or None


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n\n".join(str(page.extract_text() or "") for page in reader.pages[:200])


def _docx_text(data: bytes) -> str:
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if archive.getinfo("word/document.xml").file_size > MAX_DOCX_XML_BYTES:
            return ""
    document = docx.Document(io.BytesIO(data))
    return "\n\n".join(p.text for p in document.paragraphs if p.text.strip())


def _is_attachment(part: Message) -> bool:
    disposition = (part.get("Content-Disposition") or "").lower()
    content_type = str(part.get("Content-Type") or "").lower()
    if not disposition and "name" not in content_type:
        return part.get_content_maintype() not in ("text", "multipart", "message")
    if disposition.startswith("attachment") or part.get_param("name") or part.get_filename():
        return True
    return part.get_content_maintype() not in ("text", "multipart", "message")


@dataclass(slots=True)
class _Body:
    plain: str | None = None
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except (ValueError, LookupError, UnicodeError):
        return None
    return _header_text(name) if name else None


def _body(message: Message, cut_parts: dict[int, PartSize]) -> _Body:
    body = _Body()
    leaf = -1
    for part in message.walk():
        if part.is_multipart():
            continue
        leaf += 1
        mime_type = part.get_content_type()
        cut = cut_parts.get(leaf)
        if _is_attachment(part):
            name = safe_file_name(_filename(part), len(body.attachments))
            if cut is not None:
                body.attachments.append(Attachment(name, mime_type, cut.estimated_size))
                continue
            data = _decoded(part)
            text = None
            if len(data) <= ATTACHMENT_TEXT_MAX_BYTES:
                text = _attachment_text(mime_type, name, data)
            body.attachments.append(Attachment(name, mime_type, len(data), text))
            continue
        if mime_type not in ("text/plain", "text/html") or (cut is not None and leaf > 0):
            continue
        text, problem = _part_text(part)
        if problem:
            body.problems.append(problem)
        if cut is not None:
            body.problems.append("body longer than the size limit; cut")
        if mime_type == "text/plain" and body.plain is None:
            body.plain = text
        elif mime_type == "text/html" and body.html is None:
            body.html = text
    return body


# --- assembling ---------------------------------------------------------------------------


def _content_id(headers: dict[str, list[str]], text: str) -> str:
    recipients = sorted(
        a.address for key in ("to", "cc", "bcc") for a in _addresses(headers.get(key, []))
    )
    parts = [
        *(headers.get("from", [""])[:1]),
        *(headers.get("date", [""])[:1]),
        *(headers.get("subject", [""])[:1]),
        ",".join(recipients),
        " ".join(text.split()),
    ]
    return (
        "mail-sha:" + hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:40]
    )


def _sender_names(addresses: list[tuple[ParticipantRole, MailAddress]]) -> tuple[str, ...]:
    sender = next((a for role, a in addresses if role is ParticipantRole.FROM), None)
    if sender is None:
        return ()
    names: list[str] = []
    if sender.name:
        name = sender.name
        if name.count(",") == 1:
            last, first = (p.strip() for p in name.split(","))
            name = f"{first} {last}"
        names += [name, name.split()[0]]
    local = sender.address.partition("@")[0]
    words = [w for w in re.split(r"[._\-]+", local) if w.isalpha()]
    if words:
        names += [" ".join(words), words[0]]
    return tuple(dict.fromkeys(n for n in names if len(n) >= 2))


def _parsed(data: bytes) -> Message:
    """What the standard library's parser makes of `data`, taking a shortcut when it is plain.

    The parser (compat32) goes line by line, which is most of its cost. When
    the header block is plain (every line `Name: value` or its continuation,
    `\\n` line ends, then an empty line) and declares no multipart or
    enclosed message, the result is known without that: each header's raw
    value (continuation lines kept, leading blanks dropped, as the parser's
    `header_source_parse` does) and the rest of the message as the payload.
    Only the headers this module reads are kept (`_USED_HEADERS`, `Content-*`).
    Any other message is parsed in full.
    """
    end = data.find(b"\n\n")
    if end > 0:
        head = data[: end + 1]
        lowered = head.lower()
        if (
            b"\r" not in head
            and b"multipart" not in lowered
            and b"message/" not in lowered
            and _HEADER_BLOCK.fullmatch(head)
        ):
            message = Message()
            for field in _USED_HEADER_FIELD.finditer(head):
                name, value = field.groups()
                message.set_raw(name.decode("ascii"), value.decode("ascii", "surrogateescape"))
            message.set_payload(data[end + 2 :].decode("ascii", "surrogateescape"))
            return message
    return _PARSER.parsebytes(data)


def parse_message(
    raw: RawMessage, now: datetime | None = None
) -> Iterator[MailMessage | RecordProblem]:
    """The message in `raw`, preceded by the problems met reading it."""
    now = now or datetime.now(UTC)

    def problem(reason: str) -> RecordProblem:
        return RecordProblem(raw.file, raw.line, None, reason)

    if raw.too_deep:
        yield problem("MIME parts nested too deeply; message skipped")
        return
    if b"\x00" in raw.data[:4096]:
        yield problem("binary data, not an e-mail message; skipped")
        return
    try:
        message = _parsed(raw.data)
        headers = _headers(message)
        if not any(k in headers for k in ("from", "to", "date", "subject", "message-id")):
            yield problem("not an e-mail message (no From, To, Date, Subject or Message-ID)")
            return
        body = _body(message, raw.cut_parts)
    except (RecursionError, ValueError, LookupError, UnicodeError, AttributeError) as error:
        yield problem(f"message cannot be parsed ({type(error).__name__}: {error})")
        return
    if raw.cut_short:
        yield problem("message larger than the size limit; the rest was not read")
    for reason in body.problems:
        yield problem(reason)
    sent_at, date_problem = _date(_first(headers, "date"), now)
    if date_problem:
        yield problem(date_problem)
    addresses = _participants(headers)
    text = body.plain if body.plain is not None else html_to_text(body.html or "")
    text = text[:BODY_MAX_CHARS]
    names = _sender_names(addresses)
    split = split_body(text, names)
    own_ids = message_ids(_first(headers, "message-id"))
    message_id = own_ids[0] if own_ids else None
    references = message_ids(" ".join(headers.get("references", [])))
    for parent in message_ids(" ".join(headers.get("in-reply-to", []))):
        if parent not in references:
            references.append(parent)
    subject = _first(headers, "subject")
    yield MailMessage(
        id=f"mail:{message_id}" if message_id else _content_id(headers, text),
        source=f"{raw.file}:{raw.line}",
        message_id=message_id,
        subject=subject,
        thread_subject=normalise_subject(subject),
        sent_at=sent_at,
        references=tuple(r for r in references if r != message_id),
        addresses=addresses,
        text=split.text,
        signature=split.signature,
        quoted=split.quoted,
        facts=signature_facts(split.signature, names),
        attachments=body.attachments,
    )


def read_mail(path: Path) -> Iterator[MailMessage | RecordProblem]:
    """Every message in a mail file (mbox, Maildir entry, .eml), streamed."""
    now = datetime.now(UTC)
    for raw in raw_messages(path):
        yield from parse_message(raw, now)
