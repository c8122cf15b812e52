"""Rules on a parsed document: which quoted passage is reported speech, through which cue, by whom.

Marked quotes (from :mod:`quotes.marks`) are attributed through the cue in their frame, the
words of their sentence outside the marks; quotes with no cue of their own take the speaker
of a neighbouring quote (split quotes, continued paragraphs) unless the text changes speaker.
Indirect speech is a reporting verb's clausal complement ("X said (that) CLAUSE", "CLAUSE,
X said", "according to X, CLAUSE").
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from quotes.attribute.mentions import (
    Mention,
    asked_of,
    find_speaker,
    heads_of,
    in_phrase,
    mention_from_head,
    opens_with_that,
    read_source,
    right_after_quote,
)
from quotes.attribute.mentions import subject_of as _subject_token
from quotes.lexicon import Lexicon
from quotes.lexicon.closed import (
    ADJUNCT_OPENERS,
    CALENDAR,
    FRAME_DEPS,
    NOMINAL_POS,
    NOT_GLOSSES,
    SUBORDINATORS,
    TERMINAL_PUNCT,
    TITLE_SMALL_WORDS,
)
from quotes.marks import DOUBLE, SINGLE, QuotedSpan
from quotes.parse.paragraphs import Paragraph
from quotes.parse.pipe import ParsedText
from quotes.types import Cue

log = logging.getLogger(__name__)

_LABEL = re.compile(r"([A-Z][A-Z.'’\- ]{1,40}?):\s")
#: Tokens between a closing mark and an after-cue beyond which the cue no longer frames the quote.
AFTER_WINDOW = 10
#: Further out, an after-cue counts only with its subject in between ("..., Trump, the front-runner in ..., said").
LONG_AFTER_WINDOW = 40


@dataclass(frozen=True)
class Attribution:
    """A quote span with its cue and speaker mention, before names are resolved.

    Attributes:
        start: Content start offset.
        end: Content end offset.
        type: ``direct``, ``partial`` or ``indirect``.
        cue: The reporting cue, if any.
        mention: The speaker mention the attribution rests on, if any.
        rule: The rule that decided the attribution.
        question: The content is a question (ends with "?").
        paragraph_start: Offset of the paragraph the quote closes in.
        sentence_start: Offset of the sentence the quote opens in (marked quotes only).
    """

    start: int
    end: int
    type: str
    cue: Cue | None
    mention: Mention | None
    rule: str
    question: bool = False
    paragraph_start: int = -1
    sentence_start: int = -1


class QuoteIndex:
    """Answers "is this offset inside a marked quote?" in logarithmic time."""

    def __init__(self, spans: Sequence[QuotedSpan]) -> None:
        self.spans = list(spans)
        self.starts = [s.start for s in self.spans]

    def find(self, offset: int) -> QuotedSpan | None:
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.spans[i].start <= offset < self.spans[i].end:
            return self.spans[i]
        return None

    def __call__(self, offset: int) -> bool:
        return self.find(offset) is not None

    def quoted_chars(self, start: int, end: int) -> int:
        i = max(bisect_right(self.starts, start) - 1, 0)
        total = 0
        for span in self.spans[i:]:
            if span.start >= end:
                break
            total += max(0, min(end, span.end) - max(start, span.start))
        return total


def cue_lemma(token: Token, lexicon: Lexicon) -> str:
    """The lemma of ``token``, with the tagger's dropped "e" put back for a verb of the
    lexicon: the small English model gives "hopes", "hoped" and "hoping" the lemma "hop"."""
    lemma = token.lemma_.lower()
    word = token.lower_
    if token.pos_ in ("VERB", "AUX", "NOUN") and (word.startswith(lemma + "e") or word == lemma + "ing"):
        fixed = lemma + "e"
        if fixed in lexicon.verbs:
            return fixed
    return lemma




def _read_text(lemma: str, lexicon: Lexicon) -> bool:
    """Whether a noun with this lemma names a text that can "read" something."""
    return lemma in lexicon.read_texts or lemma in lexicon.cue_nouns or lemma in lexicon.record_nouns


def is_cue(token: Token, lexicon: Lexicon) -> bool:
    """Whether ``token`` can report speech: a reporting verb, "according (to)" or a reporting noun."""
    if token.lower_ == "according":
        return token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"
    lemma = cue_lemma(token, lexicon)
    if (phrasal := lexicon.phrasal_cues.get(lemma)) is not None:  # "Trump went on", "shot back", "as X put it"
        return any(c.dep_ in phrasal.deps and c.lower_ == phrasal.particle for c in token.children)
    if token.lower_ == "words":  # "in the words of a senior adviser"
        return (
            token.dep_ == "pobj" and token.head.lower_ == "in"
            and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
        )
    if lemma == "read":  # "a joint statement read" (tagged a noun as often as a verb), "“...,” read the email"
        text = read_source(token)
        return text is not None and (_read_text(text.lemma_.lower(), lexicon) or text.lower_ in ("it", "which"))
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        return lemma in lexicon.cue_verbs
    if token.pos_ == "NOUN":
        return token.lemma_.lower() in lexicon.cue_nouns and token.dep_ in ("nsubj", "pobj", "dobj", "appos")
    return False


def make_cue(paragraph: Paragraph, token: Token, lexicon: Lexicon) -> Cue:
    """The :class:`Cue` of a cue token ("according to" keeps both words)."""
    end_token = token.doc[token.i + 1] if token.lower_ == "according" else token
    start, end = paragraph.char_start(token), paragraph.char_end(end_token)
    lemma = "according to" if token.lower_ == "according" else cue_lemma(token, lexicon)
    return Cue(text=paragraph.doc.text[token.idx : end_token.idx + len(end_token.text)], lemma=lemma, start=start, end=end)


def _frame_before(paragraph: Paragraph, first: Token, quotes: QuoteIndex) -> list[Token]:
    """Tokens of the writer's sentence before ``first`` (an opening mark), nearest last."""
    out: list[Token] = []
    for tok in reversed(paragraph.doc[: first.i]):
        if quotes(paragraph.char_start(tok)) or tok.text in TERMINAL_PUNCT:
            break
        out.append(tok)
    out.reverse()
    return out


def _frame_after(paragraph: Paragraph, last: Token, quotes: QuoteIndex) -> list[Token]:
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


def _lead_in_from_previous_paragraph(parsed: ParsedText, paragraph: Paragraph, lexicon: Lexicon) -> list[tuple[Paragraph, Token, str]]:
    """Cues of a lead-in that ends the paragraph before with a colon ("Breitbart News responded:")."""
    index = next((i for i, b in enumerate(parsed.paragraphs) if b.start == paragraph.start), 0)
    if index == 0:
        return []
    prev = parsed.paragraphs[index - 1]
    if not prev.doc.text.rstrip().endswith(":") or not len(prev.doc):
        return []
    last_sentence = prev.doc[-1].sent
    return [(prev, tok, "colon_lead_in") for tok in reversed(list(last_sentence)) if is_cue(tok, lexicon)]


