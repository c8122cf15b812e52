"""Parse a document as paragraph blocks while keeping offsets into the text as read.

A document is cut at line breaks into paragraphs; each paragraph is parsed on its own
(sentences never cross a line break in news text) and keeps its character offset, so a
token's offset in the document is ``block.start + token.idx``. Cutting also bounds the
parser's input size, so documents longer than spaCy's ``max_length`` still parse.

Parsing dominates the cost of extraction, so by default only the paragraphs where
attribution can happen are parsed (:func:`plan_paragraphs`): those holding quoted
material, those with a word form of a reporting or belief verb ("said", "according"),
and the paragraph before each of them, whose names pronouns refer back to. Skipped
paragraphs stay in :attr:`ParsedText.blocks` as empty blocks, so paragraph numbers and
adjacency are those of a full parse. Paragraphs of many documents are parsed in one
``nlp.pipe`` stream (:func:`parse_many`), which batches far better than one document
at a time.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import numpy
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    HEAD,
    IDX,
    LEMMA,
    LENGTH,
    MORPH,
    NORM,
    ORTH,
    POS,
    PREFIX,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .fasttags import FastAttributes

_PARAGRAPH = re.compile(r"[^\r\n]+")
#: A dateline opening a news paragraph: "CARACAS (Reuters) - ", "RENO, Nev. (AP) — ".
_DATELINE = re.compile(r"(?:date \d{4}-\d{2}-\d{2} +)?[A-Z][A-Z'.-]{2,}(?:[ ,]+[A-Za-z'.]+){0,4}\s*(?:\([^()\n]{1,40}\))?\s*[-—–]+\s+")
_WORD = re.compile(r"[^\W\d_]+")
#: The start of a word, a capitalized one, and a capitalized one where a sentence starts.
_WORD_START = re.compile(r"(?<!\S)[“\"‘'(\[]*[^\W\d_]")
_CAPITAL_START = re.compile(r"(?<!\S)[“\"‘'(\[]*[A-Z]")
_SENTENCE_CAPITAL = re.compile(r"(?:\A\s*|[.!?:][”\"’')\]]*\s+|[\n\r]\s*)[“\"‘'(\[]*[A-Z]")
#: Capitalized words that are never part of a name the rules read: sentence-initial function
#: words, weekdays and the months that are not also first names.
_NAMELESS = frozenset(
    "A An And As At But By For From He Her His However I If In It Its On Or She So That The Their Then There "
    "These They This Those To We When While With You "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "January February September October November December Jan. Feb. Sept. Oct. Nov. Dec.".split()
)
#: Third-person pronouns that can be a speaker whose antecedent must be found.
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them"})


@dataclass(frozen=True)
class PhrasalCue:
    """A cue made of a common verb and a particle: the verb's written forms, the particle,
    and the dependency labels the parser gives the particle."""

    forms: frozenset[str]
    particle: str
    deps: frozenset[str]


def _retort(*forms: str) -> PhrasalCue:
    return PhrasalCue(frozenset(forms), "back", frozenset({"prt", "advmod"}))


#: Cues of a common verb and a particle, by lemma: "“...?” Trump went on", "the campaign shot
#: back", "as the mayor put it". The verb forms alone are too common to flag a sentence for
#: parsing; the rules read the particle from the parse.
PHRASAL_CUES: Mapping[str, PhrasalCue] = MappingProxyType({
    "go": PhrasalCue(frozenset({"go", "goes", "going", "went"}), "on", frozenset({"prt"})),
    "shoot": _retort("shot", "shoots"),
    "fire": _retort("fired", "fires"),
    "hit": _retort("hit", "hits"),
    "strike": _retort("struck", "strikes"),
    "push": _retort("pushed", "pushes"),
    "snap": _retort("snapped", "snaps"),
    "put": PhrasalCue(frozenset({"put", "puts"}), "it", frozenset({"dobj"})),
})  # fmt: skip
_PHRASAL_FORMS = "|".join(sorted(form for cue in PHRASAL_CUES.values() for form in cue.forms))
_PHRASAL_PARTICLES = "|".join(sorted({cue.particle for cue in PHRASAL_CUES.values()}))
_PHRASAL_CUE = re.compile(rf"\b(?:{_PHRASAL_FORMS})\s+(?:{_PHRASAL_PARTICLES})\b")
#: Two capitalized words in a row: a name the entity recognizer should see ("Tom Clarke").
_NAME = re.compile(r"\b[A-Z][\w'’.\-]*[ \t]+[A-Z][\w'’\-]*")
_VOWELS = frozenset("aeiou")
#: Paragraphs longer than this are cut further at sentence-like boundaries.
MAX_BLOCK_CHARS = 20_000
#: Default ``nlp.pipe`` batch size, in pieces of text.
BATCH_SIZE = 256
#: Most characters in one batch: the parser's buffers grow with the tokens of a batch
#: (about 4 kB a token for en_core_web_sm), so batches are bounded by size too, which keeps
#: peak memory flat however long the run.
BATCH_CHARS = 40_000
#: Tokens either side of a capitalized word that the entity recognizer reads. Its encoder
#: sees four tokens either side; with 3, 4 or 5 the speakers found on PolNeAR dev are the
#: same as with whole sentences (the same 15 of 1476 quotes differ from --full-parse).
ISLAND = 3
#: Share of words capitalized where no sentence starts below which a text's casing is
#: taken to tell nothing (see :func:`is_cased`).
MIN_CAPITALS = 0.02

#: How a piece of a paragraph is processed: the whole pipeline,
PARSE = "parse"
#: or the tokenizer only.
TOKENS = "tokens"

T = TypeVar("T")


@dataclass(frozen=True)
class Block:
    """One paragraph: its offset in the document and its spaCy Doc.

    A paragraph that was not parsed (see :func:`plan_paragraphs`) has an empty Doc: no
    tokens, no entities, no sentences, and ``end == start``.
    """

    start: int
    doc: Doc

    @property
    def end(self) -> int:
        """Offset just past the paragraph in the document text (``start`` when skipped)."""
        if not len(self.doc):
            return self.start
        last = self.doc[-1]
        return self.start + last.idx + len(last.text_with_ws)  # len(doc.text), without joining it

    @property
    def skipped(self) -> bool:
        """Whether the paragraph was left unparsed."""
        return len(self.doc) == 0

    def char_start(self, token: Token) -> int:
        """Document offset of ``token``'s first character."""
        return self.start + token.idx

    def char_end(self, token: Token) -> int:
        """Document offset just past ``token``."""
        return self.start + token.idx + len(token.text)


