"""``quotes eval``: extraction scored against gold annotation."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quotes.cli.common import MODEL_HELP, load, say
from quotes.evaluate.scopes import SCOPES

if TYPE_CHECKING:
    from quotes.types import Quote

EVAL_EXAMPLE = """example:
  quotes eval fixtures/seeds_gold.jsonl --baseline textacy
  quotes eval gold.jsonl --errors --error-scope speech --aliases speakers.json
  quotes eval gold.jsonl --json --write-predictions out/   # then: python score.py gold.jsonl out/quotes.jsonl"""


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the command and its options to the ``quotes`` parser."""
    ev = sub.add_parser(
        "eval", help="score extraction against gold annotation", epilog=EVAL_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("gold", metavar="GOLD.jsonl", help="gold file: one {id, text, quotes} document a line")
    ev.add_argument("--baseline", choices=["textacy"], action="append", default=[], help="also score this system")
    ev.add_argument("--errors", action="store_true", help="list misses, extras and wrong speakers")
    ev.add_argument("--error-scope", choices=SCOPES, default="quoted",
                    help="the scope whose errors --errors lists (default: quoted)")
    ev.add_argument("--aliases", metavar="SPEAKERS.json", help="canonical name -> variants (default: GOLD's *_speakers.json beside it)")
    ev.add_argument("--json", action="store_true", help="print one JSON object of figures a system instead of the table")
    ev.add_argument("--write-predictions", metavar="DIR",
                    help="also write each system's quotes to DIR/SYSTEM.jsonl, as `quotes extract` writes them")
    ev.add_argument("--model", help=MODEL_HELP)
    ev.add_argument("--full-parse", action="store_true", help="parse every paragraph (to compare with the default)")
    ev.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    ev.set_defaults(run=run)


def _default_aliases(gold: str) -> str | None:
    path = Path(gold)
    stem = path.stem[: -len("_gold")] if path.stem.endswith("_gold") else path.stem
    candidate = path.with_name(f"{stem}_speakers.json")
    return str(candidate) if candidate.exists() else None


def run(args: argparse.Namespace) -> int:
    from quotes.evaluate.gold import load_aliases, load_gold
    from quotes.evaluate.report import format_reports
    from quotes.evaluate.score import predict_gold, score_predictions
    from quotes.pipeline import Extractor

    try:
        gold = load_gold(args.gold)
    except (OSError, ValueError) as exc:
        say(f"cannot read gold file: {exc}")
        return 2
    aliases_path = args.aliases or _default_aliases(args.gold)
    try:
        aliases = load_aliases(aliases_path) if aliases_path else None
    except (OSError, ValueError) as exc:
        say(f"cannot read speaker aliases: {exc}")
        return 2
    if aliases_path and not args.aliases and not args.quiet:
        say(f"using speaker aliases from {aliases_path}")
    nlp = load(args.model)
    # quotes are scored with run-wide speaker names, as `quotes extract` writes them
    systems = [("quotes", Extractor(nlp, full_parse=args.full_parse).extract, True)]
    for name in args.baseline:
        from quotes.evaluate.baseline import textacy_predictor

        systems.append((name, textacy_predictor(nlp), False))
    reports = []
    for name, predict, resolve in systems:
        predictions, refused = predict_gold(gold, predict, system=name, resolve=resolve)
        if args.write_predictions and not _write(Path(args.write_predictions) / f"{name}.jsonl", predictions, args.quiet):
            return 1
        reports.append(score_predictions(gold, predictions, system=name, refused=refused, aliases=aliases))
    if args.json:
        for report in reports:
            print(json.dumps(report.to_dict()))
    else:
        print(format_reports(reports, errors=args.errors, error_scope=args.error_scope))
    return 0


def _write(path: Path, predictions: Sequence[Sequence[Quote]], quiet: bool) -> bool:
    """Write a system's quotes as JSON Lines, replacing the file only when complete."""
    from quotes.export.jsonl import write_quotes

    partial = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("w", encoding="utf-8") as out:
            count = write_quotes((q for quotes in predictions for q in quotes), out)
        partial.replace(path)
    except OSError as exc:
        say(f"cannot write predictions to {path}: {exc}")
        return False
    if not quiet:
        say(f"wrote {count} quotes to {path}")
    return True
