"""Output files that are never damaged: written beside their place and renamed in when complete.

A run writes each output to a temporary file in the output's own folder and renames it over
the output only when everything is written, so a failed, interrupted or killed run leaves
what was there before untouched (a rename within one folder is atomic). Each output is
locked for the time of the run, so a second run writing the same file is refused at once
instead of interleaving its lines with the first one's.

Something that is not a regular file (``/dev/null``, ``/dev/stdout``, a named pipe) cannot
be replaced: it is written directly.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import stat
from collections.abc import Iterator, Sequence
from typing import IO


class OutputBusy(RuntimeError):
    """Another run holds the lock of an output file."""


def lock_path(path: str) -> str:
    """The lock file of an output: ``.NAME.lock`` beside it.

    >>> lock_path("/data/out/seeds.jsonl")
    '/data/out/.seeds.jsonl.lock'

    Args:
        path: The output file.

    Returns:
        The lock file's path (symbolic links of the output resolved).
    """
    folder, name = os.path.split(os.path.realpath(path))
    return os.path.join(folder, f".{name}.lock")


@contextlib.contextmanager
def locked(paths: Sequence[str]) -> Iterator[None]:
    """Hold the lock of every output in ``paths`` for the time of a block.

    Locks are released by the system when the process ends, however it ends (a killed run
    never leaves a stale lock). Temporary files left by a killed run are removed once the
    lock is held, since no other run can be writing them.

    Args:
        paths: Output files; their folders are made if missing.

    Raises:
        OutputBusy: Another run holds one of the locks; the message says which and what to do.
    """
    from filelock import FileLock, Timeout

    with contextlib.ExitStack() as stack:
        for path in sorted({os.path.realpath(p) for p in paths}):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            lock = FileLock(lock_path(path), timeout=0)
            try:
                stack.enter_context(lock)
            except Timeout:
                raise OutputBusy(
                    f"{path} is being written by another quotes run (it holds {lock_path(path)}); "
                    "wait for that run to end, or write elsewhere"
                ) from None
            _remove_leftovers(path)
        yield


def _temporary_name(path: str) -> str:
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def _remove_leftovers(path: str) -> None:
    """Remove the temporary files a killed run left beside ``path``."""
    folder, name = os.path.split(path)
    for leftover in glob.glob(os.path.join(glob.escape(folder), f".{glob.escape(name)}.*-*.tmp")):
        with contextlib.suppress(OSError):
            os.unlink(leftover)


@contextlib.contextmanager
def replaced_when_done(path: str) -> Iterator[IO[str]]:
    """Open a temporary file beside ``path`` for writing, and rename it over ``path`` when the block ends well.

    If the block raises (or the process is interrupted), the temporary file is removed and
    ``path`` is left as it was. A file that is replaced keeps its permissions; a symbolic
    link keeps pointing where it did, at the new content.

    Args:
        path: The output file; its folder is made if missing.

    Returns:
        A text stream (UTF-8, ``\\n`` line ends) for the block to write to.

    Raises:
        IsADirectoryError: ``path`` is a folder.
        OSError: The folder cannot be written.
    """
    target = os.path.realpath(path)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(f"{path} is a folder; give the name of a file to write")
    if info is not None and not stat.S_ISREG(info.st_mode):  # /dev/null, a named pipe: nothing to replace
        with open(target, "w", encoding="utf-8", newline="\n") as direct:
            yield direct
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    temporary = _temporary_name(target)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        if info is not None:
            os.chmod(temporary, stat.S_IMODE(info.st_mode))
        with open(fd, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(os.path.dirname(target))


def _sync_folder(folder: str) -> None:
    """Make a rename in ``folder`` durable, where the system allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
