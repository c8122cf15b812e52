"""The bytes of inputs, read safely, and what an input is when it is not article text.

Reading is bounded: a file is read up to a limit and JSON Lines line by line, each line
up to a limit, so no input (``/dev/zero``, a 200 MB line) can take more memory than the
longest document allowed. Documents people name by mistake (a PDF, a Word file, a
compressed archive, text in UTF-16) and the package's own outputs fed back as input
(quote records, a speaker index, a journal, an HTML page) are recognised from their
first bytes or first record, so that :mod:`quotes.read` can refuse them with a message
that says what the file is and what to do.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO, TextIO

#: Bytes read at the start of a file to recognise what it is.
HEAD_BYTES = 4096

#: Characters that are not text on their own: a JSON ``\\ud800`` escape without its pair.
_SURROGATE = re.compile("[\ud800-\udfff]")

#: The UTF-8 byte order mark.
BOM_BYTES = b"\xef\xbb\xbf"

#: First bytes of formats that are not plain text, with what to say about them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "is a PDF file, not text: extract its text first (e.g. pdftotext FILE.pdf FILE.txt)"),
    (b"PK\x03\x04", "is a zip archive (a .docx, .odt or .zip file), not text: save or convert the document "
     "as plain UTF-8 text first (e.g. pandoc FILE.docx -t plain -o FILE.txt), or unzip the archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "is an old Word or Office file (.doc), not text: save it as "
     "plain UTF-8 text first"),
    (b"{\\rtf", "is an RTF document, not plain text: save it as plain UTF-8 text first"),
    (b"\x1f\x8b", "is gzip-compressed: decompress it first, or stream it (zcat FILE | quotes extract -)"),
    (b"BZh9", "is bzip2-compressed: decompress it first, or stream it (bzcat FILE | quotes extract -)"),
    (b"\xfd7zXZ\x00", "is xz-compressed: decompress it first, or stream it (xzcat FILE | quotes extract -)"),
    (b"(\xb5/\xfd", "is zstd-compressed: decompress it first, or stream it (zstdcat FILE | quotes extract -)"),
    (b"\xff\xfe\x00\x00", "is text in UTF-32: convert it to UTF-8 first (iconv -f utf-32 -t utf-8)"),
    (b"\xff\xfe", "is text in UTF-16: convert it to UTF-8 first (iconv -f utf-16 -t utf-8)"),
    (b"\xfe\xff", "is text in UTF-16: convert it to UTF-8 first (iconv -f utf-16 -t utf-8)"),
)

#: How the HTML page of ``quotes render`` names its maker.
_PAGE_MARK = b'<meta name="generator" content="quotes">'

#: Keys every quote record of ``quotes extract`` has, and an article line does not need.
_QUOTE_KEYS = frozenset({"doc_id", "index", "start", "end", "type", "speaker", "cue", "confidence", "rule"})

#: Keys of a line of the speaker index (``quotes extract --speakers``).
_SPEAKER_KEYS = frozenset({"id", "name", "kind", "titles", "aliases", "documents", "statements"})

#: Key of the first line of a journal (see :mod:`quotes.export.journal`).
JOURNAL_KEY = "quotes_journal"


def not_text(head: bytes) -> str | None:
    """Say what a file is when its first bytes show it is not UTF-8 article text.

    >>> not_text(b"%PDF-1.7 ...")
    'is a PDF file, not text: extract its text first (e.g. pdftotext FILE.pdf FILE.txt)'
    >>> not_text(b"The mayor said ...") is None
    True

    Args:
        head: The first bytes of the file (a few hundred are enough).

    Returns:
        What the file is and what to do, to follow its name in a message; ``None`` when
        nothing is recognised (which does not mean the file is text).
    """
    for magic, message in _MAGIC:
        if head.startswith(magic) or (magic == b"BZh9" and head[:3] == b"BZh" and len(head) > 3 and head[3] in b"123456789"):
            return message
    if _PAGE_MARK in head[:4096]:
        return "is an HTML page written by quotes render, not an article: give the articles it was made from"
    return None


def binary(data: bytes, offset: int) -> str:
    """Say what data holding a NUL byte is: text in UTF-16 or UTF-32, or binary data.

    >>> binary("Hi".encode("utf-16-le"), 1)
    'has a NUL byte at byte offset 1: it looks like text in UTF-16, which is not read (convert it to UTF-8 first: iconv -f utf-16 -t utf-8)'

    Args:
        data: The first bytes of the file or line, NUL included.
        offset: Byte offset of the first NUL in the file, for the message.

    Returns:
        The message, to follow the file's name.
    """
    even, odd = set(data[0:64:2]), set(data[1:64:2])
    if (odd == {0} and 0 not in even) or (even == {0} and 0 not in odd):
        return (f"has a NUL byte at byte offset {offset}: it looks like text in UTF-16, which is not read "
                "(convert it to UTF-8 first: iconv -f utf-16 -t utf-8)")
    return f"has a NUL byte at byte offset {offset}: it is binary data, not text"


def own_output(record: Mapping[str, Any]) -> str | None:
    """Say which output of ``quotes`` a JSON Lines record comes from, if it is one.

    >>> own_output({"id": "a", "text": "An article."}) is None
    True

    Args:
        record: The first record of a JSON Lines input.

    Returns:
        What the file holds and what to do with it, to follow its name in a message; ``None``
        for an article record.
    """
    if JOURNAL_KEY in record:
        return ("is the journal of an interrupted `quotes extract` run, not articles: run that command "
                "again with --resume to finish it")
    if _QUOTE_KEYS <= record.keys():
        return ("holds quote records written by `quotes extract` (one quote a line), not articles: "
                "give the articles they came from; to list their speakers: quotes speakers FILE")
    if "text" not in record and _SPEAKER_KEYS <= record.keys():
        return ("is a speaker index written by `quotes extract --speakers`, not articles: "
                "give the articles it was made from")
    return None


class Prefixed:
    """A binary stream whose first bytes were already read: ``readline`` over both."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head = io.BytesIO(head)
        self.rest = rest

    def readline(self, limit: int = -1) -> bytes:
        line = self.head.readline(limit)
        if line.endswith(b"\n") or (limit >= 0 and len(line) >= limit):
            return line
        return line + self.rest.readline(limit - len(line) if limit >= 0 else -1)


