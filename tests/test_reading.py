"""Tests for quotes.read: every input kind, id rules, the date header, and bad input."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.read import Problem, ReadStats, header_date, read_documents
from quotes.types import Document

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GOLD = REPO / "fixtures" / "seeds_gold.jsonl"


def read(inputs: list[str], **kwargs: Any) -> tuple[list[Document], list[Problem]]:
    """Read ``inputs``, returning the documents and the problems reported."""
    problems: list[Problem] = []
    documents = list(read_documents(inputs, on_problem=problems.append, **kwargs))
    return documents, problems


def write_jsonl(path: Path, records: list[Any]) -> Path:
    """Write one JSON value a line."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# -- input kinds and ids ------------------------------------------------------------------


def test_reading_text_file_uses_path_as_given_for_id(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("He said “yes.”\n", encoding="utf-8")
    documents, problems = read([str(path)])
    assert problems == []
    assert [(d.id, d.text, d.source, d.line, dict(d.meta)) for d in documents] == [
        (str(path), "He said “yes.”\n", str(path), None, {})
    ]


def test_reading_text_file_given_relative_keeps_relative_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    documents, _ = read(["./a.txt"])
    assert documents[0].id == "./a.txt"


def test_reading_other_suffix_given_directly_is_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_text("Some text.", encoding="utf-8")
    documents, problems = read([str(path)])
    assert problems == [] and documents[0].text == "Some text."


def test_reading_folder_is_recursive_sorted_and_only_txt(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / "z.txt").write_text("z", encoding="utf-8")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text("c", encoding="utf-8")
    (tmp_path / "b" / "deep" / "d.TXT").write_text("d", encoding="utf-8")
    (tmp_path / "b" / "notes.md").write_text("not read", encoding="utf-8")
    (tmp_path / "b" / "data.jsonl").write_text('{"text": "not read"}\n', encoding="utf-8")
    documents, problems = read([str(tmp_path)])
    assert [(Path(p.source).name, p.kind) for p in problems] == [("data.jsonl", "ignored"), ("notes.md", "ignored")]
    assert "name it directly" in problems[0].message and "name it directly" not in problems[1].message
    assert [d.id for d in documents] == ["a.txt", "b/c.txt", "b/deep/d.TXT", "z.txt"]
    assert [d.text for d in documents] == ["a", "c", "d", "z"]
    assert documents[1].source == os.path.join(str(tmp_path), "b", "c.txt")


def test_reading_jsonl_ids_and_metadata(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "docs.jsonl",
        [
            {"id": "doc-1", "text": "one", "date": "2019-03-21", "title": "T", "url": "http://x", "n": 3, "ok": True},
            {"id": 42, "text": "two", "score": 0.5, "missing": None},
            {"text": "three"},
            {
                "id": "gold",
                "text": "four",
                "quotes": [{"text": "x"}],
                "discard_spans": [[0, 1]],
                "annotator": "ef2d",
                "annotators_available": ["ef2d"],
                "tags": ["a"],
                "extra": {"nested": 1},
                "publisher": "reuters",
            },
        ],
    )
    documents, problems = read([str(path)])
    assert problems == []
    assert [d.id for d in documents] == ["doc-1", "42", f"{path}:3", "gold"]
    assert [d.line for d in documents] == [1, 2, 3, 4]
    assert dict(documents[0].meta) == {"date": "2019-03-21", "title": "T", "url": "http://x", "n": 3, "ok": True}
    assert dict(documents[1].meta) == {"score": 0.5, "missing": None}
    assert dict(documents[2].meta) == {}
    assert dict(documents[3].meta) == {"publisher": "reuters"}
    assert all(d.source == str(path) for d in documents)


def test_reading_jsonl_skips_blank_lines_and_counts_lines_physically(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('\n{"text": "a"}\n   \n\n{"text": "b"}', encoding="utf-8")
    documents, problems = read([str(path)])
    assert problems == []
    assert [(d.id, d.line) for d in documents] == [(f"{path}:2", 2), (f"{path}:5", 5)]


def test_reading_jsonl_text_keeps_unicode_line_separators(tmp_path: Path) -> None:
    text = "para one\u2028still one\x85 and “quotes”\r\n"
    path = write_jsonl(tmp_path / "docs.jsonl", [{"id": "x", "text": text}])
    documents, problems = read([str(path)])
    assert problems == [] and documents[0].text == text


def test_reading_stdin_plain_text_is_one_document() -> None:
    documents, problems = read(["-"], stdin=io.StringIO("  He said “no.”\r\n"))
    assert problems == []
    assert [(d.id, d.text, d.source) for d in documents] == [("<stdin>", "  He said “no.”\r\n", "<stdin>")]


def test_reading_stdin_starting_with_brace_is_jsonl() -> None:
    stdin = io.StringIO('\n  {"id": "a", "text": "one"}\n{"text": "two"}\n')
    documents, problems = read(["-"], stdin=stdin)
    assert problems == []
    assert [(d.id, d.text, d.line) for d in documents] == [("a", "one", 2), ("<stdin>:3", "two", 3)]


def test_reading_stdin_binary_buffer_is_decoded_strictly() -> None:
    stdin = io.TextIOWrapper(io.BytesIO("\ufeffCafé\r\n".encode("utf-8")), encoding="utf-8")
    documents, problems = read(["-"], stdin=stdin)
    assert problems == [] and documents[0].text == "Café\r\n"


def test_reading_stdin_invalid_utf8_reports_byte_offset() -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"abc\xffdef"), encoding="utf-8")
    documents, problems = read(["-"], stdin=stdin)
    assert documents == []
    assert len(problems) == 1 and problems[0].source == "<stdin>" and "byte offset 3" in problems[0].message


