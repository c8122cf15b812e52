"""The quote store: the records and speaker index of JSON Lines, added to run by run, never half-written."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils

from quotes import cli
from quotes.crossdoc.index import CrossDocIndex
from quotes.crossdoc.run import RunWriter
from quotes.export.jsonl import read_quotes as read_jsonl
from quotes.pipeline import Extractor
from quotes.read import read_documents
from quotes.store import StoreWriter, read_quotes, read_speakers
from quotes.store.reader import stored_documents
from quotes.store.schema import record_to_row, row_to_record
from quotes.types import Quote, Speaker

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _key(record: dict) -> tuple[str, int]:
    return record["doc_id"], record["index"]


def _run(nlp, inputs: list[str], *, db: Path | None = None, out: Path | None = None,  # type: ignore[no-untyped-def]
         speakers: Path | None = None) -> None:
    """What ``quotes extract INPUT... [-o OUT] [--speakers S] [--db DB]`` does, with the session's pipeline."""
    out_fp = out.open("w", encoding="utf-8") if out else None
    speakers_fp = speakers.open("w", encoding="utf-8") if speakers else None
    store = StoreWriter(db) if db else None
    try:
        writer = RunWriter(out_fp, speakers=speakers_fp, store=store, spool_dir=(db or out).parent)  # type: ignore[union-attr]
        documents = read_documents(inputs, on_problem=lambda problem: pytest.fail(str(problem)))
        for document, quotes in Extractor(nlp).extract_many(documents):
            writer.write(document, quotes)
        writer.close()
    finally:
        for fp in (out_fp, speakers_fp):
            if fp:
                fp.close()
        if store:
            store.close()


