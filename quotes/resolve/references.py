"""Pronouns that say a speaker's gender: those whose reference the text leaves in no doubt.

The pronoun resolver (:mod:`quotes.resolve.pronouns`) gives every gendered pronoun of the
writer's text its likeliest antecedent. Its choice counts as evidence of the antecedent's
gender only when nothing else in the text could be meant:

- the pronoun is outside quotes; inside reported speech it counts only as the subject of the
  speaker's own report ("Trump said Sunday that he believed ..."), since a pronoun in what
  someone is reported to say is mostly their talk about someone else ("Axelrod said she has
  learned her lesson");
- the antecedent names one speaker of the document, and not as a modifier ("a Clinton adviser");
- no rival stands near: no other person of that gender (or of none known) named between the
  antecedent and the pronoun, nor since the sentence before the antecedent a pronoun of the
  same gender that the antecedent cannot be ("She issued a plan: President Obama later
  adopted it. She has called for ..."; "Her chief policy aide, Jake Sullivan, calls her
  record ...");
- for a pronoun that is not the speaker of a quote, the antecedent is in its sentence or the
  one before, and nobody else is named or described by a singular noun of persons there
  ("the head of the union", "his wife") but in the antecedent's own phrase.

Within these rules the pronoun speaker of a quote ("“...,” he said") may refer back across
paragraphs, as news style does; other pronouns only within two sentences.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

import numpy
from spacy.attrs import LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Token

from quotes.attribute.mentions import Mention
from quotes.lexicon import Lexicon
from quotes.lexicon.closed import PRONOUN_GENDER
from quotes.names.profile import GENDER_OF_CODE
from quotes.parse.pipe import ParsedText
from quotes.resolve.kinds import token_class
from quotes.resolve.pronouns import Candidate, resolve_pronoun
from quotes.resolve.words import ATTACHED_DEPS, gender_of
from quotes.types import GenderEvidence

#: Dependency labels of a name used as a modifier ("a Clinton adviser"), never a pronoun's antecedent here.
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


#: Hashes of the lower-case pronouns that say a gender, for scanning a Doc's token array.
_GENDERED_IDS = numpy.array([get_string_id(w) for w, code in PRONOUN_GENDER.items() if code in GENDER_OF_CODE], dtype="uint64")


def _gendered_pronouns(doc: Doc) -> list[Token]:
    """The tokens of ``doc`` that are pronouns of a gender ("she", "his"), read off the token
    array so that no Token is made for the other words; a proper or common noun the tagger
    took them for ("HE" as an initialism) is none."""
    if not len(doc):
        return []
    lower, pos = doc.to_array([LOWER, POS]).T
    hits = numpy.isin(lower, _GENDERED_IDS) & (pos != PROPN) & (pos != NOUN)
    return [doc[i] for i in numpy.flatnonzero(hits).tolist()]


class References:
    """The gendered pronouns of one document and the speakers they are evidence for.

    Args:
        doc_id: The document's id.
        parsed: The parsed document.
        candidates: The document's named people and organisations, in order.
        owner: Maps a name as written to the one speaker key it names.
        in_quote: Whether an offset lies inside quoted material.
        in_speech: Whether an offset lies inside quoted material or reported speech.
        lexicon: Word lists.
    """

    def __init__(
        self,
        doc_id: str,
        parsed: ParsedText,
        candidates: Sequence[Candidate],
        owner: Callable[[str], str | None],
        in_quote: Callable[[int], bool],
        in_speech: Callable[[int], bool],
        lexicon: Lexicon,
    ) -> None:
        self.doc_id = doc_id
        self.parsed = parsed
        self.candidates = candidates
        self.people = [c for c in candidates if c.kind == "person"]
        self.owner = owner
        self.in_quote = in_quote
        self.in_speech = in_speech
        self.lexicon = lexicon
        self._paragraph_start = {id(paragraph.doc): paragraph.start for paragraph in parsed.paragraphs}
        self._sentences: list[int] = []
        self._pronouns: list[tuple[int, str]] = []  # offset, gender code: outside quotes
        self._paragraph_number = {paragraph.start: i for i, paragraph in enumerate(parsed.paragraphs)}
        self._meant: dict[int, str | None] = {}  # pronoun offset -> the speaker key it is resolved to
        self._written: list[tuple[int, Token, int, str]] = []  # paragraph number, token, offset, code
        for number, paragraph in enumerate(parsed.paragraphs):
            self._sentences.append(paragraph.start)
            for sentence in paragraph.doc.sents:
                self._sentences.append(paragraph.char_start(sentence[0]))
            for token in _gendered_pronouns(paragraph.doc):
                start, code = paragraph.char_start(token), PRONOUN_GENDER[token.lower_]
                if not in_quote(start):
                    self._pronouns.append((start, code))
                    self._written.append((number, token, start, code))
        self._sentences = sorted(set(self._sentences))

    def sentence_start(self, offset: int, *, back: int = 0) -> int:
        """Start of the sentence holding ``offset``, or of the one ``back`` sentences before it."""
        i = bisect_right(self._sentences, offset) - 1 - back
        return self._sentences[max(i, 0)] if self._sentences else 0

    def name_of(self, candidate: Candidate) -> Token | None:
        """The head token of a candidate's name in the parse."""
        paragraph = self.parsed.paragraph_at(candidate.start)
        if paragraph is None:
            return None
        local = candidate.start - paragraph.start
        name = paragraph.doc.char_span(local, local + len(candidate.name), alignment_mode="expand")
        return name.root if name is not None and len(name) else None

    def speaker_evidence(self, pronoun: Mention, antecedent: Candidate | None) -> GenderEvidence | None:
        """The evidence a quote's pronoun speaker gives for the speaker it was resolved to (or
        for itself, left unresolved), else ``None``."""
        if pronoun.kind != "pronoun" or pronoun.gender not in GENDER_OF_CODE:
            return None
        evidence = GenderEvidence("pronoun", pronoun.text, GENDER_OF_CODE[pronoun.gender], self.doc_id, pronoun.start, pronoun.end)  # type: ignore[arg-type]
        if antecedent is None:
            return None if self.in_speech(pronoun.start) else evidence
        found = self.parsed.token_at(pronoun.start)
        key = self.owner(antecedent.name)
        if found is None or key is None or not self._certain(found[1], pronoun.gender, antecedent, key, near=False):
            return None
        return evidence

    def writer_evidence(self, skip: frozenset[int] = frozenset()) -> dict[str, list[GenderEvidence]]:
        """Evidence from the other gendered pronouns of the text: speaker key -> its evidence.

        Args:
            skip: Offsets of pronouns that are the speakers of quotes (see :meth:`speaker_evidence`).
        """
        found: dict[str, list[GenderEvidence]] = {}
        for number, token, start, code in self._written:
            if start in skip:
                continue
            end = start + len(token.text)
            antecedent = resolve_pronoun(Mention(start, end, token.text, token.text, start, end, None, "pronoun", code), self.candidates, number)
            key = self.owner(antecedent.name) if antecedent is not None else None
            if antecedent is None or key is None or not self._certain(token, code, antecedent, key, near=True):
                continue
            found.setdefault(key, []).append(GenderEvidence("pronoun", token.text, GENDER_OF_CODE[code], self.doc_id, start, end))  # type: ignore[arg-type]
        return found

    def _certain(self, pronoun: Token, code: str, antecedent: Candidate, key: str, *, near: bool) -> bool:
        """Whether the resolver's antecedent is the only one the text allows (see the module notes)."""
        name = self.name_of(antecedent)
        if name is None or name.dep_ in MODIFIER_DEPS:
            return False
        offset = self._offset(pronoun)
        reported = self.in_speech(offset)
        if reported and not reports_itself(pronoun, name):
            return False
        if self._rivals(antecedent, offset, code, key, near=near):
            return False
        if not (near or reported):
            return True
        if antecedent.start < self.sentence_start(offset, back=1):
            return False  # further back than the sentence before
        # a pronoun in reported speech looks a sentence further back, where its topic may be named
        first = min(self.sentence_start(antecedent.start, back=1 if reported else 0), self.sentence_start(offset))
        return self._alone(pronoun, name, key, (first, self._sentence_end(pronoun)))

    def _offset(self, token: Token) -> int:
        """Document offset of a token of one of the paragraphs."""
        return self._paragraph_start.get(id(token.doc), 0) + token.idx

    def _sentence_end(self, token: Token) -> int:
        return self._offset(token.sent[-1]) + len(token.sent[-1].text)

    def _rivals(self, antecedent: Candidate, offset: int, code: str, key: str, *, near: bool) -> bool:
        """Another person the pronoun could mean: named between the antecedent and it (of its
        gender, or of none known and the subject of a clause), or, since the sentence before
        the antecedent, a pronoun of its gender that means someone else."""
        for c in self.people:
            if not antecedent.start < c.start < offset or self.owner(c.name) == key:
                continue
            if c.gender == code or (c.gender is None and (c.subject or c.speaker)):
                return True
        if antecedent.speaker and not near:
            return False  # "“...,” said Sanders. “...,” he said": the floor stays with the last speaker
        first = self.sentence_start(antecedent.start, back=1)
        return any(first <= at < antecedent.start and other == code and self._meaning(at, code) != key for at, other in self._pronouns)

    def _meaning(self, offset: int, code: str) -> str | None:
        """The speaker key the resolver gives the pronoun at ``offset``, if any (remembered)."""
        if offset not in self._meant:
            paragraph = self.parsed.paragraph_at(offset)
            number = self._paragraph_number.get(paragraph.start, 0) if paragraph is not None else 0
            mention = Mention(offset, offset + 1, "", "", offset, offset + 1, None, "pronoun", code)
            antecedent = resolve_pronoun(mention, self.candidates, number)
            self._meant[offset] = self.owner(antecedent.name) if antecedent is not None else None
        return self._meant[offset]

    def _alone(self, pronoun: Token, name: Token, key: str, window: tuple[int, int]) -> bool:
        """Whether nobody but the antecedent is named in ``window``, nor described by a singular
        noun of persons, outside the antecedent's own phrase and the noun the pronoun owns."""
        first, end = window
        for candidate in self.people:
            if not first <= candidate.start < end or self.owner(candidate.name) == key:
                continue
            other = self.name_of(candidate)
            if other is not None and other.doc is name.doc and describes(other, name, possessor=True):
                continue  # "Jack Dorsey, Twitter's chief executive": in the antecedent's own phrase
            if other is None or other.doc is not pronoun.doc or other.i < pronoun.i or main_subject(other):
                return False  # named before the pronoun, or the subject its clause hangs on
        for paragraph in self.parsed.paragraphs:
            if paragraph.end <= first or paragraph.start >= end:
                continue
            for token in paragraph.doc:
                if not first <= paragraph.char_start(token) < end or token.tag_ != "NN":
                    continue
                if token.doc is name.doc and (describes(token, name) or pronoun.head.i == token.i):
                    continue
                if token_class(token, self.lexicon) in ("people", "anonymous") or gender_of(token.text, self.lexicon):
                    return False
        return True


