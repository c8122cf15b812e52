"""Speaker mentions: the noun phrase a speaker pattern points at, with its name, role words and kind.

A speaker pattern (:mod:`quotes.attribute.speakers`) gives the head token of the speaker
phrase; :func:`mention_from_head` reads the phrase around it: where it starts and ends, the
proper name in it (an entity, else a run of proper nouns), the role words before the name,
and what kind of speaker it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from quotes.attribute.tokens import entity_of
from quotes.lexicon import Lexicon
from quotes.lexicon.closed import DASHES, DETERMINERS, MENTION_RIGHT_DEPS, NAME_ENTITIES, PRONOUN_GENDER
from quotes.parse.paragraphs import Paragraph


@dataclass(frozen=True)
class Mention:
    """A speaker mention as written, with the name and role words found in it.

    Attributes:
        start: Document offset of the mention.
        end: Document offset just past the mention.
        text: The mention as written ("U.S. Secretary of State Mike Pompeo", "he").
        name: The name part as written ("Mike Pompeo"), or the mention without its article.
        name_start: Document offset of ``name``.
        name_end: Document offset just past ``name``.
        title: Role words before or around the name, if any.
        kind: ``person``, ``org``, ``group``, ``nominal``, ``pronoun``, or ``document`` for a
            reporting noun with no named source ("a joint statement").
        gender: ``m``, ``f``, ``p`` (plural), ``n`` (neuter) or ``None`` when unknown.
    """

    start: int
    end: int
    text: str
    name: str
    name_start: int
    name_end: int
    title: str | None
    kind: str
    gender: str | None


def label_mention(start: int, name: str) -> Mention:
    """The mention of a person named by a label before a colon ("WALLACE:", "Sanders: ...")."""
    return Mention(start, start + len(name), name, name, start, start + len(name), None, "person", None)


def mention_from_head(paragraph: Paragraph, head: Token, lexicon: Lexicon) -> Mention:
    """Build the mention whose syntactic head is ``head``.

    Args:
        paragraph: The paragraph ``head`` belongs to.
        head: The head token of the speaker noun phrase.
        lexicon: Titles and role words.

    Returns:
        The mention with its name, title, kind and gender.
    """
    if head.pos_ == "PRON" or head.lower_ in PRONOUN_GENDER:
        start, end = paragraph.char_start(head), paragraph.char_end(head)
        return Mention(start, end, head.text, head.text, start, end, None, "pronoun", PRONOUN_GENDER.get(head.lower_))
    dateline = _after_dateline(head)
    if dateline is not None:
        return mention_from_head(paragraph, dateline, lexicon)
    doc = head.doc
    left, right = _phrase_edges(head)
    name_toks, kind, right = _name_of(head, right, lexicon)
    if not name_toks:
        name_toks = [t for t in doc[left : head.i + 1] if not (t.i == left and t.lower_ in DETERMINERS)] or [head]
        kind = "group" if head.tag_ in ("NNS", "NNPS") else "nominal"
    partner = _coordinated_name(head, name_toks, right, kind)
    if partner is not None:  # "Kim and Lee": one speaker, a group, named as written
        name_toks, kind = [*name_toks, *doc[name_toks[-1].i + 1 : partner.i + 1]], "group"
    name_start, name_end = paragraph.char_start(name_toks[0]), paragraph.char_end(name_toks[-1])
    title_toks = [t for t in doc[left : name_toks[0].i] if not (t.is_punct or t.lower_ in DETERMINERS)]
    while title_toks and title_toks[-1].is_punct:
        title_toks.pop()
    title = None
    if title_toks and kind in ("person", "org"):
        title = paragraph.text[title_toks[0].idx : title_toks[-1].idx + len(title_toks[-1])]
    return Mention(
        start=paragraph.char_start(doc[left]),
        end=paragraph.char_end(doc[right]),
        text=doc[left : right + 1].text,
        name=paragraph.text[name_start - paragraph.start : name_end - paragraph.start],
        name_start=name_start,
        name_end=name_end,
        title=title,
        kind=kind,
        gender="p" if partner is not None else _gender(title_toks, head, kind, lexicon),
    )


def joins_names(kind: str, name: str) -> bool:
    """Whether a speaker is two named ones joined ("Kim and Lee"; "Smith & Wesson" is one firm).

    Such a name is no fuller form of either name, nor the antecedent of "he" or "she".
    """
    return kind == "group" and " and " in name


def _coordinated_name(head: Token, name_toks: list[Token], right: int, kind: str) -> Token | None:
    """The last token of a second name joined to a named speaker ("Kim and Lee"), if any.

    Only a plain name right after "and" counts: "Kim and Lee said", not "Kim, a
    senator, and her aides", nor "Sen. Marco Rubio (R-Fla.) and ...".
    """
    if kind not in ("person", "org"):
        return None
    doc = head.doc
    joint = name_toks[-1].i + 1
    if joint + 1 > right or doc[joint].dep_ != "cc" or doc[joint].lower_ != "and":
        return None
    for child in head.rights:
        words = doc[joint + 1 : child.right_edge.i + 1]
        if child.dep_ == "conj" and child.right_edge.i <= right and all(t.pos_ == "PROPN" for t in words):
            return child.right_edge
    return None


def _after_dateline(head: Token) -> Token | None:
    """The real subject of a dateline parsed as one: "LA CROSSE, Wis. — Gov. Mike Pence blamed ..."."""
    dash = next((c for c in head.rights if c.text in DASHES), None)
    if dash is None or not (head.i < dash.i and head.text.isupper() and len(head.text) > 1):
        return None
    after = [c for c in head.rights if c.i > dash.i and c.dep_ == "appos"]
    return after[0] if after else None


def _phrase_edges(head: Token) -> tuple[int, int]:
    """First and last token of the speaker phrase headed by ``head``: its left edge (after a
    dateline's dash), and the name-like dependents to its right, without trailing punctuation."""
    doc = head.doc
    left = head.left_edge.i
    for tok in doc[left : head.i]:
        if tok.text in DASHES:  # a dateline hung on the subject: "MIAMI — Gov. Ann Lee"
            left = tok.i + 1
    right = head.i
    for child in head.rights:
        if child.dep_ in MENTION_RIGHT_DEPS or (child.dep_ == "punct" and child.text == ","):
            if child.dep_ == "prep" and child.lower_ != "of":
                continue
            right = max(right, child.right_edge.i)
    # A comma-separated tail is part of the mention only when an apposition or conjunct follows it.
    while right > head.i and (doc[right].is_punct or doc[right].dep_ in ("cc",)):
        right -= 1
    while left < head.i and doc[left].is_punct:
        left += 1
    return left, right


def _name_of(head: Token, right: int, lexicon: Lexicon) -> tuple[list[Token], str, int]:
    """The proper name in the phrase of ``head`` (empty if none), its kind, and the phrase's
    last token (a name set off after a role noun extends it)."""
    name_head = head
    entity = entity_of(head)
    if head.pos_ != "PROPN" and not (entity is not None and entity.label_ in NAME_ENTITIES):
        for child in head.rights:
            if child.dep_ in ("appos", "conj", "dep") and child.pos_ == "PROPN" and child.i <= right:
                name_head = child
                break
    name_toks = _name_tokens(name_head, lexicon)
    if name_head.i != head.i and not name_toks:
        name_toks = _name_tokens(head, lexicon)
    if not name_toks and head.lower_ in lexicon.titles:
        name_toks = _trailing_apposition(head)
        if name_toks:
            right = max(right, name_toks[-1].i)
    if not name_toks:
        return [], "", right
    named = entity_of(name_toks[-1])
    kind = "person" if named is None or named.label_ == "PERSON" else "org"
    return name_toks, kind, right


def _name_tokens(head: Token, lexicon: Lexicon) -> list[Token]:
    """The tokens of the proper name headed by ``head``: entity first, else a PROPN chain."""
    entity = entity_of(head)
    if entity is not None and entity.label_ in NAME_ENTITIES:
        tokens = _entity_name(entity, head, lexicon)
        if tokens:
            return tokens
    if head.pos_ != "PROPN" and not (head.pos_ == "NOUN" and head.is_lower and head.dep_ != "pobj"
                                     and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.children)):
        return []
    doc = head.doc
    chain = [head]
    i = head.i - 1
    while i >= 0:
        tok = doc[i]
        if tok.pos_ != "PROPN" or tok.lower_ in lexicon.titles or tok.dep_ == "pobj" or tok.dep_ == "poss":
            break
        if i > 0 and doc[i - 1].lower_ == "of":
            break
        if tok.text.endswith(".") and len(tok.text) <= 3:  # initials such as "U." belong to titles here
            break
        chain.insert(0, tok)
        i -= 1
    return chain


