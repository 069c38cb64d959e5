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
trains in seconds; the temperature leaves its predicted labels unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from softpower.analysis.conversation.features import FeatureSettings, hashed_features
from softpower.analysis.conversation.labelled import LabelledSentence
from softpower.analysis.conversation.model import StrategyModel


def feature_matrix(examples: Sequence[LabelledSentence], settings: FeatureSettings) -> Any:
    """A CSR matrix (examples x buckets) of scaled binary features."""
    from scipy.sparse import csr_matrix

    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for example in examples:
        row = hashed_features(example.text, example.context, settings)
        indices.extend(row)
        values.extend([1.0 / math.sqrt(len(row))] * len(row))
        indptr.append(len(indices))
    return csr_matrix(
        (np.asarray(values, dtype=np.float64), np.asarray(indices), np.asarray(indptr)),
        shape=(len(examples), settings.buckets),
    )


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


def fit_calibrated_svm(
    examples: Sequence[LabelledSentence],
    settings: FeatureSettings | None = None,
    regularisation: float = 0.3,
    provenance: dict[str, Any] | None = None,
    calibration_folds: int = 3,
) -> StrategyModel:
    """Linear SVM over the first label of each example; softmax probabilities, calibrated.

    With `calibration_folds=0` the temperature is left at 1 (same labels, faster: for
    evaluations that only compare predicted labels).
    """
    settings = settings or FeatureSettings()
    matrix = feature_matrix(examples, settings)
    targets = np.asarray([example.labels[0] for example in examples])
    labels = sorted({str(label) for label in targets})
    temperature = 1.0
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
        temperature = _fit_temperature(margins, truth)
    classifier = _svm(regularisation).fit(matrix, targets)
    coefficients = np.asarray(classifier.coef_, dtype=np.float64)
    intercepts = np.asarray(classifier.intercept_, dtype=np.float64)
    if len(labels) == 2:  # one row for two classes, as in logistic regression
        coefficients = np.vstack([-coefficients[0] / 2, coefficients[0] / 2])
        intercepts = np.asarray([-intercepts[0] / 2, intercepts[0] / 2])
    details = dict(provenance or {})
    details.setdefault("learner", f"LinearSVC C={regularisation}, balanced classes")
    details.setdefault("temperature", temperature)
    return StrategyModel(
        labels=tuple(str(label) for label in classifier.classes_),
        weights=np.ascontiguousarray(coefficients.T * temperature, dtype=np.float32),
        bias=np.asarray(intercepts * temperature, dtype=np.float32),
        settings=settings,
        multilabel=False,
        provenance=details,
    )


def fit_multi_label(
    examples: Sequence[LabelledSentence],
    labels: Sequence[str],
    settings: FeatureSettings | None = None,
    regularisation: float = 8.0,
    threshold: float = 0.5,
    provenance: dict[str, Any] | None = None,
) -> StrategyModel:
    """One balanced binary logistic regression per label (an utterance may carry several)."""
    from sklearn.linear_model import LogisticRegression

    settings = settings or FeatureSettings()
    matrix = feature_matrix(examples, settings)
    weights = np.zeros((settings.buckets, len(labels)), dtype=np.float32)
    bias = np.zeros(len(labels), dtype=np.float32)
    for column, label in enumerate(labels):
        target = np.asarray([label in example.labels for example in examples], dtype=np.int8)
        if target.min() == target.max():
            bias[column] = 10.0 if target[0] else -10.0
            continue
        classifier = LogisticRegression(C=regularisation, max_iter=2000, class_weight="balanced")
        classifier.fit(matrix, target)
        weights[:, column] = classifier.coef_[0]
        bias[column] = classifier.intercept_[0]
    return StrategyModel(
        labels=tuple(labels),
        weights=weights,
        bias=bias,
        settings=settings,
        multilabel=True,
        threshold=threshold,
        provenance=provenance or {},
    )


def choose_svm_regularisation(
    examples: Sequence[LabelledSentence],
    settings: FeatureSettings,
    choices: Sequence[float] = (0.1, 0.3, 1.0),
    folds: int = 3,
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
            model = fit_calibrated_svm(inner, settings, choice, calibration_folds=0)
            gold.extend(e.labels[0] for e in held)
            predicted.extend(model.predict_labels(e.text, e.context)[0] for e in held)
        score = float(f1_score(gold, predicted, average="macro", zero_division=0))
        best = max(best, (score, choice))
    return best[1]
