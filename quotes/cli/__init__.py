"""The ``quotes`` command: thin commands over the library functions, one module a command.

Each command module has ``add_parser(sub)``, which adds the command and its options and sets
its ``run(args) -> int``. Messages for the user go to standard error, each starting
"quotes: "; data to standard output or the file named with ``-o``.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from importlib import metadata

from quotes import __version__
from quotes.cli import calibrate, evaluate, extract, render, report, rules, serve, speakers
from quotes.cli.common import Parser, say
from quotes.cli.outputs import NothingRead, Refused, Stopped

MAIN_EXAMPLE = """examples:
  quotes extract seeds/ -o out/seeds.jsonl     # one JSON object a quote
  quotes render seeds/ -o out/seeds.html       # the articles with their quotes highlighted
  quotes speakers out/seeds.jsonl              # who is quoted, how often
  quotes report out/seeds.jsonl -o report.html # who gets quoted, by gender, kind, outlet and day
  quotes extract seeds/ --db out/seeds.db      # a quote store: datasette out/seeds.db
  quotes serve --db out/seeds.db               # the HTTP API at http://127.0.0.1:8000/
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
    for command in (extract, render, speakers, report, evaluate, calibrate, rules, serve):
        command.add_parser(sub)
    return parser


class _StopOnSignal:
    """Turn SIGINT, SIGTERM and SIGHUP into an exception in the main thread, once: a second
    signal while the run cleans up (removing its temporary files) is ignored."""

    def __init__(self) -> None:
        self.fired = False

    def __call__(self, signum: int, frame: object) -> None:
        if self.fired:
            return
        self.fired = True
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Stopped(signal.Signals(signum).name, 128 + signum)

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield  # signals reach the main thread only; the caller's handlers stay
            return
        names = ("SIGINT", "SIGTERM", "SIGHUP")
        wanted = [getattr(signal, name) for name in names if hasattr(signal, name)]
        previous = {signum: signal.signal(signum, self) for signum in wanted}
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``quotes`` command; returns the exit status.

    SIGINT, SIGTERM and SIGHUP stop a run cleanly with status 130, 143 and 129: the outputs
    are left as they were, and the journal of the documents finished is kept for ``--resume``.
    """
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="quotes: %(message)s")
    from quotes.backends.local import WorkerDied
    from quotes.export.files import OutputBusy
    from quotes.export.journal import JournalMismatch
    from quotes.loader import ModelNotFoundError

    try:
        with _StopOnSignal().installed():
            return int(args.run(args))
    except (ModelNotFoundError, OutputBusy, JournalMismatch, Refused) as exc:
        say(str(exc))
        return 2
    except NothingRead as exc:
        say(str(exc))
        return 1
    except WorkerDied as exc:
        say(f"{exc}; {getattr(exc, 'kept', 'nothing was written')}")
        return 1
    except KeyboardInterrupt as exc:
        say(f"stopped by SIGINT (Ctrl-C); {getattr(exc, 'kept', 'nothing was written')}")
        return 130
    except Stopped as exc:
        say(f"stopped by {exc.name}; {getattr(exc, 'kept', 'nothing was written')}")
        return exc.status
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
