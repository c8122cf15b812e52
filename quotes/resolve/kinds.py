"""What kind of speaker a mention is: a person, an unnamed source, a group, an organisation or a document.

The kind is read from the parse of the mention, in this order:

- a pronoun left without antecedent: "he"/"she"/"I" a person, "they"/"we" a group, "it" an
  organisation; a reporting noun with no source ("a joint statement") a document;
- a phrase whose head is a plural or a share of people ("dozens of countries including the
  United States", "47 percent", "his political adversaries") is a group, or anonymous when
  its head is a noun of unnamed sources ("two officials"): never a person, whatever names it holds;
- a proper name: a group for a plural nationality or party ("Democrats"), an organisation for
  an organisation, place or body (the entity recognizer's label, or the name's own words:
  "Clinton campaign", "State Department"), else a person; a lone surname the recognizer took
  for a place is the person whose full name the document gives ("Marrero");
- a common noun, by its class in the lexicon's ``speaker_nouns`` and lists: a document
  ("the report"), an organisation ("the campaign"), a source ("a senior official", "aides":
  anonymous); a noun of people is a group when plural ("voters"), anonymous with "a" or "one"
  ("a voter"), and a person with "the" or a possessive ("the nominee", whom the text names).

Kinds are decided per quote here and merged per speaker: within a document by
:func:`document_kinds`, across documents by the cross-document step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Span, Token

from quotes.attribute.mentions import Mention
from quotes.lexicon import Lexicon
from quotes.lexicon.closed import INDEFINITE_ARTICLES
from quotes.names.keys import name_key
from quotes.names.profile import majority_kind
from quotes.names.split import NameParts
from quotes.parse.pipe import ParsedText
from quotes.resolve.pronouns import Candidate

#: Kind of a pronoun speaker whose antecedent was not found.
PRONOUN_KINDS: Mapping[str, str] = {
    "he": "person", "she": "person", "i": "person", "me": "person", "him": "person", "her": "person",
    "we": "group", "they": "group", "us": "group", "them": "group", "it": "organization",
}  # fmt: skip
#: Entity labels of organisations, places and bodies.
ORG_ENTITIES = frozenset({"ORG", "GPE", "FAC", "LOC", "NORP"})
#: Words before a noun that leave its referent unnamed: "a", "one", "another", "some".
UNNAMED_DETERMINERS = INDEFINITE_ARTICLES | frozenset({"one", "another", "some", "several", "certain", "any"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})


#: Endings of abstract nouns, which speak as a text or record does when nothing else is known.
ABSTRACT_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ism", "ance", "ence", "ure", "sis", "ing")


def noun_class(lemma: str, lexicon: Lexicon) -> str | None:
    """The class of a common noun as a speaker's head: ``anonymous``, ``document``, ``group``,
    ``organization``, ``people``, ``quantity``, or ``None`` when the lexicon does not know it."""
    listed = lexicon.speaker_nouns.get(lemma)
    if listed:
        return listed[0]
    if lemma in lexicon.cue_nouns or lemma in lexicon.record_nouns or lemma in lexicon.read_texts:
        return "document"
    if lemma in lexicon.poll_nouns or lemma in lexicon.work_nouns:
        return "document"
    if lemma in lexicon.org_nouns:
        return "organization"
    if lemma in lexicon.group_nouns or lemma in lexicon.titles or lexicon.word_gender(lemma):
        return "people"
    return None


def _forms(token: Token) -> list[str]:
    """The forms under which a noun is looked up: a hyphenated compound ("front-runner"), its
    lemma, the word itself, and the word without a plural "s"."""
    doc = token.doc
    forms = []
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 2].whitespace_:
        forms.append(f"{doc[token.i - 2].lower_}-{token.lower_}")
    forms += [(token.lemma_ or token.text).lower(), token.lower_]
    if token.lower_.endswith("s") and len(token.lower_) > 3:
        forms.append(token.lower_[:-1])
    return forms


def token_class(token: Token, lexicon: Lexicon) -> str | None:
    """:func:`noun_class` of the first form of ``token`` the lexicon knows."""
    return next((cls for cls in (noun_class(form, lexicon) for form in _forms(token)) if cls), None)


def _is_plural(token: Token) -> bool:
    return token.tag_ in _PLURAL_TAGS


def _lemma_differs(token: Token) -> bool:
    """Whether a plural-tagged noun is a plural of another word ("groups"), not "headquarters"."""
    return (token.lemma_ or token.text).lower() != token.lower_


def _unnamed(token: Token) -> bool:
    """Whether the noun's determiner leaves its referent unnamed ("a source", "one witness", "two aides")."""
    return any(
        (c.dep_ == "det" and c.lower_ in UNNAMED_DETERMINERS) or c.dep_ == "nummod" for c in token.children
    )