def _reports_own_words(cue: Token, after: Sequence[Token], lexicon: Lexicon) -> bool:
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


def _subject_in(cue: Token, frame: Sequence[Token]) -> bool:
    subject = _subject_token(cue)
    return subject is not None and any(t.i == subject.i for t in frame)




def mistagged_cue(token: Token, lexicon: Lexicon) -> bool:
    """A reporting verb the tagger took for a noun ("the two write.", "Bozell answers.")."""
    word = token.lower_
    follows = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return (word in lexicon.cue_verbs or (word.endswith("s") and word[:-1] in lexicon.cue_verbs)) and (
        follows is None or follows.is_punct or follows.pos_ == "ADP"
    )


def _mistagged_after_cue(after: Sequence[Token], lexicon: Lexicon) -> list[Token]:
    """A cue the tagger took for a noun right after a name: "“...,” Bozell answers."."""
    for i, tok in enumerate(after[:6]):
        if tok.pos_ in ("NOUN", "PROPN") and i > 0 and after[i - 1].pos_ in NOMINAL_POS:
            if mistagged_cue(tok, lexicon):
                return [tok]
    return []


def _interposed_name(after: Sequence[Token], cue: Token) -> Token | None:
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


def _lead_in_verb(lead_in: Sequence[Token]) -> Token | None:
    """The main verb of a lead-in that ends in a colon, when the lead-in is a whole clause."""
    if not lead_in:
        return None
    root = lead_in[-1]
    while root.head.i != root.i and lead_in[0].i <= root.head.i <= lead_in[-1].i:
        root = root.head
    return root if root.pos_ in ("VERB", "AUX") and root.i >= lead_in[0].i else None




def _previous_sentence_speaker(
    paragraph: Paragraph, first: Token, quotes: QuoteIndex, lexicon: Lexicon
) -> tuple[Token, Mention] | None:
    """The speaker of a short sentence just before a quote that opens its own sentence.

    "Dianne Bystrom agreed. “Mainstream Republicans are ...”": a sentence of a subject and a
    reporting verb (or "agreed", "explained"), and nothing else quoted, gives the floor to
    the quote that follows it in the paragraph.
    """
    if first.sent.start == 0:
        return None
    previous = paragraph.doc[first.sent.start - 1].sent
    if any(quotes(paragraph.char_start(t)) for t in previous) or len(previous) > 25:
        return None
    root = previous.root
    if root.pos_ not in ("VERB", "AUX") or not (is_cue(root, lexicon) or root.lemma_.lower() in lexicon.floor_verbs):
        return None
    if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in root.children):
        return None  # "She said the plan works." reports its own clause
    mention, _ = find_speaker(paragraph, root, lexicon, quotes)
    return (root, mention) if mention is not None and mention.kind != "document" else None


def _governs(cue: Token, target: Token) -> bool:
    return cue.left_edge.i <= target.i <= cue.right_edge.i




def _right_after(cue: Token, after: Sequence[Token]) -> bool:
    """Whether ``cue`` follows the quote with only punctuation or its own subject between
    ("“...,” the council member said", "“...?” asked Dunn")."""
    if not any(t.i == cue.i for t in after):
        return False
    subject = _subject_token(cue)
    for tok in after:
        if tok.i == cue.i:
            return True
        if not (tok.is_punct or tok.is_space or (subject is not None and subject.left_edge.i <= tok.i <= subject.i)):
            return False
    return False


