"""Extraction on a real Dask cluster (two worker processes on loopback) equals the local run."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

import quotes.backends.dask
from quotes import cli
from quotes.backends.dask import ExtractOptions, ExtractorPlugin, extract_input, extract_on_cluster
from quotes.crossdoc.run import RunWriter
from quotes.pipeline import Extractor
from quotes.read import read_documents
from quotes.store import StoreWriter

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Two JSONL inputs from the seed articles; the same articles recur across them."""
    folder = tmp_path_factory.mktemp("cluster-inputs")
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    layout = {"a.jsonl": [0, 1], "b.jsonl": [2, 0, 1]}
    paths = []
    for name, which in layout.items():
        path = folder / name
        with path.open("w", encoding="utf-8") as fp:
            for n, i in enumerate(which):
                fp.write(json.dumps({"id": f"{name}-{n}", "text": texts[i], "title": f"seed {i}"}) + "\n")
        paths.append(str(path))
    return paths


def _local_run(nlp, inputs: list[str], output: Path, db: Path) -> None:  # type: ignore[no-untyped-def]
    """What ``quotes extract INPUT... -o OUTPUT --db DB`` does, with the session's pipeline."""
    with output.open("w", encoding="utf-8", newline="\n") as out, StoreWriter(db) as store:
        writer = RunWriter(out, spool_dir=output.parent, store=store)
        documents = read_documents(inputs, on_problem=lambda problem: pytest.fail(str(problem)))
        for document, quotes in Extractor(nlp).extract_many(documents):
            writer.write(document, quotes)
        writer.close()


def _evidence(db: Path) -> dict[tuple[str, int], str | None]:
    """The gender evidence a store keeps for later runs, by quote."""
    rows = sqlite3.connect(db).execute("select doc_id, [index], speaker_evidence from quotes").fetchall()
    return {(doc_id, index): evidence for doc_id, index, evidence in rows}


def test_cluster_output_equals_single_process_output_line_for_line(nlp, inputs: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    local = tmp_path / "local.jsonl"
    _local_run(nlp, inputs, local, tmp_path / "local.db")
    expected = local.read_text(encoding="utf-8").splitlines()
    assert expected, "the seeds hold quotes"

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        run = extract_on_cluster(client, inputs, str(tmp_path / "parts"), speakers=str(tmp_path / "speakers.jsonl"))
        loaded = client.run(lambda dask_worker: len(dask_worker.plugins["quotes-extractor"]._extractors))
        # the command line, pointed at the same scheduler's address
        capsys.readouterr()
        status = cli.main(["extract", *inputs, "--scheduler", cluster.scheduler_address, "-o", str(tmp_path / "cli"),
                           "--db", str(tmp_path / "cli.db")])
        summary = capsys.readouterr().err.strip()

    assert [Path(p).name for p in run.parts] == ["part-00000.jsonl", "part-00001.jsonl"]
    got = [line for part in run.parts for line in Path(part).read_text(encoding="utf-8").splitlines()]
    assert sorted(got) == sorted(expected)
    assert run.documents == 5
    assert run.quotes == len(expected)
    assert run.problems == ()
    assert (tmp_path / "speakers.jsonl").read_text(encoding="utf-8").strip()
    assert all(n <= 1 for n in loaded.values()), "each worker loads the model at most once"
    assert status == 0
    from_cli = [line for part in sorted((tmp_path / "cli").glob("part-*.jsonl")) for line in part.read_text(encoding="utf-8").splitlines()]
    assert sorted(from_cli) == sorted(expected)
    # the quote store the client wrote holds the same records, the metadata of each article with them
    from quotes.store import read_quotes

    stored = sorted(json.dumps(record, sort_keys=True) for record in read_quotes(tmp_path / "cli.db"))
    assert stored == sorted(json.dumps(json.loads(line), sort_keys=True) for line in expected)
    evidence = _evidence(tmp_path / "cli.db")
    assert evidence == _evidence(tmp_path / "local.db") and any(evidence.values()), "with the evidence later runs need"
    # the summary of a local run, word for word
    records = [json.loads(line) for line in expected]
    kinds = ", ".join(f"{sum(r['type'] == t for r in records)} {t}" for t in ("direct", "partial", "indirect"))
    assert summary == (
        f"quotes: read 5 documents, wrote {len(records)} quotes ({kinds}) by {len(run.resolution.speakers)} speakers "
        f"from {len({r['doc_id'] for r in records})} documents to {tmp_path / 'cli'} (2 parts) and the store "
        f"{tmp_path / 'cli.db'}; skipped 0"
    )


def test_scheduler_option_needs_an_output_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["extract", "seeds", "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "-o FOLDER" in capsys.readouterr().err


def test_extract_input_outside_a_cluster_reports_bad_lines(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "“We will win,” Mayor Ida Holm said."}\nnot json\n', encoding="utf-8")
    result = extract_input(str(path), ExtractOptions(), extractor=Extractor(nlp))
    assert [doc_id for doc_id, _, _ in result.documents] == ["x"]
    assert len(result.documents[0][2]) == 1
    assert len(result.problems) == 1 and ":2:" in str(result.problems[0])


def test_plugin_builds_one_extractor_per_options(nlp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(quotes.backends.dask, "_build", lambda options: Extractor(nlp, min_confidence=options.min_confidence))
    plugin = ExtractorPlugin()
    first = plugin.extractor(ExtractOptions())
    assert plugin.extractor(ExtractOptions()) is first
    assert plugin.extractor(ExtractOptions(min_confidence=0.5)) is not first
