"""The tables of a quote store, and how records become rows and rows records again.

A quote record (:meth:`quotes.types.Quote.to_dict`) becomes one row of ``quotes``: its
nested objects are flattened into columns named ``<object>_<field>`` (``speaker_name``,
``cue_lemma``, ``clause_start``), an object or list within them is kept as JSON text
(``speaker_gender_evidence``), metadata keys (``date``, ``outlet``...) keep their names. The
column ``speaker_evidence`` keeps what the record leaves out: on the first quote of each
speaker of an article (as a run's journal does), every word of the article that says the
speaker's gender (:attr:`quotes.types.Speaker.evidence`), so that a later run decides genders
over the whole store as one run over all its articles would.
Columns are made from the fields the records carry, so a field added to a record becomes a
column without a change here. A row becomes the record again with :func:`row_to_record`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import sqlite_utils

from quotes.types import QUOTE_FIELDS, Quote

#: Columns of ``quotes`` made into an index, where the table has them: the usual facets.
FACET_COLUMNS = ("speaker_id", "speaker_kind", "speaker_gender", "type", "act", "rule", "statement", "date", "outlet")

#: The column of ``quotes`` that holds every piece of gender evidence of the quote's speaker in
#: its article (JSON) on the speaker's first quote there, which the output record does not carry.
EVIDENCE_COLUMN = "speaker_evidence"

#: Metadata every store has columns for (null where an article lacks them), so that facets and
#: canned queries on them work on any store.
USUAL_METADATA = ("date", "title", "url", "outlet")

#: Columns of ``quotes`` searched by ``quotes_fts``.
SEARCHED = ("text", "speaker_name")

#: Fields of a quote record written as ``null`` when empty; the others are left out then.
ALWAYS_WRITTEN = tuple(name for name in QUOTE_FIELDS if name not in ("statement", "clause"))


@functools.cache
def nested_fields() -> dict[str, tuple[str, ...]]:
    """Each field of a quote that holds an object (``speaker``, ``cue``, ``clause``) -> its fields."""
    hints = typing.get_type_hints(Quote)
    out: dict[str, tuple[str, ...]] = {}
    for name in QUOTE_FIELDS:
        for candidate in typing.get_args(hints[name]) or (hints[name],):
            if dataclasses.is_dataclass(candidate):
                out[name] = tuple(f.name for f in dataclasses.fields(candidate) if f.metadata.get("output", True))
    return out


@functools.cache
def json_columns() -> frozenset[str]:
    """Columns of ``quotes`` that hold JSON text: the fields of a nested object that hold an
    object or a list (``speaker_gender_evidence``), and :data:`EVIDENCE_COLUMN`."""
    hints = typing.get_type_hints(Quote)
    out = {EVIDENCE_COLUMN}
    for name, inner in nested_fields().items():
        cls = next(c for c in typing.get_args(hints[name]) or (hints[name],) if dataclasses.is_dataclass(c))
        for field, hint in typing.get_type_hints(cls).items():
            kinds = typing.get_args(hint) or (hint,)
            if field in inner and any(dataclasses.is_dataclass(k) or typing.get_origin(k) in (list, tuple, dict) for k in kinds):
                out.add(f"{name}_{field}")
    return frozenset(out)


def record_to_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """Flatten a quote record into a row of ``quotes``.

    >>> record_to_row({"doc_id": "a", "speaker": {"name": "Ann Lee", "id": "ann-lee"}, "cue": None})
    {'doc_id': 'a', 'speaker_name': 'Ann Lee', 'speaker_id': 'ann-lee'}

    Args:
        record: A quote record, as written to JSON Lines.

    Returns:
        The row: nested objects flattened to ``<object>_<field>`` columns, objects and lists
        within them as JSON text; a null object gives no columns (they stay null).
    """
    row: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, Mapping):
            row.update((f"{key}_{field}", _json(inner)) for field, inner in value.items())
        elif value is not None or key not in nested_fields():
            row[key] = value
    return row


def _json(value: Any) -> Any:
    """An object or a list as JSON text; other values as they are."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (Mapping, list)) else value


def row_to_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """Rebuild the quote record of a row of ``quotes``: the inverse of :func:`record_to_row`.

    Metadata comes first, as in JSON Lines. A metadata column that is null is left out (a
    document without that key), so a metadata value that was ``null`` in the input is not
    given back; SQLite keeps ``true`` and ``false`` as 1 and 0.

    Args:
        row: The row, as a mapping of column to value.

    Returns:
        The record, as :func:`quotes.export.jsonl.read_quotes` reads it from JSON Lines.
    """
    return record_maker(tuple(row))(row)


def record_maker(columns: Sequence[str], *, evidence: bool = False) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """:func:`row_to_record` for many rows of the same columns, the columns sorted out once.

    Args:
        columns: The columns of the rows, in order.
        evidence: Give the speaker its ``evidence`` too (from :data:`EVIDENCE_COLUMN`): the
            form a run's journal keeps, which :class:`quotes.types.Speaker` reads back.

    Returns:
        A function from a row to its record.
    """
    nested = nested_fields()
    prefixes = tuple(f"{name}_" for name in nested)
    meta = [c for c in columns if c not in QUOTE_FIELDS and not c.startswith(prefixes)]
    fields: list[tuple[str, list[tuple[str, str]] | None]] = []
    for name in QUOTE_FIELDS:
        inner = [(c, c[len(name) + 1 :]) for c in columns if c.startswith(f"{name}_")
                 and (evidence or c != EVIDENCE_COLUMN)] if name in nested else None  # fmt: skip
        fields.append((name, inner))

    def make(row: Mapping[str, Any]) -> dict[str, Any]:
        record = {c: row[c] for c in meta if row[c] is not None}
        for name, inner in fields:
            if inner is None:
                value = row.get(name)
            else:
                value = {key: _parsed(c, row[c]) for c, key in inner if c != EVIDENCE_COLUMN or row[c] is not None}
                if all(v is None for v in value.values()):
                    value = None
            if value is not None or name in ALWAYS_WRITTEN:
                record[name] = value
        return record

    return make


