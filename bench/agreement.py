"""Check that ``quotes eval`` agrees with the reference scorer on every figure they share.

Run ``python -m bench.agreement`` (``make agreement``). On a gold file (default: PolNeAR
dev, ``../shared/eval/polnear_dev.jsonl`` beside the repository) it

1. runs ``quotes extract`` on the gold file, as a user would;
2. runs ``quotes eval --baseline textacy --json --write-predictions DIR``, which scores both
   systems and writes the quotes it scored;
3. runs the reference scorer (``../shared/eval/score.py``) on each of those outputs, for
   every scope (``quoted``, ``speech``, ``all``), with overlap and with ``--exact`` matching;
4. compares: counts must be equal, ratios within ``--tolerance`` (default 0.001), and the
   ``quotes extract`` output must score as ``quotes eval`` scored it.

It prints the figures of both tools side by side, writes them to ``bench/agreement.md`` and
exits with status 1 when anything disagrees. Only figures are written, never gold text.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "eval" / "polnear_dev.jsonl"
SCORER = SHARED / "eval" / "score.py"
RESULTS = ROOT / "bench" / "agreement.md"

SCOPES = ("quoted", "speech", "all")

#: Figure of ``quotes eval --json`` -> the reference scorer's name for it.
FIGURES: dict[str, str] = {
    "gold": "gold",
    "predicted": "pred",
    "matched": "matched",
    "quote_p": "quote_p",
    "quote_r": "quote_r",
    "quote_f1": "quote_f1",
    "speaker_acc": "speaker_acc_on_matched",
    "e2e_p": "e2e_p",
    "e2e_r": "e2e_r",
    "e2e_f1": "e2e_f1",
}
COUNTS = ("gold", "predicted", "matched")


def reference(scorer: Path, gold: Path, predicted: Path, scope: str, *, exact: bool, aliases: Path | None) -> dict[str, Any]:
    """Run the reference scorer once and return its figures.

    Args:
        scorer: Path of ``score.py``.
        gold: The gold file.
        predicted: Quotes as ``quotes extract`` writes them.
        scope: ``quoted``, ``speech`` or ``all``.
        exact: Match content spans exactly (``--exact``).
        aliases: Speaker aliases file, if any.

    Returns:
        The scorer's JSON object.

    Raises:
        SystemExit: The scorer failed.
    """
    command = [sys.executable, str(scorer), str(gold), str(predicted), "--types", scope]
    command += ["--exact"] if exact else []
    command += ["--aliases", str(aliases)] if aliases else []
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the reference scorer failed ({' '.join(command)}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def ours(report: Mapping[str, Any], scope: str, *, exact: bool) -> dict[str, Any]:
    """Return the figures of one scope of a ``quotes eval --json`` report, under the reference scorer's names."""
    figures = report[scope]["exact"] if exact else report[scope]
    return {theirs: figures[mine] for mine, theirs in FIGURES.items()}


def disagreements(mine: Mapping[str, Any], theirs: Mapping[str, Any], tolerance: float) -> list[str]:
    """Name the figures on which the two tools disagree (counts exactly, ratios within ``tolerance``)."""
    out = []
    for name in FIGURES.values():
        a, b = mine[name], theirs[name]
        if (name in COUNTS and a != b) or abs(a - b) > tolerance:
            out.append(f"{name}: quotes eval {a}, score.py {b}")
    return out


def _run(command: Sequence[str]) -> str:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {done.returncode}:\n{done.stderr[-2000:]}")
    return done.stdout


def _shown(path: Path) -> str:
    """A path as the repository sees it (``../shared/...``)."""
    return os.path.relpath(path, ROOT) if path.is_absolute() else str(path)


def _table(rows: list[tuple[str, str, str, dict[str, Any]]]) -> list[str]:
    header = "| system | scope | matching | tool | " + " | ".join(FIGURES.values()) + " |"
    lines = [header, "|" + "---|" * 4 + "---:|" * len(FIGURES)]
    for system, scope, mode, figures in rows:
        tool = figures.pop("tool")
        cells = [str(figures[n]) if n in ("gold", "pred", "matched") else f"{figures[n]:.4f}" for n in FIGURES.values()]
        lines.append(f"| {system} | {scope} | {mode} | {tool} | " + " | ".join(cells) + " |")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Score with both tools, print and write the comparison; 1 when they disagree."""
    parser = argparse.ArgumentParser(prog="python -m bench.agreement", description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help=f"gold file (default: {GOLD})")
    parser.add_argument("--scorer", type=Path, default=SCORER, help=f"the reference scorer (default: {SCORER})")
    parser.add_argument("--aliases", type=Path, help="speaker aliases for both tools (the seeds: fixtures/seeds_speakers.json)")
    parser.add_argument("--tolerance", type=float, default=0.001, help="largest difference allowed in a ratio")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"where to write the table (default: {RESULTS})")
    args = parser.parse_args(argv)
    for path in (args.gold, args.scorer):
        if not path.exists():
            print(f"agreement: {path} not found; give --gold and --scorer", file=sys.stderr)
            return 2
    aliases = ["--aliases", str(args.aliases)] if args.aliases else []
    rows: list[tuple[str, str, str, dict[str, Any]]] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="quotes-agreement-") as tmp:
        extracted = Path(tmp) / "extract.jsonl"
        _run([sys.executable, "-m", "quotes", "extract", str(args.gold), "-o", str(extracted), "-q"])
        evaluated = _run([sys.executable, "-m", "quotes", "eval", str(args.gold), "--baseline", "textacy", "--json",
                          "-q", "--write-predictions", tmp, *aliases])
        reports = [json.loads(line) for line in evaluated.splitlines() if line.strip()]
        for report in reports:
            system = report["system"]
            files = [(system, Path(tmp) / f"{system}.jsonl")]
            files += [("quotes extract", extracted)] if system == "quotes" else []
            for scope in SCOPES:
                for exact in (False, True):
                    mine = ours(report, scope, exact=exact)
                    mode = "exact" if exact else "overlap"
                    rows.append((system, scope, mode, {"tool": "quotes eval", **mine}))
                    for label, path in files:
                        theirs = reference(args.scorer, args.gold, path, scope, exact=exact, aliases=args.aliases)
                        tool = "score.py" + (" on `quotes extract`" if label == "quotes extract" else "")
                        rows.append((system, scope, mode, {"tool": tool, **{n: theirs[n] for n in FIGURES.values()}}))
                        problems += [f"{system} {scope} {mode} ({label}): {p}" for p in disagreements(mine, theirs, args.tolerance)]
    verdict = "agree on every figure" if not problems else f"disagree on {len(problems)} figures"
    lines = [
        "# Agreement with the reference scorer",
        "",
        f"`make agreement` ({_dt.date.today().isoformat()}) on `{_shown(args.gold)}` with `{_shown(args.scorer)}`"
        + (f" and aliases `{_shown(args.aliases)}`" if args.aliases else "")
        + f": the two tools {verdict} (counts exactly, ratios within {args.tolerance}).",
        "",
        *_table(rows),
        "",
        *(f"- {p}" for p in problems),
    ]
    text = "\n".join(lines).rstrip() + "\n"
    print(text)
    args.output.write_text(text, encoding="utf-8")
    print(f"written to {args.output}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
