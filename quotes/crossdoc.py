"""Across documents: one speaker, one id and one name; one statement, one statement id.

How a run is finalised (memory stays small whatever the number of articles):

1. Each document is extracted and its quotes are written at once, as JSON Lines, to a spool
   (a temporary file beside the output); the document text is then dropped.
2. :meth:`CrossDocIndex.add` keeps only compact records of those quotes: per speaker key the
   name variants as written, titles, document numbers and a quote count; per quote its
   document number, index, start offset and a short fingerprint (at most
   :data:`FINGERPRINT_WORDS` content words of its text).
3. :meth:`CrossDocIndex.resolve` merges speaker keys across documents and clusters the
   quotes of each speaker into statements, giving a :class:`Resolution`.
4. :func:`finalise_jsonl` reads the spool back line by line and writes the output with the
   final speaker ids, names, titles and statement ids; :class:`RunWriter` does 1-4 for the CLI
   and also writes the speaker index (``quotes extract --speakers``).

Quoted passages of one speaker that follow each other in one paragraph ("“A,” she said.
“B.”", no line break between them) are pieces of one statement; they join its cluster together.

Speakers merge when their canonical name keys are equal (aliases such as "US" / "the United
States" included), when a Twitter handle spells exactly one full name of the run, and when a
one-word name is the surname of exactly one full person name of the run ("Clinton" stays
apart when both Bill and Hillary Clinton are quoted). Ids derive from the canonical key of the
merged speaker, never from counters, so they are stable from run to run and independent of
document order; the display name is the fullest, best-cased form seen.

Statements are compared only among quotes of one speaker from different documents; candidate
pairs come from an inverted index of the rarest fingerprint words of each quote, each word
proposing a bounded number of quotes, so the cost stays near linear. Two quotes report the
same statement when at least :data:`MIN_SHARED` content words of the shorter one are found in
the longer one, making up at least :data:`MIN_CONTAINMENT` of it, and they share at least
:data:`MIN_SHARED_PAIRS` pairs of successive content words (shared phrasing, not only shared
topic words). Words match exactly or, for words of five letters or more, by RapidFuzz's
normalised Indel ratio (``release`` / ``released``). Containment rather than overlap lets a
partial quote join the whole tweet it comes from, and word sets let translations with the
same names and key words join ("condemns raids by Maduro's security services" / "condemns the
raids by maduro's security forces"). Linked quotes form clusters by union, except that a quote
of fewer than :data:`MIN_BRIDGE_WORDS` content words ("radical Islamic terrorism") joins only
its best match and never bridges two clusters. A cluster spanning two or more documents gets
a statement id.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import IO, Any

from rapidfuzz import fuzz, process
from spacy.lang.en.stop_words import STOP_WORDS

from .export import read_quotes, write_quotes
from .model import Document, Quote, Speaker
from .normalize import (
    NameLexicon,
    NameParts,
    ascii_fold,
    best_form,
    canonical_key,
    clean_name,
    default_name_lexicon,
    is_miscased,
    looks_miscased,
    match_handle,
    name_key,
    split_mention,
    titlecase_name,
    titlecase_title,
)

log = logging.getLogger(__name__)

FINGERPRINT_WORDS = 64
"""Content words kept per quote for statement matching."""
MIN_SHARED = 3
"""Content words two quotes must share to report one statement."""
MIN_CONTAINMENT = 0.6
"""Share of the shorter quote's content words that must be found in the longer one."""
MIN_BRIDGE_WORDS = 5
"""Content words from which a quote may link two reports of a statement (shorter ones only join one)."""
MIN_SHARED_PAIRS = 2
"""Pairs of successive content words two quotes must share: some phrasing, not just topic words."""
FUZZY_MIN_LETTERS = 5
"""Words at least this long may match a near spelling (``release`` / ``released``)."""
FUZZY_CUTOFF = 80.0
"""RapidFuzz ratio (0-100) from which two words count as one."""
CANDIDATE_WORDS = 8
"""The rarest words of a quote (within its speaker) that propose candidate pairs."""
MAX_POSTINGS = 64
"""Quotes of one speaker that one word proposes as candidates, at most."""
SPLIT_CACHE_SIZE = 100_000
"""Mentions whose split is remembered while a run is indexed."""
MAX_GAP = 400
"""Most characters between two quoted passages of one speaker that continue one statement."""

