"""Fit a `StrategyModel` from labelled sentences (needs the `train` extra: scikit-learn).

Training is separate from inference on purpose: the product only needs numpy
to run the shipped weights; scikit-learn is used here, at build time, for
well-tested linear models. Features are the same hashed features that
inference computes, scaled by one over the square root of their count.

Two single-label learners: a multinomial logistic regression, and a linear
SVM (one-vs-rest, squared hinge, liblinear) whose margins become
probabilities through a softmax with one temperature fitted on held-out
margins (dialogue-grouped folds of the training data). On the annotated
corpora the SVM is the more accurate of the two (docs/methodology) and
trains in seconds. The same held-out margins also set one offset per label,
chosen to maximise macro F1 (balanced class weights alone over-predict the
rare labels); the temperature leaves the predicted labels unchanged.

Word vectors (`train_word_vectors`, needs gensim, in the `train` extra) are
learned from unlabelled dialogue text; with them the features gain the
sentence's mean word vector and the other side's previous words' vector.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from softpower.analysis.conversation.features import FeatureSettings, hashed_features, tokens_of
from softpower.analysis.conversation.labelled import LabelledSentence
from softpower.analysis.conversation.model import StrategyModel
from softpower.analysis.conversation.word_vectors import WordVectors, dense_features

WORD_VECTOR_DIMENSIONS = 100
WORD_VECTOR_SEED = 1
OFFSET_GRID = tuple(step / 20 for step in range(-8, 9))  # -0.4 .. 0.4


def _stable_hash(text: str) -> int:
    return zlib.crc32(text.encode())


def train_word_vectors(
    texts: Iterable[str],
    dimensions: int = WORD_VECTOR_DIMENSIONS,
    seed: int = WORD_VECTOR_SEED,
) -> WordVectors:
    """Skip-gram word2vec (gensim) over tokenised texts; one thread and a stable hash, so reproducible.

    Words seen fewer than twice are left out; vectors are scaled to unit length.
    """
    from gensim.models import Word2Vec

    corpus = [tokens for tokens in (tokens_of(text) for text in texts) if tokens]
    trained = Word2Vec(
        corpus,
        vector_size=dimensions,
        window=5,
        min_count=2,
        sg=1,
        epochs=20,
        workers=1,
        seed=seed,
        hashfxn=_stable_hash,
    )
    vectors = np.asarray(trained.wv.vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.maximum(norms, 1e-9)
    return WordVectors(tuple(str(word) for word in trained.wv.index_to_key), vectors)


def feature_matrix(
    examples: Sequence[LabelledSentence],
    settings: FeatureSettings,
    word_vectors: WordVectors | None = None,
) -> Any:
    """A CSR matrix (examples x buckets [+ dense columns]) of scaled binary (and dense) features."""
    from scipy.sparse import csr_matrix, hstack

    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for example in examples:
        row = hashed_features(example.text, example.context, settings)
        indices.extend(row)
        values.extend([1.0 / math.sqrt(len(row))] * len(row))
        indptr.append(len(indices))
    sparse = csr_matrix(
        (np.asarray(values, dtype=np.float64), np.asarray(indices), np.asarray(indptr)),
        shape=(len(examples), settings.buckets),
    )
    if word_vectors is None:
        return sparse
    dense = np.asarray(
        [dense_features(e.text, e.context, settings, word_vectors) for e in examples]
    )
    return hstack([sparse, csr_matrix(dense)], format="csr")


def _split_weights(
    coefficients: npt.NDArray[np.float64],
    settings: FeatureSettings,
    word_vectors: WordVectors | None,
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32] | None]:
    """Hashed-feature weights (buckets x labels) and dense weights, from (labels x columns) coefficients."""
    weights = np.ascontiguousarray(coefficients[:, : settings.buckets].T, dtype=np.float32)
    if word_vectors is None:
        return weights, None
    return weights, np.ascontiguousarray(coefficients[:, settings.buckets :].T, dtype=np.float32)


def fit_single_label(
    examples: Sequence[LabelledSentence],
    settings: FeatureSettings | None = None,
    regularisation: float = 8.0,
    provenance: dict[str, Any] | None = None,
    balanced: bool = True,
) -> StrategyModel:
    """Multinomial logistic regression, classes weighted to favour macro F1; first label of each example."""
    from sklearn.linear_model import LogisticRegression

    settings = settings or FeatureSettings()
    matrix = feature_matrix(examples, settings)
    targets = [example.labels[0] for example in examples]
    classifier = LogisticRegression(
        C=regularisation, max_iter=2000, class_weight="balanced" if balanced else None
    )
    classifier.fit(matrix, targets)
    labels = tuple(str(label) for label in classifier.classes_)
    coefficients = classifier.coef_
    intercepts = classifier.intercept_
    if len(labels) == 2:  # scikit-learn keeps one row for two classes
        coefficients = np.vstack([-coefficients[0] / 2, coefficients[0] / 2])
        intercepts = np.asarray([-intercepts[0] / 2, intercepts[0] / 2])
    return StrategyModel(
        labels=labels,
        weights=np.ascontiguousarray(coefficients.T, dtype=np.float32),
        bias=np.asarray(intercepts, dtype=np.float32),
        settings=settings,
        multilabel=False,
        provenance=provenance or {},
    )


def _dialogue_folds(examples: Sequence[LabelledSentence], folds: int) -> npt.NDArray[np.int64]:
    """Fold number of each example; all sentences of a dialogue share a fold."""
    dialogues = sorted({example.dialogue_id for example in examples})
    fold_of = {dialogue: position % folds for position, dialogue in enumerate(dialogues)}
    return np.asarray([fold_of[example.dialogue_id] for example in examples], dtype=np.int64)


def _fit_temperature(margins: npt.NDArray[np.float64], truth: npt.NDArray[np.int64]) -> float:
    """The factor on margins that minimises the held-out log loss of their softmax."""
    from scipy.optimize import minimize_scalar

    def log_loss(temperature: float) -> float:
        scaled = margins * temperature
        scaled = scaled - scaled.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scaled).sum(axis=1))
        return float(np.mean(log_norm - scaled[np.arange(len(truth)), truth]))

    found = minimize_scalar(log_loss, bounds=(0.05, 50.0), method="bounded")
    return float(found.x)


def _svm(regularisation: float) -> Any:
    from sklearn.svm import LinearSVC

    return LinearSVC(C=regularisation, class_weight="balanced", max_iter=5000)


def _full_margins(classifier: Any, matrix: Any, labels: Sequence[str]) -> npt.NDArray[np.float64]:
    """Margins for every label (a label absent from a fold's training gets a very low margin)."""
    raw = np.asarray(classifier.decision_function(matrix), dtype=np.float64)
    if raw.ndim == 1:
        raw = np.stack([-raw / 2, raw / 2], axis=1)
    full = np.full((matrix.shape[0], len(labels)), -1e3)
    for column, label in enumerate(classifier.classes_):
        full[:, labels.index(str(label))] = raw[:, column]
    return full


def tune_label_offsets(
    margins: npt.NDArray[np.float64],
    truth: npt.NDArray[np.int64],
    grid: Sequence[float] = OFFSET_GRID,
    rounds: int = 2,
) -> npt.NDArray[np.float64]:
    """Per-label offsets on held-out margins that maximise macro F1 (coordinate ascent over a grid)."""
    from sklearn.metrics import f1_score

    labels = np.arange(margins.shape[1])

    def macro_f1(offsets: npt.NDArray[np.float64]) -> float:
        predicted = np.argmax(margins + offsets, axis=1)
        return float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0))

    offsets = np.zeros(margins.shape[1])
    best = macro_f1(offsets)
    for _ in range(rounds):
        for column in labels:
            for value in grid:
                trial = offsets.copy()
                trial[column] = value
                score = macro_f1(trial)
                if score > best + 1e-9:
                    best, offsets = score, trial
    return offsets


