"""The evaluation benchmark scores tiny files in both dataset formats via --train/--test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from softpower.errors import BadFile
from softpower.ingest.annotated_dialogues import read_casino_json, read_persuasion_csv

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "conversation"


@pytest.mark.parametrize("name", ["persuasion_tiny.csv", "casino_tiny.json"])
def test_eval_script_runs_on_train_and_test_files(name: str) -> None:
    path = FIXTURES / name
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "conversation_eval.py"),
            "--train",
            str(path),
            "--test",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.endswith(" F1")]
    assert any("_model_macro_f1:" in line for line in lines)
    assert any("pull-push_keyword_macro_f1:" in line for line in lines)


def test_readers_parse_fixtures_with_context() -> None:
    persuasion = read_persuasion_csv(FIXTURES / "persuasion_tiny.csv")
    assert len(persuasion) == 12  # persuader rows only
    proposition = next(e for e in persuasion if e.labels == ("proposition-of-donation",))
    assert (
        proposition.context.previous_other == "No I have not."
        and proposition.context.index_in_turn == 1
    )
    assert proposition.context.previous_own == (
        "They help children in war zones get food and schooling."
    )
    opening = next(e for e in persuasion if e.labels == ("credibility-appeal",))
    assert opening.context.previous_own == ""  # first sentence of its turn
    negotiation = read_casino_json(FIXTURES / "casino_tiny.json")
    assert len(negotiation) == 12
    assert ("no-need", "promote-coordination") in [e.labels for e in negotiation]


def test_reader_names_the_file_when_format_is_wrong(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(BadFile, match=r"wrong\.csv: not a PersuasionForGood CSV"):
        read_persuasion_csv(wrong)