def _parsed(column: str, value: Any) -> Any:
    """The value of a column of ``quotes``, JSON text given back as the object or list it holds."""
    if isinstance(value, str) and column in json_columns():
        return json.loads(value)
    return value


def document_row(doc_id: str, meta: Mapping[str, Any], text: str) -> dict[str, Any]:
    """The row of ``documents`` for one article: its id, its scalar metadata, its text."""
    row: dict[str, Any] = {"id": doc_id}
    row.update((k, v) for k, v in meta.items() if k not in ("id", "text") and not isinstance(v, (dict, list)))
    row["text"] = text
    return row


@functools.cache
def _empty_speaker() -> dict[str, Any]:
    """The speaker index record of a speaker with nothing: its fields in order, lists empty."""
    from quotes.crossdoc.index import SpeakerEntry

    return SpeakerEntry("", "", "person", (), (), (), 0).to_dict()


def speaker_fields() -> tuple[str, ...]:
    """Fields of a speaker index record, in the order the index writes them."""
    return tuple(_empty_speaker())


def speaker_list_fields() -> tuple[str, ...]:
    """Fields of a speaker index record that hold lists (kept as JSON arrays in ``speakers``)."""
    return tuple(name for name, value in _empty_speaker().items() if isinstance(value, list))


def speaker_rows(records: Iterable[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of ``speakers`` and ``statements`` from speaker index records.

    Args:
        records: The speaker index (:meth:`quotes.crossdoc.index.Resolution.speaker_records`).

    Returns:
        One row a speaker (every field of its record, lists as JSON arrays, its statements
        apart, with counts of its documents and statements) and one row a statement.
    """
    speakers: list[dict[str, Any]] = []
    statements: list[dict[str, Any]] = []
    for record in records:
        row = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v)
               for k, v in record.items() if k != "statements"}  # fmt: skip
        row["document_count"] = len(record.get("documents", ()))
        row["statement_count"] = len(record.get("statements", ()))
        speakers.append(row)
        for statement in record.get("statements", ()):
            statements.append({
                "id": statement["id"], "speaker": record["id"],
                "documents": json.dumps(statement["documents"], ensure_ascii=False),
                "document_count": len(statement["documents"]), "quotes": statement["quotes"],
            })  # fmt: skip
    return speakers, statements


#: Columns of ``speakers`` and ``statements`` that are counts derived for browsing, not index fields.
DERIVED = ("document_count", "statement_count")


def create_tables(db: sqlite_utils.Database) -> None:
    """Make the four tables, their keys, indexes and full-text search, where missing.

    Args:
        db: The database, inside the transaction of the run that writes it.
    """
    if not db["documents"].exists():
        db["documents"].create({"id": str}, pk="id")
        _add_untyped(db, "documents", USUAL_METADATA)
    if not db["speakers"].exists():
        columns = {name: int if name == "quotes" else str for name in speaker_fields() if name != "statements"}
        db["speakers"].create({**columns, "document_count": int, "statement_count": int}, pk="id")
    if not db["statements"].exists():
        db["statements"].create(
            {"id": str, "speaker": str, "documents": str, "document_count": int, "quotes": int}, pk="id",
            foreign_keys=[("speaker", "speakers", "id")],
        )
    if not db["quotes"].exists():
        columns: dict[str, Any] = {name: _column_type(name) for name in _quote_columns()}
        db["quotes"].create(
            columns, pk=("doc_id", "index"),
            foreign_keys=[("doc_id", "documents", "id"), ("speaker_id", "speakers", "id"),
                          ("statement", "statements", "id")],
        )  # fmt: skip
        _add_untyped(db, "quotes", USUAL_METADATA)
        db["quotes"].enable_fts(list(SEARCHED), create_triggers=True, tokenize="porter")


def _add_untyped(db: sqlite_utils.Database, table: str, columns: Iterable[str]) -> None:
    """Add columns without a type, which keep each value as given (a date may be a string or a number)."""
    for column in columns:
        db.execute(f"ALTER TABLE [{table}] ADD COLUMN [{column}]")


def _quote_columns() -> list[str]:
    nested = nested_fields()
    out: list[str] = []
    for name in QUOTE_FIELDS:
        out.extend(f"{name}_{field}" for field in nested[name]) if name in nested else out.append(name)
    return [*out, EVIDENCE_COLUMN]


def _column_type(column: str) -> type:
    if column == "confidence":
        return float
    if column in ("index", "start", "end") or column.endswith(("_start", "_end")):
        return int
    return str


def create_indexes(db: sqlite_utils.Database) -> None:
    """Index the facet columns ``quotes`` has (a metadata column appears with the first document that has it)."""
    columns = set(db["quotes"].columns_dict)
    for column in FACET_COLUMNS:
        if column in columns:
            db["quotes"].create_index([column], if_not_exists=True)
    speaker_columns = set(db["speakers"].columns_dict)
    for column in ("kind", "gender"):
        if column in speaker_columns:
            db["speakers"].create_index([column], if_not_exists=True)
    db["statements"].create_index(["speaker"], if_not_exists=True)
