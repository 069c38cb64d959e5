"""Formal rank from job titles: a level (C-suite ... individual contributor) and a function.

Titles arrive as people write them: "Sr. VP, Fin.", "Dir., FP&A", "Procurement
Mgr", "CFO", "Managing Director - Trading". The title is first spelled out
(abbreviations expanded, punctuation dropped), then matched against level
patterns from the most senior down, so "Vice President" is not read as
"President" and "Assistant to the CEO" is not read as a chief. Every parse
keeps the words that decided it, so the power base can say why it ranked
someone where it did.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from softpower.domain import CRM_SOURCE, Person, TitleObservation


class Level(enum.IntEnum):
    """Formal seniority, higher is more senior; UNKNOWN when no title says."""

    UNKNOWN = 0
    INDIVIDUAL_CONTRIBUTOR = 1
    MANAGER = 2
    DIRECTOR = 3
    VP = 4
    C_SUITE = 5

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Level.UNKNOWN: "unknown",
    Level.INDIVIDUAL_CONTRIBUTOR: "individual contributor",
    Level.MANAGER: "manager",
    Level.DIRECTOR: "director",
    Level.VP: "SVP/VP",
    Level.C_SUITE: "C-suite",
}

# Abbreviations spelled out, matched on whole words of the lower-cased title.
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"sr", "senior"),
    (r"snr", "senior"),
    (r"jr", "junior"),
    (r"exec", "executive"),
    (r"asst", "assistant"),
    (r"assoc", "associate"),
    (r"svp", "senior vice president"),
    (r"evp", "executive vice president"),
    (r"avp", "assistant vice president"),
    (r"vp", "vice president"),
    (r"v ?p", "vice president"),
    (r"md", "managing director"),
    (r"gm", "general manager"),
    (r"dir", "director"),
    (r"mgr", "manager"),
    (r"mngr", "manager"),
    (r"mgmt", "management"),
    (r"fin", "finance"),
    (r"acct", "accounting"),
    (r"ops", "operations"),
    (r"proc", "procurement"),
    (r"eng", "engineering"),
    (r"engr", "engineer"),
    (r"admin", "administrative"),
    (r"hr", "human resources"),
    (r"it", "information technology"),
    (r"is", "information systems"),
    (r"infosec", "information security"),
    (r"dept", "department"),
    (r"intl", "international"),
    (r"mktg", "marketing"),
    (r"coord", "coordinator"),
    (r"spec", "specialist"),
    (r"rep", "representative"),
    (r"supv", "supervisor"),
)
_ABBREVIATION_RE = [(re.compile(rf"\b{short}\b\.?"), long) for short, long in _ABBREVIATIONS]

_CHIEF_OFFICERS = r"c[a-z]?[a-z]o"  # CEO, CFO, CIO, COO, CTO, CISO, CMO, CPO, CRO, CHRO ...
_NOT_A_CHIEF = re.compile(r"\b(?:assistant|asst|aide|secretary|to the|office of the|staff)\b")

# (level, pattern) from the most senior down; the first match decides.
_LEVEL_PATTERNS: tuple[tuple[Level, re.Pattern[str]], ...] = (
    (
        Level.C_SUITE,
        re.compile(
            r"\b(?:chief \w+(?: \w+)? officer|chief executive|chairman|chairwoman|chair of the board|"
            r"(?<!vice )president|founder|general counsel|" + _CHIEF_OFFICERS + r")\b"
        ),
    ),
    (
        Level.VP,
        re.compile(
            r"\b(?:vice president|managing director|executive director|general manager|"
            r"head of (?:global|group|corporate)|divisional director|country manager|"
            r"senior director of)\b"
        ),
    ),
    (
        Level.DIRECTOR,
        re.compile(
            r"\b(?:director|head of|head|controller|comptroller|treasurer|"
            r"department lead|chief of staff|deputy general counsel)\b"
        ),
    ),
    (
        Level.MANAGER,
        re.compile(
            r"\b(?:manager|management|team lead|team leader|lead|superintendent|foreman|"
            r"supervising|section head)\b"
        ),
    ),
    (
        Level.INDIVIDUAL_CONTRIBUTOR,
        re.compile(
            r"\b(?:analyst|specialist|engineer|architect|developer|associate|assistant|"
            r"coordinator|planner|clerk|accountant|buyer|trader|scheduler|representative|"
            r"consultant|advisor|adviser|administrator|officer|agent|technician|designer|"
            r"employee|staff|intern|supervisor|counsel|lawyer|attorney|paralegal|"
            r"scientist|economist|operator|driver|secretary|receptionist)\b"
        ),
    ),
)

# Words that lower a senior word by one level ("Assistant Vice President",
# "Associate Director", "Deputy Manager").
_DEMOTERS = re.compile(r"\b(?:assistant|associate|deputy|junior)\b")
_FUNCTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "finance",
        re.compile(
            r"\b(?:cfo|chief financial|finance|financial|fp ?& ?a|fp and a|controller|comptroller|accounting|"
            r"accountant|accounts payable|accounts receivable|ap|ar|treasury|treasurer|tax|audit|"
            r"credit|risk|budget)\b"
        ),
    ),
    (
        "IT",
        re.compile(
            r"\b(?:cio|cto|ciso|chief information|chief technology|chief digital|information technology|information systems|information security|"
            r"infrastructure|security|architect|architecture|software|data|digital|network|"
            r"systems|applications|developer|engineering)\b"
        ),
    ),
    (
        "operations",
        re.compile(
            r"\b(?:coo|chief operating|operations|operating|distribution|logistics|supply chain|transportation|"
            r"warehouse|dc|shift|fleet|plant|production|manufacturing|dock|planner|facilities)\b"
        ),
    ),
    (
        "procurement",
        re.compile(r"\b(?:procurement|purchasing|sourcing|buyer|vendor management|contracts)\b"),
    ),
    ("legal", re.compile(r"\b(?:legal|counsel|lawyer|attorney|paralegal|compliance)\b")),
    ("trading", re.compile(r"\b(?:trader|trading|desk|origination|structuring)\b")),
    ("regulatory", re.compile(r"\b(?:regulatory|government affairs|public policy)\b")),
    ("sales", re.compile(r"\b(?:sales|account executive|business development|cro)\b")),
    ("marketing", re.compile(r"\b(?:marketing|brand|communications|cmo|pr)\b")),
    ("human resources", re.compile(r"\b(?:human resources|people|talent|recruiting|chro)\b")),
    (
        "executive",
        re.compile(
            r"\b(?:ceo|chief executive|(?<!vice )president|chairman|chairwoman|founder|owner)\b"
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class FormalRank:
    """A person's formal seniority and function, with the title and words behind them."""

    level: Level
    function: str | None
    title: str | None
    source: str | None  # where the title was seen: crm, signature, calendar ...
    cue: str | None  # the words of the title that decided the level
    observed_at: datetime | None = None

    @property
    def score(self) -> float:
        """The level on 0..1 (individual contributor 0.2 ... C-suite 1.0; unknown 0)."""
        return self.level.value / Level.C_SUITE.value


