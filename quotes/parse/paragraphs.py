"""Paragraphs of a text as read: cut at line breaks, a dateline apart, overlong ones at sentence ends.

A :class:`Paragraph` is one paragraph's offset in the document and its spaCy Doc, so a token's
offset in the document is ``paragraph.start + token.idx``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

_PARAGRAPH = re.compile(r"[^\r\n]+")


#: A dateline opening a news paragraph: "CARACAS (Reuters) - ", "RENO, Nev. (AP) — ".
_DATELINE = re.compile(r"(?:date \d{4}-\d{2}-\d{2} +)?[A-Z][A-Z'.-]{2,}(?:[ ,]+[A-Za-z'.]+){0,4}\s*(?:\([^()\n]{1,40}\))?\s*[-—–]+\s+")


#: Paragraphs longer than this are cut further at sentence-like boundaries. The rules read a
#: paragraph's text and tokens once per quote, so this bounds the cost of a quote (and the
#: memory of a paragraph) however long a paragraph runs. The longest paragraph of PolNeAR's
#: 924 articles and the seeds is 2,573 characters: news paragraphs are never cut.
MAX_PARAGRAPH_CHARS = 5_000


@dataclass(frozen=True)
class Paragraph:
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

    @functools.cached_property
    def text(self) -> str:
        """The paragraph's text, joined once (``doc.text`` joins it again at every call)."""
        return self.doc.text

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


def paragraph_spans(text: str, *, max_chars: int = MAX_PARAGRAPH_CHARS) -> list[tuple[int, int]]:
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


#: A sentence end: terminal punctuation, closing marks or brackets, space, then a capital or an
#: opening mark. Abbreviations and initials are checked separately.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z])")


_WORD_BEFORE = re.compile(r"([^\W\d_][\w.\-]*)\.$")


def sentence_cuts(text: str, start: int, end: int, *, abbreviations: frozenset[str]) -> list[int]:
    """Offsets inside ``text[start:end]`` where a new sentence starts, by punctuation alone.

    A conservative splitter: a sentence ends at ``.``, ``!`` or ``?`` (after closing marks)
    followed by a space and a capital, but not after an initial ("J. Smith"), a dotted
    abbreviation ("U.S.") or a known abbreviation ("Sen.", "Calif."). A missed cut only
    means a longer piece is parsed; a wrong one would change the parse.

    Args:
        text: The document text.
        start: Start of the paragraph.
        end: End of the paragraph.
        abbreviations: Abbreviations after whose period a sentence goes on, lowercase without
            the period (:attr:`quotes.lexicon.Lexicon.abbreviations`).

    Returns:
        Offsets of sentence starts after ``start``, ascending.
    """
    cuts: list[int] = []
    for match in _SENTENCE_END.finditer(text, start, end):
        if text[match.start()] == ".":
            before = _WORD_BEFORE.search(text, max(start, match.start() - 30), match.start() + 1)
            if before is not None:
                word = before.group(1)
                if len(word) == 1 or "." in word or word.lower() in abbreviations:
                    continue
        cuts.append(match.end())
    return cuts
