"""Read articles from text files, folders, JSON Lines and standard input.

Every reader yields :class:`~quotes.types.Document` objects whose ``text`` is the
text exactly as read, so that every offset the pipeline reports points into the
article as it is on disk:

* newlines are kept as they are (``"\\r\\n"`` stays ``"\\r\\n"``; files are
  decoded from bytes, which is the same as opening them with ``newline=""``);
* quote marks, accents and casing are never touched;
* a seed-style metadata header (`` date 2019-03-21`` at the very start) is
  recognised and copied into ``meta["date"]`` but stays in the text;
* the one exception is a UTF-8 byte order mark at the very start of a file or
  of standard input, which is not part of the text and is dropped (offsets
  count from the first character after it).

So the text of a file is what ``open(path, encoding="utf-8-sig", newline="").read()``
gives, and ``text[start:end]`` holds for every offset reported on it.

Only regular files are read (a named pipe, a device or a socket in a folder would block or
never end), each with a bounded read: a file too large for ``max_chars`` is refused from its
size, before it is read. Bad input never raises out of the iterator and is never dropped
silently: each problem is passed to the ``on_problem`` callback as a :class:`Problem` naming
the file (and the line, for JSON Lines) and saying what to do, and reading goes on with the
next document.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from quotes.options import check_count
from quotes.sources import (
    BOM_BYTES,
    HEAD_BYTES,
    NotRegularFile,
    Prefixed,
    binary,
    bounded_lines,
    byte_stream,
    json_type,
    not_text,
    open_regular,
    own_output,
    read_head,
    surrogate_at,
)
from quotes.types import QUOTE_FIELDS, Document

log = logging.getLogger(__name__)

#: Name used for standard input in document ids and messages.
STDIN_NAME = "<stdin>"

#: Suffixes (compared case-insensitively) read as JSON Lines; any other file
#: named directly is read as one plain-text document.
JSONL_SUFFIXES: frozenset[str] = frozenset({".jsonl", ".ndjson"})

#: Suffix (compared case-insensitively) of the files collected from folders.
TEXT_SUFFIX = ".txt"

#: JSONL keys that hold gold annotation, not metadata; never copied into ``meta``.
GOLD_KEYS: frozenset[str] = frozenset(
    {"quotes", "discard_spans", "annotator", "annotators_available", "attributions", "speakers", "statements"}
)

#: JSONL keys that name output fields of a quote; copying them into ``meta``
#: would clash with the quote's own fields, so they are left out.
RESERVED_KEYS: frozenset[str] = frozenset(QUOTE_FIELDS) | {"id"}

#: Default of ``max_chars``: longer documents are skipped with a problem.
DEFAULT_MAX_CHARS = 1_000_000


# The seed articles open with " date 2019-03-21" and go on with the first
# sentence on the same line, so the header is a leading token, not a whole line.
_HEADER_RE = re.compile(r"[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?=\s|$)")

_SCALAR_TYPES = (str, int, float, bool, type(None))


#: What became of the input a problem is about: left out,
SKIPPED = "skipped"
#: passed over in a folder for its suffix (not a fault, but counted),
IGNORED = "ignored"
#: or read under another id, its own being taken by an earlier document.
RENAMED = "renamed"

#: Bytes of a JSON Lines record beyond its text's (metadata, escapes are counted apart).
_RECORD_OVERHEAD = 1 << 20


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input, reported instead of raised.

    Attributes:
        source: File path as given (or found in a folder), or ``"<stdin>"``.
        line: 1-based line number for problems with one JSON Lines record, else ``None``.
        message: What happened, why, and what to do about it.
        kind: :data:`SKIPPED` (the input is left out), :data:`IGNORED` (a file of a folder
            not read for its suffix) or :data:`RENAMED` (a document read under a new id).
    """

    source: str
    line: int | None
    message: str
    kind: str = SKIPPED

    def __str__(self) -> str:
        """Return ``"path:line: message"``, or ``"path: message"`` without a line."""
        if self.line is None:
            return f"{self.source}: {self.message}"
        return f"{self.source}:{self.line}: {self.message}"


