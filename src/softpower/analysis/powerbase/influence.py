"""Informal influence: behavioural signals turned into one 0..1 figure with its drivers.

Each signal (PageRank of the communication graph, how many people write to
someone, how fast others answer them, how often they are copied or
forwarded to, meetings, talk share, deference in others' words, others'
linguistic coordination towards them ...) is turned into a percentile among
the people analysed, so no signal's scale dominates and an outlier cannot
swamp the rest. The figure is the weighted mean of the percentiles. The
weights are fixed in advance (`DEFAULT_WEIGHTS`), not fitted to any
evaluation set; `docs/methodology/powerbase.md` says why each is there.
A signal nobody shows (no calls at all, say) gives everyone the same
percentile and so changes no ordering.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from softpower.analysis.powerbase.behaviour import Traces, median
from softpower.analysis.powerbase.coordination import Coordination
from softpower.analysis.powerbase.deference import Mentions
from softpower.analysis.powerbase.results import Evidence, Influence, InfluenceDriver

if TYPE_CHECKING:
    import networkx as nx

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "reach_in": 2.0,
    "copied": 1.0,
    "forwarded_to": 1.0,
    "brokerage": 1.0,
    "pagerank": 0.5,
    "receive_send_ratio": 0.5,
    "answered_fast": 0.0,  # shown as a driver, not counted: see the methodology
    "meetings": 1.0,
    "talk_share": 1.0,
    "deference": 1.5,
    "coordination": 0.5,
}
BETWEENNESS_SAMPLE = 100


@dataclass(frozen=True, slots=True)
class Signal:
    value: float | None  # None: no data for this person (gets the middle percentile)
    explanation: str
    evidence: tuple[Evidence, ...] = ()


def communication_graph(traces: Traces) -> nx.DiGraph:
    """Directed graph: an edge from A to B weighted by A's messages to B and shared meetings."""
    import networkx as nx  # here, not at the top: it takes 0.14 s, and most commands never use it

    graph = nx.DiGraph()
    graph.add_nodes_from(traces.people)
    for (source, target), dyad in traces.dyads.items():
        if dyad.weight > 0:
            graph.add_edge(source, target, weight=dyad.weight)
    return graph


def centralities(
    graph: nx.DiGraph, *, betweenness_sample: int = BETWEENNESS_SAMPLE
) -> tuple[dict[str, float], dict[str, float]]:
    """(PageRank, betweenness) of every node; empty when the graph has no edges."""
    import networkx as nx

    if graph.number_of_edges() == 0:
        return {}, {}
    pagerank = nx.pagerank(graph, weight="weight")
    undirected = graph.to_undirected(as_view=False)
    sample = None if undirected.number_of_nodes() <= betweenness_sample else betweenness_sample
    betweenness = nx.betweenness_centrality(undirected, k=sample, seed=7, normalized=True)
    return pagerank, betweenness


