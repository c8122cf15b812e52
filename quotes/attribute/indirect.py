"""Indirect speech: the reported clause of a cue outside quote marks.

For each token outside quotes, :data:`CLAUSE_FINDERS` are tried in order ("according to X",
a poll's finding, "in X's view", a verb's reported clause); then, for an active verb with
no clause, what it reports otherwise (:mod:`quotes.attribute.reports`); then the words a cue
set off by commas splits from the rest of its report ("There is a risk, aides said, that
..."). The family a finder names is a speech act (``indirect_*``) unless the cue is a verb
of belief or finding (``belief_*``, ``evidence_*``).
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate

import numpy
from spacy.attrs import DEP, LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Token

from quotes.attribute.clauses import Range, before_next_cue, clause_range, clause_ranges
from quotes.attribute.cues import cue_lemma, is_cue, make_cue
from quotes.attribute.records import Attribution, Context
from quotes.attribute.reports import verb_report
from quotes.attribute.speakers import find_speaker
from quotes.attribute.tokens import asked_of, heads_of, in_phrase, opens_with_that, passive, sentence_edge, subject_of
from quotes.lexicon import Lexicon
from quotes.lexicon.closed import SUBJECT_DEPS, SUBORDINATORS
from quotes.parse.paragraphs import Paragraph

log = logging.getLogger(__name__)

#: A clause finder: (cue, its lemma, the document) -> the clause's token ranges and rule family,
#: or ``None`` when the cue is not of its kind (a finder that applies but finds no clause
#: returns an empty list, and the later finders are not tried).
ClauseFinder = Callable[[Token, str, Context], "tuple[list[Range], str] | None"]

#: Subordinators of an event clause that "according to X" closing the sentence scopes alone ("...,
#: after he was detained, according to legislators"); a contrast ("while", "although") is the
#: whole sentence's.
EVENT_SUBORDINATORS = frozenset({"after", "before", "when", "once", "until"})

#: Rule families of reports that a reported clause around them already gives: beliefs,
#: findings, intentions and speech acts ("said he wants to run", "said it denied the claim").
SECONDARY = ("belief", "evidence", "indirect_xcomp", "indirect_object", "indirect_naming", "indirect_topic",
             "indirect_gerund", "indirect_judging")  # fmt: skip


def according_to_clause(tok: Token, lemma: str, context: Context) -> tuple[list[Range], str] | None:
    """ "according to X, CLAUSE": the clause "according to" hangs from, or the whole sentence
    when it opens or closes it ("A rose, but B fell, according to X")."""
    if tok.lower_ != "according" or not is_cue(tok, context.lexicon) or tok.head.i == tok.i:
        return None
    if sentence_edge(tok):
        scoped = _closing_subordinate(tok)
        if scoped is not None:
            return [scoped], "indirect_according_to"
        return clause_ranges(tok.sent.root, exclude=tok, whole=True), "indirect_according_to"
    return clause_ranges(tok.head, exclude=tok), "indirect_according_to"


def _closing_subordinate(tok: Token) -> Range | None:
    """The subordinate clause that "according to X" closes, which it alone attributes:
    "Belongings are seen on the floor, after he was detained by agents, according to
    legislators" gives the legislators the detention, not the whole caption."""
    end = tok.left_edge.i - 1
    while end > tok.sent.start and (tok.doc[end].is_punct or tok.doc[end].is_space):
        end -= 1
    for clause in tok.sent:
        if clause.dep_ != "advcl" or clause.right_edge.i != end or clause.i > end:
            continue
        mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ in EVENT_SUBORDINATORS), None)
        if mark is not None and mark.i == clause.left_edge.i:
            return clause_range(clause, bounds=(mark.i + 1, end), extend_left=False)
    return None


def poll_clause(tok: Token, lemma: str, context: Context) -> tuple[list[Range], str] | None:
    """ "Clinton leads in the latest CNN poll": what comes before the poll is its finding."""
    finding = _poll_finding(tok, context.lexicon)
    if finding is None:
        return None
    return clause_ranges(finding, exclude=tok.head, whole=True)[:1], "evidence_in"


def view_clause(tok: Token, lemma: str, context: Context) -> tuple[list[Range], str] | None:
    """ "In their view, CLAUSE": a belief, held by the possessor."""
    if not _in_view_of(tok, context.lexicon):
        return None
    edge = sentence_edge(tok.head)
    return clause_ranges(tok.sent.root if edge else tok.head.head, exclude=tok.head, whole=edge), "belief_view"


