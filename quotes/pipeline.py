"""Document in, attributed quotes out: scan marks, parse, attribute, resolve speakers."""

from __future__ import annotations

import logging
from typing import Iterable, Iterator, Sequence

from spacy.language import Language

from .attribution import Attribution, QuoteIndex, attribute
from .coref import collect_candidates, resolve_pronoun
from .lexicon import Lexicon, default_lexicon
from .loader import load_model
from .marks import QuotedSpan, scan
from .model import Document, Quote, Speaker
from .normalize import NameParts, clean_name, looks_miscased, resolve_in_document, speaker_id, split_mention
from .parsing import ParsedText, parse

log = logging.getLogger(__name__)

#: Probability that the speaker is right, per rule family, measured on held-out news (see README).
RULE_CONFIDENCE: dict[str, float] = {
    "cue_governs": 0.9,
    "cue_after": 0.92,
    "colon_lead_in": 0.9,
    "cue_before": 0.8,
    "split_quote": 0.88,
    "carry_over": 0.75,
    "transcript_label": 0.85,
    "indirect_ccomp": 0.85,
    "indirect_parataxis": 0.8,
    "indirect_according_to": 0.85,
    "belief_ccomp": 0.7,
    "belief_parataxis": 0.6,
}
PRONOUN_PENALTY = 0.85
UNRESOLVED_PRONOUN_PENALTY = 0.6


class Extractor:
    """Extract attributed quotes from documents with one loaded spaCy pipeline.

    The pipeline is loaded (or taken) once, so build one Extractor for a whole collection:

    >>> from quotes import Document, Extractor
    >>> extractor = Extractor()  # or Extractor(nlp), Extractor("en_core_web_md")
    >>> docs = [Document("a", "“Prices will fall,” economist Lena Ford said."), Document("b", "No quotes.")]
    >>> for doc, found in extractor.extract_many(docs):
    ...     print(doc.id, [(q.speaker.name, q.text) for q in found])
    a [('Lena Ford', 'Prices will fall,')]
    b []

    Args:
        nlp: A loaded English pipeline with a dependency parser, or the package name or
            path of one to load; default as :func:`quotes.loader.load_model` chooses.
        min_confidence: Quotes with a lower confidence are dropped.
        lexicon: Word lists; default the ones shipped in ``quotes/data``.

    Raises:
        ValueError: ``min_confidence`` is outside 0..1, or the pipeline has no parser.
        quotes.loader.ModelNotFoundError: The pipeline to load is not installed.
    """

    def __init__(
        self, nlp: Language | str | None = None, *, min_confidence: float = 0.0, lexicon: Lexicon | None = None
    ) -> None:
        if nlp is None or isinstance(nlp, str):
            nlp = load_model(nlp)
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be between 0 and 1, got {min_confidence!r}")
        if "parser" not in nlp.pipe_names:
            raise ValueError(f"the spaCy pipeline needs a dependency parser; it has {nlp.pipe_names}")
        self.nlp = nlp
        self.min_confidence = min_confidence
        self.lexicon = lexicon or default_lexicon()

    def extract(self, document: Document) -> list[Quote]:
        """Return the attributed quotes of one document, in order of appearance.

        Args:
            document: The document; its text is never changed.

        Returns:
            Quotes with offsets into ``document.text``.
        """
        result = scan(document.text)
        for warning in result.warnings:
            log.warning("%s: %s", document.id, warning)
        parsed = parse(self.nlp, document.text)
        return quotes_from_parsed(document, parsed, result.spans, self.lexicon, min_confidence=self.min_confidence)

    def extract_many(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Quote]]]:
        """Yield each document with its quotes, streaming, in input order."""
        for document in documents:
            yield document, self.extract(document)

    @staticmethod
    def _to_quotes(
        document: Document,
        parsed: ParsedText,
        attributions: list[Attribution],
        quotes_index: QuoteIndex,
        min_confidence: float,
    ) -> list[Quote]:
        candidates = collect_candidates(parsed, attributions, quotes_index)
        paragraph_of = {block.start: i for i, block in enumerate(parsed.blocks)}
        miscased = _document_miscased(
            [c.name for c in candidates if c.kind == "person"]
            + [a.mention.name for a in attributions if a.mention is not None and a.mention.kind == "person"]
        )
        names: list[str] = [split_mention(c.name, kind=c.kind, miscased=miscased).name for c in candidates]
        resolved: list[tuple[Attribution, NameParts | None, float]] = []
        for att in attributions:
            mention = att.mention
            assert mention is not None
            family = att.rule.split(":", 1)[0]
            confidence = RULE_CONFIDENCE.get(family, 0.5)
            parts: NameParts | None = None
            antecedent = None
            if mention.kind in ("pronoun", "document"):
                antecedent = resolve_pronoun(mention, candidates, paragraph_of.get(att.block_start, 0))
            if mention.kind == "document" and antecedent is None:
                parts = split_mention(mention.text, name=mention.name, kind="nominal", miscased=miscased)
            elif mention.kind in ("pronoun", "document"):
                if antecedent is None:
                    confidence *= UNRESOLVED_PRONOUN_PENALTY
                else:
                    parts = split_mention(antecedent.name, kind=antecedent.kind, miscased=miscased)
                    parts = NameParts(parts.name, None, parts.written, parts.kind)  # "he" has no role words
                    confidence *= PRONOUN_PENALTY
            else:
                parts = split_mention(mention.text, name=mention.name, kind=mention.kind, miscased=miscased)
            if parts is not None:
                names.append(parts.name)
            resolved.append((att, parts, confidence))
        display = resolve_in_document(names)
        quotes: list[Quote] = []
        for att, parts, confidence in resolved:
            if confidence < min_confidence:
                continue
            mention = att.mention
            assert mention is not None
            shown = display.get(clean_name(parts.name), parts.name) if parts is not None else mention.text
            speaker = Speaker(
                name=shown,
                id=speaker_id(shown),
                mention=mention.text,
                start=mention.start,
                end=mention.end,
                title=parts.title if parts is not None else None,
            )
            quotes.append(
                Quote(
                    doc_id=document.id,
                    index=len(quotes),
                    text=document.text[att.start : att.end],
                    start=att.start,
                    end=att.end,
                    type=att.type,  # type: ignore[arg-type]
                    speaker=speaker,
                    cue=att.cue,
                    confidence=confidence,
                    rule=att.rule,
                    meta=document.meta,
                )
            )
        return quotes


