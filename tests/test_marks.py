"""Tests for the quote-mark scanner: pairing, apostrophes, paragraphs, recovery."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.marks import QuotedSpan, scan, scan_quotes

OPENING_MARKS = ("``", "''", '"', "“", "„", "'", "‘", "‚", "«", "‹")
CLOSING_MARKS = ("''", '"', "”", "“", "'", "’", "‘", "»", "›")
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
PARAGRAPH_BREAK = re.compile(f"[{LINE_BREAKS}]\\s*")

NEWS = (
    "CARACAS - Venezuela’s opposition leader said on Thursday that agents had detained his "
    "aide, and a U.S. official said Maduro’s government should “face justice,” but gave no "
    "details.\n\n"
    "“They have taken my chief of staff from his home,” the opposition leader said. “We do not "
    "know where he is. The regime’s agents did not show a warrant.”\n\n"
    "The aides’ families said the men’s phones were off."
)


def contents(text: str) -> list[str]:
    """Return the content of every span found in ``text``."""
    return [text[s.content_start : s.content_end] for s in scan_quotes(text)]


@pytest.mark.parametrize(
    ("text", "content", "style"),
    [
        ("He said “yes” today.", "yes", "double"),
        ('He said "yes" today.', "yes", "double"),
        ("Er sagte „ja“ heute.", "ja", "double"),
        ("Er sagte „ja” heute.", "ja", "double"),
        ("He said ``yes'' today.", "yes", "double"),
        ("He said ‘yes’ today.", "yes", "single"),
        ("He said 'yes' today.", "yes", "single"),
        ("Er sagte ‚ja‘ heute.", "ja", "single"),
        ("Er sagte ‚ja’ heute.", "ja", "single"),
        ("Il a dit «oui» hier.", "oui", "guillemet"),
        ("Il a dit « oui » hier.", " oui ", "guillemet"),
        ("Il a dit ‹oui› hier.", "oui", "single_guillemet"),
    ],
)
def test_marks_pairs_each_style(text: str, content: str, style: str) -> None:
    (span,) = scan_quotes(text)
    assert text[span.content_start : span.content_end] == content
    assert span.style == style
    assert span.closed
    assert span.paragraphs == 1
    assert text[span.start : span.content_start] in OPENING_MARKS
    assert text[span.content_end : span.end] in CLOSING_MARKS


@pytest.mark.parametrize(
    "text",
    [
        "Maduro’s government",
        "They don’t know.",
        "He grew up in the ’90s.",
        "He grew up in the '90s.",
        "I love rock ’n’ roll.",
        "I love rock 'n' roll.",
        "Jones’ car is red.",
        "the Joneses' house",
        "'tis the season",
        "’Twas the night.",
        "They were goin’ home.",
        "Keep ’em coming.",
        "The players’ union met.",
    ],
)
def test_marks_reads_apostrophes_as_apostrophes(text: str) -> None:
    result = scan(text)
    assert result.spans == ()
    assert result.warnings == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("‘Jones’ is here,’ he said.", ["Jones’ is here,"]),
        ("‘Jones’ is here", ["Jones"]),
        ("the Jones’ car", []),
        ("‘The players’ union is wrong,’ he said.", ["The players’ union is wrong,"]),
        ("'The players' union is wrong,' he said.", ["The players' union is wrong,"]),
        ("‘It is what it is’, he said. ‘We go on.’", ["It is what it is", "We go on."]),
        ("‘Yes’, said the Jones’ neighbour.", ["Yes"]),
        ("‘I don’t like the ’90s,’ she said.", ["I don’t like the ’90s,"]),
        ("‘We love rock ’n’ roll,’ they sang.", ["We love rock ’n’ roll,"]),
        ("‘’Tis true,’ he said.", ["’Tis true,"]),
        ("“Maduro’s men came,” she said.", ["Maduro’s men came,"]),
        ("“The Joneses’ house,” she said.", ["The Joneses’ house,"]),
        ("He said ‘100 per cent’ twice.", ["100 per cent"]),
    ],
)
def test_marks_tells_single_quotes_from_apostrophes(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


@pytest.mark.parametrize(
    ("text", "expected", "style"),
    [
        ("“He said ‘no’ to me,” she said.", "He said ‘no’ to me,", "double"),
        ('"He said \'no\' to me," she said.', "He said 'no' to me,", "double"),
        ("‘She said “go” twice,’ he said.", "She said “go” twice,", "single"),
        ("«Il a dit “non” hier»", "Il a dit “non” hier", "guillemet"),
        ("„Er sagte ‚nein‘ dazu“, sagte sie.", "Er sagte ‚nein‘ dazu", "double"),
        ("“He said “no” again” she said.", "He said “no” again", "double"),
    ],
)
def test_marks_keeps_nested_quotes_inside_parent(text: str, expected: str, style: str) -> None:
    (span,) = scan_quotes(text)
    assert text[span.content_start : span.content_end] == expected
    assert span.style == style


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("“First part.\n\n“Second part.\n\n“Third part,” he said.", 3),
        ("“First part.\n“Second part,” he said.", 2),
        ("“First part.\r\n\r\n“Second part,” he said.", 2),
        ("“First part.  \n  \n  “Second part,” he said.", 2),
        ('"First part.\n\n"Second part," he said.', 2),
        ("‘First part.\n\n‘Second part,’ he said.", 2),
        ("«Première partie.\n\n«Deuxième partie», dit-il.", 2),
        ("„Erster Teil.\n\n„Zweiter Teil“, sagte er.", 2),
    ],
)
def test_marks_continues_quote_across_paragraphs(text: str, paragraphs: int) -> None:
    (span,) = scan_quotes(text)
    assert span.paragraphs == paragraphs
    assert span.closed
    assert span.start == 0
    assert text[span.content_start : span.content_end].startswith(("First", "Première", "Erster"))
    assert text[span.content_start : span.content_end].endswith(("part,", "part", "partie", "Teil"))


def test_marks_continued_quote_left_open_ends_at_last_paragraph() -> None:
    text = "“First part.\n\n“Second part.\n\nThe end."
    result = scan(text)
    (span,) = result.spans
    assert (span.paragraphs, span.closed) == (2, False)
    assert text[span.content_start : span.content_end] == "First part.\n\n“Second part."
    assert len(result.warnings) == 1


def test_marks_nested_quote_continues_with_its_parent() -> None:
    text = "“He read: ‘One.\n\n“‘Two.’ That was all,” she said."
    result = scan(text)
    (span,) = result.spans
    assert (span.paragraphs, span.closed) == (2, True)
    assert text[span.end :] == " she said."
    assert result.warnings == ()


def test_marks_ends_unclosed_quote_at_its_paragraph() -> None:
    text = "Intro.\n\nHe said “we will win.  \n\nThen “a real one” follows."
    result = scan(text)
    first, second = result.spans
    assert text[first.content_start : first.content_end] == "we will win."
    assert not first.closed
    assert first.end == first.content_end == text.index(".  ") + 1
    assert text[second.content_start : second.content_end] == "a real one"
    assert second.closed
    assert result.warnings == (
        "unclosed “ at line 3, column 9 (offset 16); quote ends at its paragraph",
    )


@pytest.mark.parametrize(
    "text",
    [
        "“Never closed\n\nHe said “found” here.",
        "‘Never closed\n\nHe said “found” here.",
        "«Never closed\n\nHe said “found” here.",
        '"Never closed\n\nHe said "found" here.',
        "‘Never closed “half\n\nHe said “found” here.",
    ],
)
def test_marks_finds_quote_after_unclosed_one(text: str) -> None:
    spans = scan_quotes(text)
    assert [s.closed for s in spans] == [False, True]
    assert text[spans[0].content_start : spans[0].content_end].startswith("Never closed")
    assert text[spans[1].content_start : spans[1].content_end] == "found"


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("Stray” then “real” here.", "”"),
        ("Stray» then “real” here.", "»"),
        ("Stray› then “real” here.", "›"),
        ("He was done.’ Then “real” here.", "’"),
    ],
)
def test_marks_ignores_stray_closer_with_warning(text: str, mark: str) -> None:
    result = scan(text)
    assert [text[s.content_start : s.content_end] for s in result.spans] == ["real"]
    (warning,) = result.warnings
    assert warning.startswith(f"stray {mark} at line 1, column {text.index(mark) + 1}")


def test_marks_closing_double_closes_through_unclosed_single() -> None:
    text = "“He said ‘no way,” she said. “Next.”"
    result = scan(text)
    assert [text[s.content_start : s.content_end] for s in result.spans] == ["He said ‘no way,", "Next."]
    assert result.warnings == (
        "unclosed ‘ at line 1, column 10 (offset 9); quote ends with its enclosing quote",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Hello," he said. "Bye."', ["Hello,", "Bye."]),
        ('He said:"yes" and ("no").', ["yes", "no"]),
        ('The word -"so"- again', ["so"]),
        ('"a "b" c"', ['a "b" c']),
        ('"one"two"three"', ["one", "three"]),
    ],
)
def test_marks_decides_straight_double_direction_from_context(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


@pytest.mark.parametrize("text", ['""', "“”", "“  ”", "‘ ’", "«»", "``''", '" \n "'])
def test_marks_drops_quotes_with_empty_content(text: str) -> None:
    assert scan_quotes(text) == ()


def test_marks_finds_quote_after_empty_quote() -> None:
    assert contents('He said "" and then "this".') == ["this"]


@pytest.mark.parametrize(
    "text", ["", " ", "\n\n", '"', "“", "”", "'", "’’’", "«««»", "\"'“”‘’„‚«»‹›``''"]
)
def test_marks_scans_degenerate_text_without_error(text: str) -> None:
    result = scan(text)
    check_invariants(text, result.spans)
    assert result.spans == scan_quotes(text)


def test_marks_finds_quotes_in_news_text() -> None:
    result = scan(NEWS)
    assert [NEWS[s.content_start : s.content_end] for s in result.spans] == [
        "face justice,",
        "They have taken my chief of staff from his home,",
        "We do not know where he is. The regime’s agents did not show a warrant.",
    ]
    assert all(s.closed and s.style == "double" for s in result.spans)
    assert result.warnings == ()


def test_marks_keeps_offsets_into_unchanged_text() -> None:
    (span,) = scan_quotes("Ñandú “ñ”")
    assert (span.start, span.content_start, span.content_end, span.end) == (6, 7, 8, 9)


def test_marks_rejects_non_string_with_type_error() -> None:
    with pytest.raises(TypeError, match="str, got bytes"):
        scan(b'"yes"')  # type: ignore[arg-type]


def test_marks_caps_warnings_per_text() -> None:
    result = scan("”" * 500)
    assert len(result.warnings) == 101
    assert result.warnings[-1] == "400 more warnings not shown"


def test_marks_finds_every_quote_of_a_five_megabyte_text() -> None:
    # how fast is measured by `make bench` (bench/run.py), on this text and the dense marks below
    repeats = 5_000_000 // len(NEWS) + 1
    text = (NEWS + "\n\n") * repeats
    spans = scan_quotes(text)
    assert len(spans) == 3 * repeats
    assert text[spans[-1].content_start : spans[-1].content_end] == NEWS[NEWS.index("We do not") : NEWS.rindex("”")]


@pytest.mark.parametrize(
    "text",
    ["“" * 100_000 + "’" * 100_000, "„" + "‘" * 100_000 + "“" * 100_000, "''" * 100_000],
)
def test_marks_scans_dense_unbalanced_marks_within_its_promises(text: str) -> None:
    result = scan(text)
    check_invariants(text, result.spans)
    assert len(result.warnings) == 101 and result.warnings[-1].endswith("more warnings not shown")


# -- properties --------------------------------------------------------------

#: Text made mostly of quote marks, line breaks and the letters apostrophe rules look at.
QUOTY_TEXT = st.text(alphabet=st.sampled_from(list("\"'`“”‘’„‚«»‹›\n\r  .,-(sanT9")), max_size=200)
ANY_TEXT = st.one_of(st.text(max_size=300), QUOTY_TEXT)


def check_invariants(text: str, spans: tuple[QuotedSpan, ...]) -> None:
    """Assert the promises every scan keeps."""
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start <= span.content_start <= span.content_end <= span.end
        assert span.end <= len(text)
        previous_end = span.end
        assert text[span.start : span.content_start] in OPENING_MARKS
        if span.closed:
            assert text[span.content_end : span.end] in CLOSING_MARKS
        else:
            assert span.content_end == span.end
            assert not text[span.end - 1].isspace()
        assert text[span.content_start : span.content_end].strip()
        breaks = len(PARAGRAPH_BREAK.findall(text, span.content_start, span.content_end))
        assert span.paragraphs == breaks + 1


@given(ANY_TEXT)
@settings(max_examples=500)
def test_marks_spans_in_bounds_ordered_and_non_overlapping(text: str) -> None:
    result = scan(text)
    check_invariants(text, result.spans)
    assert len(result.warnings) <= 101


@given(ANY_TEXT)
def test_marks_scan_is_deterministic(text: str) -> None:
    assert scan(text) == scan(text)
    assert scan_quotes(text) == scan(text).spans


@given(QUOTY_TEXT, st.text(alphabet="Hello “there” ’s, ", max_size=40).map(lambda s: "H" + s))
@settings(max_examples=300)
def test_marks_paragraph_without_opening_mark_scans_on_its_own(first: str, second: str) -> None:
    text = first + "\n\n" + second
    offset = len(first) + 2
    shifted = tuple(
        replace(
            s,
            start=s.start + offset,
            end=s.end + offset,
            content_start=s.content_start + offset,
            content_end=s.content_end + offset,
        )
        for s in scan_quotes(second)
    )
    assert scan_quotes(text) == scan_quotes(first) + shifted


@given(st.text(alphabet=st.characters(exclude_characters=LINE_BREAKS), max_size=100))
def test_marks_recovers_from_any_paragraph(first: str) -> None:
    tail = "\n\nHe said “we will go” today."
    text = first + tail
    last = scan_quotes(text)[-1]
    assert text[last.content_start : last.content_end] == "we will go"


def test_marks_takes_an_opening_double_mark_after_text_as_a_typo_for_the_closer() -> None:
    text = "“Apparently not,“ he said. “A leopard doesn’t change its spots.”"
    assert [text[s.content_start : s.content_end] for s in scan(text).spans] == [
        "Apparently not,",
        "A leopard doesn’t change its spots.",
    ]


# -- a quote left open in a huge paragraph --------------------------------------------------


def test_marks_ends_a_quote_left_open_past_the_bound_at_a_sentence_end() -> None:
    from quotes.marks import MAX_QUOTE_CHARS

    text = "It began “ with a stray mark. " + "The council met on Tuesday. " * 20_000 + "“We agree,” she said."
    result = scan(text)
    first, *rest = result.spans
    assert not first.closed and first.start == 9
    assert MAX_QUOTE_CHARS // 2 < first.content_end - first.content_start <= MAX_QUOTE_CHARS
    assert text[first.content_start : first.content_end].endswith("Tuesday.")
    assert [text[s.content_start : s.content_end] for s in rest] == ["We agree,"]
    assert result.warnings[0].startswith("unclosed “ at line 1, column 10 (offset 9); no closing mark within 4,000")


def test_marks_a_long_quote_that_closes_or_continues_over_paragraphs_is_kept_whole() -> None:
    long_paragraph = "Every word of it counts. " * 100  # 2,500 characters: over half the bound
    text = f"He said: “{long_paragraph}\n\n“{long_paragraph}\n\n“{long_paragraph}” The end."
    (span,) = scan(text).spans
    assert span.closed and span.paragraphs == 3 and span.content_end - span.content_start > 7000


def test_marks_quotes_after_an_overlong_one_are_found_again_not_nested() -> None:
    text = "A stray “ mark. " + "“Yes,” he said. " * 2_000
    spans = scan(text).spans
    assert len(spans) > 1_500 and all(s.closed for s in spans[1:])
    assert sum(s.end - s.start for s in spans[1:]) < len(text)
