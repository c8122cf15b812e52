"""Charts of the report as inline SVG, drawn from its tables.

Three kinds, as a table asks (:attr:`quotes.report.tables.Table.chart`):

- ``rows``: one 100% stacked bar per row (an outlet, a period) over the share columns;
- ``columns``: one 100% stacked bar per share column (quotes, speakers), a segment per row;
- ``bars``: one bar per row, as long as its value.

Every segment and bar carries ``data-row``, ``data-column`` and ``data-value`` (the value of
the table cell it draws) and a ``<title>`` for hovering; all text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from quotes.export.pages import escape
from quotes.report.tables import Table

#: Fill of each category; others take the neutral fill.
COLOURS = {
    "female": "#b5386b", "male": "#2f6db5", "unknown": "#a3a3a3",
    "person": "#3b7d5a", "anonymous": "#c47a1d", "group": "#6d5bb5", "organization": "#2f8fa3",
    "document": "#8a7a5c", "no speaker": "#c9c9c9",
}  # fmt: skip
NEUTRAL = "#4a6fa5"
#: Geometry in SVG units.
LABEL_WIDTH = 170
BAR_WIDTH = 420
ROW_HEIGHT = 24
BAR_HEIGHT = 16


def _category(column: str) -> str:
    """The category a share column is about: "female (quotes)" -> "female"."""
    return column.split(" (")[0]


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def _segment(x: float, y: float, width: float, colour: str, row: str, column: str, value: Any, tip: str) -> str:
    return (
        f'<rect x="{x:.2f}" y="{y}" width="{max(width, 0):.2f}" height="{BAR_HEIGHT}" fill="{colour}" '
        f'data-row="{escape(row)}" data-column="{escape(column)}" data-value="{escape(value)}"><title>{escape(tip)}</title></rect>'
    )


def _label(y: float, text: str) -> str:
    shown = text if len(text) <= 26 else text[:25] + "…"
    return f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 4}" text-anchor="end"><title>{escape(text)}</title>{escape(shown)}</text>'


def _stack(y: float, bar: str, pieces: Sequence[tuple[str, str, str, float]]) -> list[str]:
    """A 100% stacked bar named ``bar``: ``pieces`` are (category, table row, table column, share)."""
    out, x = [], float(LABEL_WIDTH)
    for category, row, column, share in pieces:
        width = share * BAR_WIDTH
        out.append(_segment(x, y, width, COLOURS.get(category, NEUTRAL), row, column, share, f"{bar}: {category} {_percent(share)}"))
        x += width
    return out


def _legend(categories: Sequence[str], y: float) -> list[str]:
    out, x = [], float(LABEL_WIDTH)
    for category in categories:
        out.append(f'<rect x="{x:.0f}" y="{y}" width="10" height="10" fill="{COLOURS.get(category, NEUTRAL)}"></rect>')
        out.append(f'<text x="{x + 14:.0f}" y="{y + 9}">{escape(category)}</text>')
        x += 18 + 7 * len(category)
    return out


def _rows_chart(table: Table) -> tuple[list[str], float]:
    parts = [(c, table.columns.index(c)) for c in table.parts]
    body = []
    for i, row in enumerate(table.rows):
        y = i * ROW_HEIGHT
        body.append(_label(y, str(row[0])))
        body += _stack(y, str(row[0]), [(_category(c), str(row[0]), c, float(row[j])) for c, j in parts])
    y = len(table.rows) * ROW_HEIGHT + 6
    return body + _legend([_category(c) for c in table.parts], y), y + 16


def _columns_chart(table: Table) -> tuple[list[str], float]:
    body = []
    for i, column in enumerate(table.parts):
        y = i * ROW_HEIGHT
        j = table.columns.index(column)
        body.append(_label(y, column))
        body += _stack(y, column, [(str(row[0]), str(row[0]), column, float(row[j])) for row in table.rows])
    y = len(table.parts) * ROW_HEIGHT + 6
    return body + _legend([str(row[0]) for row in table.rows], y), y + 16


def _bars_chart(table: Table) -> tuple[list[str], float]:
    j = table.columns.index(table.value)
    values = [float(row[j]) for row in table.rows]
    top = max(values, default=0.0) or 1.0
    body = []
    for i, row in enumerate(table.rows):
        y = i * ROW_HEIGHT
        value = row[j]
        shown = _percent(float(value)) if isinstance(value, float) else str(value)
        body.append(_label(y, str(row[0])))
        body.append(_segment(LABEL_WIDTH, y, float(value) / top * BAR_WIDTH, NEUTRAL, str(row[0]), table.value, value,
                             f"{row[0]}: {table.value} {shown}"))
        body.append(f'<text x="{LABEL_WIDTH + float(value) / top * BAR_WIDTH + 4:.2f}" y="{y + BAR_HEIGHT - 4}">{escape(shown)}</text>')
    return body, len(table.rows) * ROW_HEIGHT


def chart_svg(table: Table) -> str:
    """The table's chart as an ``<svg>`` element, or ``""`` when it has none or no rows."""
    draw = {"rows": _rows_chart, "columns": _columns_chart, "bars": _bars_chart}.get(table.chart)
    if draw is None or not table.rows:
        return ""
    body, height = draw(table)
    width = LABEL_WIDTH + BAR_WIDTH + 70
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{escape(table.title)}" '
        f'data-table="{escape(table.name)}" viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}">'
        + "".join(body) + "</svg>"
    )
