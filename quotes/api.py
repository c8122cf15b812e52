"""One-call extraction for a single text; for many documents use :class:`quotes.Extractor`."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from spacy.language import Language

from quotes.loader import load_model
from quotes.options import check_min_confidence
from quotes.pipeline import Extractor
from quotes.types import Document, Quote


@functools.cache
def _shared_model(name: str | None) -> Language:
    """Load a pipeline once per process for :func:`extract` calls that pass no ``nlp``."""
    return load_model(name)


def extract(
    text: str | Document,
    *,
    nlp: Language | None = None,
    model: str | None = None,
    doc_id: str = "",
    meta: Mapping[str, Any] | None = None,
    min_confidence: float = 0.0,
) -> list[Quote]:
    """Return the attributed quotes of one text, in order of appearance.

    Without ``nlp`` the pipeline named by ``model`` (default: ``$QUOTES_MODEL``, else the
    best installed ``en_core_web_*``) is loaded on the first call and kept for later
    calls with the same ``model``. To process many documents, build one
    :class:`quotes.Extractor` instead.

    >>> import quotes
    >>> for q in quotes.extract("“We will win,” Senator Ann Cole said on Monday."):
    ...     print(q.type, "|", q.text, "|", q.speaker.name, "|", q.cue.lemma, q.start, q.end)
    direct | We will win, | Ann Cole | say 1 13

    Args:
        text: The article text (never changed; offsets point into it), or a
            :class:`~quotes.types.Document`, whose id and metadata are then used.
        nlp: A loaded English spaCy pipeline with a dependency parser.
        model: Package name or path of the pipeline to load when ``nlp`` is not given.
        doc_id: Id written to every quote's ``doc_id`` (for a plain text).
        meta: Metadata copied to every quote's ``to_dict()`` (for a plain text).
        min_confidence: Quotes less sure than this (0..1) are dropped.

    Returns:
        Frozen :class:`~quotes.types.Quote` objects; ``quote.to_dict()`` gives the JSON record.

    Raises:
        TypeError: ``text`` is neither a string nor a Document, or ``min_confidence`` is not a number.
        ValueError: ``min_confidence`` is outside 0..1, or ``nlp`` has no parser.
        quotes.loader.ModelNotFoundError: No pipeline could be loaded.
    """
    if isinstance(text, Document):
        document = text
    elif isinstance(text, str):
        document = Document(id=doc_id, text=text, meta=dict(meta or {}))
    else:
        raise TypeError(f"extract() takes a str or a quotes.Document, got {type(text).__name__}")
    min_confidence = check_min_confidence(min_confidence)
    if nlp is None:
        nlp = _shared_model(model)
    return Extractor(nlp, min_confidence=min_confidence).extract(document)
