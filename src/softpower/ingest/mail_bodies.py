"""An e-mail body split into what the sender wrote, their signature, and what they quoted.

Engines must judge a seller by the words they wrote in this message, not by
the thread quoted under it, and the signature is evidence of formal rank
("Dir., FP&A | Finance"), not conversation. The split is by the markers mail
clients actually write: `-----Original Message-----` (Outlook), `On ...
wrote:` (Gmail, Apple), Lotus Notes' `----- Forwarded by ...` and
`Name  01/17/2000 06:04 PM` reply headers, `From:`/`Sent:`/`To:` header
blocks, `Begin forwarded message:` and `>`-quoted lines. Everything from the
first marker on is quoted; the new text is what comes before.

The signature is what follows a `-- ` line, a "Sent from my ..." line, or
a short last block that names the sender or holds a phone number or a job
title. From it `signature_facts` reads a title, a department and a phone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ORIGINAL = re.compile(r"^\s*-{2,}\s*(original message|forwarded message|forwarded by)", re.I)
_FORWARD_LINE = re.compile(r"^\s*(-{3,}.*forward|begin forwarded message:?\s*$)", re.I)
_WROTE = re.compile(r"^\s*on\b.{0,300}\bwrote:\s*$", re.I | re.S)
_FROM_HEADER = re.compile(r"^\s*\*?from:\*?\s+\S", re.I)
_HEADER_FOLLOWS = re.compile(r"^\s*\*?(sent|to|date|subject|cc):\*?", re.I)
_LOTUS_STAMP = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d{2}\s*[AP]M\b", re.I)
_QUOTED = re.compile(r"^\s*>")
_SIG_DASHES = re.compile(r"^(--|-- |—|__+)\s*$")
_SENT_FROM = re.compile(r"^\s*sent from my\b", re.I)
_PHONE = re.compile(r"(?<![\w])(\+?\(?\d[\d\s().\-/]{6,}\d)(?![\w])")
_PHONE_LABEL = re.compile(
    r"^\s*(t|tel|phone|ph|p|o|office|direct|d|m|mobile|cell|c)\s*[:.]?\s*", re.I
)
_TITLE_WORDS = re.compile(
    r"\b(s?vp|evp|avp|vice president|president|chief|ceo|cfo|coo|cio|cto|ciso|cmo|"
    r"director|dir\.|manager|mgr|head of|lead|analyst|specialist|engineer|architect|"
    r"controller|counsel|attorney|supervisor|coordinator|consultant|associate|officer|"
    r"trader|partner|administrator|assistant|representative|accountant|scientist|"
    r"founder|chairman|chairwoman|chair|treasurer|secretary|principal|account executive|"
    r"planner|buyer|advisor|adviser|strategist|developer|designer|technician|superintendent|"
    r"foreman|owner|sr\.|snr\.)(?!\w)",
    re.I,
)
_DEPARTMENTS = frozenset(
    [
        "finance",
        "it",
        "operations",
        "procurement",
        "purchasing",
        "legal",
        "hr",
        "sales",
        "marketing",
        "engineering",
        "research",
        "trading",
        "accounting",
        "treasury",
        "logistics",
        "compliance",
        "risk",
        "security",
        "facilities",
        "strategy",
        "product",
        "support",
        "fp&a",
        "tax",
        "audit",
    ]
) | frozenset(
    (
        "information technology",
        "human resources",
        "supply chain",
        "customer service",
        "customer success",
        "r&d",
        "information security",
        "business development",
        "corporate development",
        "investor relations",
        "public relations",
        "risk management",
    )
)
_MARKER_STARTS = frozenset("-bBoO*fF>")  # first characters of the quote markers above
_SIGNATURE_STARTS = frozenset("-—_")
_DEPARTMENT_WORDS = re.compile(r"\b(department|dept\.?|division|group|team|office of)\b", re.I)
MAX_SIGNATURE_LINES = 8


@dataclass(frozen=True, slots=True)
class SplitBody:
    """New text, signature and quoted text of one message body."""

    text: str
    signature: str | None
    quoted: str | None


@dataclass(frozen=True, slots=True)
class SignatureFacts:
    """What a signature says about its writer, with the line that said it."""

    title: str | None = None
    department: str | None = None
    phone: str | None = None
    evidence: str | None = None


def _quote_start(lines: list[str]) -> int | None:
    """Index of the first line of quoted or forwarded text, if any."""
    for index, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped[:1] not in _MARKER_STARTS and "/" not in line:
            continue  # no marker can match: each starts so, or holds a Lotus date stamp
        if _ORIGINAL.match(line) or _FORWARD_LINE.match(line):
            return index
        if _WROTE.match(line):
            return index
        starts_on = line.lstrip().lower().startswith("on ")
        if starts_on and index + 1 < len(lines) and _WROTE.match(line + " " + lines[index + 1]):
            return index
        if _FROM_HEADER.match(line) and any(
            _HEADER_FOLLOWS.match(following) for following in lines[index + 1 : index + 5]
        ):
            return index
        if _LOTUS_STAMP.search(line) and any(
            re.match(r"^\s*(to|cc):", following, re.I) for following in lines[index + 1 : index + 4]
        ):
            return _lotus_header_start(lines, index)
        if _QUOTED.match(line) and _mostly_quoted(lines[index:]):
            return index
    return None


def _lotus_header_start(lines: list[str], stamp_index: int) -> int:
    """Lotus writes the author's name on the line above the date stamp, or on the same line."""
    if stamp_index > 0 and lines[stamp_index - 1].strip() and "  " not in lines[stamp_index]:
        return stamp_index - 1
    return stamp_index


