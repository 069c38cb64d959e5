"""Power base engine: who decides, who influences, the Fox, consensus, whom to engage next.

Public API (pure functions over domain objects):

- `build_power_base(people, interactions, *, internal_ids, account_id, analyses, as_of, settings) -> PowerBase`
- `PowerBase.ranked()`, `.foxes`, `.effort_starvers`, `.reporting_lines`, `.dominance(a, b) -> Dominance`
- `parse_title(title) -> FormalRank`, `formal_rank(person) -> FormalRank`, `Level`
- `to_json(power_base)`, `to_dot(power_base)`, `power_base_data(power_base)`
- lower-level parts for benchmarks and research: `collect_traces`, `communication_graph`,
  `centralities`, `coordination_towards`, `influence_scores`, `person_signals`, `percentiles`
"""

from softpower.analysis.powerbase.behaviour import Traces, collect_traces
from softpower.analysis.powerbase.build import PowerBaseSettings, build_power_base, estimated_level
from softpower.analysis.powerbase.coordination import coordination_towards
from softpower.analysis.powerbase.deference import count_mentions
from softpower.analysis.powerbase.dominance import dominance
from softpower.analysis.powerbase.export import power_base_data, to_dot, to_json
from softpower.analysis.powerbase.influence import (
    DEFAULT_WEIGHTS,
    centralities,
    communication_graph,
    influence_scores,
    percentiles,
    person_signals,
)
from softpower.analysis.powerbase.results import (
    Coverage,
    DepartmentConsensus,
    Dominance,
    Edge,
    Engagement,
    EngageNext,
    Evidence,
    Influence,
    InfluenceDriver,
    PowerBase,
    Stakeholder,
    Stance,
)
from softpower.analysis.powerbase.titles import FormalRank, Level, formal_rank, parse_title

__all__ = [
    "DEFAULT_WEIGHTS",
    "Coverage",
    "DepartmentConsensus",
    "Dominance",
    "Edge",
    "EngageNext",
    "Engagement",
    "Evidence",
    "FormalRank",
    "Influence",
    "InfluenceDriver",
    "Level",
    "PowerBase",
    "PowerBaseSettings",
    "Stakeholder",
    "Stance",
    "Traces",
    "build_power_base",
    "centralities",
    "collect_traces",
    "communication_graph",
    "coordination_towards",
    "count_mentions",
    "dominance",
    "estimated_level",
    "formal_rank",
    "influence_scores",
    "parse_title",
    "percentiles",
    "person_signals",
    "power_base_data",
    "to_dot",
    "to_json",
]
