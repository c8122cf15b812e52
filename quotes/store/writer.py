"""Writing runs into a quote store: one transaction a run, speakers and statements across the whole store.

A run adds its documents as they are extracted (:meth:`StoreWriter.add_document`, which drops
the rows an earlier run wrote for the same document), then, when it ends, the quotes already
stored join the run's cross-document index (:meth:`StoreWriter.settle`) so that one
resolution covers the whole store, and :meth:`StoreWriter.write` writes the run's final
records, corrects the stored quotes whose speaker or statement the new documents changed,
and replaces the ``speakers`` and ``statements`` tables. Everything happens in one SQLite
transaction, committed by :meth:`StoreWriter.close`: a run that fails, is stopped or killed
leaves the store as it was. The store is in WAL mode, so readers (Datasette, ``quotes
serve``) keep reading the last committed state while a run writes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

import sqlite_utils

from quotes.export.files import locked
from quotes.export.journal import speakers_first
from quotes.store import schema
from quotes.store.reader import stored_documents

if TYPE_CHECKING:
    from quotes.crossdoc.index import CrossDocIndex, Resolution
    from quotes.types import Document, Quote

log = logging.getLogger(__name__)

#: Rows a batch of inserts holds.
BATCH = 500

#: Milliseconds a connection waits for another one's write to end before giving up.
BUSY_TIMEOUT_MS = 30_000


class StoreWriter:
    """A run that writes into the quote store at ``path`` (a context manager).

    The store is locked for the time of the run (``.NAME.lock`` beside it, as for every
    output), so a second run on it is refused at once.

    Args:
        path: The SQLite database; made, with its folder, if missing.
        lock: Take the store's lock; ``False`` when the caller holds it already.

    Raises:
        quotes.export.files.OutputBusy: Another run writes the store.
        sqlite3.DatabaseError: ``path`` is not a SQLite database.
    """

    def __init__(self, path: str | os.PathLike[str], *, lock: bool = True) -> None:
        self.path = os.fspath(path)
        self.documents: set[str] = set()
        self.written = 0
        self._evidence: dict[tuple[str, int], str] = {}
        self._stack = contextlib.ExitStack()
        if lock:
            self._stack.enter_context(locked([self.path]))
        try:
            self.db = open_store(self.path)
            self._stack.callback(self.db.close)
            self.db.begin()
            schema.create_tables(self.db)
        except BaseException:
            self._stack.close()
            raise

    def add_document(self, document: Document, quotes: Sequence[Quote] = ()) -> None:
        """Keep one document of the run, replacing the rows of an earlier one with its id.

        Args:
            document: The document as read (its id, metadata and text).
            quotes: Its quotes as extracted: the gender evidence their speakers carry, which
                the final records leave out, is kept for later runs, as the journal keeps it
                (with the first quote of each speaker of the document).
        """
        self.documents.add(document.id)
        for quote, first in zip(quotes, speakers_first(quotes), strict=True):
            if first and quote.speaker is not None and quote.speaker.evidence:
                pieces = [piece.to_dict() for piece in quote.speaker.evidence]
                self._evidence[(document.id, quote.index)] = json.dumps(pieces, ensure_ascii=False)
        self.db["quotes"].delete_where("doc_id = ?", [document.id])
        row = schema.document_row(document.id, document.meta, document.text)
        self.db["documents"].insert(row, pk="id", replace=True, alter=True)

    def settle(self, index: CrossDocIndex) -> int:
        """Add the quotes stored by earlier runs to ``index``, before it resolves the run.

        Args:
            index: The run's cross-document index, holding the run's own documents.

        Returns:
            The number of stored documents with quotes added.
        """
        count = 0
        for doc_id, text, quotes in stored_documents(self.db, exclude=self.documents):
            index.add(doc_id, quotes, text=text, stored=True)
            count += 1
        return count

    def write(self, resolution: Resolution, records: Iterable[Mapping[str, Any]]) -> int:
        """Write the run's final records and bring the rest of the store in line with ``resolution``.

        Args:
            resolution: The resolution of the index :meth:`settle` completed.
            records: The run's quote records with their final speakers and statements.

        Returns:
            The number of quote records written.
        """
        self._update_stored(resolution)
        written = 0

        def rows() -> Iterator[dict[str, Any]]:
            nonlocal written
            for record in records:
                written += 1
                row = schema.record_to_row(record)
                row[schema.EVIDENCE_COLUMN] = self._evidence.get((record["doc_id"], record["index"]))
                yield row

        self.db["quotes"].insert_all(rows(), pk=("doc_id", "index"), alter=True, batch_size=BATCH, replace=True)
        self.written += written
        speakers, statements = schema.speaker_rows(resolution.speaker_records())
        self.db.execute("DELETE FROM statements")
        self.db.execute("DELETE FROM speakers")
        self.db["speakers"].insert_all(speakers, pk="id", alter=True, batch_size=BATCH)
        self.db["statements"].insert_all(statements, pk="id", alter=True, batch_size=BATCH)
        schema.create_indexes(self.db)
        return written

    def _update_stored(self, resolution: Resolution) -> None:
        """Give the stored quotes the speakers (name, id, title, kind, gender) and statements of ``resolution``."""
        changes: list[tuple[tuple[str, int], dict[str, Any]]] = []
        for doc_id, _, quotes in stored_documents(self.db, exclude=self.documents, texts=False, evidence=False):
            for quote in quotes:
                now: dict[str, Any] = {"statement": resolution.statements.get((doc_id, quote.index))}
                was: dict[str, Any] = {"statement": quote.statement}
                if quote.speaker is not None:
                    now.update(schema.record_to_row({"speaker": resolution.speaker(quote.speaker, doc_id).to_dict()}))
                    was.update(schema.record_to_row({"speaker": quote.speaker.to_dict()}))
                if now != was:
                    changes.append(((doc_id, quote.index), now))
        for key, values in changes:
            self.db["quotes"].update(key, values)
        if changes:
            log.info("%d stored quotes took a new speaker or statement", len(changes))

    def close(self) -> None:
        """Commit the run and release the store."""
        try:
            self.db.commit()
        finally:
            self._stack.close()

    def abort(self) -> None:
        """Leave the store as it was before the run, and release it."""
        try:
            if self.db.conn.in_transaction:
                self.db.rollback()
        finally:
            self._stack.close()

    def __enter__(self) -> StoreWriter:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


def open_store(path: str) -> sqlite_utils.Database:
    """Open (or make) a quote store for writing: WAL mode, waiting for other writers.

    Args:
        path: The database file; its folder is made if missing.

    Returns:
        The database.

    Raises:
        sqlite3.DatabaseError: ``path`` is not a SQLite database.
    """
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    db = sqlite_utils.Database(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False))
    try:
        db.enable_wal()
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db
