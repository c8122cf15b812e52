"""What the command says: counts in the right number, what was passed over, JSON errors cut to sense."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotes.cli import main
from quotes.read import Problem, read_documents


def test_one_of_each_is_said_in_the_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("“We will win,” Senator Ann Cole said.", encoding="utf-8")
    assert main(["extract", str(article), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert "read 1 document, wrote 1 quote (1 direct, 0 partial, 0 indirect) by 1 speaker from 1 document" in (
        capsys.readouterr().err
    )
    assert main(["speakers", str(tmp_path / "out.jsonl")]) == 0
    assert "quotes: 1 speaker with 1 quote; skipped 0" in capsys.readouterr().err


def test_the_summary_counts_files_passed_over_and_ids_renamed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("“We will win,” Senator Ann Cole said.", encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    lines = tmp_path / "more.jsonl"
    lines.write_text("".join(json.dumps({"id": "x", "text": f"“Take {n},” Bo Lee said."}) + "\n" for n in (1, 2)),
                     encoding="utf-8")
    assert main(["extract", str(folder), str(lines), "-o", str(tmp_path / "out.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "id 'x' is already the id of the document at" in err and "read as 'x#2'" in err
    assert err.rstrip().endswith(f"; 1 duplicate id renamed; ignored 1 file in folders that is not .txt "
                                 f"({folder / 'notes.md'}); skipped 0")
    assert "notes.md: not a .txt" not in err  # counted once in the summary, not a line each


def test_a_raw_tab_in_a_json_line_is_explained_whole(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text('{"id": "a", "text": "tab\there"}\n{"id": "b"\n', encoding="utf-8")
    problems: list[Problem] = []
    assert list(read_documents([str(path)], on_problem=problems.append)) == []
    assert problems[0].message == ("invalid JSON at column 25: invalid control character (a raw tab or line break "
                                   "inside a string: write it as \\t or \\n); line skipped")
    assert problems[1].message.startswith("invalid JSON at column 11: expecting ',' delimiter")
