"""Split a turn's text into sentences that keep their character span.

Every detection cites the sentence it came from and where that sentence sits
in the turn, so the splitter must return spans into the original text rather
than cleaned copies. A small scanner is enough for conversational English:
a sentence ends at `.`, `!`, `?` or `…` followed by white space, or at a line
break; a few common abbreviations, decimal numbers and a list item's number
("1. " opening a line) do not end a sentence, and a list marker ("- ", "• ")
is not part of the sentence.
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
# "1. " opening a line numbers a list item: its dot ends no sentence
_LIST_NUMBER_DOT = re.compile(r"^[ \t]*\d{1,2}(\.)(?=[ \t])", re.MULTILINE)
# a list item's marker is not part of what was said: "- ", "* ", "• ", "1. ", "2) "
_LIST_MARKER = re.compile(r"(?:[-*•‣◦]|\d{1,2}[.)])[ \t]+")


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


def _single_dot(mark: str) -> bool:
    """A lone full stop (maybe before a closing quote), the only mark that may not end a sentence."""
    return mark.startswith(".") and len(mark.rstrip("\"')]")) == 1


def split_sentences(text: str) -> list[SentenceSpan]:
    """Sentences of `text`, stripped of surrounding white space and list markers, with their spans.

    A stripped marker moves the span's start past it, so `text[start:end]` is
    still the sentence and a quoted sentence is always found in its turn.
    """
    spans: list[SentenceSpan] = []
    start = 0
    list_numbers = {match.start(1) for match in _LIST_NUMBER_DOT.finditer(text)}
    for boundary in _BOUNDARY.finditer(text):
        mark = boundary.group(0)
        if _single_dot(mark) and (
            boundary.start() in list_numbers or _is_abbreviation(text, boundary.start())
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
    marker = _LIST_MARKER.match(text, start, end)
    if marker is not None:
        start = marker.end()
    if end > start:
        spans.append(SentenceSpan(text[start:end], start, end))