def paragraph_spans(text: str, *, max_chars: int = MAX_BLOCK_CHARS) -> list[tuple[int, int]]:
    """Cut ``text`` into paragraphs at line breaks, trimmed of surrounding spaces.

    Args:
        text: The document text as read.
        max_chars: Longer paragraphs are cut again after a sentence end (or a space).

    Returns:
        Half-open ``(start, end)`` offsets of non-blank paragraphs, in order.
    """
    spans: list[tuple[int, int]] = []
    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        while end - start > max_chars:
            cut = _cut_point(text, start, start + max_chars)
            spans.append((start, cut))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        dateline = _DATELINE.match(text, start, end)
        if dateline and dateline.end() < end:
            # parsed apart so the place name is never taken for the subject of the first sentence
            spans.append((start, start + len(dateline.group(0).rstrip())))
            start = dateline.end()
        if end > start:
            spans.append((start, end))
    return spans


def _cut_point(text: str, start: int, limit: int) -> int:
    """Offset at which to cut an overlong paragraph: after a sentence end, else a space."""
    for pattern in (". ", " "):
        cut = text.rfind(pattern, start + 1, limit)
        if cut > start:
            return cut + 1
    return limit


# --- which paragraphs to parse ---------------------------------------------------------


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


def cue_forms(lemmas: Iterable[str], *, irregular: Mapping[str, Iterable[str]] | None = None) -> frozenset[str]:
    """All word forms of the given verb lemmas (see :func:`verb_forms`), plus "according"."""
    forms: set[str] = {"according"}
    for lemma in lemmas:
        forms |= verb_forms(lemma, irregular=irregular)
    return frozenset(forms)


#: Abbreviations after whose period a sentence does not end ("Sen. Ron Wyden", "Calif. Gov.").
_ABBREVIATIONS = frozenset(
    ["adm", "ala", "ariz", "ark", "atty", "calif", "capt", "cmdr", "col", "colo", "conn", "corp", "dept", "det", "dist", "dr", "fla", "ga", "gen", "gov", "hon", "ill", "inc", "ind", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "jr", "kan", "ky", "la", "lt", "ltd", "maj", "mass", "md", "messrs", "mich", "minn", "miss", "mo", "mont", "mr", "mrs", "ms", "mt", "neb", "nev", "no", "okla", "ore", "pa", "pres", "prof", "rep", "reps", "rev", "sen", "sens", "sgt", "sr", "st", "supt", "tenn", "tex", "va", "vol", "vs", "wash", "wis", "wyo"]
)
#: A sentence end: terminal punctuation, closing marks or brackets, space, then a capital or an
#: opening mark. Abbreviations and initials are checked separately.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z])")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.\-]*)\.$")


