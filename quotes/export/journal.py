"""The journal of a run: each finished document's quotes, one JSON line, written as it finishes.

A run writes its final output only at the end, once speakers are resolved across all
documents; until then its work is in the journal, which is flushed after every document. A
run stopped by a signal, a crash or ``kill -9`` leaves the journal beside its output; the
same command with ``--resume`` reads it back and extracts only the documents it does not
hold. The first line names the run (inputs and the options that change what is extracted),
so a journal is never resumed by a run that would extract differently:

    {"quotes_journal": 1, "command": "extract", "inputs": [...], "options": {...}, ...}
    {"document": "000_edca51f5aae81e57.txt", "quotes": [{...}, {...}]}
    {"document": "001_1370bfe50cf42287.txt", "quotes": []}

A line cut short by a kill is not a finished document: it is dropped when the journal is
read back, and the document is extracted again.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any

from quotes.export.jsonl import dump_line
from quotes.sources import JOURNAL_KEY
from quotes.types import Quote

#: Version of the journal's form, in its first line.
JOURNAL_VERSION = 1


def speakers_first(quotes: Sequence[Quote]) -> list[bool]:
    """For each quote, whether it is its speaker's first in the document: the quote that
    carries the speaker's gender evidence where a record keeps it (journal, store)."""
    seen: set[str] = set()
    first = []
    for quote in quotes:
        speaker = quote.speaker.id if quote.speaker is not None else None
        first.append(speaker is not None and speaker not in seen)
        if speaker is not None:
            seen.add(speaker)
    return first


def journal_records(quotes: Sequence[Quote]) -> list[dict[str, Any]]:
    """One document's quotes as the journal keeps them: their output records, the first quote
    of each speaker also holding every piece of its gender evidence in the document
    (:meth:`quotes.types.Speaker.to_dict`), which the other quotes of that speaker share."""
    return [quote.to_dict(evidence=first) for quote, first in zip(quotes, speakers_first(quotes), strict=True)]


class JournalMismatch(ValueError):
    """A journal was written by a run with other inputs or options than the one resuming it."""


