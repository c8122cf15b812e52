"""Closed classes of English and of spaCy's English annotation, in one place.

Open word lists (reporting verbs, role words, ...) are data files read by
:class:`quotes.lexicon.Lexicon`; the sets here are the small, fixed classes the rules name:
pronouns, determiners, function words that open a clause, weekday and month names, quote
marks and dashes, and the dependency labels (ClearNLP style, as spaCy's English pipelines
give them) that the patterns read. Each set answers one question; sets that are views of
one class are derived from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# --- pronouns ----------------------------------------------------------------------------

#: Personal pronouns that can stand for a speaker, with their grammatical gender: ``m``, ``f``,
#: ``p`` (plural), ``n`` (neuter) or ``x`` (first or second person, said of anyone).
PRONOUN_GENDER: Mapping[str, str] = MappingProxyType({
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
    "they": "p", "them": "p", "their": "p", "we": "p", "it": "n", "its": "n",
    "i": "x", "me": "x", "you": "x", "us": "p",
})  # fmt: skip
#: Personal pronouns as subject or object, every person: a mention made of one names nobody.
PERSONAL_PRONOUNS = frozenset({"i", "me", "you", "he", "him", "she", "her", "it", "we", "us", "they", "them"})
#: Third-person pronouns of people, whose antecedent must be found ("he said").
THIRD_PERSON_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them"})
#: Subject pronouns that can report speech (the writer's "I" and "we" included).
SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
#: Pronouns that point at a thing said, never at a speaker ("denied it", "called this a ...").
THING_PRONOUNS = frozenset({"it", "this", "that", "what", "which"})
#: Relative pronouns that can be the subject of a reporting verb ("Smith, who said ...").
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
#: Possessive determiners.
POSSESSIVE_DETERMINERS = frozenset({"his", "her", "its", "their", "our", "my", "your"})
#: Words that, alone, name nobody in particular: such a speaker is never merged across documents.
UNNAMED = PERSONAL_PRONOUNS | frozenset(
    {"who", "whom", "that", "this", "which", "one", "someone", "somebody", "anyone", "nobody", "everyone"}
)

# --- determiners and function words --------------------------------------------------------

#: Articles and demonstratives dropped before a name or role.
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
#: Indefinite articles: "a source", "an official" name no one in particular.
INDEFINITE_ARTICLES = frozenset({"a", "an"})
#: Words that open a clause setting the scene for a report rather than being part of it.
SUBORDINATORS = frozenset(
    "after although as because before once since though unless until when whenever where whereas while".split()
)
#: Words that open a writer's adjunct after a comma, which ends a reported clause
#: ("74 percent said they are set on Trump, while 22 percent ...").
ADJUNCT_OPENERS = frozenset(
    {"while", "whereas", "when", "although", "though", "despite", "with", "compared", "even", "as", "after", "before"}
)
#: Words tagged as participles that extend a noun of the clause rather than open a gloss.
NOT_GLOSSES = frozenset({"including", "excluding", "involving", "regarding", "concerning", "according"})
#: Words opening a comma-set phrase before a cue that is the writer's aside, not its subject.
ASIDE_OPENERS = frozenset({"who", "which", "whose", "whom", "that", "meanwhile", "however", "though", "too", "also"})
#: Small words a work's title leaves in lower case ("State of the Union").
TITLE_SMALL_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "&"})
#: Words that never open a name apposition ("..., who said", "..., the leader").
NOT_NAME_START = frozenset(
    {"who", "whom", "whose", "which", "that", "where", "when", "while", "whereas", "and", "or", "but",
     "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "he", "she", "it", "they",
     "we", "i", "you", "said", "says", "also", "as", "in", "on", "at", "of", "for", "from", "with"}
)  # fmt: skip

#: Particles and small words a cased name keeps in lower case after its first word ("Simon de
#: la Cruz", "Ludwig van Beethoven", "Bank of America").
NAME_PARTICLES = frozenset(
    {"of", "and", "the", "for", "on", "in", "to", "at", "a", "an", "de", "del", "della", "des", "la", "le",
     "los", "las", "van", "von", "der", "den", "da", "di", "do", "dos", "du", "bin", "ibn", "al", "y"}
)  # fmt: skip

# --- calendar ------------------------------------------------------------------------------

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
)  # fmt: skip
#: Words of time that are never a speaker or part of a reported clause's subject.
CALENDAR = frozenset(WEEKDAYS + MONTHS + ("today", "yesterday", "tonight"))
#: Capitalized words that are never part of a name the rules read: sentence-initial function
#: words, weekdays and the months that are not also first names (April, May, June, ...).
NAMELESS_CAPITALS = frozenset(
    "A An And As At But By For From He Her His However I If In It Its On Or She So That The Their Then There "
    "These They This Those To We When While With You".split()
    + [day.title() for day in WEEKDAYS]
    + "January February September October November December Jan. Feb. Sept. Oct. Nov. Dec.".split()
)

# --- marks ---------------------------------------------------------------------------------

#: Tokens that end a sentence of the writer's.
TERMINAL_PUNCT = frozenset({".", "!", "?", ";"})
#: Closing quote marks as tokens ("''" is the typewriter pair).
CLOSING_MARKS = frozenset({'"', "”", "’", "'", "''"})
#: Dashes that set off a dateline or an aside.
DASHES = ("—", "–", "--")
#: Marks that set a participle off from the clause before it (", adding that ...").
ASIDE_MARKS = frozenset({",", "—", "–", "-", "--"})

# --- parse labels --------------------------------------------------------------------------

#: Entity labels of names a speaker can have.
NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
#: Parts of speech of a noun phrase's head.
NOMINAL_POS = ("PROPN", "NOUN", "NUM", "PRON")
#: Dependents of a clause that are its subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
#: Dependents of a cue that frame its report rather than hold it.
FRAME_DEPS = frozenset({"advcl", "nsubj", "nsubjpass"})
#: Dependents to the right of a speaker's head that belong to its mention.
MENTION_RIGHT_DEPS = frozenset({"compound", "flat", "appos", "prep", "cc", "conj", "nummod", "amod", "case"})
#: Dependents after a cue skipped while looking for an inverted speaker ("said on Tuesday the mayor").
SKIP_AFTER_CUE = frozenset({"prep", "pobj", "npadvmod", "advmod", "punct", "tmod", "dobj", "dative", "prt", "agent"})
#: Dependents that modify a noun inside a phrase, never a speaker themselves.
INSIDE_PHRASE_DEPS = frozenset({"compound", "nmod", "amod", "nummod", "poss", "quantmod"})
#: Dependents between two verbs of one report ("began by saying", "went so far as to say").
BRIDGE_DEPS = frozenset({"advmod", "prep", "pcomp", "npadvmod", "acomp", "pobj"})
