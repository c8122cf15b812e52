"""A speaker's kind and gender, decided from what its quotes and texts say.

The kind of a speaker is the most frequent kind among its quotes.

Its gender comes only from evidence: a word of a document that refers to the speaker and says
a gender. Honorifics ("Mrs. Lopez") and gendered nouns in the speaker's mention or apposition
("a spokeswoman", "Jane Doe, the company's chairwoman") are read straight off the name; a
pronoun ("“...,” she said") is linked to the speaker by the pronoun resolver, which can be
wrong. So:

1. when the words beside the speaker's names all say one gender, that is its gender (a
   pronoun that says the other one was misread, and is kept in the evidence for all to see);
2. when they say both, the evidence conflicts and the gender is unknown;
3. without such words, each document whose pronouns all say one gender votes for it (a
   document whose pronouns disagree does not vote): the gender is the one every voting
   document says, and unknown when documents disagree;
4. without any evidence the gender is unknown.

A first name is never evidence: names are shared across genders and cultures, and a count of
women among sources must be right about each one it claims. Only people (named or not) have a
gender.

>>> from quotes.types import GenderEvidence
>>> she = GenderEvidence("pronoun", "she", "female", "a", 40, 43)
>>> decide_gender([she])
('female', GenderEvidence(type='pronoun', text='she', gender='female', doc_id='a', start=40, end=43))
>>> decide_gender([she, GenderEvidence("pronoun", "he", "male", "b", 0, 2)])[0] is None
True
>>> decide_gender([she, GenderEvidence("honorific", "Mr.", "male", "b", 0, 3)])[0]
'male'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from quotes.types import Gender, GenderConflict, GenderEvidence

#: Kinds in the order that breaks a tie between equally frequent kinds of one speaker.
KIND_ORDER = ("person", "organization", "group", "anonymous", "document")
#: Kinds of speaker that can have a gender: people, named or not.
GENDERED_KINDS = frozenset({"person", "anonymous"})
#: Evidence read straight off a name, which outweighs pronouns.
DIRECT_EVIDENCE = frozenset({"honorific", "role_noun"})
#: Which evidence is shown first when several agree: the words beside a name before a pronoun.
EVIDENCE_RANK = {"honorific": 0, "role_noun": 1, "pronoun": 2}
#: Gender words of the lexicon (``f``, ``m``) in the output's terms.
GENDER_OF_CODE = {"f": "female", "m": "male"}


def majority_kind(kinds: Iterable[str] | Mapping[str, int]) -> str:
    """The most frequent kind, ties broken by :data:`KIND_ORDER`; ``person`` for none.

    Args:
        kinds: Kinds, one per quote, or a count per kind.

    Returns:
        One of :data:`KIND_ORDER`.

    >>> majority_kind(["group", "person", "group"])
    'group'
    """
    counts = Counter(kinds) if not isinstance(kinds, Mapping) else Counter(dict(kinds))
    if not counts:
        return "person"
    return max(KIND_ORDER, key=lambda kind: (counts[kind], -KIND_ORDER.index(kind)))


def gender_of_evidence(evidence: Iterable[GenderEvidence]) -> Gender | None:
    """The gender the evidence says by the rules of this module, or ``None``."""
    direct: set[str] = set()
    pronouns: dict[str, set[str]] = {}
    for item in evidence:
        if item.type in DIRECT_EVIDENCE:
            direct.add(item.gender)
        else:
            pronouns.setdefault(item.doc_id, set()).add(item.gender)
    if direct:
        return direct.pop() if len(direct) == 1 else None  # type: ignore[return-value]
    votes = {genders.pop() for genders in pronouns.values() if len(genders) == 1}
    return votes.pop() if len(votes) == 1 else None  # type: ignore[return-value]


def _order(evidence: GenderEvidence, doc_id: str | None) -> tuple[bool, int, str, int, int]:
    return (evidence.doc_id != doc_id, EVIDENCE_RANK[evidence.type], evidence.doc_id, evidence.start, evidence.end)


def _shown(first: Mapping[str, GenderEvidence], gender: str | None) -> GenderEvidence | GenderConflict | None:
    """The evidence to show for ``gender``, or the conflict when the evidence says both."""
    if gender is not None:
        return first.get(gender)
    if "female" in first and "male" in first:
        return GenderConflict((first["female"], first["male"]))
    return None


def decide_gender(
    evidence: Iterable[GenderEvidence], *, doc_id: str | None = None
) -> tuple[Gender | None, GenderEvidence | GenderConflict | None]:
    """The gender the evidence says, and the evidence that shows it.

    Args:
        evidence: Every piece of evidence for one speaker (of one document or of a whole run).
        doc_id: The document a quote is in: evidence from it is shown first.

    Returns:
        ``(gender, shown)``: the gender and the first piece of evidence for it (from ``doc_id``
        when it has some, an honorific before a gendered noun before a pronoun, then by
        document and offset); ``(None, conflict)`` with the first evidence of each gender when
        the evidence says both and decides nothing; ``(None, None)`` without evidence.
    """
    items = list(evidence)
    first: dict[str, GenderEvidence] = {}
    for item in items:
        best = first.get(item.gender)
        if best is None or _order(item, doc_id) < _order(best, doc_id):
            first[item.gender] = item
    gender = gender_of_evidence(items)
    return gender, _shown(first, gender)


@dataclass(frozen=True)
class GenderRecord:
    """A speaker's gender over a whole run, with the evidence to show for each document.

    Build it with :meth:`of`.

    Attributes:
        gender: ``female``, ``male`` or ``None``.
        evidence: Every piece of evidence, sorted by document and offset.
    """

    gender: Gender | None
    evidence: tuple[GenderEvidence, ...]
    _first: Mapping[tuple[str | None, str], GenderEvidence] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, evidence: Iterable[GenderEvidence]) -> GenderRecord:
        """Decide the gender of a speaker from all its evidence (see the module notes)."""
        items = tuple(sorted(set(evidence), key=lambda e: (e.doc_id, e.start, e.end, e.type)))
        first: dict[tuple[str | None, str], GenderEvidence] = {}
        for item in items:
            for scope in (item.doc_id, None):
                best = first.get((scope, item.gender))
                if best is None or _order(item, scope) < _order(best, scope):
                    first[(scope, item.gender)] = item
        return cls(gender_of_evidence(items), items, first)

    def shown(self, doc_id: str | None) -> GenderEvidence | GenderConflict | None:
        """The evidence to show on a quote of document ``doc_id``: its own when it has some."""
        first = {}
        for gender in ("female", "male"):
            best = self._first.get((doc_id, gender)) or self._first.get((None, gender))
            if best is not None:
                first[gender] = best
        return _shown(first, self.gender)
