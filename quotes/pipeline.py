"""Document in, attributed quotes out: scan marks, parse, attribute, resolve speakers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence

from spacy.language import Language

from quotes.attribute.engine import Engine
from quotes.attribute.registry import Registry
from quotes.lexicon import Lexicon, default_lexicon
from quotes.loader import load_model
from quotes.marks import QuotedSpan, scan
from quotes.options import check_acts, check_count, check_flag, check_min_confidence
from quotes.parse.fasttags import FastAttributes
from quotes.parse.layout import reading_text
from quotes.parse.pipe import BATCH_SIZE, ParsedText, parse, parse_many
from quotes.parse.plan import ParagraphPlan, Triggers, irregular_forms, plan_paragraphs
from quotes.parse.tokenizer import QuoteTokenizer, quote_tokenizer
from quotes.resolve.speakers import quotes_from_parsed
from quotes.types import Document, Quote, check_document

log = logging.getLogger(__name__)

#: Quotes of at most this many words may be part of a name (Juan "Chico" Ruiz, the “Broad
#: City” star), so the entity recognizer reads them like any other words.
NAME_QUOTE_WORDS = 3

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
        rules: The rule registry and its calibration; default the shipped one
            (``quotes calibrate`` extracts with :meth:`Registry.uncalibrated`).
        acts: Keep only quotes of these acts (``speech``, ``belief``, ``evidence``,
            ``intention``: what the quote reports, see :class:`quotes.types.Quote`);
            default every act.
        unattributed: Also give the quoted passages no speaker was found for, with
            ``speaker`` ``None``, confidence 0 and an ``unattributed:*`` rule saying why
            (kept whatever ``min_confidence``).

    Raises:
        ValueError: ``min_confidence`` is outside 0..1, ``batch_size`` is below 1, ``acts``
            names something that is not an act, or the pipeline has no parser.
        TypeError: ``min_confidence`` or ``batch_size`` is not a number, ``acts`` is a
            single string, or ``unattributed`` is not a boolean.
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
        rules: Registry | None = None,
        acts: Iterable[str] | None = None,
        unattributed: bool = False,
    ) -> None:
        min_confidence = check_min_confidence(min_confidence)
        self.acts = check_acts(acts)
        self.unattributed = check_flag(unattributed, name="unattributed")
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
        #: Words that make a sentence worth parsing; ``None`` parses every paragraph.
        self.triggers: Triggers | None = None
        if not full_parse:
            self.triggers = Triggers.from_lexicon(self.lexicon, irregular=irregular_forms(nlp))
        #: The attribution engine: the lexicon, the dependency patterns for this vocabulary, the rules.
        self.engine = Engine(nlp.vocab, self.lexicon, rules=rules)
        #: The pipeline's tokenizer, also cutting quote marks glued to words (``“Enough”--said``).
        self.tokenizer = quote_tokenizer(nlp)
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
        reading, spans, plan = self._prepare(document)
        parsed = parse(
            self.nlp, reading, plan=plan, batch_size=self.batch_size, stand_in=self.stand_in,
            names_only_where_needed=not self.full_parse, tokenizer=self.tokenizer,
        )
        return self._quotes(document, parsed, spans)

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
        if isinstance(self.tokenizer, QuoteTokenizer):  # what a tokenizer keeps must not come from the zone
            self.tokenizer.prepare(document.text for document in group)
        with self.nlp.memory_zone():
            try:
                return list(self._extract_group(group, on_error))
            except Exception as exc:  # caught inside the zone: one left by an exception keeps the vocabulary in it
                failure = exc
        if on_error is None:
            raise failure
        if len(group) == 1:
            on_error(group[0], failure)
            return []
        return [pair for document in group for pair in self._extract_apart([document], on_error)]

    def _quotes(self, document: Document, parsed: ParsedText, spans: Sequence[QuotedSpan]) -> list[Quote]:
        """The quotes of a parsed document, as this extractor's options keep them."""
        return quotes_from_parsed(
            document, parsed, spans, self.engine,
            min_confidence=self.min_confidence, acts=self.acts, unattributed=self.unattributed,
        )

    def _prepare(self, document: Document) -> tuple[str, Sequence[QuotedSpan], list[ParagraphPlan]]:
        """Read a document's layout, scan its quote marks and choose the paragraphs to parse.

        Returns:
            The text as the rules read it (:func:`quotes.parse.layout.reading_text`: same
            offsets), its quoted spans and the plan of what to parse.
        """
        check_document(document)
        reading = reading_text(document.text)
        result = scan(reading)
        for warning in result.warnings:
            log.warning("%s: %s", document.id or "text without an id", warning)
        quoted = [(span.start, span.end) for span in result.spans]
        # the recognizer skips quotes, which hold no speaker, but not the short ones a name can
        # hold (Juan "Chico" Ruiz, the “Broad City” star): the name must read the same as in a full parse
        contents = [
            (span.content_start, span.content_end)
            for span in result.spans
            if len(reading[span.content_start : span.content_end].split(maxsplit=NAME_QUOTE_WORDS)) > NAME_QUOTE_WORDS
        ]
        return reading, result.spans, plan_paragraphs(reading, quoted=quoted, contents=contents, triggers=self.triggers)

    def _extract_group(
        self, documents: Sequence[Document], on_error: Callable[[Document, Exception], None] | None
    ) -> Iterator[tuple[Document, list[Quote]]]:
        """Extract a group of documents whose paragraphs are parsed in one stream."""
        prepared: list[tuple[tuple[Document, Sequence[QuotedSpan]], str, list[ParagraphPlan]]] = []
        for document in documents:
            try:
                reading, spans, plan = self._prepare(document)
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(document, exc)
                continue
            prepared.append(((document, spans), reading, plan))
        parsed_texts = parse_many(
            self.nlp, prepared, batch_size=self.batch_size, stand_in=self.stand_in,
            names_only_where_needed=not self.full_parse, tokenizer=self.tokenizer,
        )
        for (document, spans), parsed in parsed_texts:
            try:
                found = self._quotes(document, parsed, spans)
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(document, exc)
                continue
            yield document, found


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
