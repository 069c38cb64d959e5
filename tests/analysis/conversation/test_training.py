"""Training the calibrated linear SVM: its labels, its probabilities, the context features."""

from __future__ import annotations

import numpy as np

from softpower.analysis.conversation.features import (
    FeatureSettings,
    SentenceContext,
    feature_names,
)
from softpower.analysis.conversation.labelled import LabelledSentence
from softpower.analysis.conversation.training import (
    choose_svm_regularisation,
    fit_calibrated_svm,
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
    uncalibrated = fit_calibrated_svm(_examples(), SETTINGS, 0.3, calibration_folds=0)
    for text in QUESTIONS + PITCHES + ["Tell me more."]:
        assert model.predict_labels(text) == uncalibrated.predict_labels(text)
    assert np.isfinite(model.weights).all()


def test_regularisation_is_chosen_from_the_choices() -> None:
    assert choose_svm_regularisation(_examples(), SETTINGS, (0.1, 1.0)) in (0.1, 1.0)


def test_own_context_adds_the_previous_sentence_only_when_asked() -> None:
    context = SentenceContext(previous_own="Our platform is the best.", previous_other="Why?")
    plain = feature_names("Would you sign today?", context, FeatureSettings(bits=12))
    rich = feature_names("Would you sign today?", context, SETTINGS)
    assert not any(name.startswith("o:") for name in plain)
    assert {"o:platform", "ofirst:our", "pfirst:why"} <= set(rich)