def main_subject(token: Token) -> bool:
    """Whether ``token`` heads the subject of its sentence's main verb."""
    while token.dep_ in ("compound", "flat", "conj") and token.head.i != token.i:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT"


def describes(token: Token, name: Token, *, possessor: bool = False) -> bool:
    """Whether ``token`` belongs to the phrase of ``name``: :func:`attached`, a conjunct of an
    apposition ("Trump, the front-runner and former host of ..."), or with ``possessor`` the
    owner of a noun in it ("Twitter" in "Jack Dorsey, Twitter's chief executive")."""
    steps = 0
    while token.i != name.i and steps < 10:
        dep = token.dep_
        if (dep == "conj" and token.head.dep_ in ("appos", "attr")) or (possessor and dep == "poss" and steps == 0):
            pass
        elif dep not in ATTACHED_DEPS or token.head.i == token.i:
            return False
        token = token.head
        steps += 1
    return token.i == name.i


def reports_itself(pronoun: Token, name: Token) -> bool:
    """Whether a pronoun in reported speech is its speaker speaking of themself: the subject of
    the clause a verb reports whose own subject is ``name`` ("Trump said he believed ...")."""
    if pronoun.doc is not name.doc or pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    clause = pronoun.head
    if clause.dep_ != "ccomp":
        return False
    subject = name
    while subject.dep_ in ("compound", "flat", "appos") and subject.head.i != subject.i:
        subject = subject.head  # "One of his advisers, Tad Devine, told reporters that he ..."
    return subject.dep_ in ("nsubj", "nsubjpass") and subject.head.i == clause.head.i