def _framed_elsewhere(cue: Token, others: Sequence[Token], target: Token) -> bool:
    """Whether another governing cue, with a subject of its own, sits in ``cue``'s adverbial
    clause or subject: "While X said “...”, he said ..." leaves the quote to X, whose report
    holds it."""
    frames = [c for c in cue.children if c.dep_ in FRAME_DEPS]
    return any(
        (any(f.left_edge.i <= o.i <= f.right_edge.i for f in frames) or _told_aside(o, cue))
        and _subject_token(o) is not None and o.is_ancestor(target)
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


def _quote_type(before: list[Token], after: list[Token], cue_tok: Token | None, *, closes_sentence: bool = False) -> str:
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


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token = token.head
        depth += 1
    return depth






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
    for tok in reversed(before[-4:]):
        if tok.lemma_.lower() in lexicon.work_nouns:
            return True
        if not (tok.is_punct or tok.pos_ in ("DET", "ADJ", "PRON", "NUM", "PROPN") or tok.tag_ == "POS"):
            return False
    return False


def _speaker_like(token: Token, lexicon: Lexicon) -> bool:
    """Whether a subject can be a source of speech: a person, group, organisation or document."""
    if token.pos_ == "PRON":
        return token.lower_ in ("he", "she", "they", "we", "i")
    if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or token.pos_ == "PROPN":
        return True
    lemma = token.lemma_.lower()
    return lemma in lexicon.titles or lemma in lexicon.source_nouns or lemma in lexicon.cue_nouns


def _bare_copula(verb: Token) -> bool:
    """A finite "be" with no stance of its own: not "for being", not "are skeptical of"."""
    return (
        verb.lemma_ == "be"
        and verb.tag_ != "VBG"
        and not any(c.dep_ == "acomp" and any(g.dep_ == "prep" for g in c.children) for c in verb.children)
    )


def _governing_verb(inside: Token, paragraph: Paragraph, quotes: QuoteIndex) -> Token | None:
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


def _acting_verb(inside: Token, paragraph: Paragraph, quotes: QuoteIndex, lexicon: Lexicon) -> Token | None:
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
        subject = _subject_token(tok)
        if subject is not None:
            if _speaker_like(subject, lexicon) and subject.lower_ not in ("i", "we"):  # not the writer's own voice
                return tok
            return None  # a verb with a subject that cannot speak ("the plan calls for “...”")
        if tok.dep_ not in ("pcomp", "advcl", "xcomp", "conj", "acl"):
            return None
    return None


def _attribute_marked(
    parsed: ParsedText, span: QuotedSpan, quotes: QuoteIndex, lexicon: Lexicon
) -> Attribution | None:
    """Attribute one marked quote through the cue in its frame, if there is one.

    The outermost reporting cue whose clause holds the quote wins ("X said Y told him “...”"
    is X's report), then a cue right after the quote, a colon lead-in, the nearest cue before.
    """
    opened = parsed.token_at(span.start)
    closed = parsed.token_at(max(span.end - 1, span.start))
    if opened is None or closed is None:
        return None
    opened_in, first = opened
    closed_in, last = closed
    before = _frame_before(opened_in, first, quotes)
    after = _frame_after(closed_in, last, quotes)
    content = parsed.text[span.content_start : span.content_end]
    question = content.rstrip(" ,\"'”’").endswith("?")
    sentence = opened_in.char_start(first.sent[0])
    closes_sentence = content.rstrip(" \"'”’").endswith((".", "!", "?"))
    base = Attribution(span.content_start, span.content_end,
                       _quote_type(before, after, None, closes_sentence=closes_sentence), None, None,
                       "none", question, closed_in.start, sentence)
    inside_first = opened_in.doc[min(first.i + 1, len(opened_in.doc) - 1)]
    inside_last = closed_in.doc[max(last.i - 1, 0)]
    before_cues = [t for t in reversed(before) if is_cue(t, lexicon)]
    after_cues = [t for t in after[:AFTER_WINDOW] if is_cue(t, lexicon)]
    after_cues += [
        t for t in after[AFTER_WINDOW:LONG_AFTER_WINDOW]
        if is_cue(t, lexicon) and (_subject_in(t, after) or _interposed_name(after, t) is not None)
    ]
    after_cues += _mistagged_after_cue(after, lexicon)
    governing = [(opened_in, t) for t in before_cues if _governs(t, inside_first)]
    governing += [(closed_in, t) for t in after_cues if _governs(t, inside_last)]
    governing_cues = [t for _, t in governing]
    governing = [
        (b, t) for b, t in governing
        if _right_after(t, after) or not _framed_elsewhere(t, governing_cues, inside_first if b is opened_in else inside_last)
    ]
    governing.sort(key=lambda bt: _depth(bt[1]))
    candidates: list[tuple[Paragraph, Token, str]] = [(b, t, "cue_governs") for b, t in governing]
    if (
        before_cues and before[-1].text == "," and right_after_quote(before[0])
        and not any(_right_after(t, after) for t in after_cues)
    ):
        # the second half of a split quote: “A,” X tweeted, “B,” after Y ... is X's, whatever
        # the parser hangs it from
        candidates[:0] = [(opened_in, tok, "cue_governs" if tok in governing_cues else "cue_before") for tok in before_cues]
    ends_sentence = content.rstrip(" \"'”’").endswith((".", "!"))
    for tok in after_cues:
        if not ends_sentence or (after.index(tok) <= 6 and not _reports_own_words(tok, after, lexicon)):
            candidates.append((closed_in, tok, "cue_after"))
    if before and before[-1].text == ":":
        candidates.extend((opened_in, tok, "colon_lead_in") for tok in before_cues)
    candidates.extend((opened_in, tok, "cue_before") for tok in before_cues)
    if not before and first.i == 0:
        candidates.extend(_lead_in_from_previous_paragraph(parsed, opened_in, lexicon))
    kind = base.type
    if kind in ("partial", "direct") and looks_like_title(content, before, lexicon):
        return None
    for paragraph, cue_tok, rule in candidates:
        mention, how = find_speaker(paragraph, cue_tok, lexicon, quotes)
        if mention is None and paragraph is closed_in and cue_tok in after:
            name = _interposed_name(after, cue_tok)
            if name is not None:
                mention, how = mention_from_head(paragraph, name, lexicon), "interposed_name"
        if mention is None:
            continue
        kind = _quote_type(before, after, cue_tok, closes_sentence=closes_sentence)
        return replace(base, type=kind, cue=make_cue(paragraph, cue_tok, lexicon), mention=mention, rule=f"{rule}:{how}")
    signed = _signature(parsed, span) if not candidates else None
    if signed is not None:
        return replace(base, type="direct", mention=signed, rule="signature")
    label = _transcript_label(parsed, parsed.paragraphs.index(opened_in), lexicon)
    if label is not None and span.start - label.end <= 3 and not candidates:
        return replace(base, type="direct", mention=label, rule="transcript_label")
    if before and before[-1].text == ":":
        named = [t for t in before[:-1] if not t.is_space]
        label = _label_words(named) if not candidates else []
        if (
            1 <= len(label) <= 4
            and all(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" or (t.is_title and t.pos_ == "NOUN") for t in label)
            and " ".join(t.lower_ for t in label) not in lexicon.non_speaker_labels
        ):
            # an inline label: "Clinton: “Our goal is ...” Bush: “The mission is ...”"
            return replace(base, type="direct", mention=_inline_label_mention(parsed, opened_in, label, lexicon),
                           rule="inline_label")
        # past a cue that found no speaker too: "X gave it a try in an interview on Tuesday: “...”"
        verb = _lead_in_verb(named)
        subject = _subject_token(verb) if verb is not None else None
        if subject is not None and _speaker_like(subject, lexicon) and not quotes(opened_in.char_start(subject)):
            # "Sarah Silverman heckles the crowd: “...”": a colon hands the quote to the subject
            return replace(base, type="direct", cue=make_cue(opened_in, verb, lexicon),
                           mention=mention_from_head(opened_in, subject, lexicon), rule="colon_lead_in:verb_subject")
    if not before and not candidates and first.i == first.sent.start:
        previous = _previous_sentence_speaker(opened_in, first, quotes, lexicon)
        if previous is not None:
            cue_tok, mention = previous
            return replace(base, type="direct", cue=make_cue(opened_in, cue_tok, lexicon), mention=mention,
                           rule="previous_sentence")
    if kind == "partial":
        verb = _governing_verb(inside_first, opened_in, quotes)
        if verb is not None and _bare_copula(verb):
            return base  # a copula reports nothing: "Trump is a “friend”", "the plan was “dead on arrival”"
        subject = _subject_token(verb) if verb is not None else None
        if verb is not None and subject is not None and _speaker_like(subject, lexicon):
            mention, how = find_speaker(opened_in, verb, lexicon, quotes)
            if mention is not None:
                return replace(base, cue=make_cue(opened_in, verb, lexicon), mention=mention, rule=f"governing_verb:{how}")
        verb = _acting_verb(inside_first, opened_in, quotes, lexicon)
        if verb is not None:
            mention, how = find_speaker(opened_in, verb, lexicon, quotes)
            if mention is not None:
                return replace(base, cue=make_cue(opened_in, verb, lexicon), mention=mention, rule=f"acting_verb:{how}")
    return base


#: A dash and a name signing the quote before it: "— Bernie Sanders." or "- Sanders, in a debate".
_SIGNATURE = re.compile(r"\s*[-—–]{1,2}\s*((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]+)\s*(?:[,(].{0,120})?[.]?\s*$")


def _signature(parsed: ParsedText, span: QuotedSpan) -> Mention | None:
    """The speaker a dash line signs a quote with, in the epigraph and fact-check style:
    the quote ends its paragraph and the rest of it, or the next paragraph, is "— Name"."""
    paragraph = parsed.paragraph_at(span.start)
    if paragraph is None:
        return None
    index = parsed.paragraphs.index(paragraph)
    text = _paragraph_text(parsed, index)
    rest_start = span.end
    rest = parsed.text[rest_start : paragraph.start + len(text)]
    if not rest.strip() and index + 1 < len(parsed.paragraphs):
        if parsed.text[paragraph.start : span.start].strip():
            return None  # the quote must be the whole paragraph to be signed by the next one
        rest_start = parsed.paragraphs[index + 1].start
        rest = _paragraph_text(parsed, index + 1)
    match = _SIGNATURE.match(rest)
    if match is None:
        return None
    return _label_mention(rest_start + match.start(1), match.group(1))


def _paragraph_text(parsed: ParsedText, index: int) -> str:
    """The raw text of paragraph ``index``, parsed or not (up to the next paragraph)."""
    start = parsed.paragraphs[index].start
    end = parsed.paragraphs[index + 1].start if index + 1 < len(parsed.paragraphs) else len(parsed.text)
    return parsed.text[start:end].rstrip()


def _transcript_label(parsed: ParsedText, index: int, lexicon: Lexicon) -> Mention | None:
    """A transcript's speaker label opening a paragraph ("WALLACE: ...", "SEN. KAINE: ...")."""
    paragraph = parsed.paragraphs[index]
    match = _LABEL.match(_paragraph_text(parsed, index))
    if not match:
        return None
    name = match.group(1).strip()
    letters = [c for c in name if c.isalpha()]
    if len(name.split()) > 3 or len(letters) < 2 or not all(c.isupper() for c in letters):
        return None
    if name.lower() in lexicon.non_speaker_labels:
        return None
    return _label_mention(paragraph.start, name)


def _transcript_turns(parsed: ParsedText, quotes: QuoteIndex, lexicon: Lexicon) -> list[Attribution]:
    """Unmarked transcript turns: the text after a speaker label is that speaker's words."""
    out = []
    for index, paragraph in enumerate(parsed.paragraphs):
        label = _transcript_label(parsed, index, lexicon)
        if label is None:
            continue
        start = label.end + 1
        end = paragraph.start + len(_paragraph_text(parsed, index))
        while start < end and parsed.text[start].isspace():
            start += 1
        if end - start < 2 or quotes.quoted_chars(start, end) > 0.5 * (end - start):
            continue
        out.append(Attribution(start, end, "direct", None, label, "transcript_label",
                               parsed.text[start:end].rstrip().endswith("?"), paragraph.start, paragraph.start))
    return out


def _opening_paragraph(parsed: ParsedText, span: QuotedSpan, att: Attribution) -> int:
    """Offset of the paragraph a quote opens in (``paragraph_start`` is where it closes)."""
    paragraph = parsed.paragraph_at(span.start)
    return paragraph.start if paragraph is not None else att.paragraph_start


def _carry(
    atts: list[Attribution], spans: Sequence[QuotedSpan], parsed: ParsedText, lexicon: Lexicon
) -> list[Attribution]:
    """Give cue-less quotes the speaker of a neighbouring quote where the text allows it."""
    out = list(atts)
    opens = [_opening_paragraph(parsed, span, att) for span, att in zip(spans, atts)]
    for i, att in enumerate(out):
        if att.mention is not None:
            continue
        # Split quotes: a quote of the same paragraph, before, else after. A quote that runs
        # over paragraphs meets the one before it where it opens, the one after where it closes.
        for j in list(range(i - 1, -1, -1)) + list(range(i + 1, len(out))):
            other = out[j]
            if (other.paragraph_start != opens[i]) if j < i else (opens[j] != att.paragraph_start):
                continue
            if att.type == "partial" and other.sentence_start != att.sentence_start:
                continue  # a cue-less fragment joins only a quote of its own sentence
            if other.mention is not None and other.rule not in ("carry_over",):
                out[i] = replace(att, mention=other.mention, cue=other.cue, rule="split_quote",
                                 type="direct" if att.type == "direct" else att.type)
                break
        if out[i].mention is not None or i == 0:
            continue
        # Continued speech: a paragraph opening with the quote carries the previous paragraph's speaker.
        prev = out[i - 1]
        paragraph = parsed.paragraph_at(spans[i].start)
        content = parsed.text[att.start : att.end]
        if (
            len(content.split()) < 4
            or paragraph is None
            or (att.end - att.start) < 0.5 * (paragraph.end - paragraph.start)
            or prev.mention is None
            or (prev.question and (prev.cue is None or prev.cue.lemma in lexicon.question_cues))
            or paragraph is None
            or spans[i].start != paragraph.start
            or (spans[i].style, spans[i - 1].style) == (SINGLE, DOUBLE)  # "'A tough decision.'": a subhead
            or prev.paragraph_start == att.paragraph_start
            or not _continues(parsed, prev, paragraph.start)
        ):
            continue
        out[i] = replace(att, mention=prev.mention, cue=prev.cue, rule="carry_over")
    return out




#: Most characters of the writer's words between two fragments joined into one quote.
_MERGE_GAP = 80


def _merge_fragments(atts: list[Attribution]) -> list[Attribution]:
    """Join the quoted fragments of one cue or one speaker within one sentence into one partial quote.

    "X said the plan was “bold” and “overdue”" reports one statement with two quoted words,
    as does "X kept shouting “Out!” and “Be nice.”" where the second fragment hangs from
    another verb; the quote then runs from the first fragment's content to the last one's
    (marks between them stay in its text).
    """
    out: list[Attribution] = []
    for att in atts:
        prev = out[-1] if out else None
        if (
            prev is not None
            and att.type == "partial"
            and prev.type == "partial"
            and att.sentence_start == prev.sentence_start
            and att.mention is not None
            and prev.mention is not None
            and ((att.cue is not None and prev.cue is not None and att.cue.start == prev.cue.start)
                 or att.mention.start == prev.mention.start)
            and not (att.cue is not None and prev.end <= att.cue.start < att.start)  # never across the cue ...
            and not prev.end <= att.mention.start < att.start  # ... or the speaker
            and att.start - prev.end <= _MERGE_GAP
        ):
            out[-1] = replace(prev, end=att.end)
            continue
        out.append(att)
    return out


def _label_words(words: list[Token]) -> list[Token]:
    """The words of a source label before a colon, past a dash that ends a summary line.

    "Pollsters share the blame - Carl Bialik:" and "What it means - More from Jones:" label
    their quotes with Carl Bialik and Jones, as "Clinton:" does on its own.
    """
    dash = next((i for i in range(len(words) - 1, -1, -1) if words[i].text in ("-", "–", "—", "--")), None)
    if dash is None:
        return words
    label = words[dash + 1 :]
    if len(label) > 2 and label[0].lower_ == "more" and label[1].lower_ == "from":
        label = label[2:]
    return label


def _inline_label_mention(parsed: ParsedText, paragraph: Paragraph, label: list[Token], lexicon: Lexicon) -> Mention:
    """The mention of a source label, kept to the label's words: the parser may hang the
    summary before its dash or the quote after its colon on the name."""
    mention = mention_from_head(paragraph, label[-1], lexicon)
    start, end = paragraph.char_start(label[0]), paragraph.char_end(label[-1])
    if start <= mention.start and mention.end <= end:
        return mention
    start, end = max(start, mention.start), min(end, mention.end)
    mention = replace(mention, start=start, end=end, text=parsed.text[start:end])
    if not start <= mention.name_start <= mention.name_end <= end:
        mention = replace(mention, name=mention.text, name_start=start, name_end=end)
    return mention


def _headline_end(parsed: ParsedText) -> int:
    """End offset of a title-case headline opening the document, else 0.

    Quotes in a headline condense ones the article body reports in full, so they are left
    to the body.
    """
    if len(parsed.paragraphs) < 2:
        return 0
    text = _paragraph_text(parsed, 0)
    words = [w for w in text.split() if w[:1].isalpha()]
    if not words or len(words) > 25 or text.rstrip(" .”’\"'").endswith(("?", "!")):
        return 0
    capitalized = sum(1 for w in words if w[:1].isupper())
    return parsed.paragraphs[0].start + len(text) if capitalized >= 0.6 * len(words) else 0


_HEADLINE_LABEL = re.compile(r"((?:[A-Z][\w'’-]*\.? ){0,3}[A-Z][\w'’-]+): +\S")




def _headline_speaker(parsed: ParsedText, lexicon: Lexicon) -> Mention | None:
    """The speaker a headline names before a colon ("Sanders: Endorsements prove ...")."""
    if len(parsed.paragraphs) < 2:
        return None
    first = _paragraph_text(parsed, 0)
    match = _HEADLINE_LABEL.match(first)
    if match is None or len(first.split()) > 25:
        return None
    name = match.group(1)
    if name.isupper():  # "WASHINGTON:" is a dateline, "WALLACE:" a transcript label
        return None
    last = name.split()[-1].lower()
    start = parsed.paragraphs[0].start + match.start(1)
    if last in lexicon.finding_labels:
        # "Poll: Clinton and Trump in dead heat": the poll's finding, as "a poll shows" is
        return replace(_label_mention(start, name), kind="nominal", gender="n")
    if name.lower() in lexicon.non_speaker_labels or last in lexicon.non_speaker_labels or last in CALENDAR:
        return None  # "Update:", and "Delegate Update:" or "Editor's Note:" alike
    return _label_mention(start, name)


def _headline_report(parsed: ParsedText, speaker: Mention, spans: Sequence[QuotedSpan]) -> Attribution | None:
    """What a headline's label says when no quote marks give its words: "Pence: Flowers
    won't be at the debate." reports the words after the colon, as an indirect quote."""
    end = parsed.paragraphs[0].start + len(_paragraph_text(parsed, 0))
    if any(speaker.end < s.start < end for s in spans):
        return None  # the marked words are the quote ("Sanders: Clinton needs to “...”")
    text = parsed.text
    start = text.index(":", speaker.end) + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1] in ".;" or text[end - 1].isspace()):
        end -= 1
    if end - start < 3:
        return None
    paragraph = parsed.paragraphs[0].start
    return Attribution(start, end, "indirect", None, speaker, "headline_label", False, paragraph, paragraph)


