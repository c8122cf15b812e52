"""Finalising a run: speakers and statements resolved across every document, then written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from quotes.crossdoc.index import CrossDocIndex, Resolution
from quotes.export.journal import Journal, journal_records
from quotes.export.jsonl import read_quotes, write_lines
from quotes.types import Document, Quote

if TYPE_CHECKING:
    from quotes.store.writer import StoreWriter


def resolve_quotes(
    batches: Iterable[tuple[Document | str, Sequence[Quote]]], *, index: CrossDocIndex | None = None
) -> tuple[list[Quote], Resolution]:
    """Resolve a run held in memory: every document's quotes, then final ids, names, statements.

    For large runs use :class:`RunWriter`, which keeps only compact records in memory.

    Args:
        batches: ``(document, quotes)`` per document, as ``Extractor.extract_many`` yields
            them; a document id may stand for the document (its text is then not consulted).
        index: The index to collect into; default a new one with default settings.

    Returns:
        All quotes in input order with their final speakers and statement ids, and the resolution.
    """
    index = index or CrossDocIndex()
    kept: list[Quote] = []
    for document, quotes in batches:
        if isinstance(document, Document):
            index.add(document.id, quotes, text=document.text)
        else:
            index.add(document, quotes)
        kept.extend(quotes)
    resolution = index.resolve()
    return [resolution.apply(q) for q in kept], resolution


def finalise_jsonl(source: IO[str], target: IO[str], resolution: Resolution) -> int:
    """Copy output records from ``source`` to ``target`` with their final speakers and statements.

    Args:
        source: JSON Lines written by :func:`quotes.export.jsonl.write_quotes`, positioned at the start.
        target: Where to write the final records.

    Returns:
        The number of records written.
    """
    return write_lines((resolution.apply_record(record) for record in read_quotes(source)), target)


class RunWriter:
    """Write a run's quotes streaming, then finalise them across documents on :meth:`close`.

    Each document's quotes go to a journal as the document is done (see
    :mod:`quotes.export.journal`); :meth:`close` resolves speakers and statements from the
    compact records kept in memory and rewrites the journal into ``out`` with the final
    names and ids, then writes the speaker index to ``speakers`` if given. With a ``store``,
    the documents go to it as they come, and on :meth:`close` the quotes it already holds
    join the resolution and it receives the same final records.

    Args:
        out: The final output stream, written only on :meth:`close`; ``None`` for none.
        speakers: Where to write the speaker index (JSON Lines), or ``None``.
        spool_dir: Folder for a temporary journal; default the system's temporary folder.
        index: The cross-document index; default a new one.
        journal: The journal to keep the quotes in (one that a later run can resume);
            default a temporary one, removed on :meth:`close`.
        store: A quote store the run is added to (:class:`quotes.store.StoreWriter`); the
            caller commits or aborts it.
    """

    def __init__(
        self,
        out: IO[str] | None,
        *,
        speakers: IO[str] | None = None,
        spool_dir: str | Path | None = None,
        index: CrossDocIndex | None = None,
        journal: Journal | None = None,
        store: StoreWriter | None = None,
    ) -> None:
        self.out = out
        self.store = store
        self.speakers = speakers
        self.index = index or CrossDocIndex()
        self.journal = journal if journal is not None else Journal.temporary(str(spool_dir) if spool_dir else None)
        self._own_journal = journal is None
        self.resolution: Resolution | None = None

    def write(self, document: Document, quotes: Sequence[Quote], *, journaled: bool = False) -> int:
        """Keep one document's compact records and journal its quotes; returns how many.

        Args:
            document: The document (its text tells paragraphs apart).
            quotes: Its quotes.
            journaled: The quotes are in the journal already (written there by the caller, or
                by the run that is resumed): only their compact records are kept.
        """
        self.index.add(document.id, quotes, text=document.text)
        if self.store is not None:
            self.store.add_document(document, quotes)
        if not journaled:
            self.journal.add(document.id, journal_records(quotes))
        return len(quotes)

    def close(self) -> Resolution:
        """Resolve across documents, write the final output and the speaker index."""
        if self.resolution is not None:
            return self.resolution
        try:
            if self.store is not None:
                self.store.settle(self.index)
            resolution = self.index.resolve()
            if self.out is not None:
                write_lines(self._final(resolution), self.out)
            if self.store is not None:
                self.store.write(resolution, self._final(resolution))
            if self.speakers is not None:
                write_lines(resolution.speaker_records(), self.speakers)
        finally:
            if self._own_journal:
                self.journal.close()
        self.resolution = resolution
        return resolution

    def _final(self, resolution: Resolution) -> Iterator[dict[str, Any]]:
        """The journal's records with their final speakers and statements."""
        return (resolution.apply_record(r) for _, found in self.journal.documents() for r in found)

    def __enter__(self) -> RunWriter:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        elif self._own_journal:
            self.journal.close()
