"""Inputs that would hang, exhaust memory or be misread: refused from what they are, each at its own cost."""

from __future__ import annotations

import io
import json
import os
import signal
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quotes.read import Problem, read_documents
from quotes.types import Document


def read(inputs: list[str], **kwargs: Any) -> tuple[list[Document], list[Problem]]:
    problems: list[Problem] = []
    documents = list(read_documents(inputs, on_problem=problems.append, **kwargs))
    return documents, problems


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail a test that blocks (a read of a pipe nobody writes to) instead of hanging the suite."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("reading blocked for 10 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_named_pipe_in_a_folder_is_reported_not_waited_on(tmp_path: Path, deadline: None) -> None:
    (tmp_path / "a.txt").write_text("An article.", encoding="utf-8")
    os.mkfifo(tmp_path / "x.txt")
    documents, problems = read([str(tmp_path)])
    assert [d.id for d in documents] == ["a.txt"]
    assert [(Path(p.source).name, p.kind) for p in problems] == [("x.txt", "skipped")]
    assert "named pipe" in problems[0].message and "standard input" in problems[0].message


def test_a_link_to_a_device_in_a_folder_is_reported_not_read(tmp_path: Path, deadline: None) -> None:
    (tmp_path / "x.txt").symlink_to("/dev/zero")
    (tmp_path / "y.txt").write_text("An article.", encoding="utf-8")
    documents, problems = read([str(tmp_path)])
    assert [d.id for d in documents] == ["y.txt"]
    assert len(problems) == 1 and "is a device, not a regular file" in problems[0].message


def test_a_file_too_large_for_max_chars_is_refused_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fp:
        fp.truncate(20_000_000)  # sparse: 20 MB that take no disk
    tracemalloc.start()
    try:
        documents, problems = read([str(big)], max_chars=1000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert documents == [] and "20,000,000 bytes" in problems[0].message and "without reading" in problems[0].message
    assert peak < 1_000_000


def test_an_overlong_jsonl_line_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    with path.open("w", encoding="utf-8") as fp:
        fp.write(json.dumps({"id": "huge", "text": "x" * 20_000_000}) + "\n")
        fp.write(json.dumps({"id": "after", "text": "Still read."}) + "\n")
    tracemalloc.start()
    try:
        documents, problems = read([str(path)], max_chars=1000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d.id for d in documents] == ["after"]
    assert problems[0].line == 1 and "raise --max-chars" in problems[0].message
    assert peak < 5_000_000


def test_standard_input_too_long_is_refused_after_a_bounded_read() -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"word " * 10_000), encoding="utf-8")
    documents, problems = read(["-"], stdin=stdin, max_chars=1000)
    assert documents == [] and problems[0].source == "<stdin>" and "--max-chars 1,000" in problems[0].message


def test_standard_input_jsonl_is_streamed_line_by_line() -> None:
    lines = "".join(json.dumps({"id": str(i), "text": f"Article {i}."}) + "\n" for i in range(3))
    documents, problems = read(["-"], stdin=io.TextIOWrapper(io.BytesIO(("\n" + lines).encode()), encoding="utf-8"))
    assert problems == [] and [(d.id, d.line) for d in documents] == [("0", 2), ("1", 3), ("2", 4)]


@pytest.mark.parametrize("key", ["text", "id", "title"])
def test_an_unpaired_surrogate_costs_its_line_only(tmp_path: Path, key: str) -> None:
    path = tmp_path / "docs.jsonl"
    bad = {"id": "bad", "text": "Some text.", "title": "T"}
    bad[key] = "x \ud800 y"
    path.write_text(json.dumps({"id": "a", "text": "Fine."}) + "\n" + json.dumps(bad) + "\n"
                    + json.dumps({"id": "b", "text": "Fine too."}) + "\n", encoding="utf-8")
    documents, problems = read([str(path)])
    assert [d.id for d in documents] == ["a", "b"]
    assert problems[0].line == 2 and f"{key!r} holds an unpaired surrogate \\ud800 at character 2" in problems[0].message


def _quote_record() -> dict[str, Any]:
    return {"doc_id": "a.txt", "index": 0, "text": "Yes,", "start": 1, "end": 5, "type": "direct",
            "speaker": None, "cue": None, "confidence": 0.9, "rule": "cue_governs"}


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (_quote_record(), "holds quote records written by `quotes extract`"),
        ({"id": "ann-cole", "name": "Ann Cole", "kind": "person", "titles": [], "aliases": ["Ann Cole"],
          "documents": ["a"], "quotes": 1, "statements": []}, "is a speaker index"),
        ({"quotes_journal": 1, "command": "extract"}, "--resume"),
    ],
    ids=["quotes", "speaker index", "journal"],
)
def test_the_tools_own_jsonl_output_is_refused_as_a_whole(tmp_path: Path, record: dict[str, Any], expected: str) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text((json.dumps(record) + "\n") * 48, encoding="utf-8")
    documents, problems = read([str(path)])
    assert documents == [] and len(problems) == 1
    assert expected in problems[0].message and "nothing read from it" in problems[0].message


def test_the_rendered_page_is_refused(tmp_path: Path) -> None:
    from quotes.export.render import render_html

    page = tmp_path / "seeds.html"
    page.write_text(render_html([(Document("a", "Text."), [])]), encoding="utf-8")
    documents, problems = read([str(page)])
    assert documents == [] and "HTML page written by quotes render" in problems[0].message


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00", "is a PDF file, not text: extract its text"),
        ("letter.docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "pandoc"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "old Word"),
        ("news.txt.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "zcat FILE | quotes extract -"),
        ("bare.txt", "No byte order mark".encode("utf-16-le"), "looks like text in UTF-16"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not text"),
    ],
)
def test_a_document_that_is_not_text_is_named_for_what_it_is(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    documents, problems = read([str(path)])
    assert documents == [] and expected in problems[0].message
    if expected != "looks like text in UTF-16":
        assert "iconv" not in problems[0].message


def test_duplicate_ids_are_reported_and_kept_apart(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": f"Text {n}."}) + "\n" for n, i in enumerate("aab")), encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("An article.", encoding="utf-8")
    documents, problems = read([str(path), str(article), str(article)])
    assert [d.id for d in documents] == ["a", "a#2", "b", str(article), f"{article}#2"]
    assert [(p.line, p.kind) for p in problems] == [(2, "renamed"), (None, "renamed")]
    assert f"{path}:1" in problems[0].message and "'a#2'" in problems[0].message