UNKNOWN_RANK = FormalRank(Level.UNKNOWN, None, None, None, None)


def spell_out(title: str) -> str:
    """The title lower-cased, abbreviations expanded, punctuation reduced to spaces."""
    text = title.lower().replace("&", " & ")
    text = re.sub(r"[/,;:()\-–—|]+", " ", text)
    for pattern, long in _ABBREVIATION_RE:
        text = pattern.sub(long, text)
    text = re.sub(r"(?<!\w)\.|\.(?!\w)", " ", text)
    return " ".join(text.split())


def parse_title(title: str, source: str | None = None) -> FormalRank:
    """The level and function a title states; UNKNOWN level when no pattern recognises it."""
    text = spell_out(title)
    if not text:
        return UNKNOWN_RANK
    level, cue = Level.UNKNOWN, None
    for candidate, pattern in _LEVEL_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        if candidate == Level.C_SUITE and _NOT_A_CHIEF.search(text[: match.start()]):
            continue  # "Assistant to the CEO", "Office of the Chairman"
        level, cue = candidate, match.group(0)
        before = text[: match.start()]
        if candidate >= Level.MANAGER and _DEMOTERS.search(before.split(" ")[-2] if before else ""):
            level = Level(candidate - 1)
        break
    function = next((name for name, pattern in _FUNCTION_PATTERNS if pattern.search(text)), None)
    return FormalRank(level, function, title, source, cue)


_SOURCE_TRUST = {CRM_SOURCE: 3, "signature": 2, "calendar": 1}


def formal_rank(person: Person) -> FormalRank:
    """The best-supported formal rank of a person from all their title observations.

    The most recent observation wins; among observations of the same date a
    CRM title beats a signature, which beats a calendar. `Person.title` is used
    when no observation was recorded.
    """
    observations: list[TitleObservation] = list(person.titles)
    if person.title and not any(o.title == person.title for o in observations):
        observations.append(TitleObservation(person.title, CRM_SOURCE))
    parsed = [
        (o, parse_title(o.title, o.source)) for o in observations if o.title and o.title.strip()
    ]
    known = [(o, rank) for o, rank in parsed if rank.level != Level.UNKNOWN] or parsed
    if not known:
        return UNKNOWN_RANK
    observation, rank = max(known, key=lambda item: _recency_key(item[0]))
    function = rank.function or next((r.function for _, r in parsed if r.function), None)
    return FormalRank(
        rank.level, function, rank.title, rank.source, rank.cue, observation.observed_at
    )


def _recency_key(observation: TitleObservation) -> tuple[float, int]:
    stamp = observation.observed_at.timestamp() if observation.observed_at else float("-inf")
    return stamp, _SOURCE_TRUST.get(observation.source, 0)


def department_of(person: Person, rank: FormalRank) -> str | None:
    """The person's department as stated, else the function read from the title."""
    if person.department and person.department.strip():
        return person.department.strip()
    if rank.function and rank.function != "executive":
        return rank.function.capitalize() if rank.function != "IT" else "IT"
    return None


def levels_of(people: Sequence[Person]) -> dict[str, FormalRank]:
    return {person.id: formal_rank(person) for person in people}
