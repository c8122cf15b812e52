"""Worker processes: the same quotes as one process, in input order, failures reported per document."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

import quotes.pipeline
from quotes.backends.local import extract_parallel
from quotes.pipeline import Extractor
from quotes.types import Document

SEEDS = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))]


def _documents(n: int) -> list[Document]:
    return [Document(f"doc-{i}", SEEDS[i % len(SEEDS)] if i % 4 else "No quotes in this one.") for i in range(n)]


def test_two_processes_give_the_single_process_quotes_in_input_order(nlp: Language) -> None:
    extractor = Extractor(nlp)
    documents = _documents(9)
    one = [(d.id, [q.to_dict() for q in found]) for d, found in extractor.extract_many(documents)]
    two = [(d.id, [q.to_dict() for q in found]) for d, found in extractor.extract_many(documents, n_process=2)]
    assert two == one
    assert [doc_id for doc_id, _ in two] == [d.id for d in documents]


def test_small_chunks_keep_the_order_too(nlp: Language) -> None:
    documents = _documents(7)
    got = extract_parallel(Extractor(nlp), documents, n_process=2, chunk_documents=1)
    assert [d.id for d, _ in got] == [d.id for d in documents]


def test_a_failing_document_goes_to_on_error_and_the_rest_goes_on(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    real = quotes.pipeline.quotes_from_parsed

    def fragile(document, *args, **kwargs):  # type: ignore[no-untyped-def]
        if document.id == "doc-2":
            raise RuntimeError("the parser mangled it")
        return real(document, *args, **kwargs)

    monkeypatch.setattr(quotes.pipeline, "quotes_from_parsed", fragile)  # the workers fork with it
    failed: list[tuple[str, str]] = []
    got = list(Extractor(nlp).extract_many(_documents(5), n_process=2, on_error=lambda d, e: failed.append((d.id, str(e)))))
    assert [d.id for d, _ in got] == ["doc-0", "doc-1", "doc-3", "doc-4"]
    assert failed == [("doc-2", "the parser mangled it")]


def test_without_on_error_the_failure_is_raised(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("broken")

    monkeypatch.setattr(quotes.pipeline, "quotes_from_parsed", broken)
    with pytest.raises(RuntimeError, match="broken"):
        list(Extractor(nlp).extract_many(_documents(2), n_process=2))
