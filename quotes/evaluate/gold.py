"""Gold annotation: loading, checking, and turning gold documents into documents to extract from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotes.types import Document

#: Quote types a gold file may use.
GOLD_TYPES: tuple[str, ...] = ("direct", "partial", "mixed", "indirect")


class RefusedDocument(Exception):
    """A system declined a whole document (for example on unbalanced quote marks).

    The document is scored as if the system had predicted nothing, and counted
    among the refused documents of the report.
    """


@dataclass(frozen=True)
class GoldQuote:
    """One annotated quote.

    Attributes:
        start: Start offset of the content in the document text.
        end: End offset (exclusive) of the content.
        type: One of :data:`GOLD_TYPES`.
        speaker: The speaker's name (canonical, or the source as written), or ``None``.
        speaker_start: Start offset of the speaker mention, if annotated.
        speaker_end: End offset of the speaker mention, if annotated.
        text: ``document.text[start:end]``.
        speaker_mention: The speaker mention as written, if annotated.
        cue: The reporting cue as written, if annotated.
    """

    start: int
    end: int
    type: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    text: str
    speaker_mention: str | None = None
    cue: str | None = None


@dataclass(frozen=True)
class GoldDocument:
    """One annotated document.

    Attributes:
        id: Document id.
        text: The text the offsets point into.
        quotes: Gold quotes in file order.
        meta: Every other key of the JSON line (publisher, date, title...).
        source: Path of the gold file, for messages.
        line: Line number in the gold file.
    """

    id: str
    text: str
    quotes: tuple[GoldQuote, ...]
    meta: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    line: int | None = None


def load_gold(path: str | Path) -> list[GoldDocument]:
    """Read a gold JSONL file (see ``/work/shared/README.md`` for the format).

    Args:
        path: The file, one document a line; blank lines are skipped.

    Returns:
        The documents in file order.

    Raises:
        ValueError: A line is not valid JSON or not a valid gold document; the
            message names ``file:line``.
    """
    path = Path(path)
    documents: list[GoldDocument] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                documents.append(_gold_document(record, source=str(path), line=number))
            except (ValueError, TypeError, KeyError) as exc:
                raise ValueError(f"{path}:{number}: not a valid gold document: {exc}") from exc
    return documents


def _gold_document(record: Any, *, source: str, line: int) -> GoldDocument:
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    doc_id, text, quotes = record.get("id"), record.get("text"), record.get("quotes")
    if not isinstance(doc_id, str) or not isinstance(text, str):
        raise ValueError("'id' and 'text' must be strings")
    if not isinstance(quotes, list):
        raise ValueError("'quotes' must be a list")
    gold = tuple(_gold_quote(q, text, i) for i, q in enumerate(quotes))
    meta = {k: v for k, v in record.items() if k not in ("id", "text", "quotes")}
    return GoldDocument(id=doc_id, text=text, quotes=gold, meta=meta, source=source, line=line)


def _gold_quote(record: Any, text: str, index: int) -> GoldQuote:
    where = f"quote {index}"
    if not isinstance(record, dict):
        raise ValueError(f"{where}: expected a JSON object, got {type(record).__name__}")
    start, end = record.get("start"), record.get("end")
    if not (_is_int(start) and _is_int(end) and 0 <= start <= end <= len(text)):
        raise ValueError(f"{where}: start/end must be offsets within the text, got {start!r}, {end!r}")
    qtype = record.get("type")
    if qtype not in GOLD_TYPES:
        raise ValueError(f"{where}: type must be one of {', '.join(GOLD_TYPES)}, got {qtype!r}")
    if "text" in record and record["text"] != text[start:end]:
        raise ValueError(f"{where}: 'text' differs from text[{start}:{end}]")
    speaker_start, speaker_end = record.get("speaker_start"), record.get("speaker_end")
    if (speaker_start is None) != (speaker_end is None) or (
        speaker_start is not None
        and not (_is_int(speaker_start) and _is_int(speaker_end) and 0 <= speaker_start <= speaker_end <= len(text))
    ):
        raise ValueError(
            f"{where}: speaker_start/speaker_end must both be offsets within the text or both null, "
            f"got {speaker_start!r}, {speaker_end!r}"
        )
    for key in ("speaker", "speaker_mention", "cue"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ValueError(f"{where}: {key!r} must be a string or null, got {record[key]!r}")
    return GoldQuote(
        start=start,
        end=end,
        type=qtype,
        speaker=record.get("speaker"),
        speaker_start=speaker_start,
        speaker_end=speaker_end,
        text=text[start:end],
        speaker_mention=record.get("speaker_mention"),
        cue=record.get("cue"),
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def load_aliases(path: str | Path) -> dict[str, frozenset[str]]:
    """Read an aliases file: a JSON object, canonical name -> list of variants.

    Returns:
        Canonical name -> its variants, the canonical name included.

    Raises:
        ValueError: The file is not such an object.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v) for k, v in data.items()
    ):
        raise ValueError(f"{path}: expected a JSON object mapping each canonical name to a list of strings")
    return {name: frozenset([name, *variants]) for name, variants in data.items()}


def to_document(gold: GoldDocument) -> Document:
    """Return the input document a system sees: id, text and metadata, no quotes.

    The metadata is what ``quotes extract`` keeps when it reads the gold file: keys with
    scalar values (``date``, ``publisher``...), not the annotation's own keys
    (:data:`quotes.read.GOLD_KEYS`) nor the output's (:data:`quotes.read.RESERVED_KEYS`).
    """
    from quotes.read import GOLD_KEYS, RESERVED_KEYS

    meta = {
        key: value
        for key, value in gold.meta.items()
        if key not in GOLD_KEYS and key not in RESERVED_KEYS and isinstance(value, (str, int, float, bool, type(None)))
    }
    return Document(id=gold.id, text=gold.text, meta=meta, source=gold.source, line=gold.line)
