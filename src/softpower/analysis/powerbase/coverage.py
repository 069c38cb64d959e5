"""Coverage and next moves: which power centres we have engaged, how recently, and whom to see next.

A power centre is someone a decision cannot pass: the most powerful people,
the top person of each department, and every Fox. We have engaged someone
when they and one of ours were in the same interaction, or when the CRM
logs an activity with them (our CRM: one of ours logged it). The "engage next"
list ranks stakeholders by power times how much they need our attention,
and names the reason: the Fox has not met us, an opponent with say has not
been heard, the only supporters sit below the decision level, a department
has no supporter, someone could starve the change of effort.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Set
from datetime import datetime

from softpower.analysis.powerbase.behaviour import as_utc
from softpower.analysis.powerbase.results import Coverage, Engagement, EngageNext, Stakeholder
from softpower.analysis.powerbase.titles import Level
from softpower.domain import CRM_SOURCE, Interaction, InteractionKind

DECISION_LEVEL = Level.DIRECTOR
TOP_CENTRES = 5


def engagements(
    interactions: Iterable[Interaction],
    stakeholder_ids: Set[str],
    internal_ids: Set[str],
    as_of: datetime | None,
) -> dict[str, Engagement]:
    """For every stakeholder: interactions shared with one of ours, the latest, and with whom."""
    counts: dict[str, int] = defaultdict(int)
    meetings: dict[str, int] = defaultdict(int)
    last: dict[str, datetime] = {}
    sellers: dict[str, set[str]] = defaultdict(set)
    for interaction in interactions:
        present = {p.person_id for p in interaction.participants}
        present.update(t.speaker_id for t in interaction.turns if t.speaker_id)
        ours = present & internal_ids
        if not ours and interaction.source != CRM_SOURCE:  # logged by one of ours
            continue
        moment = as_utc(interaction.started_at)
        for person_id in present & stakeholder_ids:
            counts[person_id] += 1
            if interaction.kind != InteractionKind.EMAIL:
                meetings[person_id] += 1
            sellers[person_id].update(ours)
            if moment is not None and (person_id not in last or moment > last[person_id]):
                last[person_id] = moment
    reference = as_utc(as_of)
    result = {}
    for person_id in stakeholder_ids:
        latest = last.get(person_id)
        days = None
        if latest is not None and reference is not None:
            days = max(0.0, (reference - latest).total_seconds() / 86400)
        result[person_id] = Engagement(
            counts.get(person_id, 0),
            meetings.get(person_id, 0),
            latest,
            days,
            tuple(sorted(sellers.get(person_id, ()))),
        )
    return result


def power_centres(stakeholders: Mapping[str, Stakeholder]) -> list[str]:
    ranked = sorted(stakeholders.values(), key=lambda s: (-s.power, s.name))
    centres = [s.person_id for s in ranked[:TOP_CENTRES]]
    heads: dict[str, Stakeholder] = {}
    for stakeholder in ranked:
        if stakeholder.department and stakeholder.department not in heads:
            heads[stakeholder.department] = stakeholder
    centres += [s.person_id for s in heads.values()]
    centres += [s.person_id for s in ranked if s.is_fox]
    return list(dict.fromkeys(centres))


def coverage(
    stakeholders: Mapping[str, Stakeholder], as_of: datetime | None, recency_days: int
) -> Coverage:
    centres = power_centres(stakeholders)
    engaged, stale, never = [], [], []
    for person_id in centres:
        engagement = stakeholders[person_id].engagement
        if engagement.interactions == 0:
            never.append(person_id)
        elif engagement.days_since is not None and engagement.days_since > recency_days:
            stale.append(person_id)
        else:
            engaged.append(person_id)
    recent = [s for s in stakeholders.values() if _recent(s, recency_days)]
    departments = {s.department for s in stakeholders.values() if s.department}
    reached = {s.department for s in recent if s.department}
    return Coverage(
        power_centres=tuple(centres),
        engaged_centres=tuple(engaged),
        stale_centres=tuple(stale),
        never_engaged_centres=tuple(never),
        people_engaged_recently=len(recent),
        departments_engaged=tuple(sorted(reached)),
        departments_not_engaged=tuple(sorted(departments - reached)),
        as_of=as_of,
        recency_days=recency_days,
    )


def _recent(stakeholder: Stakeholder, recency_days: int) -> bool:
    engagement = stakeholder.engagement
    if engagement.interactions == 0:
        return False
    return engagement.days_since is None or engagement.days_since <= recency_days


def engage_next(
    stakeholders: Mapping[str, Stakeholder], recency_days: int, limit: int = 10
) -> list[EngageNext]:
    """Stakeholders we should see next, most pressing first, each with the reasons."""
    people = list(stakeholders.values())
    supporters = [s for s in people if s.stance.label == "supporter"]
    # the level a title gives, or influence suggests for the untitled (as the table shows it)
    decision_makers = [s for s in people if s.estimated_level >= DECISION_LEVEL]
    supporters_below_decision = bool(supporters) and all(
        s.estimated_level < DECISION_LEVEL for s in supporters
    )
    no_supporter_departments = {s.department for s in people if s.department} - {
        s.department for s in supporters if s.department
    }
    median_power = sorted(s.power for s in people)[len(people) // 2] if people else 0.0
    top_decision_maker = max(decision_makers, key=lambda s: s.power, default=None)
    department_heads: dict[str, Stakeholder] = {}
    for stakeholder in sorted(people, key=lambda s: -s.power):
        if stakeholder.department and stakeholder.department not in department_heads:
            department_heads[stakeholder.department] = stakeholder
    ranked: list[EngageNext] = []
    for s in people:
        recent = _recent(s, recency_days)
        engagement = s.engagement
        if engagement.interactions == 0:
            need, contact = 1.0, "has not met us"
        elif not recent:
            need, contact = 0.7, f"last engaged {engagement.days_since:.0f} days ago"
        else:
            need, contact = 0.2, ""
        reasons: list[str] = []
        bonus = 0.0
        where = f" in {s.department}" if s.department else ""
        if s.is_fox and not recent:
            bonus += 0.4
            reasons.append(f"the Fox{where} {contact}")
        if s.stance.label == "opponent" and s.power >= median_power:
            bonus += 0.25
            said = f" — {s.stance.opposition[0].cited()}" if s.stance.opposition else ""
            reasons.append(f"an opponent with say{where}: hear the objection out{said}")
        if s.could_starve_change:
            bonus += 0.15
            reasons.append(f"could starve the change of effort{where}")
        if supporters_below_decision and s is top_decision_maker and not recent:
            bonus += 0.3
            reasons.append("the only supporters are below the decision level")
        if (
            s.department in no_supporter_departments
            and department_heads.get(s.department or "") is s
            and s.stance.label != "opponent"
        ):
            bonus += 0.15
            reasons.append(f"no supporter{where} yet; the most powerful there is {s.name}")
        if s.formal.level >= Level.C_SUITE and not recent:
            bonus += 0.1
            reasons.append(f"{s.formal.title or 'executive'} {contact}")
        if not reasons and not recent and s.power >= median_power:
            reasons.append(f"a power centre{where} {contact}")
        if not reasons:
            continue
        ranked.append(
            EngageNext(s.person_id, s.name, round(s.power * need + bonus, 4), tuple(reasons))
        )
    ranked.sort(key=lambda e: (-e.priority, e.name))
    return ranked[:limit]
