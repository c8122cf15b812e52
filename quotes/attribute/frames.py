"""The frame of a marked quote: the writer's words around it in its sentence, and what they say.

A quote's frame is the writer's sentence outside the marks: the words before the opening mark
(:func:`frame_before`) and after the closing one (:func:`frame_after`). The helpers here read
the frame: whether a cue governs the quote or only follows it, whether the quote stands as a
whole report (``direct``) or inside the writer's sentence (``partial``), whether it is a
work's title rather than speech, and which verb a quoted fragment hangs from.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from quotes.attribute.cues import mistagged_cue
from quotes.attribute.records import QuoteIndex
from quotes.attribute.tokens import subject_of
from quotes.lexicon import Lexicon
from quotes.lexicon.closed import FRAME_DEPS, NOMINAL_POS, SPEAKING_PRONOUNS, TERMINAL_PUNCT, TITLE_SMALL_WORDS
from quotes.parse.paragraphs import Paragraph

#: Tokens between a closing mark and an after-cue beyond which the cue no longer frames the quote.
AFTER_WINDOW = 10
#: Further out, an after-cue counts only with its subject in between ("..., Trump, the front-runner in ..., said").
LONG_AFTER_WINDOW = 40


def frame_before(paragraph: Paragraph, first: Token, quotes: QuoteIndex) -> list[Token]:
    """Tokens of the writer's sentence before ``first`` (an opening mark), nearest last."""
    out: list[Token] = []
    for tok in reversed(paragraph.doc[: first.i]):
        if quotes(paragraph.char_start(tok)) or tok.text in TERMINAL_PUNCT:
            break
        out.append(tok)
    out.reverse()
    return out


def frame_after(paragraph: Paragraph, last: Token, quotes: QuoteIndex) -> list[Token]:
    """Tokens of the writer's sentence after ``last`` (a closing mark), nearest first.

    A short quoted name inside the frame ("wearing “Ted Cruz” pins, said") does not end it.
    """
    out: list[Token] = []
    for tok in paragraph.doc[last.i + 1 :]:
        if tok.text in TERMINAL_PUNCT:
            break
        inner = quotes.find(paragraph.char_start(tok))
        if inner is not None and (inner.content_end - inner.content_start > 30 or not out):
            break
        out.append(tok)
    return out


