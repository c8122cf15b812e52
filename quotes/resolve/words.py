"""Gendered words: which words say a gender, and when such a word describes a name.

An honorific ("Mrs.", "Sir") or gendered noun ("spokeswoman", "chairman", "wife") says the
gender of the phrase it belongs to, not of every noun near it: "the chairman's wife" says
nothing of a man. :func:`attached` tells a word that describes a name from one held in a
possessive, a preposition or a clause.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from quotes.lexicon import Lexicon
from quotes.names.profile import GENDER_OF_CODE

#: Honorifics (lowercase, with and without their period); other gendered words are role nouns.
HONORIFICS = frozenset(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mister", "sir", "dame", "lady", "lord", "madam", "madame", "mme", "mme."}
)
#: An honorific in the writer's text and the capitalised words after it: "Ms. Lopez", "Sir Keir Starmer".
HONORIFIC_NAME = re.compile(
    r"\b(?P<word>Mr|Mrs|Ms|Miss|Mister|Sir|Dame|Lady|Lord|Madam|Madame|Mme)\b\.?"
    r"(?P<name>(?:\s+(?:[A-Z]\.|[A-Z][\w'’-]+)){1,4})"
)
#: Dependency labels by which a gendered word belongs to the noun phrase it describes.
ATTACHED_DEPS = frozenset({"compound", "appos", "flat", "nmod", "amod"})


def gender_of(word: str, lexicon: Lexicon) -> str | None:
    """``female`` or ``male`` for a gendered word ("Mrs.", "spokesman"), else ``None``."""
    code = lexicon.word_gender(word.lower())
    return GENDER_OF_CODE.get(code) if code else None


def evidence_type(word: str) -> str:
    """``honorific`` for an honorific, ``role_noun`` for any other gendered word."""
    return "honorific" if word.lower() in HONORIFICS else "role_noun"


def attached(token: Token, head: Token) -> bool:
    """Whether ``token`` describes ``head``: it is ``head``, or reaches it through compounds,
    appositions and modifiers only (not through a possessive, a preposition or a clause)."""
    steps = 0
    while token.i != head.i:
        if token.dep_ not in ATTACHED_DEPS or token.head.i == token.i or steps > 8:
            return False
        token = token.head
        steps += 1
    return True
