"""The tables of the sourcing report, computed from output records.

Every table is plain data (:class:`Table`: a name, column names and rows of strings and
numbers), so the same tables feed the HTML page, the CSV files and the JSON. Records are the
output of ``quotes extract`` (one dict a quote, see :meth:`quotes.types.Quote.to_dict`); the
outlet of a record is its ``publisher``, ``source`` or ``outlet`` field, else its document;
its period is the day or ISO week of its ``date`` field.

Gender shares are of the quotes (and speakers) of people, named or anonymous: groups,
organisations and documents have no gender. ``unknown`` is always a row or column of its own:
a speaker whose text says nothing of its gender is not counted as anyone's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quotes.types import SPEAKER_KINDS

#: Gender values as the report shows them: a missing gender is "unknown".
GENDER_COLUMNS = ("female", "male", "unknown")
#: Kinds as the report shows them, with the quotes no speaker was found for.
KIND_COLUMNS = (*SPEAKER_KINDS, "no speaker")
#: Kinds of speaker that have a gender: people, named or not.
PEOPLE = frozenset({"person", "anonymous"})
#: Record fields that name the outlet, in order of preference.
OUTLET_FIELDS = ("publisher", "source", "outlet")
#: Most periods charted by day; with more, the report counts by ISO week.
MAX_DAYS = 45


@dataclass(frozen=True)
class Table:
    """One table of the report.

    Attributes:
        name: Short identifier, also the CSV file's name ("gender_by_outlet").
        title: Heading on the page.
        columns: Column names.
        rows: Rows of values (strings, integers, shares between 0 and 1).
        note: What the table counts, shown under it.
        chart: How it is drawn (:mod:`quotes.report.svg`): ``rows`` (a 100% stacked bar per
            row over the columns ``parts``), ``columns`` (a stacked bar per column of ``parts``,
            a segment per row), ``bars`` (a bar per row for the column ``value``), or ``""``.
        parts: The share columns a stacked chart draws.
        value: The column a ``bars`` chart draws.
    """

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""
    chart: str = ""
    parts: tuple[str, ...] = ()
    value: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form: name, title, note, columns and rows."""
        return {"name": self.name, "title": self.title, "note": self.note, "columns": list(self.columns),
                "rows": [list(row) for row in self.rows]}

    def column(self, name: str) -> list[Any]:
        """The values of one column, top to bottom."""
        i = self.columns.index(name)
        return [row[i] for row in self.rows]


@dataclass
class _Tally:
    """Quotes and distinct speakers counted by a category."""

    quotes: Counter[str] = field(default_factory=Counter)
    speakers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, category: str, speaker: str | None) -> None:
        self.quotes[category] += 1
        if speaker is not None:
            self.speakers[category].add(speaker)

    def row(self, categories: Sequence[str]) -> list[Any]:
        """Counts and shares of quotes, then of speakers, one pair per category."""
        total_q = sum(self.quotes[c] for c in categories)
        total_s = sum(len(self.speakers[c]) for c in categories)
        out: list[Any] = [total_q]
        out += [_share(self.quotes[c], total_q) for c in categories]
        out += [total_s] + [_share(len(self.speakers[c]), total_s) for c in categories]
        return out


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def outlet_of(record: Mapping[str, Any]) -> str:
    """The outlet a record comes from: its ``publisher``, ``source`` or ``outlet``, else its document."""
    for name in OUTLET_FIELDS:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return str(record.get("doc_id", ""))


def day_of(record: Mapping[str, Any]) -> dt.date | None:
    """The day of a record's ``date`` field ("2016-09-12", or a timestamp starting so), if any."""
    value = record.get("date")
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _speaker(record: Mapping[str, Any]) -> tuple[str | None, str, str]:
    """The speaker id, kind (``no speaker`` without one) and gender (``unknown``) of a record."""
    speaker = record.get("speaker")
    if not isinstance(speaker, Mapping):
        return None, "no speaker", "unknown"
    kind = speaker.get("kind") if speaker.get("kind") in SPEAKER_KINDS else "person"
    return str(speaker.get("id", "")), str(kind), str(speaker.get("gender") or "unknown")


