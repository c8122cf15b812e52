"""Document in, attributed quotes out: the stages wired together."""

from __future__ import annotations

import logging
from typing import Iterable, Iterator

from spacy.language import Language

from .model import Document, Quote

log = logging.getLogger(__name__)


class Extractor:
    """Extract attributed quotes from documents with one loaded spaCy pipeline.

    Args:
        nlp: A loaded English pipeline with a dependency parser (see
            :func:`quotes.loader.load_model`).
        min_confidence: Quotes with a lower confidence are dropped.
    """

    def __init__(self, nlp: Language, *, min_confidence: float = 0.0) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be between 0 and 1, got {min_confidence!r}")
        self.nlp = nlp
        self.min_confidence = min_confidence

    def extract(self, document: Document) -> list[Quote]:
        """Return the attributed quotes of one document, in order of appearance."""
        return []

    def extract_many(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Quote]]]:
        """Yield each document with its quotes, streaming, in input order."""
        for document in documents:
            yield document, self.extract(document)
