"""The entity recognizer run only where a speaker's name can be: islands around capitalized words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy
from spacy.attrs import (
    IDX,
    LENGTH,
    NORM,
    ORTH,
    PREFIX,
    SPACY,
)
from spacy.language import Language
from spacy.tokens import Doc, Span

from quotes.lexicon.closed import NAMELESS_CAPITALS

#: Tokens either side of a capitalized word that the entity recognizer reads. Its encoder
#: sees four tokens either side; with 3, 4 or 5 the speakers found on PolNeAR dev are the
#: same as with whole sentences (the same 15 of 1476 quotes differ from --full-parse).
ISLAND = 3


def _inside(starts: numpy.ndarray, ends: numpy.ndarray, ranges: Sequence[tuple[int, int]]) -> numpy.ndarray:
    """Which tokens (in order, by character ``starts`` and ``ends``) lie wholly inside one of ``ranges``.

    By bisection and a running count, not one pass over the tokens per range: a paragraph
    can hold thousands of quotes.
    """
    inside = numpy.zeros(len(starts) + 1, dtype=numpy.int64)
    if len(ranges):
        bounds = numpy.asarray(ranges, dtype=numpy.int64).reshape(-1, 2)
        first = numpy.searchsorted(starts, bounds[:, 0], side="left")  # first token starting at or after the range
        last = numpy.searchsorted(ends, bounds[:, 1], side="right")  # past the last token ending within it
        keep = first < last
        numpy.add.at(inside, first[keep], 1)
        numpy.add.at(inside, last[keep], -1)
    return numpy.cumsum(inside)[:-1] > 0


def _names(
    nlp: Language,
    ner: Any,
    docs: Sequence[Doc],
    skips: Sequence[tuple[tuple[int, int], ...] | None],
    *,
    batch_size: int,
) -> None:
    """Set entities on ``docs``, the recognizer run only where a speaker's name can be.

    Speakers are never inside quotes (``skips``), and the names the rules read (people,
    organisations, places, nationalities) hold a capitalized word. So each Doc goes through
    the recognizer as a Doc of its tokens outside quotes within :data:`ISLAND` tokens of a
    capitalized one (norms kept), sentence-initial function words, weekdays and months aside:
    a capitalized word keeps most of the context the recognizer's encoder reads around it
    (four tokens either side in the English pipelines). The entities found are set back on
    the original tokens; the others get none.
    """
    inputs: list[Doc] = []
    kept_tokens: list[list[int] | None] = []
    strings = nlp.vocab.strings
    capital: dict[int, bool] = {}  # word hash -> whether it may be (part of) a name
    for doc, skip in zip(docs, skips):
        if skip is None or not len(doc):
            inputs.append(doc)
            kept_tokens.append(None)
            continue
        orth, space, norm, idx, length, prefix = doc.to_array([ORTH, SPACY, NORM, IDX, LENGTH, PREFIX]).T
        positions = numpy.flatnonzero(~_inside(idx, idx + length, skip))
        for value in set(orth[positions].tolist()) - capital.keys():
            word = strings[value]
            capital[value] = word[:1].isupper() and word not in NAMELESS_CAPITALS
        upper = numpy.fromiter((capital[v] for v in orth[positions].tolist()), dtype=bool, count=len(positions))
        near = numpy.zeros(len(positions), dtype=bool)
        for k in numpy.flatnonzero(upper).tolist():
            near[max(0, k - ISLAND) : k + ISLAND + 1] = True
        kept = positions[near].tolist()
        if len(kept) == len(doc):
            inputs.append(doc)
            kept_tokens.append(None)
            continue
        frame = Doc(nlp.vocab, words=orth[kept].tolist(), spaces=space[kept].astype(bool).tolist())
        if kept:
            frame.from_array([NORM], norm[kept])
        inputs.append(frame)
        kept_tokens.append(kept)
    for doc, found, kept in zip(docs, ner.pipe(inputs, batch_size=batch_size), kept_tokens):
        if kept is None:
            continue
        spans = []
        for ent in found.ents:
            first, last = kept[ent.start], kept[ent.end - 1]
            if last - first == ent.end - 1 - ent.start:  # still one run of tokens in the original
                spans.append(Span(doc, first, last + 1, label=ent.label))
        doc.set_ents(spans, default="outside")