def _label_mention(start: int, name: str) -> Mention:
    """The mention of a person named by a label before a colon ("WALLACE:", "Sanders: ...")."""
    return Mention(start, start + len(name), name, name, start, start + len(name), None, "person", None)


def _is_markup_value(text: str, span: QuotedSpan) -> bool:
    """An attribute value in embedded markup (``<tweet id="...">``), not a quote."""
    return span.start > 0 and text[span.start - 1] == "="


def _continues(parsed: ParsedText, prev: Attribution, later: int) -> bool:
    """Whether the paragraph at ``later`` can carry on ``prev``'s speech.

    It must follow ``prev``'s paragraph directly, or with one paragraph between that
    still speaks of the same speaker (names them, or opens with "He"/"She").
    """
    starts = [b.start for b in parsed.paragraphs]
    if prev.paragraph_start not in starts or later not in starts:
        return False
    gap = starts.index(later) - starts.index(prev.paragraph_start)
    if gap == 1:
        return True
    if gap != 2 or prev.mention is None:
        return False
    between = _paragraph_text(parsed, starts.index(later) - 1)
    surname = prev.mention.name.split()[-1].lower() if prev.mention.name.split() else ""
    return (bool(surname) and surname in between.lower()) or between.startswith(("He ", "She "))







def _indirect(parsed: ParsedText, quotes: QuoteIndex, lexicon: Lexicon) -> list[Attribution]:
    """Reported clauses of reporting verbs and "according to", outside quote marks.

    A cue inside its clause ("The issues, respondents said, are ...") reports both parts,
    which come out as two quotes sharing cue and speaker.
    """
    out: list[Attribution] = []
    verbs = lexicon.cue_verbs | lexicon.belief_verbs | lexicon.evidence_verbs
    read = lexicon.read_verbs
    for paragraph in parsed.paragraphs:
        for tok in paragraph.doc:
            if quotes(paragraph.char_start(tok)):
                continue
            try:
                out.extend(_reports_of(tok, paragraph, parsed, quotes, lexicon, verbs, read))
            except Exception:  # a sentence the parser mangles costs that report, never the document
                log.warning("could not read a report at offset %d", paragraph.char_start(tok), exc_info=True)
    return out


