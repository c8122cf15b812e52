"""Speakers named without a verb: a transcript's labels, a headline's "Name:", a signature line,
an inline "Name:" before a quote, and the short sentence or colon lead-in just before a quote."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Token

from quotes.attribute.cues import is_cue
from quotes.attribute.mentions import Mention, label_mention, mention_from_head
from quotes.attribute.records import Attribution, Context
from quotes.attribute.speakers import find_speaker
from quotes.lexicon.closed import CALENDAR
from quotes.marks import QuotedSpan
from quotes.parse.paragraphs import Paragraph

#: A transcript's speaker label opening a paragraph: "WALLACE: ...", "SEN. KAINE: ...".
_LABEL = re.compile(r"([A-Z][A-Z.'’\- ]{1,40}?):\s")
#: A dash and a name signing the quote before it: "— Bernie Sanders." or "- Sanders, in a debate".
_SIGNATURE = re.compile(r"\s*[-—–]{1,2}\s*((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]+)\s*(?:[,(].{0,120})?[.]?\s*$")
#: A headline's label: "Sanders: Endorsements prove ...".
_HEADLINE_LABEL = re.compile(r"((?:[A-Z][\w'’-]*\.? ){0,3}[A-Z][\w'’-]+): +\S")
#: Most words of a short sentence that hands the floor to the quote after it.
FLOOR_WORDS = 25
#: Most words of a headline.
HEADLINE_WORDS = 25


def lead_in_from_previous_paragraph(context: Context, paragraph: Paragraph) -> list[tuple[Paragraph, Token, str]]:
    """Cues of a lead-in that ends the paragraph before with a colon ("Breitbart News responded:")."""
    index = context.number(paragraph)
    if index == 0:
        return []
    prev = context.parsed.paragraphs[index - 1]
    if not prev.text.rstrip().endswith(":") or not len(prev.doc):
        return []
    last_sentence = prev.doc[-1].sent
    return [(prev, tok, "colon_lead_in") for tok in reversed(list(last_sentence)) if is_cue(tok, context.lexicon)]


def previous_sentence_speaker(context: Context, paragraph: Paragraph, first: Token) -> tuple[Token, Mention] | None:
    """The speaker of a short sentence just before a quote that opens its own sentence.

    "Dianne Bystrom agreed. “Mainstream Republicans are ...”": a sentence of a subject and a
    reporting verb (or "agreed", "explained"), and nothing else quoted, gives the floor to
    the quote that follows it in the paragraph.
    """
    if first.sent.start == 0:
        return None
    previous = paragraph.doc[first.sent.start - 1].sent
    if any(context.in_quote(paragraph.char_start(t)) for t in previous) or len(previous) > FLOOR_WORDS:
        return None
    root = previous.root
    if root.pos_ not in ("VERB", "AUX") or not (
        is_cue(root, context.lexicon) or root.lemma_.lower() in context.lexicon.floor_verbs
    ):
        return None
    if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in root.children):
        return None  # "She said the plan works." reports its own clause
    mention, _ = find_speaker(context, paragraph, root)
    return (root, mention) if mention is not None and mention.kind != "document" else None


def signature(context: Context, span: QuotedSpan) -> Mention | None:
    """The speaker a dash line signs a quote with, in the epigraph and fact-check style:
    the quote ends its paragraph and the rest of it, or the next paragraph, is "— Name"."""
    parsed = context.parsed
    paragraph = parsed.paragraph_at(span.start)
    if paragraph is None:
        return None
    index = context.number(paragraph)
    text = context.paragraph_text(index)
    rest_start = span.end
    rest = parsed.text[rest_start : paragraph.start + len(text)]
    if not rest.strip() and index + 1 < len(parsed.paragraphs):
        if parsed.text[paragraph.start : span.start].strip():
            return None  # the quote must be the whole paragraph to be signed by the next one
        rest_start = parsed.paragraphs[index + 1].start
        rest = context.paragraph_text(index + 1)
    match = _SIGNATURE.match(rest)
    if match is None:
        return None
    return label_mention(rest_start + match.start(1), match.group(1))


def transcript_label(context: Context, index: int) -> Mention | None:
    """A transcript's speaker label opening paragraph ``index`` ("WALLACE: ...", "SEN. KAINE: ...")."""
    match = _LABEL.match(context.paragraph_text(index))
    if not match:
        return None
    name = match.group(1).strip()
    letters = [c for c in name if c.isalpha()]
    if len(name.split()) > 3 or len(letters) < 2 or not all(c.isupper() for c in letters):
        return None
    if name.lower() in context.lexicon.non_speaker_labels:
        return None
    return label_mention(context.parsed.paragraphs[index].start, name)


