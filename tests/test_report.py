"""The sourcing report: its tables, CSV and JSON, the command, and the page in a real headless Chromium."""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import Chromium, find_chromium

from quotes.cli import main
from quotes.report import build_tables, render_report, tables_json, write_csv
from quotes.report.tables import Table, choose_period

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<script>window.pwned = 1</script><img src=x onerror='window.pwned=2'>"


def _record(doc: str, sid: str | None, *, kind: str = "person", gender: str | None = None, outlet: str | None = None,
            date: str | None = None, statement: str | None = None, name: str | None = None, text: str = "It is.") -> dict[str, Any]:
    record: dict[str, Any] = {"doc_id": doc, "index": 0, "text": text, "start": 0, "end": len(text), "type": "direct",
                              "cue": None, "confidence": 0.9, "rule": "test", "act": "speech"}
    record["speaker"] = None if sid is None else {
        "name": name or sid.title(), "id": sid, "mention": sid, "start": 0, "end": 1, "title": None,
        "kind": kind, "gender": gender, "gender_evidence": None,
    }
    if outlet:
        record["publisher"] = outlet
    if date:
        record["date"] = date
    if statement:
        record["statement"] = statement
    return record


RECORDS = [
    _record("a1", "ann", gender="female", outlet="Daily", date="2016-09-08", statement="ann:1"),
    _record("a1", "ann", gender="female", outlet="Daily", date="2016-09-08"),
    _record("a1", "bo", gender="male", outlet="Daily", date="2016-09-08"),
    _record("b1", "ann", gender="female", outlet="Weekly", date="2016-09-09", statement="ann:1"),
    _record("b1", "cy", outlet="Weekly", date="2016-09-09"),
    _record("b1", "officials", kind="anonymous", outlet="Weekly", date="2016-09-09"),
    _record("b1", "the-report", kind="document", outlet="Weekly", date="2016-09-09"),
    _record("b1", None, outlet="Weekly", date="2016-09-09"),
]


def _table(tables: list[Table], name: str) -> Table:
    return next(t for t in tables if t.name == name)


# --- tables ----------------------------------------------------------------------------------


def test_gender_counts_quotes_and_speakers_of_people_with_unknown_shown() -> None:
    gender = _table(build_tables(RECORDS), "gender")
    assert gender.rows == (("female", 3, 0.5, 1, 0.25), ("male", 1, 0.1667, 1, 0.25), ("unknown", 2, 0.3333, 2, 0.5))
    only_women = _table(build_tables([RECORDS[0]]), "gender")
    assert [row[0] for row in only_women.rows] == ["female", "male", "unknown"] and only_women.rows[2][1] == 0


def test_kinds_count_every_quote_with_the_ones_without_a_speaker() -> None:
    kind = _table(build_tables(RECORDS), "kind")
    assert dict(zip(kind.column("kind"), kind.column("quotes"), strict=True)) == {
        "person": 5, "anonymous": 1, "group": 0, "organization": 0, "document": 1, "no speaker": 1}


def test_per_outlet_and_per_period_tables_come_with_outlets_and_dates() -> None:
    tables = build_tables(RECORDS)
    by_outlet = _table(tables, "gender_by_outlet")
    assert by_outlet.column("outlet") == ["Daily", "Weekly"] and by_outlet.column("female (quotes)") == [0.6667, 0.3333]
    assert _table(tables, "anonymous_by_outlet").rows == (("Daily", 3, 0, 0.0), ("Weekly", 5, 1, 0.2))
    assert _table(tables, "gender_by_period").column("day") == ["2016-09-08", "2016-09-09"]
    one_outlet_no_dates = [{**r, "publisher": "Daily", "date": None} for r in RECORDS]
    names = {t.name for t in build_tables(one_outlet_no_dates)}
    assert not names & {"gender_by_outlet", "kind_by_outlet", "anonymous_by_outlet", "gender_by_period", "kind_by_period"}


def test_the_period_is_a_week_when_the_days_are_many() -> None:
    spread = [_record(f"d{i}", "ann", date=f"2016-{1 + i // 28:02d}-{1 + i % 28:02d}") for i in range(60)]
    assert choose_period(spread) == "week" and choose_period(spread[:10]) == "day"
    weeks = _table(build_tables(spread), "gender_by_period")
    assert weeks.columns[0] == "week" and weeks.rows[0][0] == "2015-W53"
    with pytest.raises(ValueError, match="auto, day or week"):
        choose_period(spread, "month")


def test_top_speakers_and_statements_reported_by_several_outlets() -> None:
    tables = build_tables(RECORDS, top=2)
    assert _table(tables, "top_speakers").rows[0] == ("Ann", "ann", "person", "female", 3, 2, 2)
    assert len(_table(tables, "top_speakers").rows) == 2
    assert _table(tables, "statements").rows == (("Ann", 2, 2, 2, "It is.", "ann:1"),)
    with pytest.raises(ValueError, match="top must be 1 or more"):
        build_tables(RECORDS, top=0)


def test_csv_and_json_hold_the_same_tables(tmp_path: Path) -> None:
    tables = build_tables(RECORDS)
    paths = write_csv(tables, tmp_path / "out")
    assert [p.name for p in paths] == [f"{t.name}.csv" for t in tables] and not list((tmp_path / "out").glob("*.part"))
    for path, table in zip(paths, tables, strict=True):
        with path.open(encoding="utf-8", newline="") as fp:
            rows = list(csv.reader(fp))
        assert rows[0] == list(table.columns) and rows[1:] == [[str(v) for v in row] for row in table.rows]
    loaded = json.loads(tables_json(tables, summary={"quotes": 8}))
    assert loaded["summary"] == {"quotes": 8}
    assert {name: t["rows"] for name, t in loaded["tables"].items()} == {t.name: [list(r) for r in t.rows] for t in tables}


