"""Fit a `StrategyModel` from labelled sentences (needs the `train` extra: scikit-learn).

Training is separate from inference on purpose: the product only needs numpy
to run the shipped weights; scikit-learn is used here, at build time, for a
well-tested logistic regression. Features are the same hashed features that
inference computes, scaled by one over the square root of their count.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

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
