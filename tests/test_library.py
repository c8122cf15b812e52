"""The library: silent unless logging is configured, clear errors for what it cannot take, one bad document costs itself."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import quotes
from quotes.loader import resolve_model_name
from quotes.pipeline import Extractor
from quotes.types import Document

ROOT = Path(__file__).resolve().parent.parent


@Language.component("quotes_test_fragile")
def _fragile(doc: Doc) -> Doc:
    """A pipeline component that fails on one text, as a model can fail on a document it cannot take."""
    if "BOOM" in doc.text:
        raise ValueError("this component cannot take BOOM")
    return doc


def test_the_library_writes_nothing_on_stderr_by_itself() -> None:
    code = "import quotes\nprint(len(quotes.extract('“This never closes, she said.\\n\\nMore.')))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and done.stdout.strip().isdigit()


def test_the_library_warns_where_its_user_configures_logging() -> None:
    code = ("import logging, quotes\nlogging.basicConfig(level=logging.WARNING)\n"
            "quotes.extract('“This never closes, she said.', doc_id='a')")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "a: unclosed “ at line 1, column 1" in done.stderr


def test_extractor_extract_refuses_a_plain_string_clearly(nlp: Language) -> None:
    with pytest.raises(TypeError, match=r"expected a quotes.Document, got str; .*quotes.extract\(text\)"):
        Extractor(nlp).extract("“We will win,” Senator Ann Cole said.")  # type: ignore[arg-type]


def test_an_unpaired_surrogate_is_a_value_error_naming_where_it_is(nlp: Language) -> None:
    with pytest.raises(ValueError, match=r"unpaired surrogate \\ud800 at character 5"):
        quotes.extract("Text \ud800 here.", nlp=nlp)


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_document_the_text_layer_refuses_costs_only_itself(nlp: Language, n_process: int) -> None:
    documents = [Document("a", "“We will win,” Ann Cole said."), Document("b", "“Bad \ud800,” he said."),
                 Document("c", "“We will lose,” Bo Lee said.")]
    failed: list[str] = []
    done = list(Extractor(nlp).extract_many(documents, n_process=n_process, on_error=lambda d, e: failed.append(d.id)))
    assert [(d.id, [q.speaker.name for q in found]) for d, found in done] == [("a", ["Ann Cole"]), ("c", ["Bo Lee"])]
    assert failed == ["b"]


def test_a_document_the_model_fails_on_costs_only_itself_not_its_group() -> None:
    fragile = spacy.load(resolve_model_name())
    fragile.add_pipe("quotes_test_fragile", last=True)
    documents = [Document(str(i), f"“We will win {i},” Ann Cole said." if i != 3 else "“BOOM,” Bo Lee said.")
                 for i in range(6)]
    failed: list[tuple[str, str]] = []
    done = list(Extractor(fragile).extract_many(documents, on_error=lambda d, e: failed.append((d.id, str(e)))))
    assert [d.id for d, _ in done] == ["0", "1", "2", "4", "5"] and all(len(found) == 1 for _, found in done)
    assert failed == [("3", "this component cannot take BOOM")]


@Language.component("quotes_test_fatal")
def _fatal(doc: Doc) -> Doc:
    """A pipeline component that kills its process on one text, as a crash in native code would."""
    if "FATAL" in doc.text:
        os.kill(os.getpid(), signal.SIGKILL)
    return doc


def test_a_worker_that_dies_ends_the_run_with_a_message_and_the_output_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from quotes.cli import common, main

    fatal = spacy.load(resolve_model_name())
    fatal.add_pipe("quotes_test_fatal", last=True)
    monkeypatch.setattr(common, "load", lambda model: fatal)  # the workers fork with this pipeline
    source = tmp_path / "articles.jsonl"
    texts = [f"“We will win {i},” Ann Cole said." for i in range(40)] + ["“FATAL,” Bo Lee said."]
    source.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("an earlier run's output\n", encoding="utf-8")
    assert main(["extract", str(source), "-o", str(out), "--n-process", "2", "-q"]) == 1
    err = capsys.readouterr().err
    assert "a worker process died (quotes-worker-" in err and "exit code -9" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "an earlier run's output\n"