def _mostly_quoted(rest: list[str]) -> bool:
    content = [line for line in rest if line.strip()]
    quoted = sum(1 for line in content if _QUOTED.match(line))
    return quoted * 2 >= len(content)


def _signature_start(lines: list[str], sender_names: tuple[str, ...]) -> int | None:
    for index, line in enumerate(lines):
        if line[:1] not in _SIGNATURE_STARTS and line.lstrip()[:1] not in ("s", "S", "ſ"):
            continue  # neither a dash line nor "Sent from my"
        if _SIG_DASHES.match(line) or _SENT_FROM.match(line):
            return index
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    start = end
    while start > 0 and lines[start - 1].strip():
        start -= 1
    block = [line.strip() for line in lines[start:end]]
    if not block or len(block) > MAX_SIGNATURE_LINES or any(len(line) > 100 for line in block):
        return None
    names = [name.lower() for name in sender_names if name]
    first_line = block[0].lower()
    names_sender = any(first_line.startswith(name) for name in names)
    if len(block) == 1 and len(block[0]) <= 30 and (names_sender or first_line in names):
        return start
    if names_sender and len(block) > 1:
        return start
    if not names_sender and (len(block) > 5 or not start):
        return None
    has_facts = any(_PHONE.search(line) or _TITLE_WORDS.search(line) for line in block)
    return start if has_facts else None


