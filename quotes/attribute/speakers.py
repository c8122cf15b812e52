"""Speaker patterns: from a cue to the noun phrase that says who speaks.

The patterns follow the usual dependency patterns of reported speech (Pareti 2016; Newell et
al. 2018) and are tried as data, in three ordered tuples; the first that decides wins:

1. :data:`BY_CUE`, on what the cue is: "according to X", "in X's view", a text that reads
   ("“...,” read the email"), a reporting noun with its source ("X's statement");
2. the walk up from the cue's verb (:data:`quotes.attribute.chain.CHAIN`): the subject of the
   cue or of the clause that holds it;
3. :data:`INVERTED`, for a finite cue the walk found no subject of: a name just before it,
   the inverted "said X" order, and a subject set off by commas.

:func:`find_speaker` turns what a pattern found into a :class:`Mention`; the name it gives
(``pattern`` or ``pattern+noun_cue`` / ``pattern+document`` for a reporting noun that stands
for its source) is the second half of the rule name an attribution carries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Token

from quotes.attribute.chain import bridge_up, walk
from quotes.attribute.cues import read_source
from quotes.attribute.mentions import Mention, mention_from_head
from quotes.attribute.records import Context
from quotes.attribute.search import Found, Search, Step
from quotes.attribute.sources import noun_source
from quotes.attribute.tokens import heads_of, in_phrase, phrase_head, right_after_quote
from quotes.lexicon.closed import ASIDE_OPENERS, INSIDE_PHRASE_DEPS, SKIP_AFTER_CUE
from quotes.parse.paragraphs import Paragraph

CuePattern = Callable[[Search], "Found | Step | None"]
InvertedPattern = Callable[[Search], "Found | None"]


def according_to(search: Search) -> Found | None:
    """ "according to the mayor": the object of "to"."""
    if search.cue.lower_ != "according":
        return None
    return Found(search.context.patterns.source("according_to", search.cue), "according_to")


def view_owner(search: Search) -> Found | None:
    """ "in his view", "in the opinion of the court": who holds the view; "leads in the latest
    poll": the poll finds it."""
    cue = search.cue
    if not in_phrase(cue):
        return None
    if cue.lemma_.lower() in search.context.lexicon.record_nouns:
        return Found(cue, "subject")
    return Found(search.context.patterns.source("possessor", cue), "possessor")


def text_that_reads(search: Search) -> Found | None:
    """ "“...,” read the email.": the text speaks (its subject case is the walk's)."""
    text = read_source(search.cue)
    if text is not None and text.dep_ != "nsubj":
        return Found(text, "read_text")
    return None


def reporting_noun(search: Search) -> Found | Step | None:
    """A reporting noun speaks for its source ("X's statement"); a tagger's noun may be a verb
    ("Bozell answers."); a message in a verb's phrase is the verb's subject's ("encouraged
    staffers with a simple message: ...")."""
    cue = search.cue
    if cue.pos_ not in ("NOUN", "PROPN") or cue.lemma_.lower() == "read":
        return None
    verbs = search.context.lexicon.cue_verbs
    if cue.i > 0 and cue.doc[cue.i - 1].pos_ in ("PROPN", "NOUN", "NUM", "PRON") and (
        cue.lower_ in verbs or cue.lower_.rstrip("s") in verbs
    ):
        return Found(cue.doc[cue.i - 1], "mistagged_verb")
    owner, pattern = noun_source(search, cue)
    if owner is not None or cue.dep_ != "pobj":
        return Found(owner, pattern)
    verb = bridge_up(cue.head)
    if verb.pos_ not in ("VERB", "AUX"):
        return Found(None, pattern)
    return Step(verb, "noun_cue_verb")


def name_before(search: Search) -> Found | None:
    """ "In a statement, her adviser, Jake Sullivan, said:": a name the parser hung elsewhere."""
    cue = search.cue
    left = cue.doc[cue.i - 1] if cue.i > 0 else None
    if left is not None and left.text == "," and left.i > 0:
        left = cue.doc[left.i - 1]
    if left is not None and left.ent_type_ == "PERSON" and not search.quoted(left):
        return Found(left, "left_name")
    return None


def surname_as_adverb(search: Search) -> Found | None:
    """ "Jolly said he would ...", "Early described it as ...": a surname the tagger read as an
    adverb, the only word before a finite cue that has no subject."""
    cue = search.cue
    if cue.i == 0 or cue.i - 1 != cue.sent.start:
        return None
    left = cue.doc[cue.i - 1]
    if left.is_title and left.dep_ in ("advmod", "npadvmod", "amod", "nmod", "compound", "dep") and not search.quoted(left):
        return Found(left, "mistagged_subject")
    return None


