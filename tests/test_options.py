"""Each option is checked in one place: the command line, Extractor, quotes.extract and the component agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import quotes
from quotes.cli import main
from quotes.component import FACTORY_NAME, QuoteAttributor
from quotes.export.jsonl import load_schema
from quotes.pipeline import Extractor
from quotes.read import RESERVED_KEYS
from quotes.types import QUOTE_FIELDS, Clause, Cue, Quote, Speaker

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("value", "error"), [(True, TypeError), (float("nan"), ValueError), (1.5, ValueError)])
def test_every_entry_point_refuses_the_same_confidences(nlp: Language, value: float, error: type[Exception]) -> None:
    with pytest.raises(error, match="min_confidence must be"):
        Extractor(nlp, min_confidence=value)
    with pytest.raises(error, match="min_confidence must be"):
        quotes.extract("“Yes,” she said.", nlp=nlp, min_confidence=value)
    with pytest.raises(error, match="quotes_attributor: min_confidence must be"):
        QuoteAttributor(min_confidence=value)


def test_the_component_refuses_a_confidence_out_of_range_from_its_config() -> None:
    with pytest.raises(ValueError, match="quotes_attributor: min_confidence must be between 0 and 1"):
        spacy.blank("en").add_pipe(FACTORY_NAME, config={"min_confidence": 1.5})


def test_a_confidence_read_with_float_noise_keeps_the_quotes_it_names(nlp: Language) -> None:
    # what srsly's JSON reader makes of "0.3" in a saved pipeline's config
    noisy = 0.1 + 0.2
    assert noisy != 0.3
    extractor = Extractor(nlp, min_confidence=noisy)
    assert extractor.min_confidence == 0.3
    assert QuoteAttributor(min_confidence=noisy).min_confidence == 0.3


def test_quotes_extract_checks_its_options_before_loading_a_model() -> None:
    with pytest.raises(ValueError, match="min_confidence"):
        quotes.extract("“Yes,” she said.", model="en_core_web_nonexistent", min_confidence=2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--min-confidence", "nan"], "--min-confidence must be between 0 and 1"),
        (["--max-chars", "0"], "--max-chars must be 1 or more characters, got 0"),
        (["--n-process", "0"], "--n-process must be 1 or more worker processes"),
    ],
)
@pytest.mark.parametrize("command", ["extract", "render", "speakers"])
def test_bad_numbers_are_usage_errors_of_every_command(
    command: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, "seeds/", *args]) == 2
    err = capsys.readouterr().err
    assert f"quotes: {message}" in err and "Traceback" not in err


def test_one_list_of_quote_fields_serves_the_record_the_reader_and_the_schema() -> None:
    schema = load_schema()
    assert list(schema["properties"]) == list(QUOTE_FIELDS)
    assert RESERVED_KEYS == frozenset(QUOTE_FIELDS) | {"id"}
    quote = Quote("d", 0, "Yes,", 1, 5, "direct", Speaker("Ann Cole", "ann-cole", "Ann Cole", 7, 15),
                  Cue("said", "say", 16, 20), 0.9, "cue_governs", clause=Clause("Yes,", 1, 5), statement="ann-cole:1",
                  meta={**{name: "meta" for name in QUOTE_FIELDS}, "id": "x", "title": "T"})
    assert list(quote.to_dict()) == ["title", *QUOTE_FIELDS]


def test_speakers_agrees_with_the_speaker_index_of_extract_line_for_line(tmp_path: Path) -> None:
    index = tmp_path / "speakers.jsonl"
    assert main(["extract", "seeds/", "-o", str(tmp_path / "seeds.jsonl"), "--speakers", str(index), "-q"]) == 0
    assert main(["speakers", str(tmp_path / "seeds.jsonl"), "--json", "-o", str(tmp_path / "from_quotes.jsonl"), "-q"]) == 0
    assert main(["speakers", "seeds/", "--json", "-o", str(tmp_path / "from_articles.jsonl"), "-q"]) == 0
    expected = index.read_text(encoding="utf-8")
    assert (tmp_path / "from_articles.jsonl").read_text(encoding="utf-8") == expected
    # a quote shows one piece of gender evidence, not all its document gives: the rest agrees
    rebuilt = [json.loads(line) for line in (tmp_path / "from_quotes.jsonl").read_text(encoding="utf-8").splitlines()]
    indexed = [json.loads(line) for line in expected.splitlines()]
    assert [{**r, "gender_evidence": None} for r in rebuilt] == [{**r, "gender_evidence": None} for r in indexed]
    for shown, full in zip(rebuilt, indexed, strict=True):
        assert all(piece in full["gender_evidence"] for piece in shown["gender_evidence"])
        assert bool(shown["gender_evidence"]) == bool(full["gender_evidence"])
    first = json.loads(expected.splitlines()[0])
    assert first["id"] == "juan-guaido" and first["statements"][0]["quotes"] == 4
