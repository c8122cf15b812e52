"""The shipped word lists: sorted, unique, lowercase, and read as the rules expect."""

from __future__ import annotations

from importlib import resources

import pytest

from quotes.attribute.engine import read_nouns
from quotes.lexicon import default_lexicon, read_list
from quotes.pipeline import Extractor

DATA_FILES = sorted(p.name for p in resources.files("quotes").joinpath("data").iterdir() if p.name.endswith(".txt"))


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_is_sorted_unique_and_lowercase(name: str) -> None:
    text = resources.files("quotes").joinpath("data", name).read_text(encoding="utf-8")
    entries = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert entries, f"{name} is empty"
    assert entries == sorted(entries), f"{name} is not sorted"
    assert len(entries) == len(set(entries)), f"{name} has duplicates"
    assert all(e == e.lower() for e in entries), f"{name} has entries that are not lowercase"
    assert text.startswith("#"), f"{name} must say where its entries come from"


def test_cue_verbs_are_lemmas_not_inflections() -> None:
    verbs = default_lexicon().cue_verbs
    assert {"say", "tweet", "write", "add", "tell", "warn"} <= verbs
    assert not {"said", "says", "tweeted", "told"} & verbs


def test_read_list_skips_comments_and_blank_lines() -> None:
    entries = read_list("cue_verbs.txt")
    assert not any(entry.startswith("#") for entry in entries)
    assert "" not in entries


def test_the_parse_plan_reads_the_nouns_the_rules_read(nlp) -> None:  # type: ignore[no-untyped-def]
    # "in his view" and "in the latest poll" need a parse where no verb of the lists is
    forms = Extractor(nlp).cue_forms
    assert forms is not None and read_nouns() <= forms and {"view", "poll", "polls"} <= read_nouns()
