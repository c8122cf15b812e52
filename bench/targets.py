"""The speed and memory targets of ``make bench``: each one's median over the rounds, its spread, met or not.

Also measures the start-up: one article from the command line, a fresh process each round,
split into what importing spaCy, loading the model and the rest cost.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Heading of the targets section in bench/results.md.
SECTION = "## Targets"


@dataclass(frozen=True)
class Target:
    """One target: what is measured, the bound, and whether the bound is a floor or a ceiling."""

    name: str
    unit: str
    bound: float
    at_least: bool
    strict: bool = False

    @property
    def sign(self) -> str:
        """How a value must compare with the bound."""
        return (">" if self.at_least else "<") + ("" if self.strict else "=")

    def met(self, value: float) -> bool:
        """Whether ``value`` meets the target."""
        if self.strict:
            return value > self.bound if self.at_least else value < self.bound
        return value >= self.bound if self.at_least else value <= self.bound


TARGETS: dict[str, Target] = {
    "c/b": Target("words/s of `quotes extract` over the textacy baseline, one process", "x", 3.0, True),
    "d/c": Target("words/s of `--n-process 2` over one process", "x", 1.8, True),
    "rss": Target("peak memory of `quotes extract`, one process, 150 articles", "MB", 350, False),
    "rss600": Target("peak memory of `quotes extract`, one process, 600 articles", "MB", 350, False),
    "growth": Target("peak memory over 600 articles against 100", "%", 10, False),
    "startup": Target("one article from the command line, whole process", "s", 1.5, False, strict=True),
}


def _timed(command: Sequence[str]) -> float:
    """Wall-clock seconds of one command in a fresh process (which must succeed)."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def startup(article: str, repeat: int) -> dict[str, list[float]]:
    """Time one article from the command line, ``repeat`` rounds, and the parts of its start.

    Returns:
        Seconds per round of ``quotes extract`` on the article (``command``), of a Python
        that only imports spaCy (``import``), and of one that also loads the model (``load``).
    """
    python = sys.executable
    rounds: dict[str, list[float]] = {"command": [], "import": [], "load": []}
    with tempfile.TemporaryDirectory(prefix="quotes-start-") as tmp:
        path = Path(tmp) / "article.txt"
        path.write_text(article, encoding="utf-8")
        for _ in range(repeat):
            rounds["command"].append(_timed([python, "-m", "quotes", "extract", str(path), "-o", str(Path(tmp) / "out.jsonl"), "-q"]))
            rounds["import"].append(_timed([python, "-c", "import spacy"]))
            rounds["load"].append(_timed([python, "-c", "from quotes.loader import load_model; load_model()"]))
    return rounds


def _row(key: str, values: Sequence[float], fmt: Callable[[float], str]) -> str:
    """One Markdown row: the target, its median, the spread of the rounds, met or not."""
    target = TARGETS[key]
    median = statistics.median(values)
    spread = f"{fmt(min(values))} to {fmt(max(values))}" if len(values) > 1 else "one run"
    rounds = ", ".join(fmt(v) for v in values)
    return (f"| {target.name} | {target.sign} {fmt(target.bound)} {target.unit} | **{fmt(median)}** | {spread} ({rounds}) "
            f"| {'yes' if target.met(median) else 'no'} |")


def section(measured: dict[str, list[float]], start: dict[str, list[float]]) -> str:
    """The targets section: one row per target measured, then what the start-up is made of."""
    formats = {"c/b": "{:.2f}", "d/c": "{:.2f}", "rss": "{:.0f}", "rss600": "{:.0f}", "growth": "{:.1f}", "startup": "{:.2f}"}
    lines = [
        SECTION,
        "",
        "Each target as the median of the rounds of this run, with the spread of the rounds (ratios are",
        "taken round by round, each round running the variants one after the other).",
        "",
        "| target | aim | median | spread (rounds) | met |",
        "|---|---:|---:|---|---|",
    ]
    for key, values in measured.items():
        if values:
            lines.append(_row(key, values, formats[key].format))
    if start.get("command"):
        command, imports, load = (statistics.median(start[k]) for k in ("command", "import", "load"))
        lines += [
            "",
            f"Start-up, medians: Python importing spaCy alone {imports:.2f} s; with the model loaded "
            f"{load:.2f} s; `quotes extract` on one article (importing, loading, extracting, writing) "
            f"{command:.2f} s.",
        ]
    return "\n".join(lines) + "\n"
