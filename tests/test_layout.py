"""The text as the rules read it: hard-wrapped lines joined, markup blanked, offsets kept."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from quotes.parse.layout import reading_text, soft_breaks
from quotes.parse.tokenizer import quote_tokenizer
from quotes.pipeline import Extractor
from quotes.types import Document

PARAGRAPHS = [
    "WASHINGTON (AP) -- The mayor said on Tuesday that the city would not back down from the fight. "
    '"We will fight this decision in every court in the land," Mayor Ida Holm told reporters outside city hall.',
    '"It is a sad day," said council member Bo Kim, who voted against the measure. '
    'He added that the council "will revisit the question next year."',
    "The vote was 7-2.",
]


def _wrapped(width: int, separator: str, newline: str = "\n") -> str:
    return separator.join(textwrap.fill(p, width).replace("\n", newline) for p in PARAGRAPHS)


@pytest.fixture(scope="module")
def extractor(nlp: Language) -> Extractor:
    return Extractor(nlp)


@pytest.mark.parametrize(
    ("width", "separator", "newline"),
    [(72, "\n\n", "\n"), (66, "\n", "\n"), (60, "\r\n\r\n", "\r\n"), (80, "\n\n", "\n")],
)
def test_a_quote_wrapped_over_lines_comes_out_whole(extractor: Extractor, width: int, separator: str, newline: str) -> None:
    text = _wrapped(width, separator, newline)
    quotes = extractor.extract(Document("wire", text))
    by_text = {" ".join(q.text.split()): q for q in quotes}
    told = by_text["We will fight this decision in every court in the land,"]
    assert told.speaker is not None and told.speaker.name == "Ida Holm"
    # quotes run over line breaks, and keep them as written
    assert any(newline in q.text for q in quotes)
    assert by_text["It is a sad day,"].speaker.name == "Bo Kim"  # type: ignore[union-attr]
    for quote in quotes:
        assert text[quote.start : quote.end] == quote.text
        assert quote.speaker is None or text[quote.speaker.start : quote.speaker.end] == quote.speaker.mention
        assert quote.cue is None or text[quote.cue.start : quote.cue.end] == quote.cue.text


def test_paragraphs_of_a_wrapped_text_stay_apart() -> None:
    text = _wrapped(66, "\n")
    reading = reading_text(text)
    # the last line of each paragraph ends it, though no blank line follows
    assert reading.count("\n") == len(PARAGRAPHS) - 1
    assert "city hall.\n" in reading and "next year.\"\n" in reading


@pytest.mark.parametrize(
    "text",
    [
        "Short line.\nAnother short line.\nA third.",  # verse or a list: lines stop short
        "The mayor said the city would never back\ndown. It will fight.\n\nA new paragraph.",  # one break only
        "A" * 150 + "\n" + "B" * 40 + "\n" + "C" * 40,  # a line too long for wrapped copy
    ],
)
def test_text_that_is_not_wrapped_keeps_its_line_breaks(text: str) -> None:
    assert soft_breaks(text) == []
    assert reading_text(text) == text


def test_markup_is_read_as_spaces_and_block_tags_end_paragraphs() -> None:
    text = '<p class="lead">Officials said</p><p>“Yes,” she said.</p> <a href=”https://x.org/a” target=”_blank”>link</a>'
    reading = reading_text(text)
    assert len(reading) == len(text)
    assert "<" not in reading and ">" not in reading and "href" not in reading and "”https" not in reading
    assert reading.split() == ["Officials", "said", "“Yes,”", "she", "said.", "link"]
    assert reading.count("\n") == 4  # <p>, </p>, <p>, </p>


@pytest.mark.parametrize("text", ["if a<b and c>d then", "Press <Enter> to go on", "x < y > z"])
def test_angle_brackets_that_are_no_tags_stay(text: str) -> None:
    assert reading_text(text) == text


def test_a_closing_tag_is_never_inside_a_quote(extractor: Extractor) -> None:
    text = "<p>“We will win,</p>\n<p>The crowd cheered.</p>"
    (quote,) = Extractor(extractor.nlp, unattributed=True).extract(Document("html", text))
    assert quote.text == "We will win,"


@given(st.text(alphabet=st.sampled_from(list("ab “”\"<>/p=\n\r-.,")), max_size=200))
def test_the_reading_keeps_length_and_every_character_it_does_not_blank(text: str) -> None:
    reading = reading_text(text)
    assert len(reading) == len(text)
    for a, b in zip(text, reading):
        assert a == b or b in " \n"


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("“Enough”--said Ms. Ortega.", ["“", "Enough", "”", "--", "said", "Ms.", "Ortega", "."]),
        ("“Yes,”said Ann.", ["“", "Yes", ",", "”", "said", "Ann", "."]),
        ("he said“We will”", ["he", "said", "“", "We", "will", "”"]),
        ("things to different audiences,\"Katie Packer said", ["things", "to", "different", "audiences", ",", '"', "Katie", "Packer", "said"]),
    ],
)
def test_the_tokenizer_cuts_glued_quote_marks(nlp: Language, text: str, tokens: list[str]) -> None:
    assert [t.text for t in quote_tokenizer(nlp)(text)] == tokens
    assert [t.text for t in nlp.make_doc(text)] != tokens  # the pipeline's own tokenizer is untouched


@pytest.mark.parametrize("text", ["don’t stop the ’90s rock", "the players’ union’s “big” win", "rock ’n’ roll", "5\"6 tall"])
def test_the_tokenizer_cuts_what_the_pipeline_cuts_where_no_mark_is_glued(nlp: Language, text: str) -> None:
    assert [t.text for t in quote_tokenizer(nlp)(text)] == [t.text for t in nlp.make_doc(text)]


def test_a_glued_mark_inside_a_memory_zone_needs_the_copy_made_before_it(nlp: Language) -> None:
    # a tokenizer made inside a zone would point into memory the zone frees
    tokenize = quote_tokenizer(nlp)
    with nlp.memory_zone():
        assert [t.text for t in tokenize("“Yes,” said Ann.")] == ["“", "Yes", ",", "”", "said", "Ann", "."]
        with pytest.raises(RuntimeError, match="call prepare"):
            tokenize("“Yes,”said Ann.")
    tokenize.prepare(["plain", "“Yes,”said Ann."])
    with nlp.memory_zone():
        assert [t.text for t in tokenize("“Yes,”said Ann.")] == ["“", "Yes", ",", "”", "said", "Ann", "."]


def test_a_batch_cuts_glued_marks_with_the_copy_made_before_its_zone(nlp: Language) -> None:
    documents = [Document("plain", "“We will win,” Ann Cole said."), Document("glued", "“We will win,”said Bo Lee.")]
    found = {d.id: [(q.speaker.name if q.speaker else None, q.text) for q in quotes]
             for d, quotes in Extractor(nlp).extract_many(documents)}
    assert found == {"plain": [("Ann Cole", "We will win,")], "glued": [("Bo Lee", "We will win,")]}