def transcript_turns(context: Context) -> list[Attribution]:
    """Unmarked transcript turns: the text after a speaker label is that speaker's words."""
    parsed = context.parsed
    out = []
    for index, paragraph in enumerate(parsed.paragraphs):
        label = transcript_label(context, index)
        if label is None:
            continue
        start = label.end + 1
        end = paragraph.start + len(context.paragraph_text(index))
        while start < end and parsed.text[start].isspace():
            start += 1
        if end - start < 2 or context.quotes.quoted_chars(start, end) > 0.5 * (end - start):
            continue
        out.append(Attribution(start, end, "direct", None, label, "transcript_label",
                               parsed.text[start:end].rstrip().endswith("?"), paragraph.start, paragraph.start))
    return out


def label_words(words: list[Token]) -> list[Token]:
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


def inline_label_mention(context: Context, paragraph: Paragraph, label: list[Token]) -> Mention:
    """The mention of a source label, kept to the label's words: the parser may hang the
    summary before its dash or the quote after its colon on the name."""
    mention = mention_from_head(paragraph, label[-1], context.lexicon)
    start, end = paragraph.char_start(label[0]), paragraph.char_end(label[-1])
    if start <= mention.start and mention.end <= end:
        return mention
    start, end = max(start, mention.start), min(end, mention.end)
    mention = replace(mention, start=start, end=end, text=context.parsed.text[start:end])
    if not start <= mention.name_start <= mention.name_end <= end:
        mention = replace(mention, name=mention.text, name_start=start, name_end=end)
    return mention


def headline_end(context: Context) -> int:
    """End offset of a title-case headline opening the document, else 0.

    Quotes in a headline condense ones the article body reports in full, so they are left
    to the body.
    """
    parsed = context.parsed
    if len(parsed.paragraphs) < 2:
        return 0
    text = context.paragraph_text(0)
    words = [w for w in text.split() if w[:1].isalpha()]
    if not words or len(words) > HEADLINE_WORDS or text.rstrip(" .”’\"'").endswith(("?", "!")):
        return 0
    capitalized = sum(1 for w in words if w[:1].isupper())
    return parsed.paragraphs[0].start + len(text) if capitalized >= 0.6 * len(words) else 0


def headline_speaker(context: Context) -> Mention | None:
    """The speaker a headline names before a colon ("Sanders: Endorsements prove ...")."""
    parsed, lexicon = context.parsed, context.lexicon
    if len(parsed.paragraphs) < 2:
        return None
    first = context.paragraph_text(0)
    match = _HEADLINE_LABEL.match(first)
    if match is None or len(first.split()) > HEADLINE_WORDS:
        return None
    name = match.group(1)
    if name.isupper():  # "WASHINGTON:" is a dateline, "WALLACE:" a transcript label
        return None
    last = name.split()[-1].lower()
    start = parsed.paragraphs[0].start + match.start(1)
    if last in lexicon.finding_labels:
        # "Poll: Clinton and Trump in dead heat": the poll's finding, as "a poll shows" is
        return replace(label_mention(start, name), kind="nominal", gender="n")
    if name.lower() in lexicon.non_speaker_labels or last in lexicon.non_speaker_labels or last in CALENDAR:
        return None  # "Update:", and "Delegate Update:" or "Editor's Note:" alike
    return label_mention(start, name)


def headline_report(context: Context, speaker: Mention, spans: Sequence[QuotedSpan]) -> Attribution | None:
    """What a headline's label says when no quote marks give its words: "Pence: Flowers
    won't be at the debate." reports the words after the colon, as an indirect quote."""
    parsed = context.parsed
    end = parsed.paragraphs[0].start + len(context.paragraph_text(0))
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


def headline_quote(context: Context, speaker: Mention, span: QuotedSpan) -> Attribution:
    """A marked quote after a headline's label: the label's speaker's words, ``direct`` right
    after the colon ("Sanders: “...”"), else ``partial``."""
    kind = "direct" if context.parsed.text[speaker.end : span.start].strip() == ":" else "partial"
    start = context.parsed.paragraphs[0].start
    return Attribution(span.content_start, span.content_end, kind, None, speaker, "headline_label", False, start, start)
