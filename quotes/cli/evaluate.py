"""``quotes eval``: extraction scored against gold annotation."""

from __future__ import annotations

import argparse
from pathlib import Path

from quotes.cli.common import MODEL_HELP, load, say

EVAL_EXAMPLE = """example:
  quotes eval fixtures/seeds_gold.jsonl --baseline textacy
  quotes eval gold.jsonl --errors --aliases speakers.json"""

def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the command and its options to the ``quotes`` parser."""
    ev = sub.add_parser(
        "eval", help="score extraction against gold annotation", epilog=EVAL_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("gold", metavar="GOLD.jsonl", help="gold file: one {id, text, quotes} document a line")
    ev.add_argument("--baseline", choices=["textacy"], action="append", default=[], help="also score this system")
    ev.add_argument("--errors", action="store_true", help="list misses, extras and wrong speakers")
    ev.add_argument("--aliases", metavar="SPEAKERS.json", help="canonical name -> variants (default: GOLD's *_speakers.json beside it)")
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
    from quotes.evaluate.score import evaluate
    from quotes.pipeline import Extractor

    try:
        gold = load_gold(args.gold)
    except (OSError, ValueError) as exc:
        say(f"cannot read gold file: {exc}")
        return 2
    aliases_path = args.aliases or _default_aliases(args.gold)
    aliases = load_aliases(aliases_path) if aliases_path else None
    if aliases_path and not args.aliases and not args.quiet:
        say(f"using speaker aliases from {aliases_path}")
    nlp = load(args.model)
    reports = [evaluate(gold, Extractor(nlp, full_parse=args.full_parse).extract, system="quotes", aliases=aliases)]
    for name in args.baseline:
        from quotes.evaluate.baseline import textacy_predictor

        reports.append(evaluate(gold, textacy_predictor(nlp), system=name, aliases=aliases))
    print(format_reports(reports, errors=args.errors))
    return 0


