"""Reading a quote store: the same records as JSON Lines gives, the speaker index, the documents."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Collection, Iterator
from typing import Any

import sqlite_utils

from quotes.store import schema
from quotes.types import Quote

#: The first bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"

#: Quotes in document order: documents as they were added (a replaced one last), then by index.
_IN_ORDER = (
    "SELECT quotes.* FROM quotes JOIN documents ON documents.id = quotes.doc_id "
    "ORDER BY documents.rowid, quotes.[index]"
)


def is_store(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a SQLite database (a quote store, or another one).

    Args:
        path: A file path.

    Returns:
        ``True`` when the file starts with SQLite's header.
    """
    try:
        with open(path, "rb") as fp:
            return fp.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def open_for_reading(path: str | os.PathLike[str]) -> sqlite_utils.Database:
    """Open a quote store read-only.

    Args:
        path: The database file.

    Returns:
        The database; reading never changes it.

    Raises:
        FileNotFoundError: There is no file at ``path``.
        ValueError: The file is not a quote store (not SQLite, or without a ``quotes`` table).
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no quote store at {path}: write one with `quotes extract INPUT... --db {path}`")
    if not is_store(path):
        raise ValueError(f"{path} is not a SQLite database, so not a quote store (written by `quotes extract --db`)")
    conn = sqlite3.connect(f"file:{os.path.abspath(path)}?mode=ro", uri=True, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    if not db["quotes"].exists() or not db["documents"].exists():
        db.close()
        raise ValueError(f"{path} is a SQLite database without the quotes and documents tables of a quote store")
    return db


def read_quotes(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Read every quote of a store as the record ``quotes extract`` writes to JSON Lines.

    The records are those :func:`quotes.export.jsonl.read_quotes` gives for the JSON Lines
    of the same runs, documents in the order they were added (a document added again comes
    last), quotes in document order; see :func:`quotes.store.schema.row_to_record` for the
    two things SQLite cannot keep (a ``null`` metadata value, ``true``/``false``).

    >>> from quotes.store import read_quotes                # doctest: +SKIP
    >>> for record in read_quotes("out/seeds.db"):          # doctest: +SKIP
    ...     print(record["speaker"]["name"], record["text"])

    Args:
        path: A store written by ``quotes extract --db`` (or :class:`quotes.store.StoreWriter`).

    Returns:
        An iterator of records; the database is closed when it is exhausted or discarded.

    Raises:
        FileNotFoundError: There is no file at ``path``.
        ValueError: The file is not a quote store.
    """
    db = open_for_reading(path)
    return _records(db)


def _records(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    try:
        make = schema.record_maker(list(db["quotes"].columns_dict))
        for row in db.query(_IN_ORDER):
            yield make(row)
    finally:
        db.close()


def stored_documents(
    db: sqlite_utils.Database, *, exclude: Collection[str] = (), texts: bool = True, evidence: bool = True
) -> Iterator[tuple[str, str | None, list[Quote]]]:
    """Each stored document that has quotes: its id, its text and its quotes, in store order.

    Args:
        db: The store.
        exclude: Ids of documents to pass over.
        texts: Read each document's text too (else ``None``).
        evidence: The quotes as a cross-document index takes them: the first quote of each
            speaker of a document carries every piece of gender evidence its article gives
            (:attr:`quotes.types.Speaker.evidence`), as in a run's journal, and no speaker
            carries the evidence an earlier resolution chose to show, so that genders are
            decided again from the articles alone. Else the quotes as their records are.

    Returns:
        ``(doc_id, text, quotes)`` per document.
    """
    from quotes.export.jsonl import quote_from_dict

    doc_id: str | None = None
    batch: list[Quote] = []
    make = schema.record_maker(list(db["quotes"].columns_dict), evidence=evidence)
    for row in db.query(_IN_ORDER):
        if row["doc_id"] != doc_id:
            if batch and doc_id is not None:
                yield doc_id, _text(db, doc_id) if texts else None, batch
            doc_id, batch = row["doc_id"], []
        if doc_id not in exclude:
            record = make(row)
            if evidence and record["speaker"] is not None:
                record["speaker"]["gender_evidence"] = None
            batch.append(quote_from_dict(record))
    if batch and doc_id is not None:
        yield doc_id, _text(db, doc_id) if texts else None, batch


def _text(db: sqlite_utils.Database, doc_id: str) -> str | None:
    row = db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()
    return row[0] if row else None


def read_speakers(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read the speaker index of a store, as ``quotes extract --speakers`` writes it.

    Args:
        path: A store written by ``quotes extract --db``.

    Returns:
        One record a speaker, most quoted first, with its statements.

    Raises:
        FileNotFoundError: There is no file at ``path``.
        ValueError: The file is not a quote store.
    """
    db = open_for_reading(path)
    try:
        return speaker_records(db)
    finally:
        db.close()


def speaker_records(db: sqlite_utils.Database, *, where: str | None = None, params: list[Any] | None = None,
                    limit: int | None = None) -> list[dict[str, Any]]:
    """The speaker index records of an open store, most quoted first, optionally filtered.

    Args:
        db: The store.
        where: An SQL condition on ``speakers`` (with ``?`` for ``params``).
        params: The values of the condition.
        limit: At most this many speakers.

    Returns:
        One record a speaker, with its statements.
    """
    lists = schema.speaker_list_fields()
    statements: dict[str, list[dict[str, Any]]] = {}
    rows = list(db["speakers"].rows_where(where, params or [], order_by="quotes DESC, id", limit=limit))
    wanted = {row["id"] for row in rows}
    for row in db["statements"].rows_where(order_by="id"):
        if row["speaker"] in wanted:
            statements.setdefault(row["speaker"], []).append(
                {"id": row["id"], "documents": json.loads(row["documents"]), "quotes": row["quotes"]}
            )
    out = []
    for row in rows:
        record = {k: (json.loads(v) if k in lists and isinstance(v, str) else v)
                  for k, v in row.items() if k not in schema.DERIVED}  # fmt: skip
        record["statements"] = statements.get(row["id"], [])
        out.append(record)
    return out