def reported_clause(tok: Token, lemma: str, context: Context) -> tuple[list[Range], str] | None:
    """A verb's clausal complement ("X said (that) CLAUSE"), or the clause a cue set off after
    it reports ("CLAUSE, X said")."""
    lexicon = context.lexicon
    if tok.pos_ != "VERB" or lemma not in lexicon.report_verbs:
        return None
    comps = [c for c in tok.children if c.dep_ == "ccomp"]
    # the clause after the cue, when the parser also hung the sentence before it there ("X
    # seems to know it — he told the AP that ...")
    comp = next((c for c in comps if c.i > tok.i and c.pos_ in ("VERB", "AUX")), comps[0] if comps else None)
    if comp is not None and comp.pos_ not in ("VERB", "AUX") and not opens_with_that(comp):
        return [], ""  # "declared himself interim president" names, it reports no clause
    if comp is not None:
        return _complement(tok, lemma, comp, comps, lexicon), "indirect_ccomp"
    if reports_before(tok) and tok.head.pos_ in ("VERB", "AUX") and not _bare_cue(tok.head, lexicon):
        return clause_ranges(tok.head, exclude=tok), "indirect_parataxis"
    if _interposed(tok) and not _bare_cue(tok.sent.root, lexicon):
        return clause_ranges(tok.sent.root, exclude=tok), "indirect_parataxis"
    return [], ""


def _interposed(cue: Token) -> bool:
    """Whether a cue and its subject stand between two commas, hung from a noun before them
    ("The hashtag, Mr. Abboud said, accompanied ..."): the frame of a split report of the whole
    sentence, whatever the parse made of the words around it."""
    doc, left, right = cue.doc, cue.left_edge.i, cue.right_edge.i
    return (
        cue.dep_ == "parataxis" and cue.head.pos_ in ("NOUN", "PROPN") and cue.head.i < cue.i
        and cue.sent.root.i != cue.i
        and left > cue.sent.start and "," in (doc[left].text, doc[left - 1].text)
        and right + 1 < cue.sent.end - 1 and "," in (doc[right].text, doc[right + 1].text)
    )


def _bare_cue(clause: Token, lexicon: Lexicon) -> bool:
    """Whether a clause is only another cue and its speaker ("“Go,” she said, she said"): a
    chain of cues, which reports nothing but the quotes around it."""
    return clause.lemma_ in lexicon.cue_verbs and not any(
        c.dep_ in ("ccomp", "dobj", "xcomp", "dative", "prep", "advcl") and not _in_marks(c) for c in clause.children
    )


def _in_marks(tok: Token) -> bool:
    """Whether the phrase of ``tok`` opens with a quote mark: a marked quote, not a reported clause."""
    first = tok.left_edge.i
    return tok.doc[first].is_quote or (first > 0 and tok.doc[first - 1].is_quote)


def _complement(tok: Token, lemma: str, comp: Token, comps: list[Token], lexicon: Lexicon) -> list[Range]:
    """The token ranges of a verb's reported clause ``comp``, mended where the parse splits it."""
    clauses = clause_ranges(comp, exclude=None)
    lead: list[Range] = []
    if clauses and comp.i > tok.i and clauses[0][0] <= tok.i:
        # "..., which Democrats say could help him": the relative pronoun the clause opens
        # with stands before the cue and its speaker, the report's first part
        subject = subject_of(tok)
        frame_start = min(tok.i, subject.left_edge.i) if subject is not None else tok.i
        before = [t.i for t in comp.subtree if t.i < frame_start]
        if before:
            lead = [(clauses[0][0], max(before))]
        clauses[0] = (min(t.i for t in comp.subtree if t.i > tok.i), clauses[0][1])
    elif clauses and tok.dep_ == "relcl" and comp.i > tok.i and not any(c.dep_ in ("nsubj", "nsubjpass") for c in comp.children):
        # "a decision they say allowed terrorists to ...": the noun the cue's clause relates to
        # is the subject the reported clause lacks, the report's first part
        antecedent = tok.head
        if antecedent.i < tok.left_edge.i:
            lead = [(antecedent.left_edge.i, tok.left_edge.i - 1)]
    obj = next((c for c in tok.children if c.dep_ == "dobj" and c.right_edge.i == comp.left_edge.i - 1), None)
    if clauses and obj is not None and lemma not in lexicon.addressee_verbs:
        # "adding the residences of X had been raided": the clause's subject, taken for the cue's object
        clauses[0] = (obj.left_edge.i, clauses[0][1])
    if clauses and len(comps) > 1 and comp.i > tok.i:
        # "said the inquiry had ended, had started late and ...": one report the parser split
        # into sibling clauses
        tail = clause_ranges(comps[-1], exclude=None)
        if tail and tail[-1][1] > clauses[-1][1]:
            clauses[-1] = (clauses[-1][0], tail[-1][1])
    return lead + [before_next_cue(c, tok.doc, tok, lexicon) for c in clauses]


