"""Extraction on a Dask cluster: one task per input file, the same output as one process.

Needs the ``dask`` extra (``pip install 'quotes[dask]'``). A run has three steps, the
same as :class:`quotes.crossdoc.run.RunWriter` makes of a local run:

1. Each input (a JSONL file, a text file, a folder) is read and extracted by a task on a
   worker, with the pipeline that worker loaded once (:class:`ExtractorPlugin`).
2. The client collects the results input by input, in input order, into one
   :class:`quotes.crossdoc.index.CrossDocIndex` (compact records only; each input's quotes are
   dropped once indexed) and resolves speakers and statements across the whole run.
3. Workers write each input's quotes, with the run-wide speakers and statement ids, as one
   JSON Lines part: ``OUTPUT/part-00000.jsonl``, ``part-00001.jsonl``, ... in input order.

An input is the unit of work, so an archive should come as many files (``split -l 10000
big.jsonl part-`` makes them). The inputs must be paths every worker can read (a shared
file system); ``OUTPUT`` a folder every worker can write to, or any URL ``fsspec`` knows
(``s3://...``). Each worker needs ``quotes`` and the spaCy model installed.

>>> from distributed import Client                               # doctest: +SKIP
>>> from quotes.cluster import extract_on_cluster                # doctest: +SKIP
>>> with Client("tcp://scheduler.example.org:8786") as client:   # doctest: +SKIP
...     run = extract_on_cluster(client, ["/data/news/2019-01.jsonl"], "/data/quotes")
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from distributed import WorkerPlugin, get_worker

from quotes.crossdoc.index import CrossDocIndex, Resolution
from quotes.crossdoc.run import finalise_jsonl
from quotes.export.files import replaced_when_done
from quotes.export.jsonl import read_quotes, write_lines, write_quotes
from quotes.read import SKIPPED, Problem, read_documents
from quotes.types import QUOTE_TYPES, UNATTRIBUTED, Document, Quote

if TYPE_CHECKING:
    from distributed import Client, Worker

    from quotes.pipeline import Extractor
    from quotes.store.writer import StoreWriter

log = logging.getLogger(__name__)

#: Name under which :class:`ExtractorPlugin` is registered on the workers.
PLUGIN_NAME = "quotes-extractor"


@dataclass(frozen=True)
class ExtractOptions:
    """What a worker needs to build its extractor; the key of its cache.

    Attributes:
        model: spaCy pipeline package or path; ``None`` for :func:`quotes.loader.load_model`'s
            default (``$QUOTES_MODEL`` on the worker, else an installed English package).
        min_confidence: Quotes less sure than this are dropped.
        acts: Keep only quotes of these acts; ``None`` keeps every act.
        unattributed: Also write the quoted passages no speaker was found for.
        full_parse: Parse every paragraph (see :class:`quotes.pipeline.Extractor`).
        max_chars: Longer documents are skipped.
    """

    model: str | None = None
    min_confidence: float = 0.0
    acts: tuple[str, ...] | None = None
    unattributed: bool = False
    full_parse: bool = False
    max_chars: int = 1_000_000


class ExtractorPlugin(WorkerPlugin):
    """Keeps one extractor per set of options on each worker, so the model loads once per worker.

    Registered by :func:`extract_on_cluster`; tasks reach it through ``get_worker().plugins``.
    """

    name = PLUGIN_NAME

    def __init__(self) -> None:
        self._extractors: dict[ExtractOptions, Extractor] = {}

    def setup(self, worker: Worker) -> None:
        """Start each worker with no model loaded; the first task loads it."""
        self._extractors = {}

    def teardown(self, worker: Worker) -> None:
        """Drop the loaded models."""
        self._extractors.clear()

    def extractor(self, options: ExtractOptions) -> Extractor:
        """The worker's extractor for ``options``, built (and its model loaded) on first use."""
        extractor = self._extractors.get(options)
        if extractor is None:
            extractor = self._extractors[options] = _build(options)
        return extractor


def _build(options: ExtractOptions) -> Extractor:
    from quotes.pipeline import Extractor

    return Extractor(
        options.model, min_confidence=options.min_confidence, full_parse=options.full_parse,
        acts=options.acts, unattributed=options.unattributed,
    )