def test_reading_stdin_given_twice_is_reported_once() -> None:
    documents, problems = read(["-", "-"], stdin=io.StringIO("text"))
    assert [d.text for d in documents] == ["text"]
    assert len(problems) == 1 and "more than once" in problems[0].message


def test_reading_inputs_in_order_across_kinds(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("1", encoding="utf-8")
    write_jsonl(tmp_path / "two.jsonl", [{"id": "2", "text": "2"}])
    documents, problems = read([str(tmp_path / "two.jsonl"), "-", str(tmp_path / "one.txt")], stdin=io.StringIO("s"))
    assert problems == [] and [d.text for d in documents] == ["2", "s", "1"]


# -- text as read, header ----------------------------------------------------------------


def test_reading_seed_header_sets_date_and_keeps_text() -> None:
    path = SEEDS / "000_edca51f5aae81e57.txt"
    documents, problems = read([str(path)])
    assert problems == []
    (document,) = documents
    assert document.meta["date"] == "2019-03-21"
    assert document.text == path.read_bytes().decode("utf-8")
    assert document.text.startswith(" date 2019-03-21 CARACAS (Reuters)")


def test_reading_seed_folder_matches_gold_texts() -> None:
    documents, problems = read([str(SEEDS)])
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert problems == []
    assert [(d.id, d.text) for d in documents] == [(g["id"], g["text"]) for g in gold]
    assert [d.meta.get("date") for d in documents] == ["2019-03-21", "2019-03-21", None]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (" date 2019-03-21 CARACAS (Reuters) - ...", "2019-03-21"),
        ("date 2019-03-21\nFirst sentence.", "2019-03-21"),
        ("\tdate  2019-03-21", "2019-03-21"),
        ("date 2019-03-21\r\nText", "2019-03-21"),
        ("Text\n date 2019-03-21", None),
        ("dated 2019-03-21 text", None),
        ("date 2019-03-211 text", None),
        ("date 2019-13-45 text", None),
        ("update 2019-03-21", None),
        ("\n date 2019-03-21 text", None),
    ],
)
def test_header_date_only_at_the_very_start(text: str, date: str | None) -> None:
    assert header_date(text) == date


def test_reading_jsonl_date_wins_over_header(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "d.jsonl",
        [
            {"id": "a", "text": " date 2019-03-21 Text", "date": "2020-01-01"},
            {"id": "b", "text": " date 2019-03-21 Text"},
        ],
    )
    documents, _ = read([str(path)])
    assert [d.meta["date"] for d in documents] == ["2020-01-01", "2019-03-21"]
    assert all(d.text == " date 2019-03-21 Text" for d in documents)


def test_reading_preserves_crlf_and_lone_cr(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"First line.\r\n\r\n\"Quote,\" he said.\rLast.\n")
    documents, problems = read([str(path)])
    assert problems == []
    assert documents[0].text == 'First line.\r\n\r\n"Quote," he said.\rLast.\n'