_WORD = re.compile(r"@?[a-z0-9]+")
#: Speaker names that name nobody in particular: such a speaker is never merged across documents.
UNNAMED = frozenset(
    {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me", "who", "whom", "that", "this",
     "which", "one", "someone", "somebody", "anyone", "nobody", "everyone"}
)  # fmt: skip
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me", "who"})
_STOP = frozenset(STOP_WORDS) | {"s", "t", "don", "didn", "doesn", "won", "can"}


# --- fingerprints --------------------------------------------------------------------


def speaker_key(name: str, doc_id: str, *, lexicon: NameLexicon | None = None) -> str:
    """The key under which a speaker of one document is merged across the run.

    Args:
        name: The speaker's in-document display name.
        doc_id: The document's id.
        lexicon: Name word lists; default the shipped ones.

    Returns:
        The canonical name key; for a pronoun left unresolved ("he") the key is scoped to the
        document, since "he" in two articles is rarely one person.
    """
    key = canonical_key(name, lexicon=lexicon)
    return f"{key}#{doc_id}" if key in UNNAMED or not key else key


def _initials_dropped(key: str) -> str:
    """A name key without single-letter initials: "donald j trump" -> "donald trump"."""
    return " ".join(w for w in key.split() if len(w) > 1)


def fingerprint(text: str, *, names: Iterable[str] = ()) -> str:
    """The content words of a quote, for statement matching: lowercase, unaccented, in order.

    Stop words are dropped (spaCy's English list); a Twitter handle that spells one of
    ``names`` becomes that name's words ("@Robertomarrero" -> "roberto marrero").

    Args:
        text: The quote text.
        names: Names that handles in the text may stand for (the document's speakers).

    Returns:
        At most :data:`FINGERPRINT_WORDS` distinct words joined by spaces.
    """
    names = list(names)
    out: list[str] = []
    seen: set[str] = set()
    for word in _WORD.findall(ascii_fold(text)):
        if word.startswith("@"):
            match = match_handle(word, names)
            expanded = name_key(match).split() if match else [word[1:]]
        else:
            expanded = [word]
        for w in expanded:
            if w and w not in _STOP and w not in seen:
                seen.add(w)
                out.append(w)
    return " ".join(out[:FINGERPRINT_WORDS])


def shared_words(a: str, b: str) -> tuple[int, float]:
    """How many content words of the shorter fingerprint are found in the longer one.

    Args:
        a: A fingerprint (see :func:`fingerprint`).
        b: Another fingerprint.

    Returns:
        The number of words found and their share of the shorter fingerprint (0 when empty).
    """
    short, long = sorted((a.split(), b.split()), key=len)
    if not short:
        return 0, 0.0
    pool = set(long)
    fuzzy_pool = [w for w in long if len(w) >= FUZZY_MIN_LETTERS]
    found = 0
    for word in short:
        if word in pool or (
            len(word) >= FUZZY_MIN_LETTERS
            and fuzzy_pool
            and process.extractOne(word, fuzzy_pool, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF) is not None
        ):
            found += 1
    return found, found / len(short)


def shared_pairs(a: str, b: str) -> int:
    """How many pairs of successive content words two fingerprints have in common.

    Words are compared by their first five letters, so "release hold" and "released hold"
    agree; shared pairs show shared phrasing, which topic words alone do not.

    Args:
        a: A fingerprint (see :func:`fingerprint`).
        b: Another fingerprint.

    Returns:
        The number of distinct pairs found in both.
    """
    return len(_pairs(a) & _pairs(b))


def _pairs(fp: str) -> set[tuple[str, str]]:
    stems = [w[:5] for w in fp.split()]
    return set(pairwise(stems))


