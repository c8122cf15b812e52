"""Parse documents paragraph by paragraph, in one ``nlp.pipe`` stream, with offsets into the text as read.

Each paragraph is parsed on its own (sentences never cross a line break in news text) and
keeps its character offset; cutting also bounds the parser's input size, so documents longer
than spaCy's ``max_length`` still parse. Paragraphs of many documents go through one
``nlp.pipe`` stream (:func:`parse_many`), which batches far better than one document at a time.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Generic, TypeVar

import numpy
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    HEAD,
    LEMMA,
    MORPH,
    NORM,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.language import Language
from spacy.tokens import Doc, Token

from quotes.parse.fasttags import FastAttributes
from quotes.parse.names import _names
from quotes.parse.paragraphs import Paragraph
from quotes.parse.plan import PARSE, TOKENS, ParagraphPlan, plan_paragraphs, ranges_within

#: Default ``nlp.pipe`` batch size, in pieces of text.
BATCH_SIZE = 256


#: Most characters in one batch: the parser's buffers grow with the tokens of a batch
#: (about 4 kB a token for en_core_web_sm), so batches are bounded by size too, which keeps
#: peak memory flat however long the run.
BATCH_CHARS = 40_000

#: Most tokens in one batch: the encoder's buffers take about 16 kB a token while a batch
#: runs. 40,000 characters of news are about 7,000 tokens; text dense in punctuation and
#: marks has up to one token in two characters, and is bounded by this instead.
BATCH_TOKENS = 8_000


T = TypeVar("T")

#: What a parsed Doc keeps of its encoder output: nothing (spaCy's own value for none).
_NO_TENSOR = numpy.zeros((0,), dtype="float32")


class ParsedText:
    """A document's text with its paragraphs, parsed or skipped.

    Args:
        text: The document text as read.
        paragraphs: Paragraphs in document order.
    """

    def __init__(self, text: str, paragraphs: Sequence[Paragraph]) -> None:
        self.text = text
        self.paragraphs: tuple[Paragraph, ...] = tuple(paragraphs)
        self._starts = [paragraph.start for paragraph in self.paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """Return the parsed paragraph that contains character ``offset``, if any."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.paragraphs[i].end:
            return self.paragraphs[i]
        return None

    def token_at(self, offset: int) -> tuple[Paragraph, Token] | None:
        """Return the paragraph and token covering character ``offset`` (or the next token)."""
        paragraph = self.paragraph_at(offset)
        if paragraph is None:
            return None
        local = offset - paragraph.start
        span = paragraph.doc.char_span(local, local + 1, alignment_mode="expand")
        if span is not None and len(span):
            return paragraph, span[0]
        for token in paragraph.doc:
            if token.idx + len(token.text) > local:
                return paragraph, token
        return None