def _entity_name(entity: Span, head: Token, lexicon: Lexicon) -> list[Token]:
    """The name tokens of the entity holding ``head``: up to the head (its flat and compound
    parts after it), without leading determiners and titles, with a first name the tagger
    left out of the entity ("Ana [Costa]")."""
    doc = head.doc
    tokens = [t for t in entity if t.i <= head.i or t.dep_ in ("flat", "compound")]
    while tokens and tokens[0].lower_ in DETERMINERS | lexicon.titles:
        tokens = tokens[1:]
    while tokens and tokens[0].i > 0:
        left = doc[tokens[0].i - 1]
        if left.pos_ != "PROPN" or left.dep_ != "compound" or left.lower_ in lexicon.titles or not left.is_title:
            break
        tokens.insert(0, left)
    return tokens


def _trailing_apposition(head: Token, *, window: int = 15) -> list[Token]:
    """A name set off by a comma after a role noun: "the leader of the green party, Sergio Blanco"."""
    doc = head.doc
    end = min(head.sent.end, head.i + window)
    for i in range(head.i + 1, end):
        if doc[i].text != ",":
            if doc[i].is_punct or doc[i].pos_ in ("VERB", "AUX"):
                return []
            continue
        run = []
        for tok in doc[i + 1 : end]:
            if tok.pos_ != "PROPN":
                break
            run.append(tok)
        after = doc[run[-1].i + 1] if run and run[-1].i + 1 < len(doc) else None
        if run and (after is None or after.is_punct):
            return run
    return []


def _gender(title_toks: list[Token], head: Token, kind: str, lexicon: Lexicon) -> str | None:
    """Gender from role words ("Mrs.", "congresswoman"); plural for plural nouns."""
    for tok in title_toks + [head]:
        gender = lexicon.word_gender(tok.lower_)
        if gender:
            return gender
    if kind == "group":
        return "p"
    if kind == "org":
        return "n"
    return None
