"""The source of a reporting noun: "X's statement", "a statement from X", "the White House statement"."""

from __future__ import annotations

from spacy.tokens import Token

from quotes.attribute.search import Search
from quotes.attribute.tokens import subject_of

#: Dependency patterns (:mod:`quotes.attribute.patterns`) that give a reporting noun's source, in order.
NOUN_SOURCE_PATTERNS = ("noun_possessor", "noun_from", "noun_compound")


def noun_source(search: Search, noun: Token) -> tuple[Token | None, str]:
    """The source of a reporting noun and the pattern that found it.

    In order: its possessor ("the mayor's statement"), a "from", "by" or "of" phrase ("a
    statement from the mayor"), a proper-noun compound ("the White House statement"), and the
    subject of a verb that issues it ("Trump issued a statement saying ...").

    Returns:
        The source token (``None`` if the text gives none) and the pattern's name
        (``noun_no_source`` when there is none).
    """
    for name in NOUN_SOURCE_PATTERNS:
        source = search.context.patterns.source(name, noun)
        if source is not None:
            return source, name
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in search.context.lexicon.issuing_verbs:
        issuer = subject_of(noun.head)
        if issuer is not None and issuer.pos_ in ("PROPN", "NOUN", "PRON"):
            return issuer, "noun_issuer"
    return None, "noun_no_source"
