"""Kind and gender of speakers scored against labels made by hand.

A label names one speaker of one article (``doc_id`` and the speaker's id, or ``sha1:`` and
the first 16 hex digits of the id's SHA-1 where the id is long article text) with its ``kind``
(``null`` for a mention that names no speaker at all) and its ``gender`` as a careful reader
judges it from that article alone (``null`` when the article gives no evidence), with the
words that decided it. See ``fixtures/README.md``.

The gender of the labelled article is compared with the gender the article's own evidence
gives (the extractor's decision within one document) and, separately, with the run-wide
gender, which may rightly come from evidence in other articles.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from quotes.types import SPEAKER_KINDS

#: Gender values in tables: a missing gender is "unknown".
GENDER_VALUES = ("female", "male", "unknown")


@dataclass(frozen=True)
class SpeakerLabel:
    """One hand-labelled speaker of one article.

    Attributes:
        doc_id: The article.
        speaker: The speaker's id, or ``sha1:<16 hex digits>`` of it.
        name: Its display name (at most six words).
        kind: Its kind, or ``None`` when the mention names no speaker.
        gender: ``female``, ``male``, or ``None`` when the article gives no evidence.
        evidence: The words that decided the gender.
    """

    doc_id: str
    speaker: str
    name: str
    kind: str | None
    gender: str | None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Predicted:
    """What the extractor says of one speaker of one article.

    Attributes:
        kind: The run-wide kind.
        doc_gender: The gender from the article's own evidence.
        run_gender: The run-wide gender.
    """

    kind: str
    doc_gender: str | None
    run_gender: str | None


def read_labels(path: str | Path) -> list[SpeakerLabel]:
    """Read labels, one JSON object a line.

    Raises:
        ValueError: A line is not a label, naming the file and line.
    """
    labels = []
    with open(path, encoding="utf-8") as fp:
        for number, line in enumerate(fp, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                label = SpeakerLabel(
                    raw["doc_id"], raw["speaker"], raw.get("name", ""), raw["kind"], raw["gender"], tuple(raw.get("evidence", ()))
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a speaker label ({exc}); expected doc_id, speaker, kind, gender") from exc
            if label.kind is not None and label.kind not in SPEAKER_KINDS:
                raise ValueError(f"{path}:{number}: kind {label.kind!r} is not one of {', '.join(SPEAKER_KINDS)} or null")
            if label.gender not in (None, "female", "male"):
                raise ValueError(f"{path}:{number}: gender {label.gender!r} is not female, male or null")
            labels.append(label)
    return labels


def label_key(speaker_id: str) -> str:
    """The form a label gives ``speaker_id`` in: itself, or its digest when it is longer than six words."""
    if len(speaker_id.split("-")) > 6:
        return "sha1:" + hashlib.sha1(speaker_id.encode("utf-8")).hexdigest()[:16]
    return speaker_id


def _value(gender: str | None) -> str:
    return gender or "unknown"


@dataclass
class SpeakerScores:
    """Kind and gender of the labelled speakers against the extractor's.

    Attributes:
        labels: Labelled speakers.
        found: Labels whose speaker the extractor gave in that article.
        kinds: ``(label, predicted)`` -> count, over labels with a kind that were found.
        doc_genders: ``(label, predicted)`` -> count, the article's own evidence.
        run_genders: ``(label, predicted)`` -> count, the run-wide gender.
    """

    labels: int = 0
    found: int = 0
    kinds: Counter[tuple[str, str]] = field(default_factory=Counter)
    doc_genders: Counter[tuple[str, str]] = field(default_factory=Counter)
    run_genders: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def kind_accuracy(self) -> float:
        """Share of labelled kinds the extractor gives."""
        total = sum(self.kinds.values())
        return sum(n for (gold, pred), n in self.kinds.items() if gold == pred) / total if total else 0.0


def gender_figures(confusion: Mapping[tuple[str, str], int]) -> dict[str, float | int]:
    """Accuracy, precision, coverage and errors of a gender confusion table.

    Args:
        confusion: ``(label, predicted)`` -> count, values among :data:`GENDER_VALUES`.

    Returns:
        ``accuracy`` (all three values), ``claimed`` (a gender given), ``precision`` (claims
        right), ``coverage`` (labelled genders given), ``wrong`` (the other gender) and
        ``unsupported`` (a gender where the label has none).
    """
    total = sum(confusion.values())
    right = sum(n for (gold, pred), n in confusion.items() if gold == pred)
    claimed = sum(n for (_, pred), n in confusion.items() if pred != "unknown")
    claimed_right = sum(n for (gold, pred), n in confusion.items() if pred != "unknown" and gold == pred)
    labelled = sum(n for (gold, _), n in confusion.items() if gold != "unknown")
    return {
        "total": total,
        "accuracy": right / total if total else 0.0,
        "claimed": claimed,
        "precision": claimed_right / claimed if claimed else 0.0,
        "coverage": claimed_right / labelled if labelled else 0.0,
        "wrong": sum(n for (gold, pred), n in confusion.items() if "unknown" not in (gold, pred) and gold != pred),
        "unsupported": sum(n for (gold, pred), n in confusion.items() if gold == "unknown" and pred != "unknown"),
    }


def score_speakers(labels: Iterable[SpeakerLabel], predicted: Mapping[tuple[str, str], Predicted]) -> SpeakerScores:
    """Compare labels with what the extractor says of the same speakers.

    Args:
        labels: The labels.
        predicted: ``(doc_id, label_key(speaker id))`` -> what the extractor says.

    Returns:
        The confusion tables; labels whose speaker is missing count in ``labels`` only.
    """
    scores = SpeakerScores()
    for label in labels:
        scores.labels += 1
        guess = predicted.get((label.doc_id, label.speaker))
        if guess is None:
            continue
        scores.found += 1
        if label.kind is None:
            continue
        scores.kinds[(label.kind, guess.kind)] += 1
        scores.doc_genders[(_value(label.gender), _value(guess.doc_gender))] += 1
        scores.run_genders[(_value(label.gender), _value(guess.run_gender))] += 1
    return scores


def confusion_markdown(confusion: Mapping[tuple[str, str], int], values: Iterable[str], *, name: str) -> str:
    """A confusion table in Markdown: labels down, predictions across, totals at the end."""
    values = list(values)
    head = f"| {name} (label ↓, predicted →) | " + " | ".join(values) + " | total |"
    rows = [head, "|---|" + "---:|" * (len(values) + 1)]
    for gold in values:
        counts = [confusion.get((gold, pred), 0) for pred in values]
        rows.append(f"| {gold} | " + " | ".join(str(n) for n in counts) + f" | {sum(counts)} |")
    return "\n".join(rows) + "\n"