def parse_many(
    nlp: Language,
    items: Iterable[tuple[T, str, Sequence[ParagraphPlan]]],
    *,
    batch_size: int = BATCH_SIZE,
    stand_in: FastAttributes | None = None,
    names_only_where_needed: bool = False,
    tokenizer: Callable[[str], Doc] | None = None,
) -> Iterator[tuple[T, ParsedText]]:
    """Parse the chosen pieces of many texts together, in batches across texts.

    Streaming and order-preserving: a text is yielded as soon as its last piece is
    processed, so only about ``batch_size`` pieces are held at a time.

    Args:
        nlp: A loaded pipeline with a dependency parser.
        items: ``(key, text, plan)`` triples, the plan from :func:`plan_paragraphs`;
            ``key`` is passed through.
        batch_size: Pieces processed together (at most :data:`BATCH_CHARS` characters and :data:`BATCH_TOKENS` tokens).
        stand_in: Run this instead of the pipeline's attribute ruler and lemmatizer
            (same output, faster; see :mod:`quotes.parse.fasttags`).
        names_only_where_needed: Run the entity recognizer only where names can matter
            (see :func:`_names`), when it is the pipeline's last component.
        tokenizer: Makes the Doc of a piece of text; default ``nlp.make_doc`` (the
            Extractor passes :func:`quotes.parse.tokenizer.quote_tokenizer`).

    Returns:
        ``(key, parsed)`` pairs in input order.
    """
    pending: deque[_Pending[T]] = deque()
    make_doc = tokenizer or nlp.make_doc

    def feed() -> Iterator[tuple[str, str, _Pending[T], tuple[tuple[int, int], ...] | None]]:
        for key, text, plan in items:
            entry = _Pending(key, text, plan, make_doc)
            pending.append(entry)
            for paragraph in plan:
                ends = [b for _, b in paragraph.unnamed]
                for start, end, how in paragraph.parts:
                    if how != TOKENS:
                        skip = tuple((a - start, b - start) for a, b in ranges_within(paragraph.unnamed, ends, start, end))
                        yield text[start:end], how, entry, skip if paragraph.cased else None

    # Pieces come back in input order, so a text is complete once its last piece is back,
    # and every text queued before it is complete too.
    process = _process(nlp, feed(), batch_size=batch_size, stand_in=stand_in, names=names_only_where_needed,
                       make_doc=make_doc)
    for doc, entry in process:
        entry.docs.append(doc)
        while pending and pending[0].complete:
            done = pending.popleft()
            yield done.key, done.parsed(nlp)
    while pending:
        done = pending.popleft()
        yield done.key, done.parsed(nlp)


def _process(
    nlp: Language,
    pieces: Iterable[tuple[str, str, T, tuple[tuple[int, int], ...] | None]],
    *,
    batch_size: int,
    stand_in: FastAttributes | None,
    names: bool,
    make_doc: Callable[[str], Doc],
) -> Iterator[tuple[Doc, T]]:
    """Run each piece through the pipeline, in order.

    Pieces are ``(text, how, key, skip)`` with ``how`` :data:`PARSE`; ``skip`` lists
    character ranges of the piece the entity recognizer need not see (``None``: it reads
    the whole piece, as in a text whose casing tells nothing). With ``names`` and
    the recognizer the pipeline's last component, it runs apart, only where names can
    matter (see :func:`_names`).
    """
    ner = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
    ner_apart = names and ner is not None and nlp.pipe_names[-1] == "ner"
    disable = (stand_in.disabled if stand_in is not None else []) + (["ner"] if ner_apart else [])
    batch: list[tuple[str, str, T, tuple[tuple[int, int], ...] | None]] = []
    docs: list[Doc] = []
    chars = tokens = 0
    for piece in itertools.chain(pieces, [None]):
        if piece is not None:
            batch.append(piece)
            docs.append(make_doc(piece[0]))
            chars, tokens = chars + len(piece[0]), tokens + len(docs[-1])
            if len(batch) < batch_size and chars < BATCH_CHARS and tokens < BATCH_TOKENS:
                continue
        if not batch:
            break
        parsed: list[Doc] = list(nlp.pipe(docs, batch_size=batch_size, disable=disable))
        if stand_in is not None:
            parsed = list(stand_in.pipe(parsed))
        if ner_apart:
            _names(nlp, ner, parsed, [p[3] for p in batch], batch_size=batch_size)
        for doc, (_, _, key, _) in zip(parsed, batch):
            doc.tensor = _NO_TENSOR  # the encoder's output (384 bytes a token) is read by no rule
            yield doc, key
        batch, docs, chars, tokens = [], [], 0, 0