@dataclass
class ReadStats:
    """Count documents read and collect problems, for a caller's summary.

    Use an instance as the ``on_problem`` callback and wrap the iterator with
    :meth:`counted`::

        stats = ReadStats(report=warn_user)
        for doc in stats.counted(read_documents(paths, on_problem=stats)):
            ...
        # stats.documents, stats.skipped, stats.ignored, stats.renamed

    Attributes:
        documents: Documents yielded so far.
        problems: Problems reported so far, in order.
        report: Called with every problem as well, e.g. to print it at once.
    """

    documents: int = 0
    problems: list[Problem] = field(default_factory=list)
    report: Callable[[Problem], None] | None = None

    def __call__(self, problem: Problem) -> None:
        """Record ``problem`` and pass it on to ``report``."""
        self.problems.append(problem)
        if self.report is not None:
            self.report(problem)

    def counted(self, documents: Iterable[Document]) -> Iterator[Document]:
        """Yield ``documents`` unchanged, counting them in :attr:`documents`."""
        for document in documents:
            self.documents += 1
            yield document

    @property
    def skipped(self) -> int:
        """Inputs and records left out."""
        return sum(problem.kind == SKIPPED for problem in self.problems)

    @property
    def ignored(self) -> list[str]:
        """Files of folders passed over for their suffix."""
        return [problem.source for problem in self.problems if problem.kind == IGNORED]

    @property
    def renamed(self) -> int:
        """Documents read under a new id because theirs was taken."""
        return sum(problem.kind == RENAMED for problem in self.problems)


def header_date(text: str) -> str | None:
    """Return the date of a leading `` date YYYY-MM-DD`` header, if ``text`` has one.

    The header must be the very first token (after spaces or tabs) and the date
    must exist on the calendar; whatever follows it on the same line is text.

    Args:
        text: Document text as read.

    Returns:
        The date as written (``"2019-03-21"``), or ``None``.
    """
    match = _HEADER_RE.match(text)
    if match is None:
        return None
    try:
        _dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
    return match.group(1)


def read_documents(
    inputs: Sequence[str],
    *,
    on_problem: Callable[[Problem], None],
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: TextIO | None = None,
) -> Iterator[Document]:
    """Yield the documents in ``inputs``, in order, reporting bad input to ``on_problem``.

    Each input is one of:

    * ``"-"``: standard input. It is read as JSON Lines if its first non-blank
      character is ``{``, else as one plain-text document with id ``"<stdin>"``.
    * a folder: every ``*.txt`` regular file below it (recursively, suffix compared
      case-insensitively), in sorted order of the relative path; the id is the
      path relative to the folder, with ``/`` separators. Other files are reported
      as :data:`IGNORED`.
    * a ``.jsonl`` (or ``.ndjson``) file: one JSON object a line with a string
      ``text`` and an optional ``id`` (a string or number; default
      ``"path:line"``). Other keys with scalar values (``date``, ``title``,
      ``url``...) go into ``meta``; gold annotation (:data:`GOLD_KEYS`), quote
      output fields (:data:`RESERVED_KEYS`) and non-scalar values do not.
      Blank lines are skipped.
    * any other file: one plain-text document whose id is the path as given.

    Text is decoded as strict UTF-8 and never rewritten (see the module
    docstring); a leading UTF-8 BOM is dropped. A leading `` date YYYY-MM-DD``
    header sets ``meta["date"]`` unless a JSONL ``date`` key already did. An id
    already given to an earlier document becomes ``"id#2"`` (``#3``...), reported
    as :data:`RENAMED`, so that two documents never share one.

    Args:
        inputs: Paths, folders, or ``"-"``.
        on_problem: Called once for each input or record that cannot be read:
            missing path, not a regular file, unreadable file, folder without ``.txt``
            files, empty document, binary file, a PDF or other format that is not text,
            an output of ``quotes`` itself, invalid UTF-8, malformed JSONL line,
            unpaired surrogate, document longer than ``max_chars``. Reading then goes
            on. Also called for ignored files and renamed ids (see :attr:`Problem.kind`).
        max_chars: Longest document, in characters, that is yielded.
        stdin: Stream read for ``"-"``; default ``sys.stdin``.

    Returns:
        An iterator of documents; nothing is read until it is consumed.

    Raises:
        TypeError: ``inputs`` is a single string rather than a sequence of them, or
            ``max_chars`` is not an integer.
        ValueError: ``max_chars`` is less than 1.
    """
    if isinstance(inputs, (str, bytes, os.PathLike)):
        raise TypeError(f"inputs must be a sequence of paths, not a single path: use [{str(inputs)!r}]")
    check_count(max_chars, name="max_chars", what="characters")
    reader = _Reader(on_problem=on_problem, max_chars=max_chars, stdin=stdin)
    return reader.read_all(list(inputs))


