"""Outputs are never damaged: replaced only when complete, locked while written, journaled for --resume.

Signals are sent to real `quotes` processes. A run reads its articles from a pipe, so it can be
stopped at a known point: once it has journaled the first 64 documents (one group) it waits for
more input, and the signal reaches it there. Every process started here is ended by its PID.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from quotes.cli import main
from quotes.export.files import locked, replaced_when_done
from quotes.export.journal import Journal, JournalMismatch

ROOT = Path(__file__).resolve().parent.parent
#: Articles of one paragraph each, from the seed articles: more than one group of 64.
PARAGRAPHS = [line for path in sorted((ROOT / "seeds").glob("*.txt"))
              for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
ARTICLES = [json.dumps({"id": f"p{i:02d}", "text": text}) + "\n" for i, text in enumerate(PARAGRAPHS * 2)]
FIRST_GROUP = 64


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes a test starts; each is killed by its PID at the end, with any worker it left."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        for child in _children(process.pid):
            with _gone():
                os.kill(child, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


class _gone:
    """Ignore that a process is already gone."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: object, tb: object) -> bool:
        return kind is ProcessLookupError


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


def _start_and_wait_for_journal(
    tmp_path: Path, processes: list[subprocess.Popen[str]], *extra: str, documents: int = FIRST_GROUP
) -> subprocess.Popen[str]:
    """Start `quotes extract -` on a pipe, feed it the first group, and wait until ``documents`` are journaled."""
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "quotes", "extract", "-", "-o", str(out), "--speakers", str(tmp_path / "speakers.jsonl"),
         *extra], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    processes.append(process)
    assert process.stdin is not None
    process.stdin.write("".join(ARTICLES[: FIRST_GROUP + 1]))  # one more: the group is closed by the next one
    process.stdin.flush()
    journal = tmp_path / "out.jsonl.journal"
    deadline = time.monotonic() + 120
    while len(_lines(journal)) < 1 + documents:
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the first group was never journaled"
        time.sleep(0.1)
    return process


def _finish(tmp_path: Path, *extra: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """Run the same command in this process on all the articles; returns its status."""
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(ARTICLES), encoding="utf-8")
    capsys.readouterr()
    with source.open(encoding="utf-8") as stdin:
        monkeypatch.setattr(sys, "stdin", stdin)
        return main(["extract", "-", "-o", str(tmp_path / "out.jsonl"), "--speakers", str(tmp_path / "speakers.jsonl"),
                     "-q", *extra])


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], list[str]]:
    """The quotes and the speaker index of the articles in one uninterrupted run."""
    folder = tmp_path_factory.mktemp("whole")
    source = folder / "articles.jsonl"
    source.write_text("".join(ARTICLES), encoding="utf-8")
    assert main(["extract", str(source), "-o", str(folder / "out.jsonl"), "--speakers", str(folder / "s.jsonl"), "-q"]) == 0
    return set(_lines(folder / "out.jsonl")), _lines(folder / "s.jsonl")


def test_sigterm_keeps_the_old_output_and_the_journal_and_resume_does_only_the_rest(
    tmp_path: Path, processes: list[subprocess.Popen[str]], uninterrupted: tuple[set[str], list[str]],
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "out.jsonl").write_text("an earlier run's output\n", encoding="utf-8")
    process = _start_and_wait_for_journal(tmp_path, processes)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143
    assert "stopped by SIGTERM" in err and "left as they were" in err and "64 finished documents kept" in err
    assert "Traceback" not in err
    assert _lines(tmp_path / "out.jsonl") == ["an earlier run's output"]
    assert not (tmp_path / "speakers.jsonl").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []

    assert _finish(tmp_path, capsys=capsys, monkeypatch=monkeypatch) == 2  # without --resume: reported, not reused
    assert "holds 64 documents finished by an interrupted run" in capsys.readouterr().err
    assert _finish(tmp_path, "--resume", capsys=capsys, monkeypatch=monkeypatch) == 0
    quotes, speakers = uninterrupted
    assert set(_lines(tmp_path / "out.jsonl")) == quotes
    assert _lines(tmp_path / "speakers.jsonl") == speakers
    assert not (tmp_path / "out.jsonl.journal").exists()


def test_sigkill_with_workers_leaves_no_process_and_the_run_resumes(
    tmp_path: Path, processes: list[subprocess.Popen[str]], uninterrupted: tuple[set[str], list[str]],
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "out.jsonl").write_text("an earlier run's output\n", encoding="utf-8")
    # workers get chunks of 16 documents; the first comes back while the next chunk waits for input
    process = _start_and_wait_for_journal(tmp_path, processes, "--n-process", "2", documents=16)
    workers = _children(process.pid)
    assert len(workers) == 2
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    assert _lines(tmp_path / "out.jsonl") == ["an earlier run's output"]
    assert len(_lines(tmp_path / "out.jsonl.journal")) >= 1 + 16

    assert _finish(tmp_path, "--resume", capsys=capsys, monkeypatch=monkeypatch) == 0  # the lock died with the run
    quotes, speakers = uninterrupted
    assert set(_lines(tmp_path / "out.jsonl")) == quotes and _lines(tmp_path / "speakers.jsonl") == speakers


