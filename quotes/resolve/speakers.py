"""From attributions to quotes: each speaker mention resolved to a display name within its document.

A pronoun (or a document with no named source) takes its antecedent (:mod:`quotes.resolve.pronouns`);
every mention is split into name and role words (:mod:`quotes.names.split`), and the names of
one document are merged (a surname joins the one fuller name it ends). Each quote's
confidence is its rule's calibrated confidence, times the calibrated factor of a pronoun
speaker.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from quotes.attribute.engine import Engine
from quotes.attribute.mentions import Mention, joins_names
from quotes.attribute.records import Attribution, QuoteIndex
from quotes.lexicon import Lexicon
from quotes.marks import QuotedSpan
from quotes.names.casing import looks_miscased
from quotes.names.document import resolve_in_document
from quotes.names.keys import clean_name, speaker_id
from quotes.names.split import NameParts, split_mention
from quotes.parse.pipe import ParsedText
from quotes.resolve.profiles import Profile, QuoteSpeaker, document_profiles
from quotes.resolve.pronouns import Candidate, collect_candidates, resolve_pronoun
from quotes.types import Clause, Document, Quote, Speaker


@dataclass(frozen=True)
class _Resolved:
    """An attribution with its speaker's name parts (``None``: shown as written), confidence,
    and the antecedent a pronoun or unsourced document was resolved to."""

    att: Attribution
    parts: NameParts | None
    confidence: float
    antecedent: Candidate | None = None


def quotes_from_parsed(
    document: Document,
    parsed: ParsedText,
    spans: Sequence[QuotedSpan],
    engine: Engine,
    *,
    min_confidence: float = 0.0,
    unattributed: bool = False,
    acts: Collection[str] | None = None,
) -> list[Quote]:
    """Attribute the marked quotes of an already parsed text and resolve their speakers.

    The one path from a parse to quotes, shared by :class:`quotes.Extractor` (paragraphs from
    :func:`quotes.parse.pipe.parse`) and the spaCy component (one paragraph holding the
    caller's ``Doc``).

    Args:
        document: The document the text belongs to (its id and metadata go to every quote).
        parsed: The parsed text: ``document.text`` or its reading
            (:func:`quotes.parse.layout.reading_text`), of the same length; what the quotes
            write (text, clause, mention, cue) is cut from ``document.text``.
        spans: Quoted spans of the text, from :func:`quotes.marks.scan`.
        engine: The attribution engine (lexicon, patterns, rules).
        min_confidence: Quotes with a lower confidence are dropped (quotes with no speaker
            are kept when ``unattributed`` is set, whatever their confidence of 0).
        unattributed: Also give the quoted passages no speaker was found for (``speaker``
            ``None``, an ``unattributed:*`` rule saying why).
        acts: Keep only quotes of these acts (``speech``, ``belief``, ``evidence``,
            ``intention``); ``None`` keeps every act.

    Returns:
        Quotes in order of appearance, with offsets into ``document.text``.
    """
    attributions = engine.attribute(parsed, spans, unattributed=unattributed)
    lexicon = engine.lexicon
    candidates = collect_candidates(parsed, attributions, QuoteIndex(spans), lexicon=lexicon)
    miscased = _document_miscased(
        [c.name for c in candidates if c.kind == "person"]
        + [a.mention.name for a in attributions if a.mention is not None and a.mention.kind == "person"]
    )
    numbers = {paragraph.start: i for i, paragraph in enumerate(parsed.paragraphs)}
    resolved = [_resolve(att, candidates, numbers, engine, miscased) for att in attributions]
    # a reporting noun with no named source is a common noun, never cased as a name ("a joint statement")
    kinds = [c.kind if c.kind != "document" else "nominal" for c in candidates]
    candidate_names = [split_mention(c.name, kind=k, miscased=miscased, lexicon=lexicon).name for c, k in zip(candidates, kinds, strict=True)]
    # "Kim and Lee" names two speakers: it is no fuller form of either name
    names = candidate_names + [r.parts.name for r in resolved if r.parts is not None and not joins_names(r.parts.kind, r.parts.name)]
    display = resolve_in_document(names, lexicon=lexicon)
    speakers = [_speaker(item, display, lexicon) for item in resolved]
    people = [display.get(clean_name(n), n) for n, c in zip(candidate_names, candidates, strict=True) if c.kind == "person"]
    reported = _SpanIndex([(a.start, a.end) for a in attributions] + [(q.start, q.end) for q in spans])
    found = [s for s in speakers if s is not None]
    profiles = document_profiles(document.id, parsed, found, candidates, people, QuoteIndex(spans), reported, lexicon)
    quotes: list[Quote] = []
    for item, speaker in zip(resolved, speakers, strict=True):
        act = engine.rules[item.att.rule].act
        if (item.confidence >= min_confidence or speaker is None) and (acts is None or act in acts):
            profile = profiles[speaker.key] if speaker is not None else None
            quotes.append(_quote(document, item, speaker, profile, index=len(quotes), act=act))
    return quotes


def _resolve(att: Attribution, candidates: Sequence[Candidate], numbers: dict[int, int], engine: Engine, miscased: bool | None) -> _Resolved:
    """One attribution's speaker name parts and confidence."""
    mention = att.mention
    lexicon = engine.lexicon
    confidence = engine.rules.confidence(att.rule)
    if mention is None:  # a quote no one is found to say
        return _Resolved(att, None, confidence)
    if mention.kind in ("pronoun", "document"):
        antecedent = resolve_pronoun(mention, candidates, numbers.get(att.paragraph_start, 0))
        if antecedent is not None:
            parts = split_mention(antecedent.name, kind=antecedent.kind, miscased=miscased, lexicon=lexicon)
            # "he" has no role words
            pronoun = confidence * engine.rules.adjustments["pronoun"]
            return _Resolved(att, NameParts(parts.name, None, parts.written, parts.kind), pronoun, antecedent)
        if mention.kind == "document":
            return _Resolved(att, split_mention(mention.text, name=mention.name, kind="nominal", miscased=miscased, lexicon=lexicon), confidence)
        return _Resolved(att, None, confidence * engine.rules.adjustments["unresolved_pronoun"])
    written = mention.text if _names_itself(mention) else mention.name
    return _Resolved(att, split_mention(written, name=mention.name, kind=mention.kind, miscased=miscased, lexicon=lexicon), confidence)


def _names_itself(mention: Mention) -> bool:
    """Whether the mention holds its name; not so for "who" in "Smith, who said", whose name is written elsewhere."""
    return mention.name_start >= mention.start and mention.name_end <= mention.end


def _speaker(item: _Resolved, display: dict[str, str], lexicon: Lexicon) -> QuoteSpeaker | None:
    """The speaker of one resolved attribution: its display name in the document and its key
    (``None`` for a quote no one is found to say)."""
    parts, mention = item.parts, item.att.mention
    if mention is None:
        return None
    shown = display.get(clean_name(parts.name), parts.name) if parts is not None else mention.text
    if parts is not None and shown != parts.name and lexicon.honorific_clash([parts.title or ""], shown):
        shown = parts.name  # "Mr. Clinton" is not the document's "Hillary Clinton"
    names_itself = mention.kind not in ("pronoun", "document") and _names_itself(mention)
    return QuoteSpeaker(speaker_id(shown, lexicon=lexicon), shown, mention, parts, item.antecedent, names_itself)


def _quote(
    document: Document, item: _Resolved, who: QuoteSpeaker | None, profile: Profile | None, *, index: int, act: str
) -> Quote:
    """The output quote of one resolved attribution; its text, mention and cue cut from ``document.text``."""
    att, text = item.att, document.text
    clause = Clause(text[att.clause[0] : att.clause[1]], *att.clause) if att.clause is not None else None
    return Quote(
        doc_id=document.id,
        index=index,
        text=document.text[att.start : att.end],
        start=att.start,
        end=att.end,
        type=att.type,  # type: ignore[arg-type]
        speaker=_output_speaker(item, who, profile, text),
        cue=att.cue and replace(att.cue, text=text[att.cue.start : att.cue.end]),
        confidence=item.confidence,
        rule=att.rule,
        meta=document.meta,
        act=act,  # type: ignore[arg-type]
        clause=clause,
    )


def _output_speaker(item: _Resolved, who: QuoteSpeaker | None, profile: Profile | None, text: str) -> Speaker | None:
    """The speaker a quote writes out: name, id, the mention as written, kind and gender."""
    if who is None or profile is None:
        return None
    mention, parts = who.mention, item.parts
    return Speaker(
        name=who.name,
        id=who.key,
        mention=text[mention.start : mention.end],
        start=mention.start,
        end=mention.end,
        title=parts.title if parts is not None else None,
        kind=profile.kind,  # type: ignore[arg-type]
        gender=profile.gender,
        gender_evidence=profile.shown,
        evidence=profile.evidence,
    )


class _SpanIndex:
    """Whether an offset lies inside any of some spans (quotes, marked or reported)."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [start for start, _ in self._spans]
        self._reach = list(itertools.accumulate((end for _, end in self._spans), max))

    def __call__(self, offset: int) -> bool:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and self._reach[i] > offset


def _document_miscased(person_names: Sequence[str]) -> bool | None:
    """Whether a document's casing is broken, judged from the person names it writes.

    Returns:
        ``True`` when a person name is written in broken case ("juan guaido"), ``False`` when
        every one is well cased, ``None`` when the document names no person.
    """
    if not person_names:
        return None
    return any(looks_miscased(name) for name in person_names if name.strip())