def reports_own_words(cue: Token, after: Sequence[Token], lexicon: Lexicon) -> bool:
    """Whether a cue after a finished quote has words of its own to report, in the text after
    the quote: "“Build the wall.” And Trump decried an increase in crime" starts a new report."""
    if not after or after[0] is cue:  # inverted: "“...” wrote a reader calling himself Paul"
        return False
    frame = {t.i for t in after}
    addressed = cue.lemma_.lower() in lexicon.addressee_verbs  # "“...!” he told the cheering crowd"
    return any(
        c.i in frame and (c.dep_ == "ccomp" or (c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") and not addressed))
        for c in cue.children
    )


def subject_in(cue: Token, frame: Sequence[Token]) -> bool:
    """Whether the subject of ``cue`` lies in ``frame``."""
    subject = subject_of(cue)
    return subject is not None and any(t.i == subject.i for t in frame)


def mistagged_after_cue(after: Sequence[Token], lexicon: Lexicon) -> list[Token]:
    """A cue the tagger took for a noun right after a name: "“...,” Bozell answers."."""
    for i, tok in enumerate(after[:6]):
        if tok.pos_ in ("NOUN", "PROPN") and i > 0 and after[i - 1].pos_ in NOMINAL_POS:
            if mistagged_cue(tok, lexicon):
                return [tok]
    return []


def interposed_name(after: Sequence[Token], cue: Token) -> Token | None:
    """The name between a quote and its subjectless cue: "“...,” Ann Lee, a diplomat, wrote".

    Long appositions after a quote often leave the cue with no subject in the parse; the
    proper name right after the quote's comma is then its speaker, when only the cue, or
    an apposition closed by a comma before the cue, follows the name.
    """
    words = [t for t in after if not t.is_space and t.i < cue.i]
    if words and words[0].text == ",":  # the comma outside the marks, in British style
        words = words[1:]
    run: list[Token] = []
    for tok in words:
        if tok.pos_ != "PROPN" and tok.ent_type_ != "PERSON":
            break
        run.append(tok)
    if not run:
        return None
    rest = words[len(run) :]
    if rest and rest[0].text != ",":
        return None  # the name must end where an apposition opens, or run up to the cue
    return run[-1]


def lead_in_verb(lead_in: Sequence[Token]) -> Token | None:
    """The main verb of a lead-in that ends in a colon, when the lead-in is a whole clause."""
    if not lead_in:
        return None
    root = lead_in[-1]
    while root.head.i != root.i and lead_in[0].i <= root.head.i <= lead_in[-1].i:
        root = root.head
    return root if root.pos_ in ("VERB", "AUX") and root.i >= lead_in[0].i else None


def right_after(cue: Token, after: Sequence[Token]) -> bool:
    """Whether ``cue`` follows the quote with only punctuation or its own subject between
    ("“...,” the council member said", "“...?” asked Dunn")."""
    if not any(t.i == cue.i for t in after):
        return False
    subject = subject_of(cue)
    for tok in after:
        if tok.i == cue.i:
            return True
        if not (tok.is_punct or tok.is_space or (subject is not None and subject.left_edge.i <= tok.i <= subject.i)):
            return False
    return False


def framed_elsewhere(cue: Token, others: Sequence[Token], target: Token) -> bool:
    """Whether another governing cue, with a subject of its own, sits in ``cue``'s adverbial
    clause or subject: "While X said “...”, he said ..." leaves the quote to X, whose report
    holds it."""
    frames = [c for c in cue.children if c.dep_ in FRAME_DEPS]
    return any(
        (any(f.left_edge.i <= o.i <= f.right_edge.i for f in frames) or _told_aside(o, cue))
        and subject_of(o) is not None and o.is_ancestor(target)
        for o in others if o.i != cue.i
    )


def _told_aside(inner: Token, outer: Token) -> bool:
    """Whether ``inner`` hangs from ``outer``'s report through an adverbial or relative clause:
    the writer's aside ("she said the plan works, to which Adams retorted: “...”"), not a part of
    the report, as the clause of "X said Y told him “...”" is."""
    node = inner
    while node.head.i != node.i and node.i != outer.i:
        if node.dep_ in ("advcl", "relcl") and node.head.i != outer.i:
            return True
        node = node.head
    return False


def quote_type(before: list[Token], after: list[Token], cue_tok: Token | None, *, closes_sentence: bool = False) -> str:
    """``direct`` when the quote stands as the whole reported content, else ``partial``.

    What follows a quote that ends its own sentence ("“Big time.” For instance, ...") is the
    next sentence, not part of the quote's frame.
    """
    words = [t for t in before if not t.is_space]
    if words:
        last = words[-1].text
        if last == ":":
            return "direct"
        if not (last == "," and cue_tok is not None and cue_tok in words):
            return "partial"
    after_words = [] if closes_sentence else [t for t in after if not t.is_space]
    if after_words and after_words[0].text not in (",", ":", "—", "-") and (cue_tok is None or cue_tok not in after_words):
        return "partial"
    return "direct"


def looks_like_title(content: str, before: Sequence[Token], lexicon: Lexicon) -> bool:
    """Whether a quoted passage is a work's title ("State of the Union"), not speech.

    Title case throughout (small words aside), and either at most eight words introduced
    by a preposition, article or possessive ("on CNN's “State of the Union”"), or at most
    twelve (a subtitle) after a work noun, possibly with its determiners and a comma
    between ("in his 2012 book, “An American Son”").
    """
    words = [w for w in content.strip(" ,.").split() if w[:1].isalnum()]
    if not words or len(words) > 12 or not before:
        return False
    if not all(w[:1].isupper() or w[:1].isdigit() or (i and w.lower() in TITLE_SMALL_WORDS) for i, w in enumerate(words)):
        return False
    lead = before[-1]
    if len(words) <= 8 and (
        lead.lower_ in lexicon.title_lead_words or lead.tag_ in ("POS", "PRP$") or lead.text in ("’s", "'s") or lead.lower_ == "and"
    ):
        return True
    if 2 <= len(words) <= 8 and lead.lemma_.lower() in lexicon.opinion_verbs:
        return True  # "he thinks “Moby Dick” is overrated"
    for tok in reversed(before[-4:]):
        if tok.lemma_.lower() in lexicon.work_nouns:
            return True
        if not (tok.is_punct or tok.pos_ in ("DET", "ADJ", "PRON", "NUM", "PROPN") or tok.tag_ == "POS"):
            return False
    return False


#: Most words of a quoted name ("known as “Speedy”") or of a button's label ("clicked “unsubscribe”").
NAME_WORDS = 4


def not_speech(content: str, before: Sequence[Token], lexicon: Lexicon) -> str | None:
    """Why a quoted passage is not speech, if it is not: the rule name of a work's title, a name
    or nickname ("a driver known as “Speedy”"), or a button's or option's label ("she clicked
    “unsubscribe”")."""
    if looks_like_title(content, before, lexicon):
        return "unattributed:title"
    words = [t for t in before if not t.is_space]
    if not words or len(content.split()) > NAME_WORDS:
        return None
    lead = " ".join(t.lower_ for t in words[-3:])
    if any(lead.endswith(phrase) and (lead == phrase or lead.endswith(" " + phrase)) for phrase in lexicon.name_leads):
        return "unattributed:name"
    if words[-1].lemma_.lower() in lexicon.label_verbs and words[-1].pos_ == "VERB":
        return "unattributed:label"
    return None


def speaker_like(token: Token, lexicon: Lexicon) -> bool:
    """Whether a subject can be a source of speech: a person, group, organisation or document."""
    if token.pos_ == "PRON":
        return token.lower_ in SPEAKING_PRONOUNS
    if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or token.pos_ == "PROPN":
        return True
    lemma = token.lemma_.lower()
    return lemma in lexicon.titles or lemma in lexicon.source_nouns or lemma in lexicon.cue_nouns


def bare_copula(verb: Token) -> bool:
    """A finite "be" with no stance of its own: not "for being", not "are skeptical of"."""
    return (
        verb.lemma_ == "be"
        and verb.tag_ != "VBG"
        and not any(c.dep_ == "acomp" and any(g.dep_ == "prep" for g in c.children) for c in verb.children)
    )


def governing_verb(inside: Token, paragraph: Paragraph, quotes: QuoteIndex) -> Token | None:
    """The nearest verb outside the quote that the quoted words hang from."""
    tok = inside
    for _ in range(12):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if quotes(paragraph.char_start(tok)):
            continue
        if tok.pos_ in ("VERB", "AUX"):
            # reported content of a verb higher up belongs to that verb's subject
            while tok.dep_ in ("ccomp", "xcomp", "conj") and tok.head.pos_ in ("VERB", "AUX") and tok.head.i != tok.i:
                tok = tok.head
            return tok
    return None


def acting_verb(inside: Token, paragraph: Paragraph, quotes: QuoteIndex, lexicon: Lexicon) -> Token | None:
    """The nearest verb above a quoted fragment whose subject can speak, past subjectless ones.

    "Lewandowski ripped the director for acting as “the judge and the jury”": "acting" has
    no subject of its own; "ripped" has a person for one.
    """
    tok = inside
    for _ in range(12):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if quotes(paragraph.char_start(tok)) or tok.pos_ not in ("VERB", "AUX"):
            continue
        subject = subject_of(tok)
        if subject is not None:
            if speaker_like(subject, lexicon) and subject.lower_ not in ("i", "we"):  # not the writer's own voice
                return tok
            return None  # a verb with a subject that cannot speak ("the plan calls for “...”")
        if tok.dep_ not in ("pcomp", "advcl", "xcomp", "conj", "acl"):
            return None
    return None

