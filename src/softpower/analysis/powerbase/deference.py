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


def count_mentions(
    interactions: Iterable[Interaction], people: Sequence[Person]
) -> dict[str, Mentions]:
    """How often each person is named in others' turns, and how often deferentially."""
    forms = _name_patterns(people)
    found: dict[str, Mentions] = defaultdict(Mentions)
    if not forms:
        return found
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    for interaction in interactions:
        for turn in interaction.turns:
            text = turn.text
            if not text:
                continue
            for match in pattern.finditer(text):
                person_id = forms[match.group(1).lower()]
                if person_id == turn.speaker_id:
                    continue
                if _is_vocative(text, match.start(), match.end()):
                    continue  # "Priya, can you ..." addresses her; it is not a mention
                mention = found[person_id]
                mention.count += 1
                deferential = bool(
                    _DEFERENCE_BEFORE.search(text[max(0, match.start() - 30) : match.start()])
                    or _DEFERENCE_AFTER.match(text[match.end() : match.end() + 30])
                )
                if deferential:
                    mention.deferential += 1
                    if len(mention.evidence) < EVIDENCE_PER_PERSON:
                        start = max(0, match.start() - 60)
                        mention.evidence.append(
                            Evidence(
                                interaction.id,
                                "named deferentially by a colleague",
                                turn.seq,
                                text[start : match.end() + 60].strip(),
                            )
                        )
    return dict(found)
