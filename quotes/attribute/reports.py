"""What a verb reports besides a clause: an infinitive, a named object, a finding, a charge, a
topic, a gerund or the object of a speech act.

:data:`VERB_REPORTS` lists them in the order they are tried; the first that finds a report
wins and names its rule family ("indirect_xcomp", "belief_naming", ...).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from quotes.attribute.clauses import Range, clause_range, phrase_range
from quotes.lexicon import Lexicon
from quotes.lexicon.closed import THING_PRONOUNS

#: A verb report finder: (cue, its lemma, the lexicon) -> the report's token range and family, or ``None``.
ReportFinder = Callable[[Token, str, Lexicon], "tuple[Range, str] | None"]


def infinitive_report(cue: Token, lemma: str, lexicon: Lexicon) -> tuple[Range, str] | None:
    """A promise, demand or intent: "vowed to fight" reports "to fight", "urged the board to
    act" "the board to act", "called on X to resign"."""
    if not (lemma in lexicon.infinitive_cues or _calls_on(cue)):
        return None
    infinitive = _infinitive(cue)
    if infinitive is None:
        return None
    # from "to" (or "not to") on, with who is asked to act when they stand right before it
    left = next(c for c in infinitive.children if c.dep_ == "aux" and c.lower_ == "to").i
    if left > 0 and cue.doc[left - 1].dep_ == "neg":
        left -= 1
    obj = next((c for c in cue.children if c.dep_ in ("dobj", "nsubj") and cue.i < c.i < left), None)
    if obj is not None and obj.right_edge.i == left - 1:
        left = obj.left_edge.i
    found = clause_range(infinitive, bounds=(left, infinitive.right_edge.i), extend_left=False)
    if found is None:
        return None
    return found, "indirect_xcomp" if lemma in lexicon.cue_verbs else "belief_xcomp"


def demand_report(cue: Token, lemma: str, lexicon: Lexicon) -> tuple[Range, str] | None:
    """ "called for the mayor to resign": the demand with who is to act."""
    if lemma != "call" or (demand := _called_for_clause(cue)) is None:
        return None
    found = clause_range(demand[0], bounds=demand[1], whole=True, extend_left=False)
    return (found, "indirect_xcomp") if found is not None else None


def naming_report(cue: Token, lemma: str, lexicon: Lexicon) -> tuple[Range, str] | None:
    """An object with what the verb names it: "called the plan a disaster", "sees it as a threat"."""
    if lemma not in lexicon.naming_verbs or (named := _naming(cue, lexicon)) is None:
        return None
    found = clause_range(named[0], bounds=named[1], whole=True, extend_left=False)
    if found is None:
        return None
    return found, "belief_naming" if lemma in lexicon.viewing_verbs else "indirect_naming"


def finding_report(cue: Token, lemma: str, lexicon: Lexicon) -> tuple[Range, str] | None:
    """What a record shows: "polls show Clinton with a lead", "the survey shows only a small gap"."""
    if lemma not in lexicon.evidence_verbs or (shown := _shown(cue, lexicon)) is None:
        return None
    found = clause_range(shown[0], bounds=shown[1], whole=True, extend_left=False)
    return (found, "indirect_object") if found is not None else None


def judging_report(cue: Token, lemma: str, lexicon: Lexicon) -> tuple[Range, str] | None:
    """Who a verb of judgment judges with the charge or merit: "accused Clinton of dragging her
    feet", "blasted Disney for its practices"."""
    preps = lexicon.judging_preps.get(lemma)
    if preps is None or (judged := _judged(cue, preps)) is None:
        return None
    found = clause_range(judged[0], bounds=judged[1], whole=True, extend_left=False)
    return (found, "indirect_judging") if found is not None else None


def topic_report(cue: Token, lemma: str, lexicon: Lexicon) -> tuple[Range, str] | None:
    """What a verb of speech speaks of or for: "talked about the closing of the mill"."""
    preps = lexicon.topic_preps.get(lemma)
    if preps is None or (found := phrase_range(_topic(cue, preps))) is None:
        return None
    return found, "indirect_topic"


