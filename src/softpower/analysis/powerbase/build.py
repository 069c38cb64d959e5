"""Build the power base of one account from its people and interactions.

`build_power_base` is the engine's entry point: people (with their title
observations and stated reporting lines), every interaction that involves
them, and optionally the conversation engine's analyses go in; a
`PowerBase` comes out. It reads no files and touches no database.

The steps: formal rank from titles; behavioural traces and the
communication graph; influence from the traces; power = formal rank and
influence combined; the Fox = influence far above formal rank; stance from
the stakeholders' own words; consensus by department; who could starve
the change of effort; coverage and whom to engage next.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import datetime

from softpower.analysis.conversation import ConversationAnalysis
from softpower.analysis.powerbase.behaviour import Traces, as_utc, collect_traces, median
from softpower.analysis.powerbase.coordination import coordination_towards
from softpower.analysis.powerbase.coverage import coverage, engage_next, engagements
from softpower.analysis.powerbase.deference import count_mentions
from softpower.analysis.powerbase.influence import (
    DEFAULT_WEIGHTS,
    centralities,
    communication_graph,
    influence_scores,
    percentiles,
    person_signals,
)
from softpower.analysis.powerbase.results import (
    DepartmentConsensus,
    Edge,
    Influence,
    PowerBase,
    Stakeholder,
    Stance,
)
from softpower.analysis.powerbase.stance import stances
from softpower.analysis.powerbase.titles import FormalRank, Level, department_of, formal_rank
from softpower.domain import Interaction, Person

EXECUTION_FUNCTIONS = frozenset({"operations", "IT"})


@dataclass(frozen=True, slots=True)
class PowerBaseSettings:
    """The engine's fixed parameters (set in advance, not fitted to an evaluation set)."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    formal_share: float = 0.5  # weight of formal rank in power when a title is known
    fox_gap: float = 0.4  # influence percentile minus formal percentile
    fox_min_influence: float = 0.8  # influence percentile a Fox must reach at least
    recency_days: int = 60
    analyse_stance: bool = True


def estimated_level(formal: FormalRank, influence_percentile: float) -> Level:
    """The formal level when a title states it, else the level influence suggests."""
    if formal.level != Level.UNKNOWN:
        return formal.level
    for threshold, level in (
        (0.95, Level.C_SUITE),
        (0.8, Level.VP),
        (0.6, Level.DIRECTOR),
        (0.35, Level.MANAGER),
    ):
        if influence_percentile >= threshold:
            return level
    return Level.INDIVIDUAL_CONTRIBUTOR


def _canonical_order(
    people: Sequence[Person], interactions: Sequence[Interaction]
) -> tuple[list[Person], list[Interaction]]:
    """The inputs in one order whatever the store gave them in.

    Ties (two quotes as strong, two equal sums added in another order) are
    settled by input order, so without this PostgreSQL and SQLite showed
    different evidence, and ranks a thousandth apart swapped.
    """

    def when(interaction: Interaction) -> float:
        moment = as_utc(interaction.started_at)
        return moment.timestamp() if moment is not None else float("-inf")

    ordered = [
        replace(
            interaction,
            participants=sorted(
                interaction.participants, key=lambda p: (p.person_id, p.role.value, p.address or "")
            ),
            turns=sorted(interaction.turns, key=lambda t: t.seq),
        )
        for interaction in sorted(interactions, key=lambda i: (when(i), i.id))
    ]
    return sorted(people, key=lambda p: p.id), ordered


def build_power_base(
    people: Sequence[Person],
    interactions: Sequence[Interaction],
    *,
    internal_ids: Set[str] = frozenset(),
    account_id: str | None = None,
    analyses: Iterable[ConversationAnalysis] | None = None,
    as_of: datetime | None = None,
    settings: PowerBaseSettings | None = None,
) -> PowerBase:
    """The power base of the customer's people among `people` (those not in `internal_ids`).

    `interactions` should hold every interaction involving them (a second
    pass over them is needed, so pass a sequence, not an iterator). `as_of`
    defaults to the latest interaction, which keeps the result reproducible.
    """
    settings = settings or PowerBaseSettings()
    people, interactions = _canonical_order(people, interactions)
    internal = set(internal_ids) | {p.id for p in people if p.is_internal}
    customers = [p for p in people if p.id not in internal]
    customer_ids = {p.id for p in customers}
    traces = collect_traces(interactions)
    reference = as_of or traces.latest
    graph = communication_graph(traces)
    pagerank, betweenness = centralities(graph)
    mentions = count_mentions(interactions, customers)
    coordination = coordination_towards(traces.reply_pairs)
    signals = {
        p.id: person_signals(p.id, traces, pagerank, betweenness, mentions, coordination)
        for p in customers
    }
    influence = influence_scores(signals, settings.weights)
    formal = {p.id: formal_rank(p) for p in customers}
    formal_percentile = percentiles(
        {
            pid: float(rank.level) if rank.level != Level.UNKNOWN else None
            for pid, rank in formal.items()
        }
    )
    stance_of = (
        stances(interactions, customer_ids, analyses)
        if settings.analyse_stance
        else {pid: Stance("unknown", 0.0) for pid in customer_ids}
    )
    engaged = engagements(interactions, customer_ids, internal, reference)
    stakeholders: dict[str, Stakeholder] = {}
    for person in customers:
        rank = formal[person.id]
        score = influence[person.id]
        power = _power(rank, score, formal_percentile.get(person.id), settings)
        fox, fox_evidence = _fox(rank, score, formal_percentile.get(person.id), settings)
        stakeholders[person.id] = Stakeholder(
            person_id=person.id,
            name=person.name,
            department=department_of(person, rank),
            formal=rank,
            influence=score,
            power=power,
            estimated_level=estimated_level(rank, score.percentile),
            is_fox=fox,
            fox_evidence=fox_evidence,
            stance=stance_of[person.id],
            engagement=engaged[person.id],
            reports_to_id=person.reports_to_id,
            fox_gap=round(score.percentile - formal_percentile.get(person.id, 1.0), 4)
            if fox
            else 0.0,
        )
    _mark_effort_starvers(stakeholders)
    departments = _consensus(stakeholders)
    outsiders = {p.id: p.name for p in people if p.id in internal}
    return PowerBase(
        account_id=account_id,
        stakeholders=stakeholders,
        edges=_edges(traces, customer_ids | set(outsiders)),
        departments=departments,
        coverage=coverage(stakeholders, reference, settings.recency_days),
        engage_next=tuple(engage_next(stakeholders, settings.recency_days)),
        interactions_used=traces.interactions,
        outsiders=outsiders,
    )


