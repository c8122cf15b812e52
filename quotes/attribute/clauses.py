"""Token ranges of reported clauses: a clause's words, trimmed of what is the writer's.

A range is a pair of token indices ``(first, last)``, both inclusive, in one paragraph's Doc;
character spans are made from it only when an attribution is emitted.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from quotes.attribute.cues import is_cue
from quotes.attribute.tokens import subject_of
from quotes.lexicon import Lexicon
from quotes.lexicon.closed import ADJUNCT_OPENERS, CALENDAR, NOT_GLOSSES

#: A token range: first and last token index, both inclusive.
Range = tuple[int, int]


def clause_ranges(head: Token, *, exclude: Token | None, whole: bool = False) -> list[Range]:
    """Token ranges of ``head``'s clause without ``exclude``'s subtree: one, or two around it.

    ``whole`` keeps the writer's trailing adjuncts, for a source that vouches for a whole
    sentence ("..., while B fell, according to X").
    """
    left, right = head.left_edge.i, head.right_edge.i
    if exclude is not None:
        ex_left, ex_right = exclude.left_edge.i, exclude.right_edge.i
        if left < ex_left and ex_right < right:
            parts = [clause_range(head, bounds=(left, ex_left - 1), whole=whole),
                     clause_range(head, bounds=(ex_right + 1, right), whole=whole)]
            return [p for p in parts if p is not None]
        if ex_left <= left:
            left = ex_right + 1
        elif ex_right >= right:
            right = ex_left - 1
    found = clause_range(head, bounds=(left, right), whole=whole)
    return [found] if found is not None else []


def clause_range(
    head: Token, *, bounds: Range, whole: bool = False, extend_left: bool = True
) -> Range | None:
    """Trim a clause's token range: leading "that", edge punctuation, the writer's trailing adjuncts.

    The parser often hangs a clause's subject on the phrase before it, so a subjectless clause
    takes the nouns just before it, unless ``extend_left`` is off ("urged the board to act").
    """
    left, right = bounds
    doc = head.doc
    if (
        extend_left
        and left == head.left_edge.i
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in head.children)
    ):
        # the parser often hangs a clause's subject on the phrase before it ("said on Thursday agents had ...")
        while (
            left > 0
            and doc[left - 1].pos_ in ("NOUN", "ADJ", "PROPN", "NUM")
            and doc[left - 1].ent_type_ not in ("DATE", "TIME")
            and doc[left - 1].lower_ not in CALENDAR
        ):
            left -= 1
    while left <= right and (
        doc[left].is_punct
        or doc[left].is_space
        or (doc[left].dep_ == "mark" and doc[left].lower_ == "that")
        or (doc[left].dep_ == "compound" and doc[left].lower_ in CALENDAR)  # "on Monday police agents ..."
    ):
        left += 1
    for i in range(left + 1, right if not whole else left):
        # a participial gloss or an adjunct after a comma is the writer's, not the report
        # ("..., signaling that ...", "..., while 22 percent said ...")
        if doc[i].text != ",":
            continue
        after = i + 1
        while after < right and doc[after].tag_ == "''":
            after += 1  # a quoted fragment's closing mark stays with it: "“The Tragedy,” explaining ..."
        if doc[after].lower_ in ADJUNCT_OPENERS or (doc[after].tag_ == "VBG" and doc[after].lower_ not in NOT_GLOSSES):
            anchor = doc[after].head if doc[after].dep_ == "mark" else doc[after]
            if anchor.head.i != anchor.i and anchor.head.i <= i:
                right = i - 1 if after == i + 1 else after - 1
                break
        if _writer_gloss(doc[i + 1], i, right):
            right = i - 1
            break
    while right >= left and (doc[right].is_punct or doc[right].is_space) and doc[right].text not in ("”", "\"", "’", ")"):
        right -= 1
    if right < left:
        return None
    return left, right


def phrase_range(head: Token | None, *, extend_left: bool = False) -> Range | None:
    """The trimmed token range of the phrase ``head`` heads, if there is one."""
    if head is None:
        return None
    return clause_range(head, bounds=(head.left_edge.i, head.right_edge.i), extend_left=extend_left)


def _writer_gloss(first: Token, comma: int, right: int) -> bool:
    """Whether the phrase opening at ``first``, after a comma, glosses a noun before it and
    ends the clause (which ends at ``right``): a relative clause ("..., which will phase the
    hike in") or an apposition ("..., a plan the billionaire has since modified")."""
    node = first
    while node.head.i != node.i and node.head.i > comma:
        node = node.head
    if node.head.i >= comma or any(not (t.is_punct or t.is_space) for t in first.doc[node.right_edge.i + 1 : right + 1]):
        return False  # the clause goes on after the gloss ("made the shoal, an atoll, into a fortress")
    if node.dep_ == "relcl" and first.lower_ in ("which", "who", "whom", "whose"):
        return True
    return node.dep_ == "appos" and node.pos_ in ("NOUN", "PROPN") and first.pos_ == "DET"


def before_next_cue(clause: Range, doc: Doc, cue: Token, lexicon: Lexicon) -> Range:
    """End a reported clause before a second cue of the same speaker that the parser joined
    to it: "said the move was made by Bratton and said, “...”"."""
    first, last = clause
    for tok in doc[first + 1 : last + 1]:
        if tok.dep_ == "conj" and tok.i != cue.i and is_cue(tok, lexicon) and subject_of(tok) is None:
            end = tok.left_edge.i - 1
            while end > first and (doc[end].is_punct or doc[end].dep_ == "cc" or doc[end].is_space):
                end -= 1
            return first, end
    return clause