def sentence_cuts(text: str, start: int, end: int) -> list[int]:
    """Offsets inside ``text[start:end]`` where a new sentence starts, by punctuation alone.

    A conservative splitter: a sentence ends at ``.``, ``!`` or ``?`` (after closing marks)
    followed by a space and a capital, but not after an initial ("J. Smith"), a dotted
    abbreviation ("U.S.") or a known abbreviation ("Sen.", "Calif."). A missed cut only
    means a longer piece is parsed; a wrong one would change the parse.

    Args:
        text: The document text.
        start: Start of the paragraph.
        end: End of the paragraph.

    Returns:
        Offsets of sentence starts after ``start``, ascending.
    """
    cuts: list[int] = []
    for match in _SENTENCE_END.finditer(text, start, end):
        if text[match.start()] == ".":
            before = _WORD_BEFORE.search(text, max(start, match.start() - 30), match.start() + 1)
            if before is not None:
                word = before.group(1)
                if len(word) == 1 or "." in word or word.lower() in _ABBREVIATIONS:
                    continue
        cuts.append(match.end())
    return cuts


@dataclass(frozen=True)
class ParagraphPlan:
    """Which parts of one paragraph go through the pipeline.

    Attributes:
        start: Offset of the paragraph in the document text.
        end: Offset just past the paragraph.
        parts: ``(start, end, how)`` pieces covering ``start..end`` without gaps, in order;
            ``how`` is :data:`PARSE` for runs of sentences to parse, :data:`TOKENS` for single
            sentences that are only tokenized (each becomes a sentence of its own). Empty when the paragraph is left out: it then
            becomes an empty block.
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
    forms: frozenset[str] | None = None,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[ParagraphPlan]:
    """Choose the sentences to parse: those where attribution can happen.

    The rules attribute a quote through the words of its own sentence outside the marks,
    and indirect speech through a reporting or belief verb outside quotes. So a sentence
    (by :func:`sentence_cuts`) is parsed when it holds a word in ``forms`` outside quoted
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
        forms: Lowercase word forms of the cue and belief verbs (:func:`cue_forms`);
            ``None`` parses every paragraph whole (a full parse).
        spans: The paragraphs; default :func:`paragraph_spans` of ``text``.

    Returns:
        One plan per paragraph, in order.
    """
    paragraphs = list(spans) if spans is not None else paragraph_spans(text)
    if forms is None:
        return [ParagraphPlan(s, e, ((s, e, PARSE),)) for s, e in paragraphs]
    if not is_cased(text):  # names cannot be told by their capitals: parse it all
        return [ParagraphPlan(s, e, ((s, e, PARSE),), cased=False) for s, e in paragraphs]
    starts = [s for s, _ in quoted]
    marks = sorted({q_start for q_start, _ in quoted} | {q_end - 1 for _, q_end in quoted})

    def has_mark(start: int, end: int) -> bool:
        return bisect_right(marks, end - 1) > bisect_right(marks, start - 1)

    def inside(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and quoted[i][0] <= offset < quoted[i][1]

    sentences: list[list[list[Any]]] = []  # per paragraph: [start, end, how, has a pronoun]
    for p_start, p_end in paragraphs:
        bounds = [p_start, *sentence_cuts(text, p_start, p_end), p_end]
        sentences.append([])
        for s_start, s_end in itertools.pairwise(bounds):
            outside = [m for m in _WORD.finditer(text, s_start, s_end) if not inside(m.start())]
            cue = any(
                m.group().lower() in forms
                and (m.group().islower() or not text[s_start : m.start()].strip(" \"“‘(["))
                for m in outside
            )
            cue = cue or any(not inside(m.start()) for m in _PHRASAL_CUE.finditer(text, s_start, s_end))
            name = any(not inside(m.start()) for m in _NAME.finditer(text, s_start, s_end))
            how = PARSE if cue or name or (outside and has_mark(s_start, s_end)) else TOKENS
            sentences[-1].append([s_start, s_end, how, how == PARSE and any(m.group().lower() in _PRONOUNS for m in outside)])
    # A pronoun speaker's antecedent is most often in the sentence before: parse that one too
    # (names written in lower case, as machine translation leaves them, escape the test above).
    previous: list[Any] | None = None
    for sentence in (s for paragraph in sentences for s in paragraph):
        if sentence[3] and previous is not None:
            previous[2] = PARSE
        previous = sentence
    plans: list[ParagraphPlan] = []
    for (p_start, p_end), paragraph in zip(paragraphs, sentences):
        parts = [(s_start, s_end, how) for s_start, s_end, how, _ in paragraph]
        # A paragraph with a quote mark keeps its tokens even if nothing in it is parsed:
        # quote offsets must map to tokens, and cue-less quotes may carry a speaker over.
        keep = any(how != TOKENS for *_, how in parts) or has_mark(p_start, p_end)
        unnamed = tuple((max(a, p_start), min(b, p_end)) for a, b in contents if a < p_end and b > p_start and b > a)
        plans.append(ParagraphPlan(p_start, p_end, _join_parsed(parts) if keep else (), unnamed if keep else ()))
    return plans


def _join_parsed(parts: Sequence[tuple[int, int, str]]) -> tuple[tuple[int, int, str], ...]:
    """Merge runs of neighbouring parsed sentences, so the parser sees them together."""
    out: list[tuple[int, int, str]] = []
    for start, end, how in parts:
        if out and how == PARSE and out[-1][2] == PARSE:
            out[-1] = (out[-1][0], end, PARSE)
        else:
            out.append((start, end, how))
    return tuple(out)


# --- parsed text -----------------------------------------------------------------------


class ParsedText:
    """A document's text with its paragraph blocks, parsed or skipped.

    Args:
        text: The document text as read.
        blocks: Paragraphs in document order.
    """

    def __init__(self, text: str, blocks: Sequence[Block]) -> None:
        self.text = text
        self.blocks: tuple[Block, ...] = tuple(blocks)
        self._starts = [block.start for block in self.blocks]

    def block_at(self, offset: int) -> Block | None:
        """Return the parsed block that contains character ``offset``, if any."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.blocks[i].end:
            return self.blocks[i]
        return None

    def token_at(self, offset: int) -> tuple[Block, Token] | None:
        """Return the block and token covering character ``offset`` (or the next token)."""
        block = self.block_at(offset)
        if block is None:
            return None
        local = offset - block.start
        span = block.doc.char_span(local, local + 1, alignment_mode="expand")
        if span is not None and len(span):
            return block, span[0]
        for token in block.doc:
            if token.idx + len(token.text) > local:
                return block, token
        return None