def test_reading_jsonl_with_crlf_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(b'{"id": "a", "text": "x\\r\\ny"}\r\n{"id": "b", "text": "z"}\r\n')
    documents, problems = read([str(path)])
    assert problems == [] and [d.text for d in documents] == ["x\r\ny", "z"]


def test_reading_strips_utf8_bom_only(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfHello \xef\xbb\xbf world")
    (tmp_path / "bom.jsonl").write_bytes(b'\xef\xbb\xbf{"id": "j", "text": "J"}\n')
    documents, problems = read([str(tmp_path / "bom.txt"), str(tmp_path / "bom.jsonl")])
    assert problems == []
    assert [d.text for d in documents] == ["Hello \ufeff world", "J"]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1).filter(lambda t: t.strip() and "\x00" not in t and not t.startswith("\ufeff")))
def test_reading_text_file_round_trips_any_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "any.txt"
    path.write_bytes(text.encode("utf-8"))
    documents, problems = read([str(path)])
    assert problems == [] and documents[0].text == text


# -- bad input: one problem each, the rest still read ------------------------------------

BadCase = Callable[[Path], tuple[str, int | None, str]]


def _missing(tmp: Path) -> tuple[str, int | None, str]:
    return str(tmp / "nope.txt"), None, "no such file"


def _empty_folder(tmp: Path) -> tuple[str, int | None, str]:
    folder = tmp / "empty"
    folder.mkdir()
    (folder / "readme.md").write_text("no txt here", encoding="utf-8")
    return str(folder), None, "no .txt files"


def _empty_file(tmp: Path) -> tuple[str, int | None, str]:
    path = tmp / "empty.txt"
    path.write_text(" \n\t\r\n", encoding="utf-8")
    return str(path), None, "empty document, skipped"


def _binary(tmp: Path) -> tuple[str, int | None, str]:
    path = tmp / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return str(path), None, "NUL byte at byte offset 8"


def _utf16(tmp: Path) -> tuple[str, int | None, str]:
    path = tmp / "utf16.txt"
    path.write_bytes("He said hello".encode("utf-16"))
    return str(path), None, "UTF-16"


def _latin1(tmp: Path) -> tuple[str, int | None, str]:
    path = tmp / "latin1.txt"
    path.write_bytes("Caf\u00e9 au lait".encode("latin-1"))
    return str(path), None, "byte offset 3"


def _too_long(tmp: Path) -> tuple[str, int | None, str]:
    path = tmp / "long.txt"
    path.write_text("x" * 101, encoding="utf-8")
    return str(path), None, "document has 101 characters, more than --max-chars 100; skipped; raise --max-chars"


