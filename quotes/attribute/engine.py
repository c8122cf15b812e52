"""The attribution engine: one document's marked quotes and reported clauses, with their speakers.

:meth:`Engine.attribute` reads as the recipe it is: headline quotes go to the headline's
label; every other marked quote is attributed through its frame
(:mod:`quotes.attribute.marked`); quotes with no cue take a neighbour's speaker
(:mod:`quotes.attribute.carry`); fragments of one report are joined; transcript turns and
indirect speech (:mod:`quotes.attribute.indirect`) are added, without reports already given.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from spacy.vocab import Vocab

from quotes.attribute.carry import carry, merge_fragments
from quotes.attribute.indirect import indirect, without_doubles
from quotes.attribute.labels import headline_end, headline_quote, headline_report, headline_speaker, transcript_turns
from quotes.attribute.marked import attribute_marked
from quotes.attribute.mentions import Mention
from quotes.attribute.patterns import DependencyPatterns, PatternIndex
from quotes.attribute.records import Attribution, Context, QuoteIndex
from quotes.attribute.registry import Registry, registry
from quotes.lexicon import Lexicon
from quotes.marks import QuotedSpan
from quotes.parse.pipe import ParsedText

log = logging.getLogger(__name__)

#: Reasons that keep a quote out of speech altogether: it takes no neighbour's speaker either.
WITHHELD = frozenset({"unattributed:title", "unattributed:name", "unattributed:label", "unattributed:not_said", "unattributed:error"})


class Engine:
    """The rules with what they read: the lexicon, the dependency patterns compiled for one
    pipeline's vocabulary, and the rule registry with its calibrated confidences.

    Args:
        vocab: The vocabulary of the pipeline whose parses the engine reads.
        lexicon: The open word lists.
        rules: The rule registry; default the shipped one.
    """

    def __init__(self, vocab: Vocab, lexicon: Lexicon, *, rules: Registry | None = None) -> None:
        self.lexicon = lexicon
        self.patterns = DependencyPatterns(vocab)
        self.rules = rules if rules is not None else registry()

    def attribute(self, parsed: ParsedText, spans: Sequence[QuotedSpan], *, unattributed: bool = False) -> list[Attribution]:
        """Find every attributed quote of a parsed document.

        Args:
            parsed: The document's parsed paragraphs.
            spans: Marked quotes from :func:`quotes.marks.scan`, in order.
            unattributed: Also give the marked quotes no rule finds a speaker for, with no
                mention and an ``unattributed:*`` rule that says why.

        Returns:
            Attributions in order of appearance.
        """
        context = Context(parsed, QuoteIndex(spans), self.lexicon, PatternIndex(self.patterns))
        speaker = headline_speaker(context)
        marked, kept, withheld = _marked(context, spans, speaker)
        carried = carry(context, marked, kept)
        found = merge_fragments([a for a in carried if a.mention is not None])
        if unattributed:
            found += withheld + [a for a in carried if a.mention is None]
        if speaker is not None and (report := headline_report(context, speaker, spans)) is not None:
            found.append(report)
        found.extend(transcript_turns(context))
        found.extend(without_doubles(indirect(context), found))
        found.sort(key=lambda a: (a.start, a.end))
        return found


def _marked(
    context: Context, spans: Sequence[QuotedSpan], speaker: Mention | None
) -> tuple[list[Attribution], list[QuotedSpan], list[Attribution]]:
    """The attributions of the marked quotes, with the quotes they belong to, and the quotes
    withheld from speech (titles, names, a headline's condensed quotes); ``speaker`` is the
    headline's label, if it has one."""
    headline = max(headline_end(context), context.parsed.paragraphs[1].start if speaker is not None else 0)
    marked: list[Attribution] = []
    kept: list[QuotedSpan] = []
    withheld: list[Attribution] = []
    for span in spans:
        if span.content_end <= span.content_start or _markup_value(context.parsed.text, span):
            continue
        if span.start < headline and (speaker is None or span.start <= speaker.end):
            # a headline's quotes condense the body's, unless it names their speaker
            withheld.append(_withheld(context, span, "unattributed:headline"))
            continue
        att = headline_quote(context, speaker, span) if span.start < headline and speaker is not None else _attributed(context, span)
        if att is None:
            continue
        if att.rule in WITHHELD:
            withheld.append(att)
            continue
        marked.append(att)
        kept.append(span)
    return marked, kept, withheld


def _withheld(context: Context, span: QuotedSpan, rule: str) -> Attribution:
    """A marked quote no rule reads as speech, with the rule that says why."""
    return Attribution(span.content_start, span.content_end, "direct", None, None, rule, False, -1, -1)


def _attributed(context: Context, span: QuotedSpan) -> Attribution | None:
    """One marked quote's attribution; one with no mention for a title, a name or a sentence
    the parser mangles (``unattributed:*``); ``None`` for a quote outside the parse."""
    try:
        att = attribute_marked(context, span)
    except Exception:  # a sentence the parser mangles costs that quote, never the document
        log.warning("could not attribute the quote at offset %d", span.start, exc_info=True)
        return _withheld(context, span, "unattributed:error")
    if att is not None and att.mention is not None and att.mention.start <= span.start and span.end <= att.mention.end:
        # the quote is part of its own speaker's description (“big four” negotiators, Juan "Chico" Ruiz)
        return replace(att, mention=None, cue=None, rule="unattributed:name", clause=None)
    return att


def _markup_value(text: str, span: QuotedSpan) -> bool:
    """An attribute value in embedded markup (``<tweet id="...">``), not a quote."""
    return span.start > 0 and text[span.start - 1] == "="