#: The clause finders, in the order tried.
CLAUSE_FINDERS: tuple[ClauseFinder, ...] = (according_to_clause, poll_clause, view_clause, reported_clause)


def indirect(context: Context) -> list[Attribution]:
    """Reported clauses of reporting verbs and "according to", outside quote marks.

    A cue inside its clause ("The issues, respondents said, are ...") reports both parts,
    which come out as two quotes sharing cue and speaker.
    """
    out: list[Attribution] = []
    for paragraph in context.parsed.paragraphs:
        for tok in _may_report(paragraph.doc):
            if context.in_quote(paragraph.char_start(tok)):
                continue
            try:
                out.extend(reports_of(context, paragraph, tok))
            except Exception:  # a sentence the parser mangles costs that report, never the document
                log.warning("could not read a report at offset %d", paragraph.char_start(tok), exc_info=True)
    return out


_ACCORDING = get_string_id("according")
_POBJ = get_string_id("pobj")


def _may_report(doc: Doc) -> list[Token]:
    """The tokens of ``doc`` a clause finder can start from (see :data:`CLAUSE_FINDERS`): a
    verb, "according", or the noun of a phrase ("in his view", "in the latest poll"), read
    off the token array so that no Token is made for the other words."""
    if not len(doc):
        return []
    pos, lower, dep = doc.to_array([POS, LOWER, DEP]).T
    kept = (pos == VERB) | (lower == _ACCORDING) | ((pos == NOUN) & (dep == _POBJ))
    return [doc[i] for i in numpy.flatnonzero(kept).tolist()]


def report_ranges(tok: Token, lemma: str, context: Context) -> tuple[list[Range], str]:
    """The token ranges ``tok`` reports and the rule family that found them (``""`` for none)."""
    clauses, family = next((r for r in (f(tok, lemma, context) for f in CLAUSE_FINDERS) if r is not None), ([], ""))
    if not clauses and tok.pos_ == "VERB" and not passive(tok):
        clauses, family = verb_report(tok, lemma, context.lexicon)
    if tok.pos_ == "VERB" and lemma in context.lexicon.cue_verbs and (piece := fronted_piece(tok, context.lexicon)) is not None:
        if not any(first <= piece[1] and piece[0] <= last for first, last in clauses):
            # "There is a risk, some members said, that ...": the words before a cue set off by
            # commas are the first part of its report
            clauses = [piece, *clauses]
            family = family or "indirect_split"
    return clauses, family


def act_family(family: str, lemma: str, lexicon: Lexicon) -> str:
    """A speech act's family as a belief or a finding when its cue is a verb of one ("think",
    "show"): ``indirect_ccomp`` -> ``belief_ccomp``."""
    if not family.startswith("indirect"):
        return family
    if lemma in lexicon.belief_verbs:
        return family.replace("indirect", "belief", 1)
    if lemma in lexicon.evidence_verbs:
        return family.replace("indirect", "evidence", 1)
    return family


def reports_of(context: Context, paragraph: Paragraph, tok: Token) -> list[Attribution]:
    """The reports of one token outside quote marks, if it is a cue: its clause, its object or
    infinitive, the part of a split report before it, all with the speaker found for it."""
    if asked_of(tok):
        return []  # what someone unnamed asked the main clause's subject is not the subject's report
    lemma = cue_lemma(tok, context.lexicon)
    clauses, family = report_ranges(tok, lemma, context)
    clauses = [c for c in clauses if not _only_a_frame(tok.doc[c[0] : c[1] + 1], context.lexicon)]
    if not clauses:
        return []
    mention, pattern = find_speaker(context, paragraph, tok)
    if mention is None:
        return []
    rule = f"{act_family(family, lemma, context.lexicon)}:{pattern}"
    cue = make_cue(paragraph, tok, context.lexicon)
    return [
        Attribution(start, end, "indirect", cue, mention, rule, False, paragraph.start)
        for start, end in _spans(context, paragraph, clauses)
        if not start <= mention.start < end
    ]


