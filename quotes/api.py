"""One-call extraction for a single text; for many documents use :class:`quotes.Extractor`."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from spacy.language import Language

from quotes.loader import load_model
from quotes.options import check_acts, check_flag, check_min_confidence
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
    acts: Iterable[str] | None = None,
    unattributed: bool = False,
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
        acts: Keep only quotes of these acts (``speech``, ``belief``, ``evidence``,
            ``intention``); default every act.
        unattributed: Also give the quoted passages no speaker was found for (``speaker``
            ``None``, an ``unattributed:*`` rule saying why).

    Returns:
        Frozen :class:`~quotes.types.Quote` objects; ``quote.to_dict()`` gives the JSON record.

    Raises:
        TypeError: ``text`` is neither a string nor a Document, ``min_confidence`` is not a
            number, ``acts`` is a single string, or ``unattributed`` is not a boolean.
        ValueError: ``min_confidence`` is outside 0..1, ``acts`` names something that is not
            an act, or ``nlp`` has no parser.
        quotes.loader.ModelNotFoundError: No pipeline could be loaded.
    """
    if isinstance(text, Document):
        document = text
    elif isinstance(text, str):
        document = Document(id=doc_id, text=text, meta=dict(meta or {}))
    else:
        raise TypeError(f"extract() takes a str or a quotes.Document, got {type(text).__name__}")
    # checked before a model is loaded, so a typo costs no load
    min_confidence = check_min_confidence(min_confidence)
    acts = check_acts(acts)
    check_flag(unattributed, name="unattributed")
    if nlp is None:
        nlp = _shared_model(model)
    return Extractor(nlp, min_confidence=min_confidence, acts=acts, unattributed=unattributed).extract(document)
