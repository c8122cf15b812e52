"""Quotes with no cue of their own: the other half of a split quote, a paragraph that carries
speech on, and fragments of one report joined into one partial quote."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from quotes.attribute.records import Attribution, Context
from quotes.marks import DOUBLE, SINGLE, QuotedSpan

#: Most characters of the writer's words between two fragments joined into one quote.
MERGE_GAP = 80
#: Fewest words of a paragraph-opening quote that carries the previous speaker on.
CARRY_WORDS = 4


def carry(context: Context, atts: list[Attribution], spans: Sequence[QuotedSpan]) -> list[Attribution]:
    """Give cue-less quotes the speaker of a neighbouring quote where the text allows it.

    Split quotes (``split_quote``): a quote of the same paragraph, before, else after; a quote
    that runs over paragraphs meets the one before it where it opens, the one after where it
    closes. Continued speech (``carry_over``): a paragraph opening with the quote carries the
    previous paragraph's speaker.
    """
    out = list(atts)
    opens = [_opening_paragraph(context, span, att) for span, att in zip(spans, atts)]
    by_close: dict[int, list[int]] = defaultdict(list)
    by_open: dict[int, list[int]] = defaultdict(list)
    for i, att in enumerate(out):
        by_close[att.paragraph_start].append(i)
        by_open[opens[i]].append(i)
    for i, att in enumerate(out):
        if att.mention is not None:
            continue
        out[i] = _other_half(out, i, by_close[opens[i]], by_open[att.paragraph_start]) or att
        if out[i].mention is None and i > 0 and _carries_on(context, out[i - 1], att, spans[i], spans[i - 1]):
            out[i] = replace(att, mention=out[i - 1].mention, cue=out[i - 1].cue, rule="carry_over")
    return out


def _other_half(out: list[Attribution], i: int, before: list[int], after: list[int]) -> Attribution | None:
    """Quote ``i`` with the speaker of the nearest quote of its split quote, if one has a speaker.

    ``before`` holds the quotes closing in the paragraph quote ``i`` opens in, ``after`` the
    quotes opening in the paragraph it closes in (indices, ascending).
    """
    att = out[i]
    candidates = [*reversed(before[: bisect_left(before, i)]), *after[bisect_left(after, i + 1) :]]
    for j in candidates:
        other = out[j]
        if att.type == "partial" and other.sentence_start != att.sentence_start:
            continue  # a cue-less fragment joins only a quote of its own sentence
        if other.mention is not None and other.rule != "carry_over":
            return replace(att, mention=other.mention, cue=other.cue, rule="split_quote")
    return None


def _carries_on(context: Context, prev: Attribution, att: Attribution, span: QuotedSpan, prev_span: QuotedSpan) -> bool:
    """Whether a quote opening its paragraph goes on with the speech of the quote before it."""
    paragraph = context.parsed.paragraph_at(span.start)
    if (
        paragraph is None
        or len(context.parsed.text[att.start : att.end].split()) < CARRY_WORDS
        or (att.end - att.start) < 0.5 * (paragraph.end - paragraph.start)
        or prev.mention is None
        or (prev.question and (prev.cue is None or prev.cue.lemma in context.lexicon.question_cues))
        or span.start != paragraph.start
        or (span.style, prev_span.style) == (SINGLE, DOUBLE)  # "'A tough decision.'": a subhead
        or prev.paragraph_start == att.paragraph_start
    ):
        return False
    return continues(context, prev, paragraph.start)


def _opening_paragraph(context: Context, span: QuotedSpan, att: Attribution) -> int:
    """Offset of the paragraph a quote opens in (``paragraph_start`` is where it closes)."""
    paragraph = context.parsed.paragraph_at(span.start)
    return paragraph.start if paragraph is not None else att.paragraph_start


def continues(context: Context, prev: Attribution, later: int) -> bool:
    """Whether the paragraph at ``later`` can carry on ``prev``'s speech.

    It must follow ``prev``'s paragraph directly, or with one paragraph between that
    still speaks of the same speaker (names them, or opens with "He"/"She").
    """
    first, second = context.number_at(prev.paragraph_start), context.number_at(later)
    if first is None or second is None:
        return False
    gap = second - first
    if gap == 1:
        return True
    if gap != 2 or prev.mention is None:
        return False
    between = context.paragraph_text(second - 1)
    surname = prev.mention.name.split()[-1].lower() if prev.mention.name.split() else ""
    return (bool(surname) and surname in between.lower()) or between.startswith(("He ", "She "))


def merge_fragments(atts: list[Attribution]) -> list[Attribution]:
    """Join the quoted fragments of one cue or one speaker within one sentence into one partial quote.

    "X said the plan was “bold” and “overdue”" reports one statement with two quoted words,
    as does "X kept shouting “Out!” and “Be nice.”" where the second fragment hangs from
    another verb; the quote then runs from the first fragment's content to the last one's
    (marks between them stay in its text).
    """
    out: list[Attribution] = []
    for att in atts:
        prev = out[-1] if out else None
        if prev is not None and _joins(prev, att):
            out[-1] = replace(prev, end=att.end)
            continue
        out.append(att)
    return out


def _joins(prev: Attribution, att: Attribution) -> bool:
    """Whether ``att`` is a further fragment of the partial quote ``prev``."""
    if not (att.type == prev.type == "partial" and att.sentence_start == prev.sentence_start):
        return False
    if att.mention is None or prev.mention is None:
        return False
    same_cue = att.cue is not None and prev.cue is not None and att.cue.start == prev.cue.start
    if not (same_cue or att.mention.start == prev.mention.start):
        return False
    if att.cue is not None and prev.end <= att.cue.start < att.start:
        return False  # never across the cue ...
    if prev.end <= att.mention.start < att.start:
        return False  # ... or the speaker
    return att.start - prev.end <= MERGE_GAP
