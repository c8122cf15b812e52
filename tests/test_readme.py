"""The README's examples run as printed: every ``console`` block, and every ``python`` block that shows its output.

Blocks are found wherever they are in the README, so a section added later is tested too. A
``console`` block's ``$`` lines run in order in one scratch folder holding copies of ``seeds/``
and ``fixtures/`` (``.venv/bin/quotes`` is this interpreter's ``quotes``); what each prints,
standard output then standard error, must be the lines that follow it. A ``python`` block whose
last lines are ``# ...`` comments after the code runs in one namespace, and prints those lines.
A block right after ``<!-- readme: not run (REASON) -->`` is left out (one that needs a cluster).
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
_FENCE = re.compile(r"(?P<skip><!-- readme: not run[^>]*-->\s*)?^```(?P<kind>\w*)\n(?P<body>.*?)^```", re.M | re.S)


@dataclass(frozen=True)
class Block:
    """One fenced block of the README."""

    kind: str
    body: str
    line: int

    @property
    def name(self) -> str:
        return f"{self.kind}-line-{self.line}"


def _blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    found = []
    for match in _FENCE.finditer(text):
        if match["skip"]:
            continue
        line = text.count("\n", 0, match.start("body"))
        found.append(Block(match["kind"], match["body"], line))
    return found


def _console_blocks() -> list[Block]:
    return [b for b in _blocks() if b.kind == "console"]


def _python_blocks() -> list[Block]:
    """Python blocks that end with the output they print, as ``# `` comments."""
    shown = []
    for block in _blocks():
        lines = block.body.rstrip("\n").splitlines()
        if block.kind == "python" and lines and lines[-1].startswith("# ") and not all(
            line.startswith("#") for line in lines
        ):
            shown.append(block)
    return shown


def _steps(body: str) -> list[tuple[str, list[str]]]:
    """The commands of a console block with the lines each prints."""
    steps: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    return steps


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    for name in ("seeds", "fixtures"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def test_the_readme_has_examples_to_run() -> None:
    assert len(_console_blocks()) >= 2 and len(_python_blocks()) >= 2


@pytest.mark.parametrize("block", _console_blocks(), ids=lambda b: b.name)
def test_console_examples_print_what_the_readme_shows(block: Block, scratch: Path) -> None:
    quotes = f"{shlex.quote(sys.executable)} -m quotes"
    for command, expected in _steps(block.body):
        run = command.replace(".venv/bin/quotes", quotes)
        done = subprocess.run(["bash", "-c", f"set -o pipefail; {run}"], cwd=scratch, capture_output=True,
                              text=True, timeout=300)
        printed = (done.stdout + done.stderr).splitlines()
        assert printed == expected, f"README line {block.line}: {command} (exit status {done.returncode})"


@pytest.mark.parametrize("block", _python_blocks(), ids=lambda b: b.name)
def test_python_examples_print_what_the_readme_shows(block: Block) -> None:
    lines = block.body.rstrip("\n").splitlines()
    code_lines = len(lines)
    while code_lines and lines[code_lines - 1].startswith("# "):
        code_lines -= 1
    expected = [line[2:] for line in lines[code_lines:]]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile("\n".join(lines[:code_lines]), f"README.md:{block.line}", "exec"), {})  # noqa: S102
    assert printed.getvalue().splitlines() == expected
