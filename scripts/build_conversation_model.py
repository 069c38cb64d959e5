"""Build the shipped pull/push sentence model from the annotated corpora (`make models`).

Reads PersuasionForGood (persuader sentences) and CaSiNo (annotated train
utterances) from the shared data folder, maps their strategy labels to
pull / push / neutral (see softpower.analysis.conversation.labelled), learns
word vectors from the unlabelled PersuasionForGood dialogues and the training
text, fits a calibrated linear SVM over hashed features and word vectors
(with per-label offsets for macro F1), and writes
src/softpower/analysis/conversation/models/pull_push.{npz,json}. The JSON
records each data file's sha256, the git commit of this checkout, the
library versions and the label counts, so the artifact can be rebuilt and
checked.
"""

from __future__ import annotations

import collections
import datetime
import os
import subprocess
import sys
from pathlib import Path

import gensim
import sklearn

from softpower.analysis.conversation.features import FeatureSettings
from softpower.analysis.conversation.labelled import (
    NEGOTIATION_PULL_PUSH,
    PERSUASION_PULL_PUSH,
    LabelledSentence,
    pull_push_of,
)
from softpower.analysis.conversation.model import DEFAULT_MODEL_NAME, save_model
from softpower.analysis.conversation.training import (
    WORD_VECTOR_DIMENSIONS,
    WORD_VECTOR_SEED,
    choose_svm_regularisation,
    fit_calibrated_svm,
    train_word_vectors,
)
from softpower.ingest.annotated_dialogues import (
    read_casino_json,
    read_persuasion_csv,
    read_persuasion_texts,
)
from softpower.ingest.files import sha256_of

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("SOFTPOWER_DATA", REPO.parent / "shared" / "data"))
OUTPUT = REPO / "src" / "softpower" / "analysis" / "conversation" / "models"
PERSUASION = DATA / "persuasionforgood" / "annotated_dialog.csv"
NEGOTIATION = DATA / "casino" / "casino_train.json"
UNLABELLED = DATA / "persuasionforgood" / "full_dialog.csv"
SETTINGS = FeatureSettings(
    bits=17, own_context=True, sentence_vector_weight=0.6, context_vector_weight=0.3
)
SVM_CHOICES = (0.1, 0.3, 1.0)


def git_commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            [
                "git",
                "status",
                "--porcelain",
                "--",
                "src",
                ":!src/softpower/analysis/conversation/models",
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+uncommitted-changes" if dirty else "")


def main() -> int:
    if not all(path.exists() for path in (PERSUASION, NEGOTIATION, UNLABELLED)):
        print(
            f"build_conversation_model: data not found under {DATA}; set SOFTPOWER_DATA",
            file=sys.stderr,
        )
        return 1
    examples = [
        LabelledSentence(
            e.dialogue_id, e.text, (pull_push_of(e.labels, PERSUASION_PULL_PUSH),), e.context
        )
        for e in read_persuasion_csv(PERSUASION)
    ]
    examples += [
        LabelledSentence(
            "casino-" + e.dialogue_id,
            e.text,
            (pull_push_of(e.labels, NEGOTIATION_PULL_PUSH),),
            e.context,
        )
        for e in read_casino_json(NEGOTIATION)
    ]
    counts = collections.Counter(e.labels[0] for e in examples)
    unlabelled = [text for _, text in read_persuasion_texts(UNLABELLED)]
    vectors = train_word_vectors(
        unlabelled + [text for e in examples for text in (e.text, e.context.previous_other)]
    )
    regularisation = choose_svm_regularisation(
        examples, SETTINGS, SVM_CHOICES, word_vectors=vectors
    )
    provenance = {
        "built_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "data_files": [
            {
                "path": "persuasionforgood/annotated_dialog.csv",
                "sha256": sha256_of(PERSUASION),
                "used": "persuader sentences, er_label_1",
            },
            {
                "path": "casino/casino_train.json",
                "sha256": sha256_of(NEGOTIATION),
                "used": "annotated utterances",
            },
            {
                "path": "persuasionforgood/full_dialog.csv",
                "sha256": sha256_of(UNLABELLED),
                "used": "sentences of both roles, unlabelled, for the word vectors",
            },
        ],
        "label_counts": dict(sorted(counts.items())),
        "examples": len(examples),
        "method": (
            f"linear SVM (one-vs-rest, squared hinge), balanced classes, C={regularisation} "
            f"chosen from {list(SVM_CHOICES)} by 3-fold dialogue-grouped CV on this data, "
            "per-label offsets (macro F1) and softmax temperature fitted on held-out margins, "
            f"hashed features (bits={SETTINGS.bits}, own_context={SETTINGS.own_context}) "
            f"and skip-gram word vectors ({WORD_VECTOR_DIMENSIONS} dimensions, seed "
            f"{WORD_VECTOR_SEED}, {len(vectors.words)} words; sentence weight "
            f"{SETTINGS.sentence_vector_weight}, other side's previous words "
            f"{SETTINGS.context_vector_weight})"
        ),
        "scikit_learn": sklearn.__version__,
        "gensim": gensim.__version__,
        "python": sys.version.split()[0],
    }
    model = fit_calibrated_svm(examples, SETTINGS, regularisation, provenance, word_vectors=vectors)
    for path in save_model(model, OUTPUT, DEFAULT_MODEL_NAME):
        print(f"wrote {path.relative_to(REPO)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