def _reports_of(
    tok: Token, paragraph: Paragraph, parsed: ParsedText, quotes: QuoteIndex, lexicon: Lexicon,
    verbs: frozenset[str], read: frozenset[str],
) -> list[Attribution]:
    """The reports of one token outside quote marks, if it is a cue: its clause, its object or
    infinitive, the part of a split report before it, all with the speaker found for it."""
    if asked_of(tok):
        return []  # what someone unnamed asked the main clause's subject is not the subject's report
    clauses: list[tuple[int, int]] = []
    rule = ""
    lemma = cue_lemma(tok, lexicon)
    if tok.lower_ == "according" and is_cue(tok, lexicon) and tok.head.i != tok.i:
        if _sentence_edge(tok):
            # "A rose, but B fell, according to X": the whole sentence is X's
            clauses = _clause_spans(tok.sent.root, exclude=tok, whole=True)
        else:
            clauses = _clause_spans(tok.head, exclude=tok)
        rule = "indirect_according_to"
    elif (finding := _poll_finding(tok, lexicon, read)) is not None:
        # "Clinton leads in the latest CNN poll": the clause is the poll's finding
        clauses = _clause_spans(finding, exclude=tok.head, whole=True)[:1]  # what comes before the poll
        rule = "evidence_in"
    elif _in_view_of(tok, lexicon):
        # "In their view, CLAUSE": a belief, held by the possessor
        clauses = _clause_spans(tok.sent.root if _sentence_edge(tok.head) else tok.head.head,
                                exclude=tok.head, whole=_sentence_edge(tok.head))
        rule = "belief_view"
    elif tok.pos_ == "VERB" and lemma in verbs:
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        # the clause after the cue, when the parser also hung the sentence before it
        # there ("X seems to know it — he told the AP that ...")
        comp = next((c for c in comps if c.i > tok.i and c.pos_ in ("VERB", "AUX")), comps[0] if comps else None)
        if comp is not None and comp.pos_ not in ("VERB", "AUX") and not opens_with_that(comp):
            comp = None  # "declared himself interim president" names, it reports no clause
        elif comp is not None:
            clauses = _clause_spans(comp, exclude=None)
            if clauses and comp.i > tok.i and clauses[0][0] <= tok.i:
                # "..., which Democrats say could help him": the relative pronoun the
                # clause opens with stands before the cue and its speaker
                clauses[0] = (min(t.i for t in comp.subtree if t.i > tok.i), clauses[0][1])
            obj = next((c for c in tok.children if c.dep_ == "dobj" and c.right_edge.i == comp.left_edge.i - 1), None)
            if clauses and obj is not None and lemma not in lexicon.addressee_verbs:
                # "adding the residences of X had been raided": the clause's subject,
                # taken for the cue's object
                clauses[0] = (obj.left_edge.i, clauses[0][1])
            if clauses and len(comps) > 1 and comp.i > tok.i:
                # "said the inquiry had ended, had started late and ...": one report the
                # parser split into sibling clauses
                tail = _clause_spans(comps[-1], exclude=None)
                if tail and tail[-1][1] > clauses[-1][1]:
                    clauses[-1] = (clauses[-1][0], tail[-1][1])
            clauses = [_before_next_cue(c, paragraph.doc, tok, lexicon) for c in clauses]
            rule = "indirect_ccomp"
        elif _reports_before(tok) and tok.head.pos_ in ("VERB", "AUX"):
            clauses = _clause_spans(tok.head, exclude=tok)
            rule = "indirect_parataxis"
    if not clauses and tok.pos_ == "VERB" and not _passive(tok):
        clauses, rule = _verb_report(tok, lemma, lexicon)
    if tok.pos_ == "VERB" and lemma in lexicon.cue_verbs and (piece := _fronted_piece(tok, lexicon)) is not None:
        if not any(first <= piece[1] and piece[0] <= last for first, last in clauses):
            # "There is a risk, some members said, that ...": the words before a cue set
            # off by commas are the first part of its report
            clauses = [piece, *clauses]
            rule = rule or "indirect_split"
    if not clauses:
        return []
    mention, how = find_speaker(paragraph, tok, lexicon, quotes)
    if mention is None:
        return []
    out: list[Attribution] = []
    if lemma in lexicon.belief_verbs:
        rule = rule.replace("indirect", "belief")
    elif lemma in lexicon.evidence_verbs:
        rule = rule.replace("indirect", "evidence")
    for first, last in clauses:
        start, end = paragraph.start + paragraph.doc[first].idx, paragraph.char_end(paragraph.doc[last])
        short = end - start < 8 and not (len(clauses) > 1 and any(c.isalnum() for c in parsed.text[start:end]))
        if first == last and paragraph.doc[first].tag_ in ("WDT", "WP"):
            continue  # "which, in his view, has grown": the relative pronoun alone
        if short or quotes.quoted_chars(start, end) > 0.5 * (end - start):
            continue  # the head of a clause split by its cue ("Time, he added, was ...") may be short
        if start <= mention.start < end:
            continue
        out.append(Attribution(start, end, "indirect", make_cue(paragraph, tok, lexicon), mention, f"{rule}:{how}",
                               False, paragraph.start))
    return out




