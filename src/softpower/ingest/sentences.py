"""Splitting prose into sentences, so a document can be cited one sentence at a time.

A small rule-based splitter: a sentence ends at `.`, `!` or `?` (closing
quotes and brackets included) followed by white space and a capital, digit
or opening quote, unless the word before the full stop is a common
abbreviation (`Mr.`, `e.g.`, `Inc.`) or a single initial (`J. Smith`).
It is deterministic and fast, which matters more here than the last percent
of accuracy: a citation needs a stable, readable span, not linguistics.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "nos",
        "fig",
        "figs",
        "approx",
        "dept",
        "est",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "mt",
        "ft",
        "al",
        "cf",
        "ed",
        "eds",
        "vol",
        "p",
        "pp",
    ]
)

_BOUNDARY = re.compile(r"""([.!?]+["'”’)\]]*)\s+(?=["'“‘(\[]?[A-Z0-9À-Ý])""")
MAX_SENTENCE_CHARS = 2000


def _ends_with_abbreviation(text: str) -> bool:
    word = text.rsplit(None, 1)[-1].rstrip(".").lstrip("(\"'“‘").lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> list[str]:
    """The sentences of one paragraph, whitespace collapsed; over-long ones cut in pieces."""
    text = " ".join(text.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end(1)
        candidate = text[start:end]
        if match.group(1).startswith(".") and _ends_with_abbreviation(candidate):
            continue
        sentences.append(candidate)
        start = match.end()
    sentences.append(text[start:])
    pieces: list[str] = []
    for sentence in sentences:
        sentence = sentence.strip()
        while len(sentence) > MAX_SENTENCE_CHARS:
            cut = sentence.rfind(" ", 0, MAX_SENTENCE_CHARS)
            cut = cut if cut > 0 else MAX_SENTENCE_CHARS
            pieces.append(sentence[:cut])
            sentence = sentence[cut:].strip()
        if sentence:
            pieces.append(sentence)
    return pieces