class _Reader:
    """The state of one :func:`read_documents` call."""

    def __init__(self, *, on_problem: Callable[[Problem], None], max_chars: int, stdin: TextIO | None) -> None:
        self.on_problem = on_problem
        self.max_chars = max_chars
        # a character is at most 4 bytes of UTF-8; in JSON at most 12 (an escaped surrogate pair)
        self.text_limit = 4 * max_chars + len(BOM_BYTES)
        self.line_limit = 12 * max_chars + _RECORD_OVERHEAD
        self.stdin = stdin
        self.stdin_read = False
        self.ids: dict[str, tuple[str, int | None]] = {}

    def problem(self, source: str, message: str, line: int | None = None, kind: str = SKIPPED) -> None:
        """Report one problem."""
        problem = Problem(source=source, line=line, message=message, kind=kind)
        log.debug("input problem: %s", problem)
        self.on_problem(problem)

    def read_all(self, inputs: list[str]) -> Iterator[Document]:
        """Yield the documents of every input in turn."""
        for item in inputs:
            item = os.fspath(item)
            if item == "-":
                yield from self.read_stdin()
                continue
            try:
                mode = os.stat(item).st_mode
            except FileNotFoundError:
                if os.path.islink(item):
                    self.problem(item, "broken symbolic link: its target does not exist; skipped")
                else:
                    self.problem(item, "no such file or folder; skipped (check the path)")
                continue
            except OSError as exc:
                self.problem(item, f"cannot access path: {exc.strerror or exc}; skipped")
                continue
            if stat.S_ISDIR(mode):
                yield from self.read_folder(item)
            elif Path(item).suffix.lower() in JSONL_SUFFIXES:
                yield from self.read_jsonl_file(item)
            else:
                yield from self.read_text_file(item, doc_id=item)

    # -- folders and plain-text files -------------------------------------------------

    def read_folder(self, folder: str) -> Iterator[Document]:
        """Yield every ``*.txt`` file below ``folder``, sorted by relative path."""
        found: list[tuple[tuple[str, ...], str]] = []

        def walk_error(exc: OSError) -> None:
            where = exc.filename if exc.filename is not None else folder
            self.problem(os.fspath(where), f"cannot list folder: {exc.strerror or exc}; its files are skipped")

        for dirpath, _dirnames, filenames in os.walk(folder, onerror=walk_error):
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                if Path(name).suffix.lower() == TEXT_SUFFIX:
                    found.append((Path(os.path.relpath(full, folder)).parts, full))
                else:
                    hint = " (name it directly to read it)" if Path(name).suffix.lower() in JSONL_SUFFIXES else ""
                    self.problem(full, f"not a .txt file; ignored in a folder{hint}", kind=IGNORED)
        if not found:
            self.problem(folder, "folder has no .txt files (searched recursively); nothing read from it")
            return
        found.sort()
        for parts, full in found:
            yield from self.read_text_file(full, doc_id="/".join(parts))

    def open_regular(self, path: str) -> tuple[BinaryIO, int] | None:
        """Open ``path`` if it is a regular file (see :func:`quotes.sources.open_regular`), or report why not."""
        try:
            return open_regular(path)
        except PermissionError:
            self.problem(path, "permission denied: the file cannot be read; skipped (check its permissions)")
        except IsADirectoryError:
            self.problem(path, "is a folder where a file was expected; skipped")
        except NotRegularFile as exc:
            self.problem(path, f"{exc}; skipped (to read a stream, pipe it to standard input: ... | quotes extract -)")
        except OSError as exc:
            self.problem(path, f"cannot read file: {exc.strerror or exc}; skipped")
        return None

    def read_text_file(self, path: str, *, doc_id: str) -> Iterator[Document]:
        """Yield the one document in a plain-text file, or report why not."""
        opened = self.open_regular(path)
        if opened is None:
            return
        handle, size = opened
        with handle:
            if size > self.text_limit:
                self.problem(path, self.too_long(f"{size:,} bytes"))
                return
            try:
                data = handle.read(self.text_limit + 1)
            except OSError as exc:
                self.problem(path, f"cannot read file: {exc.strerror or exc}; skipped")
                return
        if len(data) > self.text_limit:  # it grew since it was measured
            self.problem(path, self.too_long(f"more than {self.text_limit:,} bytes"))
            return
        yield from self.plain_document(data, source=path, doc_id=doc_id)

    def too_long(self, size: str) -> str:
        """The message for a file too large to hold a document of ``max_chars``."""
        return (f"file is {size}, more than a document of --max-chars {self.max_chars:,} characters can take "
                "(at most 4 bytes a character); skipped without reading it; raise --max-chars to process it")

    def plain_document(self, data: bytes, *, source: str, doc_id: str) -> Iterator[Document]:
        """Yield the one plain-text document in ``data``, or report why there is none."""
        what = not_text(data[:HEAD_BYTES])
        if what is not None:
            self.problem(source, f"{what}; skipped")
            return
        if b"\x00" in data:
            self.problem(source, binary(data[:HEAD_BYTES], data.find(b"\x00")) + "; skipped")
            return
        text = self.decode(data, source)
        if text is None:
            return
        document = self.make_document(doc_id=doc_id, text=text, meta={}, source=source, line=None)
        if document is not None:
            yield document

    def decode(self, data: bytes, source: str, *, line: int | None = None, base: int = 0) -> str | None:
        """Decode strict UTF-8, dropping a leading BOM; report the byte offset of bad bytes.

        Args:
            data: The bytes to decode.
            source: File name for the message.
            line: JSONL line number for the message, if any.
            base: Offset of ``data`` in its file, so the reported offset is the file's.
        """
        skip = len(BOM_BYTES) if base == 0 and data.startswith(BOM_BYTES) else 0
        try:
            return data[skip:].decode("utf-8")
        except UnicodeDecodeError as exc:
            offset = base + skip + exc.start
            bad = data[skip + exc.start : skip + exc.end].hex(" ")
            what = "line" if line is not None else "document"
            self.problem(
                source,
                f"not valid UTF-8: cannot decode byte(s) {bad} at byte offset {offset} ({exc.reason}); "
                f"{what} skipped; convert the file to UTF-8 (e.g. iconv -f windows-1252 -t utf-8)",
                line,
            )
            return None

    # -- JSON Lines ---------------------------------------------------------------------

    def read_jsonl_file(self, path: str) -> Iterator[Document]:
        """Yield the documents of a JSON Lines file, one a line, streaming."""
        opened = self.open_regular(path)
        if opened is None:
            return
        handle, _ = opened
        with handle:
            try:
                yield from self.read_jsonl_lines(bounded_lines(handle, self.line_limit), path)
            except OSError as exc:
                self.problem(path, f"reading stopped: {exc.strerror or exc}; the rest of the file is skipped")

    def read_jsonl_lines(self, lines: Iterable[tuple[bytes, int]], source: str) -> Iterator[Document]:
        """Yield the documents of JSON Lines given as ``(bytes, length)``, bytes cut for overlong lines."""
        offset = 0
        seen_record = False
        for number, (raw, length) in enumerate(lines, start=1):
            base = offset
            offset += length
            if len(raw) < length:
                seen_record = True
                self.problem(source, f"line is {length:,} bytes, more than a record with a text of --max-chars "
                             f"{self.max_chars:,} characters can take; line skipped; raise --max-chars to read it", number)
                continue
            body = raw[len(BOM_BYTES) :] if base == 0 and raw.startswith(BOM_BYTES) else raw
            if not body.strip():
                continue
            if b"\x00" in raw:
                if not seen_record:
                    self.problem(source, binary(raw[:HEAD_BYTES], base + raw.find(b"\x00")) + "; the whole file is skipped")
                    return
                self.problem(source, "line contains NUL bytes (binary data); line skipped", number)
                continue
            text_line = self.decode(raw, source, line=number, base=base)
            record = None if text_line is None else self.parse_jsonl_line(text_line, source, number)
            if record is not None and not seen_record and (what := own_output(record)) is not None:
                self.problem(source, f"{what}; nothing read from it")
                return
            seen_record = True
            document = None if record is None else self.record_document(record, source, number)
            if document is not None:
                yield document
        if not seen_record:
            self.problem(source, "JSON Lines input has no records (it is empty or blank); nothing read from it")

    def parse_jsonl_line(self, line: str, source: str, number: int) -> dict[str, Any] | None:
        """Decode one JSON line into an object, or report why it is not one."""
        try:
            record = json.loads(line.rstrip("\r\n"))  # the line end is not part of the record: columns stay on it
        except json.JSONDecodeError as exc:
            what = exc.msg.removesuffix(" at")  # "Invalid control character at" points at the column
            hint = ("a raw tab or line break inside a string: write it as \\t or \\n" if "control character" in what
                    else "each line must be one whole JSON object")
            self.problem(source, f"invalid JSON at column {exc.colno}: {what[:1].lower()}{what[1:]} ({hint}); "
                         "line skipped", number)
            return None
        if not isinstance(record, dict):
            self.problem(
                source,
                f"expected a JSON object like {{\"id\": ..., \"text\": ...}}, got {json_type(record)}; line skipped",
                number,
            )
            return None
        return record

    def record_document(self, record: dict[str, Any], source: str, number: int) -> Document | None:
        """Turn one JSON object into a document, or report why it is not one."""
        if "text" not in record:
            self.problem(source, "record has no \"text\" key; line skipped (each line needs the article text)", number)
            return None
        text = record["text"]
        if not isinstance(text, str):
            self.problem(source, f"\"text\" must be a string, got {json_type(text)}; line skipped", number)
            return None
        for key, value in record.items():
            at = surrogate_at(value) if isinstance(value, str) else None
            if at is not None:
                self.problem(source, f"{key!r} holds an unpaired surrogate \\u{ord(value[at]):04x} at character {at} "
                             "(a JSON \\u escape that is half of a pair), which is not text; line skipped; "
                             "fix or remove the escape", number)
                return None
        raw_id = record.get("id")
        if raw_id is None:
            doc_id = f"{source}:{number}"
        elif isinstance(raw_id, str):
            doc_id = raw_id
        elif isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool):
            doc_id = str(raw_id)
        else:
            self.problem(source, f"\"id\" must be a string or a number, got {json_type(raw_id)}; line skipped", number)
            return None
        return self.make_document(doc_id=doc_id, text=text, meta=_metadata(record), source=source, line=number)

    # -- standard input -------------------------------------------------------------------

    def read_stdin(self) -> Iterator[Document]:
        """Yield the documents on standard input: JSON Lines or one plain-text document.

        The rule: after an optional BOM, if the first non-blank character is ``{``
        the input is JSON Lines, else it is one plain-text document with id
        ``"<stdin>"``. JSON Lines are streamed; a plain text is read up to the size
        ``max_chars`` allows.
        """
        if self.stdin_read:
            self.problem(STDIN_NAME, "standard input (\"-\") was given more than once; it is read only the first time")
            return
        self.stdin_read = True
        stream = self.stdin if self.stdin is not None else sys.stdin
        if stream is None:
            self.problem(STDIN_NAME, "there is no standard input to read; skipped")
            return
        try:
            source = byte_stream(stream)
            head = read_head(source, self.text_limit)
            if head.removeprefix(BOM_BYTES).lstrip().startswith(b"{"):
                yield from self.read_jsonl_lines(bounded_lines(Prefixed(head, source), self.line_limit), STDIN_NAME)
                return
            data = head + source.read(self.text_limit + 1 - len(head))
        except UnicodeDecodeError as exc:
            self.problem(STDIN_NAME, f"not valid UTF-8 at byte offset {exc.start} ({exc.reason}); skipped; send UTF-8 text")
            return
        except OSError as exc:
            self.problem(STDIN_NAME, f"cannot read standard input: {exc.strerror or exc}; skipped")
            return
        if len(data) > self.text_limit:
            self.problem(STDIN_NAME, self.too_long(f"more than {self.text_limit:,} bytes"))
            return
        yield from self.plain_document(data, source=STDIN_NAME, doc_id=STDIN_NAME)

    # -- common checks ---------------------------------------------------------------------

    def make_document(
        self, *, doc_id: str, text: str, meta: dict[str, Any], source: str, line: int | None
    ) -> Document | None:
        """Check size and emptiness, read the header date, keep ids apart, and build the document."""
        if not text.strip():
            self.problem(source, "empty document, skipped", line)
            return None
        if len(text) > self.max_chars:
            self.problem(
                source,
                f"document has {len(text)} characters, more than --max-chars {self.max_chars}; "
                "skipped; raise --max-chars to process it",
                line,
            )
            return None
        if meta.get("date") is None:
            date = header_date(text)
            if date is not None:
                meta["date"] = date
        doc_id = self.own_id(doc_id, source, line)
        return Document(id=doc_id, text=text, meta=meta, source=source, line=line)

    def own_id(self, doc_id: str, source: str, line: int | None) -> str:
        """``doc_id``, or ``doc_id#2`` (``#3``...) when an earlier document has it, reported."""
        first = self.ids.get(doc_id)
        if first is not None:
            number = 2
            while f"{doc_id}#{number}" in self.ids:
                number += 1
            where = first[0] + (f":{first[1]}" if first[1] is not None else "")
            renamed = f"{doc_id}#{number}"
            self.problem(source, f"id {doc_id!r} is already the id of the document at {where}; this one is read "
                         f"as {renamed!r} so that the two stay apart (give each document an id of its own)",
                         line, kind=RENAMED)
            doc_id = renamed
        self.ids[doc_id] = (source, line)
        return doc_id


def _metadata(record: Mapping[str, Any]) -> dict[str, Any]:
    """Return the scalar, non-gold, non-reserved keys of a JSONL record."""
    meta: dict[str, Any] = {}
    for key, value in record.items():
        if key in GOLD_KEYS or key in RESERVED_KEYS:
            continue
        if isinstance(value, _SCALAR_TYPES):
            meta[key] = value
        else:
            log.debug("metadata key %r has a %s value; not passed through", key, json_type(value))
    return meta