def _in_view_of(tok: Token, lexicon: Lexicon) -> bool:
    """Whether ``tok`` is the noun of "in X's view" or "in the opinion of X"."""
    if not (in_phrase(tok) and tok.lower_ in lexicon.view_nouns):
        return False
    prep = tok.head
    before = tok.doc[prep.i - 1] if prep.i > tok.sent.start else None
    return (
        prep.head.pos_ in ("VERB", "AUX")
        and prep.head.i != prep.i
        and any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in prep.head.children)
        # set off from the clause, not a complement ("believed in her judgment")
        and (before is None or before.is_punct or before.tag_ in ("WDT", "WP"))
        and any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in tok.children)
    )


def _poll_finding(tok: Token, lexicon: Lexicon, read: frozenset[str]) -> Token | None:
    """The verb of the clause a poll finds, when ``tok`` is the poll of "leads in the latest
    poll"; never a clause that is a report of its own ("in the poll, 40 percent said ..." is
    the 40 percent's: ``read`` holds the verbs the rules read)."""
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
        and cue_lemma(verb, lexicon) not in read
        and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
    ):
        return verb
    return None




def _passive(verb: Token) -> bool:
    """ "is expected to", "was described as": a passive verb has no source in its sentence."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _verb_report(cue: Token, lemma: str, lexicon: Lexicon) -> tuple[list[tuple[int, int]], str]:
    """What an active verb reports besides a clause, as a token range and its rule family:
    an infinitive ("vowed to fight", "called on X to ..."), an object with what the verb
    names it ("calling the leader a liar"), or the object of a speech act ("denied the
    charges", "called for a ban")."""
    if lemma in lexicon.infinitive_cues or _calls_on(cue):
        infinitive = _infinitive(cue)
        if infinitive is not None:
            # from "to" (or "not to") on, with who is asked to act when they stand right before
            # it: "vowed to fight" reports "to fight", "urged the board to act" "the board to act"
            left = next(c for c in infinitive.children if c.dep_ == "aux" and c.lower_ == "to").i
            if left > 0 and cue.doc[left - 1].dep_ == "neg":
                left -= 1
            obj = next((c for c in cue.children if c.dep_ in ("dobj", "nsubj") and cue.i < c.i < left), None)
            if obj is not None and obj.right_edge.i == left - 1:
                left = obj.left_edge.i
            span = _clause_span(infinitive, bounds=(left, infinitive.right_edge.i), extend_left=False)
            if span is not None:
                return [span], "indirect_xcomp" if lemma in lexicon.cue_verbs else "belief_xcomp"
    if lemma == "call" and (demand := _called_for_clause(cue)) is not None:
        # "called for the mayor to resign": the demand with who is to act
        span = _clause_span(demand[0], bounds=demand[1], whole=True, extend_left=False)
        if span is not None:
            return [span], "indirect_xcomp"
    if lemma in lexicon.naming_verbs:
        named = _naming(cue, lexicon)
        span = _clause_span(named[0], bounds=named[1], whole=True, extend_left=False) if named is not None else None
        if span is not None:
            return [span], "belief_naming" if lemma in lexicon.viewing_verbs else "indirect_naming"
    if lemma in lexicon.evidence_verbs and (shown := _shown(cue, lexicon)) is not None:
        # "polls show Clinton with a lead", "the survey shows only a small gender gap"
        span = _clause_span(shown[0], bounds=shown[1], whole=True, extend_left=False)
        if span is not None:
            return [span], "indirect_object"
    if (preps := lexicon.judging_preps.get(lemma)) is not None and (judged := _judged(cue, preps)) is not None:
        # "accused Clinton of dragging her feet", "blasted Disney for its practices": who is
        # judged with the charge or the merit
        span = _clause_span(judged[0], bounds=judged[1], whole=True, extend_left=False)
        if span is not None:
            return [span], "indirect_judging"
    if (preps := lexicon.topic_preps.get(lemma)) is not None and (span := _phrase_span(_topic(cue, preps))) is not None:
        return [span], "indirect_topic"  # "talked about the closing of the mill"
    if lemma in lexicon.cue_verbs and lemma not in lexicon.aspectual_verbs and (span := _phrase_span(_gerund(cue))) is not None:
        return [span], "indirect_gerund"  # "reported raising $5 million"
    if lemma in lexicon.object_cues or lemma == "call" or lemma in lexicon.desire_verbs:
        span = _phrase_span(_reported_object(cue), extend_left=True)
        if span is not None:
            return [span], "belief_object" if lemma in lexicon.desire_verbs else "indirect_object"
    return [], ""


def _phrase_span(head: Token | None, *, extend_left: bool = False) -> tuple[int, int] | None:
    """The trimmed token range of the phrase ``head`` heads, if there is one."""
    if head is None:
        return None
    return _clause_span(head, bounds=(head.left_edge.i, head.right_edge.i), extend_left=extend_left)


def _naming(cue: Token, lexicon: Lexicon) -> tuple[Token, tuple[int, int]] | None:
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


def _shown(cue: Token, lexicon: Lexicon) -> tuple[Token, tuple[int, int]] | None:
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
    if obj.pos_ == "PRON" and obj.lower_ in ("it", "this", "that", "what", "which"):
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




def _judged(cue: Token, preps: tuple[str, ...]) -> tuple[Token, tuple[int, int]] | None:
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


def _called_for_clause(cue: Token) -> tuple[Token, tuple[int, int]] | None:
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


#: Rule families of reports that a reported clause around them already gives: beliefs,
#: findings, intentions and speech acts ("said he wants to run", "said it denied the claim").
_SECONDARY = ("belief", "evidence", "indirect_xcomp", "indirect_object", "indirect_naming", "indirect_topic", "indirect_gerund", "indirect_judging")


def _without_doubles(indirect: list[Attribution], marked: list[Attribution]) -> list[Attribution]:
    """Drop reported clauses that only restate a quote their cue already reports.

    "Bloomberg said it was “impossible” for him to win" is one report: its quoted words come
    out as a partial quote, and the clause around them is not a second one.
    """
    cues = [(a.cue.start, a.start) for a in marked if a.cue is not None]
    kept = [
        att for att in indirect
        if att.cue is None or not any(c == att.cue.start and att.start <= s < att.end for c, s in cues)
    ]
    out = []
    for att in kept:
        assert att.cue is not None
        cue = att.cue
        if att.rule.startswith(_SECONDARY) and any(
            o is not att and o.start <= cue.start < o.end and not o.rule.startswith(_SECONDARY) for o in kept
        ):
            continue  # "says he doesn't think X will win": part of a report already given
        out.append(att)
    return out




def _fronted_piece(cue: Token, lexicon: Lexicon) -> tuple[int, int] | None:
    """The words opening the sentence before a cue that commas set off from them: "There is a
    risk, some members said, that ...", "At times last year, aides said, the mere mention ...".

    The cue with its subject and its own modifiers ("he said in an interview") must stand
    between two commas.
    """
    subject = _subject_token(cue)
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
    span = _clause_span(sent.root, bounds=(sent.start, comma - 1), whole=True, extend_left=False)
    if span is None:
        return None
    # a clause of its own ("There is a risk"), or a condition ("If the talks fail"): never the
    # writer's setting ("On Sunday", "In a statement", "When asked about it", "After she left")
    first, last = span
    tops = [t for t in heads_of(doc[first : last + 1]) if not (t.is_punct or t.dep_ == "cc")]
    clause = tops[0] if len(tops) == 1 else None
    if clause is None or clause.pos_ not in ("VERB", "AUX"):
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children):
        return None
    opener = next(t for t in doc[first : last + 1] if t.dep_ != "cc")
    if opener.lower_ in SUBORDINATORS or any(
        (c.dep_ == "mark" and c.lower_ != "if") or c.tag_ == "WRB" for c in clause.children if c.i < clause.i
    ):
        return None
    if clause.head.i != cue.i and clause.i not in (cue.head.i, cue.head.head.i):
        return None  # "..., which is an outcome, he said, ...": the words before are another clause's
    if is_cue(clause, lexicon) and any(c.dep_ in ("ccomp", "dobj") for c in clause.children):
        return None  # "Aides said the deal was off, the mayor added, ...": a report of its own
    return span