def parse_many(
    nlp: Language,
    items: Iterable[tuple[T, str, Sequence[ParagraphPlan]]],
    *,
    batch_size: int = BATCH_SIZE,
    stand_in: FastAttributes | None = None,
    names_only_where_needed: bool = False,
) -> Iterator[tuple[T, ParsedText]]:
    """Parse the chosen pieces of many texts together, in batches across texts.

    Streaming and order-preserving: a text is yielded as soon as its last piece is
    processed, so only about ``batch_size`` pieces are held at a time.

    Args:
        nlp: A loaded pipeline with a dependency parser.
        items: ``(key, text, plan)`` triples, the plan from :func:`plan_paragraphs`;
            ``key`` is passed through.
        batch_size: Pieces processed together (at most :data:`BATCH_CHARS` characters).
        stand_in: Run this instead of the pipeline's attribute ruler and lemmatizer
            (same output, faster; see :mod:`quotes.fasttags`).
        names_only_where_needed: Run the entity recognizer only where names can matter
            (see :func:`_names`), when it is the pipeline's last component.

    Returns:
        ``(key, parsed)`` pairs in input order.
    """
    pending: deque[_Pending[T]] = deque()

    def feed() -> Iterator[tuple[str, str, _Pending[T], tuple[tuple[int, int], ...] | None]]:
        for key, text, plan in items:
            entry = _Pending(key, text, plan)
            pending.append(entry)
            for paragraph in plan:
                for start, end, how in paragraph.parts:
                    if how != TOKENS:
                        skip = tuple(
                            (max(a, start) - start, min(b, end) - start)
                            for a, b in paragraph.unnamed
                            if a < end and b > start
                        )
                        yield text[start:end], how, entry, skip if paragraph.cased else None

    # Pieces come back in input order, so a text is complete once its last piece is back,
    # and every text queued before it is complete too.
    for doc, entry in _process(nlp, feed(), batch_size=batch_size, stand_in=stand_in, names=names_only_where_needed):
        entry.docs.append(doc)
        while pending and pending[0].complete:
            done = pending.popleft()
            yield done.key, done.parsed(nlp)
    while pending:
        done = pending.popleft()
        yield done.key, done.parsed(nlp)