def test_page_allows_only_its_own_style_and_escapes_every_name() -> None:
    hostile = [_record("x", "bad", name=HOSTILE, outlet=HOSTILE, text=HOSTILE, statement="bad:1"),
               _record("y", "bad", name=HOSTILE, outlet="Other", text=HOSTILE, statement="bad:1")]
    page = render_report(build_tables(hostile), title="<T>")
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;" in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy and "default-src 'none'" in policy.group(1) and "script-src 'none'" in policy.group(1)
    (style,) = re.findall(r"<style>(.*?)</style>", page, flags=re.DOTALL)
    assert "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'" in policy.group(1)
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)


# --- the command -------------------------------------------------------------------------------


def test_report_command_writes_page_csv_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quotes = tmp_path / "quotes.jsonl"
    quotes.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    page, tables = tmp_path / "report.html", tmp_path / "tables.json"
    code = main(["report", str(quotes), "-o", str(page), "--csv", str(tmp_path / "csv"), "--json", str(tables)])
    assert code == 0 and "reported 8 quotes from 2 documents in 9 tables" in capsys.readouterr().err
    assert page.read_text(encoding="utf-8").count("<svg") == 9
    assert (tmp_path / "csv" / "gender_by_outlet.csv").is_file() and "gender_by_period" in json.loads(tables.read_text())["tables"]


def test_report_command_refuses_a_bad_top_and_counts_bad_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quotes = tmp_path / "quotes.jsonl"
    quotes.write_text(json.dumps(RECORDS[0]) + "\n{not json\n", encoding="utf-8")
    assert main(["report", str(quotes), "--top", "0"]) == 2
    assert "--top must be 1 or more" in capsys.readouterr().err
    assert main(["report", str(quotes), "-o", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err
    assert f"{quotes}:2" in err and "skipped 1" in err and (tmp_path / "r.html").is_file()


def test_report_on_articles_extracts_and_resolves_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tables = tmp_path / "tables.json"
    assert main(["report", str(ROOT / "seeds"), "-o", str(tmp_path / "r.html"), "--json", str(tables), "--top", "3"]) == 0
    loaded = json.loads(tables.read_text(encoding="utf-8"))
    assert loaded["summary"]["documents"] == 3 and loaded["summary"]["from"] == "2019-03-21"
    top = loaded["tables"]["top_speakers"]["rows"]
    assert top[0][:4] == ["Juan Guaido", "juan-guaido", "person", "male"] and len(top) == 3
    kinds = dict((row[0], row[1]) for row in loaded["tables"]["kind"]["rows"])
    assert kinds["group"] >= 3 and kinds["organization"] >= 3 and sum(kinds.values()) == loaded["summary"]["quotes"]


# --- in a real browser -----------------------------------------------------------------------

CHECK = """(() => {
  const bad = [];
  let segments = 0;
  for (const svg of document.querySelectorAll('svg.chart')) {
    const table = document.querySelector(`table[data-table="${CSS.escape(svg.dataset.table)}"]`);
    for (const seg of svg.querySelectorAll('rect[data-value]')) {
      segments += 1;
      const row = [...table.querySelectorAll('tr[data-row]')].find(tr => tr.dataset.row === seg.dataset.row);
      const cell = row && [...row.querySelectorAll('td')].find(td => td.dataset.column === seg.dataset.column);
      if (!cell || cell.dataset.value !== seg.dataset.value) bad.push([svg.dataset.table, seg.dataset.row, seg.dataset.column]);
      if (seg.getBoundingClientRect().width < 0) bad.push(['negative', seg.dataset.row]);
    }
  }
  return {bad, segments};
})()"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    path, reason = find_chromium()
    if path is None:
        pytest.skip(f"no headless browser for the report page test: {reason}")
    with Chromium(path) as chromium:
        yield chromium


def test_report_page_renders_its_charts_with_the_numbers_of_its_tables(browser: Chromium, tmp_path: Path) -> None:
    records = [*RECORDS, _record("z", "bad", name=HOSTILE, outlet=HOSTILE, text=HOSTILE)]
    tables = build_tables(records)
    page = tmp_path / "report.html"
    page.write_text(render_report(tables, title=HOSTILE, summary={"quotes": len(records)}), encoding="utf-8")
    report = browser.load(page.as_uri(), {
        "check": CHECK,
        "charts": "document.querySelectorAll('svg.chart').length",
        "sections": "document.querySelectorAll('section').length",
        "pwned": "typeof window.pwned",
        "title": "document.title",
        "height": "document.body.scrollHeight",
        "named": "[...document.querySelectorAll('td')].some(td => td.textContent === document.title)",
    })
    assert report.errors == []
    values = report.values
    assert values["pwned"] == "undefined" and values["title"] == HOSTILE and values["named"]
    assert values["sections"] == len(tables) and values["charts"] == sum(1 for t in tables if t.chart and t.rows)
    expected = sum(len(t.rows) * len(t.parts) if t.chart in ("rows", "columns") else len(t.rows) for t in tables if t.chart)
    assert values["check"] == {"bad": [], "segments": expected}
    assert values["height"] > 1000
