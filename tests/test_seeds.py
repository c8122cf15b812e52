"""End to end on the three seed articles, scored against their hand annotation."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotes.baseline import textacy_predictor
from quotes.evaluate import Report, evaluate, load_aliases, load_gold
from quotes.pipeline import Extractor

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def reports(nlp) -> tuple[Report, Report]:  # type: ignore[no-untyped-def]
    gold = load_gold(FIXTURES / "seeds_gold.jsonl")
    aliases = load_aliases(FIXTURES / "seeds_speakers.json")
    ours = evaluate(gold, Extractor(nlp).extract, system="quotes", aliases=aliases)
    theirs = evaluate(gold, textacy_predictor(nlp), system="textacy", aliases=aliases)
    return ours, theirs


def test_seeds_beat_textacy_by_a_clear_margin_on_quoted_material(reports: tuple[Report, Report]) -> None:
    ours, theirs = reports
    assert ours.refused == 0
    assert ours.quoted.e2e_f1 >= theirs.quoted.e2e_f1 + 0.10


def test_seeds_find_nearly_every_quoted_passage(reports: tuple[Report, Report]) -> None:
    ours, _ = reports
    assert ours.quoted.quote_f1 >= 0.9
    assert ours.all.e2e_f1 >= 0.6