def _worker_extractor(options: ExtractOptions) -> Extractor:
    """The extractor of the worker this task runs on (or a fresh one outside a cluster)."""
    try:
        plugin = get_worker().plugins.get(PLUGIN_NAME)
    except ValueError:  # not on a distributed worker
        plugin = None
    if isinstance(plugin, ExtractorPlugin):
        return plugin.extractor(options)
    log.warning("no %s plugin on this worker: loading the model for this task alone", PLUGIN_NAME)
    return _build(options)


@dataclass
class InputResult:
    """What one task returns for one input: each document's quotes, and what could not be read.

    Attributes:
        documents: ``(document id, text, quotes)`` per document, in input order.
        problems: Unreadable inputs, records and documents, as the local reader reports them.
        metadata: Document id -> its metadata, for a quote store (``quotes extract --db``).
    """

    documents: list[tuple[str, str, list[Quote]]] = field(default_factory=list)
    problems: list[Problem | str] = field(default_factory=list)
    metadata: dict[str, Mapping[str, object]] = field(default_factory=dict)


def extract_input(path: str, options: ExtractOptions, *, extractor: Extractor | None = None) -> InputResult:
    """Extract one input on a worker (step 1).

    Args:
        path: A JSONL file, text file or folder, as for ``quotes extract``.
        options: Extraction options.
        extractor: Use this extractor instead of the worker's (built from ``options``).

    Returns:
        The documents' quotes and the problems met, in input order.
    """
    result = InputResult()
    extractor = extractor or _worker_extractor(options)
    documents = read_documents([path], on_problem=result.problems.append, max_chars=options.max_chars)

    def failed(document: Document, exc: Exception) -> None:
        where = document.source + (f":{document.line}" if document.line else "")
        result.problems.append(f"{where}: could not process document {document.id!r}: {type(exc).__name__}: {exc}")

    for document, quotes in extractor.extract_many(documents, on_error=failed):
        result.documents.append((document.id, document.text, quotes))
        if document.meta:
            result.metadata[document.id] = dict(document.meta)
    return result


def _quotes_only(result: InputResult) -> list[Quote]:
    """The quotes of one input, without the texts, kept on the worker for step 3."""
    return [quote for _, _, quotes in result.documents for quote in quotes]


def write_part(quotes: Sequence[Quote], resolution: Resolution, path: str) -> int:
    """Write one input's quotes with their run-wide speakers and statements (step 3).

    Records are written exactly as :class:`quotes.crossdoc.run.RunWriter` writes them.

    Args:
        quotes: The input's quotes, in document order.
        resolution: The run's cross-document resolution.
        path: Where to write the part (a path or an ``fsspec`` URL).

    Returns:
        The number of records written.
    """
    spool = io.StringIO()
    write_quotes(quotes, spool)
    spool.seek(0)
    with _opened(path) as out:
        return finalise_jsonl(spool, out, resolution)


@dataclass(frozen=True)
class ClusterRun:
    """The outcome of :func:`extract_on_cluster`.

    Attributes:
        parts: The JSON Lines parts written, in input order.
        documents: Documents extracted.
        quotes: Quotes written.
        problems: What could not be read or processed, one message each (and notes on
            files passed over and ids renamed, as the local reader gives them).
        resolution: The cross-document resolution (speakers, statements).
        skipped: Inputs, records and documents left out.
        types: Quotes written of each type, and under ``"unattributed"`` those with no speaker.
        documents_with_quotes: Documents with at least one quote.
    """

    parts: tuple[str, ...]
    documents: int
    quotes: int
    problems: tuple[str, ...]
    resolution: Resolution
    skipped: int = 0
    types: Mapping[str, int] = field(default_factory=dict)
    documents_with_quotes: int = 0


def merge_results(
    results: Iterator[InputResult], *, index: CrossDocIndex | None = None, store: StoreWriter | None = None
) -> Resolution:
    """Step 2: index each input's results in order and resolve across the run.

    The same cross-document step as a local run (:class:`quotes.crossdoc.index.CrossDocIndex`).

    Args:
        results: Each input's result, in input order.
        index: The index to collect into; default a new one.
        store: A quote store the run is added to: each document goes to it, and the quotes
            it holds already join the resolution.

    Returns:
        The run's resolution.
    """
    index = index or CrossDocIndex()
    for result in results:
        for doc_id, text, quotes in result.documents:
            index.add(doc_id, quotes, text=text)
            if store is not None:
                store.add_document(Document(doc_id, text, meta=result.metadata.get(doc_id, {})), quotes)
    if store is not None:
        store.settle(index)
    return index.resolve()


