"""Deference in others' words: "let's see what Priya's model says", "check with Gary first".

When colleagues name someone as the one to ask, wait for or follow, that
person has say whatever their title. Each stakeholder is found by full name,
or by first name when no other stakeholder shares it; a mention counts
double when a deference phrase surrounds it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from softpower.analysis.powerbase.results import Evidence
from softpower.domain import Interaction, Person

EVIDENCE_PER_PERSON = 5
_DEFERENCE_BEFORE = re.compile(
    r"(?:check(?:ed)? with|run (?:it|this|that) by|ask|asked|wait for|waiting for|"
    r"depends on|up to|per|defer to|according to|what does|what did|let's see what|"
    r"see what|trust|loop in|get|need|needs)\s+$",
    re.IGNORECASE,
)
_DEFERENCE_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:numbers?|model|view|call|sign[- ]off|approval|analysis|recommendation|"
    r"take|opinion|says|said|thinks|wants|decides|decided|recommends|will decide|has to)\b",
    re.IGNORECASE,
)


_GREETING = re.compile(
    r"(?:^|\n|[.!?])\s*(?:(?:hi|hello|dear|thanks|thank you|hey|morning)\s+)?$", re.I
)


def _is_vocative(text: str, start: int, end: int) -> bool:
    follows = text[end : end + 2]
    addressed = follows[:1] in (",", ":") or follows.strip() in ("-", "–")
    return addressed and _GREETING.search(text[max(0, start - 40) : start]) is not None


@dataclass(slots=True)
class Mentions:
    count: int = 0
    deferential: int = 0
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def weighted(self) -> float:
        return self.count + self.deferential


def _name_patterns(people: Sequence[Person]) -> dict[str, str]:
    """Lower-case name form -> person id, leaving out first names several people share."""
    first_names: dict[str, set[str]] = defaultdict(set)
    forms: dict[str, str] = {}
    for person in people:
        words = person.name.split()
        if len(words) >= 2:
            forms[person.name.lower()] = person.id
            if len(words[0]) >= 3:
                first_names[words[0].lower()].add(person.id)
    for first, owners in first_names.items():
        if len(owners) == 1 and first not in forms:
            forms[first] = next(iter(owners))
    return forms


_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?")


_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


def _words(text: str) -> list[tuple[str, int, int]]:
    """Lower-case words with their places; `Priya's` is the word `priya`."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group().rstrip(".")
        possessive = _POSSESSIVE.search(word)
        if possessive:
            word = word[: possessive.start()]
        found.append((word.lower(), match.start(), match.start() + len(word)))
    return found


def _matches(
    text: str, forms: dict[tuple[str, ...], str], longest: int
) -> Iterable[tuple[str, int, int]]:
    """(person id, start, end) of each name form in the text, longest form first.

    A dictionary walk over the words: one regular expression with thousands of
    alternatives (a large mailbox names thousands of people) is far slower.
    """
    words = _words(text)
    index = 0
    while index < len(words):
        for size in range(min(longest, len(words) - index), 0, -1):
            span = words[index : index + size]
            if any(text[a[2] : b[1]].strip() for a, b in pairwise(span)):
                continue  # the words of a name sit next to each other
            person_id = forms.get(tuple(w for w, _, _ in span))
            if person_id is not None:
                yield person_id, span[0][1], span[-1][2]
                index += size
                break
        else:
            index += 1


def _around(text: str, start: int, end: int, reach: int = 60) -> str:
    """The mention with some words either side, cut at word boundaries."""
    left = text.rfind(" ", 0, max(0, start - reach)) + 1 if start > reach else 0
    right = text.find(" ", end + reach)
    right = len(text) if right == -1 else right
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def count_mentions(
    interactions: Iterable[Interaction], people: Sequence[Person]
) -> dict[str, Mentions]:
    """How often each person is named in others' turns, and how often deferentially."""
    forms = {
        tuple(w for w, _, _ in _words(form)): pid for form, pid in _name_patterns(people).items()
    }
    forms.pop((), None)
    found: dict[str, Mentions] = defaultdict(Mentions)
    if not forms:
        return found
    longest = max(map(len, forms))
    for interaction in interactions:
        for turn in interaction.turns:
            text = turn.text
            if not text:
                continue
            for person_id, start, end in _matches(text, forms, longest):
                if person_id == turn.speaker_id:
                    continue
                if _is_vocative(text, start, end):
                    continue  # "Priya, can you ..." addresses her; it is not a mention
                mention = found[person_id]
                mention.count += 1
                deferential = bool(
                    _DEFERENCE_BEFORE.search(text[max(0, start - 30) : start])
                    or _DEFERENCE_AFTER.match(text[end : end + 30])
                )
                if deferential:
                    mention.deferential += 1
                    if len(mention.evidence) < EVIDENCE_PER_PERSON:
                        mention.evidence.append(
                            Evidence(
                                interaction.id,
                                "named deferentially by a colleague",
                                turn.seq,
                                _around(text, start, end),
                            )
                        )
    return dict(found)
