"""The rules as data: families, speaker patterns and one-part rules, each with a description and an example.

:mod:`quotes.attribute.registry` combines them into the names output records carry and
gives each its calibrated confidence. The order of the tuples here is only for reading;
the order in which the engine tries rules is the order of the tuples in the modules that
apply them (``CANDIDATES`` and ``FALLBACKS`` in :mod:`quotes.attribute.marked`,
``CLAUSE_FINDERS`` in :mod:`quotes.attribute.indirect`, ``VERB_REPORTS`` in
:mod:`quotes.attribute.reports`, ``BY_CUE``, ``CHAIN`` and ``INVERTED`` in
:mod:`quotes.attribute.speakers` and :mod:`quotes.attribute.chain`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Pattern:
    """A speaker pattern: how the speaker is found from the cue.

    Attributes:
        name: The second half of a rule name.
        description: What it finds, in one line.
        example: A phrase it finds the speaker of.
        sources: The source suffixes it can carry ("" for none; see :data:`SOURCES`).
    """

    name: str
    description: str
    example: str
    sources: tuple[str, ...] = ("", "+noun_cue", "+document")


@dataclass(frozen=True)
class Family:
    """A family of rules: how a quote is found, and through which cue.

    Attributes:
        name: The first half of a rule name (or the whole name of a one-part rule).
        description: What it finds, in one line.
        example: A sentence it finds a quote in.
        act: What its quotes report: ``speech``, ``belief``, ``evidence`` or ``intention``.
        patterns: The speaker patterns its cues can reach (empty for a one-part rule).
    """

    name: str
    description: str
    example: str
    act: str = "speech"
    patterns: tuple[str, ...] = ()


_PATTERNS = (
    Pattern("subject", "the cue's subject, or a record that finds (\"a poll shows\").", "Mayor Ida Holm said"),
    Pattern("governing_clause", "the subject of the clause the cue belongs to (an infinitive, participle, conjunct or adverbial clause).",
            "The mayor went on to say"),
    Pattern("relative_clause", "the noun a relative pronoun stands for.", "Smith, who said", sources=("",)),
    Pattern("relcl_subject", "a subject the parser hung its own main verb from, as a relative clause.",
            "Paul Ryan, the party's leader, on Tuesday called", sources=("",)),
    Pattern("participle_subject", "the person just before a gerund that tells what they say.", "Footage of Hillary Clinton asking"),
    Pattern("noun_cue", "the source of a reporting noun whose clause is the report.", "issued a statement saying"),
    Pattern("noun_cue_verb", "the subject of the verb a reporting noun's phrase hangs from.", "encouraged staffers with a simple message"),
    Pattern("left_name", "a person's name just before a finite cue the parser hung elsewhere.", "Kirk's lawyer, Dana Reyes, said"),
    Pattern("mistagged_subject", "a surname the tagger read as an adverb, alone before its cue.", "Jolly said he would"),
    Pattern("inverted", "the speaker after the cue, in the inverted order.", "tweeted a user from Hanover"),
    Pattern("left_phrase", "a subject set off by commas that the parser lost.", "the committee raised $57 million, election records show"),
    Pattern("according_to", "the object of \"according to\".", "according to the central bank"),
    Pattern("possessor", "who holds a view.", "In the opinion of the court"),
    Pattern("read_text", "a text that reads.", "“Vote no,” read the email", sources=("+noun_cue", "+document")),
    Pattern("mistagged_verb", "the name before a reporting verb the tagger took for a noun.", "Bozell answers"),
    Pattern("noun_possessor", "the possessor of a reporting noun.", "The mayor's message"),
    Pattern("noun_from", "the source in a \"from\", \"by\" or \"of\" phrase of a reporting noun.", "The statement by the council"),
    Pattern("noun_compound", "a proper-noun compound of a reporting noun.", "a White House statement"),
    Pattern("noun_issuer", "the subject of a verb that issues the reporting noun.", "Trump issued a statement"),
)
#: Every speaker pattern, by name.
PATTERNS: Mapping[str, Pattern] = {p.name: p for p in _PATTERNS}

#: Source suffixes of a speaker pattern.
SOURCES: Mapping[str, str] = {
    "+noun_cue": "The phrase found is a reporting noun (\"the statement said\"); the speaker is that noun's own source.",
    "+document": "The phrase found is a document with no named source (\"a joint statement read\"); it stands for its author.",
}

#: Patterns any cue can reach: a verb, a reporting noun, "according to", a view or a text that reads.
CUE_PATTERNS = tuple(PATTERNS)
#: Patterns a reporting verb can reach.
VERB_PATTERNS = (
    "subject", "governing_clause", "relative_clause", "relcl_subject", "participle_subject", "noun_cue",
    "left_name", "mistagged_subject", "inverted", "left_phrase",
)  # fmt: skip

_QUOTED = (
    Family("cue_governs", "A quote inside the clause of a reporting cue, the outermost one.",
           "“We will not back down,” Mayor Ida Holm said on Tuesday.", patterns=CUE_PATTERNS),
    Family("cue_after", "A quote followed by a reporting cue in the writer's sentence (ten tokens, or forty with the cue's subject between).",
           "“It is a disgrace,” was how the senator put it.", patterns=CUE_PATTERNS),
    Family("cue_before", "A quote after a reporting cue in the writer's sentence that does not govern it.",
           "The truth, he added, “is that nobody knows.”", patterns=CUE_PATTERNS),
    Family("colon_lead_in", "A quote after a lead-in with a reporting cue that ends in a colon, in its paragraph or the one before.",
           "Here is what the mayor wrote in his letter: “The bridge will reopen.”", patterns=CUE_PATTERNS),
    Family("governing_verb", "A quoted fragment inside the writer's sentence, said by the subject of the verb it hangs from.",
           "The governor spoke of a “new beginning” for the city.", patterns=CUE_PATTERNS),
    Family("acting_verb", "A quoted fragment whose own verb has no subject, said by the subject of the verb above it.",
           "Lewandowski ripped the director for acting as “the judge and the jury”.", patterns=CUE_PATTERNS),
)

_CONSTRUCTIONS = (
    ("ccomp", "A reporting verb's clausal complement.", "The mayor said the bridge would reopen in May."),
    ("parataxis", "The clause a reporting cue set off after it reports.", "At times last year, aides said, the mere mention of his name set him off."),
    ("xcomp", "A promise, demand or intent: a verb's to-infinitive, or the demand of \"called for\".", "The mayor vowed to reopen the bridge."),
    ("naming", "An object with what the verb names it.", "The senator called the plan a disaster."),
    ("object", "The object of a speech act, a desire or a record's finding.", "The company announced a new plan for the mill."),
    ("judging", "Who a verb of judgment judges, with the charge or merit.", "She accused the board of hiding the cost."),
    ("topic", "What a verb of speech speaks of or for.", "He talked about the closing of the mill."),
    ("gerund", "The gerund a verb of speech reports.", "The campaign reported raising $5 million."),
    ("stance", "What a stance is for or against: the object of an endorsement, support, opposition or a vote.",
     "Jeb Bush endorsed Ted Cruz on Tuesday."),
    ("split", "The words before a cue set off by commas, the first part of its report.", "The plan is dead, he said, and nobody will revive it."),
    ("according_to", "What \"according to\" attributes: its clause, or the whole sentence it opens or closes.", "The economy grew 2 percent, according to the central bank."),
)
_ACTS = (
    ("indirect", "speech", "Reported speech"),
    ("belief", "belief", "A belief or intention (the cue is a verb of belief)"),
    ("evidence", "evidence", "A finding (the cue is a verb by which a poll, study or record finds)"),
)


#: Belief families whose reports are intentions: a to-infinitive of aim or desire ("plans to run",
#: "hopes to win") and the object of a desire ("wants a wall").
_INTENTIONS = {"belief_xcomp": "intention", "belief_object": "intention"}
#: Examples of a construction with a cue of belief or finding, where one reads better than the speech act's.
_ACT_EXAMPLES = {
    "belief_ccomp": "Most voters believe the economy is getting worse.",
    "evidence_object": "Polls show Clinton with a comfortable lead.",
    "evidence_ccomp": "In all, the committee raised $57 million, election records show.",
    "belief_stance": "Jeb Bush endorsed Ted Cruz on Tuesday.",
}


def _indirect_families() -> tuple[Family, ...]:
    """The families of indirect reports: a construction with the act its cue says."""
    out = []
    for prefix, act, says in _ACTS:
        for construction, description, speech_example in _CONSTRUCTIONS:
            example = _ACT_EXAMPLES.get(f"{prefix}_{construction}", speech_example)
            patterns = ("according_to",) if construction == "according_to" else VERB_PATTERNS
            name = f"{prefix}_{construction}"
            out.append(Family(name, f"{says}: {description[0].lower()}{description[1:]}", example, _INTENTIONS.get(name, act), patterns))
    out.append(Family("belief_view", "A belief: the clause \"in X's view\" or \"in the opinion of X\" is set in.",
                      "In her view, the plan will fail.", "belief", ("possessor",)))
    out.append(Family("evidence_in", "A finding: the clause about a poll's result (\"leads in the latest poll\").",
                      "Clinton leads by four points in the latest CNN poll.", "evidence", ("subject",)))
    return tuple(out)


#: Every two-part family, by name.
FAMILIES: Mapping[str, Family] = {f.name: f for f in (*_QUOTED, *_indirect_families())}

#: Rules whose whole name is fixed: they name their speaker without a cue, or in one way only.
FIXED: Mapping[str, Family] = {f.name: f for f in (
    Family("split_quote", "The other half of a split quote: the speaker of a quote of the same sentence, or of the paragraph it runs on from.",
           "“We tried,” Anna Berg said. “But the money ran out.”"),
    Family("carry_over", "A paragraph that opens with a quote goes on with the speech of the quote before it.",
           "“We tried,” Anna Berg said. ¶ “The money ran out before the roof was done, and the bank would not wait.”"),
    Family("previous_sentence", "A short sentence of a speaker and a verb gives the floor to the quote after it.",
           "Dianne Bystrom agreed. “Mainstream voters are tired of it.”"),
    Family("signature", "A dash line that signs the quote, in the epigraph and fact-check style.",
           "“Never give up.” — Bernie Sanders."),
    Family("transcript_label", "A transcript's speaker label opening the paragraph.", "WALLACE: Will you accept the result?"),
    Family("inline_label", "A name and a colon before the quote.", "Clinton: “Our goal is to win.” Bush: “The mission is clear.”"),
    Family("headline_label", "A headline's label: its quoted words, or all of them when none are quoted.",
           "Pence: Flowers Won't Be at Debate ¶ The vice president spoke on Tuesday in Ohio."),
    Family("source_label", "A lead-in with no verb that names the source, before the quote's colon or ending the paragraph before.",
           "From the mayor's office: “The bridge will reopen next week.”"),
    Family("colon_lead_in:verb_subject", "A lead-in clause that ends with a colon hands the quote to its subject.",
           "Sarah Silverman heckles the crowd: “You people are ridiculous.”"),
    Family("cue_after:interposed_name", "The name between a quote and a cue after it that has no subject in the parse.",
           "“We will win,” Ann Lee, a diplomat, wrote."),
    Family("cue_governs:interposed_name", "The name between a quote and the cue that governs it but has no subject in the parse.",
           "“We will win,” Ann Lee, a diplomat, wrote."),
)}

#: Why a quoted passage has no speaker: the rules of the quotes ``quotes extract --unattributed``
#: gives with ``speaker: null`` (they claim no speaker, so their confidence is 0).
UNATTRIBUTED: Mapping[str, Family] = {f.name: f for f in (
    Family("unattributed:no_cue", "No cue in the quote's sentence or next to it reports it, and no label names its speaker.",
           "The deal is a “pre-agreement” at best."),
    Family("unattributed:no_speaker", "A cue frames the quote, but the text names no one who speaks through it.",
           "“We will see,” it was said."),
    Family("unattributed:title", "A title-case quote after a preposition, article or work noun: the title of a work, not speech.",
           "She appeared on CNN's “State of the Union” on Sunday."),
    Family("unattributed:name", "A name or nickname, not speech: inside its own speaker's description, or after \"known as\", \"nicknamed\", \"dubbed\".",
           "The police stopped a driver known as “Speedy” on Tuesday."),
    Family("unattributed:label", "A short quote after a verb of pressing or choosing: a button's or option's label, not speech.",
           "She clicked “unsubscribe” and left."),
    Family("unattributed:not_said", "Every cue of the quote is negated: words someone did not say.",
           "He did not say “retreat,” but the troops left."),
    Family("unattributed:scare_quote", "A quoted word on a bare copula: the writer's scare quotes, reporting nothing.",
           "The plan was “dead on arrival” by Friday."),
    Family("unattributed:headline", "A quote in a headline, which condenses one the article reports in full.",
           "Mayor Vows “No Retreat” ¶ The mayor said on Tuesday she would not back down."),
    Family("unattributed:error", "The rules could not read the quote's sentence (a parse they do not expect); logged as a warning.",
           "“...” (any sentence the parser mangles)"),
)}
