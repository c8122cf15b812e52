"""Offsets point into the text as `open(path, encoding="utf-8-sig", newline="").read()` gives it (README, "Command line")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotes.cli import main

ARTICLE = [
    "“We will not back down,” Mayor Ida Holm said on Tuesday.",
    "She said the city would “fight to the end”.",
    "“It is a disgrace,” council member Bo Lee told reporters. “We will appeal.”",
]
VARIANTS = {
    "bom.txt": ("\ufeff", "\n"),
    "crlf.txt": ("", "\r\n"),
    "cr.txt": ("", "\r"),
    "bom_crlf.txt": ("\ufeff", "\r\n\r\n"),
}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    folder = tmp_path_factory.mktemp("offsets")
    for name, (bom, end) in VARIANTS.items():
        (folder / name).write_bytes((bom + end.join(ARTICLE) + end).encode("utf-8"))
    out = folder.parent / f"{folder.name}.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "-q"]) == 0
    return folder, [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_offset_holds_in_the_text_read_as_documented(name: str, extracted: tuple[Path, list[dict]]) -> None:
    folder, records = extracted
    text = open(folder / name, encoding="utf-8-sig", newline="").read()
    mine = [r for r in records if r["doc_id"] == name]
    assert len(mine) >= 4
    for record in mine:
        assert text[record["start"] : record["end"]] == record["text"]
        speaker, cue = record["speaker"], record["cue"]
        assert text[speaker["start"] : speaker["end"]] == speaker["mention"]
        assert cue is None or text[cue["start"] : cue["end"]] == cue["text"]


def test_every_line_end_gives_the_same_quotes(extracted: tuple[Path, list[dict]]) -> None:
    _, records = extracted
    found = {name: [(r["text"], r["speaker"]["name"], r["type"]) for r in records if r["doc_id"] == name] for name in VARIANTS}
    assert all(quotes == found["bom.txt"] for quotes in found.values())


def test_reading_without_newline_off_would_shift_offsets(extracted: tuple[Path, list[dict]]) -> None:
    folder, records = extracted
    last = [r for r in records if r["doc_id"] == "crlf.txt"][-1]
    translated = (folder / "crlf.txt").read_text(encoding="utf-8")  # \r\n read as \n: the README's warning
    assert translated[last["start"] : last["end"]] != last["text"]
