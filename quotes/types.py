"""Result types shared by every stage: documents in, attributed quotes out.

All offsets are half-open character offsets into ``Document.text`` exactly as
read, so ``text[start:end]`` holds for every span.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal

QuoteType = Literal["direct", "partial", "indirect"]
QUOTE_TYPES: tuple[str, ...] = ("direct", "partial", "indirect")
#: What a count of quotes with no speaker is filed under (they carry an ``unattributed:*`` rule).
UNATTRIBUTED = "unattributed"
Act = Literal["speech", "belief", "evidence", "intention"]
#: What a quote can report: speech (what a newsroom calls a quote), a belief, a finding, an intention.
ACTS: tuple[str, ...] = ("speech", "belief", "evidence", "intention")


@dataclass(frozen=True)
class Document:
    """One article as read from its source.

    Attributes:
        id: Stable identifier (JSONL ``id`` or the path relative to the input folder).
        text: The text exactly as read; never rewritten.
        meta: Metadata passed through to every output line (``date``, ``title``, ``url``...).
        source: Where the document came from (file path or ``<stdin>``), for messages.
        line: Line number in a JSONL source, else ``None``.
    """

    id: str
    text: str
    meta: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    line: int | None = None


#: Characters that are not text on their own: a JSON ``\\ud800`` escape without its pair.
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_document(document: object) -> None:
    """Refuse what cannot be extracted from: not a :class:`Document`, or a text that is not text.

    >>> check_document(Document("a", "fine"))

    Args:
        document: What was given to extract from.

    Raises:
        TypeError: ``document`` is not a Document, or its text is not a string.
        ValueError: Its text holds an unpaired surrogate (from a JSON ``\\ud800`` escape),
            which no parser or UTF-8 output can take.
    """
    if not isinstance(document, Document):
        raise TypeError(
            f"expected a quotes.Document, got {type(document).__name__}; for a plain text use "
            "Document(id=..., text=text) or quotes.extract(text)"
        )
    if not isinstance(document.text, str):
        raise TypeError(f"document {document.id!r}: text must be a str, got {type(document.text).__name__}; decode it first")
    match = _SURROGATE.search(document.text)
    if match is not None:
        raise ValueError(
            f"document {document.id!r} holds an unpaired surrogate \\u{ord(match.group()):04x} at character "
            f"{match.start()} (half of a pair, as a JSON \\u escape can give), which is not text; remove it"
        )


@dataclass(frozen=True)
class Cue:
    """The word or phrase that reports speech ("said", "according to", "statement")."""

    text: str
    lemma: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form used in the output."""
        return {"text": self.text, "lemma": self.lemma, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Clause:
    """The reported clause that holds a partial quote: "said [he should “face justice”]"."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form used in the output."""
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to.

    Attributes:
        name: Display name, full and properly cased ("Mike Pompeo").
        id: Stable id of the speaker within the run.
        mention: The mention the attribution rests on, as written ("he", "Pompeo").
        start: Start offset of ``mention``.
        end: End offset of ``mention``.
        title: Role words of the mention ("U.S. Secretary of State"), if any.
    """

    name: str
    id: str
    mention: str
    start: int
    end: int
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form used in the output."""
        # field by field: dataclasses.asdict deep-copies, a cost paid for every quote written
        return {
            "name": self.name, "id": self.id, "mention": self.mention,
            "start": self.start, "end": self.end, "title": self.title,
        }  # fmt: skip


@dataclass(frozen=True)
class Quote:
    """One attributed quote.

    Attributes:
        doc_id: Id of the document the quote is in.
        index: Order of the quote within its document, from 0.
        text: Quoted content without its enclosing marks; ``text == doc.text[start:end]``.
        start: Start offset of the content.
        end: End offset of the content.
        type: ``direct`` (all content in marks), ``partial`` (a quoted fragment in the
            writer's sentence) or ``indirect`` (reported speech without marks).
        speaker: The speaker, or ``None`` when nobody could be found.
        cue: The reporting cue, or ``None``.
        confidence: Calibrated probability in [0, 1] that the speaker is right.
        rule: Name of the rule that decided the attribution (``quotes rules`` lists them).
        act: What the quote reports: ``speech``, ``belief`` ("X thinks ..."), ``evidence``
            ("a poll shows ...") or ``intention`` ("X plans to ..."); the act of its rule.
        clause: For a partial quote, the reported clause that holds it, if its cue reports one.
        statement: Id of the statement group across documents, if any.
        meta: Document metadata passed through to the output.
    """

    doc_id: str
    index: int
    text: str
    start: int
    end: int
    type: QuoteType
    speaker: Speaker | None
    cue: Cue | None
    confidence: float
    rule: str
    act: Act = "speech"
    clause: Clause | None = None
    statement: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the output record: metadata first, then the quote's own fields."""
        record: dict[str, Any] = {k: v for k, v in self.meta.items() if k not in _OWN_KEYS}
        record.update(
            doc_id=self.doc_id,
            index=self.index,
            text=self.text,
            start=self.start,
            end=self.end,
            type=self.type,
            speaker=self.speaker.to_dict() if self.speaker else None,
            cue=self.cue.to_dict() if self.cue else None,
            confidence=round(self.confidence, 3),
            rule=self.rule,
            act=self.act,
        )
        if self.clause is not None:
            record["clause"] = self.clause.to_dict()
        if self.statement is not None:
            record["statement"] = self.statement
        return record


#: Fields of :class:`Quote` written as top-level keys of an output record, in order; every
#: other key of a record is metadata.
QUOTE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Quote) if f.name != "meta")

#: Keys a document's metadata never gives a record: the quote's own fields, and the
#: ``id`` and gold ``quotes`` of an input line.
_OWN_KEYS = frozenset(QUOTE_FIELDS) | {"id", "quotes"}
