"""Read annotated dialogue corpora into labelled sentences for training and evaluation.

Two public formats are supported, each as published: the PersuasionForGood
CSV (one sentence per row: `B2` dialogue, `B4` role, `Turn`, `Unit`,
`er_label_1`...) and the CaSiNo JSON (a list of dialogues with `chat_logs` and
`annotations`). Any other file in one of these formats can be scored by the
conversation benchmark without code changes. Bad rows raise `BadRecord` with
file and line; an unreadable file raises `BadFile`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from softpower.analysis.conversation.features import SentenceContext
from softpower.analysis.conversation.labelled import LabelledSentence
from softpower.errors import BadFile, BadRecord, RecordProblem

PERSUADER = "0"
PERSUASION_COLUMNS = ("B2", "B4", "Turn", "Unit", "er_label_1")


def read_persuasion_csv(
    path: Path, label_column: str = "er_label_1", role: str = PERSUADER
) -> list[LabelledSentence]:
    """Labelled sentences of one role (persuader by default), with the other side's last sentence as context."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as error:
        raise BadFile(str(path), error.strerror or str(error)) from error
    examples: list[LabelledSentence] = []
    problems: list[RecordProblem] = []
    with handle:
        reader = csv.DictReader(handle)
        missing = [
            column
            for column in (*PERSUASION_COLUMNS[:4], label_column)
            if column not in (reader.fieldnames or [])
        ]
        if missing:
            raise BadFile(
                str(path), f"not a PersuasionForGood CSV: missing column(s) {', '.join(missing)}"
            )
        last_other: dict[str, str] = {}
        index_in_turn: dict[tuple[str, str], int] = {}
        last_own: dict[tuple[str, str], str] = {}
        for line, row in enumerate(reader, start=2):
            dialogue, speaker, text = row["B2"], row["B4"], row["Unit"] or ""
            try:
                turn = int(float(row["Turn"]))
            except ValueError:
                problems.append(
                    RecordProblem(str(path), line, "Turn", f"not a number: {row['Turn']!r}")
                )
                continue
            if speaker != role:
                last_other[dialogue] = text
                continue
            key = (dialogue, str(turn))
            position = index_in_turn.get(key, 0)
            index_in_turn[key] = position + 1
            previous_own = last_own.get(key, "")
            last_own[key] = text
            label = (row.get(label_column) or "").strip()
            if not label:
                continue
            context = SentenceContext(
                turn_index=turn,
                index_in_turn=position,
                previous_other=last_other.get(dialogue, ""),
                previous_own=previous_own,
            )
            examples.append(LabelledSentence(dialogue, text, (label,), context))
    if problems:
        raise BadRecord(problems)
    return examples


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BadFile(str(path), error.strerror or str(error)) from error
    except json.JSONDecodeError as error:
        raise BadFile(str(path), f"invalid JSON at line {error.lineno}: {error.msg}") from error


def read_casino_json(path: Path) -> list[LabelledSentence]:
    """Annotated utterances of every annotated dialogue; labels are the comma-separated strategies."""
    dialogues = _load_json(path)
    if not isinstance(dialogues, list):
        raise BadFile(str(path), "not a CaSiNo JSON file: expected a list of dialogues")
    examples: list[LabelledSentence] = []
    problems: list[RecordProblem] = []
    for number, dialogue in enumerate(dialogues, start=1):
        if not isinstance(dialogue, dict) or "annotations" not in dialogue:
            problems.append(
                RecordProblem(str(path), None, f"dialogue {number}", "missing 'annotations'")
            )
            continue
        dialogue_id = str(dialogue.get("dialogue_id", number))
        logs = [entry for entry in dialogue.get("chat_logs", []) if isinstance(entry, dict)]
        cursor = 0
        for annotation in dialogue["annotations"] or []:
            if not (isinstance(annotation, list) and len(annotation) == 2):
                problems.append(
                    RecordProblem(
                        str(path),
                        None,
                        f"dialogue {dialogue_id}",
                        "annotation is not [text, labels]",
                    )
                )
                continue
            text, labels = str(annotation[0]), str(annotation[1])
            context = SentenceContext()
            for position in range(cursor, len(logs)):
                if str(logs[position].get("text", "")).strip() == text.strip():
                    speaker = logs[position].get("id")
                    previous = next(
                        (
                            str(logs[back].get("text", ""))
                            for back in range(position - 1, -1, -1)
                            if logs[back].get("id") != speaker
                        ),
                        "",
                    )
                    context = SentenceContext(
                        turn_index=position, index_in_turn=0, previous_other=previous
                    )
                    cursor = position + 1
                    break
            parsed = tuple(label.strip() for label in labels.split(",") if label.strip())
            if parsed:
                examples.append(LabelledSentence(dialogue_id, text, parsed, context))
    if problems:
        raise BadRecord(problems)
    return examples


def read_persuasion_texts(path: Path) -> list[tuple[str, str]]:
    """(dialogue id, sentence) of every row of a PersuasionForGood CSV, both roles, labelled or not.

    For learning word vectors from the unlabelled dialogues (`full_dialog.csv`).
    """
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as error:
        raise BadFile(str(path), error.strerror or str(error)) from error
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("B2", "Unit") if c not in (reader.fieldnames or [])]
        if missing:
            raise BadFile(
                str(path), f"not a PersuasionForGood CSV: missing column(s) {', '.join(missing)}"
            )
        return [(row["B2"], row["Unit"] or "") for row in reader]
