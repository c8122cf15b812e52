"""Pronoun speakers to their antecedents, within one document.

A light, rule-based resolver in the spirit of the salience model of Lappin & Leass (1994):
every named person or organisation before the pronoun is a candidate; candidates that
disagree in gender or number are dropped, and the rest are scored by recency (paragraphs
and candidates in between), grammatical role (subjects first) and whether they were just
reported as speakers. Gender comes from role words ("Mrs.", "congresswoman"), first names,
and the pronouns that follow a name in the text itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from quotes.attribute.mentions import Mention, joins_names, mention_from_head
from quotes.attribute.records import Attribution
from quotes.lexicon import Lexicon, default_lexicon
from quotes.lexicon.closed import PRONOUN_GENDER
from quotes.parse.paragraphs import Paragraph
from quotes.parse.pipe import ParsedText

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_EMBEDDED_DEPS = frozenset({"pobj", "conj", "poss", "compound", "amod", "nmod"})
#: Candidates further back than this many paragraphs are never chosen.
MAX_PARAGRAPHS_BACK = 8
#: Score weights: each paragraph back, each candidate in between, being a subject, a speaker.
PARAGRAPH_COST = 1.0
RANK_COST = 0.15
SUBJECT_BONUS = 1.2
SPEAKER_BONUS = 1.0
EMBEDDED_COST = 0.5


@dataclass(frozen=True)
class Candidate:
    """A named mention that a later pronoun may refer to.

    Attributes:
        start: Document offset of the name.
        name: The name as written.
        kind: ``person``, ``org``, ``group`` or ``nominal``.
        gender: ``m``, ``f``, ``p``, ``n`` or ``None`` when unknown.
        subject: The mention is a grammatical subject.
        paragraph: Index of its paragraph.
        speaker: The mention is the speaker of an attributed quote.
        embedded: The mention sits inside another noun phrase (a prepositional object,
            conjunct, possessor or modifier), which makes it less salient.
    """

    start: int
    name: str
    kind: str
    gender: str | None
    subject: bool
    paragraph: int
    speaker: bool = False
    embedded: bool = False


def _key(name: str) -> str:
    words = name.split()
    return words[-1].lower() if words else ""


def _entity_candidates(ent: Span, start: int, paragraph: int, lexicon: Lexicon) -> Candidate:
    kind = "person" if ent.label_ == "PERSON" else "org"
    gender: str | None = "n" if kind == "org" else None
    if kind == "person":
        doc = ent.doc
        gender = lexicon.word_gender(doc[ent.start - 1].lower_) if ent.start > 0 else None
        gender = gender or lexicon.name_gender(ent.text)
    return Candidate(start, ent.text, kind, gender, ent.root.dep_ in _SUBJECT_DEPS, paragraph,
                     embedded=ent.root.dep_ in _EMBEDDED_DEPS)


def collect_candidates(
    parsed: ParsedText,
    attributions: Sequence[Attribution],
    in_quote: Callable[[int], bool] = lambda _: False,
    *,
    lexicon: Lexicon | None = None,
) -> list[Candidate]:
    """Named people and organisations in document order, from NER and from speaker mentions.

    Args:
        parsed: The parsed document.
        attributions: Attributions whose named speakers count as salient candidates.
        in_quote: Tells whether an offset is inside quoted material; names there are not
            candidates (a name inside a quote is rarely what the pronoun of its cue means).
        lexicon: Word lists (first names for gender); default the shipped ones.

    Returns:
        Candidates sorted by offset, with a gender guessed from role words, first names and
        the pronouns that follow each name.
    """
    lexicon = lexicon or default_lexicon()
    found: dict[int, Candidate] = {}
    pronoun_tally: dict[str, dict[str, int]] = {}
    for p, paragraph in enumerate(parsed.paragraphs):
        _named_in(paragraph, p, in_quote, lexicon, found)
        _tally_pronouns(paragraph.doc, pronoun_tally)
    numbers = {paragraph.start: i for i, paragraph in enumerate(parsed.paragraphs)}
    for att in attributions:
        m = att.mention
        if m is None or m.kind == "pronoun" or joins_names(m.kind, m.name):
            continue  # "Kim and Lee" is no antecedent of "he"; each name stays one
        paragraph = parsed.paragraph_at(m.start)
        number = numbers.get(paragraph.start if paragraph is not None else att.paragraph_start, 0)
        gender = m.gender or (lexicon.name_gender(m.name) if m.kind == "person" else None)
        found[m.name_start] = Candidate(m.name_start, m.name, m.kind, gender, True, number, speaker=True)
    out = []
    for cand in sorted(found.values(), key=lambda c: c.start):
        if cand.gender is None and cand.kind == "person":
            tally = pronoun_tally.get(_key(cand.name))
            if tally and tally["m"] != tally["f"]:
                cand = replace(cand, gender="m" if tally["m"] > tally["f"] else "f")
        out.append(cand)
    return _share_gender(out)


def _named_in(
    paragraph: Paragraph, number: int, in_quote: Callable[[int], bool], lexicon: Lexicon, found: dict[int, Candidate]
) -> None:
    """Add the people and organisations a paragraph names outside quotes to ``found``: its
    entities, and the subjects the entity recognizer missed ("the so-called lima group",
    "rights groups")."""
    doc = paragraph.doc
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        start = paragraph.start + ent.start_char
        if not in_quote(start):
            found[start] = _entity_candidates(ent, start, number, lexicon)
    for tok in doc:
        if tok.dep_ != "nsubj" or tok.ent_type_ or in_quote(paragraph.char_start(tok)):
            continue
        if tok.pos_ == "PROPN" or tok.lemma_.lower() in lexicon.source_nouns:
            m = mention_from_head(paragraph, tok, lexicon)
            if m.kind in ("org", "group", "person") and m.name_start not in found:
                kind = m.kind if m.kind != "person" or tok.pos_ == "PROPN" else "group"
                found[m.name_start] = Candidate(m.name_start, m.name, kind, m.gender, True, number)


def _tally_pronouns(doc: Doc, tally: dict[str, dict[str, int]]) -> None:
    """Count, for the first named person of each sentence, the gendered pronoun that next follows."""
    for sent in doc.sents:
        people = [e for e in sent.ents if e.label_ == "PERSON"]
        if not people:
            continue
        for tok in doc[people[0].end : min(len(doc), sent.end + 12)]:
            gender = PRONOUN_GENDER.get(tok.lower_)
            if tok.pos_ == "PRON" and gender in ("m", "f"):
                counts = tally.setdefault(_key(people[0].text), {"m": 0, "f": 0})
                counts[gender] += 1
                break


def _share_gender(candidates: list[Candidate]) -> list[Candidate]:
    """Give every mention of a surname the gender known for any of its mentions.

    A lone surname the entity tagger took for an organisation or place ("Marrero said")
    is the person whose full name the document gives ("Roberto Marrero").
    """
    people = {_key(c.name) for c in candidates if c.kind == "person" and len(c.name.split()) > 1}
    candidates = [
        replace(c, kind="person", gender=None)
        if c.kind != "person" and len(c.name.split()) == 1 and _key(c.name) in people
        else c
        for c in candidates
    ]
    known: dict[str, str] = {}
    for cand in candidates:
        if cand.kind == "person" and cand.gender in ("m", "f"):
            known.setdefault(_key(cand.name), cand.gender)
    return [
        replace(c, gender=known[_key(c.name)]) if c.kind == "person" and c.gender is None and _key(c.name) in known else c
        for c in candidates
    ]


def _compatible(pronoun_gender: str | None, cand: Candidate) -> bool:
    if pronoun_gender in ("m", "f"):
        return cand.kind == "person" and cand.gender in (pronoun_gender, None)
    if pronoun_gender == "p":
        return cand.kind in ("org", "group") or cand.gender == "p"
    if pronoun_gender == "n":
        return cand.kind in ("org", "group")
    return cand.kind == "person"


def resolve_pronoun(mention: Mention, candidates: Sequence[Candidate], paragraph: int) -> Candidate | None:
    """Choose the antecedent of a pronoun speaker.

    Args:
        mention: The pronoun mention ("he", "she", "they").
        candidates: Named mentions of the document in order (:func:`collect_candidates`).
        paragraph: Index of the pronoun's paragraph.

    Returns:
        The best-scoring compatible antecedent, or ``None`` when none precedes the pronoun.
    """
    earlier = [c for c in candidates if c.start < mention.start and _compatible(mention.gender, c)]
    best: Candidate | None = None
    best_score = float("-inf")
    for rank, cand in enumerate(reversed(earlier)):
        back = paragraph - cand.paragraph
        if back > MAX_PARAGRAPHS_BACK:
            break
        score = -PARAGRAPH_COST * back - RANK_COST * rank
        score += SUBJECT_BONUS * cand.subject + SPEAKER_BONUS * cand.speaker - EMBEDDED_COST * cand.embedded
        if cand.gender is not None and cand.gender == mention.gender:
            score += 0.3
        if score > best_score:
            best, best_score = cand, score
    return best
