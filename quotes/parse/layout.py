"""The text as the rules read it: markup blanked and wrapped lines joined, at the same offsets.

Two layouts hide a text's structure from a reader that cuts paragraphs at line breaks:

* **Hard-wrapped text** (wire copy, e-mail, transcripts) breaks every line at about 72
  columns, so a single line break is only the end of a line, not of a paragraph; read as a
  paragraph end, it ends a quote after its first line. A text is taken for wrapped when
  its lines are all short (at most :data:`MAX_WRAP_WIDTH` characters) and most line breaks
  fall where the next word would not have fitted on the line (a greedy wrap at the width
  of the longest line). In such a text a line break is read as a space, unless the line
  stops short after a sentence end, a colon or a closing mark (the last line of a
  paragraph) or the next line is indented.
* **Markup** left in scraped text (``<p>``, ``<a href="...">``, ``<tweet id=...>``): a
  tag is never speech, a speaker or a quote boundary. Each tag is read as spaces; a tag
  that starts or ends a block (``<p>``, ``</p>``, ``<br>``, ``<li>``...) as a line break
  followed by spaces, so it ends a paragraph as it does on the page.

The reading has exactly the length of the text and the same character everywhere else,
so every offset found in it points into the text as read; what is written out (quote
text, mentions, cues) is always cut from the text itself.
"""

from __future__ import annotations

import re

#: Longest line of a text taken for hard-wrapped; news written one paragraph a line has
#: longer ones (PolNeAR's paragraphs run to 2,573 characters).
MAX_WRAP_WIDTH = 100
#: Shortest wrap width considered (narrower lines are verse, lists or tables).
MIN_WRAP_WIDTH = 30
#: Share of line breaks inside blocks that must fall where the next word did not fit.
WRAPPED_SHARE = 0.6

_LINE = re.compile(r"[^\r\n]*(\r\n|\r|\n|$)")
_FIRST_WORD = re.compile(r"\S+")
#: How the last line of a paragraph ends: a sentence end, a colon, a closing mark or bracket.
_PARAGRAPH_ENDS = tuple('.!?:"”’)]')
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_INLINE_TAGS = frozenset(
    "a abbr b big cite code del em font i img ins kbd mark q s small span strike strong sub sup "
    "time tt u".split()
)
#: A tag: ``<name ...>``, ``</name>``, ``<name/>``, or a comment. Attributes may hold ``>``
#: only inside quotes.
_TAG = re.compile(
    r"<!--.*?-->"
    r"|<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s<>=/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s<>]*))?)*)\s*/?>",
    re.DOTALL,
)


def reading_text(text: str) -> str:
    """Return ``text`` as the rules read it: same length, markup blanked, wrapped lines joined.

    >>> reading_text('<p class="x">Officials said</p>')
    '\\n            Officials said\\n   '
    >>> reading_text("plain text stays the same") == "plain text stays the same"
    True

    Args:
        text: The document text as read.

    Returns:
        A string of the same length; ``text`` itself when it holds neither markup nor
        hard-wrapped lines.
    """
    reading = _blank_markup(text) if "<" in text else text
    breaks = soft_breaks(reading)
    if not breaks:
        return reading
    chars = list(reading)
    for start, end in breaks:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def soft_breaks(text: str) -> list[tuple[int, int]]:
    """The line breaks of a hard-wrapped text that fall inside a paragraph.

    >>> text = "The mayor said the city would never back\\ndown. It will fight.\\n\\nA new paragraph."
    >>> soft_breaks(text)
    []
    >>> wrapped = "The mayor said on Tuesday that the city would\\nnot back down from the fight over its budget\\nand taxes.\\n\\nA vote is set."
    >>> [wrapped[a:b] for a, b in soft_breaks(wrapped)]
    ['\\n', '\\n']

    Args:
        text: A text (markup already blanked).

    Returns:
        ``(start, end)`` offsets of each such line break (``\\r\\n`` counts as one), in
        order; empty when the text is not hard-wrapped.
    """
    lines = [(m.start(), m.start(1), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]
    lengths = [len(text[start:end].rstrip()) for start, end, _ in lines]
    width = max(lengths, default=0)
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return []
    breaks: list[tuple[int, int]] = []
    inside = full = 0
    for (_, end, after), (next_start, next_end, _next), length in zip(lines, lines[1:], lengths):
        following = text[next_start:next_end]
        if not length or not following.strip() or end == after:
            continue  # a blank line on either side: a paragraph break
        inside += 1
        word = _FIRST_WORD.search(following)
        filled = word is not None and length + 1 + len(word.group()) > width
        full += filled
        line = text[end - length : end]
        ends_a_paragraph = not filled and line.endswith(_PARAGRAPH_ENDS)
        if not ends_a_paragraph and not following[:1].isspace():
            breaks.append((end, after))
    if inside < 2 or full < WRAPPED_SHARE * inside:
        return []
    return breaks


def _blank_markup(text: str) -> str:
    """``text`` with each tag read as spaces (a block tag as a line break and spaces)."""
    pieces: list[str] = []
    opened: set[str] = set()
    last = 0
    for match in _TAG.finditer(text):
        if not _is_tag(match, opened):
            continue
        start, end = match.span()
        name = (match.group(2) or "").lower()
        pieces.append(text[last:start])
        pieces.append(("\n" + " " * (end - start - 1)) if name in _BLOCK_TAGS else " " * (end - start))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _is_tag(match: re.Match[str], opened: set[str]) -> bool:
    """Whether a match of :data:`_TAG` is markup, not "<b and c>" in a formula or "<Enter>".

    A tag is a comment, or a known HTML tag whose attributes (if any) have values, or any
    tag with ``name=value`` attributes (``<tweet id="1">``), or the closing tag of one of
    those; ``opened`` collects the names of the latter as the text is read.
    """
    closing, name, attributes = match.groups()
    if name is None:
        return True
    name = name.lower()
    attributes = (attributes or "").strip()
    if attributes and "=" not in attributes:
        return False
    if closing:
        return name in _BLOCK_TAGS or name in _INLINE_TAGS or name in opened
    if attributes and name not in _BLOCK_TAGS and name not in _INLINE_TAGS:
        opened.add(name)
        return True
    return name in _BLOCK_TAGS or name in _INLINE_TAGS
