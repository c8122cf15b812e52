"""Speaker patterns of the walk up from a verb to the clause whose subject speaks.

At each verb of the walk (the cue first, at most :data:`MAX_STEPS`), the patterns of
:data:`CHAIN` are tried in order: each may find the speaker (:class:`Found`), send the walk
on to another verb (:class:`Step`), or pass. When none applies, the walk ends and the
inverted-order patterns of :mod:`quotes.attribute.speakers` take over.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from quotes.attribute.search import Found, Search, Step
from quotes.attribute.sources import noun_source
from quotes.attribute.tokens import opens_with_that, set_off, subject_of
from quotes.lexicon.closed import BRIDGE_DEPS, RELATIVE_PRONOUNS

#: Most verbs the walk visits from the cue up.
MAX_STEPS = 4

ChainPattern = Callable[[Search, Step], "Found | Step | None"]


def _subject(search: Search, step: Step) -> Token | None:
    """The subject of the step's verb, counting who is prompted or quoted as the speaker."""
    verb, lexicon = step.verb, search.context.lexicon
    subject = subject_of(verb)
    if subject is None and step.controlled and verb.lemma_.lower() in lexicon.prompting_verbs:
        # "was prompted to say", "was asked to explain": the passive subject speaks
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if verb.lemma_.lower() == "quote" and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        # "is quoted (by the paper) as saying": who is quoted speaks
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), subject)
    return subject


def participle_of_a_person(search: Search, step: Step) -> Found | None:
    """A subjectless gerund right after the person it tells of: "footage of Hillary Clinton asking, ..."."""
    verb = step.verb
    if _subject(search, step) is not None or verb.tag_ != "VBG" or verb.i == 0:
        return None
    left = verb.doc[verb.i - 1]
    if left.ent_type_ == "PERSON" and left.dep_ in ("pobj", "dobj") and not search.quoted(left):
        return Found(left, "participle_subject")
    return None


def clause_subject(search: Search, step: Step) -> Found | None:
    """The subject of the verb ("the mayor said"), or the relative pronoun of a relative clause
    ("Smith, who said ...")."""
    subject = _subject(search, step)
    if subject is None or search.quoted(subject):
        return None
    if subject.lower_ in RELATIVE_PRONOUNS and step.verb.dep_ == "relcl":
        return Found(subject, "relative_clause")
    return Found(subject, step.pattern)


def prompted_object(search: Search, step: Step) -> Found | None:
    """Who a verb of prompting moves to speak: "That prompted Rubio to ... call Trump “flexible”"."""
    verb = step.verb
    if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in search.context.lexicon.prompting_verbs:
        return None
    obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if obj is not None and obj.pos_ in ("PROPN", "PRON", "NOUN") and not search.quoted(obj):
        return Found(obj, "governing_clause")
    return None


def governing_clause(search: Search, step: Step) -> Step | None:
    """Up from a subordinate verb to the clause it belongs to ("began by saying", "went so far
    as to say", "vowed to fight, saying ..."); a participle set off after a report goes to the
    reporter ("..., remarking that ...")."""
    verb = step.verb
    if verb.dep_ not in ("advcl", "xcomp", "conj", "pcomp") or verb.head.i == verb.i:
        return None
    aside = (
        verb.i == search.cue.i and verb.tag_ == "VBG" and set_off(verb)
        and verb.lemma_.lower() not in search.context.lexicon.inference_verbs
    )
    head = bridge_up(verb.head)
    if aside:
        head = reporting_verb(head)
    return Step(head, "governing_clause", controlled=verb.dep_ in ("xcomp", "pcomp"))


def subject_with_relative_clause(search: Search, step: Step) -> Found | None:
    """A main verb the parser hung from its own subject as a relative clause: "Paul Ryan, the
    party's leader, on Tuesday called ..."."""
    verb = step.verb
    if (
        verb.dep_ in ("relcl", "acl")
        and verb.head.i < verb.i
        and verb.head.pos_ in ("PROPN", "PRON")
        and verb.tag_ in ("VBD", "VBN")
        and not any(c.dep_ in ("agent", "auxpass", "nsubjpass") for c in verb.children)
        and any(t.text == "," for t in verb.doc[verb.head.i : verb.i])
        and not search.quoted(verb.head)
    ):
        return Found(verb.head, "relcl_subject")
    return None


