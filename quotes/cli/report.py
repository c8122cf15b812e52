"""``quotes report``: who gets quoted, by gender, kind, outlet and period, as one HTML page of charts."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from quotes.cli.common import (
    Batch,
    add_extraction_options,
    bad_extraction_options,
    is_extracted_quotes,
    open_output,
    plural,
    say,
)

REPORT_EXAMPLE = """examples:
  quotes report seeds/ -o out/report.html
  quotes report ../shared/eval/polnear_dev.jsonl -o report.html --csv tables/
  quotes extract articles.jsonl -o quotes.jsonl && quotes report quotes.jsonl -o report.html --json tables.json
  quotes report quotes.db -o report.html       # a quote store: everything it holds

INPUT may be articles (as for extract), quotes already written by `quotes extract`, or a
quote store written by `quotes extract --db`. The outlet of a quote is its `publisher`,
`source` or `outlet` field, else its document; its day is its `date` field. The page is
self-contained (no network, no script)."""


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the command and its options to the ``quotes`` parser."""
    rep = sub.add_parser(
        "report", help="write a sourcing report: gender and kind of speakers, per outlet and period",
        description="Count who is quoted in INPUT, by gender (from the texts' own evidence), by kind of\n"
        "speaker (person, anonymous, group, organization, document), per outlet and per day or\n"
        "week, with the most quoted speakers and the statements several outlets report, and\n"
        "write one self-contained HTML page with a chart beside each table.",
        epilog=REPORT_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rep.add_argument("inputs", nargs="+", metavar="INPUT",
                     help="articles as for extract, .jsonl files of quotes written by `quotes extract`, "
                     "or quote stores written by `quotes extract --db`")
    rep.add_argument("-o", "--output", metavar="REPORT.html", help="where to write the page (default: standard output)")
    rep.add_argument("--csv", metavar="FOLDER", help="also write each table to FOLDER/<table>.csv")
    rep.add_argument("--json", metavar="FILE", help="also write all tables to FILE as JSON (- for standard output)")
    rep.add_argument("--title", default="Who gets quoted", help="page title (default: %(default)s)")
    rep.add_argument("--top", type=int, default=20, metavar="N", help="how many of the most quoted speakers to list (default: 20)")
    rep.add_argument("--period", choices=("auto", "day", "week"), default="auto",
                     help="count by day or ISO week; auto: by day up to 45 days, else by week (default: auto)")
    add_extraction_options(rep)
    rep.set_defaults(run=run)


def _records(args: argparse.Namespace, batch: Batch) -> tuple[list[dict[str, Any]], int]:
    """Output records of the inputs, resolved across the run, and the number of documents read.

    Quotes already extracted (JSON Lines or a store) are reported as they were resolved; with
    articles among the inputs, everything is resolved again as one run.
    """
    from quotes.store.reader import is_store
    from quotes.types import Document

    stores = [path for path in args.inputs if is_store(path)]
    extracted = [path for path in args.inputs if path not in stores and is_extracted_quotes(path)]
    articles = [path for path in args.inputs if path not in extracted and path not in stores]
    batches: list[tuple[Any, list[Any]]] = [(doc_id, quotes) for path in extracted for doc_id, quotes in batch.read_extracted(path)]
    batches += [(Document(doc_id, text) if text is not None else doc_id, quotes)
                for path in stores for doc_id, text, quotes in batch.read_store(path, evidence=bool(articles))]  # fmt: skip
    if not articles:
        records = [q.to_dict() for _, quotes in batches for q in quotes]
        return records, len({r["doc_id"] for r in records})
    from quotes.crossdoc.run import resolve_quotes

    batches += list(batch.extract(articles))  # with their texts, as extract resolves them
    resolved, _ = resolve_quotes(batches)
    return [q.to_dict() for q in resolved], len(batches)


def _summary(records: Sequence[dict[str, Any]], documents: int) -> dict[str, Any]:
    from quotes.report.tables import day_of, outlet_of

    days = sorted(d for d in (day_of(r) for r in records) if d is not None)
    summary: dict[str, Any] = {
        "documents": documents,
        "quotes": len(records),
        "speakers": len({r["speaker"]["id"] for r in records if r.get("speaker")}),
        "outlets": len({outlet_of(r) for r in records}),
    }
    if days:
        summary["from"], summary["to"] = days[0].isoformat(), days[-1].isoformat()
    return summary


def run(args: argparse.Namespace) -> int:
    from quotes.report import build_tables, render_report, tables_json, write_csv

    if bad_extraction_options(args):
        return 2
    if args.top < 1:
        say(f"--top must be 1 or more, got {args.top}")
        return 2
    batch = Batch(args)
    records, documents = _records(args, batch)
    tables = build_tables(records, top=args.top, period=args.period)
    summary = _summary(records, documents)
    with open_output(args.output) as out:
        out.write(render_report(tables, title=args.title, summary=summary))
    if args.csv:
        write_csv(tables, args.csv)
    if args.json:
        with open_output(None if args.json == "-" else args.json) as out:
            out.write(tables_json(tables, summary=summary) + "\n")
    if not args.quiet:
        wrote = [args.output or "standard output"] + ([f"{args.csv}{'' if args.csv.endswith('/') else '/'}"] if args.csv else [])
        wrote += [args.json] if args.json and args.json != "-" else []
        say(f"reported {plural(len(records), 'quote')} from {plural(documents, 'document')} in {plural(len(tables), 'table')} "
            f"to {', '.join(wrote)}; skipped {batch.skipped}")
    return 1 if batch.skipped else 0

