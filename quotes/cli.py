"""Command line: thin commands over the library functions.

Messages for the user go to standard error, each starting "quotes: "; data (JSONL, tables,
pages) to standard output or the file named with ``-o``. Long runs show a progress bar on
standard error when it is a terminal, unless ``--quiet`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn, TypeVar

from tqdm import tqdm

from . import __version__

if TYPE_CHECKING:
    from quotes.types import Document, Quote

T = TypeVar("T")

log = logging.getLogger("quotes")

MAIN_EXAMPLE = """examples:
  quotes extract seeds/ -o out/seeds.jsonl     # one JSON object a quote
  quotes render seeds/ -o out/seeds.html       # the articles with their quotes highlighted
  quotes speakers out/seeds.jsonl              # who is quoted, how often
  quotes eval fixtures/seeds_gold.jsonl --baseline textacy

Run `quotes COMMAND --help` for the options of a command."""
EXTRACT_EXAMPLE = """example:
  quotes extract seeds/ -o out/seeds.jsonl
  cat articles.jsonl | quotes extract - > quotes.jsonl
  quotes extract /shared/news/*.jsonl --scheduler tcp://10.0.0.5:8786 -o /shared/quotes/"""
EVAL_EXAMPLE = """example:
  quotes eval fixtures/seeds_gold.jsonl --baseline textacy
  quotes eval gold.jsonl --errors --aliases speakers.json"""
RENDER_EXAMPLE = """example:
  quotes render seeds/ -o out/seeds.html
  quotes render articles.jsonl -o page.html --title "Week 12"

The page is self-contained (no network): open it in any browser."""
SPEAKERS_EXAMPLE = """example:
  quotes speakers seeds/
  quotes speakers out/seeds.jsonl --json > speakers.jsonl

INPUT may also be quotes already extracted by `quotes extract` (a .jsonl of quote records)."""


def _say(message: str) -> None:
    """Tell the user something on standard error, without breaking a progress bar."""
    tqdm.write(f"quotes: {message}", file=sys.stderr)


def _progress(items: Iterable[T], *, quiet: bool, unit: str = "doc") -> Iterator[T]:
    """Yield ``items``, drawing a progress bar on standard error if it is a terminal and not ``quiet``."""
    disable = quiet or not sys.stderr.isatty()
    with tqdm(items, disable=disable, unit=unit, file=sys.stderr, desc="quotes", leave=False, dynamic_ncols=True) as bar:
        yield from bar


def _version() -> str:
    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        spacy_version = "not installed"
    return f"quotes {__version__} (spaCy {spacy_version}, Python {sys.version.split()[0]})"


class _Parser(argparse.ArgumentParser):
    """argparse in the command's voice: "quotes: <problem>", then where to read more."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"quotes: {message} (see: {self.prog} --help)\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="quotes", description="Find quotes in news text, who said them and through which cue.",
        epilog=MAIN_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    model_help = "spaCy pipeline to load (default: $QUOTES_MODEL, else an installed en_core_web_* package)"
    ext = sub.add_parser(
        "extract", help="extract attributed quotes as JSONL", epilog=EXTRACT_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ext.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt files, folders of them, .jsonl files, or - for stdin")
    ext.add_argument("-o", "--output", metavar="OUT.jsonl", help="where to write the quotes (default: standard output)")
    ext.add_argument("--model", help=model_help)
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

    ev = sub.add_parser(
        "eval", help="score extraction against gold annotation", epilog=EVAL_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("gold", metavar="GOLD.jsonl", help="gold file: one {id, text, quotes} document a line")
    ev.add_argument("--baseline", choices=["textacy"], action="append", default=[], help="also score this system")
    ev.add_argument("--errors", action="store_true", help="list misses, extras and wrong speakers")
    ev.add_argument("--aliases", metavar="SPEAKERS.json", help="canonical name -> variants (default: GOLD's *_speakers.json beside it)")
    ev.add_argument(
        "--retype-from-marks", action="store_true",
        help="re-derive gold types of 'indirect' quotes from their quote marks (for gold typed from a subset of marks)",
    )
    ev.add_argument("--model", help=model_help)
    ev.add_argument("--full-parse", action="store_true", help="parse every paragraph (to compare with the default)")
    ev.add_argument("-q", "--quiet", action="store_true", help="print only problems")

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
    _add_extraction_options(ren, model_help)

    spk = sub.add_parser(
        "speakers", help="list speakers with their numbers of quotes",
        description="List who is quoted in INPUT, most quoted first, with speakers merged\n"
        "across documents (\"Pompeo\" and \"Mike Pompeo\" count as one).",
        epilog=SPEAKERS_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    spk.add_argument("inputs", nargs="+", metavar="INPUT",
                     help="articles as for extract, or a .jsonl of quotes written by `quotes extract`")
    spk.add_argument("-o", "--output", metavar="OUT", help="where to write the list (default: standard output)")
    spk.add_argument("--json", action="store_true", help="write one JSON object a speaker instead of a table")
    _add_extraction_options(spk, model_help)
    return parser


def _add_extraction_options(parser: argparse.ArgumentParser, model_help: str) -> None:
    """Options of the commands that extract quotes from articles on the way."""
    parser.add_argument("--model", help=model_help)
    parser.add_argument("--min-confidence", type=float, default=0.0, metavar="P", help="drop quotes less sure than P (0..1)")
    parser.add_argument("--max-chars", type=int, default=1_000_000, metavar="N", help="skip documents longer than N characters")
    parser.add_argument("--n-process", type=int, default=1, metavar="N",
                        help="worker processes, each with its own copy of the model (default: 1)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems, no progress bar or summary")


@contextlib.contextmanager
def _open_output(path: str | None) -> Iterator[IO[str]]:
    if path is None or path == "-":
        yield sys.stdout
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fp:
        yield fp


@contextlib.contextmanager
def _open_optional(path: str | None) -> Iterator[IO[str] | None]:
    """Open ``path`` for writing like :func:`_open_output`, or give ``None`` when no path is set."""
    if path is None:
        yield None
        return
    with _open_output(path) as fp:
        yield fp


def _load(model: str | None):  # type: ignore[no-untyped-def]
    from quotes.loader import load_model

    return load_model(model)


def _extract_on_cluster(args: argparse.Namespace) -> int:
    """``quotes extract --scheduler``: one task an input on a Dask cluster, parts in a folder."""
    if args.output is None or "-" in args.inputs:
        _say("--scheduler needs -o FOLDER for the parts, and input paths every worker can read (not -)")
        return 2
    try:
        from distributed import Client

        from quotes.backends.dask import ExtractOptions, extract_on_cluster
    except ImportError:
        _say("--scheduler needs the dask extra: pip install 'quotes[dask]'")
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
        _say(f"cannot reach the scheduler at {args.scheduler}: {exc}")
        return 1
    for problem in run.problems:
        _say(problem)
    if not args.quiet:
        _say(f"read {run.documents} documents, wrote {run.quotes} quotes in {len(run.parts)} parts "
             f"to {args.output}; {len(run.problems)} problems")
    return 1 if run.problems else 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from quotes.crossdoc.run import RunWriter
    from quotes.pipeline import Extractor
    from quotes.read import ReadStats, read_documents

    if not 0.0 <= args.min_confidence <= 1.0:
        _say(f"--min-confidence must be between 0 and 1, got {args.min_confidence}")
        return 2
    if args.speakers == "-":
        _say("--speakers needs a file name (standard output carries the quotes)")
        return 2
    for flag, value in (("--n-process", args.n_process), ("--batch-size", args.batch_size)):
        if value < 1:
            _say(f"{flag} must be 1 or more, got {value}")
            return 2
    if args.scheduler is not None:
        return _extract_on_cluster(args)
    extractor = Extractor(
        _load(args.model), min_confidence=args.min_confidence, full_parse=args.full_parse, batch_size=args.batch_size
    )
    stats = ReadStats(report=lambda problem: _say(str(problem)))
    failed = 0
    written = 0
    documents_with_quotes = 0
    types: Counter[str] = Counter()

    def skip(document: Document, exc: Exception) -> None:  # one bad document never stops the batch
        nonlocal failed
        failed += 1
        where = document.source + (f":{document.line}" if document.line else "")
        _say(f"skipped {where}: could not process document {document.id!r}: {type(exc).__name__}: {exc}")
        log.debug("extraction failed", exc_info=exc)

    # Quotes are spooled as documents finish, then rewritten with run-wide speaker ids, names
    # and statement ids when the run is done (quotes.crossdoc).
    spool_dir = Path(args.output).parent if args.output and args.output != "-" else None
    with _open_output(args.output) as out, _open_optional(args.speakers) as speakers_out:
        writer = RunWriter(out, speakers=speakers_out, spool_dir=spool_dir)
        documents = stats.counted(read_documents(args.inputs, on_problem=stats, max_chars=args.max_chars))
        extracted = extractor.extract_many(documents, n_process=args.n_process, on_error=skip)
        for document, quotes in _progress(extracted, quiet=args.quiet):
            written += writer.write(document, quotes)
            documents_with_quotes += bool(quotes)
            types.update(q.type for q in quotes)
        speakers = len(writer.close().speakers)
    skipped = len(stats.problems) + failed
    if not args.quiet:
        target = args.output or "standard output"
        kinds = ", ".join(f"{types[t]} {t}" for t in ("direct", "partial", "indirect"))
        _say(
            f"read {stats.documents} documents, wrote {written} quotes ({kinds}) by {speakers} speakers "
            f"from {documents_with_quotes} documents to {target}"
            + (f", speaker index to {args.speakers}" if args.speakers else "")
            + f"; skipped {skipped}"
        )
    return 1 if skipped else 0


def _default_aliases(gold: str) -> str | None:
    path = Path(gold)
    stem = path.stem[: -len("_gold")] if path.stem.endswith("_gold") else path.stem
    candidate = path.with_name(f"{stem}_speakers.json")
    return str(candidate) if candidate.exists() else None


def _cmd_eval(args: argparse.Namespace) -> int:
    from quotes.evaluate.gold import load_aliases, load_gold
    from quotes.evaluate.report import format_reports
    from quotes.evaluate.score import evaluate
    from quotes.pipeline import Extractor

    try:
        gold = load_gold(args.gold)
    except (OSError, ValueError) as exc:
        _say(f"cannot read gold file: {exc}")
        return 2
    if args.retype_from_marks:
        from quotes.evaluate.gold import retype_from_marks

        gold = retype_from_marks(gold)
    aliases_path = args.aliases or _default_aliases(args.gold)
    aliases = load_aliases(aliases_path) if aliases_path else None
    if aliases_path and not args.aliases and not args.quiet:
        _say(f"using speaker aliases from {aliases_path}")
    nlp = _load(args.model)
    reports = [evaluate(gold, Extractor(nlp, full_parse=args.full_parse).extract, system="quotes", aliases=aliases)]
    for name in args.baseline:
        from quotes.evaluate.baseline import textacy_predictor

        reports.append(evaluate(gold, textacy_predictor(nlp), system=name, aliases=aliases))
    print(format_reports(reports, errors=args.errors))
    return 0


def _bad_extraction_options(args: argparse.Namespace) -> bool:
    """Say what is wrong with --min-confidence or --n-process, if anything."""
    if not 0.0 <= args.min_confidence <= 1.0:
        _say(f"--min-confidence must be between 0 and 1, got {args.min_confidence}")
        return True
    if args.n_process < 1:
        _say(f"--n-process must be 1 or more, got {args.n_process}")
        return True
    return False


class _Batch:
    """Reads and extracts the inputs of a command, reporting problems as it goes."""

    def __init__(self, args: argparse.Namespace) -> None:
        from quotes.read import ReadStats

        self.args = args
        self.stats = ReadStats(report=lambda problem: _say(str(problem)))
        self.failed = 0

    @property
    def skipped(self) -> int:
        """Inputs and documents skipped so far."""
        return len(self.stats.problems) + self.failed

    def extract(self, inputs: Sequence[str]) -> Iterator[tuple[Document, list[Quote]]]:
        """Yield each readable document of ``inputs`` with its quotes; a failing document is skipped."""
        from quotes.pipeline import Extractor
        from quotes.read import read_documents

        extractor = Extractor(_load(self.args.model), min_confidence=self.args.min_confidence)
        documents = self.stats.counted(read_documents(inputs, on_problem=self.stats, max_chars=self.args.max_chars))
        extracted = extractor.extract_many(documents, n_process=self.args.n_process, on_error=self._skip)
        yield from _progress(extracted, quiet=self.args.quiet)

    def _skip(self, document: Document, exc: Exception) -> None:
        """Report a document that could not be processed; the batch goes on."""
        self.failed += 1
        where = document.source + (f":{document.line}" if document.line else "")
        _say(f"skipped {where}: could not process document {document.id!r}: {type(exc).__name__}: {exc}")
        log.debug("extraction failed", exc_info=exc)

    def read_extracted(self, path: str) -> Iterator[tuple[str, list[Quote]]]:
        """Yield ``(doc_id, quotes)`` from a file written by ``quotes extract``; bad lines are skipped."""
        from quotes.export.jsonl import quote_from_dict

        doc_id: str | None = None
        batch: list[Quote] = []
        try:
            with open(path, encoding="utf-8") as fp:
                for number, line in enumerate(fp, 1):
                    if not line.strip():
                        continue
                    try:
                        quote = quote_from_dict(json.loads(line))
                    except (ValueError, TypeError) as exc:
                        self.failed += 1
                        _say(f"skipped {path}:{number}: not a quote record: {exc}")
                        continue
                    if quote.doc_id != doc_id and batch:
                        yield doc_id or "", batch
                        batch = []
                    doc_id = quote.doc_id
                    batch.append(quote)
        except (OSError, UnicodeDecodeError) as exc:
            self.failed += 1
            _say(f"skipped {path}: cannot read it: {exc}")
        if batch:
            yield doc_id or "", batch


def _is_extracted_quotes(path: str) -> bool:
    """Whether ``path`` is a JSONL file of quote records (its first record has doc_id, type and speaker)."""
    if not path.endswith((".jsonl", ".ndjson")) or not Path(path).is_file():
        return False
    try:
        with open(path, encoding="utf-8") as fp:
            first = next((line for line in fp if line.strip()), "")
        record = json.loads(first)
    except (OSError, ValueError):
        return False
    return isinstance(record, dict) and {"doc_id", "type", "speaker"} <= record.keys()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _cmd_render(args: argparse.Namespace) -> int:
    from quotes.crossdoc.run import resolve_quotes
    from quotes.export.render import render_html

    if _bad_extraction_options(args):
        return 2
    batch = _Batch(args)
    items = list(batch.extract(args.inputs))
    resolved, _ = resolve_quotes((document.id, quotes) for document, quotes in items)
    final: list[tuple[Document, list[Quote]]] = []
    at = 0
    for document, quotes in items:  # resolve_quotes keeps input order
        final.append((document, resolved[at : at + len(quotes)]))
        at += len(quotes)
    page = render_html(final, title=args.title)
    with _open_output(args.output) as out:
        out.write(page)
    if not args.quiet:
        speakers = {q.speaker.id for _, quotes in final for q in quotes if q.speaker is not None}
        _say(
            f"rendered {_plural(len(final), 'document')} with {_plural(len(resolved), 'quote')} by "
            f"{_plural(len(speakers), 'speaker')} to {args.output or 'standard output'}; skipped {batch.skipped}"
        )
    return 1 if batch.skipped else 0


def _cmd_speakers(args: argparse.Namespace) -> int:
    from quotes.crossdoc.index import CrossDocIndex

    if _bad_extraction_options(args):
        return 2
    batch = _Batch(args)
    index = CrossDocIndex()
    extracted = [path for path in args.inputs if _is_extracted_quotes(path)]
    articles = [path for path in args.inputs if path not in extracted]
    for path in extracted:
        for doc_id, quotes in batch.read_extracted(path):
            index.add(doc_id, quotes)
    if articles:
        for document, quotes in batch.extract(articles):
            index.add(document.id, quotes)
    records = list(index.resolve().speaker_records())
    with _open_output(args.output) as out:
        if args.json:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(_speaker_table(records))
    if not args.quiet:
        total = sum(r["quotes"] for r in records)
        _say(f"{_plural(len(records), 'speaker')} with {_plural(total, 'quote')}; skipped {batch.skipped}")
    return 1 if batch.skipped else 0


def _speaker_table(records: Sequence[dict[str, object]]) -> str:
    """Speakers as aligned text columns: quotes, documents, name, id."""
    rows = [("quotes", "docs", "speaker", "id")]
    rows += [(str(r["quotes"]), str(len(r["documents"])), str(r["name"]), str(r["id"])) for r in records]  # type: ignore[arg-type]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "".join(
        f"{row[0]:>{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}".rstrip() + "\n" for row in rows
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``quotes`` command; returns the exit status."""
    args = _build_parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="quotes: %(message)s")
    from quotes.loader import ModelNotFoundError

    try:
        command = {"extract": _cmd_extract, "eval": _cmd_eval, "render": _cmd_render, "speakers": _cmd_speakers}
        return command[args.command](args)
    except ModelNotFoundError as exc:
        _say(str(exc))
        return 2
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