def record_participle(search: Search, step: Step) -> Found | None:
    """A record that shows or finds: "polls showing her behind", "a review finding that ..."."""
    verb = step.verb
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ == "NOUN" and (
        verb.lemma_.lower() in search.context.lexicon.evidence_verbs
    ):
        return Found(verb.head, "subject")
    return None


def message_participle(search: Search, step: Step) -> Step | None:
    """A participle on the object of a main verb tells what the main verb's subject said:
    "emailed supporters saying: ...", "wrote in a letter saying ..."."""
    verb = step.verb
    if not (
        verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.i == verb.head.i + 1
        and verb.head.dep_ in ("dobj", "pobj") and verb.head.lemma_ not in search.context.lexicon.cue_nouns
    ):
        return None
    main = taking_verb(verb.head)
    if main.pos_ in ("VERB", "AUX"):
        return Step(main, "governing_clause", controlled=step.controlled)
    return None


def reporting_noun_clause(search: Search, step: Step) -> Found | None:
    """A clause on a reporting noun speaks for the noun's source: "a statement saying ..."."""
    verb = step.verb
    if verb.dep_ == "acl" and verb.head.lemma_ in search.context.lexicon.cue_nouns:
        return Found(noun_source(search, verb.head)[0] or verb.head, "noun_cue")
    return None


def participle_after_a_name(search: Search, step: Step) -> Found | None:
    """A gerund right after a name: "with Guaido touring the country and pledging ..."."""
    verb = step.verb
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    left = verb.doc[verb.i - 1]
    if left.pos_ == "PROPN" and not search.quoted(left):
        return Found(left, "participle_subject")
    return None


#: The patterns tried at each verb of the walk, in order.
CHAIN: tuple[ChainPattern, ...] = (
    participle_of_a_person,
    clause_subject,
    prompted_object,
    governing_clause,
    subject_with_relative_clause,
    record_participle,
    message_participle,
    reporting_noun_clause,
    participle_after_a_name,
)


def walk(search: Search, step: Step) -> Found | None:
    """Walk up from ``step`` through :data:`CHAIN`; ``None`` when the walk ends without a speaker."""
    for _ in range(MAX_STEPS):
        for pattern in CHAIN:
            result = pattern(search, step)
            if isinstance(result, Found):
                return result
            if isinstance(result, Step):
                step = result
                break
        else:
            return None
    return None


def bridge_up(token: Token) -> Token:
    """Past the words between two verbs of one report: "began by saying", "went so far as to say"."""
    while token.pos_ not in ("VERB", "AUX") and token.dep_ in BRIDGE_DEPS and token.head.i != token.i:
        token = token.head
    return token


def taking_verb(noun: Token) -> Token:
    """The word a noun phrase is the object of, past prepositions: "emailed" for "supporters" in
    "emailed supporters saying", "wrote" for "letter" in "wrote in a letter saying"."""
    main = noun.head
    while main.dep_ == "prep" and main.head.i != main.i:
        main = main.head
    return main


def reporting_verb(verb: Token) -> Token:
    """The verb whose report holds ``verb``, if ``verb`` lies in one: a participle set off after a
    report ("Cruz warned that the incident could foreshadow more, remarking that ...") is the
    reporter's, though the parser hangs it from the last verb of the report. The report is a
    clause of that verb, or a clause of a noun it takes ("dismissed claims that the party is
    biased, saying ..."). The report comes before the participle: a verb after it belongs to
    what it introduces ("..., telling reporters, “People said ...”", parsed with the
    sentence hung from the quoted "said")."""
    node = verb
    for _ in range(3):
        if (
            node.dep_ == "ccomp" and node.head.pos_ in ("VERB", "AUX") and node.head.i < verb.i
            and subject_of(node.head) is not None
        ):
            return node.head
        if node.dep_ == "acl" and node.head.dep_ in ("dobj", "pobj") and opens_with_that(node):
            main = taking_verb(node.head)
            if main.pos_ in ("VERB", "AUX") and main.i < verb.i and subject_of(main) is not None:
                return main
        if node.dep_ not in ("conj", "advcl", "xcomp") or node.head.i == node.i:
            break
        node = node.head
    return verb