def _only_a_frame(words: Sequence[Token], lexicon: Lexicon) -> bool:
    """Whether a reported clause is only another report's frame, a cue and its subject ("The plan
    works, she said, she said": the second "she said" is no report of the first)."""
    words = [t for t in words if not (t.is_punct or t.is_space)]
    tops = heads_of(words)
    if len(tops) != 1 or not is_cue(tops[0], lexicon):
        return False
    subject = subject_of(tops[0])
    frame = {tops[0].i} | ({t.i for t in subject.subtree} if subject is not None else set())
    return all(t.i in frame for t in words)


def _spans(context: Context, paragraph: Paragraph, clauses: list[Range]) -> Iterator[tuple[int, int]]:
    """Character spans of reported clauses, without the ones that are no report of their own: a
    too-short piece, words mostly quoted (given as quotes). A relative pronoun alone is the
    first part of a report split by its cue ("[which] the campaign says [includes 2.7 million
    contributors]")."""
    doc = paragraph.doc
    for first, last in clauses:
        start, end = _with_marks(context, paragraph.start + doc[first].idx, paragraph.char_end(doc[last]))
        short = end - start < 8 and not (len(clauses) > 1 and any(c.isalnum() for c in context.parsed.text[start:end]))
        if short or context.quotes.quoted_chars(start, end) > 0.5 * (end - start):
            continue  # the head of a clause split by its cue ("Time, he added, was ...") may be short
        yield start, end


def _with_marks(context: Context, start: int, end: int) -> tuple[int, int]:
    """A clause's span widened to the marks of a quote it starts or ends with, so that it
    never cuts a quote: "He thinks [“Moby Dick” is overrated]", not "[Moby Dick” is overrated]"."""
    first, last = context.quotes.find(start), context.quotes.find(end - 1)
    if first is not None and first.start < start and first.end < end:
        start = first.start
    if last is not None and last.end > end and last.start > start:
        end = last.end
    return start, end


def _in_view_of(tok: Token, lexicon: Lexicon) -> bool:
    """Whether ``tok`` is the noun of "in X's view" or "in the opinion of X"."""
    if not (in_phrase(tok) and tok.lower_ in lexicon.view_nouns):
        return False
    prep = tok.head
    before = tok.doc[prep.i - 1] if prep.i > tok.sent.start else None
    return (
        prep.head.pos_ in ("VERB", "AUX")
        and prep.head.i != prep.i
        and any(c.dep_ in SUBJECT_DEPS for c in prep.head.children)
        # set off from the clause, not a complement ("believed in her judgment")
        and (before is None or before.is_punct or before.tag_ in ("WDT", "WP"))
        and any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in tok.children)
    )


def _poll_finding(tok: Token, lexicon: Lexicon) -> Token | None:
    """The verb of the clause a poll finds, when ``tok`` is the poll of "leads in the latest
    poll"; never a clause that is a report of its own ("in the poll, 40 percent said ..." is
    the 40 percent's)."""
    if not (in_phrase(tok) and tok.lemma_.lower() in lexicon.poll_nouns):
        return None
    if not any(c.dep_ in ("amod", "compound", "nmod", "nummod", "poss", "prep") for c in tok.children):
        return None  # "rose in the polls" tells a trend, no poll in particular
    verb = tok.head.head
    while verb.dep_ == "xcomp" and verb.head.i != verb.i:
        verb = verb.head  # "continues to lead in polls"
    if (
        verb.pos_ in ("VERB", "AUX")
        and verb.i != tok.head.i
        and cue_lemma(verb, lexicon) not in lexicon.read_verbs
        and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
    ):
        return verb
    return None


