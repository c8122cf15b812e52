"""The sourcing report as one self-contained HTML page: each chart with its table beside it.

The page needs no network and runs no script: its one inline style is allowed by a
Content-Security-Policy that names its hash and nothing else, charts are inline SVG, and
every name, outlet and quote from the input is escaped. Table cells carry ``data-column``
and ``data-value`` (the raw value; shares between 0 and 1), as the chart's segments do, so
what the page draws can be checked against what it lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from quotes.export.pages import csp_hash, escape, page_head
from quotes.report.svg import chart_svg
from quotes.report.tables import Table

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 0; background: #fafafa; }
header { padding: 1.2rem 2rem 0.6rem; background: #fff; border-bottom: 1px solid #ddd; }
h1 { margin: 0 0 0.3rem; font-size: 1.5rem; }
.summary { margin: 0; color: #555; }
.method { max-width: 62rem; color: #555; font-size: 0.9rem; }
main { padding: 1rem 2rem 3rem; }
section { background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; margin: 0 0 1.2rem; padding: 0.8rem 1.2rem 1rem; }
h2 { font-size: 1.15rem; margin: 0.2rem 0 0.2rem; }
.note { color: #666; font-size: 0.85rem; margin: 0 0 0.7rem; max-width: 62rem; }
.pair { display: flex; flex-wrap: wrap; gap: 1.2rem; align-items: flex-start; }
figure { margin: 0; flex: 0 0 auto; }
svg.chart { font-size: 11px; fill: #333; }
.table-wrap { flex: 1 1 26rem; overflow-x: auto; max-height: 32rem; overflow-y: auto; }
table { border-collapse: collapse; font-size: 0.82rem; }
th, td { padding: 0.2rem 0.5rem; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
td.name { text-align: left; }
td.text { text-align: left; white-space: normal; min-width: 14rem; }
thead th { position: sticky; top: 0; background: #f3f3f3; }
""".strip()



def _cell(column: str, value: Any) -> str:
    """One table cell: shares as percentages, the raw value in ``data-value``."""
    if isinstance(value, float):
        shown = f"{value * 100:.1f}%"
    elif isinstance(value, int):
        shown = f"{value:,}"
    else:
        shown = str(value)
    kind = ' class="text"' if column == "first words" else ' class="name"' if isinstance(value, str) else ""
    return f'<td{kind} data-column="{escape(column)}" data-value="{escape(value)}">{escape(shown)}</td>'


def table_html(table: Table) -> str:
    """The ``<table>`` of one report table; rows carry ``data-row`` (their first cell)."""
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    rows = "".join(
        f'<tr data-row="{escape(row[0])}">' + "".join(_cell(c, v) for c, v in zip(table.columns, row, strict=True)) + "</tr>"
        for row in table.rows
    )
    return f'<table data-table="{escape(table.name)}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _section(table: Table) -> str:
    chart = chart_svg(table)
    figure = f"<figure>{chart}</figure>" if chart else ""
    empty = "" if table.rows else '<p class="note">Nothing to count.</p>'
    return (
        f'<section id="{escape(table.name)}"><h2>{escape(table.title)}</h2><p class="note">{escape(table.note)}</p>{empty}'
        f'<div class="pair">{figure}<div class="table-wrap">{table_html(table)}</div></div></section>'
    )


def render_report(tables: Sequence[Table], *, title: str = "Who gets quoted", summary: Mapping[str, Any] | None = None) -> str:
    """The report page.

    Args:
        tables: The report's tables (:func:`quotes.report.tables.build_tables`).
        title: Page title and heading.
        summary: Figures for the line under the heading (documents, quotes, speakers, outlets,
            first and last day), shown in that order where present.

    Returns:
        The HTML page (write it with ``encoding="utf-8"``).
    """
    policy = f"default-src 'none'; style-src {csp_hash(STYLE)}; script-src 'none'; img-src 'none'; base-uri 'none'; form-action 'none'"
    facts = [f"{value:,} {name}" if isinstance(value, int) else f"{name} {value}" for name, value in (summary or {}).items()]
    return page_head(title=title, policy=policy, style=STYLE, generator="quotes report") + f"""<body>
<header><h1>{escape(title)}</h1><p class="summary">{escape(" · ".join(facts))}</p>
<p class="method">Every quote is counted once, with the speaker the extractor found and merged across the articles.
Kinds: person (named), anonymous (a source the text does not name), group, organization, document.
Gender is what the texts themselves say (a pronoun, an honorific, a gendered noun beside the name), never a guess from a
first name: "unknown" is a share of its own.</p></header>
<main>
{"".join(_section(t) for t in tables)}
</main>
</body>
</html>
"""
