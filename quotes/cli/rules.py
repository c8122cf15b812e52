"""``quotes rules``: the rule registry, as a table, JSON, or the README's table of families and patterns."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence

from quotes.cli.common import open_output, say

RULES_EXAMPLE = """examples:
  quotes rules                        # every rule: name, confidence, quotes measured on, description, example
  quotes rules --family cue_governs   # the rules of one family
  quotes rules --json > rules.json    # a JSON list of rule objects"""


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the command and its options to the ``quotes`` parser."""
    rules = sub.add_parser(
        "rules", help="list the rules an attribution can carry, with their confidences",
        description="List every rule name the engine can put in a record's `rule`, with its calibrated\n"
        "confidence, the training quotes it was measured on, what it does and an example.",
        epilog=RULES_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rules.add_argument("--json", action="store_true", help="write a JSON list of rule objects")
    rules.add_argument("--family", metavar="FAMILY", help="only the rules of this family (e.g. cue_governs)")
    rules.add_argument("--markdown", action="store_true",
                       help="write the table of families, speaker patterns and one-part rules the README shows")
    rules.add_argument("-o", "--output", metavar="OUT", help="where to write (default: standard output)")
    rules.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the registry."""
    from quotes.attribute.registry import registry
    from quotes.attribute.summary import markdown_table

    rules = [rule for rule in registry().values() if args.family in (None, rule.family)]
    if not rules:
        say(f"no family named {args.family!r}; `quotes rules` lists every rule with its family")
        return 2
    with open_output(args.output) as out:
        if args.markdown:
            out.write(markdown_table())
        elif args.json:
            out.write(json.dumps([rule.to_dict() for rule in rules], ensure_ascii=False, indent=1) + "\n")
        else:
            out.write(_table([[r.name, f"{r.confidence:.2f}", str(r.measured_on), r.description,
                                r.example + (f" (speaker: {r.speaker_example})" if r.speaker_example else "")] for r in rules]))
    return 0


def _table(rows: Sequence[Sequence[str]]) -> str:
    """Rows as aligned columns, the last ones (description, example) on lines of their own."""
    header = ["rule", "confidence", "measured on"]
    width = max(len(header[0]), *(len(r[0]) for r in rows))
    lines = [f"{header[0]:<{width}}  {header[1]:>10}  {header[2]:>11}"]
    for name, confidence, measured, description, example in rows:
        lines.append(f"{name:<{width}}  {confidence:>10}  {measured:>11}")
        lines.append(f"    {description}")
        lines.append(f"    e.g. {example}")
    return "\n".join(lines) + "\n"
