"""Marked quotes: which cue of its frame reports a quoted passage, and who speaks through it.

A quote's candidate cues come from :data:`CANDIDATES`, in order: the second half of a split
quote takes the cue between the halves; then the cues whose clause holds the quote (the
outermost first); a cue right after it; a colon lead-in; the nearest cue before it; a lead-in
ending the paragraph before. The first candidate whose speaker is found decides. A quote with
no candidate that finds one goes to :data:`FALLBACKS`, in order: a signature, a transcript
label, an inline label or a colon lead-in's subject, a short sentence before it, and for a
quoted fragment the subject of the verb it hangs from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from quotes.attribute.cues import cue_lemma, is_cue, make_cue
from quotes.attribute.frames import (
    AFTER_WINDOW,
    LONG_AFTER_WINDOW,
    NAME_WORDS,
    acting_verb,
    bare_copula,
    frame_after,
    frame_before,
    framed_elsewhere,
    governing_verb,
    interposed_name,
    lead_in_verb,
    mistagged_after_cue,
    not_speech,
    quote_type,
    reports_own_words,
    right_after,
    speaker_like,
    subject_in,
)
from quotes.attribute.indirect import report_ranges
from quotes.attribute.labels import (
    inline_label_mention,
    label_words,
    lead_in_from_previous_paragraph,
    previous_sentence_speaker,
    signature,
    transcript_label,
)
from quotes.attribute.mentions import mention_from_head
from quotes.attribute.records import Attribution, Context
from quotes.attribute.registry import rule_name
from quotes.attribute.speakers import find_speaker
from quotes.attribute.tokens import depth, governs, right_after_quote, subject_of
from quotes.marks import QuotedSpan
from quotes.parse.paragraphs import Paragraph

#: A candidate cue: the paragraph it is in, the cue, and the family of the rule it would decide.
Candidate = tuple[Paragraph, Token, str]
#: Farthest token after the closing mark at which a cue may report a quote that ends a sentence.
FINISHED_WINDOW = 6
#: Most words of an inline label ("Bush:").
LABEL_WORDS = 4


@dataclass
class Frame:
    """A marked quote with the writer's words around it in its sentence.

    Attributes:
        span: The quote.
        opened_in: The paragraph the quote opens in, and ``first``, its opening mark.
        closed_in: The paragraph the quote closes in, and ``last``, its closing mark.
        before: The writer's words before the opening mark, nearest last.
        after: The writer's words after the closing mark, nearest first.
        content: The quote's content, without its marks.
        base: The quote's attribution before a speaker is found.
    """

    span: QuotedSpan
    opened_in: Paragraph
    first: Token
    closed_in: Paragraph
    last: Token
    before: list[Token]
    after: list[Token]
    content: str
    base: Attribution
    before_cues: list[Token] = field(default_factory=list)
    after_cues: list[Token] = field(default_factory=list)

    @property
    def inside_first(self) -> Token:
        """The first token inside the quote."""
        return self.opened_in.doc[min(self.first.i + 1, len(self.opened_in.doc) - 1)]

    @property
    def inside_last(self) -> Token:
        """The last token inside the quote."""
        return self.closed_in.doc[max(self.last.i - 1, 0)]

    @property
    def closes_sentence(self) -> bool:
        """Whether the quote's content ends a sentence of its own ("“Big time.” For instance, ...")."""
        return self.content.rstrip(" \"'”’").endswith((".", "!", "?"))

    @property
    def colon(self) -> bool:
        """Whether a colon leads in to the quote."""
        return bool(self.before) and self.before[-1].text == ":"

    def typed(self, cue: Token | None) -> str:
        """The quote's type with ``cue`` as its cue (see :func:`quote_type`)."""
        return quote_type(self.before, self.after, cue, closes_sentence=self.closes_sentence)


def frame_of(context: Context, span: QuotedSpan) -> Frame | None:
    """The frame of a marked quote, or ``None`` when its marks fall outside the parse."""
    parsed = context.parsed
    opened = parsed.token_at(span.start)
    closed = parsed.token_at(max(span.end - 1, span.start))
    if opened is None or closed is None:
        return None
    (opened_in, first), (closed_in, last) = opened, closed
    content = parsed.text[span.content_start : span.content_end]
    frame = Frame(span, opened_in, first, closed_in, last, frame_before(opened_in, first, context.quotes),
                  frame_after(closed_in, last, context.quotes), content,
                  Attribution(span.content_start, span.content_end, "", None, None, "unattributed:no_cue",
                              content.rstrip(" ,\"'”’").endswith("?"), closed_in.start,
                              opened_in.char_start(first.sent[0])))
    frame.base = replace(frame.base, type=frame.typed(None))
    lexicon = context.lexicon
    frame.before_cues = [t for t in reversed(frame.before) if is_cue(t, lexicon)]
    after = frame.after
    frame.after_cues = [t for t in after[:AFTER_WINDOW] if is_cue(t, lexicon)]
    frame.after_cues += [
        t for t in after[AFTER_WINDOW:LONG_AFTER_WINDOW]
        if is_cue(t, lexicon) and (subject_in(t, after) or interposed_name(after, t) is not None)
    ]
    frame.after_cues += mistagged_after_cue(after, lexicon)
    return frame


