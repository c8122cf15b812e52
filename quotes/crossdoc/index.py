"""Across documents: one speaker, one id and one name; one statement, one statement id.

How a run is finalised (memory stays small whatever the number of articles):

1. Each document is extracted and its quotes are written at once, as JSON Lines, to a spool
   (a temporary file beside the output); the document text is then dropped.
2. :meth:`CrossDocIndex.add` keeps only compact records of those quotes: per speaker key the
   name variants as written, titles, document numbers and a quote count; per quote its
   document number, index, start offset and a short fingerprint (at most
   :data:`quotes.crossdoc.statements.FINGERPRINT_WORDS` content words of its text).
3. :meth:`CrossDocIndex.resolve` merges speaker keys across documents and groups the
   quotes of each speaker into statements, giving a :class:`Resolution`.
4. :func:`finalise_jsonl` reads the spool back line by line and writes the output with the
   final speaker ids, names, titles and statement ids; :class:`RunWriter` does 1-4 for the CLI
   and also writes the speaker index (``quotes extract --speakers``).

Quoted passages of one speaker that follow each other in one paragraph ("“A,” she said.
“B.”", no line break between them) are pieces of one statement; they join its group together.

Speakers merge when their canonical name keys are equal (aliases such as "US" / "the United
States" included), when a Twitter handle spells exactly one full name of the run, and when a
one-word name is the surname of exactly one full person name of the run ("Clinton" stays
apart when both Bill and Hillary Clinton are quoted). Ids derive from the canonical key of the
merged speaker, never from counters, so they are stable from run to run and independent of
document order; the display name is the fullest, best-cased form seen.

Statements are grouped per speaker, among quotes from different documents, by
:func:`quotes.crossdoc.statements.group_statements` (the rule is described there); a group
spanning two or more documents gets a statement id ``<speaker id>:<8 hex digits>``, a digest
of its first quote's document id and offset.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

from quotes.crossdoc.statements import MIN_CONTAINMENT, MIN_SHARED, fingerprint, group_statements
from quotes.lexicon import Lexicon, default_lexicon
from quotes.lexicon.closed import PERSONAL_PRONOUNS, UNNAMED
from quotes.names.casing import best_form, is_miscased, looks_miscased, titlecase_name, titlecase_title
from quotes.names.document import match_handle
from quotes.names.keys import canonical_key, clean_name, name_key
from quotes.names.profile import GENDERED_KINDS, GenderRecord, majority_kind
from quotes.names.split import NameParts, split_mention
from quotes.types import GenderConflict, GenderEvidence, Quote, Speaker

log = logging.getLogger(__name__)


#: Mentions whose split is remembered while a run is indexed.
SPLIT_CACHE_SIZE = 100_000


#: Most characters between two quoted passages of one speaker that continue one statement.
MAX_GAP = 400


#: Mentions that are a pronoun (or "who"), whose name comes from elsewhere.
_PRONOUNS = PERSONAL_PRONOUNS | {"who"}


def speaker_key(name: str, doc_id: str, *, lexicon: Lexicon | None = None) -> str:
    """The key under which a speaker of one document is merged across the run.

    Args:
        name: The speaker's in-document display name.
        doc_id: The document's id.
        lexicon: Word lists; default the shipped ones.

    Returns:
        The canonical name key; for a pronoun left unresolved ("he") the key is scoped to the
        document, since "he" in two articles is rarely one person.
    """
    key = canonical_key(name, lexicon=lexicon)
    return f"{key}#{doc_id}" if key in UNNAMED or not key else key


def _initials_dropped(key: str) -> str:
    """A name key without single-letter initials: "donald j trump" -> "donald trump"."""
    return " ".join(w for w in key.split() if len(w) > 1)


@dataclass(frozen=True)
class StatementEntry:
    """One statement reported in several documents.

    Attributes:
        id: Statement id, ``<speaker id>:<8 hex digits>``.
        speaker: Id of its speaker.
        documents: Ids of the documents that report it, sorted.
        quotes: Number of quotes that report it.
    """

    id: str
    speaker: str
    documents: tuple[str, ...]
    quotes: int

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form used in the speaker index."""
        return {"id": self.id, "documents": list(self.documents), "quotes": self.quotes}


