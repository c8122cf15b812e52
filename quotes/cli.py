"""Command line: thin commands over the library functions.

Messages for the user go to standard error; data (JSONL, tables) to standard output or the
file named with ``-o``.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections import Counter
from pathlib import Path
from typing import IO, Iterator, Sequence

from . import __version__

log = logging.getLogger("quotes")

EXTRACT_EXAMPLE = """example:
  quotes extract seeds/ -o out/seeds.jsonl
  cat articles.jsonl | quotes extract - > quotes.jsonl"""
EVAL_EXAMPLE = """example:
  quotes eval fixtures/seeds_gold.jsonl --baseline textacy
  quotes eval gold.jsonl --errors --aliases speakers.json"""


def _say(message: str) -> None:
    print(f"quotes: {message}", file=sys.stderr)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotes", description="Find quotes in news text, who said them and through which cue."
    )
    parser.add_argument("--version", action="version", version=f"quotes {__version__}")
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

    ev = sub.add_parser(
        "eval", help="score extraction against gold annotation", epilog=EVAL_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("gold", metavar="GOLD.jsonl", help="gold file: one {id, text, quotes} document a line")
    ev.add_argument("--baseline", choices=["textacy"], action="append", default=[], help="also score this system")
    ev.add_argument("--errors", action="store_true", help="list misses, extras and wrong speakers")
    ev.add_argument("--aliases", metavar="SPEAKERS.json", help="canonical name -> variants (default: GOLD's *_speakers.json beside it)")
    ev.add_argument("--model", help=model_help)
    return parser


@contextlib.contextmanager
def _open_output(path: str | None) -> Iterator[IO[str]]:
    if path is None or path == "-":
        yield sys.stdout
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fp:
        yield fp


def _load(model: str | None):  # type: ignore[no-untyped-def]
    from .loader import load_model

    return load_model(model)


def _cmd_extract(args: argparse.Namespace) -> int:
    from .export import write_quotes
    from .pipeline import Extractor
    from .reading import ReadStats, read_documents

    if not 0.0 <= args.min_confidence <= 1.0:
        _say(f"--min-confidence must be between 0 and 1, got {args.min_confidence}")
        return 2
    extractor = Extractor(_load(args.model), min_confidence=args.min_confidence)
    stats = ReadStats(report=lambda problem: _say(str(problem)))
    failed = 0
    written = 0
    documents_with_quotes = 0
    types: Counter[str] = Counter()
    speakers: set[str] = set()
    with _open_output(args.output) as out:
        for document in stats.counted(read_documents(args.inputs, on_problem=stats, max_chars=args.max_chars)):
            where = document.source + (f":{document.line}" if document.line else "")
            try:
                quotes = extractor.extract(document)
            except Exception as exc:  # one bad document never stops the batch
                failed += 1
                _say(f"skipped {where}: could not process document {document.id!r}: {type(exc).__name__}: {exc}")
                log.debug("extraction failed", exc_info=True)
                continue
            written += write_quotes(quotes, out)
            documents_with_quotes += bool(quotes)
            types.update(q.type for q in quotes)
            speakers.update(q.speaker.id for q in quotes if q.speaker is not None)
            out.flush()
    skipped = len(stats.problems) + failed
    if not args.quiet:
        target = args.output or "standard output"
        kinds = ", ".join(f"{types[t]} {t}" for t in ("direct", "partial", "indirect"))
        _say(
            f"read {stats.documents} documents, wrote {written} quotes ({kinds}) by {len(speakers)} speakers "
            f"from {documents_with_quotes} documents to {target}; skipped {skipped}"
        )
    return 1 if skipped else 0


def _default_aliases(gold: str) -> str | None:
    path = Path(gold)
    stem = path.stem[: -len("_gold")] if path.stem.endswith("_gold") else path.stem
    candidate = path.with_name(f"{stem}_speakers.json")
    return str(candidate) if candidate.exists() else None


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_reports, load_aliases, load_gold, to_document  # noqa: F401
    from .pipeline import Extractor

    try:
        gold = load_gold(args.gold)
    except (OSError, ValueError) as exc:
        _say(f"cannot read gold file: {exc}")
        return 2
    aliases_path = args.aliases or _default_aliases(args.gold)
    aliases = load_aliases(aliases_path) if aliases_path else None
    if aliases_path and not args.aliases:
        _say(f"using speaker aliases from {aliases_path}")
    nlp = _load(args.model)
    reports = [evaluate(gold, Extractor(nlp).extract, system="quotes", aliases=aliases)]
    for name in args.baseline:
        from .baseline import textacy_predictor

        reports.append(evaluate(gold, textacy_predictor(nlp), system=name, aliases=aliases))
    print(format_reports(reports, errors=args.errors))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``quotes`` command; returns the exit status."""
    args = _build_parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="quotes: %(message)s")
    from .loader import ModelNotFoundError

    try:
        if args.command == "extract":
            return _cmd_extract(args)
        return _cmd_eval(args)
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
