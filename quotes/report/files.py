"""The report's tables as CSV files (one a table) and as one JSON document."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from quotes.report.tables import Table


def write_csv(tables: Sequence[Table], folder: str | os.PathLike[str]) -> list[Path]:
    """Write each table to ``folder/<name>.csv`` (created if missing), header first.

    Each file is written to a temporary name beside it and renamed when complete, so a
    reader never sees half a table.

    Args:
        tables: The report's tables.
        folder: Where to write them.

    Returns:
        The paths written, in table order.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = target / f"{table.name}.csv"
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=target, suffix=".part", delete=False) as out:
            writer = csv.writer(out)
            writer.writerow(table.columns)
            writer.writerows(table.rows)
        os.replace(out.name, path)
        written.append(path)
    return written


def tables_json(tables: Sequence[Table], *, summary: dict[str, object] | None = None) -> str:
    """All tables as one JSON object: ``{"summary": {...}, "tables": {name: {title, note, columns, rows}}}``."""
    return json.dumps(
        {"summary": summary or {}, "tables": {t.name: t.to_dict() for t in tables}}, ensure_ascii=False, indent=1
    )
