"""A quote store in a real Datasette: the shipped facets, full-text search and canned queries over its JSON API."""

from __future__ import annotations

import json
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("datasette", reason="the datasette extra is not installed (make install installs it)")

from servers import free_port, request, running, write_store

from quotes.store.datasette import metadata_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
OUTLETS = ("Reuters", "AP", "AFP")


@pytest.fixture(scope="module")
def store(nlp, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    """The seed articles, each from another outlet, in a quote store named news.db."""
    folder = tmp_path_factory.mktemp("datasette")
    articles = folder / "articles.jsonl"
    with articles.open("w", encoding="utf-8") as fp:
        for n, (outlet, path) in enumerate(zip(OUTLETS, sorted(SEEDS.glob("*.txt")))):
            text = path.read_text(encoding="utf-8")
            fp.write(json.dumps({"id": path.name, "text": text, "outlet": outlet, "date": f"2019-03-2{n + 1}"}) + "\n")
    return write_store(nlp, [str(articles)], folder / "news.db")


@pytest.fixture(scope="module")
def datasette(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``datasette news.db`` on a free port, stopped by its PID when the module is done."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("datasette-log") / "datasette.log"
    command = [sys.executable, "-m", "datasette", "serve", str(store), "--host", "127.0.0.1", "--port", str(port)]
    with running(command, f"{base}/-/versions.json", log_path=str(log)):
        yield f"{base}/news"


def _get(url: str) -> dict:
    reply = request(url)
    assert reply.status == 200, reply.body[:500]
    return reply.json()  # type: ignore[no-any-return]


def test_quotes_table_comes_with_the_shipped_facets(datasette: str) -> None:
    data = _get(f"{datasette}/quotes.json?_size=0")
    facets = data["facet_results"]
    shipped = metadata_file()["databases"]["quotes"]["tables"]["quotes"]["facets"]
    assert set(facets) == set(shipped) >= {"speaker_id", "speaker_kind", "speaker_gender", "type", "act", "outlet", "date"}
    total = data["filtered_table_rows_count"]
    outlets = {row["value"]: row["count"] for row in facets["outlet"]["results"]}
    assert set(outlets) == set(OUTLETS) and sum(outlets.values()) == total
    kinds = {row["value"]: row["count"] for row in facets["speaker_kind"]["results"]}
    assert {"person", "group", "organization"} <= set(kinds) and sum(kinds.values()) == total
    genders = {row["value"]: row["count"] for row in facets["speaker_gender"]["results"]}
    assert set(genders) == {"male"} and 0 < genders["male"] < total, "people the seeds say nothing of count as no gender"
    assert {row["value"] for row in facets["act"]["results"]} == {"speech"}
    speakers = {row["value"]: row for row in facets["speaker_id"]["results"]}
    assert speakers["mike-pompeo"]["label"] == "Mike Pompeo", "the facet names speakers through the speakers table"


def test_full_text_search_finds_the_quote(datasette: str) -> None:
    query = urllib.parse.urlencode({"_search": "immediate release", "_shape": "objects"})
    rows = _get(f"{datasette}/quotes.json?{query}")["rows"]
    assert "Roberto Marrero’s immediate release" in {row["text"] for row in rows}
    assert all(row["speaker_id"] in ("mike-pompeo", "juan-guaido") for row in rows)


def test_speakers_facet_by_kind_and_statements_by_several_outlets(datasette: str) -> None:
    facets = _get(f"{datasette}/speakers.json?_size=0")["facet_results"]
    assert {"person", "group", "organization"} <= {row["value"] for row in facets["kind"]["results"]}
    assert {row["value"] for row in facets["gender"]["results"]} == {"male"}
    rows = _get(f"{datasette}/statements_by_several_outlets.json?_shape=objects")["rows"]
    pompeo = next(row for row in rows if row["statement"].startswith("mike-pompeo:"))
    assert pompeo["outlets"] == 3 and pompeo["speaker"] == "Mike Pompeo"
    assert all(row["outlets"] > 1 for row in rows)


def test_quotes_by_a_speaker_come_newest_first(datasette: str) -> None:
    rows = _get(f"{datasette}/quotes_by_speaker.json?speaker=mike-pompeo&_shape=objects")["rows"]
    assert len(rows) == 6
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) == 3


def test_who_gets_quoted_counts_every_quote_by_outlet_kind_and_gender(datasette: str) -> None:
    rows = _get(f"{datasette}/who_gets_quoted.json?_shape=objects")["rows"]
    total = _get(f"{datasette}/quotes.json?_size=0")["filtered_table_rows_count"]
    assert sum(row["quotes"] for row in rows) == total and {row["outlet"] for row in rows} == set(OUTLETS)
    male = _get(f"{datasette}/quotes.json?_size=0&speaker_kind=person&speaker_gender=male")["filtered_table_rows_count"]
    assert sum(row["quotes"] for row in rows if (row["kind"], row["gender"]) == ("person", "male")) == male


def test_column_descriptions_show_on_the_table_page(datasette: str) -> None:
    page = request(f"{datasette}/quotes").body.decode("utf-8")
    assert "The rule that found the speaker" in page and "never a first name" in page


def test_a_database_that_is_not_a_store_gets_no_quote_settings(tmp_path: Path) -> None:
    import sqlite3

    from quotes.store.datasette import store_columns

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table quotes (text)")
    assert store_columns(str(other)) is None
    assert store_columns(str(tmp_path / "missing.db")) is None
