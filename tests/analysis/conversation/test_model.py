"""The shipped sentence model loads, records its provenance and makes sensible calls."""

from __future__ import annotations

from softpower.analysis.conversation import load_default_model


def test_shipped_model_loads_with_provenance() -> None:
    model = load_default_model()
    assert set(model.labels) == {"pull", "push", "neutral"}
    assert model.weights.shape == (model.settings.buckets, 3)
    provenance = model.provenance
    assert provenance["git_commit"]
    assert len(provenance["data_files"]) == 3
    for data_file in provenance["data_files"]:
        assert len(data_file["sha256"]) == 64 and data_file["path"]


def test_model_tells_a_question_from_an_appeal() -> None:
    model = load_default_model()
    question = model.predict("Do you have children of your own? What matters most to you?")
    appeal = model.predict(
        "Save the Children is a highly rated charity that helps millions of children."
    )
    assert question["pull"] > question["push"]
    assert appeal["push"] > appeal["pull"]
    assert abs(sum(question.values()) - 1.0) < 1e-6