def _jsonl_line(content: str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / "bad.jsonl"
        lines = ['{"id": "ok1", "text": "fine"}', content, '{"id": "ok2", "text": "fine too"}']
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return make


def _jsonl_case(content: str, expected: str) -> BadCase:
    def case(tmp: Path) -> tuple[str, int | None, str]:
        return str(_jsonl_line(content)(tmp)), 2, expected

    return case


def _jsonl_invalid_utf8(tmp: Path) -> tuple[str, int | None, str]:
    path = tmp / "bad.jsonl"
    first = b'{"id": "ok1", "text": "fine"}\n'
    path.write_bytes(first + b'{"text": "caf\xe9"}\n{"id": "ok2", "text": "fine too"}\n')
    return str(path), 2, f"byte offset {len(first) + 13}"


def _jsonl_too_long(tmp: Path) -> tuple[str, int | None, str]:
    return str(_jsonl_line(json.dumps({"text": "y" * 150}))(tmp)), 2, "document has 150 characters"


BAD_CASES: dict[str, BadCase] = {
    "missing path": _missing,
    "folder without txt": _empty_folder,
    "whitespace-only document": _empty_file,
    "binary file": _binary,
    "utf-16 file": _utf16,
    "invalid utf-8": _latin1,
    "too long": _too_long,
    "jsonl invalid json": _jsonl_case('{"text": "unterminated', "invalid JSON at column"),
    "jsonl not an object": _jsonl_case('["text", "x"]', "expected a JSON object"),
    "jsonl missing text": _jsonl_case('{"id": "x", "body": "x"}', 'no "text" key'),
    "jsonl text not a string": _jsonl_case('{"id": "x", "text": 5}', '"text" must be a string'),
    "jsonl id not scalar": _jsonl_case('{"id": ["x"], "text": "x"}', '"id" must be a string or a number'),
    "jsonl empty text": _jsonl_case('{"id": "x", "text": "  "}', "empty document, skipped"),
    "jsonl invalid utf-8": _jsonl_invalid_utf8,
    "jsonl too long": _jsonl_too_long,
}


@pytest.mark.parametrize("make_bad", list(BAD_CASES.values()), ids=list(BAD_CASES))
def test_reading_bad_input_reports_one_problem_and_goes_on(tmp_path: Path, make_bad: BadCase) -> None:
    before = tmp_path / "a_before.txt"
    after = tmp_path / "z_after.txt"
    before.write_text("Before.", encoding="utf-8")
    after.write_text("After.", encoding="utf-8")
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    source, line, expected = make_bad(bad_dir)

    documents, reported = read([str(before), source, str(after)], max_chars=100)

    problems = [p for p in reported if p.kind == "skipped"]  # an ignored file of a folder is no fault
    assert len(problems) == 1, [str(p) for p in problems]
    (problem,) = problems
    assert problem.source == source
    assert problem.line == line
    assert expected in problem.message
    texts = [d.text for d in documents]
    assert texts[0] == "Before." and texts[-1] == "After."
    if source.endswith(".jsonl"):
        assert [d.id for d in documents[1:-1]] == ["ok1", "ok2"]
    else:
        assert len(documents) == 2


def test_reading_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("secret", encoding="utf-8")
    (tmp_path / "open.txt").write_text("open", encoding="utf-8")
    real_open = os.open

    def refusing_open(path: str, flags: int, *args: Any) -> int:  # as the system does without root
        if os.fspath(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing_open)
    documents, problems = read([str(tmp_path)])
    assert [d.id for d in documents] == ["open.txt"]
    assert len(problems) == 1
    assert problems[0].source == str(locked) and "permission denied" in problems[0].message


def test_reading_binary_jsonl_is_one_problem_for_the_file(tmp_path: Path) -> None:
    path = tmp_path / "blob.jsonl"
    path.write_bytes(b"\x00\x01\x02\n\x00\x00\n\x00\n")
    documents, problems = read([str(path)])
    assert documents == []
    assert len(problems) == 1 and "NUL byte" in problems[0].message and "whole file" in problems[0].message


def test_reading_empty_jsonl_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    documents, problems = read([str(path)])
    assert documents == [] and len(problems) == 1 and "no records" in problems[0].message


def test_reading_invalid_utf8_does_not_replace_characters(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"ok \xe2\x80 broken")
    documents, problems = read([str(path)])
    assert documents == []
    assert "byte offset 3" in problems[0].message and "e2 80" in problems[0].message


def test_reading_max_chars_counts_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_text("é" * 100, encoding="utf-8")
    documents, problems = read([str(path)], max_chars=100)
    assert problems == [] and len(documents[0].text) == 100


# -- API ----------------------------------------------------------------------------------


def test_problem_str_names_file_and_line() -> None:
    assert str(Problem("a.jsonl", 3, "invalid JSON")) == "a.jsonl:3: invalid JSON"
    assert str(Problem("a.txt", None, "empty document, skipped")) == "a.txt: empty document, skipped"


def test_read_documents_is_lazy(tmp_path: Path) -> None:
    problems: list[Problem] = []
    documents = read_documents([str(tmp_path / "missing.txt")], on_problem=problems.append)
    assert problems == []
    assert list(documents) == [] and len(problems) == 1


@pytest.mark.parametrize("max_chars", [0, -5])
def test_read_documents_rejects_bad_max_chars(max_chars: int) -> None:
    with pytest.raises(ValueError, match="max_chars"):
        read_documents(["-"], on_problem=lambda p: None, max_chars=max_chars)


def test_read_documents_rejects_a_single_path_string() -> None:
    with pytest.raises(TypeError, match="sequence of paths"):
        read_documents("seeds", on_problem=lambda p: None)  # type: ignore[arg-type]


def test_read_stats_counts_documents_and_problems(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A", encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    reported: list[Problem] = []
    stats = ReadStats(report=reported.append)
    documents = list(stats.counted(read_documents([str(tmp_path), str(tmp_path / "x")], on_problem=stats)))
    assert stats.documents == len(documents) == 1
    assert len(stats.problems) == 2 and stats.problems == reported
