"""Pairwise dominance: of two people, who holds more power, with a confidence and the reasons.

Three kinds of evidence add up on a log-odds scale: a stated reporting
line (direct or further up the chain) is the strongest; then the gap in
overall power (formal rank and influence); then the dyad itself, when both
have answered each other: whoever is answered faster is usually the
stronger (subordinates answer their superiors quickly).
"""

from __future__ import annotations

import math

from softpower.analysis.powerbase.results import Dominance, PowerBase

REPORTING_LOG_ODDS = 3.0
POWER_LOG_ODDS = 4.0  # per unit of power difference (power is 0..1)
REPLY_LOG_ODDS = 0.75


def _chain(power_base: PowerBase, person_id: str) -> list[str]:
    """The managers above a person, nearest first, stopping at a loop."""
    chain: list[str] = []
    current = power_base.stakeholders.get(person_id)
    while current is not None and current.reports_to_id and current.reports_to_id not in chain:
        chain.append(current.reports_to_id)
        current = power_base.stakeholders.get(current.reports_to_id)
    return chain


def dominance(power_base: PowerBase, first_id: str, second_id: str) -> Dominance:
    first = power_base.stakeholders[first_id]
    second = power_base.stakeholders[second_id]
    weighed: list[tuple[float, str]] = []  # (log-odds towards `first`, reason)
    if second_id in _chain(power_base, first_id):
        weighed.append(
            (-REPORTING_LOG_ODDS, f"{first.name} reports (directly or higher up) to {second.name}")
        )
    elif first_id in _chain(power_base, second_id):
        weighed.append(
            (REPORTING_LOG_ODDS, f"{second.name} reports (directly or higher up) to {first.name}")
        )
    weighed.append(
        (
            POWER_LOG_ODDS * (first.power - second.power),
            f"power {first.power:.2f} vs {second.power:.2f} (formal rank and influence)",
        )
    )
    answers = {(e.source, e.target): e for e in power_base.edges}
    first_answers = answers.get((first_id, second_id))
    second_answers = answers.get((second_id, first_id))
    if (
        first_answers is not None
        and second_answers is not None
        and first_answers.median_reply_s is not None
        and second_answers.median_reply_s is not None
    ):
        faster = math.log1p(first_answers.median_reply_s) - math.log1p(
            second_answers.median_reply_s
        )
        if faster != 0:
            quick, slow = (second, first) if faster > 0 else (first, second)
            weighed.append(
                (
                    REPLY_LOG_ODDS * (1.0 if faster > 0 else -1.0),
                    f"{quick.name} answers {slow.name} faster than the other way round",
                )
            )
    log_odds = sum(weight for weight, _ in weighed)  # > 0: first is stronger
    stronger, weaker = (first, second) if log_odds >= 0 else (second, first)
    confidence = 1.0 / (1.0 + math.exp(-abs(log_odds)))
    reasons = tuple(
        reason + (" (points the other way)" if weight * log_odds < 0 else "")
        for weight, reason in weighed
    )
    return Dominance(stronger.person_id, weaker.person_id, round(confidence, 3), reasons)