def same_statement(
    a: str,
    b: str,
    *,
    min_shared: int = MIN_SHARED,
    min_containment: float = MIN_CONTAINMENT,
    min_pairs: int = MIN_SHARED_PAIRS,
) -> bool:
    """Whether two fingerprints report the same statement (rule in the module docstring)."""
    if shared_pairs(a, b) < min_pairs:
        return False
    short, long = sorted((a.split(), b.split()), key=len)
    exact = len(set(short) & set(long))
    if short and exact >= min_shared and exact / len(short) >= min_containment:
        return True  # no need for the slower near-spelling matches
    found, share = shared_words(a, b)
    return found >= min_shared and share >= min_containment


# --- results -------------------------------------------------------------------------


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
        kind: ``person``, ``org``, ``group`` or ``handle``.
        titles: Role words seen with the name, most frequent first.
        aliases: Every name variant as written ("Pompeo", "mike pompeo", "@jguaido"), sorted.
        documents: Ids of the documents that quote the speaker, sorted.
        quotes: Number of quotes.
        statements: Statements of the speaker reported in several documents.
    """

    id: str
    name: str
    kind: str
    titles: tuple[str, ...]
    aliases: tuple[str, ...]
    documents: tuple[str, ...]
    quotes: int
    statements: tuple[StatementEntry, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return one line of the speaker index."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
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
        """Return ``speaker`` of document ``doc_id`` with its run-wide id, display name and title casing."""
        sid = self.speaker_of_key.get(speaker_key(speaker.name, doc_id))
        entry = self.speakers.get(sid) if sid else None
        title = self.titles.get(name_key(speaker.title), speaker.title) if speaker.title else speaker.title
        if entry is None:
            return replace(speaker, title=title)
        return replace(speaker, name=entry.name, id=entry.id, title=title)

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


# --- the index -----------------------------------------------------------------------


@dataclass
class _KeyStats:
    """What the run has seen of one in-document name key (compact; no texts)."""

    written: Counter[str] = field(default_factory=Counter)
    shown: Counter[str] = field(default_factory=Counter)
    titles: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    documents: set[int] = field(default_factory=set)
    quotes: list[tuple[int, int, int, str]] = field(default_factory=list)  # doc, index, start, fingerprint


class CrossDocIndex:
    """Collect compact records of each document's quotes, then resolve them across documents.

    Args:
        lexicon: Name word lists; default the shipped ones.
        min_shared: Content words two quotes must share to report one statement.
        min_containment: Share of the shorter quote's words found in the longer one.
    """

    def __init__(
        self,
        *,
        lexicon: NameLexicon | None = None,
        min_shared: int = MIN_SHARED,
        min_containment: float = MIN_CONTAINMENT,
    ) -> None:
        if min_shared < 1:
            raise ValueError(f"min_shared must be 1 or more, got {min_shared!r}")
        if not 0.0 < min_containment <= 1.0:
            raise ValueError(f"min_containment must be in (0, 1], got {min_containment!r}")
        self.lexicon = lexicon or default_name_lexicon()
        self.min_shared = min_shared
        self.min_containment = min_containment
        self._doc_ids: list[str] = []
        self._doc_number: dict[str, int] = {}
        self._keys: dict[str, _KeyStats] = {}
        self._title_forms: dict[str, Counter[tuple[bool, str]]] = {}
        self._continues: dict[tuple[int, int], tuple[int, int]] = {}
        self._split_cache: dict[str, NameParts] = {}

    def add(self, doc_id: str, quotes: Sequence[Quote], *, text: str | None = None) -> None:
        """Keep the compact records of one document's quotes.

        Args:
            doc_id: The document's id.
            quotes: Its quotes, as the extractor gives them.
            text: The document text, if at hand: quoted passages of one speaker split by a
                paragraph break are then not taken as one statement.
        """
        doc = self._doc_number.setdefault(doc_id, len(self._doc_ids))
        if doc == len(self._doc_ids):
            self._doc_ids.append(doc_id)
        self._link_continuations(doc, quotes, text)
        names = sorted({q.speaker.name for q in quotes if q.speaker is not None})
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
        in one paragraph, continue one statement.
        """
        quoted = sorted((q for q in quotes if q.type in ("direct", "partial")), key=lambda q: q.start)
        for a, b in pairwise(quoted):
            if a.speaker is None or b.speaker is None:
                continue
            if canonical_key(a.speaker.name, lexicon=self.lexicon) != canonical_key(b.speaker.name, lexicon=self.lexicon):
                continue
            if b.start - a.end > MAX_GAP or (text is not None and "\n" in text[a.end : b.start]):
                continue
            self._continues[(doc, b.index)] = (doc, a.index)

    def resolve(self) -> Resolution:
        """Merge speakers across documents and cluster their statements.

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
        kinds = self._keys[key].kinds
        return kinds.most_common(1)[0][0] if kinds else ("handle" if key.startswith("@") else "person")

    def _group_keys(self) -> dict[str, set[str]]:
        """Canonical key of each merged speaker -> the in-document keys it gathers."""
        full_people = sorted(
            k for k in self._keys
            if len(_initials_dropped(k).split()) >= 2 and not k.startswith("@") and "#" not in k and self._kind(k) == "person"
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
            target = person_target.get(key, key)
            if "#" in key:
                pass
            elif key.startswith("@"):
                letters = re.sub(r"[^a-z]", "", key)
                candidates = sorted({t for s, ts in by_surname.items() if s in letters for t in ts})
                match = match_handle(key, candidates)
                target = match if match is not None else key
            elif len(key.split()) == 1 and self._kind(key) == "person" and key not in self.lexicon.titles:
                owners = by_surname.get(key, set())
                if len(owners) == 1:
                    target = next(iter(owners))
            groups[target].add(key)
        return groups

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
        documents: set[int] = set()
        quotes = 0
        for s in stats:
            written.update(s.written)
            shown.update(s.shown)
            kinds.update(s.kinds)
            documents |= s.documents
            quotes += len(s.quotes)
            for title, n in s.titles.items():
                title_count[titles.get(name_key(title), title)] += n
        kind = kinds.most_common(1)[0][0] if kinds else "person"
        name = self._display(target, members, written, shown, kind)
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
        )

    def _display(self, target: str, members: set[str], written: Counter[str], shown: Counter[str], kind: str) -> str:
        """The fullest, best-cased form: as written beats guessed casing, else title case."""
        if "#" in target:  # an unresolved pronoun keeps its wording
            return max(shown.items(), key=lambda vn: (vn[1], vn[0]))[0] if shown else target.split("#")[0]
        full = {m for m in members if len(m.split()) > 1 or m == target}
        pool = [(v, n, True) for v, n in written.items()] + [(v, n, False) for v, n in shown.items()]
        pool = [(v, n, w) for v, n, w in pool if canonical_key(v, lexicon=self.lexicon) in full]
        if not pool:
            if target in self.lexicon.aliases.values():
                return titlecase_name(target)
            return best_form([*written.elements(), *shown.elements()], recase=kind != "group") or target
        if target in self.lexicon.aliases.values() and all(name_key(v) != target for v, _, _ in pool):
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
        postings: dict[str, list[int]] = defaultdict(list)
        for i, (_, _, _, fp) in enumerate(quotes):
            for word in fp.split():
                postings[word].append(i)
        parent = list(range(len(quotes)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        position = {(doc, index): i for i, (doc, index, _, _) in enumerate(quotes)}
        for (doc, index), previous in self._continues.items():
            if (doc, index) in position and previous in position:
                parent[find(position[(doc, index)])] = find(position[previous])
        # A short quote ("radical Islamic terrorism") may join one statement but never bridges
        # two: long quotes link freely, each short one then joins its best long match.
        long = [len(q[3].split()) >= MIN_BRIDGE_WORDS for q in quotes]
        best: dict[int, tuple[int, int]] = {}  # short quote -> (words shared, -index) of its best long match
        for i, (doc, _, _, fp) in enumerate(quotes):
            shared: Counter[int] = Counter()
            rare = sorted(set(fp.split()), key=lambda w: (len(postings[w]), w))[:CANDIDATE_WORDS]
            for word in rare:
                # past MAX_POSTINGS quotes a word proposes only its first ones: reports of one
                # statement still meet through them, and the cost per quote stays bounded
                shared.update(j for j in postings[word][:MAX_POSTINGS] if j != i and quotes[j][0] != doc)
            for j, n in sorted(shared.items()):
                # one of the shared words may match by spelling only, so one fewer exact word is enough
                if n < max(1, self.min_shared - 1) or (long[i] and long[j] and find(i) == find(j)):
                    continue
                if not long[i] and not long[j]:
                    continue
                if not same_statement(fp, quotes[j][3], min_shared=self.min_shared, min_containment=self.min_containment):
                    continue
                if long[i] and long[j]:
                    parent[find(j)] = find(i)
                else:
                    short, other = (i, j) if not long[i] else (j, i)
                    score = (shared_words(quotes[short][3], quotes[other][3])[0], -other)
                    if short not in best or score > best[short]:
                        best[short] = score
        with_long = {find(i) for i in range(len(quotes)) if long[i]}
        for short, (_, negative) in sorted(best.items()):
            if find(short) not in with_long:  # a piece already tied to a long quote stays there
                parent[find(short)] = find(-negative)
        clusters: dict[int, list[int]] = defaultdict(list)
        for i in range(len(quotes)):
            clusters[find(i)].append(i)
        out: dict[tuple[str, int], str] = {}
        for members in clusters.values():
            if len({quotes[m][0] for m in members}) < 2:
                continue
            first = min((self._doc_ids[quotes[m][0]], quotes[m][2]) for m in members)
            digest = hashlib.sha1(f"{first[0]}\0{first[1]}".encode()).hexdigest()[:8]
            for m in members:
                out[(self._doc_ids[quotes[m][0]], quotes[m][1])] = f"{sid}:{digest}"
        return out


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


# --- whole runs ----------------------------------------------------------------------


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
        source: JSON Lines written by :func:`quotes.export.write_quotes`, positioned at the start.
        target: Where to write the final records.

    Returns:
        The number of records written.
    """
    count = 0
    for record in read_quotes(source):
        target.write(json.dumps(resolution.apply_record(record), ensure_ascii=False, separators=(",", ":")))
        target.write("\n")
        count += 1
    return count


