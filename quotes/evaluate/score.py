"""Scoring of quote extraction against gold: counts and figures per scope, error cases; prints nothing.

Every scope of :mod:`quotes.evaluate.scopes` (``quoted``, ``speech``, ``all``) is scored
twice, with the rules of :mod:`quotes.evaluate.match`: by overlap (the headline figures:
was the quote found, and its speaker) and exactly (were its content boundaries right). Both
follow the reference scorer the gold sets come with, so the figures are the ones a system
is judged by.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from quotes.evaluate.gold import GoldDocument, GoldQuote, RefusedDocument, to_document
from quotes.evaluate.match import match_exact, match_quotes, speaker_is_right
from quotes.evaluate.scopes import SCOPES, in_scope
from quotes.types import Document, Quote, Speaker

log = logging.getLogger(__name__)

ErrorKind = Literal["miss", "extra", "wrong_speaker"]

Scope = Literal["quoted", "speech", "all"]

#: Confidence from which a prediction counts as confident in the calibration rows.
CONFIDENT = 0.8


@dataclass(frozen=True)
class Tally:
    """Counts for one scope, summable across documents."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_right: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.gold + other.gold,
            self.predicted + other.predicted,
            self.matched + other.matched,
            self.speaker_right + other.speaker_right,
        )


@dataclass(frozen=True)
class ErrorCase:
    """One mistake of a system (overlap matching), for reading by a person.

    Attributes:
        doc_id: Document id.
        scope: The scope the mistake was found in.
        kind: ``miss`` (gold not found), ``extra`` (prediction matching no gold)
            or ``wrong_speaker`` (matched, speaker wrong).
        start: Start of the gold span (``miss``, ``wrong_speaker``) or predicted span (``extra``).
        end: End of that span.
        text: The document text of that span.
        type: Gold type (``miss``, ``wrong_speaker``) or predicted type (``extra``).
        gold_speaker: Gold speaker name, if any.
        predicted_speaker: Predicted speaker name, if any.
        predicted_mention: Predicted speaker mention, if any.
    """

    doc_id: str
    scope: str
    kind: ErrorKind
    start: int
    end: int
    text: str
    type: str
    gold_speaker: str | None
    predicted_speaker: str | None
    predicted_mention: str | None


@dataclass(frozen=True)
class DocumentScore:
    """One document's tallies per scope, by overlap and exact matching, and the mistakes behind the first."""

    doc_id: str
    overlap: Mapping[str, Tally]
    exact: Mapping[str, Tally]
    errors: tuple[ErrorCase, ...]


@dataclass(frozen=True)
class Scores:
    """Figures for one scope. Ratios with a zero denominator are 0.0."""

    quote_p: float
    quote_r: float
    quote_f1: float
    speaker_acc: float
    e2e_p: float
    e2e_r: float
    e2e_f1: float
    gold: int
    predicted: int
    matched: int
    speaker_right: int

    @classmethod
    def from_tally(cls, tally: Tally) -> Scores:
        """Compute precision, recall, F1 and speaker accuracy from counts."""
        quote_p = _ratio(tally.matched, tally.predicted)
        quote_r = _ratio(tally.matched, tally.gold)
        e2e_p = _ratio(tally.speaker_right, tally.predicted)
        e2e_r = _ratio(tally.speaker_right, tally.gold)
        return cls(
            quote_p=quote_p,
            quote_r=quote_r,
            quote_f1=_f1(quote_p, quote_r),
            speaker_acc=_ratio(tally.speaker_right, tally.matched),
            e2e_p=e2e_p,
            e2e_r=e2e_r,
            e2e_f1=_f1(e2e_p, e2e_r),
            gold=tally.gold,
            predicted=tally.predicted,
            matched=tally.matched,
            speaker_right=tally.speaker_right,
        )


