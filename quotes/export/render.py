"""A self-contained HTML page of articles with their quotes highlighted, in the manner of displaCy.

Each quote is a ``<mark>`` coloured by speaker and styled by type (direct: filled,
partial: filled with a dashed edge, indirect: underlined), labelled with its speaker;
speaker mentions and cues are marked in the text; hovering shows the speaker's name as
resolved, its kind and gender, the cue and the confidence. A side list counts each speaker's quotes and,
when clicked, dims everyone else's. The page needs no network: CSS and script are
inline, allowed by a Content-Security-Policy that names their hashes and nothing else,
and every piece of article text is escaped, so markup in an article shows as text.

>>> from quotes.types import Document, Quote, Speaker, Cue
>>> doc = Document("a", "<b>“Yes,” Ann Cole said.</b>")
>>> q = Quote("a", 0, "Yes,", 4, 8, "direct", Speaker("Ann Cole", "ann-cole", "Ann Cole", 10, 18),
...           Cue("said", "say", 19, 23), 0.9, "cue_governs")
>>> page = render_html([(doc, [q])])
>>> "&lt;b&gt;" in page and "<b>" not in page
True
"""

from __future__ import annotations

import functools
import html
import importlib.resources
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quotes.export.pages import csp_hash, escape, page_head
from quotes.types import Document, Quote

#: Number of speaker colours in ``data/render.css`` (classes ``c0`` ... ``c7``).
PALETTE_SIZE = 8
_TYPE_RANK = {"clause": 0, "quote": 1, "speaker": 2, "cue": 3}


@dataclass(frozen=True)
class _Mark:
    """One annotation to draw over ``text[start:end]``."""

    start: int
    end: int
    kind: str  # "clause", "quote", "speaker" or "cue"
    open_tag: str
    label: str = ""  # shown after the last piece of a quote


@functools.cache
def _asset(name: str) -> str:
    """Read ``quotes/data/<name>`` once."""
    return importlib.resources.files("quotes").joinpath("data", name).read_text(encoding="utf-8")


def speaker_counts(items: Iterable[tuple[Document, Sequence[Quote]]]) -> list[tuple[str, str, int]]:
    """Count quotes per speaker.

    Args:
        items: Documents with their quotes.

    Returns:
        ``(speaker id, display name, number of quotes)``, most quoted first, then by name;
        quotes without a speaker are not counted.
    """
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for _, quotes in items:
        for quote in quotes:
            if quote.speaker is not None:
                counts[quote.speaker.id] += 1
                names.setdefault(quote.speaker.id, quote.speaker.name)
    return sorted(((sid, names[sid], n) for sid, n in counts.items()), key=lambda row: (-row[2], row[1].lower()))


def render_html(items: Iterable[tuple[Document, Sequence[Quote]]], *, title: str = "Quotes") -> str:
    """Render documents and their quotes as one self-contained HTML page.

    Args:
        items: Each document with its quotes (as :meth:`quotes.Extractor.extract_many` yields).
        title: Page title and heading.

    Returns:
        The HTML page (UTF-8 text; write it with ``encoding="utf-8"``).
    """
    items = [(document, list(quotes)) for document, quotes in items]
    speakers = speaker_counts(items)
    colour = {sid: f"c{i % PALETTE_SIZE}" for i, (sid, _, _) in enumerate(speakers)}
    n_quotes = sum(len(quotes) for _, quotes in items)
    articles = "\n".join(
        _render_article(i, document, quotes, colour) for i, (document, quotes) in enumerate(items)
    )
    css, script = _asset("render.css"), _asset("render.js")
    policy = (
        f"default-src 'none'; style-src {csp_hash(css)}; script-src {csp_hash(script)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    speaker_items = "\n".join(
        f'<li><button type="button" class="who {colour[sid]}" data-speaker="{escape(sid)}" '
        f'title="{escape(name)}: {n} quote{"s" if n != 1 else ""}">'
        f'<span class="name">{escape(name)}</span><span class="count">{n}</span></button></li>'
        for sid, name, n in speakers
    )
    summary = (
        f"{len(items)} article{'s' if len(items) != 1 else ''}, "
        f"{n_quotes} quote{'s' if n_quotes != 1 else ''}, "
        f"{len(speakers)} speaker{'s' if len(speakers) != 1 else ''}"
    )
    return page_head(title=title, policy=policy, style=css, generator="quotes") + f"""<body data-expected-quotes="{n_quotes}">
<header><h1>{escape(title)}</h1><p class="summary">{summary}</p>
<p class="legend"><mark class="q q-direct c-none">direct</mark> <mark class="q q-partial c-none">partial</mark>
<mark class="q q-indirect c-none">indirect</mark> <span class="spk c-none">speaker</span> <span class="cue">cue</span></p>
</header>
<div class="layout">
<main>
{articles}
</main>
<aside>
<h2>Speakers</h2>
<ol class="speakers">
{speaker_items}
</ol>
</aside>
</div>
<script>{script}</script>
</body>
</html>
"""


def _render_article(number: int, document: Document, quotes: Sequence[Quote], colour: dict[str, str]) -> str:
    meta = document.meta
    heading = str(meta.get("title") or document.id or f"Document {number + 1}")
    details = [f'<span class="id">{escape(document.id)}</span>'] if meta.get("title") and document.id else []
    if meta.get("date"):
        details.append(f'<time>{escape(meta["date"])}</time>')
    url = str(meta.get("url") or "")
    if url.startswith(("https://", "http://")):
        details.append(f'<a href="{escape(url)}" rel="noopener noreferrer">{escape(url)}</a>')
    count = f'{len(quotes)} quote{"s" if len(quotes) != 1 else ""}'
    return (
        f'<article id="doc-{number}">\n<h2>{escape(heading)}</h2>\n'
        f'<p class="meta">{" · ".join(details + [count])}</p>\n'
        f'<div class="text">{highlight(document.text, quotes, colour, key=str(number))}</div>\n</article>'
    )


