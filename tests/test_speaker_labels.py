"""Scoring kind and gender against hand labels, and the labels themselves (fixtures/)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from quotes.evaluate.speakers import (
    Predicted,
    SpeakerLabel,
    confusion_markdown,
    gender_figures,
    label_key,
    read_labels,
    score_speakers,
)

LABELS = Path(__file__).resolve().parent.parent / "fixtures" / "polnear_train_speakers_labels.jsonl"


def test_the_hand_labels_are_200_speakers_with_names_only() -> None:
    labels = read_labels(LABELS)
    assert len(labels) == 200 and len({(label.doc_id, label.speaker) for label in labels}) == 200
    assert all(len(label.name.split()) <= 7 and all(len(e.split()) <= 3 for e in label.evidence) for label in labels)
    assert all((label.gender is None) == (not label.evidence) for label in labels)
    assert {label.kind for label in labels} == {"person", "anonymous", "group", "organization", "document", None}


def test_a_long_id_is_labelled_by_its_digest() -> None:
    long_id = "dozens-of-countries-including-the-united-states-and-more"
    assert label_key(long_id) == "sha1:" + hashlib.sha1(long_id.encode()).hexdigest()[:16]
    assert label_key("mike-pompeo") == "mike-pompeo"


def test_read_labels_names_the_line_of_a_bad_label(tmp_path: Path) -> None:
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"doc_id": "a", "speaker": "x", "kind": "person", "gender": null}\n'
                   '{"doc_id": "a", "speaker": "y", "kind": "people", "gender": null}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"labels.jsonl:2: kind 'people' is not one of person"):
        read_labels(bad)
    bad.write_text('{"doc_id": "a"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"labels.jsonl:1: not a speaker label"):
        read_labels(bad)


def test_score_counts_kinds_and_genders_of_the_labels_found() -> None:
    labels = [
        SpeakerLabel("d", "ann", "Ann", "person", "female", ("she",)),
        SpeakerLabel("d", "bo", "Bo", "person", None),
        SpeakerLabel("d", "x", "X", None, None),
        SpeakerLabel("d", "gone", "Gone", "group", None),
    ]
    predicted = {
        ("d", "ann"): Predicted("person", "female", "female"),
        ("d", "bo"): Predicted("organization", "male", None),
        ("d", "x"): Predicted("document", None, None),
    }
    scores = score_speakers(labels, predicted)
    assert (scores.labels, scores.found) == (4, 3)
    assert scores.kinds == {("person", "person"): 1, ("person", "organization"): 1} and scores.kind_accuracy == 0.5
    figures = gender_figures(scores.doc_genders)
    assert figures["claimed"] == 2 and figures["precision"] == 0.5 and figures["unsupported"] == 1
    assert figures["coverage"] == 1.0 and figures["wrong"] == 0
    assert gender_figures(scores.run_genders)["accuracy"] == 1.0


def test_confusion_markdown_has_a_row_and_total_per_value() -> None:
    table = confusion_markdown({("a", "a"): 2, ("a", "b"): 1}, ["a", "b"], name="kind")
    assert table.splitlines()[2] == "| a | 2 | 1 | 3 |" and table.splitlines()[3] == "| b | 0 | 0 | 0 |"
