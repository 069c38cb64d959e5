"""Accuracy of the conversation sentence model on annotated dialogues, against baselines.

For PersuasionForGood (persuader `er_label_1`, one label per sentence) and
CaSiNo (several strategy labels per utterance) it reports per-label and macro
F1 on the dataset's own labels, on the PersuasionForGood paper's 10+1 classes,
and on the pull/push/neutral mapping, side by side with a majority-class
baseline and a keyword baseline (each label's most distinctive training
words; for pull/push, the product's own cue lexicons). The model's word
vectors are learned inside each training part: from the training examples'
own text and the unlabelled PersuasionForGood dialogues (`full_dialog.csv`)
minus every dialogue of the test part. With no paths it runs
a seeded 5-fold cross-validation split by dialogue over the shared files;
with `--train PATH --test PATH` (files in a dataset's own format: .csv for
PersuasionForGood, .json for CaSiNo) it trains on one and scores the other.

    python benchmarks/conversation_eval.py
    python benchmarks/conversation_eval.py --train a.csv --test b.csv
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sklearn.metrics import f1_score

from softpower.analysis.conversation.cues import PULL_ACTS, PUSH_ACTS, SellerAct, seller_act_cues
from softpower.analysis.conversation.features import FeatureSettings, tokens_of
from softpower.analysis.conversation.labelled import (
    NEGOTIATION_PULL_PUSH,
    NEGOTIATION_STRATEGIES,
    NEUTRAL,
    PERSUASION_PULL_PUSH,
    PULL,
    PUSH,
    LabelledSentence,
    paper_strategy_of,
    pull_push_of,
)
from softpower.analysis.conversation.training import (
    choose_svm_regularisation,
    fit_calibrated_svm,
    fit_multi_label,
    train_word_vectors,
)
from softpower.analysis.conversation.word_vectors import WordVectors
from softpower.ingest.annotated_dialogues import (
    read_casino_json,
    read_persuasion_csv,
    read_persuasion_texts,
)

DATA = Path(
    os.environ.get("SOFTPOWER_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data")
)
SETTINGS = FeatureSettings(
    bits=17, own_context=True, sentence_vector_weight=0.6, context_vector_weight=0.3
)
UNLABELLED = DATA / "persuasionforgood" / "full_dialog.csv"
REGULARISATION = 2.0  # logistic regression, multi-label CaSiNo strategies
SVM_CHOICES = (0.1, 0.3, 1.0)  # linear SVM C, chosen inside each training part
INNER_FOLDS = 3
FOLDS = 5
SEED = 20261123
PUBLISHED = {
    "persuasion paper-11": "Wang et al. 2019 hybrid RCNN: accuracy 74.8%, macro F1 59.6% (10 strategies + non-strategy, their 300 dialogues)",
    "casino strategies": "Chawla et al. 2021 multi-task BERT, 5-fold CV over all 396 annotated dialogues: per-strategy F1 of the positive class (column 'paper'); showing-empathy and promote-coordination are not in their table",
}
# Chawla et al. 2021 (NAACL), strategy prediction table, best (multi-task) model, F1 x 100
PUBLISHED_F1 = {
    "casino strategies": {
        "small-talk": 82.7,
        "elicit-pref": 83.2,
        "vouch-fair": 67.9,
        "no-need": 36.4,
        "other-need": 77.9,
        "self-need": 74.4,
        "uv-part": 44.5,
    },
}

Task = tuple[str, Callable[[LabelledSentence], tuple[str, ...]], bool]


def persuasion_tasks() -> list[Task]:
    return [
        ("persuasion own-labels", lambda e: e.labels, False),
        ("persuasion paper-11", lambda e: (paper_strategy_of(e.labels[0]),), False),
        ("persuasion pull-push", lambda e: (pull_push_of(e.labels, PERSUASION_PULL_PUSH),), False),
    ]


def casino_tasks() -> list[Task]:
    return [
        ("casino strategies", lambda e: e.labels, True),
        ("casino pull-push", lambda e: (pull_push_of(e.labels, NEGOTIATION_PULL_PUSH),), False),
    ]


def relabel(
    examples: Sequence[LabelledSentence], label_of: Callable[[LabelledSentence], tuple[str, ...]]
) -> list[LabelledSentence]:
    return [LabelledSentence(e.dialogue_id, e.text, label_of(e), e.context) for e in examples]


def keyword_table(train: Sequence[LabelledSentence], per_label: int = 15) -> dict[str, set[str]]:
    """Each label's most distinctive words in training: highest share of the word's uses, seen at least 5 times."""
    overall: collections.Counter[str] = collections.Counter()
    by_label: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for example in train:
        words = set(tokens_of(example.text))
        overall.update(words)
        for label in example.labels:
            by_label[label].update(words)
    table = {}
    for label, counts in by_label.items():
        ranked = sorted(
            (w for w, n in counts.items() if n >= 5), key=lambda w: -counts[w] / overall[w]
        )
        table[label] = set(ranked[:per_label])
    return table


def cue_pull_push(text: str) -> str:
    acts = {SellerAct(cue.label) for cue in seller_act_cues(text)}
    pull, push = len(acts & PULL_ACTS), len(acts & PUSH_ACTS)
    return PULL if pull > push else (PUSH if push > pull else NEUTRAL)


def word_vectors_for(
    train: Sequence[LabelledSentence], test: Sequence[LabelledSentence]
) -> WordVectors:
    """Word vectors from the training part's text and the unlabelled dialogues not in the test part."""
    held_out = {e.dialogue_id for e in test}
    texts = [text for e in train for text in (e.text, e.context.previous_other)]
    if UNLABELLED.exists():
        texts += [t for d, t in read_persuasion_texts(UNLABELLED) if d not in held_out]
    return train_word_vectors(texts)