def _governing(frame: Frame) -> list[tuple[Paragraph, Token]]:
    """The cues whose clause holds the quote, before the filter of :func:`governing_cues`."""
    out = [(frame.opened_in, t) for t in frame.before_cues if governs(t, frame.inside_first)]
    out += [(frame.closed_in, t) for t in frame.after_cues if governs(t, frame.inside_last)]
    return out


def governing_cues(frame: Frame, context: Context) -> list[Candidate]:
    """Cues whose clause holds the quote, the outermost first; a cue in another cue's aside
    or subject leaves the quote to the cue whose report holds it ("While X said “...”, he
    said ..." is X's)."""
    governing = _governing(frame)
    cues = [t for _, t in governing]
    kept = [
        (p, t) for p, t in governing
        if right_after(t, frame.after)
        or not framed_elsewhere(t, cues, frame.inside_first if p is frame.opened_in else frame.inside_last)
    ]
    kept.sort(key=lambda pt: depth(pt[1]))
    return [(p, t, "cue_governs") for p, t in kept]


def second_half(frame: Frame, context: Context) -> list[Candidate]:
    """The second half of a split quote goes to the cue between the halves, whatever the parser
    hangs it from: “A,” X tweeted, “B,” after Y ... is X's."""
    before = frame.before
    if not (frame.before_cues and before[-1].text == "," and right_after_quote(before[0])):
        return []
    if any(right_after(t, frame.after) for t in frame.after_cues):
        return []
    governing = [t for _, t in _governing(frame)]
    return [(frame.opened_in, t, "cue_governs" if t in governing else "cue_before") for t in frame.before_cues]


def cues_after(frame: Frame, context: Context) -> list[Candidate]:
    """A cue after the quote; after a finished sentence, only close by and with no words of its
    own to report ("“Build the wall.” And Trump decried an increase in crime" is a new report)."""
    ends_sentence = frame.content.rstrip(" \"'”’").endswith((".", "!"))
    return [
        (frame.closed_in, t, "cue_after") for t in frame.after_cues
        if not ends_sentence
        or (frame.after.index(t) <= FINISHED_WINDOW and not reports_own_words(t, frame.after, context.lexicon))
    ]


def colon_cues(frame: Frame, context: Context) -> list[Candidate]:
    """The cues of a lead-in that ends with a colon: "The governor tweeted: “...”"."""
    return [(frame.opened_in, t, "colon_lead_in") for t in frame.before_cues] if frame.colon else []


def cues_before(frame: Frame, context: Context) -> list[Candidate]:
    """The cues before the quote, nearest first."""
    return [(frame.opened_in, t, "cue_before") for t in frame.before_cues]


def previous_paragraph_cues(frame: Frame, context: Context) -> list[Candidate]:
    """The cues of a lead-in ending the paragraph before with a colon, for a quote that opens its paragraph."""
    if frame.before or frame.first.i != 0:
        return []
    return lead_in_from_previous_paragraph(context, frame.opened_in)


#: Where a quote's candidate cues come from, in the order they are tried.
CANDIDATES: tuple[Callable[[Frame, Context], list[Candidate]], ...] = (
    second_half,
    governing_cues,
    cues_after,
    colon_cues,
    cues_before,
    previous_paragraph_cues,
)


def _not_said(frame: Frame, context: Context, candidates: list[Candidate]) -> bool:
    """Whether a short quoted fragment is words someone did not say: every cue that could report
    it is negated, outside the quote ("He did not say “retreat,” but ...")."""
    if frame.base.type != "partial" or len(frame.content.split()) > NAME_WORDS or not candidates:
        return False
    return all(
        any(c.dep_ == "neg" and not context.in_quote(paragraph.char_start(c)) for c in cue.children)
        for paragraph, cue, _ in candidates
    )


