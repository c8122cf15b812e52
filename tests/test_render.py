"""The HTML view: markup from quotes, escaping, and the page in a real headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import Chromium, find_chromium
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from quotes.export.render import highlight, render_html, speaker_counts
from quotes.pipeline import Extractor
from quotes.read import read_documents
from quotes.types import Cue, Document, Quote, Speaker

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Document(
    "hostile.txt",
    "<script>window.pwned = 1</script> “Hello </mark><img src=x onerror='window.pwned=2'>,” "
    "Senator Ann Cole said. &amp; <style>body{display:none}</style>",
    meta={"title": "<b>Bold</b> title", "url": "javascript:window.pwned=3"},
)


def _quote(start: int, end: int, *, index: int = 0, type: str = "direct", speaker: Speaker | None = None,
           cue: Cue | None = None) -> Quote:
    return Quote("d", index, "", start, end, type, speaker, cue, 0.9, "test")  # type: ignore[arg-type]


class _Text(HTMLParser):
    """Collects text outside quote labels and checks that every tag is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.stack: list[str] = []
        self.label_depth = 0
        self.quote_ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        values = dict(attrs)
        if "q-label" in (values.get("class") or "").split():
            self.label_depth = len(self.stack)
        if tag == "mark" and values.get("data-q"):
            self.quote_ids.add(values["data-q"] or "")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        if self.label_depth == len(self.stack):
            self.label_depth = 0
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.label_depth:
            self.text.append(data)


def _parse(fragment: str) -> _Text:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    assert parser.stack == []
    return parser


# --- markup, without a browser ---------------------------------------------------------


def test_highlight_escapes_markup_in_the_text() -> None:
    out = highlight(HOSTILE.text, [])
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;amp;" in out
    assert _parse(out).text == [HOSTILE.text]


def test_highlight_nests_speaker_and_cue_inside_a_quote_that_holds_them() -> None:
    text = "He said she “would go, Ann said, at once.”"
    speaker = Speaker("Ann Cole", "ann-cole", "Ann", 23, 26)
    cue = Cue("said", "say", 27, 31)
    out = highlight(text, [_quote(12, 41, speaker=speaker, cue=cue)], {"ann-cole": "c0"})
    parsed = _parse(out)
    assert "".join(parsed.text) == text
    assert out.count("<mark") == 1 and 'title="Ann Cole (person, gender unknown)"' in out and "q-label" in out
    assert 'title="Ann Cole (person, gender unknown) · direct · said · confidence 0.90 · rule ' in out


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="ab <&>\"'“”\n", min_size=1, max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 40), st.integers(0, 40)), max_size=5),
)
def test_highlight_is_well_formed_and_keeps_the_text_for_any_overlaps(
    text: str, spans: list[tuple[int, int, int, int]]
) -> None:
    quotes = []
    for i, (a, b, c, d) in enumerate(spans):
        (s, e), (ms, me) = sorted((a % len(text), b % (len(text) + 1))), sorted((c % len(text), d % (len(text) + 1)))
        if s < e:
            speaker = Speaker("X", f"x{i % 2}", text[ms:me], ms, me) if ms < me else None
            quotes.append(_quote(s, e, index=i, speaker=speaker, cue=Cue("c", "c", ms, me) if ms < me else None))
    parsed = _parse(highlight(text, quotes))
    assert "".join(parsed.text) == text
    assert parsed.quote_ids == {f"0-{q.index}" for q in quotes}


def test_speaker_counts_most_quoted_first() -> None:
    ann, bo = Speaker("Ann Cole", "ann", "Ann", 0, 3), Speaker("Bo Lee", "bo", "Bo", 0, 2)
    items = [(Document("a", "x"), [_quote(0, 1, speaker=bo), _quote(0, 1, speaker=ann)]),
             (Document("b", "x"), [_quote(0, 1, speaker=ann), _quote(0, 1)])]
    assert speaker_counts(items) == [("ann", "Ann Cole", 2), ("bo", "Bo Lee", 1)]


def test_page_allows_only_its_own_inline_style_and_script() -> None:
    page = render_html([(HOSTILE, [])], title="<T>")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy and "default-src 'none'" in policy.group(1)
    for tag in ("style", "script"):
        (body,) = re.findall(rf"<{tag}>(.*?)</{tag}>", page, flags=re.DOTALL)
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy.group(1)
    assert "<title>&lt;T&gt;</title>" in page
    assert 'href="javascript' not in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)