def _power(
    rank: FormalRank,
    influence: Influence,
    formal_percentile: float | None,
    settings: PowerBaseSettings,
) -> float:
    if rank.level == Level.UNKNOWN or formal_percentile is None:
        return round(influence.percentile, 4)
    share = settings.formal_share
    return round(share * rank.score + (1 - share) * influence.percentile, 4)


def _fox(
    rank: FormalRank,
    influence: Influence,
    formal_percentile: float | None,
    settings: PowerBaseSettings,
) -> tuple[bool, tuple[str, ...]]:
    if rank.level == Level.UNKNOWN or rank.level > Level.DIRECTOR or formal_percentile is None:
        return False, ()
    gap = influence.percentile - formal_percentile
    if gap < settings.fox_gap or influence.percentile < settings.fox_min_influence:
        return False, ()
    evidence = [
        f"influence in the top {max(1, round((1 - influence.percentile) * 100))}% of "
        f"stakeholders while the title "
        f"{rank.title!r} ({rank.level.label}) ranks above only {formal_percentile:.0%}"
    ]
    strong = [d for d in influence.top_drivers(len(influence.drivers)) if d.percentile >= 0.75]
    for driver in strong[:8]:
        if driver.percentile >= 0.75:
            notes = "; ".join(e.cited() for e in driver.evidence[:2])
            evidence.append(driver.explanation + (f" — {notes}" if notes else ""))
    return True, tuple(evidence)


def _mark_effort_starvers(stakeholders: dict[str, Stakeholder]) -> None:
    """Low formal rank, a hand in execution, and resistance: they can let a change die quietly."""
    for person_id, s in list(stakeholders.items()):
        low_rank = s.estimated_level <= Level.MANAGER
        executes = (s.formal.function in EXECUTION_FUNCTIONS) or (
            (s.department or "").lower() in {"operations", "it"}
        )
        resists = s.stance.label == "opponent"
        if low_rank and executes and resists:
            reasons = [
                f"{s.formal.title or s.estimated_level.label} in {s.department or s.formal.function}: "
                "carries out the change",
                f"stance: opponent ({len(s.stance.opposition)} sentences against)",
            ]
            reasons += [
                f"\u201c{e.text}\u201d [{e.interaction_id}]" for e in s.stance.opposition[:2]
            ]
            stakeholders[person_id] = _replace(s, True, tuple(reasons))


def _replace(s: Stakeholder, starve: bool, reasons: tuple[str, ...]) -> Stakeholder:
    from dataclasses import replace

    return replace(s, could_starve_change=starve, starve_reasons=reasons)


def _consensus(stakeholders: Mapping[str, Stakeholder]) -> tuple[DepartmentConsensus, ...]:
    groups: dict[str, list[Stakeholder]] = defaultdict(list)
    for s in stakeholders.values():
        groups[s.department or "(unknown)"].append(s)
    result = []
    for department, members in sorted(groups.items()):
        members.sort(key=lambda s: -s.power)
        by_label: dict[str, list[str]] = defaultdict(list)
        for s in members:
            by_label[s.stance.label].append(s.person_id)
        known = [s for s in members if s.stance.label != "unknown"]
        weight = sum(s.power for s in known)
        lean = sum(s.power * _lean(s.stance) for s in known) / weight if weight > 0 else 0.0
        if not known:
            verdict = "unknown"
        elif by_label["supporter"] and by_label["opponent"]:
            verdict = "split"
        elif lean >= 0.25:
            verdict = "for"
        elif lean <= -0.25:
            verdict = "against"
        else:
            verdict = "undecided"
        result.append(
            DepartmentConsensus(
                department,
                tuple(by_label["supporter"]),
                tuple(by_label["neutral"]),
                tuple(by_label["opponent"]),
                tuple(by_label["unknown"]),
                round(lean, 3),
                verdict,
            )
        )
    return tuple(result)


def _lean(stance: Stance) -> float:
    """A labelled stance counts fully; a neutral one by how it leans."""
    return {"supporter": 1.0, "opponent": -1.0}.get(stance.label, stance.score / 2)


def _edges(traces: Traces, keep: Set[str]) -> tuple[Edge, ...]:
    edges = []
    for (source, target), dyad in sorted(traces.dyads.items()):
        if source in keep and target in keep:
            edges.append(
                Edge(
                    source,
                    target,
                    dyad.messages,
                    dyad.cc,
                    dyad.forwards,
                    dyad.meetings,
                    len(dyad.reply_delays_s),
                    median(dyad.reply_delays_s),
                )
            )
    return tuple(edges)