def read_head(stream: BinaryIO, limit: int) -> bytes:
    """Read the start of ``stream``: up to its first byte that is not a space, at most ``limit`` bytes."""
    head = b""
    while len(head) <= limit:
        chunk = stream.read(min(HEAD_BYTES, limit + 1 - len(head)))
        if not chunk:
            break
        head += chunk
        if head.removeprefix(BOM_BYTES).strip():
            break
    return head


def bounded_lines(stream: BinaryIO | Prefixed, limit: int) -> Iterator[tuple[bytes, int]]:
    """Yield the lines of ``stream`` with their lengths; an overlong line is cut to its start, the rest skipped."""
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield raw, len(raw)
            continue
        length = len(raw)
        while True:
            rest = stream.readline(1 << 20)
            length += len(rest)
            if not rest or rest.endswith(b"\n"):
                break
        yield raw[:HEAD_BYTES], length


class NotRegularFile(OSError):
    """A path names a named pipe, a device, a socket: something that is not a regular file."""


def open_regular(path: str) -> tuple[BinaryIO, int]:
    """Open ``path`` for reading in binary, if it is a regular file; return it with its size in bytes.

    It is opened without blocking and checked on the open file, so that a named pipe (which
    would wait for a writer forever) or a device (which may never end) is refused, not read.

    Args:
        path: The file.

    Returns:
        The open file (the caller closes it) and its size.

    Raises:
        NotRegularFile: ``path`` is not a regular file; the message names what it is.
        OSError: ``path`` cannot be opened.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotRegularFile(f"is {file_kind(info.st_mode)}, not a regular file")
    return os.fdopen(fd, "rb"), info.st_size


def byte_stream(stream: TextIO) -> BinaryIO:
    """The bytes of a text stream such as standard input: its binary buffer, else its text encoded.

    Args:
        stream: The stream.

    Returns:
        A binary stream.

    Raises:
        UnicodeDecodeError: A stream without a buffer cannot decode its text.
        OSError: The stream cannot be read.
    """
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    text = stream.read()
    try:
        # a stream decoded with errors="surrogateescape" gives its raw bytes back, so that
        # invalid UTF-8 is reported by the reader instead of passing through
        return io.BytesIO(text.encode("utf-8", "surrogateescape"))
    except UnicodeEncodeError:
        return io.BytesIO(text.encode("utf-8", "surrogatepass"))


def file_kind(mode: int) -> str:
    """Name the kind of a file that is not a regular one, for messages."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def surrogate_at(text: str) -> int | None:
    """Offset of the first unpaired surrogate in ``text`` (not text: it cannot be written as UTF-8).

    >>> surrogate_at("ok \\ud800"), surrogate_at("ok")
    (3, None)

    Args:
        text: Any string, such as one decoded from JSON with a ``\\ud800`` escape.

    Returns:
        The offset, or ``None`` when every character is text.
    """
    match = _SURROGATE.search(text)
    return None if match is None else match.start()


def json_type(value: object) -> str:
    """Name the JSON type of a decoded value, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
