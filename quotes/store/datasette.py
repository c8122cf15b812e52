"""The Datasette plugin of quote stores: facets, canned queries and column descriptions.

Registered through the ``datasette`` entry point, so ``datasette quotes.db`` shows a quote
store with the settings of ``quotes/data/datasette.json`` (written for a database named
``quotes``; the plugin gives them to every database that is a quote store, whatever its
name, and keeps only the facets on columns the store has). The same file serves ``datasette
-m`` for a store named ``quotes.db`` that has every faceted column.
"""

from __future__ import annotations

import importlib.resources
import json
import sqlite3
from typing import Any

from datasette import hookimpl

#: Tables that make a database a quote store.
STORE_TABLES = frozenset({"documents", "quotes", "speakers", "statements"})


def metadata_file() -> dict[str, Any]:
    """The shipped Datasette metadata of a quote store named ``quotes``."""
    text = importlib.resources.files("quotes").joinpath("data", "datasette.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def store_columns(path: str | None) -> dict[str, set[str]] | None:
    """The columns of each table of the quote store at ``path``; ``None`` if it is not one."""
    if not path:
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
            if not STORE_TABLES <= tables:
                return None
            return {t: {row[1] for row in conn.execute(f"pragma table_info([{t}])")} for t in STORE_TABLES}
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def settings_for(columns: dict[str, set[str]]) -> dict[str, Any]:
    """The shipped settings of a store, with facets only on columns the store has.

    Datasette refuses a whole table page over a facet on a missing column; a store has a
    column such as ``speaker_kind`` or ``outlet`` once a record or an article gives it.
    """
    settings: dict[str, Any] = metadata_file()["databases"]["quotes"]
    for name, table in settings["tables"].items():
        if "facets" in table:
            table["facets"] = [f for f in table["facets"] if f in columns.get(name, set())]
    return settings


@hookimpl
def get_metadata(datasette: Any, key: str, database: str | None, table: str | None) -> dict[str, Any]:
    """Give every quote store Datasette serves the shipped facets, queries and descriptions."""
    names = [database] if database else list(datasette.databases)
    stores: dict[str, Any] = {}
    for name in names:
        columns = store_columns(datasette.databases[name].path) if name in datasette.databases else None
        if columns is not None:
            stores[name] = settings_for(columns)
    if not stores:
        return {}
    shipped = metadata_file()
    return {"title": shipped["title"], "description_html": shipped["description_html"], "databases": stores}