def _process(
    nlp: Language,
    pieces: Iterable[tuple[str, str, T, tuple[tuple[int, int], ...] | None]],
    *,
    batch_size: int,
    stand_in: FastAttributes | None,
    names: bool,
) -> Iterator[tuple[Doc, T]]:
    """Run each piece through the pipeline, in order.

    Pieces are ``(text, how, key, skip)`` with ``how`` :data:`PARSE`; ``skip`` lists
    character ranges of the piece the entity recognizer need not see (``None``: it reads
    the whole piece, as in a text whose casing tells nothing). With ``names`` and
    the recognizer the pipeline's last component, it runs apart, only where names can
    matter (see :func:`_names`).
    """
    ner = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
    ner_apart = names and ner is not None and nlp.pipe_names[-1] == "ner"
    disable = (stand_in.disabled if stand_in is not None else []) + (["ner"] if ner_apart else [])
    batch: list[tuple[str, str, T, tuple[tuple[int, int], ...] | None]] = []
    chars = 0
    for piece in itertools.chain(pieces, [None]):
        if piece is not None:
            batch.append(piece)
            chars += len(piece[0])
            if len(batch) < batch_size and chars < BATCH_CHARS:
                continue
        if not batch:
            break
        parsed: list[Doc] = list(nlp.pipe([p[0] for p in batch], batch_size=batch_size, disable=disable))
        if stand_in is not None:
            parsed = list(stand_in.pipe(parsed))
        if ner_apart:
            _names(nlp, ner, parsed, [p[3] for p in batch], batch_size=batch_size)
        for doc, (_, _, key, _) in zip(parsed, batch):
            yield doc, key
        batch, chars = [], 0


def _names(
    nlp: Language,
    ner: Any,
    docs: Sequence[Doc],
    skips: Sequence[tuple[tuple[int, int], ...] | None],
    *,
    batch_size: int,
) -> None:
    """Set entities on ``docs``, the recognizer run only where a speaker's name can be.

    Speakers are never inside quotes (``skips``), and the names the rules read (people,
    organisations, places, nationalities) hold a capitalized word. So each Doc goes through
    the recognizer as a Doc of its tokens outside quotes within :data:`ISLAND` tokens of a
    capitalized one (norms kept), sentence-initial function words, weekdays and months aside:
    a capitalized word keeps most of the context the recognizer's encoder reads around it
    (four tokens either side in the English pipelines). The entities found are set back on
    the original tokens; the others get none.
    """
    inputs: list[Doc] = []
    kept_tokens: list[list[int] | None] = []
    strings = nlp.vocab.strings
    capital: dict[int, bool] = {}  # word hash -> whether it may be (part of) a name
    for doc, skip in zip(docs, skips):
        if skip is None or not len(doc):
            inputs.append(doc)
            kept_tokens.append(None)
            continue
        orth, space, norm, idx, length, prefix = doc.to_array([ORTH, SPACY, NORM, IDX, LENGTH, PREFIX]).T
        outside = numpy.ones(len(doc), dtype=bool)
        for a, b in skip:
            outside &= ~((idx >= a) & (idx + length <= b))
        positions = numpy.flatnonzero(outside)
        for value in set(orth[positions].tolist()) - capital.keys():
            word = strings[value]
            capital[value] = word[:1].isupper() and word not in _NAMELESS
        upper = numpy.fromiter((capital[v] for v in orth[positions].tolist()), dtype=bool, count=len(positions))
        near = numpy.zeros(len(positions), dtype=bool)
        for k in numpy.flatnonzero(upper).tolist():
            near[max(0, k - ISLAND) : k + ISLAND + 1] = True
        kept = positions[near].tolist()
        if len(kept) == len(doc):
            inputs.append(doc)
            kept_tokens.append(None)
            continue
        frame = Doc(nlp.vocab, words=orth[kept].tolist(), spaces=space[kept].astype(bool).tolist())
        if kept:
            frame.from_array([NORM], norm[kept])
        inputs.append(frame)
        kept_tokens.append(kept)
    for doc, found, kept in zip(docs, ner.pipe(inputs, batch_size=batch_size), kept_tokens):
        if kept is None:
            continue
        spans = []
        for ent in found.ents:
            first, last = kept[ent.start], kept[ent.end - 1]
            if last - first == ent.end - 1 - ent.start:  # still one run of tokens in the original
                spans.append(Span(doc, first, last + 1, label=ent.label))
        doc.set_ents(spans, default="outside")