def extract_on_cluster(
    client: Client,
    inputs: Sequence[str],
    output: str,
    *,
    options: ExtractOptions | None = None,
    speakers: str | None = None,
    store: StoreWriter | None = None,
) -> ClusterRun:
    """Extract quotes from ``inputs`` on the cluster of ``client`` into JSON Lines parts.

    Args:
        client: A ``distributed.Client`` connected to the scheduler.
        inputs: JSONL files, text files or folders; each is one task.
        output: Folder (or ``fsspec`` URL) for ``part-NNNNN.jsonl``, one part per input.
        options: Extraction options; default those of ``quotes extract``.
        speakers: Where the client writes the speaker index (JSON Lines), if anywhere.
        store: A quote store the client adds the run to (:class:`quotes.store.StoreWriter`),
            from the texts it receives and the parts once written; the caller commits it.

    Returns:
        The parts written, counts, problems and the resolution.

    Raises:
        TypeError: ``inputs`` is a single string rather than a sequence of them.
        ValueError: ``inputs`` is empty.
    """
    _check_inputs(inputs, output)
    options = options or ExtractOptions()
    client.register_plugin(ExtractorPlugin(), name=PLUGIN_NAME)
    extracted = client.map(extract_input, list(inputs), options=options, pure=False)
    kept = client.map(_quotes_only, extracted, pure=False)
    problems: list[str] = []
    counts: Counter[str] = Counter()

    def in_order() -> Iterator[InputResult]:
        for future in extracted:
            result: InputResult = future.result()
            future.release()  # the texts are no longer needed once indexed
            for problem in result.problems:
                problems.append(str(problem))
                counts["skipped"] += not isinstance(problem, Problem) or problem.kind == SKIPPED
            counts["documents"] += len(result.documents)
            for _, _, quotes in result.documents:
                counts["documents with quotes"] += bool(quotes)
                counts.update(quote.type for quote in quotes)
                counts[UNATTRIBUTED] += sum(quote.speaker is None for quote in quotes)
            yield result

    resolution = merge_results(in_order(), store=store)
    shared = client.scatter(resolution, broadcast=True)
    parts = [f"{output.rstrip('/')}/part-{i:05d}.jsonl" for i in range(len(inputs))]
    written = client.gather(client.map(write_part, kept, [shared] * len(parts), parts, pure=False))
    if speakers is not None:
        with _opened(speakers) as fp:
            write_lines(resolution.speaker_records(), fp)
    if store is not None:
        store.write(resolution, _read_parts(parts))
    return ClusterRun(
        parts=tuple(parts),
        documents=counts["documents"],
        quotes=sum(written),
        problems=tuple(problems),
        resolution=resolution,
        skipped=counts["skipped"],
        types={kind: counts[kind] for kind in (*QUOTE_TYPES, UNATTRIBUTED)},
        documents_with_quotes=counts["documents with quotes"],
    )


def _check_inputs(inputs: Sequence[str], output: str) -> None:
    """Refuse a single path given for a list of them and an empty list; make the output folder."""
    import fsspec

    if isinstance(inputs, str):
        raise TypeError(f"inputs must be a sequence of paths, not a single path: use [{inputs!r}]")
    if not inputs:
        raise ValueError("inputs is empty: give at least one JSONL file, text file or folder")
    fs, root = fsspec.core.url_to_fs(output)
    fs.makedirs(root, exist_ok=True)


def _read_parts(parts: Sequence[str]) -> Iterator[dict[str, object]]:
    """The records of the parts written, in order (read back through ``fsspec``)."""
    import fsspec

    for part in parts:
        with fsspec.open(part, "r", encoding="utf-8") as stream:
            yield from read_quotes(stream)


@contextlib.contextmanager
def _opened(path: str) -> Iterator[IO[str]]:
    """Open an output for writing: replaced only when complete on a local disk, else through ``fsspec``."""
    import fsspec

    if "://" not in path:
        with replaced_when_done(path) as stream:
            yield stream
        return
    with fsspec.open(path, "w", encoding="utf-8", newline="\n") as stream:
        yield stream
