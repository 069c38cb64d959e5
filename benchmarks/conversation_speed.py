"""Throughput (sentences per second, one core) and peak memory of the conversation engine.

Runs the per-sentence work of the default shipped model (cue lexicons,
hashed features, word vectors, linear scores) over persuader and persuadee sentences of
PersuasionForGood's unannotated dialogues, then whole-conversation analysis
(`analyse_conversation`, which adds sentence splitting, metrics and the pull
score). The baseline measured in the same process is the cue lexicons alone.
Thread pools are pinned to one thread so the figure is for one core.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import csv
import resource
import sys
import time
from pathlib import Path

from softpower.analysis.conversation import analyse_conversation, load_default_model
from softpower.analysis.conversation.cues import buyer_signal_cues, seller_act_cues
from softpower.analysis.conversation.features import SentenceContext, hashed_features
from softpower.domain import Interaction, InteractionKind, Turn

DATA = Path(
    os.environ.get("SOFTPOWER_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data")
)
LIMIT = 20_000


def main() -> int:
    source = DATA / "persuasionforgood" / "full_dialog.csv"
    if not source.exists():
        print(f"conversation_speed: skipped, {source} not found (set SOFTPOWER_DATA)")
        return 0
    dialogues: dict[str, list[tuple[str, str]]] = {}
    sentences: list[str] = []
    with source.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if len(sentences) >= LIMIT:
                break
            sentences.append(row["Unit"])
            dialogues.setdefault(row["B2"], []).append((row["B4"], row["Unit"]))
    model = load_default_model()
    context = SentenceContext()

    started = time.perf_counter()
    for text in sentences:
        seller_act_cues(text)
        buyer_signal_cues(text)
    cue_rate = len(sentences) / (time.perf_counter() - started)

    started = time.perf_counter()
    for text in sentences:
        labels = [cue.label for cue in seller_act_cues(text)] + [
            cue.label for cue in buyer_signal_cues(text)
        ]
        model.probabilities(
            hashed_features(text, context, model.settings, labels),
            model.dense_features(text, context),
        )
    model_rate = len(sentences) / (time.perf_counter() - started)

    interactions = [
        Interaction(
            id=dialogue_id,
            kind=InteractionKind.NOTE,
            turns=[
                Turn(seq=i, speaker_id="seller" if role == "0" else "customer", text=text)
                for i, (role, text) in enumerate(units)
            ],
        )
        for dialogue_id, units in dialogues.items()
    ]
    started = time.perf_counter()
    for interaction in interactions:
        analyse_conversation(interaction, {"seller"}, model)
    analyse_rate = len(sentences) / (time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"{len(sentences)} sentences, {len(interactions)} conversations, model {model.settings.bits} bits, labels {model.labels}"
    )
    print(f"cue_lexicons_only: {cue_rate:.0f} sentences/s")
    print(f"sentence_model_with_cues: {model_rate:.0f} sentences/s")
    print(f"analyse_conversation: {analyse_rate:.0f} sentences/s")
    print(f"analyse_vs_cue_baseline: {analyse_rate / cue_rate:.2f} ratio")
    print(f"peak_rss: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