def _reports_before(cue: Token) -> bool:
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


def _writer_gloss(first: Token, comma: int, right: int) -> bool:
    """Whether the phrase opening at ``first``, after a comma, glosses a noun before it and
    ends the clause (which ends at ``right``): a relative clause ("..., which will phase the
    hike in") or an apposition ("..., a plan the billionaire has since modified")."""
    node = first
    while node.head.i != node.i and node.head.i > comma:
        node = node.head
    if node.head.i >= comma or any(not (t.is_punct or t.is_space) for t in first.doc[node.right_edge.i + 1 : right + 1]):
        return False  # the clause goes on after the gloss ("made the shoal, an atoll, into a fortress")
    if node.dep_ == "relcl" and first.lower_ in ("which", "who", "whom", "whose"):
        return True
    return node.dep_ == "appos" and node.pos_ in ("NOUN", "PROPN") and first.pos_ == "DET"


def _before_next_cue(clause: tuple[int, int], doc: Doc, cue: Token, lexicon: Lexicon) -> tuple[int, int]:
    """End a reported clause before a second cue of the same speaker that the parser joined
    to it: "said the move was made by Bratton and said, “...”"."""
    first, last = clause
    for tok in doc[first + 1 : last + 1]:
        if tok.dep_ == "conj" and tok.i != cue.i and is_cue(tok, lexicon) and _subject_token(tok) is None:
            end = tok.left_edge.i - 1
            while end > first and (doc[end].is_punct or doc[end].dep_ == "cc" or doc[end].is_space):
                end -= 1
            return first, end
    return clause