def _through(frame: Frame, context: Context, candidate: Candidate) -> Attribution | None:
    """The quote attributed through one candidate cue, if its speaker is found."""
    paragraph, cue, family = candidate
    mention, pattern = find_speaker(context, paragraph, cue)
    if mention is None and paragraph is frame.closed_in and cue in frame.after:
        name = interposed_name(frame.after, cue)
        if name is not None:
            mention, pattern = mention_from_head(paragraph, name, context.lexicon), "interposed_name"
    if mention is None:
        return None
    kind = frame.typed(cue)
    return replace(frame.base, type=kind, cue=make_cue(paragraph, cue, context.lexicon), mention=mention,
                   rule=rule_name(family, pattern), clause=held_by(context, frame, cue) if kind == "partial" else None)


def held_by(context: Context, frame: Frame, cue: Token) -> tuple[int, int] | None:
    """The span of the report of ``cue`` that holds a partial quote: "said [he should “face
    justice”]", "called [Trump “the orange prince”]"; ``None`` when no report of the cue holds it."""
    if not (cue.doc is frame.opened_in.doc is frame.closed_in.doc):
        return None
    ranges, _ = report_ranges(cue, cue_lemma(cue, context.lexicon), context)
    first, last = frame.inside_first.i, frame.inside_last.i
    paragraph, doc = frame.opened_in, frame.opened_in.doc
    for a, b in ranges:
        if a <= first and last <= b:
            start, end = paragraph.char_start(doc[a]), paragraph.char_end(doc[b])
            if start <= frame.span.content_start and frame.span.content_end <= end:
                return start, end
    return None


def signed(frame: Frame, context: Context, candidates: list[Candidate]) -> Attribution | None:
    """A dash line that signs the quote ("“...” — Bernie Sanders.")."""
    mention = signature(context, frame.span) if not candidates else None
    return replace(frame.base, type="direct", mention=mention, rule=rule_name("signature")) if mention else None


def labelled_turn(frame: Frame, context: Context, candidates: list[Candidate]) -> Attribution | None:
    """A quote right after a transcript's speaker label ("WALLACE: “...”")."""
    label = transcript_label(context, context.number(frame.opened_in))
    if label is not None and frame.span.start - label.end <= 3 and not candidates:
        return replace(frame.base, type="direct", mention=label, rule=rule_name("transcript_label"))
    return None


