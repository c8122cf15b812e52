"""The files a command writes: locked for the run, journaled as documents finish, replaced when complete.

A command names its output files (``-o``, ``--speakers``) to :class:`Outputs`, which for the
time of the run holds their locks (a second run on the same file is refused), keeps the
journal of finished documents beside the first one (``OUT.journal``), and opens each output
as a temporary file renamed into place only when the run is complete. A run stopped by a
signal leaves the outputs as they were and the journal for ``--resume``; a finished run
removes its journal.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import os
import sys
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import IO, Any

from quotes.cli.common import plural, say
from quotes.export.files import locked, replaced_when_done
from quotes.export.journal import Journal, read_header

#: Suffix of the journal kept beside a command's first output.
JOURNAL_SUFFIX = ".journal"

#: What the journal's first line must share with a run that resumes it.
COMPARED = ("inputs", "options")


class Refused(RuntimeError):
    """The command cannot start as asked; the message says why and what to do (exit status 2)."""


class NothingRead(RuntimeError):
    """No input could be read: the run failed, and its outputs are left as they were (exit status 1)."""


class Stopped(BaseException):
    """A signal asked the run to stop (SIGTERM, SIGHUP); raised in the main thread like KeyboardInterrupt.

    Args:
        name: The signal's name.
        status: The exit status to end with (128 + the signal's number).
    """

    def __init__(self, name: str, status: int) -> None:
        super().__init__(name)
        self.name = name
        self.status = status


def journal_header(args: argparse.Namespace) -> dict[str, Any]:
    """What a journal says of the run that writes it; ``inputs`` and ``options`` must match to resume."""
    from quotes.loader import resolve_model_name

    return {
        "command": args.command,
        "inputs": [item if item == "-" else os.path.abspath(item) for item in args.inputs],
        "options": {
            "model": resolve_model_name(args.model),
            "min_confidence": args.min_confidence,
            "acts": sorted(args.acts) if args.acts else None,
            "unattributed": args.unattributed,
            "max_chars": args.max_chars,
            "full_parse": getattr(args, "full_parse", False),
        },
        "started": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "pid": os.getpid(),
    }


class Outputs:
    """The output files of one command, for the time of its run (a context manager).

    Args:
        args: The command's parsed arguments (``inputs``, ``resume`` and the extraction options).
        files: Output paths; ``None`` and ``"-"`` (standard output) are neither locked nor journaled.
        journaled: Keep a journal beside the first output file, so the run can be resumed.
    """

    def __init__(self, args: argparse.Namespace, files: Sequence[str | None], *, journaled: bool = True) -> None:
        self.args = args
        self.files = [path for path in files if path not in (None, "-")]
        self.journal_path = self.files[0] + JOURNAL_SUFFIX if journaled and self.files else None
        self.journal: Journal | None = None
        self.written: list[str] = []
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> Outputs:  # noqa: PYI034 - typing.Self needs Python 3.11
        if getattr(self.args, "resume", False) and self.journal_path is None:
            raise Refused("--resume needs -o FILE: the journal of an interrupted run is kept beside its output")
        if len(set(map(os.path.realpath, self.files))) < len(self.files):
            raise Refused(f"the outputs name one file twice ({', '.join(self.files)}); give each its own name")
        inputs = [item for item in getattr(self.args, "inputs", []) if item != "-" and os.path.isfile(item)]
        for path in self.files:
            if os.path.isdir(path):
                raise Refused(f"{path} is a folder: give the name of a file to write (e.g. {os.path.join(path, 'out.jsonl')})")
            if any(os.path.exists(path) and os.path.samefile(path, item) for item in inputs):
                raise Refused(f"{path} is also an input: writing it would replace that input; choose another output")
        try:
            self._stack.enter_context(locked(self.files))
        except OSError as exc:
            raise Refused(f"cannot write beside {exc.filename or self.files[0]}: {exc.strerror or exc}; "
                          "choose a folder you can write to") from None
        try:
            self.journal = self._open_journal()
        except BaseException:
            self._stack.close()
            raise
        return self

    def _open_journal(self) -> Journal | None:
        """The journal of this run: a new one, or the interrupted run's with ``--resume``."""
        path = self.journal_path
        if path is None:
            return None
        header = journal_header(self.args)
        if not os.path.exists(path):
            if self.args.resume:
                say(f"--resume: there is no journal {path} to resume; the run starts from the beginning")
            return Journal.create(path, header)
        if not self.args.resume:
            found = read_header(path)
            raise Refused(
                f"{path} holds {plural(found['documents'], 'document')} finished by an interrupted run "
                f"(quotes {found.get('command')}, started {found.get('started')}): add --resume to finish it "
                "and do only the rest, or delete that file to start over"
            )
        return Journal.resume(path, header, compared=COMPARED)

    def check_read(self, documents: int, skipped: int) -> None:
        """Fail the run, leaving every output as it was, when inputs were given but none could be read.

        Raises:
            NothingRead: ``documents`` is 0 and something was skipped (a mistyped path, say).
        """
        if documents == 0 and skipped:
            kept = f"; {', '.join(self.files)} left as {'they were' if len(self.files) > 1 else 'it was'}" if self.files else ""
            raise NothingRead(f"no document could be read (skipped {skipped}): nothing written{kept}")

    @contextlib.contextmanager
    def open(self, path: str | None) -> Iterator[IO[str]]:
        """Open one output for writing: a temporary file renamed over ``path`` when the block ends well."""
        if path is None or path == "-":
            yield sys.stdout
            return
        with replaced_when_done(path) as stream:
            yield stream
        self.written.append(path)

    def kept(self) -> str:
        """What a stopped run leaves: the outputs as they were, and the journal if there is one."""
        unchanged = [path for path in self.files if path not in self.written]
        said = f"{', '.join(unchanged)} left as {'they were' if len(unchanged) > 1 else 'it was'}" if unchanged else ""
        if self.journal is None or not self.journal.finished:
            return said or "nothing was written"
        return (f"{said}; " if said else "") + (
            f"{plural(len(self.journal.finished), 'finished document')} kept in {self.journal_path}: "
            "run the same command with --resume to do only the rest"
        )

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if self.journal is not None:
                if kind is None or not self.journal.finished:
                    self.journal.remove()  # the run is complete and its outputs in place, or nothing to resume
                else:
                    self.journal.close()
            if exc is not None:
                exc.kept = self.kept()  # type: ignore[attr-defined]  # for the message that ends the run
        finally:
            self._stack.close()