def _sentence_edge(tok: Token) -> bool:
    """Whether the phrase ``tok`` heads opens or closes its sentence, punctuation aside."""
    sent = tok.sent
    before = [t for t in tok.doc[sent.start : tok.left_edge.i] if not (t.is_punct or t.is_space)]
    after = [t for t in tok.doc[tok.right_edge.i + 1 : sent.end] if not (t.is_punct or t.is_space)]
    return not before or not after


def _clause_spans(head: Token, *, exclude: Token | None, whole: bool = False) -> list[tuple[int, int]]:
    """Token ranges of ``head``'s clause without ``exclude``'s subtree: one, or two around it.

    ``whole`` keeps the writer's trailing adjuncts, for a source that vouches for a whole
    sentence ("..., while B fell, according to X").
    """
    left, right = head.left_edge.i, head.right_edge.i
    if exclude is not None:
        ex_left, ex_right = exclude.left_edge.i, exclude.right_edge.i
        if left < ex_left and ex_right < right:
            parts = [_clause_span(head, bounds=(left, ex_left - 1), whole=whole),
                     _clause_span(head, bounds=(ex_right + 1, right), whole=whole)]
            return [p for p in parts if p is not None]
        if ex_left <= left:
            left = ex_right + 1
        elif ex_right >= right:
            right = ex_left - 1
    span = _clause_span(head, bounds=(left, right), whole=whole)
    return [span] if span is not None else []


def _clause_span(
    head: Token, *, bounds: tuple[int, int], whole: bool = False, extend_left: bool = True
) -> tuple[int, int] | None:
    """Trim a clause's token range: leading "that", edge punctuation, the writer's trailing adjuncts.

    The parser often hangs a clause's subject on the phrase before it, so a subjectless clause
    takes the nouns just before it, unless ``extend_left`` is off ("urged the board to act").
    """
    left, right = bounds
    doc = head.doc
    if (
        extend_left
        and left == head.left_edge.i
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in head.children)
    ):
        # the parser often hangs a clause's subject on the phrase before it ("said on Thursday agents had ...")
        while (
            left > 0
            and doc[left - 1].pos_ in ("NOUN", "ADJ", "PROPN", "NUM")
            and doc[left - 1].ent_type_ not in ("DATE", "TIME")
            and doc[left - 1].lower_ not in CALENDAR
        ):
            left -= 1
    while left <= right and (
        doc[left].is_punct
        or doc[left].is_space
        or (doc[left].dep_ == "mark" and doc[left].lower_ == "that")
        or (doc[left].dep_ == "compound" and doc[left].lower_ in CALENDAR)  # "on Monday police agents ..."
    ):
        left += 1
    for i in range(left + 1, right if not whole else left):
        # a participial gloss or an adjunct after a comma is the writer's, not the report
        # ("..., signaling that ...", "..., while 22 percent said ...")
        if doc[i].text != ",":
            continue
        after = i + 1
        while after < right and doc[after].tag_ == "''":
            after += 1  # a quoted fragment's closing mark stays with it: "“The Tragedy,” explaining ..."
        if doc[after].lower_ in ADJUNCT_OPENERS or (doc[after].tag_ == "VBG" and doc[after].lower_ not in NOT_GLOSSES):
            anchor = doc[after].head if doc[after].dep_ == "mark" else doc[after]
            if anchor.head.i != anchor.i and anchor.head.i <= i:
                right = i - 1 if after == i + 1 else after - 1
                break
        if _writer_gloss(doc[i + 1], i, right):
            right = i - 1
            break
    while right >= left and (doc[right].is_punct or doc[right].is_space) and doc[right].text not in ("”", "\"", "’", ")"):
        right -= 1
    if right < left:
        return None
    return left, right


def attribute(parsed: ParsedText, spans: Sequence[QuotedSpan], lexicon: Lexicon) -> list[Attribution]:
    """Find every attributed quote of a parsed document.

    Args:
        parsed: The document's parsed paragraphs.
        spans: Marked quotes from :func:`quotes.marks.scan`, in order.
        lexicon: Cue and title word lists.

    Returns:
        Attributions in order of appearance; marked quotes nobody is reported to say are left out.
    """
    quotes = QuoteIndex(spans)
    marked: list[Attribution] = []
    kept_spans: list[QuotedSpan] = []
    headline_end = _headline_end(parsed)
    headline_speaker = _headline_speaker(parsed, lexicon)
    headline_end = max(headline_end, parsed.paragraphs[1].start if headline_speaker is not None else 0)
    for span in spans:
        if span.content_end <= span.content_start or _is_markup_value(parsed.text, span):
            continue
        if span.start < headline_end:
            if headline_speaker is not None and span.start > headline_speaker.end:
                # a headline's quotes condense the body's, unless it names their speaker
                kind = "direct" if parsed.text[headline_speaker.end : span.start].strip() == ":" else "partial"
                marked.append(Attribution(span.content_start, span.content_end, kind, None, headline_speaker,
                                          "headline_label", False, parsed.paragraphs[0].start, parsed.paragraphs[0].start))
                kept_spans.append(span)
            continue
        try:
            att = _attribute_marked(parsed, span, quotes, lexicon)
        except Exception:  # a sentence the parser mangles costs that quote, never the document
            log.warning("could not attribute the quote at offset %d", span.start, exc_info=True)
            att = None
        if att is not None and att.mention is not None and att.mention.start <= span.start and span.end <= att.mention.end:
            # the quote is part of its own speaker's description (“big four” negotiators, Juan "Chico" Ruiz)
            att = None
        if att is not None:
            marked.append(att)
            kept_spans.append(span)
    marked = _carry(marked, kept_spans, parsed, lexicon)
    found = _merge_fragments([a for a in marked if a.mention is not None])
    if headline_speaker is not None and (report := _headline_report(parsed, headline_speaker, spans)) is not None:
        found.append(report)
    found.extend(_transcript_turns(parsed, quotes, lexicon))
    found.extend(_without_doubles(_indirect(parsed, quotes, lexicon), found))
    found.sort(key=lambda a: (a.start, a.end))
    return found