def _owned(token: Token) -> bool:
    """Whether a noun has a possessor ("his lawyer", "Pagliano's lawyer")."""
    return any(c.dep_ == "poss" for c in token.children)


def _quantity_kind(head: Token, lexicon: Lexicon) -> str:
    """The kind of a share or number of something: "47 percent", "two of his aides", "none of the videos"."""
    inner = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    objects = [c for c in inner.children if c.dep_ == "pobj"] if inner is not None else []
    cls = token_class(objects[0], lexicon) if objects else None
    return cls if cls in ("anonymous", "document") else "group"


def nominal_kind(head: Token, lexicon: Lexicon, *, named_roles: frozenset[str] = frozenset()) -> str:
    """The kind of a speaker named by a common noun phrase headed by ``head``.

    Args:
        head: The head noun ("official" in "a senior official", "percent" in "47 percent").
        lexicon: Word lists.
        named_roles: Role words the document gives its named people ("spokesman" of
            "Gowdy spokesman Jamal Ware"): "the spokesman" is then that person.

    Returns:
        One of ``person``, ``anonymous``, ``group``, ``organization``, ``document``.
    """
    cls = token_class(head, lexicon)
    if cls == "quantity" or (cls is None and head.pos_ in ("NUM", "PRON", "DET")):
        return _quantity_kind(head, lexicon)
    plural = _is_plural(head)
    if cls == "anonymous":
        named = not plural and not _unnamed(head) and head.lower_ in named_roles
        return "person" if named else "anonymous"
    if cls in ("document", "group"):
        return cls
    if cls == "organization":
        return "group" if plural and _lemma_differs(head) else "organization"
    if plural:
        return "group"
    if _unnamed(head) or (cls == "people" and _owned(head) and head.lower_ not in named_roles):
        return "anonymous"  # "a voter", "one witness", "his lawyer" (whom the text does not name)
    if cls is None and head.pos_ == "NOUN" and head.lower_.endswith(ABSTRACT_ENDINGS):
        return "document"  # "the decision", "the assessment"
    return "person"


