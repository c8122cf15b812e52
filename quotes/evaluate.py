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

import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from .model import Document, Quote, Speaker

log = logging.getLogger(__name__)

GOLD_TYPES: tuple[str, ...] = ("direct", "partial", "mixed", "indirect")
"""Quote types a gold file may use."""

SCOPES: tuple[str, ...] = ("quoted", "all")
"""Scopes every report is given in."""

_SCOPE_GOLD_TYPES: Mapping[str, frozenset[str]] = {
    "quoted": frozenset({"direct", "partial", "mixed"}),
    "all": frozenset(GOLD_TYPES),
}
_SCOPE_PREDICTED_TYPES: Mapping[str, frozenset[str]] = {
    "quoted": frozenset({"direct", "partial"}),
    "all": frozenset({"direct", "partial", "indirect"}),
}

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
"""Words that, alone, name nobody: a gold speaker made only of these is matched by span only."""

ErrorKind = Literal["miss", "extra", "wrong_speaker"]
Scope = Literal["quoted", "all"]


#: Confidence from which a prediction counts as confident in the calibration rows.
CONFIDENT = 0.8


class RefusedDocument(Exception):
    """A system declined a whole document (for example on unbalanced quote marks).

    The document is scored as if the system had predicted nothing, and counted
    among the refused documents of the report.
    """


@dataclass(frozen=True)
class GoldQuote:
    """One annotated quote.

    Attributes:
        start: Start offset of the content in the document text.
        end: End offset (exclusive) of the content.
        type: One of :data:`GOLD_TYPES`.
        speaker: The speaker's name (canonical, or the source as written), or ``None``.
        speaker_start: Start offset of the speaker mention, if annotated.
        speaker_end: End offset of the speaker mention, if annotated.
        text: ``document.text[start:end]``.
        speaker_mention: The speaker mention as written, if annotated.
        cue: The reporting cue as written, if annotated.
    """

    start: int
    end: int
    type: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    text: str
    speaker_mention: str | None = None
    cue: str | None = None


@dataclass(frozen=True)
class GoldDocument:
    """One annotated document.

    Attributes:
        id: Document id.
        text: The text the offsets point into.
        quotes: Gold quotes in file order.
        meta: Every other key of the JSON line (publisher, date, title...).
        source: Path of the gold file, for messages.
        line: Line number in the gold file.
    """

    id: str
    text: str
    quotes: tuple[GoldQuote, ...]
    meta: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    line: int | None = None


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


# --- loading -------------------------------------------------------------------------


def load_gold(path: str | Path) -> list[GoldDocument]:
    """Read a gold JSONL file (see ``/work/shared/README.md`` for the format).

    Args:
        path: The file, one document a line; blank lines are skipped.

    Returns:
        The documents in file order.

    Raises:
        ValueError: A line is not valid JSON or not a valid gold document; the
            message names ``file:line``.
    """
    path = Path(path)
    documents: list[GoldDocument] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                documents.append(_gold_document(record, source=str(path), line=number))
            except (ValueError, TypeError, KeyError) as exc:
                raise ValueError(f"{path}:{number}: not a valid gold document: {exc}") from exc
    return documents


def _gold_document(record: Any, *, source: str, line: int) -> GoldDocument:
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    doc_id, text, quotes = record.get("id"), record.get("text"), record.get("quotes")
    if not isinstance(doc_id, str) or not isinstance(text, str):
        raise ValueError("'id' and 'text' must be strings")
    if not isinstance(quotes, list):
        raise ValueError("'quotes' must be a list")
    gold = tuple(_gold_quote(q, text, i) for i, q in enumerate(quotes))
    meta = {k: v for k, v in record.items() if k not in ("id", "text", "quotes")}
    return GoldDocument(id=doc_id, text=text, quotes=gold, meta=meta, source=source, line=line)


