"""Calibration: each rule's confidence measured on gold annotation.

A rule's confidence is the share of right speakers among the quotes it decided that match a
gold quote (all types), rounded down to the hundredth. Most of the 1,000-odd rule names are
seen rarely or never, so the share is pooled with what is known of the rule's parts: the
family's share and the speaker pattern's share (each itself pooled with the share of all
rules) give a prior, the lower of the two, worth :data:`PRIOR_WEIGHT` quotes, and the rule's
own quotes move it from there. A rule seen on thousands of quotes keeps its own share; one
never seen takes the prior. The factors for pronoun speakers are measured the same way:
the share of right speakers among quotes with a resolved (or unresolved) pronoun, over the
mean confidence their rules give them.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quotes.attribute.registry import rule_names
from quotes.evaluate.gold import GoldDocument, to_document
from quotes.evaluate.match import match_quotes, speaker_is_right
from quotes.lexicon.closed import PRONOUN_GENDER
from quotes.types import Document, Quote

#: How many quotes the prior of a rule is worth.
PRIOR_WEIGHT = 20


@dataclass
class Tallies:
    """Matched and right quotes per rule, and per kind of pronoun speaker.

    Attributes:
        matched: Rule name -> quotes it decided that match a gold quote.
        right: Rule name -> those whose speaker is right.
        pronoun: For resolved (``pronoun``) and unresolved (``unresolved_pronoun``) pronoun
            speakers, ``(rule, right)`` of each of their matched quotes.
    """

    matched: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    pronoun: dict[str, list[tuple[str, bool]]] = field(default_factory=lambda: {"pronoun": [], "unresolved_pronoun": []})


def tally(
    gold_docs: Iterable[GoldDocument],
    predict: Callable[[Document], Sequence[Quote]],
    *,
    aliases: Mapping[str, frozenset[str]] | None = None,
) -> Tallies:
    """Count, per rule, the matched quotes and those with the right speaker.

    Args:
        gold_docs: Annotated documents.
        predict: Extracts the quotes of a document (``Extractor(rules=Registry.uncalibrated()).extract``,
            so that nothing is dropped for its confidence).
        aliases: Canonical name -> variants, for speaker names.

    Returns:
        The tallies.
    """
    counts = Tallies()
    for gold in gold_docs:
        predicted = list(predict(to_document(gold)))
        for gi, pi in match_quotes(gold.quotes, predicted):
            quote = predicted[pi]
            right = speaker_is_right(gold.quotes[gi], quote.speaker, aliases=aliases)
            counts.matched[quote.rule] += 1
            counts.right[quote.rule] += right
            kind = _pronoun_kind(quote)
            if kind is not None:
                counts.pronoun[kind].append((quote.rule, right))
    return counts


def _pronoun_kind(quote: Quote) -> str | None:
    """``pronoun`` for a pronoun speaker resolved to a name, ``unresolved_pronoun`` for one
    shown as written, ``None`` for a speaker named in the text."""
    speaker = quote.speaker
    if speaker is None or speaker.mention.lower() not in PRONOUN_GENDER:
        return None
    return "unresolved_pronoun" if speaker.name == speaker.mention else "pronoun"


def _down(share: float) -> float:
    """A share rounded down to the hundredth (a confidence never claims more than measured)."""
    return math.floor(share * 100 + 1e-9) / 100


def _pooled(right: int, matched: int, prior: float) -> float:
    return (right + PRIOR_WEIGHT * prior) / (matched + PRIOR_WEIGHT)


def calibration(counts: Tallies, *, gold: str) -> dict[str, Any]:
    """The calibration data ``quotes/data/calibration.json`` holds, from tallies.

    Args:
        counts: Tallies from :func:`tally`.
        gold: What the gold was (written into the data for the record).

    Returns:
        ``{"gold", "method", "prior_weight", "adjustments", "families", "patterns", "rules"}``.
    """
    names = list(rule_names())
    overall = sum(counts.right.values()) / max(1, sum(counts.matched.values()))
    parts: dict[str, dict[str, Counter[str]]] = {"families": {"matched": Counter(), "right": Counter()},
                                                  "patterns": {"matched": Counter(), "right": Counter()}}
    for name, family, pattern, *_ in names:
        for kind, key in (("families", family), ("patterns", pattern)):
            if key is not None:
                parts[kind]["matched"][key] += counts.matched[name]
                parts[kind]["right"][key] += counts.right[name]
    pooled = {
        kind: {key: _pooled(tallies["right"][key], n, overall) for key, n in tallies["matched"].items()}
        | {key: overall for key in _keys(names, kind) if key not in tallies["matched"]}
        for kind, tallies in parts.items()
    }
    rules = {}
    for name, family, pattern, *_ in names:
        prior = min(pooled["families"][family], pooled["patterns"][pattern] if pattern is not None else 1.0)
        share = _pooled(counts.right[name], counts.matched[name], prior)
        rules[name] = {"confidence": _down(share), "measured_on": counts.matched[name]}
    return {
        "gold": gold,
        "method": "share of right speakers among matched quotes, pooled with the lower of its family's and pattern's "
                  f"shares worth {PRIOR_WEIGHT} quotes, rounded down",
        "prior_weight": PRIOR_WEIGHT,
        "adjustments": {kind: _factor(quotes, rules) for kind, quotes in counts.pronoun.items()},
        "families": _table(pooled["families"], parts["families"]["matched"]),
        "patterns": _table(pooled["patterns"], parts["patterns"]["matched"]),
        "rules": rules,
    }


def _keys(names: list[tuple[str, str, str | None, str, str]], kind: str) -> set[str]:
    return {family if kind == "families" else pattern for _, family, pattern, *_ in names} - {None}  # type: ignore[misc]


def _table(pooled: Mapping[str, float], matched: Counter[str]) -> dict[str, dict[str, Any]]:
    return {key: {"confidence": _down(share), "measured_on": matched[key]} for key, share in sorted(pooled.items())}


def _factor(quotes: list[tuple[str, bool]], rules: Mapping[str, Mapping[str, Any]]) -> float:
    """Right speakers over the confidence their rules claim, at most 1."""
    claimed = sum(rules[rule]["confidence"] for rule, _ in quotes)
    right = sum(right for _, right in quotes)
    return _down(min(1.0, right / claimed)) if quotes and claimed else 1.0


def dumps(data: Mapping[str, Any]) -> str:
    """Calibration data as JSON, one rule a line (so that a change shows as a line in a diff)."""
    lines = ["{"]
    scalars = [key for key in data if not isinstance(data[key], dict)]
    for key in scalars:
        lines.append(f" {json.dumps(key)}: {json.dumps(data[key], ensure_ascii=False)},")
    tables = [key for key in data if isinstance(data[key], dict)]
    for t, key in enumerate(tables):
        lines.append(f" {json.dumps(key)}: {{")
        items = sorted(data[key].items())
        for k, (name, value) in enumerate(items):
            lines.append(f"  {json.dumps(name)}: {json.dumps(value, sort_keys=True)}" + ("," if k < len(items) - 1 else ""))
        lines.append(" }" + ("," if t < len(tables) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"
