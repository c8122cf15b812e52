"""Parse a document as paragraph blocks while keeping offsets into the text as read.

A document is cut at line breaks into paragraphs; each paragraph is parsed on its own
(sentences never cross a line break in news text) and keeps its character offset, so a
token's offset in the document is ``block.start + token.idx``. Cutting also bounds the
parser's input size, so documents longer than spaCy's ``max_length`` still parse.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Token

_PARAGRAPH = re.compile(r"[^\r\n]+")
#: Paragraphs longer than this are cut further at sentence-like boundaries.
MAX_BLOCK_CHARS = 20_000


@dataclass(frozen=True)
class Block:
    """One parsed paragraph: its offset in the document and its spaCy Doc."""

    start: int
    doc: Doc

    @property
    def end(self) -> int:
        """Offset just past the paragraph in the document text."""
        return self.start + len(self.doc.text)

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


class ParsedText:
    """A document's text with its parsed paragraph blocks.

    Args:
        text: The document text as read.
        blocks: Parsed paragraphs in document order.
    """

    def __init__(self, text: str, blocks: Sequence[Block]) -> None:
        self.text = text
        self.blocks: tuple[Block, ...] = tuple(blocks)
        self._starts = [block.start for block in self.blocks]

    def block_at(self, offset: int) -> Block | None:
        """Return the block that contains character ``offset``, if any."""
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


def parse(
    nlp: Language, text: str, *, spans: Iterable[tuple[int, int]] | None = None, batch_size: int = 64
) -> ParsedText:
    """Parse the paragraphs of ``text`` (or only the given ``spans``) with ``nlp``.

    Args:
        nlp: A loaded pipeline with a dependency parser.
        text: The document text as read.
        spans: Paragraph spans to parse; default all of :func:`paragraph_spans`.
        batch_size: Batch size for ``nlp.pipe``.

    Returns:
        The parsed text; offsets of every token map back into ``text``.
    """
    chosen = list(spans) if spans is not None else paragraph_spans(text)
    docs = nlp.pipe((text[s:e] for s, e in chosen), batch_size=batch_size)
    return ParsedText(text, [Block(start, doc) for (start, _), doc in zip(chosen, docs)])


def iter_tokens(parsed: ParsedText) -> Iterator[tuple[Block, Token]]:
    """Yield every token of every block, in document order."""
    for block in parsed.blocks:
        for token in block.doc:
            yield block, token