def _gold_quote(record: Any, text: str, index: int) -> GoldQuote:
    where = f"quote {index}"
    if not isinstance(record, dict):
        raise ValueError(f"{where}: expected a JSON object, got {type(record).__name__}")
    start, end = record.get("start"), record.get("end")
    if not (_is_int(start) and _is_int(end) and 0 <= start <= end <= len(text)):
        raise ValueError(f"{where}: start/end must be offsets within the text, got {start!r}, {end!r}")
    qtype = record.get("type")
    if qtype not in GOLD_TYPES:
        raise ValueError(f"{where}: type must be one of {', '.join(GOLD_TYPES)}, got {qtype!r}")
    if "text" in record and record["text"] != text[start:end]:
        raise ValueError(f"{where}: 'text' differs from text[{start}:{end}]")
    speaker_start, speaker_end = record.get("speaker_start"), record.get("speaker_end")
    if (speaker_start is None) != (speaker_end is None) or (
        speaker_start is not None
        and not (_is_int(speaker_start) and _is_int(speaker_end) and 0 <= speaker_start <= speaker_end <= len(text))
    ):
        raise ValueError(
            f"{where}: speaker_start/speaker_end must both be offsets within the text or both null, "
            f"got {speaker_start!r}, {speaker_end!r}"
        )
    for key in ("speaker", "speaker_mention", "cue"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ValueError(f"{where}: {key!r} must be a string or null, got {record[key]!r}")
    return GoldQuote(
        start=start,
        end=end,
        type=qtype,
        speaker=record.get("speaker"),
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        text=text[start:end],
        speaker_mention=record.get("speaker_mention"),
        cue=record.get("cue"),
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def retype_from_marks(gold_docs: Sequence[GoldDocument]) -> list[GoldDocument]:
    """Re-derive the type of gold quotes typed ``indirect`` from the quote marks in their span.

    Some corpora derived gold types from a subset of quote marks (PolNeAR's conversion did
    not know the ``''...''`` marks of one publisher), so marked speech sits in the gold as
    ``indirect``. With :func:`quotes.marks.scan`, such a quote becomes ``direct`` when one
    marked quote covers it (its marks and at most a few characters aside) and ``mixed``
    when it holds marked words; other types are left as annotated.

    Args:
        gold_docs: Gold documents as loaded by :func:`load_gold`.

    Returns:
        New gold documents; the input is not changed.
    """
    from .marks import scan

    out = []
    for doc in gold_docs:
        spans = scan(doc.text).spans
        quotes = []
        for quote in doc.quotes:
            if quote.type == "indirect":
                inside = [s for s in spans if quote.start <= s.content_start and s.content_end <= quote.end]
                if inside:
                    covered = max(s.end - s.start for s in inside)
                    new_type = "direct" if covered >= (quote.end - quote.start) - 4 else "mixed"
                    quote = replace(quote, type=new_type)
            quotes.append(quote)
        out.append(replace(doc, quotes=tuple(quotes)))
    return out


def load_aliases(path: str | Path) -> dict[str, frozenset[str]]:
    """Read an aliases file: a JSON object, canonical name -> list of variants.

    Returns:
        Canonical name -> its variants, the canonical name included.

    Raises:
        ValueError: The file is not such an object.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v) for k, v in data.items()
    ):
        raise ValueError(f"{path}: expected a JSON object mapping each canonical name to a list of strings")
    return {name: frozenset([name, *variants]) for name, variants in data.items()}


def to_document(gold: GoldDocument) -> Document:
    """Return the input document a system sees: id, text and metadata, no quotes."""
    return Document(id=gold.id, text=gold.text, meta=dict(gold.meta), source=gold.source, line=gold.line)


# --- matching ------------------------------------------------------------------------


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


# --- scoring -------------------------------------------------------------------------


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


# --- formatting ----------------------------------------------------------------------

_ROWS: tuple[tuple[str, str], ...] = (
    ("gold", "gold"),
    ("predicted", "predicted"),
    ("matched", "matched"),
    ("speaker_right", "speaker right"),
    ("quote_p", "quote P"),
    ("quote_r", "quote R"),
    ("quote_f1", "quote F1"),
    ("speaker_acc", "speaker acc"),
    ("e2e_p", "end-to-end P"),
    ("e2e_r", "end-to-end R"),
    ("e2e_f1", "end-to-end F1"),
)

SNIPPET_CHARS = 100
"""Characters of quote text shown per error case."""


def format_reports(
    reports: Sequence[Report], *, errors: bool = False, error_scope: Scope = "quoted"
) -> str:
    """Lay reports side by side as a plain-text table, one column per system.

    Args:
        reports: The reports to show, in column order.
        errors: Also list each system's misses, extras and wrong speakers.
        error_scope: Which scope's error cases to list.

    Returns:
        The table (and error lists), ending with a newline.

    Raises:
        ValueError: ``error_scope`` is not one of :data:`SCOPES`.
    """
    if error_scope not in SCOPES:
        raise ValueError(f"error_scope must be one of {', '.join(SCOPES)}, got {error_scope!r}")
    label_width = max([len(f"{scope} {label}") for scope in SCOPES for _, label in _ROWS] + [len(f"confidence>={CONFIDENT} speaker acc")])
    width = max([10, *(len(r.system) for r in reports)])
    lines = [" " * label_width + "".join(f"  {r.system:>{width}}" for r in reports)]
    lines.append(_row("documents", [str(r.documents) for r in reports], label_width, width))
    lines.append(_row("refused", [str(r.refused) for r in reports], label_width, width))
    for scope in SCOPES:
        for attr, label in _ROWS:
            values = [getattr(getattr(r, scope), attr) for r in reports]
            cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in values]
            lines.append(_row(f"{scope} {label}", cells, label_width, width))
    lines.append(_row(f"confidence>={CONFIDENT} matched", [str(r.confident_matched) for r in reports], label_width, width))
    lines.append(
        _row(f"confidence>={CONFIDENT} speaker acc", [f"{r.confident_accuracy:.3f}" for r in reports], label_width, width)
    )
    if errors:
        for report in reports:
            lines.extend(["", *_format_errors(report, error_scope)])
    return "\n".join(lines) + "\n"


def _row(label: str, cells: Sequence[str], label_width: int, width: int) -> str:
    return f"{label:<{label_width}}" + "".join(f"  {c:>{width}}" for c in cells)


def _format_errors(report: Report, scope: str) -> list[str]:
    cases = [e for e in report.errors if e.scope == scope]
    counts = {kind: sum(e.kind == kind for e in cases) for kind in ("miss", "extra", "wrong_speaker")}
    lines = [
        f"== {report.system}: {scope} errors: {counts['miss']} misses, {counts['extra']} extras, "
        f"{counts['wrong_speaker']} wrong speakers =="
    ]
    for kind in ("miss", "extra", "wrong_speaker"):
        for e in (c for c in cases if c.kind == kind):
            snippet = " ".join(e.text.split())
            if len(snippet) > SNIPPET_CHARS:
                snippet = snippet[: SNIPPET_CHARS - 1] + "…"
            predicted = e.predicted_speaker
            if e.predicted_mention and e.predicted_mention != e.predicted_speaker:
                predicted = f"{predicted} [{e.predicted_mention}]"
            lines.append(
                f"{kind:<13} {e.doc_id} {e.start}:{e.end} {e.type}: {snippet!r} "
                f"gold={e.gold_speaker!r} predicted={predicted!r}"
            )
    return lines


# --- cross-document clusters ---------------------------------------------------------


@dataclass(frozen=True)
class ClusterScore:
    """Pairwise agreement of a clustering with a gold one (the B-cubed-free, pair-counting F1).

    Every pair of items in one predicted cluster is a predicted link, every pair in one gold
    cluster a gold link; precision and recall compare the two sets of links.
    """

    precision: float
    recall: float
    f1: float
    predicted_pairs: int
    gold_pairs: int
    true_pairs: int
    items: int


def _pairs(clusters: Mapping[Any, Any]) -> set[frozenset[Any]]:
    members: dict[Any, list[Any]] = {}
    for item, cluster in clusters.items():
        if cluster is not None:
            members.setdefault(cluster, []).append(item)
    out: set[frozenset[Any]] = set()
    for group in members.values():
        group.sort(key=repr)
        out.update(frozenset((a, b)) for i, a in enumerate(group) for b in group[i + 1 :])
    return out


def pairwise_f1(predicted: Mapping[Any, Any], gold: Mapping[Any, Any]) -> ClusterScore:
    """Score a clustering against gold by pairs of items placed together.

    Args:
        predicted: Item -> predicted cluster (``None``: a cluster of its own).
        gold: Item -> gold cluster (``None``: a cluster of its own).

    Returns:
        Pairwise precision, recall and F1; with no pairs on either side all three are 1.0.
    """
    p, g = _pairs(predicted), _pairs(gold)
    true = len(p & g)
    precision = true / len(p) if p else (1.0 if not g else 0.0)
    recall = true / len(g) if g else (1.0 if not p else 0.0)
    return ClusterScore(
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        predicted_pairs=len(p),
        gold_pairs=len(g),
        true_pairs=true,
        items=len(set(predicted) | set(gold)),
    )


def speaker_cluster_score(
    gold_docs: Iterable[GoldDocument],
    predicted: Iterable[Quote],
    *,
    aliases: Mapping[str, frozenset[str]] | None = None,
    right_only: bool = True,
) -> tuple[ClusterScore, float]:
    """How well speaker ids group the matched quotes by person, across documents.

    Gold and predicted quotes are matched as in :func:`score_document` (all types). With
    ``right_only``, only quotes whose speaker is right (:func:`speaker_is_right`) count, so
    the figure measures normalisation and cross-document resolution, not attribution.

    Args:
        gold_docs: Annotated documents; a gold quote's cluster is its ``speaker`` name.
        predicted: Quotes of those documents after cross-document resolution.
        aliases: Canonical name -> variants (see :func:`load_aliases`).
        right_only: Count only quotes whose predicted speaker is right.

    Returns:
        The pairwise score (predicted cluster: ``speaker.id``) and the share of counted
        quotes whose ``speaker.name`` is the gold name exactly.
    """
    by_doc: dict[str, list[Quote]] = {}
    for quote in predicted:
        by_doc.setdefault(quote.doc_id, []).append(quote)
    pred: dict[tuple[str, int], str | None] = {}
    gold: dict[tuple[str, int], str | None] = {}
    named = 0
    for doc in gold_docs:
        quotes = by_doc.get(doc.id, [])
        for gi, pi in match_quotes(doc.quotes, quotes):
            g, p = doc.quotes[gi], quotes[pi]
            if g.speaker is None or p.speaker is None:
                continue
            if right_only and not speaker_is_right(g, p.speaker, aliases=aliases):
                continue
            pred[(doc.id, gi)] = p.speaker.id
            gold[(doc.id, gi)] = g.speaker
            named += p.speaker.name == g.speaker
    return pairwise_f1(pred, gold), _ratio(named, len(gold))


def load_statements(path: str | Path) -> dict[str, list[tuple[str, int, int]]]:
    """Read a statements file: label -> list of ``[doc_id, start, end, text]`` quotes.

    Returns:
        Label -> ``(doc_id, start, end)`` of each quote reporting that statement.

    Raises:
        ValueError: The file is not such an object.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {label: [(m[0], int(m[1]), int(m[2])) for m in members] for label, members in data.items()}
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise ValueError(f"{path}: expected label -> [[doc_id, start, end, text], ...]: {exc}") from exc


def statement_cluster_score(
    gold_statements: Mapping[str, Sequence[tuple[str, int, int]]], predicted: Iterable[Quote]
) -> ClusterScore:
    """How well ``statement`` ids group the quotes that report one statement.

    A predicted quote stands for the gold statement quote it overlaps by at least half the
    longer span; other quotes with a statement id stand for themselves, so a statement id
    shared with a quote outside the gold cluster costs precision.

    Args:
        gold_statements: Label -> quotes reporting it (see :func:`load_statements`).
        predicted: Quotes after cross-document resolution.

    Returns:
        The pairwise score.
    """
    gold: dict[Any, Any] = {}
    spans: dict[str, list[tuple[int, int, tuple[str, int, int]]]] = {}
    for label, members in gold_statements.items():
        for doc_id, start, end in members:
            gold[(doc_id, start, end)] = label
            spans.setdefault(doc_id, []).append((start, end, (doc_id, start, end)))
    pred: dict[Any, Any] = {}
    for quote in predicted:
        if quote.statement is None:
            continue
        item: Any = ("predicted", quote.doc_id, quote.index)
        for start, end, key in spans.get(quote.doc_id, []):
            overlap = _overlap(start, end, quote.start, quote.end)
            if overlap and 2 * overlap >= max(end - start, quote.end - quote.start) and key not in pred:
                item = key
                break
        pred[item] = quote.statement
    return pairwise_f1(pred, gold)
