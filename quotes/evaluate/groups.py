"""How well speaker ids and statement ids group quotes: pairwise F1 against annotated groups.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotes.evaluate.gold import GoldDocument
from quotes.evaluate.match import match_quotes, overlap, speaker_is_right
from quotes.evaluate.score import _f1, _ratio
from quotes.types import Quote


@dataclass(frozen=True)
class GroupingScore:
    """Pairwise agreement of a grouping with a gold one (the B-cubed-free, pair-counting F1).

    Every pair of items in one predicted group is a predicted link, every pair in one gold
    group a gold link; precision and recall compare the two sets of links.
    """

    precision: float
    recall: float
    f1: float
    predicted_pairs: int
    gold_pairs: int
    true_pairs: int
    items: int


def _pairs(groups: Mapping[Any, Any]) -> set[frozenset[Any]]:
    members: dict[Any, list[Any]] = {}
    for item, group in groups.items():
        if group is not None:
            members.setdefault(group, []).append(item)
    out: set[frozenset[Any]] = set()
    for group in members.values():
        group.sort(key=repr)
        out.update(frozenset((a, b)) for i, a in enumerate(group) for b in group[i + 1 :])
    return out


def pairwise_f1(predicted: Mapping[Any, Any], gold: Mapping[Any, Any]) -> GroupingScore:
    """Score a grouping against gold by pairs of items placed together.

    Args:
        predicted: Item -> predicted group (``None``: a group of its own).
        gold: Item -> gold group (``None``: a group of its own).

    Returns:
        Pairwise precision, recall and F1; with no pairs on either side all three are 1.0.
    """
    p, g = _pairs(predicted), _pairs(gold)
    true = len(p & g)
    precision = true / len(p) if p else (1.0 if not g else 0.0)
    recall = true / len(g) if g else (1.0 if not p else 0.0)
    return GroupingScore(
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        predicted_pairs=len(p),
        gold_pairs=len(g),
        true_pairs=true,
        items=len(set(predicted) | set(gold)),
    )


def speaker_grouping_score(
    gold_docs: Iterable[GoldDocument],
    predicted: Iterable[Quote],
    *,
    aliases: Mapping[str, frozenset[str]] | None = None,
    right_only: bool = True,
) -> tuple[GroupingScore, float]:
    """How well speaker ids group the matched quotes by person, across documents.

    Gold and predicted quotes are matched as in :func:`~quotes.evaluate.match.match_quotes` (all types). With
    ``right_only``, only quotes whose speaker is right (:func:`speaker_is_right`) count, so
    the figure measures normalisation and cross-document resolution, not attribution.

    Args:
        gold_docs: Annotated documents; a gold quote's group is its ``speaker`` name.
        predicted: Quotes of those documents after cross-document resolution.
        aliases: Canonical name -> variants (see :func:`load_aliases`).
        right_only: Count only quotes whose predicted speaker is right.

    Returns:
        The pairwise score (predicted group: ``speaker.id``) and the share of counted
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


def statement_grouping_score(
    gold_statements: Mapping[str, Sequence[tuple[str, int, int]]], predicted: Iterable[Quote]
) -> GroupingScore:
    """How well ``statement`` ids group the quotes that report one statement.

    A predicted quote stands for the gold statement quote it overlaps by at least half the
    longer span; other quotes with a statement id stand for themselves, so a statement id
    shared with a quote outside the gold group costs precision.

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
            shared = overlap(start, end, quote.start, quote.end)
            if shared and 2 * shared >= max(end - start, quote.end - quote.start) and key not in pred:
                item = key
                break
        pred[item] = quote.statement
    return pairwise_f1(pred, gold)