def inverted(search: Search) -> Found | None:
    """ "..., said the leader of the party, Sergio Vergara.": the speaker after the cue, past
    its adverbs and prepositional phrases, up to the end of the writer's words."""
    cue = search.cue
    sent_end = cue.sent.end
    for tok in cue.doc[cue.i + 1 : sent_end]:
        if search.quoted(tok) or (tok.is_punct and tok.text != ","):
            return None
        found = _inverted_at(search, tok)
        if found is not None:
            return found if found.head is not None else None
    return None


def _inverted_at(search: Search, tok: Token) -> Found | None:
    """What ``tok`` after the cue says about an inverted speaker: it is the speaker, it ends
    the search (``Found(None, ...)``), or nothing yet (``None``)."""
    cue = search.cue
    after_quote = right_after_quote(cue)
    if tok.i == cue.i + 1 and tok.is_title and tok.pos_ in ("ADV", "ADJ", "X", "INTJ") and after_quote and (
        tok.ent_type_ not in ("DATE", "TIME")
    ):
        return Found(tok, "inverted")  # "“...,” said Skelly.": a surname the tagger took for an adverb
    if (
        tok.dep_ == "dobj" and tok.head.i == cue.i and after_quote
        and (tok.pos_ in ("NOUN", "PROPN") or tok.lower_ in ("another", "others"))
        and cue.lemma_.lower() not in search.context.lexicon.addressee_verbs
    ):
        return Found(tok, "inverted")  # "“...” tweeted a user from Hanover": the parser's object
    if tok.dep_ in SKIP_AFTER_CUE or tok.head.dep_ in ("prep", "pobj") and tok.head.i > cue.i:
        if (
            tok.pos_ in ("PROPN", "NOUN", "PRON")
            and tok.dep_ not in ("pobj", "npadvmod", "dobj", "dative")
            and tok.dep_ not in INSIDE_PHRASE_DEPS  # "wrote in a June 2012 email", "at a POLITICO event"
            and tok.ent_type_ not in ("DATE", "TIME")
        ):
            return Found(tok, "inverted")
        return None
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i != cue.i and tok.head.pos_ in ("VERB", "AUX"):
        return Found(None, "inverted")  # the subject of a reported clause ("said he would go")
    if tok.pos_ in ("PROPN", "NOUN", "PRON") and tok.dep_ not in ("dobj", "dative", "pobj"):
        while tok.dep_ in ("compound", "flat", "amod", "det") and tok.head.i > tok.i and tok.head.i < cue.sent.end:
            tok = tok.head
        return Found(tok, "inverted")
    return None


def subject_set_off(search: Search) -> Found | None:
    """The subject of a finite cue that the parser lost, from the comma-set phrases before it:
    "Senator Harry Reid, the minority leader, said", "Sanders, meanwhile, who has none, said",
    "In all, the committee raised $57 million, election records show".

    Going left from the cue, asides are passed over (a relative clause, a participle, a
    prepositional phrase, a lone adverb); the first phrase with no verb of its own (or none
    but in the clauses that modify its noun) is the subject. A phrase with no verb at all may
    describe the name just before it, which is then the subject.
    """
    phrases = _phrases_before(search)
    for k in range(len(phrases) - 1, -1, -1):
        phrase = phrases[k]
        first = phrase[0]
        if (
            first.lower_ in ASIDE_OPENERS
            or first.pos_ in ("ADP", "ADV", "SCONJ", "VERB", "AUX", "PART")
            or all(t.ent_type_ in ("DATE", "TIME") or t.is_punct for t in phrase)
        ):
            continue
        head = _subject_phrase_head(phrase)
        if head is None:
            return None
        modified = any(t.pos_ in ("VERB", "AUX") for t in phrase)
        if not modified and k > 0 and head.pos_ != "PROPN" and first.pos_ in ("DET", "ADJ", "NOUN", "PRON"):
            named = phrases[k - 1]
            if not any(t.pos_ in ("VERB", "AUX") for t in named) and (name := phrase_head(named)) is not None and name.pos_ == "PROPN":
                return Found(name, "left_phrase")  # "Senator Harry Reid, the minority leader, said"
        return Found(head, "left_phrase")
    return None