def split_body(body: str, sender_names: tuple[str, ...] = ()) -> SplitBody:
    """Split a plain-text body; `sender_names` help recognise an unmarked signature."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    quote_at = _quote_start(lines)
    quoted = None
    if quote_at is not None:
        quoted = "\n".join(lines[quote_at:]).strip() or None
        lines = lines[:quote_at]
    signature = None
    signature_at = _signature_start(lines, sender_names)
    if signature_at is not None:
        kept = [line for line in lines[signature_at:] if not _SIG_DASHES.match(line)]
        signature = "\n".join(kept).strip() or None
        lines = lines[:signature_at]
    text = "\n".join(lines).strip()
    return SplitBody(text=text, signature=signature, quoted=quoted)


def _is_department(segment: str) -> bool:
    lowered = segment.strip().lower()
    return lowered in _DEPARTMENTS or bool(_DEPARTMENT_WORDS.search(segment))


def _phone_of(segment: str) -> str | None:
    found = _PHONE.search(_PHONE_LABEL.sub("", segment, count=1))
    if found is None:
        return None
    digits = sum(ch.isdigit() for ch in found.group(1))
    return found.group(1).strip() if 7 <= digits <= 15 else None


_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr|Hon)\.? [A-Z]")


def _reads_as_title(segment: str) -> bool:
    """Short, not a sentence: `Sr. Dir. IT` is a title, `Call my assistant.` is not."""
    words = segment.split()
    if not words or len(segment) > 60 or len(words) > 8 or "@" in segment or '"' in segment:
        return False
    if segment[-1] in "?!:;" or (segment[-1] == "." and len(words[-1]) > 5):
        return False
    if (
        "#" in segment
        or ";" in segment
        or _HONORIFIC.match(segment)
        or (segment.isupper() and len(words) > 2)
    ):
        return False  # `Assistant #`, legal banners in capitals, a correspondent's address
    return segment[0].isupper()


_NAME_LINE = re.compile(r"[A-Z][a-z'\-]+(?: [A-Z]\.?)?(?: [A-Z][a-z'\-]+){1,2}")
_HEADER_LINE = re.compile(r"(?i)^\s*(?:cc|bcc|to|from)\s*:")


def _someone_else(segment: str, sender_words: set[str]) -> bool:
    """A line naming a person who is not the sender (`Ginger Dernehl`, `Billy Lemmons - ...`,
    `Ginger Dernehl, Administrative Coordinator`)."""
    head = re.split(r" - |,", segment)[0].strip()
    if not _NAME_LINE.fullmatch(head) or _TITLE_WORDS.search(head) or _is_department(head):
        return False
    return not ({w.strip(".").lower() for w in head.split()} & sender_words)


def _without_name(segment: str, sender_words: set[str]) -> str:
    """`Michael D. Grigsby, Executive Director` as `Executive Director`; `Vice President ,
    West` as `Vice President, West`: the sender's own name and stray spaces are no title."""
    segment = re.sub(r"\s+,", ",", segment)
    head, comma, tail = segment.partition(",")
    words = [w.strip(".").lower() for w in head.split()]
    named = [w for w in words if len(w) > 1]
    if comma and len(named) >= 2 and set(named) <= sender_words and tail.strip():
        return tail.strip()
    return segment


def signature_facts(signature: str | None, sender_names: tuple[str, ...] = ()) -> SignatureFacts:
    """Title, department and phone read from a signature, when it states them.

    An assistant who sends for an executive signs with their own name and
    title; a circular lists other people's titles after `cc:`. Neither says
    anything about the sender, so a signature that names someone else before
    its title, or that carries header lines, yields no facts.
    """
    if not signature:
        return SignatureFacts()
    names = {name.lower() for name in sender_names if name}
    sender_words = {word.lower() for name in sender_names for word in name.split()}
    lines = signature.splitlines()[:MAX_SIGNATURE_LINES]
    if any(_HEADER_LINE.match(line) for line in lines):
        return SignatureFacts()
    segments: list[str] = []
    for line in lines:
        segments.extend(part.strip() for part in re.split(r"\s+[|•·]\s+|\t+", line))
    segments = [_without_name(s, sender_words) for s in segments]
    segments = [s for s in segments if s and s.lower() not in names]
    phone = next((p for p in map(_phone_of, segments) if p), None)
    title = department = evidence = None
    for index, segment in enumerate(segments):
        if sender_words and _someone_else(segment, sender_words):
            return SignatureFacts()
        if _phone_of(segment) or not _reads_as_title(segment):
            continue
        if not _TITLE_WORDS.search(segment):
            continue
        title, evidence = segment, segment
        following = segments[index + 1] if index + 1 < len(segments) else ""
        if following and _is_department(following):
            department = following
            evidence = f"{segment} | {following}"
        elif "," in segment:
            head, _, tail = segment.rpartition(",")
            if _is_department(tail) and head.strip():
                title, department = head.strip(), tail.strip()
        break
    if department is None:
        department = next(
            (s for s in segments if _is_department(s) and not _TITLE_WORDS.search(s)), None
        )
    return SignatureFacts(title=title, department=department, phone=phone, evidence=evidence)
