"""Gold loading and scoring of quote extraction; returns numbers, prints nothing.

Matching rules (fixed, so that figures are comparable across systems and runs):

* A predicted quote matches a gold quote when their spans overlap by at least
  half the longer span, or when the gold quote is ``mixed`` and the predicted
  span lies inside it. Matching is one-to-one and greedy, largest overlap first.
* The speaker of a matched quote is right when the predicted mention overlaps
  the gold speaker span, or, for a gold speaker that is not a pronoun, when the
  word sets of the gold name and the predicted name (or mention) agree up to
  containment, possibly through an aliases table.
* Two scopes: ``quoted`` (gold direct/partial/mixed against predicted
  direct/partial) and ``all`` (every type against every type).

The PolNeAR conventions (Newell, Margolin & Ruths, LREC 2018) are why ``mixed``
quotes get the containment rule: their span is the whole reported clause, of
which a system may only find the quoted words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from quotes.evaluate.gold import GOLD_TYPES, GoldDocument, GoldQuote, RefusedDocument, to_document
from quotes.types import Document, Quote, Speaker

log = logging.getLogger(__name__)


#: Scopes every report is given in.
SCOPES: tuple[str, ...] = ("quoted", "all")


_SCOPE_GOLD_TYPES: Mapping[str, frozenset[str]] = {
    "quoted": frozenset({"direct", "partial", "mixed"}),
    "all": frozenset(GOLD_TYPES),
}


_SCOPE_PREDICTED_TYPES: Mapping[str, frozenset[str]] = {
    "quoted": frozenset({"direct", "partial"}),
    "all": frozenset({"direct", "partial", "indirect"}),
}


#: Words that, alone, name nobody: a gold speaker made only of these is matched by span only.
PRONOUNS: frozenset[str] = frozenset(
    {
        "i", "me", "my", "mine", "myself",
        "you", "your", "yours", "yourself", "yourselves",
        "he", "him", "his", "himself",
        "she", "her", "hers", "herself",
        "it", "its", "itself",
        "we", "us", "our", "ours", "ourselves",
        "they", "them", "their", "theirs", "themselves",
        "one", "who", "whom", "whose", "which", "that", "this", "these", "those",
    }
)  # fmt: skip


ErrorKind = Literal["miss", "extra", "wrong_speaker"]


Scope = Literal["quoted", "all"]


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
    """One mistake of a system, for reading by a person.

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
    """Per-document tallies for both scopes and the mistakes behind them."""

    doc_id: str
    quoted: Tally
    all: Tally
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
    """The evaluation of one system over a gold set."""

    system: str
    documents: int
    refused: int
    quoted: Scores
    all: Scores
    errors: tuple[ErrorCase, ...]
    confident_matched: int = 0
    confident_right: int = 0

    @property
    def confident_accuracy(self) -> float:
        """Speaker accuracy among matched predictions with confidence >= :data:`CONFIDENT`."""
        return _ratio(self.confident_right, self.confident_matched)


def _words(name: str) -> frozenset[str]:
    """Lowercased alphanumeric words of a name, possessive 's dropped."""
    name = re.sub(r"['’]s\b", "", name.lower())
    return frozenset(re.findall(r"[^\W_]+", name))


def is_pronoun(name: str) -> bool:
    """Return whether ``name`` is made only of pronouns (``"he"``, ``"they"``, ``"his"``)."""
    words = _words(name)
    return bool(words) and words <= PRONOUNS


def _names_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a) and bool(b) and (a <= b or b <= a)


def _alias_expand(name: str, aliases: Mapping[str, frozenset[str]] | None) -> set[frozenset[str]]:
    """Word sets of ``name`` and of every variant of every canonical name it is a variant of."""
    words = _words(name)
    expanded = {words}
    for canonical, variants in (aliases or {}).items():
        if any(_words(v) == words for v in variants | {canonical}):
            expanded.update(_words(v) for v in variants | {canonical})
    return expanded


def speaker_is_right(
    gold: GoldQuote, predicted: Speaker | None, *, aliases: Mapping[str, frozenset[str]] | None = None
) -> bool:
    """Decide whether a predicted speaker is right for a gold quote (rules in the module docstring).

    A predicted name or mention made only of pronouns is never compared by words:
    it would otherwise agree with any gold name containing that word.
    """
    if predicted is None:
        return False
    if gold.speaker_start is not None and gold.speaker_end is not None:
        if _overlap(predicted.start, predicted.end, gold.speaker_start, gold.speaker_end) > 0:
            return True
    if not gold.speaker or is_pronoun(gold.speaker):
        return False
    gold_sets = _alias_expand(gold.speaker, aliases)
    for candidate in (predicted.name, predicted.mention):
        if not candidate or is_pronoun(candidate):
            continue
        for predicted_set in _alias_expand(candidate, aliases):
            if any(_names_agree(g, predicted_set) for g in gold_sets):
                return True
    return False


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _matches(gold: GoldQuote, predicted: Quote) -> int | None:
    """Overlap length when the two spans match, else ``None``."""
    overlap = _overlap(gold.start, gold.end, predicted.start, predicted.end)
    if overlap == 0:
        return None
    longer = max(gold.end - gold.start, predicted.end - predicted.start)
    if 2 * overlap >= longer:
        return overlap
    if gold.type == "mixed" and gold.start <= predicted.start and predicted.end <= gold.end:
        return overlap
    return None