def score_task(
    name: str,
    train: list[LabelledSentence],
    test: list[LabelledSentence],
    multilabel: bool,
    word_vectors: WordVectors,
) -> dict[str, tuple[list[tuple[str, ...]], list[tuple[str, ...]]]]:
    """Gold and predicted labels of the model and the two baselines on one fold."""
    gold = [e.labels for e in test]
    if multilabel:
        labels = [label for label in sorted({lab for e in train for lab in e.labels})]
        model = fit_multi_label(train, labels, SETTINGS, REGULARISATION, word_vectors=word_vectors)
        predicted = [model.predict_labels(e.text, e.context) for e in test]
        frequent = collections.Counter(lab for e in train for lab in e.labels).most_common(1)[0][0]
        majority = [(frequent,) for _ in test]
    else:
        regularisation = choose_svm_regularisation(
            train, SETTINGS, SVM_CHOICES, INNER_FOLDS, word_vectors
        )
        model = fit_calibrated_svm(
            train,
            SETTINGS,
            regularisation,
            calibration_folds=INNER_FOLDS,
            word_vectors=word_vectors,
        )  # the inner folds' held-out margins set the per-label offsets
        predicted = [model.predict_labels(e.text, e.context) for e in test]
        frequent = collections.Counter(e.labels[0] for e in train).most_common(1)[0][0]
        majority = [(frequent,) for _ in test]
    if name.endswith("pull-push"):
        keyword = [(cue_pull_push(e.text),) for e in test]
    else:
        table = keyword_table(train)
        keyword = []
        for e in test:
            words = set(tokens_of(e.text))
            hits = {label: len(words & kws) for label, kws in table.items()}
            if multilabel:
                keyword.append(tuple(label for label, n in hits.items() if n) or (frequent,))
            else:
                best = max(hits, key=lambda label: (hits[label], label == frequent))
                keyword.append((best if hits[best] else frequent,))
    return {"model": (gold, predicted), "majority": (gold, majority), "keyword": (gold, keyword)}


