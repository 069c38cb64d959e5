"""Sanity check of the call metrics on 137 real AMI product-design meetings (QMSum).

The transcripts carry speaker roles and words but no timestamps, so each
turn's duration is estimated from its word count at a stated speaking rate
(150 words per minute, a common figure for conversational English) and turns
are laid end to end without pauses; talk shares and question rates are
therefore estimates, and patience cannot be measured. For each meeting and
each role, that role is treated as "our side" and the engine's
`call_metrics` computes talk share, longest monologue and question rate. The
distribution over meetings, Project Manager against the other roles, is
printed next to the published sales-call figure (Gong Labs, 25,537 B2B
calls: top performers talk 43% and listen 57%; the average rep talks
65-75%). A meeting chair is expected to talk more than a single participant
and to ask more questions; a four-person meeting gives each role about 25%
of the talk on average.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
from pathlib import Path

from softpower.analysis.conversation.metrics import call_metrics, word_count
from softpower.domain import Turn

DATA = Path(
    os.environ.get("SOFTPOWER_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data")
)
WORDS_PER_MINUTE = 150.0
_MARKUP = re.compile(r"\{[a-z]+\}")
PUBLISHED_TOP_PERFORMER_TALK_SHARE = 0.43


def read_meeting(path: Path) -> list[Turn]:
    """Turns of one QMSum meeting with times estimated from word counts."""
    transcript = json.loads(path.read_text(encoding="utf-8"))["meeting_transcripts"]
    turns: list[Turn] = []
    clock = 0.0
    for seq, entry in enumerate(transcript):
        text = _MARKUP.sub(" ", str(entry.get("content", ""))).strip()
        words = word_count(text)
        if not words:
            continue
        duration = words / WORDS_PER_MINUTE * 60.0
        turns.append(
            Turn(
                seq=seq,
                speaker_id=str(entry.get("speaker", "")),
                text=text,
                start_s=clock,
                end_s=clock + duration,
            )
        )
        clock += duration
    return turns


def quartiles(values: list[float]) -> str:
    if len(values) < 4:
        return "n/a"
    q1, q2, q3 = statistics.quantiles(values, n=4)
    return f"median {q2:7.2f}  IQR {q1:7.2f}-{q3:7.2f}"


def main() -> int:
    folder = DATA / "qmsum_product_meetings"
    files = sorted(folder.glob("*/*.json"))
    if not files:
        print(f"conversation_meetings: skipped, no meetings under {folder} (set SOFTPOWER_DATA)")
        return 0
    by_role: dict[str, dict[str, list[float]]] = {"Project Manager": {}, "other roles": {}}
    for path in files:
        turns = read_meeting(path)
        for role in sorted({turn.speaker_id for turn in turns if turn.speaker_id}):
            metrics = call_metrics(turns, {role})
            if metrics is None:
                continue
            group = by_role["Project Manager" if role == "Project Manager" else "other roles"]
            group.setdefault("talk share", []).append(metrics.seller_talk_share)
            group.setdefault("longest monologue s", []).append(metrics.longest_seller_monologue_s)
            group.setdefault("questions per min", []).append(metrics.question_rate_per_min)
            group.setdefault("open question share", []).append(metrics.open_question_share)
            group.setdefault("speaker switches per min", []).append(metrics.interactivity_per_min)
    print(
        f"{len(files)} meetings, durations estimated at {WORDS_PER_MINUTE:.0f} words/min, no pauses"
    )
    for role, metrics_by_name in by_role.items():
        print(f"\n{role} ({len(metrics_by_name['talk share'])} role-meetings)")
        for name, values in metrics_by_name.items():
            print(f"  {name:26s} {quartiles(values)}")
    print(
        f"\npublished sales-call reference: top-performing sellers talk {PUBLISHED_TOP_PERFORMER_TALK_SHARE:.0%} (43:57), average 65-75% (Gong Labs)"
    )
    print()
    print(f"meetings: {len(files)} files")
    for role, metrics_by_name in by_role.items():
        key = role.lower().replace(" ", "_")
        print(
            f"{key}_median_talk_share: {statistics.median(metrics_by_name['talk share']):.3f} share"
        )
        print(
            f"{key}_median_longest_monologue: {statistics.median(metrics_by_name['longest monologue s']):.1f} s"
        )
        print(
            f"{key}_median_question_rate: {statistics.median(metrics_by_name['questions per min']):.2f} per min"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
