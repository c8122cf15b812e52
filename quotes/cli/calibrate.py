"""``quotes calibrate``: every rule's confidence measured on gold annotation, written where the registry reads it."""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

from quotes.cli.common import MODEL_HELP, load, open_output, say

CALIBRATE_EXAMPLE = """example:
  quotes calibrate ../shared/eval/polnear_train.jsonl
  quotes calibrate gold.jsonl -o my_calibration.json

Calibrate on training articles only; measure on others (quotes eval)."""


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the command and its options to the ``quotes`` parser."""
    cal = sub.add_parser(
        "calibrate", help="measure every rule's confidence on gold annotation",
        description="Extract the quotes of GOLD, match them to its annotation, and write each rule's\n"
        "share of right speakers (pooled with its family's and pattern's where it is rare)\n"
        "as the calibration the rule registry reads.",
        epilog=CALIBRATE_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cal.add_argument("gold", metavar="GOLD.jsonl", help="gold file: one {id, text, quotes} document a line")
    cal.add_argument("-o", "--output", metavar="CALIBRATION.json",
                     help="where to write (default: the calibration the package ships, quotes/data/calibration.json)")
    cal.add_argument("--aliases", metavar="SPEAKERS.json", help="canonical name -> variants, for speaker names")
    cal.add_argument("--model", help=MODEL_HELP)
    cal.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    cal.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Calibrate on ``args.gold`` and write the result."""
    from quotes.attribute.registry import Registry
    from quotes.evaluate.calibrate import calibration, dumps, tally
    from quotes.evaluate.gold import load_aliases, load_gold
    from quotes.pipeline import Extractor

    try:
        gold = load_gold(args.gold)
        aliases = load_aliases(args.aliases) if args.aliases else None
    except (OSError, ValueError) as exc:
        say(f"cannot read {args.gold if 'gold' not in locals() else args.aliases}: {exc}")
        return 2
    extractor = Extractor(load(args.model), rules=Registry.uncalibrated())
    counts = tally(gold, extractor.extract, aliases=aliases)
    data = calibration(counts, gold=f"{Path(args.gold).name} ({len(gold)} documents)")
    target = Path(args.output) if args.output else Path(str(resources.files("quotes").joinpath("data", "calibration.json")))
    with open_output(str(target)) as out:
        out.write(dumps(data))
    if not args.quiet:
        matched = sum(counts.matched.values())
        measured = sum(1 for rule in data["rules"].values() if rule["measured_on"])
        say(f"calibrated {len(data['rules'])} rules ({measured} seen) on {matched} matched quotes of "
            f"{len(gold)} documents; wrote {target}")
    return 0
