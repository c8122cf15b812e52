"""Finalising a run: speakers and statements resolved across every document, then written.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from quotes.crossdoc.index import CrossDocIndex, Resolution
from quotes.export.jsonl import read_quotes, write_lines, write_quotes
from quotes.types import Document, Quote


def resolve_quotes(
    batches: Iterable[tuple[Document | str, Sequence[Quote]]], *, index: CrossDocIndex | None = None
) -> tuple[list[Quote], Resolution]:
    """Resolve a run held in memory: every document's quotes, then final ids, names, statements.

    For large runs use :class:`RunWriter`, which keeps only compact records in memory.

    Args:
        batches: ``(document, quotes)`` per document, as ``Extractor.extract_many`` yields
            them; a document id may stand for the document (its text is then not consulted).
        index: The index to collect into; default a new one with default settings.

    Returns:
        All quotes in input order with their final speakers and statement ids, and the resolution.
    """
    index = index or CrossDocIndex()
    kept: list[Quote] = []
    for document, quotes in batches:
        if isinstance(document, Document):
            index.add(document.id, quotes, text=document.text)
        else:
            index.add(document, quotes)
        kept.extend(quotes)
    resolution = index.resolve()
    return [resolution.apply(q) for q in kept], resolution


def finalise_jsonl(source: IO[str], target: IO[str], resolution: Resolution) -> int:
    """Copy output records from ``source`` to ``target`` with their final speakers and statements.

    Args:
        source: JSON Lines written by :func:`quotes.export.jsonl.write_quotes`, positioned at the start.
        target: Where to write the final records.

    Returns:
        The number of records written.
    """
    return write_lines((resolution.apply_record(record) for record in read_quotes(source)), target)


class RunWriter:
    """Write a run's quotes streaming, then finalise them across documents on :meth:`close`.

    Quotes go to a spool file as each document is done; :meth:`close` resolves speakers and
    statements from the compact records and rewrites the spool into ``out`` (see the module
    docstring), and writes the speaker index to ``speakers`` if given.

    Args:
        out: The final output stream; written only on :meth:`close`.
        speakers: Where to write the speaker index (JSON Lines), or ``None``.
        spool_dir: Folder for the spool file; default the system's temporary folder.
        index: The cross-document index; default a new one.
    """

    def __init__(
        self,
        out: IO[str],
        *,
        speakers: IO[str] | None = None,
        spool_dir: str | Path | None = None,
        index: CrossDocIndex | None = None,
    ) -> None:
        self.out = out
        self.speakers = speakers
        self.index = index or CrossDocIndex()
        self._spool = tempfile.TemporaryFile(  # noqa: SIM115 - closed by close() or __exit__
            mode="w+", encoding="utf-8", newline="\n", prefix="quotes-", suffix=".jsonl", dir=spool_dir
        )
        self.resolution: Resolution | None = None

    def write(self, document: Document, quotes: Sequence[Quote]) -> int:
        """Spool one document's quotes and keep their compact records; returns how many."""
        self.index.add(document.id, quotes, text=document.text)
        count = write_quotes(quotes, self._spool)
        self._spool.flush()
        return count

    def close(self) -> Resolution:
        """Resolve across documents, write the final output and the speaker index."""
        if self.resolution is not None:
            return self.resolution
        try:
            self.resolution = self.index.resolve()
            self._spool.seek(0)
            finalise_jsonl(self._spool, self.out, self.resolution)
            if self.speakers is not None:
                write_lines(self.resolution.speaker_records(), self.speakers)
        finally:
            self._spool.close()
        return self.resolution

    def __enter__(self) -> RunWriter:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self._spool.close()
