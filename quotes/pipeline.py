"""Document in, attributed quotes out: scan marks, parse, attribute, resolve speakers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence

from spacy.language import Language

from quotes.attribute.engine import Attribution, QuoteIndex, attribute, read_nouns, read_verbs
from quotes.lexicon import Lexicon, default_lexicon
from quotes.loader import load_model
from quotes.marks import QuotedSpan, scan
from quotes.names.casing import looks_miscased
from quotes.names.document import resolve_in_document
from quotes.names.keys import clean_name, speaker_id
from quotes.names.split import NameParts, split_mention
from quotes.options import check_count, check_min_confidence
from quotes.parse.fasttags import FastAttributes
from quotes.parse.pipe import BATCH_SIZE, ParsedText, parse, parse_many
from quotes.parse.plan import ParagraphPlan, cue_forms, irregular_forms, plan_paragraphs
from quotes.resolve.pronouns import collect_candidates, resolve_pronoun
from quotes.types import Document, Quote, Speaker, check_document

log = logging.getLogger(__name__)

#: Probability that the speaker is right, per rule ("family:pattern", else the family): the
#: share of right speakers among matched quotes of that rule, measured on PolNeAR train
#: articles (never on the dev set the README reports) and rounded down.
RULE_CONFIDENCE: dict[str, float] = {
    "cue_governs:subject": 0.95,
    "cue_governs:governing_clause": 0.78,
    "cue_governs:inverted": 0.6,
    "cue_governs": 0.85,
    "cue_after:subject": 0.76,
    "cue_after": 0.76,
    "colon_lead_in": 0.9,
    "cue_before": 0.78,
    "split_quote": 0.96,
    "carry_over": 0.84,
    "transcript_label": 0.9,
    "governing_verb": 0.78,
    "indirect_ccomp:subject": 0.96,
    "indirect_ccomp:governing_clause": 0.76,
    "indirect_ccomp:inverted": 0.6,
    "indirect_ccomp": 0.85,
    "indirect_parataxis": 0.9,
    "indirect_according_to": 0.95,
    "belief_ccomp": 0.75,
    "belief_xcomp:subject": 0.85,
    "belief_xcomp": 0.75,
    "indirect_xcomp:subject": 0.9,
    "indirect_xcomp": 0.75,
    "evidence_ccomp:subject": 0.9,
    "indirect_object:subject": 0.95,
    "indirect_naming:subject": 0.95,
    "indirect_naming": 0.78,
    "belief_naming:subject": 0.85,
    "belief_naming": 0.75,
    "indirect_object": 0.78,
    "evidence_ccomp": 0.6,
    "evidence_parataxis": 0.6,
    "belief_parataxis": 0.6,
    "indirect_ccomp:relative_clause": 0.85,
    "acting_verb": 0.55,
    "headline_label": 0.9,
    "signature": 0.85,
    "previous_sentence": 0.9,
    "inline_label": 0.75,
    "colon_lead_in:verb_subject": 0.7,
    "cue_after:interposed_name": 0.85,
    "cue_governs:interposed_name": 0.85,
    "indirect_topic:subject": 0.9,
    "indirect_judging:subject": 0.95,
    "indirect_judging": 0.76,
    "indirect_topic": 0.75,
    "indirect_gerund:subject": 0.9,
    "indirect_gerund": 0.75,
    "evidence_object:subject": 0.9,
    "evidence_in": 0.85,
    "belief_object:subject": 0.85,
    "belief_view": 0.75,
}
#: Ceiling on the confidence of a rule family for patterns of speaker finding that are
#: right less often whatever the rule ("family:pattern" keys above take precedence): too few
#: on train to measure one by one, and right under 80% of the time taken together.
PATTERN_CONFIDENCE: dict[str, float] = {
    "noun_cue+document": 0.4,
    "noun_possessor": 0.4,
    "noun_from": 0.5,
    "noun_compound": 0.5,
    "mistagged_verb": 0.5,
    "relative_clause": 0.65,
    "relcl_subject": 0.7,
    "participle_subject": 0.7,
    "left_name": 0.75,
    "left_phrase": 0.75,
    "mistagged_subject": 0.75,
    "governing_clause+document": 0.4,
    "read_text+document": 0.75,
    "noun_issuer": 0.78,
}
#: Quotes of at most this many words may be part of a name (Juan "Chico" Ruiz, the “Broad
#: City” star), so the entity recognizer reads them like any other words.
NAME_QUOTE_WORDS = 3

#: Factor for a pronoun speaker whose antecedent was found (the name may still be wrong).
PRONOUN_PENALTY = 0.97
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
        full_parse: Parse every paragraph. By default only paragraphs where attribution
            can happen are parsed, with the paragraph before each for pronoun antecedents
            (see :func:`quotes.parse.plan.plan_paragraphs`); on PolNeAR dev this is over
            twice as fast for the same scores (README, "Speed").
        batch_size: Paragraphs per ``nlp.pipe`` batch.

    Raises:
        ValueError: ``min_confidence`` is outside 0..1, ``batch_size`` is below 1, or the
            pipeline has no parser.
        TypeError: ``min_confidence`` or ``batch_size`` is not a number.
        quotes.loader.ModelNotFoundError: The pipeline to load is not installed.
    """

    def __init__(
        self,
        nlp: Language | str | None = None,
        *,
        min_confidence: float = 0.0,
        lexicon: Lexicon | None = None,
        full_parse: bool = False,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        min_confidence = check_min_confidence(min_confidence)
        check_count(batch_size, name="batch_size", what="paragraphs")
        if nlp is None or isinstance(nlp, str):
            nlp = load_model(nlp)
        if "parser" not in nlp.pipe_names:
            raise ValueError(f"the spaCy pipeline needs a dependency parser; it has {nlp.pipe_names}")
        self.nlp = nlp
        self.min_confidence = min_confidence
        self.lexicon = lexicon or default_lexicon()
        self.full_parse = full_parse
        self.batch_size = batch_size
        #: Word forms that make a paragraph worth parsing; ``None`` parses every paragraph.
        self.cue_forms: frozenset[str] | None = None
        if not full_parse:
            verbs = read_verbs(self.lexicon)
            self.cue_forms = cue_forms(verbs, irregular=irregular_forms(nlp)) | read_nouns()
        #: Faster stand-in for the attribute ruler and lemmatizer (same output), if it applies.
        self.stand_in: FastAttributes | None = FastAttributes.from_pipeline(nlp)

    def extract(self, document: Document) -> list[Quote]:
        """Return the attributed quotes of one document, in order of appearance.

        Args:
            document: The document; its text is never changed.

        Returns:
            Quotes with offsets into ``document.text``.

        Raises:
            TypeError: ``document`` is not a :class:`~quotes.types.Document` (a plain string, say).
            ValueError: Its text holds an unpaired surrogate, which is not text.
        """
        spans, plan = self._prepare(document)
        parsed = parse(
            self.nlp, document.text, plan=plan, batch_size=self.batch_size, stand_in=self.stand_in,
            names_only_where_needed=not self.full_parse,
        )
        return quotes_from_parsed(document, parsed, spans, self.lexicon, min_confidence=self.min_confidence)

    def extract_many(
        self,
        documents: Iterable[Document],
        *,
        n_process: int = 1,
        on_error: Callable[[Document, Exception], None] | None = None,
    ) -> Iterator[tuple[Document, list[Quote]]]:
        """Yield each document with its quotes, streaming, in input order.

        Paragraphs of many documents are parsed together in one ``nlp.pipe`` stream, in
        groups of at most :data:`GROUP_DOCUMENTS` documents (or :data:`GROUP_CHARS`
        characters), each inside ``nlp.memory_zone()`` so that the strings of a long
        stream do not pile up in the vocabulary: memory stays flat however many
        documents go through.

        Args:
            documents: The documents, read lazily.
            n_process: Worker processes; above 1, documents go in chunks to a pool of
                processes that each hold a copy of the pipeline (see
                :func:`quotes.backends.local.extract_parallel`), results still in input order.
            on_error: Called with a document and the exception when that document cannot
                be processed; the document is then left out and the rest goes on. Without
                it the exception propagates.

        Returns:
            ``(document, quotes)`` pairs in input order.

        Raises:
            ValueError: ``n_process`` is below 1.
        """
        if n_process < 1:
            raise ValueError(f"n_process must be 1 or more, got {n_process!r}")
        if n_process > 1:
            from quotes.backends.local import extract_parallel

            yield from extract_parallel(self, documents, n_process=n_process, on_error=on_error)
            return
        for group in group_documents(documents, max_documents=GROUP_DOCUMENTS, max_chars=GROUP_CHARS):
            yield from self._extract_apart(group, on_error)

    def _extract_apart(
        self, group: Sequence[Document], on_error: Callable[[Document, Exception], None] | None
    ) -> list[tuple[Document, list[Quote]]]:
        """Extract a group; if the stream fails, extract its documents one by one, so one costs only itself."""
        try:
            with self.nlp.memory_zone():
                return list(self._extract_group(group, on_error))
        except Exception as exc:
            if on_error is None:
                raise
            if len(group) == 1:
                on_error(group[0], exc)
                return []
        return [pair for document in group for pair in self._extract_apart([document], on_error)]

    def _prepare(self, document: Document) -> tuple[Sequence[QuotedSpan], list[ParagraphPlan]]:
        """Scan a document's quote marks and choose the paragraphs to parse."""
        check_document(document)
        result = scan(document.text)
        for warning in result.warnings:
            log.warning("%s: %s", document.id or "text without an id", warning)
        quoted = [(span.start, span.end) for span in result.spans]
        # the recognizer skips quotes, which hold no speaker, but not the short ones a name can
        # hold (Juan "Chico" Ruiz, the “Broad City” star): the name must read the same as in a full parse
        contents = [
            (span.content_start, span.content_end)
            for span in result.spans
            if len(document.text[span.content_start : span.content_end].split(maxsplit=NAME_QUOTE_WORDS)) > NAME_QUOTE_WORDS
        ]
        return result.spans, plan_paragraphs(document.text, quoted=quoted, contents=contents, forms=self.cue_forms)

    def _extract_group(
        self, documents: Sequence[Document], on_error: Callable[[Document, Exception], None] | None
    ) -> Iterator[tuple[Document, list[Quote]]]:
        """Extract a group of documents whose paragraphs are parsed in one stream."""
        prepared: list[tuple[tuple[Document, Sequence[QuotedSpan]], str, list[ParagraphPlan]]] = []
        for document in documents:
            try:
                spans, plan = self._prepare(document)
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(document, exc)
                continue
            prepared.append(((document, spans), document.text, plan))
        parsed_texts = parse_many(
            self.nlp, prepared, batch_size=self.batch_size, stand_in=self.stand_in,
            names_only_where_needed=not self.full_parse,
        )
        for (document, spans), parsed in parsed_texts:
            try:
                found = quotes_from_parsed(document, parsed, spans, self.lexicon, min_confidence=self.min_confidence)
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(document, exc)
                continue
            yield document, found

    @staticmethod
    def _to_quotes(
        document: Document,
        parsed: ParsedText,
        attributions: list[Attribution],
        quotes_index: QuoteIndex,
        min_confidence: float,
        lexicon: Lexicon,
    ) -> list[Quote]:
        candidates = collect_candidates(parsed, attributions, quotes_index, lexicon=lexicon)
        paragraph_of = {paragraph.start: i for i, paragraph in enumerate(parsed.paragraphs)}
        miscased = _document_miscased(
            [c.name for c in candidates if c.kind == "person"]
            + [a.mention.name for a in attributions if a.mention is not None and a.mention.kind == "person"]
        )
        names: list[str] = [split_mention(c.name, kind=c.kind, miscased=miscased).name for c in candidates]
        resolved: list[tuple[Attribution, NameParts | None, float]] = []
        for att in attributions:
            mention = att.mention
            assert mention is not None
            confidence = rule_confidence(att.rule)
            parts: NameParts | None = None
            antecedent = None
            if mention.kind in ("pronoun", "document"):
                antecedent = resolve_pronoun(mention, candidates, paragraph_of.get(att.paragraph_start, 0))
            if mention.kind == "document" and antecedent is None:
                parts = split_mention(mention.text, name=mention.name, kind="nominal", miscased=miscased)
            elif mention.kind in ("pronoun", "document"):
                if antecedent is None:
                    confidence *= UNRESOLVED_PRONOUN_PENALTY
                else:
                    parts = split_mention(antecedent.name, kind=antecedent.kind, miscased=miscased)
                    parts = NameParts(parts.name, None, parts.written, parts.kind)  # "he" has no role words
                    confidence *= PRONOUN_PENALTY
            elif not (mention.name_start >= mention.start and mention.name_end <= mention.end):
                # the mention stands for a name written elsewhere ("who" in "Smith, who said")
                parts = split_mention(mention.name, name=mention.name, kind=mention.kind, miscased=miscased)
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
            if parts is not None and shown != parts.name and lexicon.honorific_clash([parts.title or ""], shown):
                shown = parts.name  # "Mr. Clinton" is not the document's "Hillary Clinton"
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


def rule_confidence(rule: str) -> float:
    """The calibrated probability that a speaker found by ``rule`` ("family:pattern") is right.

    >>> rule_confidence("cue_governs:subject"), rule_confidence("cue_governs:noun_possessor")
    (0.95, 0.4)
    """
    if rule in RULE_CONFIDENCE:
        return RULE_CONFIDENCE[rule]
    family, _, pattern = rule.partition(":")
    return min(RULE_CONFIDENCE.get(family, 0.5), PATTERN_CONFIDENCE.get(pattern, 1.0))


#: Most documents parsed in one ``nlp.pipe`` stream and memory zone by :meth:`Extractor.extract_many`.
GROUP_DOCUMENTS = 64
#: Most characters of text in one such group (a group holds at least one document).
GROUP_CHARS = 400_000


def group_documents(documents: Iterable[Document], *, max_documents: int, max_chars: int) -> Iterator[list[Document]]:
    """Cut a stream of documents into lists of at most ``max_documents`` and about ``max_chars``."""
    group: list[Document] = []
    chars = 0
    for document in documents:
        if group and (len(group) >= max_documents or chars + len(document.text) > max_chars):
            yield group
            group, chars = [], 0
        group.append(document)
        chars += len(document.text)
    if group:
        yield group


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

    The one path from a parse to quotes, shared by :class:`Extractor` (paragraphs
    from :func:`quotes.parse.pipe.parse`) and the spaCy component (one paragraph holding the
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
    return Extractor._to_quotes(document, parsed, attributions, QuoteIndex(spans), min_confidence, lexicon)
