"""Split a turn's text into sentences that keep their character span.

Every detection cites the sentence it came from and where that sentence sits
in the turn, so the splitter must return spans into the original text rather
than cleaned copies. A small scanner is enough for conversational English:
a sentence ends at `.`, `!`, `?` or `…` followed by white space, or at a line
break; a few common abbreviations and decimal numbers do not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "inc",
        "ltd",
        "co",
        "corp",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "approx",
        "no",
        "st",
        "jr",
        "sr",
    }
)
_BOUNDARY = re.compile(r"[.!?…]+[\"')\]]*(?=\s)|\n+")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """A sentence and its [start, end) character offsets in the text it came from."""

    text: str
    start: int
    end: int


# the word before a dot is looked for in this many characters: searching from the text's start
# tried every position before each dot (quadratic in a long e-mail); a word that fills the
# window is longer than any abbreviation, so its cut form is not one either
_WORD_WINDOW = 16


def _is_abbreviation(text: str, dot_at: int) -> bool:
    match = _WORD_BEFORE.search(text, max(0, dot_at - _WORD_WINDOW), dot_at)
    if match is None:
        return False
    word = match.group(1).lower().rstrip(".")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[SentenceSpan]:
    """Sentences of `text`, stripped of surrounding white space, with their spans."""
    spans: list[SentenceSpan] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        mark = boundary.group(0)
        if (
            mark.startswith(".")
            and len(mark.rstrip("\"')]")) == 1
            and _is_abbreviation(text, boundary.start())
        ):
            continue
        end = boundary.end() if not mark.startswith("\n") else boundary.start()
        _append(spans, text, start, end)
        start = boundary.end()
    _append(spans, text, start, len(text))
    return spans


def _append(spans: list[SentenceSpan], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(SentenceSpan(text[start:end], start, end))
