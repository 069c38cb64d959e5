"""The power base as data for other tools: JSON (everything, with drivers) and Graphviz DOT (the graph)."""

from __future__ import annotations

import json
import math
from typing import Any

from softpower.analysis.powerbase.results import PowerBase, Stakeholder

_STANCE_COLOURS = {
    "supporter": "palegreen",
    "opponent": "lightcoral",
    "neutral": "lightgoldenrod1",
    "unknown": "white",
}


def _clean(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 6)


def stakeholder_data(s: Stakeholder) -> dict[str, Any]:
    return {
        "id": s.person_id,
        "name": s.name,
        "department": s.department,
        "title": s.formal.title,
        "level": s.formal.level.label,
        "estimated_level": s.estimated_level.label,
        "function": s.formal.function,
        "title_source": s.formal.source,
        "influence": round(s.influence.score, 4),
        "influence_percentile": round(s.influence.percentile, 4),
        "power": s.power,
        "fox": s.is_fox,
        "fox_evidence": list(s.fox_evidence),
        "fox_gap": s.fox_gap,
        "stance": s.stance.label,
        "stance_score": round(s.stance.score, 3),
        "stance_evidence": [
            {"interaction": e.interaction_id, "turn": e.turn_seq, "text": e.text, "why": e.note}
            for e in (*s.stance.support, *s.stance.opposition)
        ],
        "reports_to": s.reports_to_id,
        "could_starve_change": s.could_starve_change,
        "starve_reasons": list(s.starve_reasons),
        "engagement": {
            "interactions": s.engagement.interactions,
            "meetings": s.engagement.meetings,
            "last": s.engagement.last_at.isoformat() if s.engagement.last_at else None,
            "days_since": None
            if s.engagement.days_since is None
            else round(s.engagement.days_since, 1),
            "ours": list(s.engagement.sellers),
        },
        "drivers": [
            {
                "name": d.name,
                "value": _clean(d.value),
                "percentile": round(d.percentile, 4),
                "weight": d.weight,
                "contribution": round(d.contribution, 4),
                "explanation": d.explanation,
                "evidence": [
                    {"interaction": e.interaction_id, "note": e.note, "text": e.text}
                    for e in d.evidence
                ],
            }
            for d in s.influence.drivers
        ],
    }


def power_base_data(power_base: PowerBase) -> dict[str, Any]:
    """Everything in the power base as JSON-ready data: nodes, edges, consensus, next steps."""
    coverage = power_base.coverage
    return {
        "account_id": power_base.account_id,
        "interactions": power_base.interactions_used,
        "nodes": [stakeholder_data(s) for s in power_base.ranked()],
        "ours": [{"id": k, "name": v} for k, v in sorted(power_base.outsiders.items())],
        "edges": [
            {
                "source": e.source,
                "target": e.target,
                "messages": e.messages,
                "cc": e.cc,
                "forwards": e.forwards,
                "meetings": e.meetings,
                "replies": e.replies,
                "median_reply_s": e.median_reply_s,
            }
            for e in power_base.edges
        ],
        "reporting_lines": power_base.reporting_lines,
        "departments": [
            {
                "department": d.department,
                "verdict": d.verdict,
                "weighted_stance": d.weighted_stance,
                "supporters": list(d.supporters),
                "neutrals": list(d.neutrals),
                "opponents": list(d.opponents),
                "unknown": list(d.unknown),
            }
            for d in power_base.departments
        ],
        "coverage": {
            "as_of": coverage.as_of.isoformat() if coverage.as_of else None,
            "recency_days": coverage.recency_days,
            "power_centres": list(coverage.power_centres),
            "engaged": list(coverage.engaged_centres),
            "stale": list(coverage.stale_centres),
            "never_engaged": list(coverage.never_engaged_centres),
            "people_engaged_recently": coverage.people_engaged_recently,
            "departments_engaged": list(coverage.departments_engaged),
            "departments_not_engaged": list(coverage.departments_not_engaged),
        },
        "engage_next": [
            {"id": e.person_id, "name": e.name, "priority": e.priority, "reasons": list(e.reasons)}
            for e in power_base.engage_next
        ],
    }


def to_json(power_base: PowerBase) -> str:
    return json.dumps(power_base_data(power_base), indent=2, ensure_ascii=False)


def _escape(text: str) -> str:
    """A name or title as DOT string content: its own quotes and backslashes are not markup."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _quote(text: str) -> str:
    return '"' + _escape(text) + '"'


def _label(*lines: str) -> str:
    """A quoted DOT label of several lines, each escaped alone and joined by DOT's `\\n`.

    Escaping the joined text would double the line breaks' backslash, and
    Graphviz would print a literal backslash-n.
    """
    return '"' + "\\n".join(_escape(line) for line in lines) + '"'


def to_dot(power_base: PowerBase) -> str:
    """Graphviz: node size by power, colour by stance, a double border for the Fox,
    bold edges for reporting lines, grey edges for communication."""
    lines = [
        "digraph power_base {",
        "  graph [rankdir=TB, overlap=false];",
        "  node [style=filled];",
    ]
    for s in power_base.ranked():
        label = [s.name, s.formal.title or s.estimated_level.label, f"power {s.power:.2f}"]
        if s.is_fox:
            label.append("FOX")
        attributes = [
            f"label={_label(*label)}",
            f"fillcolor={_STANCE_COLOURS.get(s.stance.label, 'white')}",
            f"width={0.8 + 1.2 * s.power:.2f}",
        ]
        if s.is_fox:
            attributes.append("peripheries=2")
        lines.append(f"  {_quote(s.person_id)} [{', '.join(attributes)}];")
    for person_id, name in sorted(power_base.outsiders.items()):
        lines.append(
            f"  {_quote(person_id)} [label={_quote(name)}, shape=box, fillcolor=lightblue];"
        )
    for person_id, manager_id in sorted(power_base.reporting_lines.items()):
        if manager_id in power_base.stakeholders:
            lines.append(
                f"  {_quote(manager_id)} -> {_quote(person_id)} [style=bold, label=manages];"
            )
    for e in power_base.edges:
        volume = e.messages + e.cc + e.meetings
        if volume:
            lines.append(
                f"  {_quote(e.source)} -> {_quote(e.target)} "
                f"[color=gray60, penwidth={min(5.0, 0.5 + volume / 4):.1f}, weight={volume}];"
            )
    lines.append("}")
    return "\n".join(lines) + "\n"
