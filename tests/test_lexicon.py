"""The shipped word lists: sorted, unique, lowercase, and read as the rules expect."""

from __future__ import annotations

import pickle
from dataclasses import fields
from importlib import resources

import pytest

from quotes.lexicon import Lexicon, default_lexicon, read_list
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
    triggers = Extractor(nlp).triggers
    nouns = default_lexicon().read_nouns
    assert triggers is not None and nouns <= triggers.forms and {"view", "poll", "polls"} <= nouns


def test_every_data_list_is_a_field_of_the_lexicon() -> None:
    # a list file nobody reads, or a field without its file, is a list that silently does nothing
    files = {f.metadata["file"] for f in fields(Lexicon)}
    assert files == set(DATA_FILES)


def test_the_lexicon_pickles_for_worker_processes() -> None:
    lexicon = default_lexicon()
    assert lexicon.alias_keys  # cached views travel too
    again = pickle.loads(pickle.dumps(lexicon))
    assert again.phrasal_cues["go"].particle == "on" and again.topic_preps["warn"] == ("about", "of", "against")
