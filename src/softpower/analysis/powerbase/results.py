"""Result objects of the power base: every figure with its drivers, every driver with evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from softpower.analysis.powerbase.titles import FormalRank, Level


@dataclass(frozen=True, slots=True)
class Evidence:
    """A record that supports a finding: the interaction, optionally the turn and the words."""

    interaction_id: str
    note: str
    turn_seq: int | None = None
    text: str | None = None

    def cited(self) -> str:
        """The words when there are some, else what the record shows; then where it is."""
        said = " ".join((self.text or "").split())
        shown = f"“{said[:100]}{'…' if len(said) > 100 else ''}”" if said else self.note
        return f"{shown} [{self.interaction_id}]"


@dataclass(frozen=True, slots=True)
class InfluenceDriver:
    """One behavioural signal: its raw value, its percentile among the people, its weight."""

    name: str
    value: float
    percentile: float  # 0..1 among everyone analysed
    weight: float
    contribution: float  # weight x percentile / sum of weights
    explanation: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Influence:
    """Informal influence on 0..1; `score` is exactly the sum of the drivers' contributions."""

    score: float
    percentile: float  # rank of `score` among everyone analysed, 0..1
    drivers: tuple[InfluenceDriver, ...]

    def driver(self, name: str) -> InfluenceDriver:
        return next(d for d in self.drivers if d.name == name)

    def top_drivers(self, count: int = 3) -> tuple[InfluenceDriver, ...]:
        return tuple(sorted(self.drivers, key=lambda d: -d.contribution)[:count])


@dataclass(frozen=True, slots=True)
class Stance:
    """Supporter, neutral or opponent of our initiative, from the person's own words."""

    label: str  # supporter | neutral | opponent | unknown
    score: float  # -1 (against) .. +1 (for)
    support: tuple[Evidence, ...] = ()
    opposition: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Engagement:
    """How we have engaged a person: interactions with someone of ours, the last one, who."""

    interactions: int
    meetings: int
    last_at: datetime | None
    days_since: float | None
    sellers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Stakeholder:
    """One person of the customer's side in the power base."""

    person_id: str
    name: str
    department: str | None
    formal: FormalRank
    influence: Influence
    power: float  # formal rank and influence combined, 0..1
    estimated_level: Level  # the formal level, or the level influence suggests when no title
    is_fox: bool
    fox_evidence: tuple[str, ...]
    stance: Stance
    engagement: Engagement
    reports_to_id: str | None
    could_starve_change: bool = False
    starve_reasons: tuple[str, ...] = ()
    fox_gap: float = 0.0  # influence percentile minus formal-rank percentile, for a Fox


@dataclass(frozen=True, slots=True)
class Dominance:
    """Who of two people holds more power, how sure we are, and why."""

    stronger_id: str
    weaker_id: str
    confidence: float  # 0.5 (a coin toss) .. 1.0
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DepartmentConsensus:
    department: str
    supporters: tuple[str, ...]
    neutrals: tuple[str, ...]
    opponents: tuple[str, ...]
    unknown: tuple[str, ...]
    weighted_stance: float  # power-weighted mean stance, -1..1
    verdict: str  # for | split | against | unknown

    @property
    def size(self) -> int:
        return len(self.supporters) + len(self.neutrals) + len(self.opponents) + len(self.unknown)


@dataclass(frozen=True, slots=True)
class EngageNext:
    person_id: str
    name: str
    priority: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Edge:
    """Directed communication between two people, summarised."""

    source: str
    target: str
    messages: int
    cc: int
    forwards: int
    meetings: int
    replies: int
    median_reply_s: float | None


@dataclass(frozen=True, slots=True)
class Coverage:
    """Multi-threading: which power centres we engaged and how recently."""

    power_centres: tuple[str, ...]
    engaged_centres: tuple[str, ...]
    stale_centres: tuple[str, ...]  # engaged, but not within the recency window
    never_engaged_centres: tuple[str, ...]
    people_engaged_recently: int
    departments_engaged: tuple[str, ...]
    departments_not_engaged: tuple[str, ...]
    as_of: datetime | None
    recency_days: int


@dataclass(slots=True)
class PowerBase:
    """The customer's power base: who decides, who influences, who stands where, whom to engage."""

    account_id: str | None
    stakeholders: dict[str, Stakeholder]
    edges: tuple[Edge, ...]
    departments: tuple[DepartmentConsensus, ...]
    coverage: Coverage
    engage_next: tuple[EngageNext, ...]
    interactions_used: int
    outsiders: dict[str, str] = field(default_factory=dict)  # our people in the graph: id -> name

    @property
    def foxes(self) -> list[Stakeholder]:
        """The Foxes, the widest gap between influence and title first."""
        return sorted((s for s in self.ranked() if s.is_fox), key=lambda s: -s.fox_gap)

    @property
    def effort_starvers(self) -> list[Stakeholder]:
        return [s for s in self.ranked() if s.could_starve_change]

    @property
    def reporting_lines(self) -> dict[str, str]:
        return {
            s.person_id: s.reports_to_id
            for s in self.stakeholders.values()
            if s.reports_to_id is not None
        }

    def ranked(self) -> list[Stakeholder]:
        """Stakeholders, most powerful first."""
        return sorted(self.stakeholders.values(), key=lambda s: (-s.power, s.name))

    def dominance(self, first_id: str, second_id: str) -> Dominance:
        from softpower.analysis.powerbase.dominance import dominance

        return dominance(self, first_id, second_id)