def _phrases_before(search: Search) -> list[list[Token]]:
    """The comma-set phrases of the writer's words before the cue, in its sentence."""
    cue = search.cue
    doc = cue.doc
    start = cue.sent.start
    for i in range(cue.i - 1, cue.sent.start - 1, -1):
        if search.quoted(doc[i]) or doc[i].text in (":", ";") or doc[i].tag_ in ("''", "``"):
            start = i + 1
            break
    phrases: list[list[Token]] = [[]]
    for tok in doc[start : cue.i]:
        if tok.text == ",":
            phrases.append([])
        elif not tok.is_space:
            phrases[-1].append(tok)
    return [p for p in phrases if p]


def _subject_phrase_head(phrase: list[Token]) -> Token | None:
    """The head noun of a phrase that can be a subject, or ``None`` when the phrase cannot be one."""
    if any(t.is_quote for t in phrase):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in phrase):
        # "a county official who spoke anonymously said": a noun phrase whose only verbs
        # are in the clauses that modify it
        heads = heads_of(phrase)
        head = heads[0] if len(heads) == 1 and heads[0].right_edge.i == phrase[-1].i else None
        if head is None or head.pos_ not in ("NOUN", "PROPN"):
            return None
    else:
        head = phrase_head(phrase)
    if head is None or head.ent_type_ in ("DATE", "TIME") or any(c.dep_ == "case" for c in head.children):
        return None  # "Saturday", "the district's": no one who speaks
    return head


#: Patterns on what the cue itself is, tried first, in order.
BY_CUE: tuple[CuePattern, ...] = (according_to, view_owner, text_that_reads, reporting_noun)
#: Patterns for a finite cue the walk found no subject of, in order.
INVERTED: tuple[InvertedPattern, ...] = (name_before, surname_as_adverb, inverted, subject_set_off)


def speaker_head(search: Search) -> Found:
    """The head of the speaker phrase of the search's cue, by the first pattern that decides."""
    step = Step(search.cue, "subject")
    for pattern in BY_CUE:
        result = pattern(search)
        if isinstance(result, Found):
            return result
        if isinstance(result, Step):
            step = result
            break
    found = walk(search, step)
    if found is not None:
        return found
    if search.cue.tag_ not in ("VBD", "VBZ", "VBP"):  # only finite verbs invert
        return Found(None, "no_subject")
    for inverted_pattern in INVERTED:
        found = inverted_pattern(search)
        if found is not None:
            return found
    return Found(None, "no_subject")


def find_speaker(context: Context, paragraph: Paragraph, cue: Token) -> tuple[Mention | None, str]:
    """Find who speaks through ``cue``.

    Args:
        context: The document.
        paragraph: The paragraph of the cue.
        cue: A reporting verb, reporting noun, "according", or a verb a quote hangs from.

    Returns:
        The speaker mention (or ``None``) and the name of the pattern that found it, with
        ``+noun_cue`` or ``+document`` when the speaker is a reporting noun's source or a
        document with no named source.
    """
    search = Search(context, paragraph, cue)
    found = speaker_head(search)
    head, pattern = found.head, found.pattern
    if head is None:
        return None, pattern
    lexicon = context.lexicon
    if pattern == "relative_clause":
        # "Smith, who said ...": the mention is "who", the name that of the noun it stands for
        named = mention_from_head(paragraph, head.head.head, lexicon)
        return replace(named, start=paragraph.char_start(head), end=paragraph.char_end(head), text=head.text), pattern
    if pattern == "relcl_subject":
        return _before_relative_clause(paragraph, head, mention_from_head(paragraph, head, lexicon)), pattern
    if pattern == "read_text" or (head.lemma_.lower() in lexicon.cue_nouns and head.pos_ == "NOUN"):
        owner, _ = noun_source(search, head)
        if owner is not None:
            return mention_from_head(paragraph, owner, lexicon), pattern + "+noun_cue"
        # "a joint statement read": a document with no named source, resolved later to its author
        return replace(mention_from_head(paragraph, head, lexicon), kind="document", gender="n"), pattern + "+document"
    return mention_from_head(paragraph, head, lexicon), pattern


def _before_relative_clause(paragraph: Paragraph, head: Token, named: Mention) -> Mention:
    """The mention of a subject ends before the verb the parser hung from it as a relative clause."""
    verb = next(c for c in head.rights if c.dep_ in ("relcl", "acl"))
    right = verb.left_edge.i - 1
    while right > head.i and (head.doc[right].is_punct or head.doc[right].is_space):
        right -= 1
    end = paragraph.char_end(head.doc[right])
    if named.end > end >= named.name_end:
        named = replace(named, end=end, text=paragraph.text[named.start - paragraph.start : end - paragraph.start])
    return named
