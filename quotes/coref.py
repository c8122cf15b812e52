"""Pronoun speakers to their antecedents, within one document.

A light, rule-based resolver in the spirit of Hobbs (1978) and the salience model of
Lappin & Leass (1994): the antecedent is the most recent compatible person (gender and number
agree), preferring speakers and grammatical subjects of the current and previous paragraph.
Gender comes from role words ("Mrs.", "congresswoman") and from the pronouns that follow a
name in the text itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from .attribution import Attribution
from .lexicon import PRONOUN_GENDER
from .mentions import Mention, title_gender
from .parsing import ParsedText

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: Paragraphs back within which a subject antecedent is preferred over a mere mention.
SALIENT_PARAGRAPHS = 2


@dataclass(frozen=True)
class Candidate:
    """A named mention that a later pronoun may refer to."""

    start: int
    name: str
    kind: str
    gender: str | None
    subject: bool
    paragraph: int


def _key(name: str) -> str:
    return name.split()[-1].lower() if name.split() else name.lower()


def collect_candidates(
    parsed: ParsedText, attributions: Sequence[Attribution], in_quote: Callable[[int], bool] = lambda _: False
) -> list[Candidate]:
    """Named people and organisations in document order, from NER and from speaker mentions.

    Args:
        parsed: The parsed document.
        attributions: Attributions whose named speakers count as salient candidates.
        in_quote: Tells whether an offset is inside quoted material; names there are not
            candidates (a name inside a quote is rarely what the pronoun of its cue means).

    Returns:
        Candidates sorted by offset, with a gender guessed from role words and from the
        pronouns that follow each name.
    """
    found: dict[int, Candidate] = {}
    genders: dict[str, dict[str, int]] = {}
    for p, block in enumerate(parsed.blocks):
        doc = block.doc
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            kind = "person" if ent.label_ == "PERSON" else "org"
            start = block.start + ent.start_char
            if in_quote(start):
                continue
            gender = None if kind == "person" else "n"
            if kind == "person" and ent.start > 0:
                gender = title_gender(doc[ent.start - 1].lower_)
            found[start] = Candidate(start, ent.text, kind, gender, ent.root.dep_ in _SUBJECT_DEPS, p)
        # the first person-named subject of each sentence claims the next gendered pronoun
        for sent in doc.sents:
            ents = [e for e in sent.ents if e.label_ == "PERSON"]
            if not ents:
                continue
            name = _key(ents[0].text)
            for tok in doc[ents[0].end : min(len(doc), sent.end + 12)]:
                if tok.pos_ == "PRON" and PRONOUN_GENDER.get(tok.lower_) in ("m", "f"):
                    genders.setdefault(name, {"m": 0, "f": 0})[PRONOUN_GENDER[tok.lower_]] += 1
                    break
                if tok.ent_type_ == "PERSON" and tok.i >= sent.end:
                    break
    paragraph_of = {block.start: i for i, block in enumerate(parsed.blocks)}
    for att in attributions:
        m = att.mention
        if m is None or m.kind == "pronoun":
            continue
        para = paragraph_of.get(att.block_start, 0)
        block = parsed.block_at(m.start)
        if block is not None:
            para = paragraph_of.get(block.start, para)
        found[m.name_start] = Candidate(m.name_start, m.name, m.kind, m.gender, True, para)
    out = []
    for cand in sorted(found.values(), key=lambda c: c.start):
        gender = cand.gender
        if gender is None and cand.kind == "person":
            tally = genders.get(_key(cand.name))
            if tally and tally["m"] != tally["f"]:
                gender = "m" if tally["m"] > tally["f"] else "f"
        out.append(Candidate(cand.start, cand.name, cand.kind, gender, cand.subject, cand.paragraph))
    return out


def _compatible(pronoun_gender: str | None, cand: Candidate) -> bool:
    if pronoun_gender in ("m", "f"):
        return cand.kind == "person" and cand.gender in (pronoun_gender, None)
    if pronoun_gender == "p":
        return cand.kind in ("org", "group") or cand.gender == "p"
    if pronoun_gender == "n":
        return cand.kind == "org"
    return cand.kind == "person"


def resolve_pronoun(mention: Mention, candidates: Sequence[Candidate], paragraph: int) -> Candidate | None:
    """Choose the antecedent of a pronoun speaker.

    Args:
        mention: The pronoun mention ("he", "she", "they").
        candidates: Named mentions of the document in order (:func:`collect_candidates`).
        paragraph: Index of the pronoun's paragraph.

    Returns:
        The chosen antecedent, or ``None`` when no compatible one precedes the pronoun.
    """
    gender = mention.gender
    earlier = [c for c in candidates if c.start < mention.start and _compatible(gender, c)]
    if not earlier:
        return None
    for cand in reversed(earlier):
        if paragraph - cand.paragraph >= SALIENT_PARAGRAPHS:
            break
        if cand.subject:
            return cand
    return earlier[-1]
