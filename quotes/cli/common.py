"""What every command shares: messages on standard error, the progress bar, output files, options.

Messages for the user go to standard error, each starting "quotes: "; data (JSONL, tables,
pages) to standard output or the file named with ``-o``. Long runs show a progress bar on
standard error when it is a terminal, unless ``--quiet`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import logging
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn, TypeVar

from tqdm import tqdm

if TYPE_CHECKING:
    from quotes.export.journal import Journal
    from quotes.read import Problem
    from quotes.types import Document, Quote

T = TypeVar("T")

log = logging.getLogger("quotes")

MODEL_HELP = "spaCy pipeline to load (default: $QUOTES_MODEL, else an installed en_core_web_* package)"


def say(message: str) -> None:
    """Tell the user something on standard error, without breaking a progress bar."""
    tqdm.write(f"quotes: {message}", file=sys.stderr)


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[IO[str]]:
    """Standard output for ``None`` or ``-``, else ``path`` written in full or not at all.

    For a command's one small output (a table, a JSON file); runs that write documents as they
    finish use :class:`quotes.cli.outputs.Outputs`, which also locks and journals.
    """
    from quotes.export.files import replaced_when_done

    if path is None or path == "-":
        yield sys.stdout
        return
    with replaced_when_done(path) as stream:
        yield stream


def progress(items: Iterable[T], *, quiet: bool, unit: str = "doc") -> Iterator[T]:
    """Yield ``items``, drawing a progress bar on standard error if it is a terminal and not ``quiet``."""
    disable = quiet or not sys.stderr.isatty()
    with tqdm(items, disable=disable, unit=unit, file=sys.stderr, desc="quotes", leave=False, dynamic_ncols=True) as bar:
        yield from bar


class Parser(argparse.ArgumentParser):
    """argparse in the command's voice: "quotes: <problem>", then where to read more."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"quotes: {message} (see: {self.prog} --help)\n")


def add_extraction_options(parser: argparse.ArgumentParser) -> None:
    """Options of the commands that extract quotes from articles on the way."""
    parser.add_argument("--model", help=MODEL_HELP)
    parser.add_argument("--min-confidence", type=float, default=0.0, metavar="P", help="drop quotes less sure than P (0..1)")
    parser.add_argument("--acts", type=_names, default=None, metavar="LIST",
                        help="keep only quotes of these acts, comma-separated: speech, belief, evidence, intention "
                        "(default: all)")
    parser.add_argument("--unattributed", action="store_true",
                        help="also write the quoted passages no speaker was found for (speaker null, "
                        "an unattributed:* rule saying why)")
    parser.add_argument("--max-chars", type=int, default=1_000_000, metavar="N", help="skip documents longer than N characters")
    parser.add_argument("--n-process", type=int, default=1, metavar="N",
                        help="worker processes, each with its own copy of the model (default: 1)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems, no progress bar or summary")
    parser.add_argument("--resume", action="store_true",
                        help="finish a run that was stopped: take the documents it finished from the journal "
                        "beside -o (OUT.journal) and extract only the rest")


def _names(value: str) -> list[str]:
    """A comma-separated option as a list of names (``"speech, belief"`` -> ``["speech", "belief"]``)."""
    return [name.strip() for name in value.split(",") if name.strip()]


def load(model: str | None):  # type: ignore[no-untyped-def]
    from quotes.loader import load_model

    return load_model(model)


def bad_extraction_options(args: argparse.Namespace) -> bool:
    """Say what is wrong with the numbers given to an extracting command, if anything."""
    from quotes.options import check_acts, check_count, check_min_confidence

    counts = [("--n-process", "n_process", "worker processes"), ("--max-chars", "max_chars", "characters"),
              ("--batch-size", "batch_size", "paragraphs")]
    try:
        check_min_confidence(args.min_confidence, name="--min-confidence")
        check_acts(getattr(args, "acts", None), name="--acts")
        for flag, attribute, what in counts:
            if hasattr(args, attribute):
                check_count(getattr(args, attribute), name=flag, what=what)
    except (TypeError, ValueError) as exc:
        say(str(exc))
        return True
    return False


