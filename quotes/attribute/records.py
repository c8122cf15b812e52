"""What the rules read and what they give: the document's context, and an attribution before names are resolved."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from quotes.attribute.mentions import Mention
from quotes.attribute.patterns import PatternIndex
from quotes.lexicon import Lexicon
from quotes.marks import QuotedSpan
from quotes.parse.paragraphs import Paragraph
from quotes.parse.pipe import ParsedText
from quotes.types import Cue


@dataclass(frozen=True)
class Attribution:
    """A quote with its cue and speaker mention, before names are resolved.

    Attributes:
        start: Content start offset.
        end: Content end offset.
        type: ``direct``, ``partial`` or ``indirect``.
        cue: The reporting cue, if any.
        mention: The speaker mention the attribution rests on, if any.
        rule: The name of the rule that decided the attribution (see :mod:`quotes.attribute.registry`).
        question: The content is a question (ends with "?").
        paragraph_start: Offset of the paragraph the quote closes in.
        sentence_start: Offset of the sentence the quote opens in (marked quotes only).
        clause: For a partial quote, the span of the reported clause that holds it ("said
            [he should “face justice”]"), if its cue reports one.
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
    clause: tuple[int, int] | None = None


class QuoteIndex:
    """Answers "is this offset inside a marked quote?" in logarithmic time."""

    def __init__(self, spans: Sequence[QuotedSpan]) -> None:
        self.spans = list(spans)
        self.starts = [s.start for s in self.spans]

    def find(self, offset: int) -> QuotedSpan | None:
        """The marked quote (marks included) that holds ``offset``, if any."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.spans[i].start <= offset < self.spans[i].end:
            return self.spans[i]
        return None

    def __call__(self, offset: int) -> bool:
        return self.find(offset) is not None

    def quoted_chars(self, start: int, end: int) -> int:
        """How many characters of ``start..end`` lie inside marked quotes."""
        i = max(bisect_right(self.starts, start) - 1, 0)
        total = 0
        for span in self.spans[i:]:
            if span.start >= end:
                break
            total += max(0, min(end, span.end) - max(start, span.start))
        return total


@dataclass(frozen=True)
class Context:
    """One document as the rules see it: its parsed paragraphs, its marked quotes, the word lists.

    Attributes:
        parsed: The parsed text.
        quotes: The document's marked quotes.
        lexicon: The open word lists.
        patterns: The dependency patterns' matches in this document (see :mod:`quotes.attribute.patterns`).
    """

    parsed: ParsedText
    quotes: QuoteIndex
    lexicon: Lexicon
    patterns: PatternIndex
    _numbers: dict[int, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._numbers.update((p.start, i) for i, p in enumerate(self.parsed.paragraphs))

    def number(self, paragraph: Paragraph) -> int:
        """The index of ``paragraph`` in the document."""
        return self._numbers[paragraph.start]

    def number_at(self, start: int) -> int | None:
        """The index of the paragraph that starts at offset ``start``, if one does."""
        return self._numbers.get(start)

    def paragraph_text(self, index: int) -> str:
        """The raw text of paragraph ``index``, parsed or not (up to the next paragraph), right-trimmed."""
        paragraphs = self.parsed.paragraphs
        start = paragraphs[index].start
        end = paragraphs[index + 1].start if index + 1 < len(paragraphs) else len(self.parsed.text)
        return self.parsed.text[start:end].rstrip()

    def in_quote(self, offset: int) -> bool:
        """Whether ``offset`` lies inside a marked quote: speakers never do."""
        return self.quotes(offset)