def gerund_report(cue: Token, lemma: str, lexicon: Lexicon) -> tuple[Range, str] | None:
    """The gerund a verb of speech reports: "reported raising $5 million"."""
    if lemma not in lexicon.cue_verbs or lemma in lexicon.aspectual_verbs:
        return None
    found = phrase_range(_gerund(cue))
    return (found, "indirect_gerund") if found is not None else None


def object_report(cue: Token, lemma: str, lexicon: Lexicon) -> tuple[Range, str] | None:
    """The object of a speech act or of a desire: "denied the charges", "called for a ban",
    "wants a wall"."""
    if not (lemma in lexicon.object_cues or lemma == "call" or lemma in lexicon.desire_verbs):
        return None
    found = phrase_range(_reported_object(cue), extend_left=True)
    if found is None:
        return None
    return found, "belief_object" if lemma in lexicon.desire_verbs else "indirect_object"


def stance_report(cue: Token, lemma: str, lexicon: Lexicon) -> tuple[Range, str] | None:
    """What a stance is for or against: "endorsed Cruz", "backed the deal", "voted for Trump"
    (a bare name or pronoun too: who is endorsed is the whole of the stance)."""
    target: Token | None = None
    if lemma in lexicon.stance_verbs:
        target = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    elif (preps := lexicon.stance_preps.get(lemma)) is not None:
        prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ in preps and c.i > cue.i), None)
        target = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if target is None or (target.pos_ == "PRON" and target.lower_ in THING_PRONOUNS):
        return None
    found = clause_range(target, bounds=(target.left_edge.i, target.right_edge.i), extend_left=False)
    return (found, "belief_stance") if found is not None else None


#: What an active verb may report besides a clause, in the order tried.
VERB_REPORTS: tuple[ReportFinder, ...] = (
    infinitive_report,
    demand_report,
    naming_report,
    finding_report,
    judging_report,
    topic_report,
    gerund_report,
    object_report,
    stance_report,
)


def verb_report(cue: Token, lemma: str, lexicon: Lexicon) -> tuple[list[Range], str]:
    """What an active verb reports besides a clause, as token ranges and its rule family
    (``([], "")`` when it reports nothing)."""
    for finder in VERB_REPORTS:
        found = finder(cue, lemma, lexicon)
        if found is not None:
            return [found[0]], found[1]
    return [], ""


def _naming(cue: Token, lexicon: Lexicon) -> tuple[Token, Range] | None:
    """The object of a naming verb and the token range of it with what the cue calls it."""
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if obj is None:
        # "calling Trump a fascist", read as an object of the name
        obj = next((c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i and c.pos_ in ("PROPN", "NOUN", "PRON")), None)
    if obj is None or obj.lower_ in ("it", "this", "that") and cue.lemma_.lower() in lexicon.viewing_verbs:
        return None
    predicates = [
        c for c in cue.children
        if c.i > obj.i and (c.dep_ in ("oprd", "ccomp", "xcomp", "acomp", "attr") or (c.dep_ == "prep" and c.lower_ == "as"))
    ]
    if not predicates and cue.lemma_.lower() in lexicon.noun_naming_verbs:
        # "called Mr. Yanukovych an outstanding leader": what it is called, read as an
        # apposition (or an object of the name) with no comma before it
        predicates = [
            c for c in obj.children
            if c.dep_ in ("appos", "dobj") and c.i > obj.i and c.pos_ in ("NOUN", "PROPN")
            and not any(t.is_punct for t in cue.doc[obj.i + 1 : c.left_edge.i])
        ]
    if not predicates:
        return None
    return obj, (obj.left_edge.i, max(p.right_edge.i for p in predicates))