def report(
    name: str,
    title: str,
    runs: dict[str, tuple[list[tuple[str, ...]], list[tuple[str, ...]]]],
    multilabel: bool,
) -> dict[str, float]:
    gold_all = runs["model"][0]
    if name == "casino strategies":
        labels = list(NEGOTIATION_STRATEGIES)
    else:
        labels = sorted({lab for g in gold_all for lab in g})
    print(f"\n## {name} {title}  ({len(gold_all)} units)")
    paper = PUBLISHED_F1.get(name, {})
    header = " ".join(f"{system:>9s}" for system in runs) + (f" {'paper':>9s}" if paper else "")
    print(f"{'label':28s} {'support':>7s} {header}")
    per_system: dict[str, list[float]] = {}
    macro: dict[str, float] = {}
    for system, (gold, predicted) in runs.items():
        if multilabel:
            scores = [
                f1_score(
                    [label in g for g in gold], [label in p for p in predicted], zero_division=0
                )
                for label in labels
            ]
        else:
            scores = list(
                f1_score(
                    [g[0] for g in gold],
                    [p[0] for p in predicted],
                    labels=labels,
                    average=None,
                    zero_division=0,
                )
            )
        per_system[system] = [float(s) for s in scores]
        macro[system] = sum(scores) / len(scores)
    support = collections.Counter(lab for g in gold_all for lab in g)
    for position, label in enumerate(labels):
        print(
            f"{label:28s} {support[label]:7d} "
            + " ".join(f"{per_system[s][position]:9.3f}" for s in runs)
            + (f" {paper[label] / 100:9.3f}" if label in paper else "")
        )
    print(f"{'macro F1':28s} {'':7s} " + " ".join(f"{macro[s]:9.3f}" for s in runs))
    if not multilabel:
        accuracy = {
            s: sum(g == p for g, p in zip(*runs[s], strict=True)) / len(gold_all) for s in runs
        }
        print(f"{'accuracy':28s} {'':7s} " + " ".join(f"{accuracy[s]:9.3f}" for s in runs))
    if name in PUBLISHED:
        print(f"published: {PUBLISHED[name]}")
    if paper:
        shared = [position for position, label in enumerate(labels) if label in paper]
        ours = sum(per_system["model"][position] for position in shared) / len(shared)
        theirs = sum(paper.values()) / len(paper) / 100
        print(
            f"mean F1 over the paper's {len(shared)} strategies: model {ours:.3f}, paper {theirs:.3f}"
        )
        macro["model_on_paper_labels"] = ours
        macro["paper"] = theirs
    return macro


def cross_validate(
    examples: list[LabelledSentence], tasks: list[Task]
) -> list[tuple[str, dict[str, float]]]:
    dialogues = sorted({e.dialogue_id for e in examples})
    random.Random(SEED).shuffle(dialogues)
    fold_of = {dialogue: position % FOLDS for position, dialogue in enumerate(dialogues)}
    vectors = [
        word_vectors_for(
            [e for e in examples if fold_of[e.dialogue_id] != fold],
            [e for e in examples if fold_of[e.dialogue_id] == fold],
        )
        for fold in range(FOLDS)
    ]
    results = []
    for name, label_of, multilabel in tasks:
        merged: dict[str, tuple[list[tuple[str, ...]], list[tuple[str, ...]]]] = {}
        relabelled = relabel(examples, label_of)
        for fold in range(FOLDS):
            train = [e for e in relabelled if fold_of[e.dialogue_id] != fold]
            test = [e for e in relabelled if fold_of[e.dialogue_id] == fold]
            runs = score_task(name, train, test, multilabel, vectors[fold])
            for system, (gold, predicted) in runs.items():
                merged.setdefault(system, ([], []))
                merged[system][0].extend(gold)
                merged[system][1].extend(predicted)
        results.append((name, report(name, f"({FOLDS}-fold CV by dialogue)", merged, multilabel)))
    return results


def read_any(path: Path) -> tuple[list[LabelledSentence], list[Task]]:
    if path.suffix.lower() == ".csv":
        return read_persuasion_csv(path), persuasion_tasks()
    if path.suffix.lower() == ".json":
        return read_casino_json(path), casino_tasks()
    raise SystemExit(
        f"conversation_eval: {path}: expected a PersuasionForGood .csv or a CaSiNo .json"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path)
    parser.add_argument("--test", type=Path)
    args = parser.parse_args(argv)
    results: list[tuple[str, dict[str, float]]] = []
    if args.train or args.test:
        if not (args.train and args.test):
            parser.error("--train and --test go together")
        train, tasks = read_any(args.train)
        test, _ = read_any(args.test)
        vectors = word_vectors_for(train, test)
        for name, label_of, multilabel in tasks:
            runs = score_task(
                name, relabel(train, label_of), relabel(test, label_of), multilabel, vectors
            )
            results.append((name, report(name, "(train/test files)", runs, multilabel)))
    else:
        persuasion = DATA / "persuasionforgood" / "annotated_dialog.csv"
        negotiation = DATA / "casino" / "casino_train.json"
        if not persuasion.exists() and not negotiation.exists():
            print(f"conversation_eval: skipped, no data under {DATA} (set SOFTPOWER_DATA)")
            return 0
        if persuasion.exists():
            results += cross_validate(read_persuasion_csv(persuasion), persuasion_tasks())
        if negotiation.exists():
            results += cross_validate(read_casino_json(negotiation), casino_tasks())
    print()
    for name, macro in results:
        key = name.replace(" ", "_")
        for system, value in macro.items():
            print(f"{key}_{system}_macro_f1: {value:.3f} F1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