def fronted_piece(cue: Token, lexicon: Lexicon) -> Range | None:
    """The words opening the sentence before a cue that commas set off from them: "There is a
    risk, some members said, that ...", "At times last year, aides said, the mere mention ...".

    The cue with its subject and its own modifiers ("he said in an interview") must stand
    between two commas.
    """
    subject = subject_of(cue)
    if subject is None or subject.i > cue.i or subject.dep_ != "nsubj":
        return None
    doc, sent = cue.doc, cue.sent
    comma = subject.left_edge.i - 1
    if comma <= sent.start or doc[comma].text != "," or doc[comma - 1].dep_ == "cc":
        return None  # "... and, he argued, to help": the report is what the "and" joins
    tail = max([cue.i] + [c.right_edge.i for c in cue.children
                          if c.i > cue.i and c.dep_ in ("prep", "npadvmod", "advmod", "dative", "dobj", "agent")])
    after = tail + 1
    if after >= sent.end - 1 or doc[after].text != ",":
        return None
    found = clause_range(sent.root, bounds=(sent.start, comma - 1), whole=True, extend_left=False)
    if found is None or not _clause_of_its_own(cue, doc[found[0] : found[1] + 1], lexicon):
        return None
    return found


def _clause_of_its_own(cue: Token, words: Sequence[Token], lexicon: Lexicon) -> bool:
    """Whether the words before a set-off cue are a clause of the cue's report ("There is a
    risk") or a condition ("If the talks fail"), never the writer's setting ("On Sunday", "In
    a statement", "When asked about it", "After she left") nor a report of its own."""
    tops = [t for t in heads_of(words) if not (t.is_punct or t.dep_ == "cc")]
    clause = tops[0] if len(tops) == 1 else None
    if clause is None or clause.pos_ not in ("VERB", "AUX"):
        return False
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children):
        return False
    opener = next(t for t in words if t.dep_ != "cc")
    if opener.lower_ in SUBORDINATORS or any(
        (c.dep_ == "mark" and c.lower_ != "if") or c.tag_ == "WRB" for c in clause.children if c.i < clause.i
    ):
        return False
    if clause.head.i != cue.i and clause.i not in (cue.head.i, cue.head.head.i):
        return False  # "..., which is an outcome, he said, ...": the words before are another clause's
    # "Aides said the deal was off, the mayor added, ...": a report of its own
    return not (is_cue(clause, lexicon) and any(c.dep_ in ("ccomp", "dobj") for c in clause.children))


def reports_before(cue: Token) -> bool:
    """Whether ``cue`` reports the clause it hangs from: "The plan works, she said.".

    The parser gives such a cue as ``parataxis``, or as a ``conj`` of the clause when the cue
    comes last after a comma with no "and" or "but" of its own ("..., said the chief executive").
    """
    if cue.dep_ == "parataxis":
        return True
    if cue.dep_ != "conj" or cue.head.i > cue.i or cue.left_edge.i == 0:
        return False
    doc = cue.doc
    if doc[cue.left_edge.i - 1].text != "," or any(c.dep_ == "cc" for c in cue.children):
        return False
    return all(t.is_punct or t.is_space for t in doc[cue.right_edge.i + 1 : cue.sent.end])


def without_doubles(indirect_atts: list[Attribution], marked: list[Attribution]) -> list[Attribution]:
    """Drop reported clauses that only restate a quote their cue already reports, and reports
    inside a report already given.

    "Bloomberg said it was “impossible” for him to win" is one report: its quoted words come
    out as a partial quote, and the clause around them is not a second one. "says he doesn't
    think X will win" gives the saying, not the belief inside it.
    """
    quoted_by_cue: dict[int, list[int]] = defaultdict(list)
    for att in marked:
        if att.cue is not None:
            quoted_by_cue[att.cue.start].append(att.start)
    for starts in quoted_by_cue.values():
        starts.sort()
    kept = [att for att in indirect_atts if att.cue is None or not _holds(quoted_by_cue.get(att.cue.start, []), att)]
    covered = _coverage([(o.start, o.end) for o in kept if not o.rule.startswith(SECONDARY)])
    return [att for att in kept if not (att.rule.startswith(SECONDARY) and att.cue is not None and covered(att.cue.start))]


def _holds(starts: list[int], att: Attribution) -> bool:
    """Whether one of ``starts`` (ascending) lies in ``att.start..att.end``."""
    k = bisect_left(starts, att.start)
    return k < len(starts) and starts[k] < att.end


def _coverage(intervals: list[tuple[int, int]]) -> Callable[[int], bool]:
    """A test of whether an offset lies inside one of ``intervals`` (half-open), in logarithmic time."""
    intervals.sort()
    starts = [s for s, _ in intervals]
    reach = list(accumulate((e for _, e in intervals), max))

    def covered(offset: int) -> bool:
        k = bisect_right(starts, offset) - 1
        return k >= 0 and reach[k] > offset

    return covered