def _shown(cue: Token, lexicon: Lexicon) -> tuple[Token, Range] | None:
    """What a record shows: its object with what the record says of it ("polls show Clinton
    with a lead", "polls showing her well behind"), or an object noun phrase alone ("emails
    showed the close ties between the two"); never a bare name or pronoun. People show
    signs and interest ("showed no sign of backing down"), so the subject must be a record."""
    subject = cue.head if cue.dep_ == "acl" else next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lemma_.lower() not in lexicon.record_nouns:
        # "a new batch of emails showed ...": the record is what the subject counts
        of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        subject = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if subject is None or subject.lemma_.lower() not in lexicon.record_nouns:
        return None
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if obj is None:
        return None
    said = [
        c for c in cue.children
        if c.i > obj.i and c.dep_ in ("prep", "advmod", "oprd", "acomp", "xcomp", "ccomp", "npadvmod", "attr")
    ]
    right = max([obj.right_edge.i] + [c.right_edge.i for c in said])
    if not said and (obj.pos_ in ("PRON", "PROPN") or obj.right_edge.i == obj.left_edge.i):
        return None
    if obj.pos_ == "PRON" and obj.lower_ in THING_PRONOUNS:
        return None
    return obj, (obj.left_edge.i, right)


def _topic(cue: Token, preps: tuple[str, ...]) -> Token | None:
    """The prepositional object a verb of speech reports ("talked about the economy"), never a
    bare name or pronoun ("spoke about her")."""
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in preps and child.i > cue.i:
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is None or obj.pos_ in ("PRON", "PROPN") or obj.right_edge.i - obj.left_edge.i < 1:
                return None
            return obj
    return None


def _gerund(cue: Token) -> Token | None:
    """The gerund clause a verb of speech reports ("reported raising $5 million")."""
    for child in cue.children:
        if child.i == cue.i + 1 and child.dep_ in ("xcomp", "dobj", "ccomp") and child.tag_ == "VBG" and child.right_edge.i > child.i:
            return child
    return None


def _reported_object(cue: Token) -> Token | None:
    """The noun phrase a speech act reports ("announced a new plan", "called for a ban"),
    never a bare name or pronoun ("praised Smith", "denied it")."""
    if cue.lemma_.lower() == "call":
        prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == "for" and c.i == cue.i + 1), None)
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")] if prep is not None else []
    else:
        objects = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i]
    if not objects:
        return None
    obj = objects[0]
    if obj.pos_ in ("PRON", "PROPN") or obj.right_edge.i - obj.left_edge.i < 1:
        return None
    return obj


def _judged(cue: Token, preps: tuple[str, ...]) -> tuple[Token, Range] | None:
    """Who a judging verb judges and the token range from them to the end of the charge:
    "accused [Clinton of dragging her feet]". Only with the charge: "praised Smith" alone
    reports nothing one could quote."""
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if obj is None:
        return None

    def charge_of(head: Token, after: int) -> Token | None:
        return next(
            (
                c for c in head.children
                if c.dep_ == "prep" and c.lower_ in preps and c.i > after and any(g.dep_ in ("pobj", "pcomp") for g in c.children)
            ),
            None,
        )

    # "accused him of lying" is sometimes hung from the object
    charge = charge_of(cue, obj.right_edge.i) or charge_of(obj, obj.i)
    if charge is None:
        return None
    return obj, (obj.left_edge.i, max(charge.right_edge.i, obj.right_edge.i))


def _called_for_clause(cue: Token) -> tuple[Token, Range] | None:
    """The clause of "called for the mayor to resign" (which the parser hangs from the cue as
    an adverbial clause marked "for"), from its subject on, and that subject."""
    for child in cue.children:
        if child.dep_ != "advcl" or child.i < cue.i or not any(c.dep_ == "mark" and c.lower_ == "for" for c in child.children):
            continue
        subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
        if subject is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            return subject, (subject.left_edge.i, child.right_edge.i)
    return None


def _calls_on(cue: Token) -> bool:
    """ "called on the senator to ...": a call whose infinitive is the demand."""
    return cue.lemma_.lower() == "call" and any(c.dep_ == "prep" and c.lower_ == "on" for c in cue.children)


def _infinitive(cue: Token) -> Token | None:
    """The to-infinitive a verb of promise, demand or intent reports ("vowed to fight on")."""
    for child in cue.children:
        if (
            child.dep_ == "xcomp"
            and child.i > cue.i
            and child.pos_ in ("VERB", "AUX")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
            and not any(c.tag_ in ("WRB", "WP", "WDT") or c.lower_ == "whether" for c in child.children if c.i < child.i)
        ):
            return child  # not a question: "asking where to find him" asks, it demands nothing
    return None