def fit_calibrated_svm(
    examples: Sequence[LabelledSentence],
    settings: FeatureSettings | None = None,
    regularisation: float = 0.3,
    provenance: dict[str, Any] | None = None,
    calibration_folds: int = 3,
    word_vectors: WordVectors | None = None,
    tune_offsets: bool = True,
) -> StrategyModel:
    """Linear SVM over the first label of each example; softmax probabilities, calibrated.

    The held-out margins of `calibration_folds` dialogue-grouped folds set the
    per-label offsets (when `tune_offsets`) and then the softmax temperature.
    With `calibration_folds=0` both are left out (faster, for choosing C).
    """
    settings = settings or FeatureSettings()
    matrix = feature_matrix(examples, settings, word_vectors)
    targets = np.asarray([example.labels[0] for example in examples])
    labels = sorted({str(label) for label in targets})
    temperature = 1.0
    offsets = np.zeros(len(labels))
    if calibration_folds > 1:
        folds = _dialogue_folds(examples, calibration_folds)
        margins = np.zeros((len(examples), len(labels)))
        for fold in range(calibration_folds):
            train, held = folds != fold, folds == fold
            if len(set(targets[train])) < 2 or not held.any():
                continue
            classifier = _svm(regularisation).fit(matrix[train], targets[train])
            margins[held] = _full_margins(classifier, matrix[held], labels)
        truth = np.asarray([labels.index(str(label)) for label in targets], dtype=np.int64)
        if tune_offsets:
            offsets = tune_label_offsets(margins, truth)
        temperature = _fit_temperature(margins + offsets, truth)
    classifier = _svm(regularisation).fit(matrix, targets)
    coefficients = np.asarray(classifier.coef_, dtype=np.float64)
    intercepts = np.asarray(classifier.intercept_, dtype=np.float64)
    if len(labels) == 2:  # one row for two classes, as in logistic regression
        coefficients = np.vstack([-coefficients[0] / 2, coefficients[0] / 2])
        intercepts = np.asarray([-intercepts[0] / 2, intercepts[0] / 2])
    weights, dense_weights = _split_weights(coefficients * temperature, settings, word_vectors)
    details = dict(provenance or {})
    details.setdefault("learner", f"LinearSVC C={regularisation}, balanced classes")
    details.setdefault("temperature", temperature)
    details.setdefault("label_offsets", dict(zip(labels, (float(o) for o in offsets), strict=True)))
    return StrategyModel(
        labels=tuple(str(label) for label in classifier.classes_),
        weights=weights,
        bias=np.asarray((intercepts + offsets) * temperature, dtype=np.float32),
        settings=settings,
        multilabel=False,
        provenance=details,
        word_vectors=word_vectors,
        dense_weights=dense_weights,
    )


