"""Word vectors learned from unlabelled dialogues, and the sentence vectors the model reads.

Hashed n-grams only know the words seen with a label; two sentences arguing the
same point in different words share nothing. A small table of word vectors,
learned (at build time, see `training.train_word_vectors`) from the unlabelled
dialogues beside the annotated ones, lets the linear model generalise across
such wordings: a sentence becomes the unit-length mean of its known words'
vectors. At run time this is a dictionary look-up and a mean, numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from softpower.analysis.conversation.features import FeatureSettings, SentenceContext, tokens_of


@dataclass(frozen=True, slots=True, eq=False)
class WordVectors:
    """One unit-length vector per known word."""

    words: tuple[str, ...]
    vectors: npt.NDArray[np.float32]  # (words, dimensions)
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.vectors.shape[0] != len(self.words):
            raise ValueError(f"{len(self.words)} words but {self.vectors.shape[0]} vectors")
        object.__setattr__(self, "index", {word: row for row, word in enumerate(self.words)})

    @property
    def dimensions(self) -> int:
        return int(self.vectors.shape[1])

    def sentence_vector(self, text: str) -> npt.NDArray[np.float64]:
        """Unit-length mean of the vectors of the text's known words (zeros when none is known)."""
        rows = [self.index[word] for word in tokens_of(text) if word in self.index]
        if not rows:
            return np.zeros(self.dimensions)
        mean = self.vectors[rows].mean(axis=0, dtype=np.float64)
        norm = float(np.linalg.norm(mean))
        result: npt.NDArray[np.float64] = mean / norm if norm > 0 else mean
        return result


def dense_features(
    text: str,
    context: SentenceContext,
    settings: FeatureSettings,
    word_vectors: WordVectors,
) -> npt.NDArray[np.float64]:
    """The sentence's vector and the other side's previous words' vector, each weighted by the settings."""
    return np.concatenate(
        [
            settings.sentence_vector_weight * word_vectors.sentence_vector(text),
            settings.context_vector_weight * word_vectors.sentence_vector(context.previous_other),
        ]
    )
