"""The parse plan: which sentences of a document need the parser.

Parsing dominates the cost of extraction, so by default only the sentences where attribution
can happen are parsed (:func:`plan_paragraphs`): those holding quoted material, a word form of
a verb or noun the rules read, a name, and the sentence before a pronoun. The others are only
tokenized, and paragraphs with none of these are left out (kept as empty paragraphs, so that
paragraph numbers and adjacency are those of a full parse).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from spacy.language import Language

from quotes.lexicon import Lexicon
from quotes.lexicon.closed import THIRD_PERSON_PRONOUNS
from quotes.parse.paragraphs import paragraph_spans, sentence_cuts

_WORD = re.compile(r"[^\W\d_]+")


#: The start of a word, a capitalized one, and a capitalized one where a sentence starts.
_WORD_START = re.compile(r"(?<!\S)[“\"‘'(\[]*[^\W\d_]")


_CAPITAL_START = re.compile(r"(?<!\S)[“\"‘'(\[]*[A-Z]")


#: What may open a sentence before its first word: the characters the capitalized-cue test
#: skips ("“Said ...", "(Says ...").
_OPENING = re.compile(r"[ \"“‘(\[]*")


_SENTENCE_CAPITAL = re.compile(r"(?:\A\s*|[.!?:][”\"’')\]]*\s+|[\n\r]\s*)[“\"‘'(\[]*[A-Z]")


#: Two capitalized words in a row: a name the entity recognizer should see ("Tom Clarke").
_NAME = re.compile(r"\b[A-Z][\w'’.\-]*[ \t]+[A-Z][\w'’\-]*")


_VOWELS = frozenset("aeiou")


#: Share of words capitalized where no sentence starts below which a text's casing is
#: taken to tell nothing (see :func:`is_cased`).
MIN_CAPITALS = 0.02


#: How a piece of a paragraph is processed: the whole pipeline,
PARSE = "parse"


#: or the tokenizer only.
TOKENS = "tokens"


def verb_forms(lemma: str, *, irregular: Mapping[str, Iterable[str]] | None = None) -> frozenset[str]:
    """Inflected forms of an English verb: the lemma, -s, -ed, -ing, and irregular forms.

    Regular forms follow the suffix rules that spaCy's English rule lemmatizer undoes
    (``-s/-es/-ies``, ``-ed/-d/-ied``, ``-ing`` with a silent ``e`` dropped); final
    consonants are also doubled ("quipped") and both spellings are kept, since a form too
    many only costs a parse. Multi-word lemmas give the forms of their last word.

    Args:
        lemma: A lowercase lemma ("say", "according to").
        irregular: Lemma -> irregular forms ("say" -> "said"), e.g. from
            :func:`irregular_forms`.

    Returns:
        Lowercase forms, the lemma included.
    """
    word = lemma.split()[-1] if lemma.split() else lemma
    forms = {word}
    forms.update(f.lower() for f in (irregular or {}).get(word, ()))
    if word.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(word + "es")
    elif len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
        forms.add(word[:-1] + "ies")
    else:
        forms.add(word + "s")
    if word.endswith("e"):
        forms.update({word + "d", word[:-1] + "ing", word + "ing"})
    elif len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
        forms.update({word[:-1] + "ied", word + "ing"})
    else:
        forms.update({word + "ed", word + "ing"})
        if len(word) > 2 and word[-1] not in _VOWELS | {"w", "x", "y"} and word[-2] in _VOWELS:
            forms.update({word + word[-1] + "ed", word + word[-1] + "ing"})
    return frozenset(forms)


def irregular_forms(nlp: Language) -> dict[str, frozenset[str]]:
    """Irregular verb forms the pipeline's lemmatizer knows, as lemma -> forms.

    Read from the exception table of a rule lemmatizer (``lemma_exc``, verbs) or the
    table of a lookup lemmatizer (``lemma_lookup``), so that the forms looked for are the
    ones the lemmatizer will map to a cue lemma. Empty when the pipeline has neither.
    """
    out: dict[str, set[str]] = {}
    if "lemmatizer" not in nlp.pipe_names:
        return {}
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None:
        return {}
    tables: list[Mapping[str, object]] = []
    if lookups.has_table("lemma_exc"):
        exc = lookups.get_table("lemma_exc")
        if "verb" in exc:
            tables.append(exc["verb"])
    if lookups.has_table("lemma_lookup"):
        tables.append(lookups.get_table("lemma_lookup"))
    for table in tables:
        for form, lemmas in table.items():
            if not isinstance(form, str):
                continue
            for lemma in [lemmas] if isinstance(lemmas, str) else lemmas:  # type: ignore[union-attr]
                out.setdefault(str(lemma).lower(), set()).add(form.lower())
    return {lemma: frozenset(forms) for lemma, forms in out.items()}


@dataclass(frozen=True)
class Triggers:
    """What makes a sentence worth parsing, from one lexicon (see :func:`plan_paragraphs`).

    Attributes:
        forms: Lowercase word forms of the verbs and nouns the rules read (:func:`cue_forms`
            of :attr:`Lexicon.read_verbs`, and :attr:`Lexicon.read_nouns`).
        phrasal: Finds a phrasal cue with its particle ("went on", "shot back").
        abbreviations: Abbreviations after whose period a sentence goes on (``sentence_cuts``).
    """

    forms: frozenset[str]
    phrasal: re.Pattern[str]
    abbreviations: frozenset[str]

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon, *, irregular: Mapping[str, Iterable[str]] | None = None) -> Triggers:
        """The triggers of ``lexicon``, with the irregular verb forms of a pipeline's lemmatizer."""
        cues = lexicon.phrasal_cues.values()
        forms = "|".join(sorted(form for cue in cues for form in cue.forms))
        particles = "|".join(sorted({cue.particle for cue in cues}))
        return cls(
            forms=cue_forms(lexicon.read_verbs, irregular=irregular) | lexicon.read_nouns,
            phrasal=re.compile(rf"\b(?:{forms})\s+(?:{particles})\b"),
            abbreviations=lexicon.abbreviations,
        )