class Journal:
    """A run's finished documents, appended one line each; read back in the order written.

    Build one with :meth:`create`, :meth:`resume` or :meth:`temporary`.

    Args:
        stream: A binary stream open for reading and appending.
        path: Its file, or ``None`` for a temporary journal that vanishes when closed.
        finished: Byte offset of the line of each document already in the journal.
    """

    def __init__(self, stream: IO[bytes], path: str | None, finished: dict[str, int] | None = None) -> None:
        self.stream = stream
        self.path = path
        self.finished: dict[str, int] = finished or {}
        #: Documents already finished when the journal was opened (by the run that is resumed).
        self.resumed = len(self.finished)

    @classmethod
    def create(cls, path: str, header: Mapping[str, Any]) -> Journal:
        """Start a journal at ``path`` (replacing any there) with ``header`` as its first line.

        Args:
            path: The journal's file.
            header: What identifies the run (JSON-safe).

        Returns:
            The journal, open for :meth:`add`.
        """
        stream = open(path, "w+b")  # noqa: SIM115 - closed by close()
        stream.write(dump_line({JOURNAL_KEY: JOURNAL_VERSION, **header}).encode("utf-8"))
        stream.flush()
        return cls(stream, path)

    @classmethod
    def temporary(cls, folder: str | None = None) -> Journal:
        """A journal in an unnamed temporary file (in ``folder``), for a run that cannot resume."""
        stream = tempfile.TemporaryFile(mode="w+b", dir=folder, prefix="quotes-", suffix=".journal")  # noqa: SIM115
        stream.write(dump_line({JOURNAL_KEY: JOURNAL_VERSION}).encode("utf-8"))
        return cls(stream, None)

    @classmethod
    def resume(cls, path: str, header: Mapping[str, Any], *, compared: Sequence[str]) -> Journal:
        """Open the journal at ``path`` to go on with it; a line cut short at its end is dropped.

        Args:
            path: The journal.
            header: The first line a run like this one writes.
            compared: Keys of ``header`` that must be the same in the journal.

        Raises:
            JournalMismatch: The journal is not one, or its run differs in a compared key.
        """
        stream = open(path, "r+b")  # noqa: SIM115 - closed by close()
        try:
            found = _header(stream.readline(), path)
            differ = _differences(found, header, compared)
            if differ:
                raise JournalMismatch(
                    f"{path} was written by a run with other inputs or options ({'; '.join(differ)}): "
                    "resume it with the command that started it, or delete it to start over"
                )
            finished, end = _finished_lines(stream)
            stream.truncate(end)
            stream.seek(end)
        except BaseException:
            stream.close()
            raise
        return cls(stream, path, finished)

    def add(self, doc_id: str, records: Sequence[Mapping[str, Any]]) -> None:
        """Append one finished document's quote records, and flush them to the system.

        Args:
            doc_id: The document's id (unique in a run).
            records: Its quotes as ``Quote.to_dict()`` gives them, possibly none.
        """
        self.stream.seek(0, os.SEEK_END)
        self.finished[doc_id] = self.stream.tell()
        self.stream.write(dump_line({"document": doc_id, "quotes": list(records)}).encode("utf-8"))
        self.stream.flush()

    def records(self, doc_id: str) -> list[dict[str, Any]]:
        """The quote records of a finished document.

        Args:
            doc_id: A document of :attr:`finished`.

        Returns:
            Its records, as added.

        Raises:
            KeyError: The journal does not hold the document.
        """
        self.stream.seek(self.finished[doc_id])
        entry: dict[str, Any] = json.loads(self.stream.readline())
        return list(entry["quotes"])

    def documents(self) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """Every finished document with its quote records, in the order they were added.

        Returns:
            ``(doc_id, records)`` pairs, read from the journal's file as they are yielded.
        """
        self.stream.seek(0)
        self.stream.readline()  # the header
        for line in self.stream:
            entry = json.loads(line)
            yield entry["document"], entry["quotes"]

    def close(self) -> None:
        """Close the journal; a temporary one is gone, a named one stays for ``--resume``."""
        self.stream.close()

    def remove(self) -> None:
        """Close the journal and delete its file: the run it belongs to is complete."""
        self.close()
        if self.path is not None:
            os.unlink(self.path)


def read_header(path: str) -> dict[str, Any]:
    """The first line of the journal at ``path``, with ``"documents"``: how many it holds.

    Raises:
        JournalMismatch: The file is not a journal.
        OSError: It cannot be read.
    """
    with open(path, "rb") as stream:
        header = _header(stream.readline(), path)
        header["documents"] = len(_finished_lines(stream)[0])
    return header


def _differences(found: Mapping[str, Any], wanted: Mapping[str, Any], keys: Sequence[str]) -> list[str]:
    """Say where two headers differ in ``keys`` (and in the keys of a mapping under one)."""
    differ = []
    for key in keys:
        was, now = found.get(key), wanted.get(key)
        if isinstance(was, Mapping) and isinstance(now, Mapping):
            differ += [f"{key}.{k} was {was.get(k)!r}, now {now.get(k)!r}" for k in sorted({*was, *now})
                       if was.get(k) != now.get(k)]
        elif was != now:
            differ.append(f"{key} was {was!r}, now {now!r}")
    return differ


def _header(line: bytes, path: str) -> dict[str, Any]:
    try:
        header = json.loads(line)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get(JOURNAL_KEY) != JOURNAL_VERSION:
        raise JournalMismatch(f"{path} is not a journal of quotes (version {JOURNAL_VERSION}); move it away")
    return header


def _finished_lines(stream: IO[bytes]) -> tuple[dict[str, int], int]:
    """Offsets of the complete document lines from the stream's position on, and where they end."""
    finished: dict[str, int] = {}
    end = stream.tell()
    for line in stream:
        try:
            entry = json.loads(line) if line.endswith(b"\n") else None
        except ValueError:
            entry = None
        if not isinstance(entry, dict) or not isinstance(entry.get("document"), str):
            break  # cut short by a kill: this document and anything after it are done again
        finished[entry["document"]] = end
        end += len(line)
    return finished, end