class Batch:
    """Reads and extracts the inputs of a command, reporting problems as it goes.

    With a journal, each document extracted is added to it as it is done, and documents it
    already holds (from the run that is resumed) are not extracted again: their quotes are
    read back from it.

    Args:
        args: The command's arguments (the extraction options).
        journal: The run's journal, if it keeps one.
    """

    def __init__(self, args: argparse.Namespace, journal: Journal | None = None) -> None:
        from quotes.read import ReadStats

        self.args = args
        self.stats = ReadStats(report=self._report)
        self.failed = 0
        self.journal = journal
        self.replayed: set[str] = set()

    @property
    def skipped(self) -> int:
        """Inputs and documents skipped so far."""
        return self.stats.skipped + self.failed

    def _report(self, problem: Problem) -> None:
        if problem.kind != "ignored":  # files a folder holds besides articles are counted in the summary
            say(str(problem))

    def extract(
        self, inputs: Sequence[str], *, on_replay: Callable[[Document, list[Quote]], None] | None = None
    ) -> Iterator[tuple[Document, list[Quote]]]:
        """Yield each readable document of ``inputs`` with its quotes, in input order; a failing one is skipped.

        Args:
            inputs: As for :func:`quotes.read.read_documents`.
            on_replay: Called at once with each document the journal already holds, which
                is then not yielded; without it such documents are yielded in their place.
        """
        from quotes.export.journal import journal_records
        from quotes.pipeline import Extractor
        from quotes.read import read_documents

        extractor = Extractor(
            load(self.args.model), min_confidence=self.args.min_confidence,
            full_parse=getattr(self.args, "full_parse", False), batch_size=getattr(self.args, "batch_size", 256),
            acts=self.args.acts, unattributed=self.args.unattributed,
        )
        documents = self.stats.counted(read_documents(inputs, on_problem=self.stats, max_chars=self.args.max_chars))
        order: deque[tuple[Document, list[Quote] | None]] = deque()
        extracted = extractor.extract_many(self._new(documents, order, on_replay), n_process=self.args.n_process,
                                           on_error=self._skip)
        for document, quotes in progress(extracted, quiet=self.args.quiet):
            if self.journal is not None:
                self.journal.add(document.id, journal_records(quotes))
            while order:  # documents read before this one: the journal's, and failed ones
                earlier, replayed = order.popleft()
                if earlier is document:
                    break
                if replayed is not None:
                    yield earlier, replayed
            yield document, quotes
        yield from ((document, quotes) for document, quotes in order if quotes is not None)

    def _new(
        self, documents: Iterable[Document], order: deque[tuple[Document, list[Quote] | None]],
        on_replay: Callable[[Document, list[Quote]], None] | None,
    ) -> Iterator[Document]:
        """The documents to extract; those the journal holds go to ``on_replay`` or ``order``."""
        from quotes.export.jsonl import quote_from_dict

        for document in documents:
            if self.journal is None or document.id not in self.journal.finished:
                if on_replay is None:
                    order.append((document, None))
                yield document
                continue
            self.replayed.add(document.id)
            quotes = [quote_from_dict(record) for record in self.journal.records(document.id)]
            if on_replay is None:
                order.append((document, quotes))
            else:
                on_replay(document, quotes)

    def unread(self) -> Iterator[tuple[str, list[Quote]]]:
        """Documents of the journal the inputs no longer hold (they changed since), with a warning."""
        from quotes.export.jsonl import quote_from_dict

        if self.journal is None:
            return
        for doc_id, records in itertools.islice(self.journal.documents(), self.journal.resumed):
            if doc_id not in self.replayed:
                say(f"{doc_id}: in the journal of the resumed run but no longer in the inputs; its quotes are kept")
                yield doc_id, [quote_from_dict(record) for record in records]

    def notes(self) -> str:
        """The end of a summary: documents taken from the journal, renamed ids, files passed over, skipped."""
        parts = []
        if self.replayed:
            parts.append(f"{plural(len(self.replayed), 'document')} finished before, taken from the journal")
        if self.stats.renamed:
            parts.append(f"{plural(self.stats.renamed, 'duplicate id')} renamed")
        ignored = self.stats.ignored
        if ignored:
            shown = ", ".join(ignored[:3]) + (", ..." if len(ignored) > 3 else "")
            parts.append(f"ignored {plural(len(ignored), 'file')} in folders that {'is' if len(ignored) == 1 else 'are'} "
                         f"not .txt ({shown})")
        return "".join(f"; {part}" for part in parts) + f"; skipped {self.skipped}"

    def _skip(self, document: Document, exc: Exception) -> None:
        """Report a document that could not be processed; the batch goes on."""
        self.failed += 1
        where = document.source + (f":{document.line}" if document.line else "")
        say(f"skipped {where}: could not process document {document.id!r}: {type(exc).__name__}: {exc}")
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
                        say(f"skipped {path}:{number}: not a quote record: {exc}")
                        continue
                    if quote.doc_id != doc_id and batch:
                        yield doc_id or "", batch
                        batch = []
                    doc_id = quote.doc_id
                    batch.append(quote)
        except (OSError, UnicodeDecodeError) as exc:
            self.failed += 1
            say(f"skipped {path}: cannot read it: {exc}")
        if batch:
            yield doc_id or "", batch


    def read_store(self, path: str, *, evidence: bool = True) -> Iterator[tuple[str, str | None, list[Quote]]]:
        """Yield ``(doc_id, text, quotes)`` of each article with quotes in a store written by
        ``quotes extract --db``, for a cross-document index (with ``evidence``, see
        :func:`quotes.store.reader.stored_documents`) or as stored; one that cannot be read
        is skipped, saying why."""
        import sqlite3

        from quotes.store.reader import open_for_reading, stored_documents

        try:
            db = open_for_reading(path)
            try:
                yield from stored_documents(db, evidence=evidence)
            finally:
                db.close()
        except (ValueError, sqlite3.Error) as exc:
            self.failed += 1
            say(f"skipped {path}: cannot read it as a quote store: {exc}")


def is_extracted_quotes(path: str) -> bool:
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


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


