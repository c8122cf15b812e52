"""Write and read attributed quotes as JSON Lines, and check them against the JSON Schema.

One quote a line, in the form :meth:`quotes.types.Quote.to_dict` gives: document
metadata first (``date``, ``title``, ``url``...), then the quote's own fields.
Lines are compact UTF-8 JSON (``ensure_ascii=False``) so quotes stay readable.
The schema ships as ``quotes/data/quote.schema.json`` (JSON Schema draft 2020-12)
and is loaded on first use, never at import.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import importlib.resources
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

import jsonlines
import jsonschema
import jsonschema.exceptions
import jsonschema.protocols
import jsonschema.validators

from quotes.types import QUOTE_FIELDS, QUOTE_TYPES, Clause, Cue, Quote, Speaker

#: Package-relative location of the schema file.
SCHEMA_RESOURCE = ("data", "quote.schema.json")

_REQUIRED_FIELDS: tuple[str, ...] = tuple(name for name in QUOTE_FIELDS if name not in ("statement", "clause"))


def dump_line(record: Mapping[str, Any]) -> str:
    """Encode one record as one line of JSON Lines, newline included.

    Every JSON line the package writes (quotes, speaker indexes, journals) goes through
    here: compact, non-ASCII text kept as is, NaN and infinity refused.

    >>> dump_line({"text": "“Yes”", "start": 1})
    '{"text":"“Yes”","start":1}\\n'

    Args:
        record: A JSON-safe mapping.

    Returns:
        The line.

    Raises:
        ValueError: A value is NaN or infinity (not valid JSON).
        TypeError: A value cannot be encoded as JSON.
    """
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def write_lines(records: Iterable[Mapping[str, Any]], fp: IO[str]) -> int:
    """Write ``records`` to ``fp``, one :func:`dump_line` each.

    Args:
        records: JSON-safe mappings, in the order wanted.
        fp: A text stream opened for writing (use ``encoding="utf-8"``); it is not closed.

    Returns:
        The number of records written.

    Raises:
        ValueError: A record holds NaN or infinity (not valid JSON).
        TypeError: A value cannot be encoded as JSON.
    """
    count = 0
    for record in records:
        fp.write(dump_line(record))
        count += 1
    return count


def write_quotes(quotes: Iterable[Quote], fp: IO[str]) -> int:
    """Write ``quotes`` to ``fp`` as JSON Lines, one ``Quote.to_dict()`` record a line.

    Args:
        quotes: The quotes to write, in the order wanted in the output.
        fp: A text stream opened for writing (use ``encoding="utf-8"``); it is
            not closed.

    Returns:
        The number of records written.

    Raises:
        ValueError: A record holds NaN or infinity (not valid JSON).
        TypeError: A metadata value cannot be encoded as JSON.
    """
    return write_lines((quote.to_dict() for quote in quotes), fp)


def read_quotes(path_or_fp: str | os.PathLike[str] | IO[str]) -> Iterator[dict[str, Any]]:
    """Read records written by :func:`write_quotes`, one dict a line; blank lines are skipped.

    Args:
        path_or_fp: A path to a UTF-8 JSON Lines file, or a text stream.

    Returns:
        An iterator of records in file order; a file opened here is closed when
        the iterator is exhausted or discarded.

    Raises:
        jsonlines.InvalidLineError: A line is not valid JSON or not an object
            (a ``ValueError``; its ``lineno`` names the line).
        OSError: The file cannot be opened (raised when iteration starts).
    """
    if isinstance(path_or_fp, (str, os.PathLike)):
        return _read_path(os.fspath(path_or_fp))
    return _read_stream(path_or_fp)


def _read_path(path: str) -> Iterator[dict[str, Any]]:
    """Yield the records of the file at ``path``, closing it afterwards."""
    with open(path, encoding="utf-8") as fp:
        yield from _read_stream(fp)


def _read_stream(fp: IO[str]) -> Iterator[dict[str, Any]]:
    """Yield the records of an open stream."""
    reader = jsonlines.Reader(fp)
    try:
        yield from reader.iter(type=dict, skip_empty=True)
    finally:
        reader.close()


def quote_from_dict(record: Mapping[str, Any]) -> Quote:
    """Rebuild a :class:`~quotes.types.Quote` from an output record.

    The inverse of ``Quote.to_dict()``: keys other than the quote's fields go to
    ``meta``. ``confidence`` is written rounded to 3 decimals, so a quote
    round-trips exactly when its confidence has at most 3.

    Args:
        record: One record, e.g. from :func:`read_quotes`.

    Returns:
        The quote.

    Raises:
        ValueError: A required field is missing, ``type`` is not one of
            ``direct``, ``partial``, ``indirect``, or ``speaker``/``cue`` does not
            have exactly the expected keys. Use :func:`validate_record` for a
            full type check.
    """
    missing = [name for name in _REQUIRED_FIELDS if name not in record]
    if missing:
        raise ValueError(
            f"quote record is missing required field(s) {', '.join(missing)} "
            f"(record has keys: {', '.join(sorted(record)) or 'none'})"
        )
    if record["type"] not in QUOTE_TYPES:
        raise ValueError(f"quote record has type {record['type']!r}; expected one of {', '.join(QUOTE_TYPES)}")
    return Quote(
        doc_id=record["doc_id"],
        index=record["index"],
        text=record["text"],
        start=record["start"],
        end=record["end"],
        type=record["type"],
        speaker=_nested(Speaker, record["speaker"], "speaker"),
        cue=_nested(Cue, record["cue"], "cue"),
        confidence=float(record["confidence"]),
        rule=record["rule"],
        statement=record.get("statement"),
        meta={key: value for key, value in record.items() if key not in QUOTE_FIELDS},
        act=record["act"],
        clause=_nested(Clause, record.get("clause"), "clause"),
    )


def _nested(cls: type[Any], value: Any, name: str) -> Any:
    """Build a ``Speaker`` or ``Cue`` from its dict, or pass ``None`` through."""
    if value is None:
        return None
    expected = [f.name for f in dataclasses.fields(cls)]
    if not isinstance(value, Mapping):
        raise ValueError(f"quote record field {name!r} must be an object or null, got {value!r}")
    required = [f.name for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING]
    missing = [key for key in required if key not in value]
    unknown = sorted(set(value) - set(expected))
    if missing or unknown:
        raise ValueError(
            f"quote record field {name!r} has missing keys {missing} and unknown keys {unknown}; "
            f"expected keys: {', '.join(expected)}"
        )
    return cls(**value)


@functools.cache
def _schema_text() -> str:
    """Read the schema file from the installed package, once."""
    resource = importlib.resources.files("quotes").joinpath(*SCHEMA_RESOURCE)
    return resource.read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of one output record.

    Returns:
        A fresh copy of the schema, safe to modify.
    """
    return copy.deepcopy(_schema())


@functools.cache
def _schema() -> dict[str, Any]:
    """Parse the schema once; callers outside this module get copies."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


@functools.cache
def _validator() -> jsonschema.protocols.Validator:
    """Build the schema validator once."""
    schema = _schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_record(record: Mapping[str, Any]) -> None:
    """Check one output record against the schema.

    Args:
        record: A record as written by :func:`write_quotes`.

    Raises:
        jsonschema.ValidationError: The record does not match; the error names
            the offending path and value.
    """
    error = jsonschema.exceptions.best_match(_validator().iter_errors(record))
    if error is not None:
        raise error


def __getattr__(name: str) -> Any:
    """Provide ``SCHEMA`` lazily, so importing this module reads no file."""
    if name == "SCHEMA":
        return load_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