@pytest.fixture(scope="module")
def single_run(nlp, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """The seeds in one run: JSON Lines, speaker index and a store."""
    folder = tmp_path_factory.mktemp("single")
    paths = {"out": folder / "seeds.jsonl", "speakers": folder / "speakers.jsonl", "db": folder / "seeds.db"}
    _run(nlp, [str(SEEDS)], **paths)
    return paths


@pytest.fixture(scope="module")
def halves(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seeds in two folders, so that document ids are those of one run over seeds/."""
    folder = tmp_path_factory.mktemp("halves")
    first, second = folder / "first", folder / "second"
    first.mkdir()
    second.mkdir()
    for i, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        shutil.copy(path, (second if i == 2 else first) / path.name)
    return first, second


def test_store_gives_back_the_jsonl_records_and_speaker_index(single_run: dict[str, Path]) -> None:
    expected = list(read_jsonl(single_run["out"]))
    assert len(expected) > 40
    assert list(read_quotes(single_run["db"])) == expected
    assert read_speakers(single_run["db"]) == list(read_jsonl(single_run["speakers"]))


def test_store_tables_keys_and_search(single_run: dict[str, Path]) -> None:
    db = sqlite_utils.Database(single_run["db"])
    assert set(db.table_names()) >= {"documents", "quotes", "speakers", "statements", "quotes_fts"}
    assert db["documents"].count == 3
    assert {fk.other_table for fk in db["quotes"].foreign_keys} == {"documents", "speakers", "statements"}
    assert db["quotes"].pks == ["doc_id", "index"]
    found = list(db["quotes"].search("immediate release", columns=["doc_id", "speaker_id", "statement"]))
    assert "mike-pompeo" in {row["speaker_id"] for row in found}
    assert "juan-guaido" in {row["speaker_id"] for row in found}, "stemmed: “released immediately” is found too"
    assert list(db["quotes"].search("Pompeo")), "speaker names are searched too"
    indexed = {column for index in db["quotes"].indexes for column in index.columns}
    assert {"speaker_id", "speaker_kind", "speaker_gender", "type", "act", "statement", "date"} <= indexed
    assert {"kind", "gender"} <= {column for index in db["speakers"].indexes for column in index.columns}
    # every quote's speaker and statement has its row; the texts hold the offsets
    speakers = {row["id"] for row in db["speakers"].rows}
    statements = {row["id"] for row in db["statements"].rows}
    texts = {row["id"]: row["text"] for row in db["documents"].rows}
    for row in db["quotes"].rows:
        assert row["speaker_id"] is None or row["speaker_id"] in speakers
        assert row["statement"] is None or row["statement"] in statements
        assert texts[row["doc_id"]][row["start"] : row["end"]] == row["text"]
    pompeo = db["speakers"].get("mike-pompeo")
    assert json.loads(pompeo["titles"]) == ["U.S. Secretary of State"]
    assert pompeo["document_count"] == 3 and pompeo["statement_count"] == 1
    guaido = db["speakers"].get("juan-guaido")
    assert guaido["kind"] == "person" and guaido["gender"] == "male" and len(json.loads(guaido["gender_evidence"])) > 1


def test_quotes_carry_kind_gender_act_and_clause_with_the_evidence_for_later_runs(single_run: dict[str, Path]) -> None:
    db = sqlite_utils.Database(single_run["db"])
    kinds = {row["speaker_kind"] for row in db["quotes"].rows}
    assert {"person", "group", "organization"} <= kinds
    assert {row["act"] for row in db["quotes"].rows} == {"speech"}
    assert db["quotes"].count_where("clause_text is not null") > 0
    row = next(db["quotes"].rows_where("speaker_id = 'nicolas-maduro' and speaker_evidence is not null"))
    shown, pieces = json.loads(row["speaker_gender_evidence"]), json.loads(row["speaker_evidence"])
    assert row["speaker_gender"] == "male" == shown["gender"] and shown in pieces
    texts = {r["id"]: r["text"] for r in db["documents"].rows}
    assert all(texts[p["doc_id"]][p["start"] : p["end"]] == p["text"] for p in pieces)
    # the record leaves the evidence out, as JSON Lines does; the quotes a later run reads keep it
    record = next(r for r in read_quotes(single_run["db"]) if (r["doc_id"], r["index"]) == (row["doc_id"], row["index"]))
    assert "evidence" not in record["speaker"] and record["speaker"]["gender_evidence"] == shown
    stored = {(doc_id, q.index): q for doc_id, _, quotes in stored_documents(db) for q in quotes}
    assert [e.to_dict() for e in stored[(row["doc_id"], row["index"])].speaker.evidence] == pieces  # type: ignore[union-attr]


def test_runs_add_up_to_one_run_and_the_same_article_again_replaces_its_rows(  # type: ignore[no-untyped-def]
    nlp, single_run: dict[str, Path], halves: tuple[Path, Path], tmp_path: Path
) -> None:
    first, second = halves
    db = tmp_path / "store.db"
    _run(nlp, [str(second)], db=db)  # the third article first: the order must not matter
    before = {record["speaker"]["id"] for record in read_quotes(db) if record["speaker"]}
    _run(nlp, [str(first)], db=db)
    _run(nlp, [str(first)], db=db)  # again: replaced, not duplicated
    expected = sorted(read_jsonl(single_run["out"]), key=_key)
    assert sorted(read_quotes(db), key=_key) == expected
    assert read_speakers(db) == list(read_jsonl(single_run["speakers"]))
    assert sqlite_utils.Database(db)["documents"].count == 3
    after = {record["speaker"]["id"] for record in read_quotes(db) if record["speaker"]}
    assert before <= after, "the ids of the first run's speakers are kept"


def test_speakers_command_reads_a_store_as_it_reads_jsonl(single_run: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["speakers", str(single_run["db"]), "--json", "-q"]) == 0
    printed = capsys.readouterr().out
    assert printed == single_run["speakers"].read_text(encoding="utf-8")


def test_a_stored_statement_keeps_its_id_when_an_earlier_document_joins_it() -> None:
    speaker = Speaker("Ann Lee", "ann-lee", "Ann Lee", 0, 7)

    def quote(doc: str, text: str, statement: str | None = None) -> Quote:
        return Quote(doc, 0, text, 10, 10 + len(text), "direct", speaker, None, 0.9, "r", statement=statement)

    words = "the bridge over the river will reopen for traffic in early spring"
    fresh = CrossDocIndex()
    fresh.add("m", [quote("m", words)])
    fresh.add("n", [quote("n", words)])
    (statement,) = set(fresh.resolve().statements.values())
    # a document whose id sorts first reports it too: a new run would name the group after it
    index = CrossDocIndex()
    index.add("m", [quote("m", words, statement)], stored=True)
    index.add("n", [quote("n", words, statement)], stored=True)
    index.add("a", [quote("a", words)])
    assert set(index.resolve().statements.values()) == {statement}
    renamed = CrossDocIndex()
    for doc in "mna":
        renamed.add(doc, [quote(doc, words)])
    assert set(renamed.resolve().statements.values()) != {statement}, "without stored ids the id would change"


def test_a_stored_speaker_keeps_its_id_when_a_namesake_arrives() -> None:
    def quote(doc: str, name: str, mention: str) -> Quote:
        return Quote(doc, 0, "words", 10, 15, "direct", Speaker(name, "", mention, 0, len(mention)), None, 0.9, "r")

    index = CrossDocIndex()
    index.add("a", [quote("a", "Hillary Clinton", "Clinton")], stored=True)  # resolved by an earlier run
    index.add("h", [quote("h", "Hillary Clinton", "Hillary Clinton")], stored=True)
    index.add("b", [quote("b", "Bill Clinton", "Bill Clinton")])
    index.add("c", [quote("c", "Clinton", "Clinton")])
    resolution = index.resolve()
    assert resolution.speaker_of_key["hillary clinton"] == "hillary-clinton"
    assert resolution.speaker_of_key["clinton"] == "clinton", "a new bare surname of two people stays apart"


def test_new_fields_of_a_record_become_columns_and_come_back() -> None:
    record = {
        "outlet": "Reuters", "doc_id": "a", "index": 0, "text": "x", "start": 0, "end": 1, "type": "direct",
        "speaker": {"name": "Ann Lee", "id": "ann-lee", "mention": "she", "start": 2, "end": 5, "title": None,
                    "kind": "person", "gender": "female", "gender_evidence": {"type": "conflict", "evidence": [
                        {"type": "pronoun", "text": "she", "gender": "female", "doc_id": "a", "start": 2, "end": 5},
                        {"type": "honorific", "text": "Mr.", "gender": "male", "doc_id": "b", "start": 0, "end": 3}]}},
        "cue": None, "confidence": 0.5, "rule": "r", "act": "speech",
    }  # fmt: skip
    row = record_to_row(record)
    assert row["speaker_kind"] == "person" and row["speaker_gender"] == "female" and row["speaker_title"] is None
    assert json.loads(row["speaker_gender_evidence"]) == record["speaker"]["gender_evidence"]  # type: ignore[index]
    assert "cue_text" not in row and "clause_text" not in row and "statement" not in row
    assert row_to_record({**row, "cue_text": None, "clause_text": None, "statement": None, "url": None}) == record


def test_extract_with_db_writes_no_jsonl_and_says_where_the_quotes_went(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "out" / "seeds.db"
    assert cli.main(["extract", str(SEEDS), "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"to the store {db}; skipped 0" in captured.err
    assert len(list(read_quotes(db))) > 40
    assert not list(tmp_path.glob("out/*.journal")), "the journal goes when the run is complete"


def test_db_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "notes.db"
    db.write_text("my notes, not a database\n", encoding="utf-8")
    assert cli.main(["extract", str(SEEDS), "--db", str(db)]) == 2
    assert f"{db} cannot be used as a quote store" in capsys.readouterr().err
    assert db.read_text(encoding="utf-8") == "my notes, not a database\n"


def test_reading_what_is_not_a_store_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="quotes extract INPUT... --db"):
        list(read_quotes(tmp_path / "missing.db"))
    other = tmp_path / "other.db"
    sqlite_utils.Database(other)["t"].insert({"a": 1})
    with pytest.raises(ValueError, match="without the quotes and documents tables"):
        list(read_quotes(other))
    with pytest.raises(ValueError, match="not a SQLite database"):
        read_speakers(ROOT / "README.md")


def test_a_run_that_fails_leaves_the_store_as_it_was(nlp, single_run: dict[str, Path], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "store.db"
    shutil.copy(single_run["db"], db)
    before = list(read_quotes(db))
    store = StoreWriter(db)
    writer = RunWriter(None, store=store, spool_dir=tmp_path)
    with pytest.raises(RuntimeError, match="disk on fire"):
        try:
            documents = read_documents([str(SEEDS)], on_problem=lambda problem: pytest.fail(str(problem)))
            for document, quotes in Extractor(nlp).extract_many(documents):
                writer.write(document, quotes)  # replaces the stored rows of this article, for now
                assert list(read_quotes(db)) == before, "a reader sees the store as it was while a run writes"
                raise RuntimeError("disk on fire")
        except BaseException:
            store.abort()
            raise
    assert list(read_quotes(db)) == before


def test_a_second_writer_is_refused_while_a_run_writes(tmp_path: Path) -> None:
    from quotes.export.files import OutputBusy

    db = tmp_path / "store.db"
    with StoreWriter(db), pytest.raises(OutputBusy, match="being written by another quotes run"):
        StoreWriter(db)


def test_a_killed_run_leaves_the_store_whole_and_resume_finishes_it(single_run: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    shutil.copy(single_run["db"], db)
    before = list(read_quotes(db))
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    articles = tmp_path / "many.jsonl"
    with articles.open("w", encoding="utf-8") as fp:
        for n in range(60):
            fp.write(json.dumps({"id": f"copy-{n}", "text": texts[n % 3], "outlet": f"outlet {n % 4}"}) + "\n")
    command = [sys.executable, "-m", "quotes", "extract", str(articles), "--db", str(db), "-q"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    journal = Path(f"{db}.journal")
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if journal.exists() and journal.read_text(encoding="utf-8").count("\n") > 3:
            break
        time.sleep(0.05)
    assert process.poll() is None, f"the run ended before it could be killed: {process.stderr.read() if process.stderr else ''}"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert list(read_quotes(db)) == before
    assert sqlite3.connect(db).execute("pragma integrity_check").fetchone() == ("ok",)
    finished = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    stored = list(read_quotes(db))
    assert len({r["doc_id"] for r in stored}) == 63
    assert {r["outlet"] for r in stored if r["doc_id"].startswith("copy-")} == {f"outlet {n}" for n in range(4)}


def test_worker_processes_write_the_store_of_one_process(single_run: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "parallel.db"
    assert cli.main(["extract", str(SEEDS), "--n-process", "2", "--db", str(db), "-q"]) == 0
    assert list(read_quotes(db)) == list(read_jsonl(single_run["out"]))
    assert read_speakers(db) == list(read_jsonl(single_run["speakers"]))


def test_a_later_article_that_says_a_gender_updates_the_stored_quotes(tmp_path: Path) -> None:
    from quotes.types import Document, GenderEvidence

    def article(doc: str, word: str | None) -> tuple[Document, list[Quote]]:
        text = f"{word or 'Ann'} Ann Lee said: “The bridge will reopen.”"
        evidence = (GenderEvidence("honorific", word, "female" if word == "Mrs." else "male", doc, 0, len(word)),) if word else ()
        speaker = Speaker("Ann Lee", "", "Ann Lee", len(word or "Ann") + 1, len(word or "Ann") + 8, evidence=evidence)
        start = text.index("The")
        quote = Quote(doc, 0, text[start:-1], start, len(text) - 1, "direct", speaker, None, 0.9, "r")
        return Document(doc, text), [quote]

    def run(*articles: tuple[Document, list[Quote]], db: Path) -> list[dict]:
        out = io.StringIO()
        with StoreWriter(db) as store:
            writer = RunWriter(out, store=store, spool_dir=tmp_path)
            for document, quotes in articles:
                writer.write(document, quotes)
            writer.close()
        return [json.loads(line) for line in out.getvalue().splitlines()]

    db = tmp_path / "store.db"
    run(article("a", None), db=db)
    assert next(read_quotes(db))["speaker"]["gender"] is None
    run(article("b", "Mrs."), db=db)
    first = next(read_quotes(db))["speaker"]
    assert first["gender"] == "female" and first["gender_evidence"]["doc_id"] == "b", "the stored quote learns it"
    run(article("c", "Mr."), db=db)
    stored = sorted(read_quotes(db), key=_key)
    at_once = run(article("a", None), article("b", "Mrs."), article("c", "Mr."), db=tmp_path / "at-once.db")
    assert stored == at_once
    assert {r["speaker"]["gender"] for r in stored} == {None}
    assert {r["speaker"]["gender_evidence"]["type"] for r in stored} == {"conflict"}
    assert read_speakers(db) == read_speakers(tmp_path / "at-once.db")


def test_report_reads_a_store_as_it_reads_jsonl(single_run: dict[str, Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    pages = {}
    for name in ("db", "out"):
        page, tables = tmp_path / f"{name}.html", tmp_path / f"{name}.json"
        assert cli.main(["report", str(single_run[name]), "-o", str(page), "--json", str(tables)]) == 0
        assert "reported 48 quotes from 3 documents in" in capsys.readouterr().err
        pages[name] = (page.read_text(encoding="utf-8"), json.loads(tables.read_text(encoding="utf-8")))
    assert pages["db"] == pages["out"]
    top = pages["db"][1]["tables"]["top_speakers"]["rows"]
    assert top[0][:4] == ["Juan Guaido", "juan-guaido", "person", "male"]


def test_report_resolves_new_articles_with_the_store_and_skips_what_is_not_one(
    single_run: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "new.txt"
    article.write_text("“The people of Venezuela deserve better,” Pompeo said on Monday.\n", encoding="utf-8")
    other = tmp_path / "other.db"
    sqlite_utils.Database(other)["t"].insert({"a": 1})
    tables = tmp_path / "tables.json"
    code = cli.main(["report", str(single_run["db"]), str(other), str(article), "--json", str(tables), "-o", str(tmp_path / "r.html")])
    err = capsys.readouterr().err
    assert code == 1 and f"skipped {other}: cannot read it as a quote store" in err and "skipped 1" in err
    loaded = json.loads(tables.read_text(encoding="utf-8"))
    assert loaded["summary"]["documents"] == 4 and loaded["summary"]["quotes"] == 49
    pompeo = next(row for row in loaded["tables"]["top_speakers"]["rows"] if row[1] == "mike-pompeo")
    assert pompeo[0] == "Mike Pompeo" and pompeo[4:6] == [7, 4], "the new article's bare “Pompeo” joins the stored speaker"


def test_a_speakers_evidence_is_stored_once_an_article_not_once_a_quote(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from quotes.types import Document

    text = "Mayor Ida Holm spoke on Tuesday.\n\n" + "\n\n".join(f"“The bridge will reopen in {n} days,” she said." for n in range(60))
    db = tmp_path / "store.db"
    with StoreWriter(db) as store:
        writer = RunWriter(None, store=store, spool_dir=tmp_path)
        for document, quotes in Extractor(nlp).extract_many([Document("holm", text)]):
            writer.write(document, quotes)
        writer.close()
    rows = list(sqlite_utils.Database(db)["quotes"].rows)
    pieces = [json.dumps(p, sort_keys=True) for row in rows if row["speaker_evidence"] for p in json.loads(row["speaker_evidence"])]
    assert len(rows) == 60 and len(pieces) == len(set(pieces)) >= 60, "each piece once, with the speaker's first quote"
    assert {row["speaker_gender"] for row in rows} == {"female"}