@dataclass(frozen=True)
class SpeakerEntry:
    """One speaker of the run, as listed in the speaker index.

    Attributes:
        id: Stable id, from the canonical name key ("mike-pompeo").
        name: Display name, the fullest and best-cased form seen ("Mike Pompeo").
        kind: ``person``, ``anonymous``, ``group``, ``organization`` or ``document``: the most
            frequent kind among its quotes.
        titles: Role words seen with the name, most frequent first.
        aliases: Every name variant as written ("Pompeo", "mike pompeo", "@jguaido"), sorted.
        documents: Ids of the documents that quote the speaker, sorted.
        quotes: Number of quotes.
        statements: Statements of the speaker reported in several documents.
        gender_record: Its gender and all the evidence for it, from every document
            (:class:`quotes.names.profile.GenderRecord`).
    """

    id: str
    name: str
    kind: str
    titles: tuple[str, ...]
    aliases: tuple[str, ...]
    documents: tuple[str, ...]
    quotes: int
    statements: tuple[StatementEntry, ...] = ()
    gender_record: GenderRecord = field(default_factory=lambda: GenderRecord.of(()))

    @property
    def gender(self) -> str | None:
        """``female``, ``male``, or ``None`` when no evidence says it or the evidence disagrees."""
        return self.gender_record.gender

    def to_dict(self) -> dict[str, Any]:
        """Return one line of the speaker index."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "gender": self.gender,
            "gender_evidence": [e.to_dict() for e in self.gender_record.evidence],
            "titles": list(self.titles),
            "aliases": list(self.aliases),
            "documents": list(self.documents),
            "quotes": self.quotes,
            "statements": [s.to_dict() for s in self.statements],
        }


@dataclass(frozen=True)
class Resolution:
    """The outcome of cross-document resolution: what to change in each output record.

    Attributes:
        speakers: Speaker id -> its entry.
        speaker_of_key: Canonical key of an in-document name -> speaker id.
        titles: Name key of a title -> its best-cased form in the run.
        statements: ``(doc_id, index)`` of a quote -> its statement id.
    """

    speakers: Mapping[str, SpeakerEntry]
    speaker_of_key: Mapping[str, str]
    titles: Mapping[str, str]
    statements: Mapping[tuple[str, int], str]

    def speaker(self, speaker: Speaker, doc_id: str) -> Speaker:
        """Return ``speaker`` of document ``doc_id`` with its run-wide id, display name, title
        casing, kind and gender (with the evidence of ``doc_id`` shown when it has some)."""
        sid = self.speaker_of_key.get(speaker_key(speaker.name, doc_id))
        entry = self.speakers.get(sid) if sid else None
        title = self.titles.get(name_key(speaker.title), speaker.title) if speaker.title else speaker.title
        if entry is None:
            return replace(speaker, title=title)
        record = entry.gender_record
        return replace(
            speaker, name=entry.name, id=entry.id, title=title, kind=entry.kind,  # type: ignore[arg-type]
            gender=record.gender, gender_evidence=record.shown(doc_id),
        )  # fmt: skip

    def apply(self, quote: Quote) -> Quote:
        """Return ``quote`` with its final speaker and statement id."""
        speaker = self.speaker(quote.speaker, quote.doc_id) if quote.speaker is not None else None
        statement = self.statements.get((quote.doc_id, quote.index), quote.statement)
        return replace(quote, speaker=speaker, statement=statement)

    def apply_record(self, record: dict[str, Any]) -> dict[str, Any]:
        """Return an output record (see :meth:`Quote.to_dict`) with its final speaker and statement."""
        out = dict(record)
        spk = record.get("speaker")
        if isinstance(spk, dict) and isinstance(spk.get("name"), str):
            final = self.speaker(Speaker(**spk), str(record.get("doc_id", "")))
            out["speaker"] = final.to_dict()
        statement = self.statements.get((record.get("doc_id"), record.get("index")))  # type: ignore[arg-type]
        if statement is not None:
            out["statement"] = statement
        return out

    def speaker_records(self) -> Iterator[dict[str, Any]]:
        """The speaker index: one record a speaker, most quoted first, then by id."""
        for entry in sorted(self.speakers.values(), key=lambda e: (-e.quotes, e.id)):
            yield entry.to_dict()


@dataclass
class _KeyStats:
    """What the run has seen of one in-document name key (compact; no texts)."""

    written: Counter[str] = field(default_factory=Counter)
    shown: Counter[str] = field(default_factory=Counter)
    titles: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    speaker_kinds: Counter[str] = field(default_factory=Counter)  # the output's kinds, one a quote
    evidence: set[GenderEvidence] = field(default_factory=set)
    documents: set[int] = field(default_factory=set)
    quotes: list[tuple[int, int, int, str]] = field(default_factory=list)  # doc, index, start, fingerprint


class CrossDocIndex:
    """Collect compact records of each document's quotes, then resolve them across documents.

    Args:
        lexicon: Word lists; default the shipped ones.
        min_shared: Content words two quotes must share to report one statement.
        min_containment: Share of the shorter quote's words found in the longer one.
    """

    def __init__(
        self,
        *,
        lexicon: Lexicon | None = None,
        min_shared: int = MIN_SHARED,
        min_containment: float = MIN_CONTAINMENT,
    ) -> None:
        if min_shared < 1:
            raise ValueError(f"min_shared must be 1 or more, got {min_shared!r}")
        if not 0.0 < min_containment <= 1.0:
            raise ValueError(f"min_containment must be in (0, 1], got {min_containment!r}")
        self.lexicon = lexicon or default_lexicon()
        self.min_shared = min_shared
        self.min_containment = min_containment
        self._doc_ids: list[str] = []
        self._doc_number: dict[str, int] = {}
        self._keys: dict[str, _KeyStats] = {}
        self._title_forms: dict[str, Counter[tuple[bool, str]]] = {}
        self._continues: dict[tuple[int, int], tuple[int, int]] = {}
        self._split_cache: dict[str, NameParts] = {}
        self._stored: dict[tuple[int, int], str] = {}

    def add(self, doc_id: str, quotes: Sequence[Quote], *, text: str | None = None, stored: bool = False) -> None:
        """Keep the compact records of one document's quotes.

        Args:
            doc_id: The document's id.
            quotes: Its quotes, as the extractor gives them.
            text: The document text, if at hand: quoted passages of one speaker split by a
                paragraph break are then not taken as one statement.
            stored: The quotes were resolved by an earlier run and kept (in a database, see
                :mod:`quotes.store`): their speaker names are already the run-wide ones, and
                the statement ids they carry are kept by the statements they still belong to,
                so that adding documents to a store does not rename its statements.
        """
        doc = self._doc_number.setdefault(doc_id, len(self._doc_ids))
        if doc == len(self._doc_ids):
            self._doc_ids.append(doc_id)
        self._link_continuations(doc, quotes, text)
        if stored:
            self._stored.update(((doc, q.index), q.statement) for q in quotes if q.statement)
        names = sorted({q.speaker.name for q in quotes if q.speaker is not None})
        shared: set[tuple[str, int]] = set()
        for quote in quotes:
            speaker = quote.speaker
            if speaker is None or not speaker.name.strip():
                continue
            key = speaker_key(speaker.name, doc_id, lexicon=self.lexicon)
            stats = self._keys.setdefault(key, _KeyStats())
            stats.shown[speaker.name] += 1
            if clean_name(speaker.mention).lower() not in _PRONOUNS:
                parts = self._split(speaker.mention)
                written_key = canonical_key(parts.written, lexicon=self.lexicon)
                # an alias is a form of this very name ("Pompeo", "mike pompeo", "US"), not
                # whatever the mention held ("that", "Trump and Lewandowski")
                if written_key == key or (written_key and set(written_key.split()) <= set(key.split())):
                    stats.written[parts.written] += 1
                    stats.kinds[parts.kind] += 1
            if speaker.title:
                stats.titles[speaker.title] += 1
                trusted = not looks_miscased(speaker.mention)
                self._title_forms.setdefault(name_key(speaker.title), Counter())[(trusted, speaker.title)] += 1
            stats.speaker_kinds[speaker.kind] += 1
            if not speaker.evidence or (key, id(speaker.evidence)) not in shared:
                shared.add((key, id(speaker.evidence)))  # a speaker's quotes share its document's evidence
                stats.evidence.update(_evidence_of(speaker))
            stats.documents.add(doc)
            stats.quotes.append((doc, quote.index, quote.start, fingerprint(quote.text, names=names)))

    def _split(self, mention: str) -> NameParts:
        """:func:`split_mention` of a mention, remembered: the same mentions recur across a run."""
        parts = self._split_cache.get(mention)
        if parts is None:
            if len(self._split_cache) >= SPLIT_CACHE_SIZE:
                self._split_cache.clear()
            parts = self._split_cache[mention] = split_mention(mention, lexicon=self.lexicon)
        return parts

    def _link_continuations(self, doc: int, quotes: Sequence[Quote], text: str | None) -> None:
        """Join the pieces of one statement in one document: "“A,” she said. “B.”".

        Consecutive quoted passages (direct or partial) of the same speaker, with no other
        speaker's quoted passage between them, at most :data:`MAX_GAP` characters apart and
        in one paragraph, continue one statement. Without the text (quotes read back from
        an output), whether they share a paragraph is unknown: the statement ids the output
        was written with then decide, so the speaker index agrees with the one of the run
        that wrote it.
        """
        quoted = sorted((q for q in quotes if q.type in ("direct", "partial")), key=lambda q: q.start)
        for a, b in pairwise(quoted):
            if a.speaker is None or b.speaker is None:
                continue
            if canonical_key(a.speaker.name, lexicon=self.lexicon) != canonical_key(b.speaker.name, lexicon=self.lexicon):
                continue
            if b.start - a.end > MAX_GAP:
                continue
            gap = text[a.end : b.start] if text is not None else None
            if ("\n" in gap or "\r" in gap) if gap is not None else (a.statement != b.statement):
                continue
            self._continues[(doc, b.index)] = (doc, a.index)

    def resolve(self) -> Resolution:
        """Merge speakers across documents and group their statements.

        Returns:
            The resolution to apply to every output record.
        """
        groups = self._group_keys()
        titles = {key: _best_title(forms) for key, forms in self._title_forms.items()}
        speakers: dict[str, SpeakerEntry] = {}
        speaker_of_key: dict[str, str] = {}
        statements: dict[tuple[str, int], str] = {}
        for target, members in sorted(groups.items()):
            sid = _speaker_id(target)
            stats = [self._keys[k] for k in sorted(members)]
            found = self._statements(sid, [q for s in stats for q in s.quotes])
            statements.update(found)
            speakers[sid] = self._entry(sid, target, members, stats, titles, found)
            for key in members:
                speaker_of_key[key] = sid
        return Resolution(speakers=speakers, speaker_of_key=speaker_of_key, titles=titles, statements=statements)

    # -- speakers --

    def _kind(self, key: str) -> str:
        return self._kind_of(key, self._keys[key].kinds)

    def _kind_of(self, key: str, kinds: Counter[str]) -> str:
        """Kind of a speaker: a country or body named by an alias is an ``org``; else the kind
        most of its mentions have; else the kind its name alone suggests ("lima group": org)."""
        if key in self.lexicon.alias_keys.values():
            return "org"
        if kinds:
            return max(kinds.items(), key=lambda kv: (kv[1], kv[0]))[0]
        return self._split(key.split("#")[0]).kind

    def _group_keys(self) -> dict[str, set[str]]:
        """Canonical key of each merged speaker -> the in-document keys it gathers."""
        full_people = sorted(
            k for k in self._keys
            if len(_initials_dropped(k).split()) >= 2 and not k.startswith("@") and "#" not in k and self._kind(k) == "person"
            and " and " not in k  # "trump and ryan" is two people, the full name of neither
        )  # fmt: skip
        # "Donald J. Trump" joins "Donald Trump" unless two initialled forms ("George W. Bush",
        # "George H. W. Bush") make the short form ambiguous
        by_core: dict[str, list[str]] = defaultdict(list)
        for k in full_people:
            by_core[_initials_dropped(k)].append(k)
        person_target: dict[str, str] = {}
        for core, keys in by_core.items():
            initialled = [k for k in keys if k != core]
            for k in keys:
                person_target[k] = core if len(initialled) <= 1 else k
        by_surname: dict[str, set[str]] = defaultdict(set)
        for k, t in person_target.items():
            by_surname[k.split()[-1]].add(t)
        groups: dict[str, set[str]] = defaultdict(set)
        for key in sorted(self._keys):
            groups[self._target(key, person_target.get(key, key), by_surname)].add(key)
        return groups

    def _target(self, key: str, target: str, by_surname: Mapping[str, set[str]]) -> str:
        """The key ``key`` merges into: a handle's full name, a surname's one full name, else ``target``.

        A key that is one document's own (``#`` in it: a pronoun, "a source") merges with nothing.
        """
        if "#" in key:
            return target
        if key.startswith("@"):
            letters = re.sub(r"[^a-z]", "", key)
            candidates = sorted({t for s, ts in by_surname.items() if s in letters for t in ts})
            match = match_handle(key, candidates)
            return match if match is not None else key
        if len(key.split()) == 1 and self._kind(key) == "person" and key not in self.lexicon.titles:
            owners = by_surname.get(key, set())
            # "Mr. Clinton" never joins the run's one full name of the other gender
            if len(owners) == 1 and not self.lexicon.honorific_clash(self._keys[key].titles, next(iter(owners))):
                return next(iter(owners))
        return target

    def _entry(
        self,
        sid: str,
        target: str,
        members: set[str],
        stats: Sequence[_KeyStats],
        titles: Mapping[str, str],
        statements: Mapping[tuple[str, int], str],
    ) -> SpeakerEntry:
        written: Counter[str] = Counter()
        shown: Counter[str] = Counter()
        title_count: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        speaker_kinds: Counter[str] = Counter()
        evidence: set[GenderEvidence] = set()
        documents: set[int] = set()
        quotes = 0
        for s in stats:
            written.update(s.written)
            shown.update(s.shown)
            kinds.update(s.kinds)
            speaker_kinds.update(s.speaker_kinds)
            evidence |= s.evidence
            documents |= s.documents
            quotes += len(s.quotes)
            for title, n in s.titles.items():
                title_count[titles.get(name_key(title), title)] += n
        kind = majority_kind(speaker_kinds)
        # a name is recased only for a person or organisation, never "his political adversaries"
        casing = "group" if kind not in ("person", "organization") else self._kind_of(target, kinds)
        name = self._display(target, members, written, shown, casing)
        by_statement: dict[str, set[int]] = defaultdict(set)
        counts: Counter[str] = Counter()
        for (doc_id, _), stmt in statements.items():
            by_statement[stmt].add(self._doc_number[doc_id])
            counts[stmt] += 1
        return SpeakerEntry(
            id=sid,
            name=name,
            kind=kind,
            titles=tuple(t for t, _ in sorted(title_count.items(), key=lambda kv: (-kv[1], kv[0]))),
            aliases=tuple(sorted(a for a in written if a)),
            documents=tuple(sorted(self._doc_ids[d] for d in documents)),
            quotes=quotes,
            statements=tuple(
                StatementEntry(stmt, sid, tuple(sorted(self._doc_ids[d] for d in docs)), counts[stmt])
                for stmt, docs in sorted(by_statement.items())
            ),
            gender_record=GenderRecord.of(evidence if kind in GENDERED_KINDS else ()),
        )

    def _display(self, target: str, members: set[str], written: Counter[str], shown: Counter[str], kind: str) -> str:
        """The fullest, best-cased form: as written beats guessed casing, else title case."""
        if "#" in target:  # an unresolved pronoun keeps its wording
            return max(shown.items(), key=lambda vn: (vn[1], vn[0]))[0] if shown else target.split("#")[0]
        full = {m for m in members if len(m.split()) > 1 or m == target}
        pool = [(v, n, True) for v, n in written.items()] + [(v, n, False) for v, n in shown.items()]
        pool = [(v, n, w) for v, n, w in pool if canonical_key(v, lexicon=self.lexicon) in full]
        if not pool:
            if target in self.lexicon.alias_keys.values():
                return titlecase_name(target)
            return best_form([*written.elements(), *shown.elements()], recase=kind != "group") or target
        if target in self.lexicon.alias_keys.values() and all(name_key(v) != target for v, _, _ in pool):
            return titlecase_name(target)

        def rank(item: tuple[str, int, bool]) -> tuple[int, bool, bool, int, str]:
            value, count, as_written = item
            proper = kind == "group" or not is_miscased(value)
            return (len(name_key(value).split()), proper, as_written and proper, count, value)

        best = max(pool, key=rank)[0]
        if kind != "group" and is_miscased(best) and looks_miscased(best):
            return titlecase_name(best)
        return clean_name(best)

    # -- statements --

    def _statements(self, sid: str, quotes: Sequence[tuple[int, int, int, str]]) -> dict[tuple[str, int], str]:
        """Statement id of each quote of one speaker that another document reports too."""
        if len(quotes) < 2:
            return {}
        # a fixed order (not the order documents came in) makes the links, hence the ids, order-free
        quotes = sorted(quotes, key=lambda q: (self._doc_ids[q[0]], q[2], q[1]))
        position = {(doc, index): i for i, (doc, index, _, _) in enumerate(quotes)}
        continues = [
            (position[previous], position[piece])
            for piece, previous in self._continues.items()
            if piece in position and previous in position
        ]
        out: dict[tuple[str, int], str] = {}
        groups = group_statements(
            [(doc, fp) for doc, _, _, fp in quotes],
            continues=continues,
            min_shared=self.min_shared,
            min_containment=self.min_containment,
        )
        taken: set[str] = set()
        for members in groups:
            digest = self._kept_digest([quotes[m][:2] for m in members], taken)
            if digest is None:
                first = min((self._doc_ids[quotes[m][0]], quotes[m][2]) for m in members)
                digest = hashlib.sha1(f"{first[0]}\0{first[1]}".encode()).hexdigest()[:8]
            taken.add(digest)
            for m in members:
                out[(self._doc_ids[quotes[m][0]], quotes[m][1])] = f"{sid}:{digest}"
        return out

    def _kept_digest(self, members: Sequence[tuple[int, int]], taken: set[str]) -> str | None:
        """The digest of the stored statement id most members of a group carry, if one is free.

        A statement keeps its id when documents are added, and when its speaker merges with
        another (the speaker part of the id follows the speaker; the digest stays).
        """
        carried = Counter(self._stored[m].rpartition(":")[2] for m in members if m in self._stored)
        free = [(-n, digest) for digest, n in carried.items() if digest not in taken]
        return min(free)[1] if free else None


def _evidence_of(speaker: Speaker) -> tuple[GenderEvidence, ...]:
    """The gender evidence a quote's speaker carries: all of its document's, else (for a record
    read back from the output) the evidence shown on it."""
    if speaker.evidence:
        return speaker.evidence
    shown = speaker.gender_evidence
    if isinstance(shown, GenderConflict):
        return shown.evidence
    return (shown,) if shown is not None else ()


def _speaker_id(target: str) -> str:
    """The id of a merged speaker: its canonical key with hyphens ("mike-pompeo"); an unresolved
    pronoun gets the pronoun and a digest of its document ("he-1c2f9a0b")."""
    if "#" in target:
        word, doc_id = target.split("#", 1)
        return f"{word or 'unknown'}-{hashlib.sha1(doc_id.encode()).hexdigest()[:8]}"
    return target.replace(" ", "-") or "unknown"


def _best_title(forms: Counter[tuple[bool, str]]) -> str:
    """The cased form of one title: one written in trusted case, else the most common."""
    trusted = [(n, t) for (ok, t), n in forms.items() if ok]
    if trusted:
        return max(trusted)[1]
    best = max((n, t) for (_, t), n in forms.items())[1]
    return titlecase_title(best) if looks_miscased(best) else best