def inline_label(frame: Frame, context: Context, candidates: list[Candidate]) -> Attribution | None:
    """A name and a colon before the quote: "Clinton: “Our goal is ...” Bush: “The mission is ...”"."""
    if not frame.colon or candidates:
        return None
    label = label_words([t for t in frame.before[:-1] if not t.is_space])
    if not (
        1 <= len(label) <= LABEL_WORDS
        and all(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" or (t.is_title and t.pos_ == "NOUN") for t in label)
        and " ".join(t.lower_ for t in label) not in context.lexicon.non_speaker_labels
    ):
        return None
    mention = inline_label_mention(context, frame.opened_in, label)
    return replace(frame.base, type="direct", mention=mention, rule=rule_name("inline_label"))


def colon_subject(frame: Frame, context: Context, candidates: list[Candidate]) -> Attribution | None:
    """A lead-in clause that ends with a colon hands the quote to its subject, past a cue that
    found no speaker too: "Sarah Silverman heckles the crowd: “...”", "X gave it a try in an
    interview on Tuesday: “...”"."""
    if not frame.colon:
        return None
    verb = lead_in_verb([t for t in frame.before[:-1] if not t.is_space])
    subject = subject_of(verb) if verb is not None else None
    if verb is None or subject is None or not speaker_like(subject, context.lexicon):
        return None
    if context.in_quote(frame.opened_in.char_start(subject)):
        return None
    return replace(frame.base, type="direct", cue=make_cue(frame.opened_in, verb, context.lexicon),
                   mention=mention_from_head(frame.opened_in, subject, context.lexicon),
                   rule=rule_name("colon_lead_in:verb_subject"))


#: Most words of a lead-in that names a source without a verb ("Statement from Senator Ana Ruiz:").
SOURCE_LABEL_WORDS = 10


def source_label(frame: Frame, context: Context, candidates: list[Candidate]) -> Attribution | None:
    """A lead-in with no verb that names the quote's source, before a colon in its sentence or
    ending the paragraph before: "From the mayor's office:", "Statement from Senator Ana Ruiz:"."""
    if candidates:
        return None
    lead = _source_lead(frame, context)
    if lead is None:
        return None
    paragraph, words = lead
    if not words or len(words) > SOURCE_LABEL_WORDS or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    if any(t.is_quote for t in words):
        return None  # "“Title,” by Times' Ann Lee:" introduces an excerpt, whose source is its article
    ids = {t.i for t in words}
    for word in words:
        if (word.lower_ == "from" and word.i == words[0].i) or (
            word.lower_ in ("from", "by") and word.head.lemma_.lower() in context.lexicon.cue_nouns
        ):
            source = next((c for c in word.children if c.dep_ == "pobj" and c.i in ids), None)
            if source is not None:
                mention = mention_from_head(paragraph, source, context.lexicon)
                return replace(frame.base, type="direct", mention=mention, rule=rule_name("source_label"))
    return None


def _source_lead(frame: Frame, context: Context) -> tuple[Paragraph, list[Token]] | None:
    """The words of a lead-in before the quote's colon, or of a paragraph before that ends with one."""
    if frame.colon:
        return frame.opened_in, [t for t in frame.before[:-1] if not t.is_space]
    if frame.before or frame.first.i != 0:
        return None
    index = context.number(frame.opened_in)
    if index == 0:
        return None
    prev = context.parsed.paragraphs[index - 1]
    if not len(prev.doc) or prev.doc[-1].text != ":":
        return None
    return prev, [t for t in prev.doc[-1].sent if not (t.is_space or t.i == len(prev.doc) - 1)]


def floor_given(frame: Frame, context: Context, candidates: list[Candidate]) -> Attribution | None:
    """A quote opening its own sentence after a short sentence of a speaker and a verb:
    "Dianne Bystrom agreed. “...”"."""
    if frame.before or candidates or frame.first.i != frame.first.sent.start:
        return None
    previous = previous_sentence_speaker(context, frame.opened_in, frame.first)
    if previous is None:
        return None
    cue, mention = previous
    return replace(frame.base, type="direct", cue=make_cue(frame.opened_in, cue, context.lexicon), mention=mention,
                   rule=rule_name("previous_sentence"))


def fragment_verb(frame: Frame, context: Context, candidates: list[Candidate]) -> Attribution | None:
    """A quoted fragment is said by the subject of the verb it hangs from, or of the nearest
    verb above it with a subject that can speak; a bare copula reports nothing ("Trump is a
    “friend”", "the plan was “dead on arrival”"): the quote then has no speaker."""
    if frame.base.type != "partial":
        return None
    paragraph, lexicon = frame.opened_in, context.lexicon
    verb = governing_verb(frame.inside_first, paragraph, context.quotes)
    if verb is not None and bare_copula(verb):
        return replace(frame.base, rule=rule_name("unattributed:scare_quote"))
    subject = subject_of(verb) if verb is not None else None
    if verb is not None and subject is not None and speaker_like(subject, lexicon):
        mention, pattern = find_speaker(context, paragraph, verb)
        if mention is not None:
            return replace(frame.base, cue=make_cue(paragraph, verb, lexicon), mention=mention,
                           rule=rule_name("governing_verb", pattern), clause=held_by(context, frame, verb))
    verb = acting_verb(frame.inside_first, paragraph, context.quotes, lexicon)
    if verb is not None:
        mention, pattern = find_speaker(context, paragraph, verb)
        if mention is not None:
            return replace(frame.base, cue=make_cue(paragraph, verb, lexicon), mention=mention,
                           rule=rule_name("acting_verb", pattern), clause=held_by(context, frame, verb))
    return None


#: What decides a quote no candidate cue found a speaker for, in the order tried; the first
#: that gives an attribution decides it (with no speaker, when a fallback says it has none).
FALLBACKS: tuple[Callable[[Frame, Context, list[Candidate]], Attribution | None], ...] = (
    signed,
    labelled_turn,
    inline_label,
    colon_subject,
    source_label,
    floor_given,
    fragment_verb,
)


def attribute_marked(context: Context, span: QuotedSpan) -> Attribution | None:
    """Attribute one marked quote: through the first candidate cue whose speaker is found, else
    the first fallback that decides; ``None`` for a quote outside the parse.

    A quote no rule finds a speaker for comes back with no mention and a rule saying why
    (``unattributed:title`` for a work's title, ``unattributed:no_cue``, ...).
    """
    frame = frame_of(context, span)
    if frame is None:
        return None
    candidates = [c for source in CANDIDATES for c in source(frame, context)]
    reason = not_speech(frame.content, frame.before, context.lexicon)
    if reason is not None:
        return replace(frame.base, rule=rule_name(reason))
    if _not_said(frame, context, candidates):
        return replace(frame.base, rule=rule_name("unattributed:not_said"))
    for candidate in candidates:
        found = _through(frame, context, candidate)
        if found is not None:
            return found
    for fallback in FALLBACKS:
        decided = fallback(frame, context, candidates)
        if decided is not None:
            return decided
    return replace(frame.base, rule=rule_name("unattributed:no_speaker" if candidates else "unattributed:no_cue"))