def _span(parsed: ParsedText, start: int, end: int) -> Span | None:
    paragraph = parsed.paragraph_at(start)
    if paragraph is None:
        return None
    span = paragraph.doc.char_span(start - paragraph.start, end - paragraph.start, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _proper_kind(name: Span, parts: NameParts | None, lexicon: Lexicon, surnames: frozenset[str]) -> str:
    """The kind of a speaker named by a proper name (the tokens of ``name``)."""
    root = name.root
    if root.pos_ == "NOUN" and not root.ent_type_:
        return nominal_kind(root, lexicon)  # "the Florida senator", "the Carson campaign"
    label = root.ent_type_ or next((t.ent_type_ for t in reversed(name) if t.ent_type_), "")
    if label == "NORP":
        return "group"  # "Democrats", "House Republicans", "Republican"
    if label == "PERSON" or name_key(name.text) in surnames:
        return "person"  # a lone surname of one of the text's people, whatever the recognizer said
    if token_class(name[-1], lexicon) == "document":
        return "organization"  # a title of the press: "The Post", "The Times"
    if (parts is not None and parts.kind == "org") or token_class(name[-1], lexicon) == "organization":
        return "organization"  # "Clinton campaign", "State Department"
    if label in ORG_ENTITIES:
        return "organization"
    if root.tag_ in _PLURAL_TAGS:
        return "group"  # "Founding Fathers"
    return "person"


def mention_kind(
    parsed: ParsedText,
    mention: Mention,
    parts: NameParts | None,
    lexicon: Lexicon,
    *,
    surnames: frozenset[str] = frozenset(),
    named_roles: frozenset[str] = frozenset(),
) -> str:
    """The kind of the speaker a (non-pronoun) mention names.

    Args:
        parsed: The parsed document.
        mention: The engine's mention.
        parts: The mention split into name and role words, if it was.
        lexicon: Word lists.
        surnames: Last words of the document's full person names, lowercase.
        named_roles: Role words the document gives its named people (see :func:`nominal_kind`).

    Returns:
        One of ``person``, ``anonymous``, ``group``, ``organization``, ``document``.
    """
    if mention.kind == "document":
        return "document"
    whole = _span(parsed, mention.start, mention.end)
    name = _span(parsed, mention.name_start, mention.name_end)
    if whole is None or name is None:
        return _kind_of_parts(parts)
    head = whole.root
    proper = mention.kind in ("person", "org") and any(t.pos_ == "PROPN" or t.ent_type_ for t in name)
    if not name.start <= head.i < name.end and (head.pos_ in ("NOUN", "NUM") or token_class(head, lexicon) == "quantity"):
        # the phrase's head lies outside the name: "dozens of countries including the United States",
        # "the Florida senator", "Clinton campaign"; not "one of his advisers, Tad Devine"
        if not (proper and name.root.dep_ == "appos" and name.root.head.i == head.i):
            return nominal_kind(head, lexicon, named_roles=named_roles)
    if proper:
        return _proper_kind(name, parts, lexicon, surnames)
    return nominal_kind(name.root, lexicon, named_roles=named_roles)


def _kind_of_parts(parts: NameParts | None) -> str:
    """The kind from the name's words alone, when the parse is not at hand."""
    if parts is None:
        return "person"
    return {"org": "organization", "group": "group", "handle": "person"}.get(parts.kind, "person")


def antecedent_kind(parsed: ParsedText, antecedent: Candidate, lexicon: Lexicon, *, surnames: frozenset[str]) -> str:
    """The kind of the speaker a pronoun or an unsourced document resolved to.

    Args:
        parsed: The parsed document.
        antecedent: The candidate the resolver chose.
        lexicon: Word lists.
        surnames: Last words of the document's full person names, lowercase.

    Returns:
        One of ``person``, ``anonymous``, ``group``, ``organization``, ``document``.
    """
    name = _span(parsed, antecedent.start, antecedent.start + len(antecedent.name))
    if antecedent.kind == "person":
        return "person"
    if name is None:
        return "organization" if antecedent.kind == "org" else "group"
    if antecedent.kind == "org" and any(t.pos_ == "PROPN" or t.ent_type_ for t in name):
        return _proper_kind(name, None, lexicon, surnames)
    return nominal_kind(name.root, lexicon)


def pronoun_kind(mention: Mention) -> str:
    """The kind of a pronoun speaker left without antecedent ("he": person, "they": group)."""
    return PRONOUN_KINDS.get(mention.text.lower(), "person")


def document_kinds(kinds: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The kind of each speaker of one document: the majority of its quotes' kinds.

    Args:
        kinds: ``(speaker id, kind)`` for each quote of the document.

    Returns:
        Speaker id -> kind.
    """
    by_speaker: dict[str, list[str]] = {}
    for sid, kind in kinds:
        by_speaker.setdefault(sid, []).append(kind)
    return {sid: majority_kind(found) for sid, found in by_speaker.items()}