@dataclass(frozen=True)
class Report:
    """The evaluation of one system over a gold set.

    Attributes:
        system: Name of the system.
        documents: Documents scored.
        refused: Documents the system declined (scored as empty predictions).
        overlap: Scope -> figures with overlap matching.
        exact: Scope -> figures with exact matching of the trimmed content spans.
        errors: Misses, extras and wrong speakers of overlap matching, every scope.
        confident_matched: Matched predictions (all types) with confidence >= :data:`CONFIDENT`.
        confident_right: Of those, how many have the right speaker.
    """

    system: str
    documents: int
    refused: int
    overlap: Mapping[str, Scores]
    exact: Mapping[str, Scores]
    errors: tuple[ErrorCase, ...]
    confident_matched: int = 0
    confident_right: int = 0

    @property
    def quoted(self) -> Scores:
        """Figures of quoted material, overlap matching."""
        return self.overlap["quoted"]

    @property
    def speech(self) -> Scores:
        """Figures of quoted material and reported speech, overlap matching."""
        return self.overlap["speech"]

    @property
    def all(self) -> Scores:
        """Figures of every type, overlap matching."""
        return self.overlap["all"]

    @property
    def confident_accuracy(self) -> float:
        """Speaker accuracy among matched predictions with confidence >= :data:`CONFIDENT`."""
        return _ratio(self.confident_right, self.confident_matched)

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as JSON-safe data: per scope, its overlap figures and ``exact`` ones."""
        return {
            "system": self.system,
            "documents": self.documents,
            "refused": self.refused,
            **{
                scope: {**dataclasses.asdict(self.overlap[scope]), "exact": dataclasses.asdict(self.exact[scope])}
                for scope in SCOPES
            },
            "confident_matched": self.confident_matched,
            "confident_speaker_acc": self.confident_accuracy,
        }


def score_document(
    gold: GoldDocument, predicted: Sequence[Quote], *, aliases: Mapping[str, frozenset[str]] | None = None
) -> DocumentScore:
    """Score one document's predictions in every scope, by overlap and exactly.

    Args:
        gold: The annotated document.
        predicted: The system's quotes for it.
        aliases: Canonical name -> variants (see :func:`quotes.evaluate.gold.load_aliases`).

    Returns:
        Tallies per scope and the error cases of overlap matching (each tagged with its scope).
    """
    overlap: dict[str, Tally] = {}
    exact: dict[str, Tally] = {}
    errors: list[ErrorCase] = []
    for scope in SCOPES:
        gold_quotes = [q for q in gold.quotes if in_scope(q.type, q.cue, scope)]
        predicted_quotes = [q for q in predicted if in_scope(q.type, q.cue, scope)]
        pairs = match_quotes(gold_quotes, predicted_quotes)
        right = [speaker_is_right(gold_quotes[gi], predicted_quotes[pi].speaker, aliases=aliases) for gi, pi in pairs]
        overlap[scope] = Tally(len(gold_quotes), len(predicted_quotes), len(pairs), sum(right))
        errors.extend(_errors(gold, scope, gold_quotes, predicted_quotes, pairs, right))
        exact_pairs = match_exact(gold_quotes, predicted_quotes, gold.text)
        exact_right = sum(
            speaker_is_right(gold_quotes[gi], predicted_quotes[pi].speaker, aliases=aliases) for gi, pi in exact_pairs
        )
        exact[scope] = Tally(len(gold_quotes), len(predicted_quotes), len(exact_pairs), exact_right)
    errors.sort(key=lambda e: (SCOPES.index(e.scope), e.start, e.end, e.kind))
    return DocumentScore(doc_id=gold.id, overlap=overlap, exact=exact, errors=tuple(errors))


def _errors(
    gold: GoldDocument,
    scope: str,
    gold_quotes: Sequence[GoldQuote],
    predicted_quotes: Sequence[Quote],
    pairs: Sequence[tuple[int, int]],
    right: Sequence[bool],
) -> list[ErrorCase]:
    """The misses, extras and wrong speakers of one scope of one document."""
    errors = [
        _error(gold, scope, "wrong_speaker", gold_quotes[gi], predicted_quotes[pi].speaker)
        for (gi, pi), ok in zip(pairs, right)
        if not ok
    ]
    matched_gold = {gi for gi, _ in pairs}
    matched_predicted = {pi for _, pi in pairs}
    errors.extend(_error(gold, scope, "miss", g, None) for gi, g in enumerate(gold_quotes) if gi not in matched_gold)
    errors.extend(
        _error(gold, scope, "extra", p, p.speaker) for pi, p in enumerate(predicted_quotes) if pi not in matched_predicted
    )
    return errors


def _error(
    gold: GoldDocument, scope: str, kind: ErrorKind, quote: GoldQuote | Quote, predicted: Speaker | None
) -> ErrorCase:
    return ErrorCase(
        doc_id=gold.id,
        scope=scope,
        kind=kind,
        start=quote.start,
        end=quote.end,
        text=gold.text[quote.start : quote.end],
        type=quote.type,
        gold_speaker=quote.speaker if isinstance(quote, GoldQuote) else None,
        predicted_speaker=predicted.name if predicted else None,
        predicted_mention=predicted.mention if predicted else None,
    )


def predict_gold(
    gold_docs: Iterable[GoldDocument],
    predict: Callable[[Document], Sequence[Quote]],
    *,
    system: str,
    resolve: bool = False,
) -> tuple[list[Sequence[Quote]], int]:
    """Run a system over the documents of a gold set.

    Args:
        gold_docs: The annotated documents.
        predict: The system: document in, quotes out. It may raise
            :class:`~quotes.evaluate.gold.RefusedDocument`; the document then counts as
            refused and as an empty prediction.
        system: Name of the system, for log messages.
        resolve: Give the quotes run-wide speaker names and statement ids, as
            ``quotes extract`` writes them (:func:`quotes.crossdoc.run.resolve_quotes`).

    Returns:
        Each document's quotes, in the order of ``gold_docs``, and the number of refused documents.
    """
    documents = [to_document(gold) for gold in gold_docs]
    predictions: list[Sequence[Quote]] = []
    refused = 0
    for document in documents:
        try:
            predictions.append(predict(document))
        except RefusedDocument as exc:
            log.info("%s refused document %s: %s", system, document.id, exc)
            refused += 1
            predictions.append(())
    if resolve:
        from quotes.crossdoc.run import resolve_quotes

        resolved, _ = resolve_quotes(zip(documents, predictions))
        ends = list(itertools.accumulate(len(quotes) for quotes in predictions))
        predictions = [resolved[end - len(quotes) : end] for end, quotes in zip(ends, predictions)]
    return predictions, refused


def score_predictions(
    gold_docs: Sequence[GoldDocument],
    predictions: Sequence[Sequence[Quote]],
    *,
    system: str,
    refused: int = 0,
    aliases: Mapping[str, frozenset[str]] | None = None,
) -> Report:
    """Score a system's quotes against a gold set.

    Args:
        gold_docs: The annotated documents.
        predictions: Each document's predicted quotes, in the order of ``gold_docs``.
        system: Name of the system, for the report.
        refused: How many documents the system declined, for the report.
        aliases: Canonical name -> variants (see :func:`quotes.evaluate.gold.load_aliases`).

    Returns:
        Figures for every scope, document counts and every error case.

    Raises:
        ValueError: ``predictions`` and ``gold_docs`` differ in length.
    """
    if len(predictions) != len(gold_docs):
        raise ValueError(f"expected one list of quotes for each of the {len(gold_docs)} documents, got {len(predictions)}")
    overlap = {scope: Tally() for scope in SCOPES}
    exact = {scope: Tally() for scope in SCOPES}
    confident_matched = confident_right = 0
    errors: list[ErrorCase] = []
    for gold, predicted in zip(gold_docs, predictions):
        scored = score_document(gold, predicted, aliases=aliases)
        for scope in SCOPES:
            overlap[scope] += scored.overlap[scope]
            exact[scope] += scored.exact[scope]
        errors.extend(scored.errors)
        for gi, pi in match_quotes(gold.quotes, predicted):
            if predicted[pi].confidence >= CONFIDENT:
                confident_matched += 1
                confident_right += speaker_is_right(gold.quotes[gi], predicted[pi].speaker, aliases=aliases)
    return Report(
        system=system,
        documents=len(gold_docs),
        refused=refused,
        overlap={scope: Scores.from_tally(tally) for scope, tally in overlap.items()},
        exact={scope: Scores.from_tally(tally) for scope, tally in exact.items()},
        errors=tuple(errors),
        confident_matched=confident_matched,
        confident_right=confident_right,
    )


def evaluate(
    gold_docs: Iterable[GoldDocument],
    predict: Callable[[Document], Sequence[Quote]],
    *,
    system: str,
    aliases: Mapping[str, frozenset[str]] | None = None,
    resolve: bool = False,
) -> Report:
    """Run a system over gold documents and score it (:func:`predict_gold`, then :func:`score_predictions`).

    Args:
        gold_docs: The annotated documents.
        predict: The system: document in, quotes out; it may raise
            :class:`~quotes.evaluate.gold.RefusedDocument`.
        system: Name of the system, for the report.
        aliases: Canonical name -> variants (see :func:`quotes.evaluate.gold.load_aliases`).
        resolve: Score the quotes with run-wide speaker names, as ``quotes extract`` writes them.

    Returns:
        Figures for every scope, document counts and every error case.
    """
    gold_docs = list(gold_docs)
    predictions, refused = predict_gold(gold_docs, predict, system=system, resolve=resolve)
    return score_predictions(gold_docs, predictions, system=system, refused=refused, aliases=aliases)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
