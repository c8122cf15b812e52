"""``quotes extract``: attributed quotes as JSON Lines, locally or on a Dask cluster."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from quotes.cli.common import MODEL_HELP, bad_extraction_options, load, log, open_optional, open_output, progress, say

if TYPE_CHECKING:
    from quotes.types import Document

EXTRACT_EXAMPLE = """example:
  quotes extract seeds/ -o out/seeds.jsonl
  cat articles.jsonl | quotes extract - > quotes.jsonl
  quotes extract /shared/news/*.jsonl --scheduler tcp://10.0.0.5:8786 -o /shared/quotes/"""

def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the command and its options to the ``quotes`` parser."""
    ext = sub.add_parser(
        "extract", help="extract attributed quotes as JSONL", epilog=EXTRACT_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ext.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt files, folders of them, .jsonl files, or - for stdin")
    ext.add_argument("-o", "--output", metavar="OUT.jsonl", help="where to write the quotes (default: standard output)")
    ext.add_argument("--model", help=MODEL_HELP)
    ext.add_argument("--min-confidence", type=float, default=0.0, metavar="P", help="drop quotes less sure than P (0..1)")
    ext.add_argument("--max-chars", type=int, default=1_000_000, metavar="N", help="skip documents longer than N characters")
    ext.add_argument("-q", "--quiet", action="store_true", help="print only problems, no summary")
    ext.add_argument("--speakers", metavar="SPEAKERS.jsonl",
                     help="also write the speaker index: one line a speaker with id, name, titles, aliases, "
                     "documents, number of quotes and statements")
    ext.add_argument("--n-process", type=int, default=1, metavar="N",
                     help="worker processes, each with its own copy of the model (default: 1)")
    ext.add_argument("--full-parse", action="store_true",
                     help="parse every paragraph, not only those where a quote or a reporting verb can be (slower)")
    ext.add_argument("--batch-size", type=int, default=256, metavar="N", help="paragraphs per spaCy batch (default: 256)")
    ext.add_argument("--scheduler", metavar="ADDRESS",
                     help="run on the Dask cluster of this scheduler (tcp://host:8786; needs the dask extra): "
                     "each INPUT is one task, -o names a folder for part-NNNNN.jsonl files")

    ext.set_defaults(run=run)


def _extract_on_cluster(args: argparse.Namespace) -> int:
    """``quotes extract --scheduler``: one task an input on a Dask cluster, parts in a folder."""
    if args.output is None or "-" in args.inputs:
        say("--scheduler needs -o FOLDER for the parts, and input paths every worker can read (not -)")
        return 2
    try:
        from distributed import Client

        from quotes.backends.dask import ExtractOptions, extract_on_cluster
    except ImportError:
        say("--scheduler needs the dask extra: pip install 'quotes[dask]'")
        return 2
    options = ExtractOptions(model=args.model, min_confidence=args.min_confidence, full_parse=args.full_parse,
                             max_chars=args.max_chars)
    try:
        with Client(args.scheduler, timeout="30s") as client:
            # workers read and write the same paths: local ones made absolute, URLs kept
            inputs = [str(Path(i).resolve()) if Path(i).exists() else i for i in args.inputs]
            output = args.output if "://" in args.output else str(Path(args.output).resolve())
            run = extract_on_cluster(client, inputs, output, options=options, speakers=args.speakers)
    except OSError as exc:
        say(f"cannot reach the scheduler at {args.scheduler}: {exc}")
        return 1
    for problem in run.problems:
        say(problem)
    if not args.quiet:
        say(f"read {run.documents} documents, wrote {run.quotes} quotes in {len(run.parts)} parts "
             f"to {args.output}; {len(run.problems)} problems")
    return 1 if run.problems else 0


def run(args: argparse.Namespace) -> int:
    from quotes.crossdoc.run import RunWriter
    from quotes.pipeline import Extractor
    from quotes.read import ReadStats, read_documents

    if bad_extraction_options(args):
        return 2
    if args.speakers == "-":
        say("--speakers needs a file name (standard output carries the quotes)")
        return 2
    if args.scheduler is not None:
        return _extract_on_cluster(args)
    extractor = Extractor(
        load(args.model), min_confidence=args.min_confidence, full_parse=args.full_parse, batch_size=args.batch_size
    )
    stats = ReadStats(report=lambda problem: say(str(problem)))
    failed = 0
    written = 0
    documents_with_quotes = 0
    types: Counter[str] = Counter()

    def skip(document: Document, exc: Exception) -> None:  # one bad document never stops the batch
        nonlocal failed
        failed += 1
        where = document.source + (f":{document.line}" if document.line else "")
        say(f"skipped {where}: could not process document {document.id!r}: {type(exc).__name__}: {exc}")
        log.debug("extraction failed", exc_info=exc)

    # Quotes are spooled as documents finish, then rewritten with run-wide speaker ids, names
    # and statement ids when the run is done (quotes.crossdoc).
    spool_dir = Path(args.output).parent if args.output and args.output != "-" else None
    with open_output(args.output) as out, open_optional(args.speakers) as speakers_out:
        writer = RunWriter(out, speakers=speakers_out, spool_dir=spool_dir)
        documents = stats.counted(read_documents(args.inputs, on_problem=stats, max_chars=args.max_chars))
        extracted = extractor.extract_many(documents, n_process=args.n_process, on_error=skip)
        for document, quotes in progress(extracted, quiet=args.quiet):
            written += writer.write(document, quotes)
            documents_with_quotes += bool(quotes)
            types.update(q.type for q in quotes)
        speakers = len(writer.close().speakers)
    skipped = stats.skipped + failed
    if not args.quiet:
        target = args.output or "standard output"
        kinds = ", ".join(f"{types[t]} {t}" for t in ("direct", "partial", "indirect"))
        say(
            f"read {stats.documents} documents, wrote {written} quotes ({kinds}) by {speakers} speakers "
            f"from {documents_with_quotes} documents to {target}"
            + (f", speaker index to {args.speakers}" if args.speakers else "")
            + f"; skipped {skipped}"
        )
    return 1 if skipped else 0


