"""The public Python API: names, laziness, result types, and the examples in the docstrings."""

from __future__ import annotations

import dataclasses
import doctest
import importlib
import importlib.metadata
import importlib.resources
import io
import itertools
import json
import pkgutil
import subprocess
import sys

import pytest
from spacy.language import Language

import quotes
from quotes import Cue, Document, Extractor, ModelNotFoundError, Quote, Speaker

TEXT = "“We will win,” Senator Ann Cole said on Monday. Her rival said the race was “far from over”."


def _modules() -> list[str]:
    found = pkgutil.walk_packages(quotes.__path__, prefix="quotes.")
    return ["quotes"] + sorted(m.name for m in found if m.name != "quotes.__main__")


def test_importing_the_package_loads_neither_spacy_nor_a_model() -> None:
    code = "import sys, quotes; print(sorted(m for m in ('spacy', 'quotes.pipeline') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_every_public_name_resolves() -> None:
    for name in quotes.__all__:
        assert getattr(quotes, name) is not None, name
    assert set(quotes.__all__) <= set(dir(quotes))
    with pytest.raises(AttributeError, match="no_such_name"):
        quotes.no_such_name  # noqa: B018


def test_version_matches_the_installed_metadata() -> None:
    assert quotes.__version__ == importlib.metadata.version("quotes")


def test_type_information_is_shipped() -> None:
    assert importlib.resources.files("quotes").joinpath("py.typed").is_file()


def test_extract_returns_frozen_typed_quotes_with_offsets(nlp: Language) -> None:
    found = quotes.extract(TEXT, nlp=nlp, doc_id="a1", meta={"date": "2024-05-01"})
    assert [q.type for q in found] == ["direct", "partial"]
    first = found[0]
    assert isinstance(first, Quote) and isinstance(first.speaker, Speaker) and isinstance(first.cue, Cue)
    assert TEXT[first.start : first.end] == first.text == "We will win,"
    assert first.speaker.name == "Ann Cole" and first.doc_id == "a1"
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.text = "changed"  # type: ignore[misc]
    record = first.to_dict()
    assert json.loads(json.dumps(record)) == record and record["date"] == "2024-05-01"
    # every output field of the speaker and the cue is in the output, under its own name (the
    # speaker's document evidence goes to the cross-document step, not to the record)
    speaker = dataclasses.asdict(first.speaker)
    assert speaker.pop("evidence") and record["speaker"] == speaker
    assert record["cue"] == dataclasses.asdict(first.cue)


def test_extract_takes_a_document_and_keeps_its_id(nlp: Language) -> None:
    (first, *_) = quotes.extract(Document("x", TEXT, meta={"url": "https://example.org/a"}), nlp=nlp)
    assert first.doc_id == "x" and first.to_dict()["url"] == "https://example.org/a"


def test_extract_refuses_what_is_not_text(nlp: Language) -> None:
    with pytest.raises(TypeError, match="str or a quotes.Document"):
        quotes.extract(b"bytes", nlp=nlp)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="min_confidence"):
        quotes.extract(TEXT, nlp=nlp, min_confidence=3)


def test_extractor_streams_documents_in_order(nlp: Language) -> None:
    extractor = Extractor(nlp, min_confidence=0.0)
    documents = (Document(str(i), text) for i, text in enumerate([TEXT, "Nothing quoted here.", TEXT]))
    assert [(doc.id, len(found)) for doc, found in extractor.extract_many(documents)] == [("0", 2), ("1", 0), ("2", 2)]


def test_extractor_gives_results_before_an_endless_input_ends(nlp: Language) -> None:
    endless = (Document(str(i), TEXT if i % 2 else "No quotes.") for i in itertools.count())
    first = list(itertools.islice(Extractor(nlp).extract_many(endless), 3))
    assert [(doc.id, len(found)) for doc, found in first] == [("0", 0), ("1", 2), ("2", 0)]


def test_extractor_names_a_missing_model() -> None:
    with pytest.raises(ModelNotFoundError, match="en_core_web_nonexistent"):
        Extractor("en_core_web_nonexistent")


@pytest.mark.parametrize("module_name", _modules())
def test_docstring_examples_run(module_name: str, nlp: Language) -> None:
    module = importlib.import_module(module_name)
    out = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in doctest.DocTestFinder().find(module, module_name, extraglobs={"nlp": nlp}):
        runner.run(test, out=out.write)
    assert runner.failures == 0, out.getvalue()
