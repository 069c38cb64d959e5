"""A linear sentence classifier that runs on numpy alone, and its provenance.

Training (with scikit-learn, see `training`) produces a weight table over
hashed features; inference is a sum of weight rows, scaled by one over the
square root of the number of features (the same cosine-style scaling used in
training), plus a bias, followed by softmax (one label per sentence) or a
sigmoid per label (several labels per sentence). A model may also carry word
vectors (`word_vectors`): then the sentence's mean word vector and the other
side's previous words' vector add a small dense product to the scores. The
artifact is a compressed `.npz` with the weights (and word vectors) and a
`.json` beside it naming the labels, the feature settings, the data files
(with sha256) and the commit it came from.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from softpower.analysis.conversation.features import (
    FeatureSettings,
    SentenceContext,
    hashed_features,
)
from softpower.analysis.conversation.word_vectors import WordVectors, dense_features
from softpower.errors import BadFile

DEFAULT_MODEL_NAME = "pull_push"


@dataclass(frozen=True, slots=True)
class StrategyModel:
    """Weights over hashed features for a set of labels, with where they came from."""

    labels: tuple[str, ...]
    weights: npt.NDArray[np.float32]  # (buckets, labels)
    bias: npt.NDArray[np.float32]  # (labels,)
    settings: FeatureSettings
    multilabel: bool = False
    threshold: float = 0.5
    provenance: dict[str, Any] = field(default_factory=dict)
    word_vectors: WordVectors | None = None
    dense_weights: npt.NDArray[np.float32] | None = None  # (2 x vector dimensions, labels)

    def dense_features(self, text: str, context: SentenceContext) -> npt.NDArray[np.float64] | None:
        """The weighted sentence and context vectors, or None for a model without word vectors."""
        if self.word_vectors is None or self.dense_weights is None:
            return None
        return dense_features(text, context, self.settings, self.word_vectors)

    def scores(
        self, indices: Sequence[int], dense: npt.NDArray[np.float64] | None = None
    ) -> npt.NDArray[np.float64]:
        """Raw linear scores for one sentence's feature indices (and dense features, if any)."""
        scale = 1.0 / math.sqrt(len(indices)) if indices else 0.0
        total = self.weights[np.asarray(indices, dtype=np.int64)].sum(axis=0, dtype=np.float64)
        result: npt.NDArray[np.float64] = total * scale + self.bias
        if dense is not None and self.dense_weights is not None:
            result = result + dense @ self.dense_weights
        return result

    def sentence_probabilities(
        self, text: str, context: SentenceContext | None = None
    ) -> npt.NDArray[np.float64]:
        """Probabilities in `labels` order for one sentence in its context."""
        context = context or SentenceContext()
        return self.probabilities(
            hashed_features(text, context, self.settings), self.dense_features(text, context)
        )

    def probabilities(
        self, indices: Sequence[int], dense: npt.NDArray[np.float64] | None = None
    ) -> npt.NDArray[np.float64]:
        raw = self.scores(indices, dense)
        if self.multilabel:
            sigmoid: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-raw))
            return sigmoid
        shifted = np.exp(raw - raw.max())
        softmax: npt.NDArray[np.float64] = shifted / shifted.sum()
        return softmax

    def predict(self, text: str, context: SentenceContext | None = None) -> dict[str, float]:
        """Probability of each label for one sentence."""
        probabilities = self.sentence_probabilities(text, context)
        return dict(zip(self.labels, (float(p) for p in probabilities), strict=True))

    def predict_labels(self, text: str, context: SentenceContext | None = None) -> tuple[str, ...]:
        """The predicted label (or labels, for a multi-label model) of one sentence."""
        probabilities = self.sentence_probabilities(text, context)
        if self.multilabel:
            chosen = tuple(
                label
                for label, p in zip(self.labels, probabilities, strict=True)
                if p >= self.threshold
            )
            return chosen
        return (self.labels[int(np.argmax(probabilities))],)


def save_model(model: StrategyModel, directory: Path, name: str) -> tuple[Path, Path]:
    """Write `<name>.npz` (float16 weights) and `<name>.json` (labels, settings, provenance)."""
    directory.mkdir(parents=True, exist_ok=True)
    weights_path = directory / f"{name}.npz"
    meta_path = directory / f"{name}.json"
    arrays: dict[str, npt.NDArray[Any]] = {
        "weights": model.weights.astype(np.float16),
        "bias": model.bias.astype(np.float32),
    }
    if model.word_vectors is not None and model.dense_weights is not None:
        arrays["words"] = np.asarray(model.word_vectors.words, dtype=np.str_)
        arrays["word_vectors"] = model.word_vectors.vectors.astype(np.float16)
        arrays["dense_weights"] = model.dense_weights.astype(np.float32)
    np.savez_compressed(weights_path, **arrays)  # type: ignore[arg-type]
    meta = {
        "labels": list(model.labels),
        "multilabel": model.multilabel,
        "threshold": model.threshold,
        "settings": {
            "bits": model.settings.bits,
            "char_ngrams": list(model.settings.char_ngrams),
            "context": model.settings.context,
            "own_context": model.settings.own_context,
            "sentence_vector_weight": model.settings.sentence_vector_weight,
            "context_vector_weight": model.settings.context_vector_weight,
        },
        "provenance": model.provenance,
    }
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return weights_path, meta_path


def load_model_files(weights_path: Path, meta_path: Path) -> StrategyModel:
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        with np.load(weights_path) as arrays:
            weights = arrays["weights"].astype(np.float32)
            bias = arrays["bias"].astype(np.float32)
            word_vectors = (
                WordVectors(
                    tuple(str(word) for word in arrays["words"]),
                    arrays["word_vectors"].astype(np.float32),
                )
                if "words" in arrays.files
                else None
            )
            dense_weights = (
                arrays["dense_weights"].astype(np.float32)
                if "dense_weights" in arrays.files
                else None
            )
    except (OSError, ValueError, KeyError) as error:
        raise BadFile(str(weights_path), f"cannot read conversation model: {error}") from error
    settings_meta = meta["settings"]
    settings = FeatureSettings(
        bits=int(settings_meta["bits"]),
        char_ngrams=tuple(settings_meta["char_ngrams"]),
        context=bool(settings_meta["context"]),
        own_context=bool(settings_meta.get("own_context", False)),
        sentence_vector_weight=float(settings_meta.get("sentence_vector_weight", 0.0)),
        context_vector_weight=float(settings_meta.get("context_vector_weight", 0.0)),
    )
    if weights.shape != (settings.buckets, len(meta["labels"])):
        raise BadFile(
            str(weights_path),
            f"weights have shape {weights.shape}, expected {(settings.buckets, len(meta['labels']))}",
        )
    return StrategyModel(
        labels=tuple(meta["labels"]),
        weights=weights,
        bias=bias,
        settings=settings,
        multilabel=bool(meta["multilabel"]),
        threshold=float(meta["threshold"]),
        provenance=dict(meta["provenance"]),
        word_vectors=word_vectors,
        dense_weights=dense_weights,
    )


def load_default_model(name: str = DEFAULT_MODEL_NAME) -> StrategyModel:
    """The model shipped inside the package (built by `make models`)."""
    folder = resources.files("softpower.analysis.conversation") / "models"
    with (
        resources.as_file(folder / f"{name}.npz") as weights_path,
        resources.as_file(folder / f"{name}.json") as meta_path,
    ):
        if not Path(weights_path).exists():
            raise BadFile(str(weights_path), "the conversation model is missing; run `make models`")
        return load_model_files(Path(weights_path), Path(meta_path))