def cue_forms(lemmas: Iterable[str], *, irregular: Mapping[str, Iterable[str]] | None = None) -> frozenset[str]:
    """All word forms of the given verb lemmas (see :func:`verb_forms`), plus "according"."""
    forms: set[str] = {"according"}
    for lemma in lemmas:
        forms |= verb_forms(lemma, irregular=irregular)
    return frozenset(forms)


@dataclass(frozen=True)
class ParagraphPlan:
    """Which parts of one paragraph go through the pipeline.

    Attributes:
        start: Offset of the paragraph in the document text.
        end: Offset just past the paragraph.
        parts: ``(start, end, how)`` pieces covering ``start..end`` without gaps, in order;
            ``how`` is :data:`PARSE` for runs of sentences to parse, :data:`TOKENS` for single
            sentences that are only tokenized (each becomes a sentence of its own). Empty when the paragraph is left out: it then
            becomes an empty paragraph.
        unnamed: Ranges of the paragraph where no names are needed (the content of
            quotes: speakers are never inside them); the entity recognizer skips them.
        cased: Whether the text's casing sets names apart; if not (machine translation
            often writes names in lower case), the recognizer reads every token.
    """

    start: int
    end: int
    parts: tuple[tuple[int, int, str], ...]
    unnamed: tuple[tuple[int, int], ...] = ()
    cased: bool = True

    @property
    def parsed(self) -> bool:
        """Whether any piece of the paragraph is parsed."""
        return any(how == PARSE for _, _, how in self.parts)


def is_cased(text: str) -> bool:
    """Whether capitals set names apart in ``text``: at least :data:`MIN_CAPITALS` of its words
    are capitalized where no sentence starts.

    In news text about 14% are (3.7% at least, over PolNeAR's 840 articles); the
    machine-translated seed, which writes names in lower case, has 0.5%.
    """
    words = len(_WORD_START.findall(text))
    capitals = len(_CAPITAL_START.findall(text)) - len(_SENTENCE_CAPITAL.findall(text))
    return words == 0 or capitals >= MIN_CAPITALS * words