def _document_miscased(person_names: Sequence[str]) -> bool | None:
    """Whether a document's casing is broken, judged from the person names it writes.

    Returns:
        ``True`` when a person name is written in broken case ("juan guaido"), ``False`` when
        every one is well cased, ``None`` when the document names no person.
    """
    if not person_names:
        return None
    return any(looks_miscased(name) for name in person_names if name.strip())


def quotes_from_parsed(
    document: Document,
    parsed: ParsedText,
    spans: Sequence[QuotedSpan],
    lexicon: Lexicon,
    *,
    min_confidence: float = 0.0,
) -> list[Quote]:
    """Attribute the marked quotes of an already parsed text and resolve their speakers.

    The one path from a parse to quotes, shared by :class:`Extractor` (paragraph blocks
    from :func:`quotes.parsing.parse`) and the spaCy component (one block holding the
    caller's ``Doc``).

    Args:
        document: The document the text belongs to (its id and metadata go to every quote).
        parsed: The parsed text; ``parsed.text`` must be ``document.text``.
        spans: Quoted spans of the text, from :func:`quotes.marks.scan`.
        lexicon: Word lists the rules read.
        min_confidence: Quotes with a lower confidence are dropped.

    Returns:
        Quotes in order of appearance, with offsets into ``document.text``.
    """
    attributions = attribute(parsed, spans, lexicon)
    return Extractor._to_quotes(document, parsed, attributions, QuoteIndex(spans), min_confidence)
