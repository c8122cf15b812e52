"""Statements: whether two quotes of one speaker report the same statement, and groups of them.

A quote is reduced to a fingerprint, its content words in order (:func:`fingerprint`), so the
cross-document step keeps no texts. Two quotes report the same statement when at least
:data:`MIN_SHARED` content words of the shorter one are found in the longer one, making up at
least :data:`MIN_CONTAINMENT` of it, and they share at least :data:`MIN_SHARED_PAIRS` pairs of
successive content words (shared phrasing, not only shared topic words). Words match exactly
or, for words of five letters or more, by RapidFuzz's normalised Indel ratio (``release`` /
``released``). Containment rather than overlap lets a partial quote join the whole tweet it
comes from, and word sets let translations with the same names and key words join
("condemns raids by Maduro's security services" / "condemns the raids by maduro's security
forces"): the containment measure of near-duplicate detection (Broder 1997) on words.

:func:`group_statements` links the quotes of one speaker from different documents: candidate
pairs come from an inverted index of each quote's rarest words, each word proposing a bounded
number of quotes, so the cost stays near linear. Linked quotes form groups by union, except
that a quote of fewer than :data:`MIN_BRIDGE_WORDS` content words ("radical Islamic
terrorism") joins only its best match and never bridges two groups.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import pairwise

from rapidfuzz import fuzz, process
from spacy.lang.en.stop_words import STOP_WORDS

from quotes.names.document import match_handle
from quotes.names.keys import ascii_fold, name_key

FINGERPRINT_WORDS = 64
"""Content words kept per quote for statement matching."""
MIN_SHARED = 3
"""Content words two quotes must share to report one statement."""
MIN_CONTAINMENT = 0.6
"""Share of the shorter quote's content words that must be found in the longer one."""
MIN_SHARED_PAIRS = 2
"""Pairs of successive content words two quotes must share: some phrasing, not just topic words."""
MIN_BRIDGE_WORDS = 5
"""Content words from which a quote may link two reports of a statement (shorter ones only join one)."""
FUZZY_MIN_LETTERS = 5
"""Words at least this long may match a near spelling (``release`` / ``released``)."""
FUZZY_CUTOFF = 80.0
"""RapidFuzz ratio (0-100) from which two words count as one."""
CANDIDATE_WORDS = 8
"""The rarest words of a quote (within its speaker) that propose candidate pairs."""
MAX_POSTINGS = 64
"""Quotes of one speaker that one word proposes as candidates, at most."""

_WORD = re.compile(r"@?[a-z0-9]+")
_STOP = frozenset(STOP_WORDS) | {"s", "t", "don", "didn", "doesn", "won", "can"}


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


class _Sets:
    """Disjoint sets of quote indices (union-find with path halving)."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        """The representative of ``i``'s set."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, keep: int, other: int) -> None:
        """Put ``other``'s set into ``keep``'s."""
        self.parent[self.find(other)] = self.find(keep)


def _candidates(quotes: Sequence[tuple[int, str]], postings: dict[str, list[int]], i: int) -> list[tuple[int, int]]:
    """Quotes of other documents that share a rare word with quote ``i``: ``(index, words shared)``."""
    doc, fp = quotes[i]
    shared: Counter[int] = Counter()
    rare = sorted(set(fp.split()), key=lambda w: (len(postings[w]), w))[:CANDIDATE_WORDS]
    for word in rare:
        # past MAX_POSTINGS quotes a word proposes only its first ones: reports of one
        # statement still meet through them, and the cost per quote stays bounded
        shared.update(j for j in postings[word][:MAX_POSTINGS] if j != i and quotes[j][0] != doc)
    return sorted(shared.items())


def _link(
    quotes: Sequence[tuple[int, str]], long: list[bool], sets: _Sets, best: dict[int, tuple[int, int]], i: int, j: int
) -> None:
    """Record that quotes ``i`` and ``j`` report one statement: two long quotes join one group;
    a short one keeps only its best long match in ``best``."""
    if long[i] and long[j]:
        sets.join(i, j)
        return
    short, other = (i, j) if not long[i] else (j, i)
    score = (shared_words(quotes[short][1], quotes[other][1])[0], -other)
    if short not in best or score > best[short]:
        best[short] = score


def group_statements(
    quotes: Sequence[tuple[int, str]],
    *,
    continues: Iterable[tuple[int, int]] = (),
    min_shared: int = MIN_SHARED,
    min_containment: float = MIN_CONTAINMENT,
) -> list[list[int]]:
    """Group the quotes of one speaker that report the same statement in different documents.

    Long quotes (at least :data:`MIN_BRIDGE_WORDS` content words) that report one statement
    join one group; a short one joins the group of its best long match only, so it never
    bridges two statements.

    Args:
        quotes: ``(document number, fingerprint)`` per quote, in a fixed order (the order
            decides ties, so give one that does not depend on input order).
        continues: Index pairs of quotes that are pieces of one statement in one document.
        min_shared: Content words two quotes must share.
        min_containment: Share of the shorter quote's words found in the longer one.

    Returns:
        Groups (lists of indices into ``quotes``, ascending) that span two or more documents.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for i, (_, fp) in enumerate(quotes):
        for word in fp.split():
            postings[word].append(i)
    sets = _Sets(len(quotes))
    for a, b in continues:
        sets.join(a, b)
    long = [len(fp.split()) >= MIN_BRIDGE_WORDS for _, fp in quotes]
    best: dict[int, tuple[int, int]] = {}  # short quote -> (words shared, -index) of its best long match
    for i in range(len(quotes)):
        for j, n in _candidates(quotes, postings, i):
            # one of the shared words may match by spelling only, so one fewer exact word is enough
            if n < max(1, min_shared - 1) or not (long[i] or long[j]) or (long[i] and long[j] and sets.find(i) == sets.find(j)):
                continue
            if same_statement(quotes[i][1], quotes[j][1], min_shared=min_shared, min_containment=min_containment):
                _link(quotes, long, sets, best, i, j)
    with_long = {sets.find(i) for i in range(len(quotes)) if long[i]}
    for short, (_, negative) in sorted(best.items()):
        if sets.find(short) not in with_long:  # a piece already tied to a long quote stays there
            sets.join(-negative, short)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(quotes)):
        groups[sets.find(i)].append(i)
    return sorted(m for m in groups.values() if len({quotes[i][0] for i in m}) > 1)
