"""What the HTTP service does, without HTTP: extract articles, resolve their speakers, add them to a store.

One :class:`Service` a process holds the loaded model. Extraction runs one document at a
time under a lock (a spaCy pipeline is not made to be called from several threads at once),
so a request waits for at most the document being extracted, never for a whole other
request; requests in other processes (``--workers N``) run in parallel.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quotes.types import Document, Quote, check_document

if TYPE_CHECKING:
    from quotes.pipeline import Extractor
    from quotes.store.writer import StoreWriter

log = logging.getLogger(__name__)

#: Extractors kept for sets of options other than the defaults, most recent last.
KEPT_EXTRACTORS = 8

#: The options of an extractor built with none given.
DEFAULT_OPTIONS: dict[str, Any] = {"min_confidence": 0.0, "acts": None, "unattributed": False}

#: Seconds a request that adds to the store waits for another writer of the store.
STORE_WAIT = 30.0


@dataclass(frozen=True)
class Settings:
    """How ``quotes serve`` was started.

    Attributes:
        model: The spaCy pipeline (``None``: the default one).
        max_chars: Most characters of text one request may carry.
        db: The quote store the service reads and adds to, if any.
        cors: Origins allowed to call the API from a browser (none by default).
    """

    model: str | None = None
    max_chars: int = 1_000_000
    db: str | None = None
    cors: tuple[str, ...] = ()

    def to_json(self) -> str:
        """The settings as JSON, for the worker processes."""
        return json.dumps({"model": self.model, "max_chars": self.max_chars, "db": self.db, "cors": list(self.cors)})

    @classmethod
    def from_json(cls, text: str) -> Settings:
        """Settings written by :meth:`to_json`."""
        data = json.loads(text)
        return cls(model=data["model"], max_chars=data["max_chars"], db=data["db"], cors=tuple(data["cors"]))


class TooLong(ValueError):
    """A request carries more text than the service takes."""


class StoreBusy(RuntimeError):
    """Another run writes the store for longer than a request waits."""


class Service:
    """The loaded model and what the routes do with it.

    Args:
        extractor: The extractor with the default options (its model is shared by the others).
        settings: How the service was started.
    """

    def __init__(self, extractor: Extractor, settings: Settings) -> None:
        self.extractor = extractor
        self.settings = settings
        self._lock = threading.Lock()
        self._extractors: OrderedDict[tuple[Any, ...], Extractor] = OrderedDict()

    def check_size(self, articles: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        """Refuse more text than ``max_chars``.

        Raises:
            TooLong: The texts hold more characters than the limit; the message says how many.
        """
        total = sum(len(text) for _, text, _ in articles)
        if total > self.settings.max_chars:
            raise TooLong(f"the text holds {total:,} characters, more than this service takes in one request "
                          f"({self.settings.max_chars:,}, set by quotes serve --max-chars); send less at a time")

    def documents(self, articles: Sequence[tuple[str, str, dict[str, Any]]]) -> list[Document]:
        """The documents of a request, each checked as the extractor checks them.

        Raises:
            ValueError: Two articles share an id, or a text is not text (an unpaired surrogate).
        """
        seen: set[str] = set()
        documents = []
        for number, (doc_id, text, meta) in enumerate(articles):
            if doc_id in seen:
                raise ValueError(f"documents[{number}].id: {doc_id!r} is the id of an earlier document; give each its own")
            seen.add(doc_id)
            document = Document(doc_id, text, meta=meta, source="request")
            check_document(document)
            documents.append(document)
        return documents

    def extract(self, documents: Sequence[Document], options: dict[str, Any]) -> list[tuple[Document, list[Quote]]]:
        """Extract each document, one at a time under the process's lock.

        Raises:
            Exception: Whatever the extraction raised; the caller answers 500 and goes on.
        """
        extractor = self._extractor(options)
        out = []
        for document in documents:
            with self._lock:
                out.extend(extractor.extract_many([document]))
        return out

    def _extractor(self, options: dict[str, Any]) -> Extractor:
        """The extractor for a request's options, sharing the loaded model."""
        from quotes.pipeline import Extractor

        options = {**DEFAULT_OPTIONS, **options}
        if options == DEFAULT_OPTIONS:
            return self.extractor
        key = (options["min_confidence"], tuple(options["acts"] or ()), options["unattributed"])
        with self._lock:
            extractor = self._extractors.pop(key, None) or Extractor(
                self.extractor.nlp, lexicon=self.extractor.lexicon, **options
            )
            self._extractors[key] = extractor
            while len(self._extractors) > KEPT_EXTRACTORS:
                self._extractors.popitem(last=False)
        return extractor

    def resolve(self, extracted: Sequence[tuple[Document, list[Quote]]]) -> list[dict[str, Any]]:
        """The records of the request's quotes, speakers and statements resolved across its documents."""
        from quotes.crossdoc.run import resolve_quotes

        quotes, _ = resolve_quotes(extracted)
        return [quote.to_dict() for quote in quotes]

    def store(self, extracted: Sequence[tuple[Document, list[Quote]]]) -> list[dict[str, Any]]:
        """Add the request's documents to the store; their records as the store resolved them.

        Raises:
            StoreBusy: Another run kept the store for longer than :data:`STORE_WAIT` seconds.
        """
        from quotes.crossdoc.run import RunWriter

        out = io.StringIO()
        with self._store_writer() as store:
            writer = RunWriter(out, store=store)
            for document, quotes in extracted:
                writer.write(document, quotes)
            writer.close()
        return [json.loads(line) for line in out.getvalue().splitlines()]

    @contextlib.contextmanager
    def _store_writer(self) -> Iterator[StoreWriter]:
        from quotes.export.files import OutputBusy
        from quotes.store.writer import StoreWriter

        assert self.settings.db is not None
        deadline = time.monotonic() + STORE_WAIT
        while True:
            try:
                store = StoreWriter(self.settings.db)
                break
            except OutputBusy:
                if time.monotonic() > deadline:
                    raise StoreBusy(f"the store is being written by another quotes run for over {STORE_WAIT:.0f} s; "
                                    "try again when it is done") from None
                time.sleep(0.2)
        with store:
            yield store
