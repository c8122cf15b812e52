"""``quotes speakers``: who is quoted, most quoted first, merged across documents."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from quotes.cli.common import (
    Batch,
    add_extraction_options,
    bad_extraction_options,
    is_extracted_quotes,
    plural,
    say,
)
from quotes.cli.outputs import Outputs

SPEAKERS_EXAMPLE = """example:
  quotes speakers seeds/
  quotes speakers out/seeds.jsonl --json > speakers.jsonl

INPUT may also be quotes already extracted by `quotes extract` (a .jsonl of quote records)
or a quote store written by `quotes extract --db` (a SQLite database)."""



def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the command and its options to the ``quotes`` parser."""
    spk = sub.add_parser(
        "speakers", help="list speakers with their numbers of quotes",
        description="List who is quoted in INPUT, most quoted first, with speakers merged\n"
        "across documents (\"Pompeo\" and \"Mike Pompeo\" count as one).",
        epilog=SPEAKERS_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    spk.add_argument("inputs", nargs="+", metavar="INPUT",
                     help="articles as for extract, a .jsonl of quotes written by `quotes extract`, "
                     "or a quote store written by `quotes extract --db`")
    spk.add_argument("-o", "--output", metavar="OUT", help="where to write the list (default: standard output)")
    spk.add_argument("--json", action="store_true", help="write one JSON object a speaker instead of a table")
    add_extraction_options(spk)
    spk.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quotes.crossdoc.index import CrossDocIndex
    from quotes.export.jsonl import write_lines

    if bad_extraction_options(args):
        return 2
    from quotes.store.reader import is_store

    stores = [path for path in args.inputs if is_store(path)]
    extracted = [path for path in args.inputs if is_extracted_quotes(path)]
    articles = [path for path in args.inputs if path not in extracted and path not in stores]
    with Outputs(args, [args.output], journaled=bool(articles)) as outputs:
        batch = Batch(args, journal=outputs.journal)
        index = CrossDocIndex()
        for path in extracted:
            for doc_id, quotes in batch.read_extracted(path):
                index.add(doc_id, quotes)
        for path in stores:
            for doc_id, text, quotes in batch.read_store(path):
                index.add(doc_id, quotes, text=text, stored=True)
        if articles:
            for document, quotes in batch.extract(articles, on_replay=lambda d, q: index.add(d.id, q, text=d.text)):
                index.add(document.id, quotes, text=document.text)
            for doc_id, quotes in batch.unread():
                index.add(doc_id, quotes)
        if articles:
            outputs.check_read(batch.stats.documents, batch.skipped)
        records = list(index.resolve().speaker_records())
        with outputs.open(args.output) as out:
            if args.json:
                write_lines(records, out)
            else:
                out.write(_speaker_table(records))
    if not args.quiet:
        total = sum(r["quotes"] for r in records)
        say(f"{plural(len(records), 'speaker')} with {plural(total, 'quote')}" + batch.notes())
    return 1 if batch.skipped else 0


def _speaker_table(records: Sequence[dict[str, object]]) -> str:
    """Speakers as aligned text columns: quotes, documents, kind, gender, name, id."""
    rows = [("quotes", "docs", "kind", "gender", "speaker", "id")]
    rows += [
        (str(r["quotes"]), str(len(r["documents"])), str(r["kind"]), str(r.get("gender") or "-"), str(r["name"]), str(r["id"]))  # type: ignore[arg-type]
        for r in records
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return "".join(
        f"{row[0]:>{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]:<{widths[3]}}  {row[4]:<{widths[4]}}  {row[5]}".rstrip() + "\n"
        for row in rows
    )
