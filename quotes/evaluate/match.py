"""Which predicted quote stands for which gold quote, and whether its speaker is right.

The rules are those of the reference scorer the gold sets come with, so that figures agree
with it to the last digit:

* Overlap matching: a prediction matches a gold quote when their spans overlap by at least
  half the longer of the two, or when the gold quote is ``mixed`` and the prediction lies
  inside it (PolNeAR, Newell, Margolin & Ruths, LREC 2018, gives a mixed quote the whole
  reported clause, of which a system may only find the quoted words). Pairs are taken
  greedily, the largest share of the longer span first (ties: the later gold quote, then
  the later prediction).
* Exact matching: the content spans must be equal once both are trimmed of quote marks,
  punctuation, spaces and a leading "that" (PolNeAR's content spans take the complementizer
  in, extractors leave it out). A partial quote's content is the reported clause holding
  it where the prediction gives one (``clause``). Predictions are taken in order; of gold
  quotes with the same trimmed span only the last can be matched.
* Speaker: right when the predicted mention overlaps the gold source span, or when the
  casefolded words of the predicted name and of the gold name (or one of its aliases) agree
  up to containment; never by words for a name made only of pronouns on either side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from quotes.evaluate.gold import GoldQuote
from quotes.evaluate.scopes import words
from quotes.types import Quote, Speaker

PRONOUNS: frozenset[str] = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "their"})
"""Words that, alone, name nobody: a name made only of these is matched by span only."""

TRIM = " \t\n\"'“”‘’«».,;:!?-—–()[]"
"""Characters trimmed from both ends of a content span before exact matching."""


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Return the number of characters two half-open spans share.

    Args:
        a_start: Start of the first span.
        a_end: End of the first span (exclusive).
        b_start: Start of the second span.
        b_end: End of the second span (exclusive).

    Returns:
        The shared length; 0 when the spans are apart or only touch.
    """
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def match_quotes(gold: Sequence[GoldQuote], predicted: Sequence[Quote]) -> list[tuple[int, int]]:
    """Pair gold and predicted quotes one-to-one by overlap (rules in the module docstring).

    Args:
        gold: Gold quotes of one document.
        predicted: Predicted quotes of the same document.

    Returns:
        ``(gold_index, predicted_index)`` pairs, sorted by gold index.
    """
    candidates: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            shared = min(g.end, p.end) - max(g.start, p.start)
            if shared <= 0:
                continue
            longer = max(g.end - g.start, p.end - p.start)
            inside = g.type == "mixed" and g.start <= p.start and p.end <= g.end
            if shared >= 0.5 * longer or inside:
                candidates.append((shared / longer, gi, pi))
    candidates.sort(reverse=True)
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_predicted:
            used_gold.add(gi)
            used_predicted.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Return a span without the marks, punctuation and spaces at its ends, nor a leading "that ".

    Args:
        text: The document text.
        start: Start of the span.
        end: End of the span (exclusive).

    Returns:
        The trimmed ``(start, end)``.
    """
    while True:
        while start < end and text[start] in TRIM:
            start += 1
        while end > start and text[end - 1] in TRIM:
            end -= 1
        if text[start : start + 5].casefold() == "that " and end - start > 5:
            start += 5
            continue
        return start, end


def content_span(quote: Quote) -> tuple[int, int]:
    """Return what a predicted quote reports: its clause for a partial quote that has one, else its span.

    Args:
        quote: A predicted quote. Its clause is read from a ``clause`` attribute where it has
            one: an object or mapping with ``start`` and ``end`` (in the output,
            ``{"text", "start", "end"}``).

    Returns:
        ``(start, end)`` of the content.
    """
    clause: Any = getattr(quote, "clause", None)
    if quote.type == "partial" and clause is not None:
        start, end = _span_of(clause)
        if start is not None and end is not None:
            return int(start), int(end)
    return quote.start, quote.end


def _span_of(clause: Any) -> tuple[Any, Any]:
    if isinstance(clause, Mapping):
        return clause.get("start"), clause.get("end")
    return getattr(clause, "start", None), getattr(clause, "end", None)


def match_exact(gold: Sequence[GoldQuote], predicted: Sequence[Quote], text: str) -> list[tuple[int, int]]:
    """Pair gold and predicted quotes whose trimmed content spans are equal (rules in the module docstring).

    Args:
        gold: Gold quotes of one document.
        predicted: Predicted quotes of the same document.
        text: The document text.

    Returns:
        ``(gold_index, predicted_index)`` pairs, sorted by gold index.
    """
    where = {trimmed(text, g.start, g.end): gi for gi, g in enumerate(gold)}
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for pi, p in enumerate(predicted):
        gi = where.get(trimmed(text, *content_span(p)))
        if gi is not None and gi not in used:
            used.add(gi)
            pairs.append((gi, pi))
    return sorted(pairs)


def is_pronoun(name: str | None) -> bool:
    """Return whether a name is made only of pronouns ("he", "They").

    Args:
        name: A speaker name, or ``None``.

    Returns:
        Whether every word is one of :data:`PRONOUNS`; true for a name without words.
    """
    return all(word in PRONOUNS for word in words(name))


def speaker_is_right(
    gold: GoldQuote, predicted: Speaker | None, *, aliases: Mapping[str, frozenset[str]] | None = None
) -> bool:
    """Decide whether a predicted speaker is right for a gold quote (rules in the module docstring).

    Args:
        gold: The gold quote.
        predicted: The predicted speaker, or ``None``.
        aliases: Canonical name -> its variants (see :func:`quotes.evaluate.gold.load_aliases`);
            a gold name that is a key also accepts its variants.

    Returns:
        Whether the speaker is right.
    """
    if predicted is None:
        return False
    if gold.speaker_start is not None and gold.speaker_end is not None:
        if overlap(predicted.start, predicted.end, gold.speaker_start, gold.speaker_end) > 0:
            return True
    return names_agree(predicted.name or predicted.mention, gold.speaker, aliases=aliases)


def names_agree(predicted: str | None, gold: str | None, *, aliases: Mapping[str, frozenset[str]] | None = None) -> bool:
    """Return whether a predicted name stands for a gold name: one's words contain the other's.

    Args:
        predicted: The predicted name.
        gold: The gold name.
        aliases: Canonical name -> its variants; a gold name that is a key also accepts its variants.

    Returns:
        Whether the names agree; never for a name made only of pronouns on either side.
    """
    if not predicted or not gold or is_pronoun(gold) or is_pronoun(predicted):
        return False
    mine = set(words(predicted))
    for candidate in {gold, *(aliases or {}).get(gold, ())}:
        theirs = set(words(candidate))
        if theirs and (mine <= theirs or theirs <= mine):
            return True
    return False
