"""Who gets quoted: a sourcing report (tables, CSV, JSON and one HTML page of charts) from quotes.

:func:`build_tables` (in :mod:`quotes.report.tables`) counts output records by gender, kind,
outlet and period; :func:`render_report` (:mod:`quotes.report.page`) draws them;
:func:`write_csv` and :func:`tables_json` (:mod:`quotes.report.files`) write them for pandas or
a spreadsheet.
"""

from quotes.report.files import tables_json, write_csv
from quotes.report.page import render_report
from quotes.report.tables import Table, build_tables

__all__ = ["Table", "build_tables", "render_report", "tables_json", "write_csv"]
