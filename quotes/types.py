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


SpeakerKind = Literal["person", "anonymous", "group", "organization", "document"]
#: What a speaker is: a named person, an unnamed source, a collective of people, an
#: organisation (a government, agency or country included), or a text speaking for nobody named.
SPEAKER_KINDS: tuple[str, ...] = ("person", "anonymous", "group", "organization", "document")
Gender = Literal["female", "male"]
GENDERS: tuple[str, ...] = ("female", "male")
EvidenceType = Literal["pronoun", "honorific", "role_noun"]
#: What can say a speaker's gender: a pronoun that refers to the speaker in the writer's own
#: words, an honorific ("Mrs.", "Sir"), or a gendered noun in the speaker's mention or
#: apposition ("spokeswoman", "chairman", "a woman"). Never a first name.
EVIDENCE_TYPES: tuple[str, ...] = ("pronoun", "honorific", "role_noun")


@dataclass(frozen=True)
class GenderEvidence:
    """One word of a document that says a speaker's gender.

    Attributes:
        type: ``pronoun`` ("she said"), ``honorific`` ("Mrs.") or ``role_noun`` ("spokeswoman").
        text: The word as written.
        gender: ``female`` or ``male``.
        doc_id: Id of the document it is in.
        start: Start offset of the word in that document.
        end: End offset of the word.
    """

    type: EvidenceType
    text: str
    gender: Gender
    doc_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form used in the output and the speaker index."""
        return {
            "type": self.type, "text": self.text, "gender": self.gender,
            "doc_id": self.doc_id, "start": self.start, "end": self.end,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, value: Mapping[str, Any]) -> GenderEvidence:
        """Rebuild evidence from its :meth:`to_dict` form.

        Raises:
            ValueError: ``type`` or ``gender`` is not one of the valid values.
        """
        if value.get("type") not in EVIDENCE_TYPES or value.get("gender") not in GENDERS:
            raise ValueError(
                f"gender evidence needs a type among {', '.join(EVIDENCE_TYPES)} and a gender among "
                f"{', '.join(GENDERS)}, got {dict(value)!r}"
            )
        return cls(value["type"], str(value["text"]), value["gender"], str(value["doc_id"]), int(value["start"]), int(value["end"]))


@dataclass(frozen=True)
class GenderConflict:
    """Evidence of both genders for one speaker, so its gender is left unknown.

    Attributes:
        evidence: The first evidence of each gender (female first).
    """

    evidence: tuple[GenderEvidence, GenderEvidence]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form: ``{"type": "conflict", "evidence": [female, male]}``."""
        return {"type": "conflict", "evidence": [e.to_dict() for e in self.evidence]}


def evidence_from_dict(value: Mapping[str, Any] | None) -> GenderEvidence | GenderConflict | None:
    """Rebuild a speaker's ``gender_evidence`` from its output form (``None`` stays ``None``).

    Raises:
        ValueError: The value is neither evidence nor a conflict of two pieces of evidence.
    """
    if value is None:
        return None
    if value.get("type") == "conflict":
        pieces = value.get("evidence")
        if not isinstance(pieces, list) or len(pieces) != 2:
            raise ValueError(f"a gender conflict holds two pieces of evidence, got {dict(value)!r}")
        return GenderConflict((GenderEvidence.from_dict(pieces[0]), GenderEvidence.from_dict(pieces[1])))
    return GenderEvidence.from_dict(value)


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
        kind: ``person``, ``anonymous``, ``group``, ``organization`` or ``document``
            (see :data:`SPEAKER_KINDS`); the same for every quote of one speaker id.
        gender: ``female`` or ``male`` when the text says so (see :data:`EVIDENCE_TYPES`),
            else ``None``; the same for every quote of one speaker id.
        gender_evidence: What decided ``gender`` (evidence in the quote's own document when
            it has some), a :class:`GenderConflict` when the evidence disagrees, else ``None``.
            Its output form is accepted too and rebuilt.
        evidence: Every piece of gender evidence the quote's document gives for this speaker,
            carried to the cross-document step; not part of the output record.
    """

    name: str
    id: str
    mention: str
    start: int
    end: int
    title: str | None = None
    kind: SpeakerKind = "person"
    gender: Gender | None = None
    gender_evidence: GenderEvidence | GenderConflict | None = None
    evidence: tuple[GenderEvidence, ...] = field(default=(), compare=False, repr=False, metadata={"output": False})

    def __post_init__(self) -> None:
        if self.kind not in SPEAKER_KINDS:
            raise ValueError(f"speaker kind must be one of {', '.join(SPEAKER_KINDS)}, got {self.kind!r}")
        if self.gender is not None and self.gender not in GENDERS:
            raise ValueError(f"speaker gender must be one of {', '.join(GENDERS)} or None, got {self.gender!r}")
        if isinstance(self.gender_evidence, Mapping):  # the output form, as read back from JSON
            object.__setattr__(self, "gender_evidence", evidence_from_dict(self.gender_evidence))
        if self.evidence and isinstance(self.evidence[0], Mapping):  # the journal's form
            pieces = (GenderEvidence.from_dict(p) if isinstance(p, Mapping) else p for p in self.evidence)
            object.__setattr__(self, "evidence", tuple(pieces))

    def to_dict(self, *, evidence: bool = False) -> dict[str, Any]:
        """Return the JSON-safe form used in the output; with ``evidence``, the form a run's
        journal keeps, which also holds every piece of :attr:`evidence` (read back by the
        constructor) so that a resumed run decides genders as an uninterrupted one."""
        # field by field: dataclasses.asdict deep-copies, a cost paid for every quote written
        shown = self.gender_evidence
        record = {
            "name": self.name, "id": self.id, "mention": self.mention,
            "start": self.start, "end": self.end, "title": self.title,
            "kind": self.kind, "gender": self.gender,
            "gender_evidence": shown.to_dict() if shown is not None else None,
        }  # fmt: skip
        if evidence and self.evidence:
            record["evidence"] = [piece.to_dict() for piece in self.evidence]
        return record


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

    def to_dict(self, *, evidence: bool = False) -> dict[str, Any]:
        """Return the output record: metadata first, then the quote's own fields (with
        ``evidence``, the journal's form: see :meth:`Speaker.to_dict`)."""
        record: dict[str, Any] = {k: v for k, v in self.meta.items() if k not in _OWN_KEYS}
        record.update(
            doc_id=self.doc_id,
            index=self.index,
            text=self.text,
            start=self.start,
            end=self.end,
            type=self.type,
            speaker=self.speaker.to_dict(evidence=evidence) if self.speaker else None,
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