def fit_multi_label(
    examples: Sequence[LabelledSentence],
    labels: Sequence[str],
    settings: FeatureSettings | None = None,
    regularisation: float = 8.0,
    threshold: float = 0.5,
    provenance: dict[str, Any] | None = None,
    word_vectors: WordVectors | None = None,
) -> StrategyModel:
    """One balanced binary logistic regression per label (an utterance may carry several)."""
    from sklearn.linear_model import LogisticRegression

    settings = settings or FeatureSettings()
    matrix = feature_matrix(examples, settings, word_vectors)
    coefficients = np.zeros((len(labels), matrix.shape[1]))
    bias = np.zeros(len(labels), dtype=np.float32)
    for column, label in enumerate(labels):
        target = np.asarray([label in example.labels for example in examples], dtype=np.int8)
        if target.min() == target.max():
            bias[column] = 10.0 if target[0] else -10.0
            continue
        classifier = LogisticRegression(C=regularisation, max_iter=2000, class_weight="balanced")
        classifier.fit(matrix, target)
        coefficients[column] = classifier.coef_[0]
        bias[column] = classifier.intercept_[0]
    weights, dense_weights = _split_weights(coefficients, settings, word_vectors)
    return StrategyModel(
        labels=tuple(labels),
        weights=weights,
        bias=bias,
        settings=settings,
        multilabel=True,
        threshold=threshold,
        provenance=provenance or {},
        word_vectors=word_vectors,
        dense_weights=dense_weights,
    )


def choose_svm_regularisation(
    examples: Sequence[LabelledSentence],
    settings: FeatureSettings,
    choices: Sequence[float] = (0.1, 0.3, 1.0),
    folds: int = 3,
    word_vectors: WordVectors | None = None,
) -> float:
    """The SVM's C with the best macro F1 over dialogue-grouped folds of `examples` (training data)."""
    from sklearn.metrics import f1_score

    fold_of = _dialogue_folds(examples, folds)
    best = (-1.0, choices[0])
    for choice in choices:
        gold: list[str] = []
        predicted: list[str] = []
        for fold in range(folds):
            inner = [e for e, f in zip(examples, fold_of, strict=True) if f != fold]
            held = [e for e, f in zip(examples, fold_of, strict=True) if f == fold]
            if not held or len({e.labels[0] for e in inner}) < 2:
                continue  # too few dialogues or labels for this fold
            model = fit_calibrated_svm(
                inner, settings, choice, calibration_folds=0, word_vectors=word_vectors
            )
            gold.extend(e.labels[0] for e in held)
            predicted.extend(model.predict_labels(e.text, e.context)[0] for e in held)
        score = float(f1_score(gold, predicted, average="macro", zero_division=0))
        best = max(best, (score, choice))
    return best[1]