class RunWriter:
    """Write a run's quotes streaming, then finalise them across documents on :meth:`close`.

    Quotes go to a spool file as each document is done; :meth:`close` resolves speakers and
    statements from the compact records and rewrites the spool into ``out`` (see the module
    docstring), and writes the speaker index to ``speakers`` if given.

    Args:
        out: The final output stream; written only on :meth:`close`.
        speakers: Where to write the speaker index (JSON Lines), or ``None``.
        spool_dir: Folder for the spool file; default the system's temporary folder.
        index: The cross-document index; default a new one.
    """

    def __init__(
        self,
        out: IO[str],
        *,
        speakers: IO[str] | None = None,
        spool_dir: str | Path | None = None,
        index: CrossDocIndex | None = None,
    ) -> None:
        self.out = out
        self.speakers = speakers
        self.index = index or CrossDocIndex()
        self._spool = tempfile.TemporaryFile(  # noqa: SIM115 - closed by close() or __exit__
            mode="w+", encoding="utf-8", newline="\n", prefix="quotes-", suffix=".jsonl", dir=spool_dir
        )
        self.resolution: Resolution | None = None

    def write(self, document: Document, quotes: Sequence[Quote]) -> int:
        """Spool one document's quotes and keep their compact records; returns how many."""
        self.index.add(document.id, quotes, text=document.text)
        count = write_quotes(quotes, self._spool)
        self._spool.flush()
        return count

    def close(self) -> Resolution:
        """Resolve across documents, write the final output and the speaker index."""
        if self.resolution is not None:
            return self.resolution
        try:
            self.resolution = self.index.resolve()
            self._spool.seek(0)
            finalise_jsonl(self._spool, self.out, self.resolution)
            if self.speakers is not None:
                for record in self.resolution.speaker_records():
                    self.speakers.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        finally:
            self._spool.close()
        return self.resolution

    def __enter__(self) -> RunWriter:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self._spool.close()