class _Pending(Generic[T]):
    """A text whose chosen pieces are on their way through the pipeline."""

    def __init__(self, key: T, text: str, plan: Sequence[ParagraphPlan]) -> None:
        self.key = key
        self.text = text
        self.plan = plan
        self.wanted = sum(how != TOKENS for paragraph in plan for *_, how in paragraph.parts)
        self.docs: list[Doc] = []

    @property
    def complete(self) -> bool:
        """Whether every chosen piece is processed."""
        return len(self.docs) == self.wanted

    def parsed(self, nlp: Language) -> ParsedText:
        """The parsed text: one block a paragraph, left-out paragraphs as empty blocks."""
        docs = iter(self.docs)
        blocks: list[Block] = []
        for paragraph in self.plan:
            if not paragraph.parts:
                blocks.append(Block(paragraph.start, Doc(nlp.vocab, words=[])))
                continue
            pieces = [
                (nlp.make_doc(self.text[s:e]) if how == TOKENS else next(docs), how == PARSE)
                for s, e, how in paragraph.parts
            ]
            whole = len(pieces) == 1 and pieces[0][1]
            blocks.append(Block(paragraph.start, pieces[0][0] if whole else _merge(pieces)))
        return ParsedText(self.text, blocks)


#: Token attributes carried from the pieces into a paragraph's Doc.
_MERGED_ATTRS: tuple[int, ...] = (NORM, TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID)


def _merge(pieces: Sequence[tuple[Doc, bool]]) -> Doc:
    """Join the parsed and not parsed pieces of a paragraph into one Doc.

    Tokens of pieces not parsed keep no tag, lemma or dependency (each is its own head),
    only their entities if they have any, and each such piece starts a sentence of its
    own, so that ``token.sent`` never joins it to a parsed sentence.
    """
    # Doc.from_docs(docs, ensure_whitespace=False, attrs=_MERGED_ATTRS), from the token arrays
    array = numpy.concatenate([doc.to_array([ORTH, SPACY, *_MERGED_ATTRS]) for doc, _ in pieces])
    merged = Doc(pieces[0][0].vocab, words=array[:, 0].tolist(), spaces=array[:, 1].astype(bool).tolist())
    merged.from_array(list(_MERGED_ATTRS), array[:, 2:])
    starts = merged.to_array([SENT_START]).astype("int64")
    offset = 0
    for doc, parsed in pieces:
        if not parsed and len(doc):
            starts[offset] = 1
            starts[offset + 1 : offset + len(doc)] = -1
        offset += len(doc)
    merged.from_array([SENT_START], starts.astype("uint64"))
    return merged


def parse(
    nlp: Language,
    text: str,
    *,
    spans: Iterable[tuple[int, int]] | None = None,
    plan: Sequence[ParagraphPlan] | None = None,
    batch_size: int = BATCH_SIZE,
    stand_in: FastAttributes | None = None,
    names_only_where_needed: bool = False,
) -> ParsedText:
    """Parse the paragraphs of one text with ``nlp``: all of them, the given ``spans``, or a plan.

    Args:
        nlp: A loaded pipeline with a dependency parser.
        text: The document text as read.
        spans: Paragraph spans to parse whole; default all of :func:`paragraph_spans`.
        plan: What to parse of each paragraph (:func:`plan_paragraphs`); wins over ``spans``.
        batch_size: Batch size for ``nlp.pipe``.
        stand_in: See :func:`parse_many`.
        names_only_where_needed: See :func:`parse_many`.

    Returns:
        The parsed text; offsets of every token map back into ``text``.
    """
    if plan is None:
        plan = plan_paragraphs(text, spans=list(spans) if spans is not None else None)
    items = [(None, text, plan)]
    for _, parsed in parse_many(
        nlp, items, batch_size=batch_size, stand_in=stand_in, names_only_where_needed=names_only_where_needed
    ):
        return parsed
    raise AssertionError("parse_many yields one result per text")  # pragma: no cover


def iter_tokens(parsed: ParsedText) -> Iterator[tuple[Block, Token]]:
    """Yield every token of every parsed block, in document order."""
    for block in parsed.blocks:
        for token in block.doc:
            yield block, token
