"""Small questions about tokens of a parse that many rules ask (no word lists here)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from quotes.lexicon.closed import ASIDE_MARKS, CLOSING_MARKS


def subject_of(verb: Token) -> Token | None:
    """The active subject of ``verb`` (the nearest, when a quote gave it two), or the agent of a passive one."""
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if subjects:
        return min(subjects, key=lambda child: abs(child.i - verb.i))
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def heads_of(tokens: Sequence[Token]) -> list[Token]:
    """The tokens of a stretch whose syntactic head lies outside it (or who head their sentence)."""
    ids = {t.i for t in tokens}
    return [t for t in tokens if t.head.i not in ids or t.head.i == t.i]


def phrase_head(phrase: Sequence[Token]) -> Token | None:
    """The head noun of a phrase: its noun whose syntactic head lies outside it, else its last noun."""
    nouns = [t for t in phrase if t.pos_ in ("PROPN", "NOUN", "NUM", "PRON")]
    outside = [t for t in heads_of(phrase) if t.pos_ in ("PROPN", "NOUN", "NUM", "PRON")]
    if len(outside) == 1:
        return outside[0]
    return nouns[-1] if nouns else None


def in_phrase(tok: Token) -> bool:
    """Whether ``tok`` is the noun of an "in" phrase ("in his view", "in the latest poll")."""
    return tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "in"


def right_after_quote(cue: Token) -> bool:
    """Whether ``cue`` follows a closing quote mark, with at most a comma between."""
    i = cue.i - 1
    while i >= 0 and (cue.doc[i].is_space or cue.doc[i].text == ","):
        i -= 1
    return i >= 0 and cue.doc[i].text in CLOSING_MARKS


def opens_with_that(clause: Token) -> bool:
    """Whether a clause opens with "that", whatever the tagger made of its verb ("said that
    the ruling intensifies the need", with "intensifies" taken for a noun)."""
    return any(c.dep_ == "mark" and c.lower_ == "that" and c.i < clause.i for c in clause.children)


def asked_of(verb: Token) -> bool:
    """Whether ``verb`` is a passive participle of speech with no agent, framing what the main
    clause's subject was asked or told ("Asked whether he would run, Smith said ...", "when told
    of the vote"): that subject is the addressee, and who spoke goes unsaid."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("advcl", "ROOT")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "agent", "auxpass", "aux") for c in verb.children)
    )


def passive(verb: Token) -> bool:
    """ "is expected to", "was described as": a passive verb has no source in its sentence."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def set_off(verb: Token) -> bool:
    """Whether a comma or dash sets ``verb`` off from what comes before it, a closing quote
    mark aside ("... titled “The Tragedy,” explaining ...")."""
    i = verb.i - 1
    while i >= 0 and verb.doc[i].tag_ == "''":
        i -= 1
    return i >= 0 and verb.doc[i].text in ASIDE_MARKS


def depth(token: Token) -> int:
    """How many heads up ``token`` is from the root of its sentence."""
    steps = 0
    while token.head.i != token.i:
        token = token.head
        steps += 1
    return steps


def governs(cue: Token, target: Token) -> bool:
    """Whether ``target`` lies in ``cue``'s subtree (by its edges)."""
    return cue.left_edge.i <= target.i <= cue.right_edge.i


def sentence_edge(tok: Token) -> bool:
    """Whether the phrase ``tok`` heads opens or closes its sentence, punctuation aside."""
    sent = tok.sent
    before = [t for t in tok.doc[sent.start : tok.left_edge.i] if not (t.is_punct or t.is_space)]
    after = [t for t in tok.doc[tok.right_edge.i + 1 : sent.end] if not (t.is_punct or t.is_space)]
    return not before or not after


def entity_of(token: Token) -> Span | None:
    """The named entity that holds ``token``, if any, with its label (read from the token's
    IOB tags, so the cost is the entity's length, not the document's)."""
    if token.ent_iob_ not in ("B", "I") or not token.ent_type:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type)