class _Pending(Generic[T]):
    """A text whose chosen pieces are on their way through the pipeline."""

    def __init__(self, key: T, text: str, plan: Sequence[ParagraphPlan], make_doc: Callable[[str], Doc]) -> None:
        self.key = key
        self.make_doc = make_doc
        self.text = text
        self.plan = plan
        self.wanted = sum(how != TOKENS for paragraph in plan for *_, how in paragraph.parts)
        self.docs: list[Doc] = []

    @property
    def complete(self) -> bool:
        """Whether every chosen piece is processed."""
        return len(self.docs) == self.wanted

    def parsed(self, nlp: Language) -> ParsedText:
        """The parsed text, one Paragraph per paragraph; left-out paragraphs are empty."""
        docs = iter(self.docs)
        paragraphs: list[Paragraph] = []
        for planned in self.plan:
            if not planned.parts:
                paragraphs.append(Paragraph(planned.start, Doc(nlp.vocab, words=[])))
                continue
            pieces = [
                (self.make_doc(self.text[s:e]) if how == TOKENS else next(docs), how == PARSE)
                for s, e, how in planned.parts
            ]
            if len(pieces) == 1:
                doc, parsed = pieces[0]
                paragraphs.append(Paragraph(planned.start, doc if parsed else _one_sentence(doc)))
            else:
                paragraphs.append(Paragraph(planned.start, _merge(pieces)))
        return ParsedText(self.text, paragraphs)


#: Token attributes carried from the pieces into a paragraph's Doc.
_MERGED_ATTRS: tuple[int, ...] = (NORM, TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID)


def _one_sentence(doc: Doc) -> Doc:
    """A piece that is only tokenized as a paragraph of its own: one sentence (what
    :func:`_merge` makes of it, without copying it)."""
    if len(doc):
        starts = numpy.full(len(doc), -1, dtype="int64")
        starts[0] = 1
        doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


def _merge(pieces: Sequence[tuple[Doc, bool]]) -> Doc:
    """Join the parsed and not parsed pieces of a paragraph into one Doc.

    Tokens of pieces not parsed keep no tag, lemma or dependency (each is its own head),
    only their entities if they have any, and each such piece starts a sentence of its
    own, so that ``token.sent`` never joins it to a parsed sentence.
    """
    # Doc.from_docs(docs, ensure_whitespace=False, attrs=_MERGED_ATTRS), from the token arrays
    array = numpy.concatenate([doc.to_array([ORTH, SPACY, *_MERGED_ATTRS]) for doc, _ in pieces])
    merged = Doc(pieces[0][0].vocab, words=array[:, 0].tolist(), spaces=array[:, 1].astype(bool).tolist())
    merged.from_array(list(_MERGED_ATTRS), array[:, 2:])
    starts = merged.to_array([SENT_START]).astype("int64")
    offset = 0
    for doc, parsed in pieces:
        if not parsed and len(doc):
            starts[offset] = 1
            starts[offset + 1 : offset + len(doc)] = -1
        offset += len(doc)
    merged.from_array([SENT_START], starts.astype("uint64"))
    return merged


def parse(
    nlp: Language,
    text: str,
    *,
    spans: Iterable[tuple[int, int]] | None = None,
    plan: Sequence[ParagraphPlan] | None = None,
    batch_size: int = BATCH_SIZE,
    stand_in: FastAttributes | None = None,
    names_only_where_needed: bool = False,
    tokenizer: Callable[[str], Doc] | None = None,
) -> ParsedText:
    """Parse the paragraphs of one text with ``nlp``: all of them, the given ``spans``, or a plan.

    Args:
        nlp: A loaded pipeline with a dependency parser.
        text: The document text as read.
        spans: Paragraph spans to parse whole; default all of :func:`paragraph_spans`.
        plan: What to parse of each paragraph (:func:`plan_paragraphs`); wins over ``spans``.
        batch_size: Batch size for ``nlp.pipe``.
        stand_in: See :func:`parse_many`.
        names_only_where_needed: See :func:`parse_many`.
        tokenizer: See :func:`parse_many`.

    Returns:
        The parsed text; offsets of every token map back into ``text``.
    """
    if plan is None:
        plan = plan_paragraphs(text, spans=list(spans) if spans is not None else None)
    items = [(None, text, plan)]
    for _, parsed in parse_many(
        nlp, items, batch_size=batch_size, stand_in=stand_in, names_only_where_needed=names_only_where_needed,
        tokenizer=tokenizer,
    ):
        return parsed
    raise AssertionError("parse_many yields one result per text")  # pragma: no cover