def overall_table(records: Sequence[Mapping[str, Any]], *, by: str) -> Table:
    """Quotes and speakers by gender (of people) or by kind, over all the records.

    Args:
        records: Output records.
        by: ``gender`` or ``kind``.

    Returns:
        One row per gender or kind (all shown, zeros included): quotes, their share, speakers,
        their share.
    """
    categories = GENDER_COLUMNS if by == "gender" else KIND_COLUMNS
    tally = _Tally()
    for record in records:
        sid, kind, gender = _speaker(record)
        if by == "kind" or kind in PEOPLE:
            tally.add(gender if by == "gender" else kind, sid)
    quotes = sum(tally.quotes.values())
    speakers = sum(len(s) for s in tally.speakers.values())
    rows = tuple(
        (c, tally.quotes[c], _share(tally.quotes[c], quotes), len(tally.speakers[c]), _share(len(tally.speakers[c]), speakers))
        for c in categories
    )
    if by == "gender":
        return Table("gender", "Gender of the people quoted", (by, "quotes", "share of quotes", "speakers", "share of speakers"),
                     rows, GENDER_NOTE, "columns", ("share of quotes", "share of speakers"))
    return Table("kind", "Who speaks: people, unnamed sources, groups, organisations, documents",
                 (by, "quotes", "share of quotes", "speakers", "share of speakers"), rows, KIND_NOTE, "columns",
                 ("share of quotes", "share of speakers"))


#: What the gender tables count.
GENDER_NOTE = (
    "Quotes and speakers of people (named persons and unnamed sources); groups, organisations and "
    "documents have no gender. A gender is given only where the texts say it (a pronoun, an honorific, "
    "a gendered noun beside the name), never from a first name; unknown otherwise."
)
#: What the kind tables count.
KIND_NOTE = "All quotes; \"no speaker\" where none was found. A speaker counts once per kind."


def grouped_table(records: Sequence[Mapping[str, Any]], *, by: str, group: Any, label: str, name: str, title: str) -> Table:
    """Shares of quotes and speakers by gender or kind for each outlet or period.

    Args:
        records: Output records.
        by: ``gender`` or ``kind``.
        group: A function from a record to its row label.
        label: Name of the label column (``outlet``, ``period``).
        name: The table's name.
        title: Its heading.

    Returns:
        One row per label, sorted: the number of quotes and the share of each gender or kind,
        then the number of speakers and the share of each.
    """
    categories = GENDER_COLUMNS if by == "gender" else KIND_COLUMNS
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for record in records:
        sid, kind, gender = _speaker(record)
        if by == "kind" or kind in PEOPLE:
            tallies[group(record)].add(gender if by == "gender" else kind, sid)
    columns = (label, "quotes", *(f"{c} (quotes)" for c in categories), "speakers", *(f"{c} (speakers)" for c in categories))
    rows = tuple((key, *tallies[key].row(categories)) for key in sorted(tallies))
    note = GENDER_NOTE if by == "gender" else KIND_NOTE
    return Table(name, title, columns, rows, note, "rows", tuple(f"{c} (quotes)" for c in categories))


def anonymous_table(records: Sequence[Mapping[str, Any]]) -> Table:
    """Quotes whose source the text withholds, per outlet."""
    total: Counter[str] = Counter()
    anonymous: Counter[str] = Counter()
    for record in records:
        _, kind, _ = _speaker(record)
        outlet = outlet_of(record)
        total[outlet] += 1
        anonymous[outlet] += kind == "anonymous"
    rows = tuple((o, total[o], anonymous[o], _share(anonymous[o], total[o])) for o in sorted(total))
    return Table("anonymous_by_outlet", "Anonymous sourcing per outlet", ("outlet", "quotes", "anonymous quotes", "share anonymous"),
                 rows, "Quotes attributed to a source the text does not name (\"a senior official\", \"sources familiar with\").",
                 "bars", value="share anonymous")


def top_speakers_table(records: Sequence[Mapping[str, Any]], *, top: int) -> Table:
    """The most quoted speakers with their kind, gender and counts."""
    quotes: Counter[str] = Counter()
    first: dict[str, Mapping[str, Any]] = {}
    documents: dict[str, set[str]] = defaultdict(set)
    outlets: dict[str, set[str]] = defaultdict(set)
    for record in records:
        speaker = record.get("speaker")
        if not isinstance(speaker, Mapping):
            continue
        sid = str(speaker.get("id", ""))
        quotes[sid] += 1
        first.setdefault(sid, speaker)
        documents[sid].add(str(record.get("doc_id", "")))
        outlets[sid].add(outlet_of(record))
    ranked = sorted(quotes, key=lambda sid: (-quotes[sid], sid))[:top]
    rows = tuple(
        (str(first[s].get("name", s)), s, _speaker({"speaker": first[s]})[1], str(first[s].get("gender") or "unknown"),
         quotes[s], len(documents[s]), len(outlets[s]))
        for s in ranked
    )
    return Table("top_speakers", f"The {len(rows)} most quoted speakers",
                 ("speaker", "id", "kind", "gender", "quotes", "documents", "outlets"), rows,
                 "Speakers merged across documents, with the kind and gender of the whole run.", "bars", value="quotes")


