"""Extraction in a pool of local worker processes: input order kept, input and output streamed.

Each worker holds its own copy of the pipeline (inherited at fork where the platform
forks, else pickled once at start) and extracts whole chunks of documents, scan to quotes,
so that only documents go out and compact :class:`~quotes.types.Quote` records come back,
never parsed ``Doc`` objects. At most a few chunks per worker are in flight, so memory
does not grow with the input.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from quotes.types import Document, Quote

if TYPE_CHECKING:
    from quotes.pipeline import Extractor

log = logging.getLogger(__name__)

#: Most documents in one chunk sent to a worker.
CHUNK_DOCUMENTS = 16
#: Most characters of text in one chunk (a chunk holds at least one document); small
#: chunks keep both workers busy to the end of a run.
CHUNK_CHARS = 20_000
#: Chunks sent ahead per worker, so no worker waits while the next chunk is read.
CHUNKS_AHEAD = 2
#: Seconds between checks that the workers are still alive while waiting for results.
POLL_SECONDS = 1.0
#: Seconds between a worker's checks that its parent is still alive.
PARENT_CHECK_SECONDS = 0.5

#: What a worker sends back for one document: its quotes, or why it failed.
Outcome = list[Quote] | Exception


class WorkerDied(RuntimeError):
    """A worker process ended while it had work (killed, out of memory, crashed)."""


def extract_parallel(
    extractor: Extractor,
    documents: Iterable[Document],
    *,
    n_process: int,
    on_error: Callable[[Document, Exception], None] | None = None,
    chunk_documents: int = CHUNK_DOCUMENTS,
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[tuple[Document, list[Quote]]]:
    """Extract quotes with ``n_process`` worker processes, yielding in input order.

    Args:
        extractor: The extractor each worker copies (pipeline, lexicon and options).
        documents: The documents, read lazily as workers need them.
        n_process: Number of worker processes.
        on_error: Called with a document and the exception when that document cannot be
            processed; without it the exception is raised here.
        chunk_documents: Most documents per chunk.
        chunk_chars: Most characters per chunk.

    Returns:
        ``(document, quotes)`` pairs in input order.

    Raises:
        ValueError: ``n_process`` is below 1.
        WorkerDied: A worker process died (killed, out of memory); a ``RuntimeError``.
    """
    if n_process < 1:
        raise ValueError(f"n_process must be 1 or more, got {n_process!r}")
    from quotes.pipeline import group_documents

    tasks, results, workers = _start(extractor, n_process)
    chunks = group_documents(documents, max_documents=chunk_documents, max_chars=chunk_chars)
    held: dict[int, list[Document]] = {}
    ready: dict[int, list[Outcome]] = {}
    sent = done = 0
    exhausted = False
    graceful = False
    try:
        while True:
            while not exhausted and sent - done < CHUNKS_AHEAD * n_process:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                held[sent] = chunk
                tasks.put((sent, chunk))
                sent += 1
            if done == sent:
                break
            chunk_id, outcomes = _receive(results, workers)
            ready[chunk_id] = outcomes
            while done in ready:
                yield from _deliver(held.pop(done), ready.pop(done), on_error)
                done += 1
        graceful = True
    finally:
        _stop(workers, tasks, results, graceful=graceful)


def _deliver(
    chunk: list[Document], outcomes: list[Outcome], on_error: Callable[[Document, Exception], None] | None
) -> Iterator[tuple[Document, list[Quote]]]:
    """Yield a finished chunk's documents with their quotes; pass failures to ``on_error`` (or raise)."""
    for document, outcome in zip(chunk, outcomes):
        if isinstance(outcome, Exception):
            if on_error is None:
                raise outcome
            on_error(document, outcome)
        else:
            yield document, outcome


def _start(extractor: Extractor, n_process: int) -> tuple[Any, Any, list[BaseProcess]]:
    """Start ``n_process`` workers serving ``extractor``: the task queue, the result queue, the workers."""
    context = _context()
    tasks: Any = context.Queue()
    results: Any = context.Queue()
    workers: list[BaseProcess] = [
        context.Process(target=_serve, args=(extractor, tasks, results, os.getpid()), name=f"quotes-worker-{i}",
                        daemon=True)
        for i in range(n_process)
    ]
    for worker in workers:
        worker.start()
    return tasks, results, workers


def _context() -> BaseContext:
    """Fork where the platform can (workers share the loaded pipeline), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _receive(results: Any, workers: list[BaseProcess]) -> tuple[int, list[Outcome]]:
    """Wait for the next finished chunk, failing if a worker has died."""
    while True:
        try:
            message: tuple[int, list[Outcome]] = results.get(timeout=POLL_SECONDS)
            return message
        except queue.Empty:
            dead = [w for w in workers if not w.is_alive()]
            if dead:
                codes = ", ".join(f"{w.name} exit code {w.exitcode}" for w in dead)
                raise WorkerDied(
                    f"a worker process died ({codes}); a negative code is the signal that ended it, "
                    "-9 often means out of memory: try fewer processes (--n-process)"
                ) from None


def _stop(workers: list[BaseProcess], tasks: Any, results: Any, *, graceful: bool) -> None:
    """Ask the workers to finish, and end the ones that do not; at once when the run is stopped."""
    if graceful:
        for worker in workers:
            if worker.is_alive():
                tasks.put(None)
    for worker in workers:
        if graceful:
            worker.join(timeout=5)
        if worker.is_alive():
            worker.terminate()
            worker.join(timeout=5)
        if worker.is_alive():
            worker.kill()
            worker.join(timeout=5)
    for q in (tasks, results):
        q.cancel_join_thread()
        q.close()


def _serve(extractor: Extractor, tasks: Any, results: Any, parent: int) -> None:
    """Worker loop: extract each chunk from ``tasks`` and put its outcomes on ``results``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    for name in ("SIGTERM", "SIGHUP"):  # the parent's handlers, inherited at fork, are not ours
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    _die_with(parent)
    while True:
        task: tuple[int, list[Document]] | None = tasks.get()
        if task is None:
            return
        chunk_id, documents = task
        results.put((chunk_id, extract_chunk(extractor, documents)))


def _die_with(parent: int) -> None:
    """End this worker as soon as its parent is gone, however the parent ended (``kill -9`` too).

    A worker whose parent has died is adopted by another process; a thread notices the
    change of parent and ends the worker, which would otherwise wait for work forever.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="quotes-parent-watch", daemon=True).start()


def extract_chunk(extractor: Extractor, documents: list[Document]) -> list[Outcome]:
    """Extract a list of documents; one outcome a document, an exception where it failed.

    Exceptions that cannot be pickled are replaced by a ``RuntimeError`` with their message,
    so that the outcome can always be sent to another process.
    """
    errors: dict[int, Exception] = {}
    found: dict[int, list[Quote]] = {}
    position = {id(document): i for i, document in enumerate(documents)}
    try:
        for document, quotes in extractor.extract_many(
            documents, on_error=lambda document, exc: errors.__setitem__(position[id(document)], exc)
        ):
            found[position[id(document)]] = quotes
    except Exception as exc:  # noqa: BLE001 - a failed chunk costs its unfinished documents only
        for i in range(len(documents)):
            if i not in found:
                errors.setdefault(i, exc)
    return [found[i] if i in found else _picklable(errors[i]) for i in range(len(documents))]


def _picklable(exc: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any failure to round-trip means: send the message instead
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