def plan_paragraphs(
    text: str,
    *,
    quoted: Sequence[tuple[int, int]] = (),
    contents: Sequence[tuple[int, int]] = (),
    triggers: Triggers | None = None,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[ParagraphPlan]:
    """Choose the sentences to parse: those where attribution can happen.

    The rules attribute a quote through the words of its own sentence outside the marks,
    and indirect speech through a reporting or belief verb outside quotes. So a sentence
    (by :func:`sentence_cuts`) is parsed when it holds a word of ``triggers.forms`` outside quoted
    material (in lower case, or capitalized only where the sentence starts), or when it
    holds an opening or closing quote mark and some words outside quoted material, or a
    cue of a common verb and its particle ("went on", "shot back").
    So is a sentence with two capitalized words in a row outside quotes, a name: pronoun
    speakers and surnames are resolved to the names written before them ("Tom Clarke met
    voters. ... Clarke said"), preferring grammatical subjects, which takes the parse; and
    so is the sentence before a parsed one with a third-person pronoun outside quotes,
    where that pronoun's antecedent most often is. The other sentences are only tokenized, so that every token keeps its offset; paragraphs
    with none of these are left out. Names are looked for only outside quotes (``contents``),
    where speakers are.

    Args:
        text: The document text as read.
        quoted: Half-open ``(start, end)`` spans of quoted material, marks included, in order.
        contents: The same quotes without their marks; the entity recognizer skips them.
        triggers: The words that call for a parse (:meth:`Triggers.from_lexicon`); ``None``
            parses every paragraph whole (a full parse).
        spans: The paragraphs; default :func:`paragraph_spans` of ``text``.

    Returns:
        One plan per paragraph, in order.
    """
    paragraphs = list(spans) if spans is not None else paragraph_spans(text)
    if triggers is None:
        return [ParagraphPlan(s, e, ((s, e, PARSE),)) for s, e in paragraphs]
    marks = _Marks(quoted)
    if not is_cased(text):  # names cannot be told by their capitals: parse every paragraph the writer has words in
        return [_uncased(text, s, e, marks) for s, e in paragraphs]
    sentences = [_sentences(text, p_start, p_end, marks, triggers) for p_start, p_end in paragraphs]
    # A pronoun speaker's antecedent is most often in the sentence before: parse that one too
    # (names written in lower case, as machine translation leaves them, escape the test above).
    previous: _Sentence | None = None
    for sentence in (s for paragraph in sentences for s in paragraph):
        if sentence.pronoun and previous is not None:
            previous.how = PARSE
        previous = sentence
    plans: list[ParagraphPlan] = []
    content_ends = [end for _, end in contents]
    for (p_start, p_end), paragraph in zip(paragraphs, sentences):
        unnamed = ranges_within(contents, content_ends, p_start, p_end)
        parts = [(sentence.start, sentence.end, sentence.how) for sentence in paragraph]
        # A paragraph with a quote mark keeps its tokens even if nothing in it is parsed:
        # quote offsets must map to tokens, and cue-less quotes may carry a speaker over.
        keep = any(how != TOKENS for *_, how in parts) or marks.any_in(p_start, p_end)
        plans.append(ParagraphPlan(p_start, p_end, _join_parsed(parts) if keep else (), tuple(unnamed) if keep else ()))
    return plans


def _uncased(text: str, start: int, end: int, marks: _Marks) -> ParagraphPlan:
    """The plan of a paragraph of a text whose casing tells nothing: parsed whole, but only
    tokenized when all its words are quoted (a quote standing alone has no cue and names
    no speaker: it can only be carried over), and left out when it has neither words nor marks."""
    if any(not marks.inside(m.start()) for m in _WORD.finditer(text, start, end)):
        return ParagraphPlan(start, end, ((start, end, PARSE),), cased=False)
    if marks.any_in(start, end):
        return ParagraphPlan(start, end, ((start, end, TOKENS),), cased=False)
    return ParagraphPlan(start, end, ((start, end, PARSE),), cased=False)


class _Marks:
    """Where the quote marks and quoted material of a text are, in logarithmic time."""

    def __init__(self, quoted: Sequence[tuple[int, int]]) -> None:
        self.quoted = quoted
        self.starts = [s for s, _ in quoted]
        self.marks = sorted({start for start, _ in quoted} | {end - 1 for _, end in quoted})

    def any_in(self, start: int, end: int) -> bool:
        """Whether a quote mark lies in ``start..end``."""
        return bisect_right(self.marks, end - 1) > bisect_right(self.marks, start - 1)

    def inside(self, offset: int) -> bool:
        """Whether ``offset`` lies inside quoted material."""
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and self.quoted[i][0] <= offset < self.quoted[i][1]


@dataclass
class _Sentence:
    """A sentence of the plan: its offsets, how it is processed, and whether it holds a pronoun
    that may need an antecedent from the sentence before."""

    start: int
    end: int
    how: str
    pronoun: bool


def _sentences(text: str, p_start: int, p_end: int, marks: _Marks, triggers: Triggers) -> list[_Sentence]:
    """The sentences of one paragraph, each to be parsed or only tokenized.

    A sentence is parsed when it holds, outside quoted material, a trigger word (in lower case,
    or capitalized only where the sentence starts), a phrasal cue, two capitalized words in a
    row (a name), or a quote mark with some words of the writer's.
    """
    bounds = [p_start, *sentence_cuts(text, p_start, p_end, abbreviations=triggers.abbreviations), p_end]
    out = []
    for s_start, s_end in itertools.pairwise(bounds):
        outside = [m for m in _WORD.finditer(text, s_start, s_end) if not marks.inside(m.start())]
        opening = _OPENING.match(text, s_start, s_end)  # what may stand before the sentence's first word
        first = opening.end() if opening else s_start
        cue = any(m.group().lower() in triggers.forms and (m.group().islower() or m.start() <= first) for m in outside)
        cue = cue or any(not marks.inside(m.start()) for m in triggers.phrasal.finditer(text, s_start, s_end))
        name = any(not marks.inside(m.start()) for m in _NAME.finditer(text, s_start, s_end))
        how = PARSE if cue or name or (outside and marks.any_in(s_start, s_end)) else TOKENS
        pronoun = how == PARSE and any(m.group().lower() in THIRD_PERSON_PRONOUNS for m in outside)
        out.append(_Sentence(s_start, s_end, how, pronoun))
    return out


def ranges_within(
    ranges: Sequence[tuple[int, int]], ends: Sequence[int], start: int, end: int
) -> list[tuple[int, int]]:
    """The non-empty ``ranges`` that meet ``start..end``, clipped to it.

    Found by bisection, so that the ranges of a document are not all read for each of its
    paragraphs, nor a paragraph's for each of its pieces.

    >>> ranges_within([(0, 2), (5, 9), (12, 20)], [2, 9, 20], 6, 14)
    [(6, 9), (12, 14)]

    Args:
        ranges: Half-open ranges in order, not overlapping.
        ends: Their ends, in the same order.
        start: Start of the span.
        end: End of the span.

    Returns:
        The clipped ranges, in order.
    """
    out = []
    for i in range(bisect_right(ends, start), len(ranges)):
        a, b = ranges[i]
        if a >= end:
            break
        if b > a:
            out.append((max(a, start), min(b, end)))
    return out


def _join_parsed(parts: Sequence[tuple[int, int, str]]) -> tuple[tuple[int, int, str], ...]:
    """Merge runs of neighbouring parsed sentences, so the parser sees them together."""
    out: list[tuple[int, int, str]] = []
    for start, end, how in parts:
        if out and how == PARSE and out[-1][2] == PARSE:
            out[-1] = (out[-1][0], end, PARSE)
        else:
            out.append((start, end, how))
    return tuple(out)