def _marks(quotes: Sequence[Quote], colour: dict[str, str], key: str) -> list[_Mark]:
    marks: list[_Mark] = []
    seen: set[tuple[int, int, str]] = set()
    for quote in quotes:
        speaker, cue = quote.speaker, quote.cue
        tint = colour.get(speaker.id, "c-none") if speaker else "c-none"
        who = _who(quote)
        marks.append(
            _Mark(
                quote.start,
                quote.end,
                "quote",
                f'<mark class="q q-{escape(quote.type)} {tint}" data-q="{key}-{quote.index}" '
                f'data-speaker="{escape(speaker.id if speaker else "")}" title="{escape(_hover(quote, who))}">',
                label=who,
            )
        )
        if quote.clause is not None and quote.clause.end > quote.clause.start:
            marks.append(_Mark(quote.clause.start, quote.clause.end, "clause",
                               f'<span class="clause {tint}" data-q="{key}-{quote.index}" '
                               f'title="{escape(f"reported clause of {who}")}">'))
        if speaker is not None and speaker.end > speaker.start and (speaker.start, speaker.end, "speaker") not in seen:
            seen.add((speaker.start, speaker.end, "speaker"))
            marks.append(
                _Mark(
                    speaker.start,
                    speaker.end,
                    "speaker",
                    f'<span class="spk {tint}" data-speaker="{escape(speaker.id)}" '
                    f'title="{escape(speaker.name)} ({escape(speaker.kind)}, {escape(speaker.gender or "gender unknown")})">',
                )
            )
        if cue is not None and cue.end > cue.start and (cue.start, cue.end, "cue") not in seen:
            seen.add((cue.start, cue.end, "cue"))
            marks.append(_Mark(cue.start, cue.end, "cue", f'<span class="cue" title="cue: {escape(cue.lemma)}">'))
    return marks


def _who(quote: Quote) -> str:
    """The label of a quote: its speaker's name, or why it has none (``no speaker: no cue``)."""
    if quote.speaker is not None:
        return quote.speaker.name
    reason = quote.rule.partition(":")[2] if quote.rule.startswith("unattributed:") else ""
    return f"no speaker: {reason.replace('_', ' ')}" if reason else "unknown speaker"


def _hover(quote: Quote, who: str) -> str:
    """What hovering over a quote tells: speaker, act, type, cue, confidence and rule."""
    speaker = quote.speaker
    if speaker is not None:
        who = f"{who} ({speaker.kind}, {speaker.gender or 'gender unknown'})"
    parts = [who, quote.type if quote.act == "speech" else f"{quote.type} {quote.act}"]
    if quote.cue is not None:
        parts.append(quote.cue.text)
    parts += [f"confidence {quote.confidence:.2f}", f"rule {quote.rule}"]
    return " · ".join(parts)


def highlight(text: str, quotes: Sequence[Quote], colour: dict[str, str] | None = None, *, key: str = "0") -> str:
    """Escape ``text`` and wrap its quotes, speaker mentions and cues in elements.

    Overlapping annotations are nested; where two cross, the inner one is closed and
    reopened, so the markup is always well formed. Every piece of a quote carries the
    same ``data-q`` value (``"<key>-<index>"``); the last piece carries the speaker label.

    >>> from quotes.types import Quote
    >>> highlight("a <i>“b”</i>", [Quote("d", 0, "b", 6, 7, "direct", None, None, 0.5, "r")])
    'a &lt;i&gt;“<mark class="q q-direct c-none" data-q="0-0" data-speaker="" title="unknown speaker · direct · confidence 0.50 · rule r">b<span class="q-label">unknown speaker</span></mark>”&lt;/i&gt;'

    Args:
        text: The document text.
        quotes: Its quotes; offsets outside the text are clipped.
        colour: Speaker id -> colour class (``c0``...); others get ``c-none``.
        key: Prefix of the ``data-q`` values, unique per document on a page.

    Returns:
        HTML for the inside of a ``white-space: pre-wrap`` element.
    """
    marks = [m for m in _marks(quotes, colour or {}, key) if 0 <= m.start < m.end <= len(text)]
    # Outer annotations first: earlier start, then longer, then quote > speaker > cue.
    marks.sort(key=lambda m: (m.start, -m.end, _TYPE_RANK[m.kind]))
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    stack: list[_Mark] = []
    for left, right in itertools.pairwise(bounds):
        active = [m for m in marks if m.start <= left and right <= m.end]
        keep = 0
        while keep < len(stack) and stack[keep] in active:
            keep += 1
        while len(stack) > keep:
            out.append(_close(stack.pop(), left))
        for mark in active:
            if mark not in stack:
                out.append(mark.open_tag)
                stack.append(mark)
        out.append(html.escape(text[left:right], quote=False))
    while stack:
        out.append(_close(stack.pop(), len(text)))
    return "".join(out)


def _close(mark: _Mark, at: int) -> str:
    """The closing tag of ``mark`` at offset ``at``, with the quote's label if it ends there."""
    if mark.kind == "quote":
        label = f'<span class="q-label">{escape(mark.label)}</span>' if at == mark.end else ""
        return f"{label}</mark>"
    return "</span>"
