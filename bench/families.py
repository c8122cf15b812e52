"""How the cost of extraction grows with the document: pathological families at 10 k, 100 k and 1 M characters.

Run ``python -m bench.families`` (``make bench`` runs it after the throughput table). Each
family is one document built to stress one loop, at three sizes; each run is ``quotes
extract`` in a process of its own with a time limit, so a slow family cannot hang the bench,
and peak memory is that run's. The exponent ``b`` of ``time = a * size ** b`` is fitted on
the sizes that finished (1.0 is linear, 2.0 quadratic); the targets are ``b`` at most 1.1 and
no family above 60 s or 1 GB at 1 M characters.

Families:

* ``cueless``: one paragraph per quote without a cue (``“a”`` then a line break);
* ``punctuation``: punctuation, quote marks, spaces and line breaks only, at random;
* ``cues``: ``“x,” he said.`` over and over in one paragraph;
* ``stray``: a stray opening mark early in one huge paragraph of plain sentences.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 100_000, 1_000_000)
#: Seconds a run may take before it is stopped and counted as too slow.
TIME_LIMIT = 180.0
#: The heading of this part of ``bench/results.md``.
SECTION = "## Growth with the document"
#: Targets of the bench: exponent, seconds and megabytes at 1 M characters.
TARGET_EXPONENT = 1.1
TARGET_SECONDS = 60.0
TARGET_MB = 1024.0


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def cueless(size: int) -> str:
    """One paragraph per cue-less quote."""
    return _repeat("“a”\n", size)


def punctuation(size: int) -> str:
    """Punctuation, quote marks, spaces and line breaks, drawn at random (the same every run)."""
    draw = random.Random(7)
    return "".join(draw.choice(".,;:!?-()“”‘’\"' \n") for _ in range(size))


def cues(size: int) -> str:
    """Many quotes with their cues in one paragraph."""
    return _repeat("“x,” he said. ", size)


def stray(size: int) -> str:
    """A stray opening mark early in one huge paragraph."""
    return ("It began “ with a stray mark. " + _repeat("The council met on Tuesday and the mayor spoke. ", size))[:size]


FAMILIES: dict[str, Callable[[int], str]] = {"cueless": cueless, "punctuation": punctuation, "cues": cues, "stray": stray}


@dataclass(frozen=True)
class Run:
    """One family at one size: seconds of processing (model load excluded) and peak RSS in MB."""

    family: str
    size: int
    seconds: float | None  # None: stopped at the time limit
    peak_mb: float | None


def _child(family: str, size: int) -> None:
    """Extract one generated document in this process and print the measure as JSON."""
    import logging

    logging.disable(logging.WARNING)  # the scanner's notes on odd marks are the point, not the output
    # what `quotes extract` imports as it runs, imported before the clock starts
    import quotes.crossdoc.run
    import quotes.export.jsonl
    import quotes.pipeline
    import quotes.read  # noqa: F401
    from quotes import cli
    from quotes.cli import common

    nlp = common.load(None)
    common.load = lambda model: nlp  # the model is loaded before the clock starts, too
    with tempfile.TemporaryDirectory(prefix="quotes-family-") as tmp:
        source = Path(tmp) / f"{family}.txt"
        source.write_text(FAMILIES[family](size), encoding="utf-8")
        start = time.perf_counter()
        status = cli.main(["extract", str(source), "-o", str(Path(tmp) / "out.jsonl"), "-q", "--max-chars", str(size)])
        total = time.perf_counter() - start
    if status not in (0, 1):
        raise SystemExit(f"quotes extract failed with status {status}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": total, "peak_mb": peak}))


def measure(family: str, size: int, *, time_limit: float = TIME_LIMIT) -> Run:
    """Run one family at one size in a fresh process, stopped at ``time_limit`` seconds."""
    command = [sys.executable, "-m", "bench.families", "--child", family, "--size", str(size)]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=time_limit, check=False)
    except subprocess.TimeoutExpired:
        return Run(family, size, None, None)
    if done.returncode != 0:
        raise SystemExit(f"family {family} at {size:,} characters failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return Run(family, size, result["seconds"], result["peak_mb"])


def exponent(runs: Sequence[Run]) -> float | None:
    """The least-squares slope of log(seconds) over log(size), on the runs that finished."""
    points = [(math.log(r.size), math.log(max(r.seconds, 1e-3))) for r in runs if r.seconds is not None]
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x, _ in points)


def table(results: dict[str, list[Run]], *, time_limit: float = TIME_LIMIT) -> list[str]:
    """The markdown table of every family: time and peak memory at each size, the fitted exponent."""
    head = " | ".join(f"{size // 1000:,} k chars" for size in SIZES)
    lines = [f"| family | {head} | exponent | last step | meets the targets |", "|---|" + "---:|" * (len(SIZES) + 3)]
    for family, runs in results.items():
        cells = [f"{r.seconds:.1f} s, {r.peak_mb:.0f} MB" if r.seconds is not None else f"> {time_limit:.0f} s"
                 for r in runs]
        b = exponent(runs)
        finished = [r for r in runs if r.seconds is not None]
        step = (math.log(finished[-1].seconds / finished[-2].seconds) / math.log(finished[-1].size / finished[-2].size)
                if len(finished) >= 2 and finished[-2].seconds else None)
        last = runs[-1]
        meets = (b is not None and b <= TARGET_EXPONENT and last.seconds is not None and last.seconds <= TARGET_SECONDS
                 and last.peak_mb is not None and last.peak_mb <= TARGET_MB)
        lines.append(f"| {family} | {' | '.join(cells)} | {_number(b)} | {_number(step)} | {'yes' if meets else 'no'} |")
    return lines


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def run_all(families: Sequence[str], *, time_limit: float = TIME_LIMIT) -> dict[str, list[Run]]:
    """Measure every family at every size, printing as it goes; a size past the limit ends its family."""
    results: dict[str, list[Run]] = {}
    for family in families:
        runs: list[Run] = []
        for size in SIZES:
            if runs and runs[-1].seconds is None:
                runs.append(Run(family, size, None, None))  # a larger size would be slower still
                continue
            run = measure(family, size, time_limit=time_limit)
            shown = f"{run.seconds:.1f} s, peak {run.peak_mb:.0f} MB" if run.seconds is not None else "stopped at the limit"
            print(f"  {family} at {size:,} characters: {shown}", flush=True)
            runs.append(run)
        results[family] = runs
    return results


def section(results: dict[str, list[Run]], *, time_limit: float = TIME_LIMIT) -> str:
    """The part of ``bench/results.md`` on growth with the document."""
    return "\n".join([
        SECTION,
        "",
        "`python -m bench.families`: one generated document per family and size, each `quotes extract` in a",
        f"process of its own stopped after {time_limit:.0f} s. Seconds of processing (model load excluded),",
        "peak RSS; the exponent is fitted on the sizes that finished, the last step is the one from the",
        f"two largest. Targets: exponent at most {TARGET_EXPONENT}, at 1 M characters at most",
        f"{TARGET_SECONDS:.0f} s and {TARGET_MB:.0f} MB.",
        "",
        *table(results, time_limit=time_limit),
        "",
        "Families: `cueless`, one paragraph per cue-less quote (`“a”` then a line break); `punctuation`,",
        "punctuation, quote marks, spaces and line breaks at random; `cues`, `“x,” he said.` repeated in",
        "one paragraph; `stray`, a stray opening mark early in one paragraph of plain sentences.",
        "",
    ])


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the families, print the table and, with ``--output``, write it into a results file."""
    parser = argparse.ArgumentParser(prog="python -m bench.families", description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", default=",".join(FAMILIES), help="comma-separated families (default: all)")
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT, help="seconds a run may take (default: %(default)s)")
    parser.add_argument("--child", choices=list(FAMILIES), help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.size)
        return 0
    results = run_all(args.families.split(","), time_limit=args.time_limit)
    print()
    print(section(results, time_limit=args.time_limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
