"""Training the calibrated linear SVM: its labels, probabilities, offsets, word vectors, context."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from softpower.analysis.conversation.features import (
    FeatureSettings,
    SentenceContext,
    feature_names,
)
from softpower.analysis.conversation.labelled import LabelledSentence
from softpower.analysis.conversation.model import load_model_files, save_model
from softpower.analysis.conversation.training import (
    choose_svm_regularisation,
    fit_calibrated_svm,
    train_word_vectors,
    tune_label_offsets,
)

SETTINGS = FeatureSettings(bits=12, own_context=True)
QUESTIONS = ["What matters most to you?", "How do you handle late loads?", "Why now?"]
PITCHES = ["Our platform is the best.", "We have the leading product.", "Our release is great."]


def _examples() -> list[LabelledSentence]:
    examples = []
    for dialogue in range(6):
        for text in QUESTIONS:
            examples.append(LabelledSentence(f"d{dialogue}", text, ("pull",), SentenceContext()))
        for text in PITCHES:
            examples.append(LabelledSentence(f"d{dialogue}", text, ("push",), SentenceContext()))
    return examples


def test_calibrated_svm_separates_and_gives_probabilities() -> None:
    model = fit_calibrated_svm(_examples(), SETTINGS, regularisation=0.3)
    assert set(model.labels) == {"pull", "push"}
    question = model.predict("What would success look like for you?")
    pitch = model.predict("Our product has the best release.")
    assert question["pull"] > 0.5 > question["push"]
    assert pitch["push"] > 0.5
    assert abs(sum(question.values()) - 1.0) < 1e-6
    assert model.provenance["temperature"] > 0
    plain = fit_calibrated_svm(_examples(), SETTINGS, 0.3, tune_offsets=False)
    uncalibrated = fit_calibrated_svm(_examples(), SETTINGS, 0.3, calibration_folds=0)
    for text in QUESTIONS + PITCHES + ["Tell me more."]:
        assert plain.predict_labels(text) == uncalibrated.predict_labels(text)
        assert model.predict_labels(text) == question_or_pitch(text)
    assert np.isfinite(model.weights).all()


def question_or_pitch(text: str) -> tuple[str]:
    return ("pull",) if text in QUESTIONS or text.startswith("Tell") else ("push",)


def test_label_offsets_restore_an_under_predicted_label() -> None:
    # label 1 is right whenever its margin is within 0.2 of label 0's, but never wins the argmax
    margins = np.array([[1.0, 0.85], [1.0, 0.9], [1.0, 0.5], [1.0, 0.4], [0.2, 1.0]])
    truth = np.array([1, 1, 0, 0, 1])
    offsets = tune_label_offsets(margins, truth)
    assert (np.argmax(margins + offsets, axis=1) == truth).all()
    assert (np.argmax(margins, axis=1) != truth).sum() == 2


def test_word_vectors_carry_into_the_model_and_survive_saving(tmp_path: Path) -> None:
    corpus = (QUESTIONS + PITCHES + ["What matters to your team?", "Our product wins."]) * 20
    vectors = train_word_vectors(corpus, dimensions=8)
    assert "what" in vectors.index and "platform" in vectors.index
    assert abs(float(np.linalg.norm(vectors.sentence_vector("What matters?"))) - 1.0) < 1e-6
    assert not vectors.sentence_vector("zebra quokka").any()
    assert train_word_vectors(corpus, dimensions=8).vectors.tolist() == vectors.vectors.tolist()
    settings = FeatureSettings(
        bits=12, own_context=True, sentence_vector_weight=0.6, context_vector_weight=0.3
    )
    model = fit_calibrated_svm(_examples(), settings, 0.3, word_vectors=vectors)
    assert model.dense_weights is not None and model.dense_weights.shape == (16, 2)
    context = SentenceContext(previous_other="Our platform is great?")
    dense = model.dense_features("What matters most?", context)
    assert dense is not None and dense.shape == (16,) and dense[8:].any()
    save_model(model, tmp_path, "m")
    loaded = load_model_files(tmp_path / "m.npz", tmp_path / "m.json")
    assert loaded.word_vectors is not None and loaded.word_vectors.words == vectors.words
    assert loaded.settings == settings
    for text in QUESTIONS + PITCHES:
        assert loaded.predict_labels(text, context) == model.predict_labels(text, context)
        assert abs(loaded.predict(text)["pull"] - model.predict(text)["pull"]) < 1e-2


def test_regularisation_is_chosen_from_the_choices() -> None:
    assert choose_svm_regularisation(_examples(), SETTINGS, (0.1, 1.0)) in (0.1, 1.0)


def test_own_context_adds_the_previous_sentence_only_when_asked() -> None:
    context = SentenceContext(previous_own="Our platform is the best.", previous_other="Why?")
    plain = feature_names("Would you sign today?", context, FeatureSettings(bits=12))
    rich = feature_names("Would you sign today?", context, SETTINGS)
    assert not any(name.startswith("o:") for name in plain)
    assert {"o:platform", "ofirst:our", "pfirst:why"} <= set(rich)
