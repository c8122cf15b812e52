"""``quotes render``: the articles with their quotes highlighted, as one HTML page."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from quotes.cli.common import Batch, add_extraction_options, bad_extraction_options, plural, say
from quotes.cli.outputs import Outputs

if TYPE_CHECKING:
    from quotes.types import Document, Quote

RENDER_EXAMPLE = """example:
  quotes render seeds/ -o out/seeds.html
  quotes render articles.jsonl -o page.html --title "Week 12"

The page is self-contained (no network): open it in any browser."""

def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the command and its options to the ``quotes`` parser."""
    ren = sub.add_parser(
        "render", help="write an HTML page of the articles with their quotes highlighted",
        description="Extract the quotes of INPUT and show them in one self-contained HTML page:\n"
        "quotes highlighted by speaker, speaker and cue marked, the speaker's name on hover,\n"
        "and a side list of speakers with their quote counts.",
        epilog=RENDER_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ren.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt files, folders of them, .jsonl files, or - for stdin")
    ren.add_argument("-o", "--output", metavar="PAGE.html", help="where to write the page (default: standard output)")
    ren.add_argument("--title", default="Quotes", help="page title (default: %(default)s)")
    add_extraction_options(ren)

    ren.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quotes.crossdoc.run import resolve_quotes
    from quotes.export.render import render_html

    if bad_extraction_options(args):
        return 2
    with Outputs(args, [args.output]) as outputs:
        batch = Batch(args, journal=outputs.journal)
        items = list(batch.extract(args.inputs))
        outputs.check_read(batch.stats.documents, batch.skipped)
        resolved, _ = resolve_quotes(items)
        final: list[tuple[Document, list[Quote]]] = []
        at = 0
        for document, quotes in items:  # resolve_quotes keeps input order
            final.append((document, resolved[at : at + len(quotes)]))
            at += len(quotes)
        page = render_html(final, title=args.title)
        with outputs.open(args.output) as out:
            out.write(page)
    if not args.quiet:
        speakers = {q.speaker.id for _, quotes in final for q in quotes if q.speaker is not None}
        say(
            f"rendered {plural(len(final), 'document')} with "
            f"{plural(len(resolved), 'quote')} by {plural(len(speakers), 'speaker')} to "
            f"{args.output or 'standard output'}" + batch.notes()
        )
    return 1 if batch.skipped else 0
