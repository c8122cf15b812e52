"""A reference system to measure against: textacy's rule-based direct quotations.

``textacy.extract.triples.direct_quotations`` (loosely after Krestel, Bergler &
Witte, "Minding the Source", LREC 2008) pairs quote marks, looks for a
reporting verb in the adjacent sentences and takes its subject as the speaker.
It only finds direct quotes, and it gives up on a whole document when the
number of quote marks is odd; such documents are refused here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Token

from quotes.evaluate.gold import RefusedDocument
from quotes.types import Cue, Document, Quote, Speaker

log = logging.getLogger(__name__)

RULE = "textacy.direct_quotations"
"""The ``Quote.rule`` of every baseline quote."""

def textacy_predictor(nlp: Language) -> Callable[[Document], list[Quote]]:
    """Build a predictor that runs textacy's direct-quotation rules.

    Args:
        nlp: A loaded pipeline with a dependency parser, as for :class:`quotes.pipeline.Extractor`.

    Returns:
        A function from a document to its direct quotes, in order of appearance.
        It raises :class:`~quotes.evaluate.gold.RefusedDocument` when textacy gives up
        on the document (an odd number of quote marks).

    Raises:
        ValueError: textacy has no reporting verbs for the pipeline's language.
    """
    from textacy import constants
    from textacy.extract.triples import direct_quotations

    if nlp.lang not in constants.REPORTING_VERBS:
        raise ValueError(
            f"textacy's direct quotations need a pipeline in one of "
            f"{sorted(constants.REPORTING_VERBS)}, got lang={nlp.lang!r}"
        )

    def predict(document: Document) -> list[Quote]:
        doc = nlp(document.text)
        try:
            triples = list(direct_quotations(doc))
        except ValueError as exc:
            raise RefusedDocument(f"textacy gave up on {document.id}: {exc}") from exc
        quotes: list[Quote] = []
        for triple in triples:
            quote = _to_quote(doc, document, triple.speaker, triple.cue, list(triple.content), len(quotes))
            if quote is not None:
                quotes.append(quote)
        return quotes

    return predict


def _to_quote(
    doc: Doc,
    document: Document,
    speaker: Sequence[Token],
    cue: Sequence[Token],
    content: Sequence[Token],
    index: int,
) -> Quote | None:
    """Convert one textacy triple; ``None`` when nothing is left inside the marks.

    textacy's content runs from the opening quote-mark token to the closing one;
    the span kept here is what lies between them, without surrounding spaces.
    """
    text = doc.text
    start, end = content[0].idx + len(content[0]), content[-1].idx
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    speaker_start = min(t.idx for t in speaker)
    speaker_end = max(t.idx + len(t) for t in speaker)
    mention = text[speaker_start:speaker_end]
    cue_start = min(t.idx for t in cue)
    cue_end = max(t.idx + len(t) for t in cue)
    cue_ids = {t.i for t in cue}
    head = next((t for t in cue if t.head.i not in cue_ids or t.head.i == t.i), cue[0])
    return Quote(
        doc_id=document.id,
        index=index,
        text=text[start:end],
        start=start,
        end=end,
        type="direct",
        speaker=Speaker(name=mention, id=mention, mention=mention, start=speaker_start, end=speaker_end),
        cue=Cue(text=text[cue_start:cue_end], lemma=head.lemma_, start=cue_start, end=cue_end),
        confidence=1.0,
        rule=RULE,
        meta=document.meta,
    )