def test_sigint_ends_with_130_and_says_what_was_kept(tmp_path: Path, processes: list[subprocess.Popen[str]]) -> None:
    process = _start_and_wait_for_journal(tmp_path, processes)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "stopped by SIGINT" in err and "--resume" in err and "Traceback" not in err


def test_a_second_run_on_a_locked_output_is_refused(tmp_path: Path, processes: list[subprocess.Popen[str]]) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("the first run's output\n", encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom quotes.export.files import locked\n"
         "with locked([sys.argv[1]]):\n    print('held', flush=True)\n    time.sleep(600)\n", str(out)],
        stdout=subprocess.PIPE, text=True,
    )
    processes.append(holder)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    second = subprocess.run([sys.executable, "-m", "quotes", "extract", "seeds/", "-o", str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert second.returncode == 2
    assert "is being written by another quotes run" in second.stderr and "write elsewhere" in second.stderr
    assert _lines(out) == ["the first run's output"]


@pytest.mark.parametrize("command", ["extract", "render"])
def test_a_run_that_reads_nothing_leaves_the_output_as_it_was(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.write_text("48 lines of an earlier run\n", encoding="utf-8")
    assert main([command, "seed/", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "seed/: no such file or folder" in err and f"nothing written; {out} left as it was" in err
    assert _lines(out) == ["48 lines of an earlier run"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


def test_an_output_is_replaced_only_when_complete(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    with pytest.raises(RuntimeError, match="mid-write"), replaced_when_done(str(out)) as stream:
        stream.write("new, cut short\n")
        raise RuntimeError("mid-write")
    assert out.read_text(encoding="utf-8") == "old\n" and [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    link = tmp_path / "link.jsonl"
    link.symlink_to(out)
    with replaced_when_done(str(link)) as stream:
        stream.write("new\n")
    assert link.is_symlink() and out.read_text(encoding="utf-8") == "new\n" and out.stat().st_mode & 0o777 == 0o640
    with replaced_when_done(os.devnull) as stream:  # a device is written, never replaced
        stream.write("nothing\n")
    assert Path(os.devnull).is_char_device()


def test_an_output_that_is_also_an_input_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "article.txt"
    article.write_text("“We will win,” Senator Ann Cole said.", encoding="utf-8")
    assert main(["extract", str(article), "-o", str(article)]) == 2
    assert "is also an input" in capsys.readouterr().err
    assert article.read_text(encoding="utf-8").startswith("“We will win,”")


def test_a_journal_drops_a_line_cut_short_and_refuses_another_run(tmp_path: Path) -> None:
    path = str(tmp_path / "out.jsonl.journal")
    header = {"command": "extract", "inputs": ["a.jsonl"], "options": {"min_confidence": 0.0}}
    journal = Journal.create(path, header)
    journal.add("a", [{"text": "Yes"}])
    journal.add("b", [])
    journal.close()
    with open(path, "ab") as stream:
        stream.write(b'{"document": "c", "quo')  # killed mid-line
    resumed = Journal.resume(path, header, compared=("inputs", "options"))
    assert resumed.resumed == 2 and resumed.records("a") == [{"text": "Yes"}]
    resumed.add("c", [])
    assert [doc_id for doc_id, _ in resumed.documents()] == ["a", "b", "c"]
    resumed.close()
    other = {**header, "options": {"min_confidence": 0.5}}
    with pytest.raises(JournalMismatch, match="options.min_confidence was 0.0, now 0.5"):
        Journal.resume(path, other, compared=("inputs", "options"))


def test_locks_are_released_when_the_block_ends(tmp_path: Path) -> None:
    out = str(tmp_path / "out.jsonl")
    with locked([out]):
        pass
    with locked([out]):  # not held any more
        pass


def test_an_output_that_cannot_be_written_is_refused_before_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "seeds/", "-o", str(tmp_path)]) == 2
    assert f"{tmp_path} is a folder: give the name of a file to write" in capsys.readouterr().err
    assert main(["extract", "seeds/", "-o", "/proc/no-such-process/out.jsonl"]) == 2
    assert "cannot write beside /proc/no-such-process" in capsys.readouterr().err


def test_render_resumes_from_its_journal_and_draws_the_same_page(
    tmp_path: Path, nlp: Language, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from quotes.cli.outputs import journal_header
    from quotes.pipeline import Extractor
    from quotes.read import read_documents

    whole, resumed = tmp_path / "whole.html", tmp_path / "resumed.html"
    assert main(["render", "seeds/", "-o", str(whole), "-q"]) == 0
    # the journal of a render stopped after its first document
    first = next(iter(read_documents(["seeds/"], on_problem=lambda problem: None)))
    args = argparse.Namespace(command="render", inputs=["seeds/"], model=None, min_confidence=0.0, max_chars=1_000_000,
                              acts=None, unattributed=False)
    journal = Journal.create(str(resumed) + ".journal", journal_header(args))
    journal.add(first.id, [quote.to_dict() for quote in Extractor(nlp).extract(first)])
    journal.close()
    assert main(["render", "seeds/", "-o", str(resumed), "--resume"]) == 0
    assert "1 document finished before, taken from the journal" in capsys.readouterr().err
    assert resumed.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")
