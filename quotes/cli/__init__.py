"""The ``quotes`` command: thin commands over the library functions, one module a command.

Each command module has ``add_parser(sub)``, which adds the command and its options and sets
its ``run(args) -> int``. Messages for the user go to standard error, each starting
"quotes: "; data to standard output or the file named with ``-o``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from importlib import metadata

from quotes import __version__
from quotes.cli import calibrate, evaluate, extract, render, report, rules, speakers
from quotes.cli.common import Parser, say

MAIN_EXAMPLE = """examples:
  quotes extract seeds/ -o out/seeds.jsonl     # one JSON object a quote
  quotes render seeds/ -o out/seeds.html       # the articles with their quotes highlighted
  quotes speakers out/seeds.jsonl              # who is quoted, how often
  quotes report out/seeds.jsonl -o report.html # who gets quoted, by gender, kind, outlet and day
  quotes eval fixtures/seeds_gold.jsonl --baseline textacy

Run `quotes COMMAND --help` for the options of a command."""

def _version() -> str:
    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        spacy_version = "not installed"
    return f"quotes {__version__} (spaCy {spacy_version}, Python {sys.version.split()[0]})"


def build_parser() -> argparse.ArgumentParser:
    """The ``quotes`` parser with every command."""
    parser = Parser(
        prog="quotes", description="Find quotes in news text, who said them and through which cue.",
        epilog=MAIN_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in (extract, render, speakers, report, evaluate, calibrate, rules):
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``quotes`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="quotes: %(message)s")
    from quotes.loader import ModelNotFoundError

    try:
        return int(args.run(args))
    except ModelNotFoundError as exc:
        say(str(exc))
        return 2
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