def person_signals(
    person_id: str,
    traces: Traces,
    pagerank: Mapping[str, float],
    betweenness: Mapping[str, float],
    mentions: Mapping[str, Mentions],
    coordination: Mapping[str, Coordination],
) -> dict[str, Signal]:
    trace = traces.people.get(person_id)
    if trace is None:
        from softpower.analysis.powerbase.behaviour import PersonTrace

        trace = PersonTrace()
    reply = median(trace.replies_received_s)
    inbound = trace.received + trace.copied
    mention = mentions.get(person_id)
    coordinated = coordination.get(person_id)
    meetings = trace.meetings + trace.calls
    return {
        "pagerank": Signal(
            pagerank.get(person_id, 0.0),
            f"PageRank {pagerank.get(person_id, 0.0):.4f}: written to by people who are themselves written to",
        ),
        "reach_in": Signal(float(len(trace.senders)), f"written to by {len(trace.senders)} people"),
        "receive_send_ratio": Signal(
            math.log((inbound + 1) / (trace.sent + 1)),
            f"receives {inbound} messages, sends {trace.sent}",
        ),
        "brokerage": Signal(
            betweenness.get(person_id, 0.0),
            f"betweenness {betweenness.get(person_id, 0.0):.3f}: links people who do not talk directly",
        ),
        "answered_fast": Signal(
            None if reply is None else -math.log1p(reply),
            "no replies to them observed"
            if reply is None
            else f"others answer them in {_duration(reply)} (median of {len(trace.replies_received_s)} replies)",
            tuple(trace.evidence.get("answered_fast", ())),
        ),
        "copied": Signal(
            float(trace.copied),
            f"copied on {trace.copied} messages",
            tuple(trace.evidence.get("copied", ())),
        ),
        "forwarded_to": Signal(
            float(trace.forwarded_to),
            f"{trace.forwarded_to} messages forwarded to them",
            tuple(trace.evidence.get("forwarded_to", ())),
        ),
        "meetings": Signal(
            float(meetings + trace.organised),
            f"in {meetings} meetings and calls, organised {trace.organised}",
            tuple(trace.evidence.get("meetings", ())),
        ),
        "talk_share": Signal(
            None if trace.talk_calls == 0 else trace.talk_share_sum / trace.talk_calls,
            "not heard in any timed call"
            if trace.talk_calls == 0
            else f"talks {trace.talk_share_sum / trace.talk_calls:.1f}x a fair share in {trace.talk_calls} calls",
            tuple(trace.evidence.get("talk_share", ())),
        ),
        "deference": Signal(
            0.0 if mention is None else mention.weighted,
            "not named by colleagues"
            if mention is None
            else f"named {mention.count} times by colleagues, {mention.deferential} deferentially",
            () if mention is None else tuple(mention.evidence),
        ),
        "coordination": Signal(
            None if coordinated is None else coordinated.value,
            "too few replies to measure"
            if coordinated is None
            else f"others mirror their function words ({coordinated.value:+.3f} over {coordinated.replies} replies)",
        ),
    }


def percentiles(values: Mapping[str, float | None]) -> dict[str, float]:
    """Mid-rank percentile of each known value in 0..1; unknown values get 0.5."""
    known = sorted((v, k) for k, v in values.items() if v is not None)
    result = {k: 0.5 for k, v in values.items() if v is None}
    count = len(known)
    index = 0
    while index < count:
        end = index
        while end + 1 < count and known[end + 1][0] == known[index][0]:
            end += 1
        rank = (index + end) / 2
        share = 0.5 if count == 1 else rank / (count - 1)
        for position in range(index, end + 1):
            result[known[position][1]] = share
        index = end + 1
    return result


def influence_scores(
    signals: Mapping[str, Mapping[str, Signal]], weights: Mapping[str, float] = DEFAULT_WEIGHTS
) -> dict[str, Influence]:
    """Everyone's influence from their signals: weighted mean of per-signal percentiles."""
    people = list(signals)
    if not people:
        return {}
    names = [name for name in weights if weights[name] >= 0]
    total = sum(weights[name] for name in names) or 1.0
    by_signal = {name: percentiles({p: signals[p][name].value for p in people}) for name in names}
    scores: dict[str, tuple[float, tuple[InfluenceDriver, ...]]] = {}
    for person in people:
        drivers = []
        for name in names:
            signal = signals[person][name]
            percentile = by_signal[name][person]
            drivers.append(
                InfluenceDriver(
                    name=name,
                    value=signal.value if signal.value is not None else float("nan"),
                    percentile=percentile,
                    weight=weights[name],
                    contribution=weights[name] * percentile / total,
                    explanation=signal.explanation,
                    evidence=signal.evidence,
                )
            )
        scores[person] = (sum(d.contribution for d in drivers), tuple(drivers))
    overall = percentiles({p: score for p, (score, _) in scores.items()})
    return {p: Influence(score, overall[p], drivers) for p, (score, drivers) in scores.items()}


def _duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def signal_names() -> Sequence[str]:
    return tuple(DEFAULT_WEIGHTS)