# --- in a real browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    path, reason = find_chromium()
    if path is None:
        pytest.skip(f"no headless browser for the HTML view test: {reason}")
    with Chromium(path) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def seeds_page(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    documents = list(read_documents([str(ROOT / "seeds")], on_problem=lambda problem: None)) + [HOSTILE]
    items = list(Extractor(nlp).extract_many(documents))
    page = tmp_path_factory.mktemp("render") / "page.html"
    page.write_text(render_html(items, title="Seeds"), encoding="utf-8")
    return page, sum(len(quotes) for _, quotes in items), len(speaker_counts(items))


PAGE_PROBES = {
    "shown": "Number(document.body.dataset.shownQuotes)",
    "expected": "Number(document.body.dataset.expectedQuotes)",
    "title": "document.title",
    "scripts": "document.scripts.length",
    "images": "document.images.length",
    "pwned": "typeof window.pwned",
    "speakers": "document.querySelectorAll('aside button.who').length",
    "hostile_text": "document.querySelector('article:last-of-type .text').textContent",
    "hostile_heading": "document.querySelector('article:last-of-type h2').textContent",
    "links": "Array.from(document.links).map(a => a.protocol)",
    "body_visible": "getComputedStyle(document.body).display",
}


def test_page_loads_without_errors_and_shows_every_quote(browser: Chromium, seeds_page: tuple[Path, int, int]) -> None:
    page, n_quotes, n_speakers = seeds_page
    report = browser.load(page.as_uri(), PAGE_PROBES)
    assert report.errors == []
    values = report.values
    assert n_quotes > 30
    assert values["shown"] == values["expected"] == n_quotes
    assert values["title"] == f"Seeds ({n_quotes} quotes)"
    assert values["speakers"] == n_speakers


def test_markup_in_an_article_shows_as_text_and_never_runs(browser: Chromium, seeds_page: tuple[Path, int, int]) -> None:
    page, _, _ = seeds_page
    values = browser.load(page.as_uri(), PAGE_PROBES).values
    assert values["scripts"] == 1 and values["images"] == 0 and values["pwned"] == "undefined"
    assert "<script>window.pwned = 1</script>" in values["hostile_text"]
    assert "<img src=x onerror='window.pwned=2'>" in values["hostile_text"]
    assert values["hostile_heading"] == "<b>Bold</b> title"
    assert "javascript:" not in values["links"] and values["body_visible"] == "block"


def test_clicking_a_speaker_dims_the_other_quotes(browser: Chromium, seeds_page: tuple[Path, int, int]) -> None:
    page, _, _ = seeds_page
    report = browser.load(page.as_uri(), {
        "clicked": "document.querySelector('aside button.who').click(), document.body.classList.contains('focusing')",
        "focused": "document.querySelectorAll('mark.q.focus').length",
        "dimmed": "getComputedStyle(document.querySelector('mark.q:not(.focus)')).opacity",
        "pressed": "document.querySelector('aside button.who').getAttribute('aria-pressed')",
        "again": "document.querySelector('aside button.who').click(), document.body.classList.contains('focusing')",
    })
    assert report.errors == []
    assert report.values["clicked"] is True and report.values["focused"] > 0
    assert float(report.values["dimmed"]) < 1 and report.values["pressed"] == "true"
    assert report.values["again"] is False


def test_the_browser_check_does_see_errors(browser: Chromium, tmp_path: Path) -> None:
    """The empty error lists above mean something: a page that fails is reported."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        "<!DOCTYPE html><meta http-equiv='Content-Security-Policy' content=\"default-src 'none'\">"
        "<script>document.title = 'ran'</script><p>x</p>",
        encoding="utf-8",
    )
    assert any("Content Security Policy" in e for e in browser.load(broken.as_uri(), {}).errors)
    throwing = tmp_path / "throwing.html"
    throwing.write_text("<!DOCTYPE html><script>console.error('bad'); missing();</script>", encoding="utf-8")
    errors = browser.load(throwing.as_uri(), {}).errors
    assert any("console.error" in e for e in errors) and any("ReferenceError" in e for e in errors)


@pytest.mark.parametrize(
    ("apt_get", "uid", "reason"),
    [(None, 0, "no apt-get"), ("/usr/bin/apt-get", 1000, "needs root")],
)
def test_a_missing_browser_that_cannot_be_installed_is_explained(
    monkeypatch: pytest.MonkeyPatch, apt_get: str | None, uid: int, reason: str
) -> None:
    import browser as browser_module

    monkeypatch.delenv("QUOTES_CHROMIUM", raising=False)
    monkeypatch.setattr(browser_module.shutil, "which", lambda name: apt_get if name == "apt-get" else None)
    monkeypatch.setattr(browser_module.os, "geteuid", lambda: uid)
    path, why = find_chromium()
    assert path is None and reason in why