def match_quotes(gold: Sequence[GoldQuote], predicted: Sequence[Quote]) -> list[tuple[int, int]]:
    """Pair gold and predicted quotes one-to-one, greedily by overlap length, largest first.

    Returns:
        ``(gold_index, predicted_index)`` pairs, sorted by gold index.
    """
    candidates = [
        (overlap, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if (overlap := _matches(g, p)) is not None
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_predicted:
            used_gold.add(gi)
            used_predicted.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def score_document(
    gold: GoldDocument, predicted: Sequence[Quote], *, aliases: Mapping[str, frozenset[str]] | None = None
) -> DocumentScore:
    """Score one document's predictions in both scopes.

    Args:
        gold: The annotated document.
        predicted: The system's quotes for it.
        aliases: Canonical name -> variants (see :func:`load_aliases`).

    Returns:
        Tallies per scope and the error cases of both scopes (each tagged with its scope).
    """
    tallies: dict[str, Tally] = {}
    errors: list[ErrorCase] = []
    for scope in SCOPES:
        gold_quotes = [q for q in gold.quotes if q.type in _SCOPE_GOLD_TYPES[scope]]
        predicted_quotes = [q for q in predicted if q.type in _SCOPE_PREDICTED_TYPES[scope]]
        pairs = match_quotes(gold_quotes, predicted_quotes)
        right = 0
        for gi, pi in pairs:
            g, p = gold_quotes[gi], predicted_quotes[pi]
            if speaker_is_right(g, p.speaker, aliases=aliases):
                right += 1
            else:
                errors.append(_error(gold, scope, "wrong_speaker", g.start, g.end, g.type, g.speaker, p.speaker))
        matched_gold = {gi for gi, _ in pairs}
        matched_predicted = {pi for _, pi in pairs}
        for gi, g in enumerate(gold_quotes):
            if gi not in matched_gold:
                errors.append(_error(gold, scope, "miss", g.start, g.end, g.type, g.speaker, None))
        for pi, p in enumerate(predicted_quotes):
            if pi not in matched_predicted:
                errors.append(_error(gold, scope, "extra", p.start, p.end, p.type, None, p.speaker))
        tallies[scope] = Tally(len(gold_quotes), len(predicted_quotes), len(pairs), right)
    errors.sort(key=lambda e: (SCOPES.index(e.scope), e.start, e.end, e.kind))
    return DocumentScore(doc_id=gold.id, quoted=tallies["quoted"], all=tallies["all"], errors=tuple(errors))


def _error(
    gold: GoldDocument,
    scope: str,
    kind: ErrorKind,
    start: int,
    end: int,
    qtype: str,
    gold_speaker: str | None,
    predicted: Speaker | None,
) -> ErrorCase:
    return ErrorCase(
        doc_id=gold.id,
        scope=scope,
        kind=kind,
        start=start,
        end=end,
        text=gold.text[start:end],
        type=qtype,
        gold_speaker=gold_speaker,
        predicted_speaker=predicted.name if predicted else None,
        predicted_mention=predicted.mention if predicted else None,
    )


def evaluate(
    gold_docs: Iterable[GoldDocument],
    predict: Callable[[Document], Sequence[Quote]],
    *,
    system: str,
    aliases: Mapping[str, frozenset[str]] | None = None,
) -> Report:
    """Run a system over gold documents and score it.

    Args:
        gold_docs: The annotated documents.
        predict: The system: document in, quotes out. It may raise
            :class:`RefusedDocument`; the document then counts as refused and as
            an empty prediction.
        system: Name of the system, for the report.
        aliases: Canonical name -> variants (see :func:`load_aliases`).

    Returns:
        Figures for both scopes, document counts and every error case.
    """
    documents = refused = confident_matched = confident_right = 0
    quoted = everything = Tally()
    errors: list[ErrorCase] = []
    for gold in gold_docs:
        documents += 1
        try:
            predicted: Sequence[Quote] = predict(to_document(gold))
        except RefusedDocument as exc:
            log.info("%s refused document %s: %s", system, gold.id, exc)
            refused += 1
            predicted = ()
        scored = score_document(gold, predicted, aliases=aliases)
        for gold_index, predicted_index in match_quotes(gold.quotes, predicted):
            if predicted[predicted_index].confidence >= CONFIDENT:
                confident_matched += 1
                confident_right += speaker_is_right(
                    gold.quotes[gold_index], predicted[predicted_index].speaker, aliases=aliases
                )
        quoted += scored.quoted
        everything += scored.all
        errors.extend(scored.errors)
    return Report(
        system=system,
        documents=documents,
        refused=refused,
        quoted=Scores.from_tally(quoted),
        all=Scores.from_tally(everything),
        errors=tuple(errors),
        confident_matched=confident_matched,
        confident_right=confident_right,
    )


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