def statements_table(records: Sequence[Mapping[str, Any]], *, limit: int = 50) -> Table:
    """Statements reported in several outlets (several documents when the input names no outlet)."""
    outlets: dict[str, set[str]] = defaultdict(set)
    documents: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    first: dict[str, Mapping[str, Any]] = {}
    for record in records:
        statement = record.get("statement")
        if not isinstance(statement, str):
            continue
        outlets[statement].add(outlet_of(record))
        documents[statement].add(str(record.get("doc_id", "")))
        counts[statement] += 1
        first.setdefault(statement, record)
    shared = [s for s in counts if len(outlets[s]) > 1]
    shared.sort(key=lambda s: (-len(outlets[s]), -counts[s], s))
    rows = tuple(
        (_speaker_name(first[s]), len(outlets[s]), len(documents[s]), counts[s], _excerpt(str(first[s].get("text", ""))), s)
        for s in shared[:limit]
    )
    return Table("statements", "Statements reported by several outlets",
                 ("speaker", "outlets", "documents", "quotes", "first words", "statement"), rows,
                 f"One statement quoted in more than one outlet; {len(shared)} in all, the {len(rows)} most widely reported shown.",
                 "bars", value="outlets")


def _speaker_name(record: Mapping[str, Any]) -> str:
    speaker = record.get("speaker")
    return str(speaker.get("name", "")) if isinstance(speaker, Mapping) else ""


def _excerpt(text: str, *, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def period_of(unit: str) -> Any:
    """A function from a record to its period label: ``2016-09-12`` by day, ``2016-W37`` by week."""
    def label(record: Mapping[str, Any]) -> str:
        day = day_of(record)
        if day is None:
            return "no date"
        if unit == "day":
            return day.isoformat()
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"

    return label


def choose_period(records: Sequence[Mapping[str, Any]], unit: str = "auto") -> str | None:
    """``day`` or ``week`` (``auto``: by day up to :data:`MAX_DAYS` days), or ``None`` without dates.

    Raises:
        ValueError: ``unit`` is not ``auto``, ``day`` or ``week``.
    """
    if unit not in ("auto", "day", "week"):
        raise ValueError(f"period must be auto, day or week, got {unit!r}")
    days = {day for day in (day_of(r) for r in records) if day is not None}
    if not days:
        return None
    if unit != "auto":
        return unit
    return "day" if len(days) <= MAX_DAYS else "week"


def build_tables(records: Sequence[Mapping[str, Any]], *, top: int = 20, period: str = "auto") -> list[Table]:
    """All the tables of the report, in page order.

    Args:
        records: Output records of one run.
        top: How many of the most quoted speakers to list.
        period: ``auto``, ``day`` or ``week``.

    Returns:
        The tables; those per outlet only when the records come from two or more outlets,
        those per period only when they have dates.

    Raises:
        ValueError: ``period`` or ``top`` is invalid.
    """
    if top < 1:
        raise ValueError(f"top must be 1 or more, got {top!r}")
    tables = [overall_table(records, by="gender"), overall_table(records, by="kind")]
    if len({outlet_of(r) for r in records}) > 1:
        tables += [
            grouped_table(records, by="gender", group=outlet_of, label="outlet", name="gender_by_outlet", title="Gender per outlet"),
            grouped_table(records, by="kind", group=outlet_of, label="outlet", name="kind_by_outlet", title="Who speaks, per outlet"),
            anonymous_table(records),
        ]
    unit = choose_period(records, period)
    if unit is not None:
        label = period_of(unit)
        tables += [
            grouped_table(records, by="gender", group=label, label=unit, name="gender_by_period", title=f"Gender per {unit}"),
            grouped_table(records, by="kind", group=label, label=unit, name="kind_by_period", title=f"Who speaks, per {unit}"),
        ]
    return tables + [top_speakers_table(records, top=top), statements_table(records)]
