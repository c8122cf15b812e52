"""``quotes extract``: attributed quotes as JSON Lines, locally or on a Dask cluster."""

from __future__ import annotations

import argparse
import contextlib
import os
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from quotes.cli.common import Batch, add_extraction_options, bad_extraction_options, plural, say
from quotes.cli.outputs import Outputs, Refused
from quotes.types import QUOTE_TYPES, UNATTRIBUTED

if TYPE_CHECKING:
    from quotes.store.writer import StoreWriter
    from quotes.types import Quote

EXTRACT_EXAMPLE = """example:
  quotes extract seeds/ -o out/seeds.jsonl
  quotes extract seeds/ --db out/seeds.db      # a quote store: datasette out/seeds.db
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
    add_extraction_options(ext)
    ext.add_argument("--speakers", metavar="SPEAKERS.jsonl",
                     help="also write the speaker index: one line a speaker with id, name, titles, aliases, "
                     "documents, number of quotes and statements")
    ext.add_argument("--db", metavar="QUOTES.db",
                     help="add the quotes to this SQLite quote store (made if missing; browse it with Datasette): "
                     "speakers and statements are resolved across everything it holds; without -o, no JSON Lines "
                     "are written")
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
    if args.resume:
        say("--resume finishes a local run; with --scheduler, run the command again (each input is one task)")
        return 2
    try:
        from distributed import Client

        from quotes.backends.dask import ExtractOptions, extract_on_cluster
    except ImportError:
        say("--scheduler needs the dask extra: pip install 'quotes[dask]'")
        return 2
    options = ExtractOptions(model=args.model, min_confidence=args.min_confidence, full_parse=args.full_parse,
                             max_chars=args.max_chars, acts=tuple(sorted(args.acts)) if args.acts else None,
                             unattributed=args.unattributed)
    try:
        with Client(args.scheduler, timeout="30s") as client, contextlib.ExitStack() as stack:
            store = stack.enter_context(opened_store(args.db)) if args.db else None
            # workers read and write the same paths: local ones made absolute, URLs kept
            inputs = [str(Path(i).resolve()) if Path(i).exists() else i for i in args.inputs]
            output = args.output if "://" in args.output else str(Path(args.output).resolve())
            run = extract_on_cluster(client, inputs, output, options=options, speakers=args.speakers, store=store)
    except OSError as exc:
        say(f"cannot reach the scheduler at {args.scheduler}: {exc}")
        return 1
    for problem in run.problems:
        say(problem)
    if not args.quiet:
        say(_summary(run.documents, run.quotes, run.types, len(run.resolution.speakers), run.documents_with_quotes,
                     _target(f"{args.output} ({plural(len(run.parts), 'part')})", args.db), args.speakers)
            + f"; skipped {run.skipped}")
    return 1 if run.skipped else 0


def _summary(
    documents: int, quotes: int, types: Mapping[str, int], speakers: int, with_quotes: int, target: str,
    index: str | None,
) -> str:
    """The summary of a run, the same for a local run and a run on a cluster (its notes and skips follow)."""
    kinds = ", ".join(f"{types.get(t, 0)} {t}" for t in QUOTE_TYPES)
    if types.get(UNATTRIBUTED):
        kinds += f"; {types[UNATTRIBUTED]} without a speaker"
    return (
        f"read {plural(documents, 'document')}, wrote {plural(quotes, 'quote')} ({kinds}) by "
        f"{plural(speakers, 'speaker')} from {plural(with_quotes, 'document')} to {target}"
        + (f", speaker index to {index}" if index else "")
    )


def run(args: argparse.Namespace) -> int:
    from quotes.crossdoc.run import RunWriter
    from quotes.types import Document

    if bad_extraction_options(args):
        return 2
    if args.speakers == "-":
        say("--speakers needs a file name (standard output carries the quotes)")
        return 2
    if args.scheduler is not None:
        return _extract_on_cluster(args)
    written = documents_with_quotes = 0
    types: Counter[str] = Counter()
    # Quotes are journaled as documents finish, then rewritten with run-wide speaker ids, names
    # and statement ids when the run is done (quotes.crossdoc); the outputs appear only then.
    with Outputs(args, [args.output, args.speakers, args.db]) as outputs:
        batch = Batch(args, journal=outputs.journal)
        jsonl = args.output is not None or args.db is None  # with --db alone, no JSON Lines
        with (outputs.open(args.output) if jsonl else contextlib.nullcontext()) as out, contextlib.ExitStack() as stack:
            speakers_out = stack.enter_context(outputs.open(args.speakers)) if args.speakers else None
            store = stack.enter_context(opened_store(args.db, lock=False)) if args.db else None
            writer = RunWriter(out, speakers=speakers_out, journal=outputs.journal, spool_dir=_spool_dir(args.output),
                               store=store)

            def add(document: Document, quotes: list[Quote]) -> None:
                nonlocal written, documents_with_quotes
                written += writer.write(document, quotes, journaled=outputs.journal is not None)
                documents_with_quotes += bool(quotes)
                types.update(q.type for q in quotes)
                types[UNATTRIBUTED] += sum(q.speaker is None for q in quotes)

            for document, quotes in batch.extract(args.inputs, on_replay=add):
                add(document, quotes)
            for doc_id, quotes in batch.unread():
                add(Document(doc_id, ""), quotes)
            outputs.check_read(batch.stats.documents, batch.skipped)
            speakers = len(writer.close().speakers)
    if not args.quiet:
        say(_summary(batch.stats.documents, written, types, speakers, documents_with_quotes,
                     _target(args.output if jsonl else None, args.db), args.speakers) + batch.notes())
    return 1 if batch.skipped else 0


def _target(output: str | None, db: str | None) -> str:
    """Where a run wrote its quotes, for its summary."""
    places = [output or "standard output"] if output is not None or db is None else []
    return " and ".join([*places, *([f"the store {db}"] if db else [])])


@contextlib.contextmanager
def opened_store(path: str, *, lock: bool = True) -> Iterator[StoreWriter]:
    """The quote store a run adds to, committed when the block ends well and left as it was otherwise.

    Raises:
        Refused: ``path`` is not a SQLite database (or cannot be opened as one).
    """
    import sqlite3

    from quotes.store.writer import StoreWriter

    try:
        store = StoreWriter(path, lock=lock)
    except sqlite3.DatabaseError as exc:
        raise Refused(f"{path} cannot be used as a quote store: {exc}; give --db a new file name or a store "
                      "written by quotes extract --db") from None
    with store:
        yield store


def _spool_dir(output: str | None) -> str | None:
    """Where the journal of a run without an output file goes: the system's temporary folder."""
    return None if output is None or output == "-" else os.path.dirname(os.path.abspath(output))
