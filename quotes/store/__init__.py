"""A quote store: the quotes of many runs in one SQLite database that Datasette opens.

``quotes extract INPUT... --db quotes.db`` adds articles to the store; each run resolves
speakers and statements across everything the store holds, in one transaction. Tables:

- ``documents``: one row an article: ``id``, its scalar metadata (``date``, ``title``,
  ``url``, ``outlet``...), ``text``;
- ``quotes``: one row a quote, every field of its JSON Lines record, nested objects flattened
  (``speaker_id``, ``speaker_name``, ``cue_lemma``, ``clause_text``...); keyed by
  ``(doc_id, index)``, with foreign keys to ``documents``, ``speakers`` and ``statements``,
  and full-text search on ``text`` and ``speaker_name`` (``quotes_fts``);
- ``speakers``: the speaker index, one row a speaker (lists as JSON arrays), with counts;
- ``statements``: one row a statement reported in several documents.

:func:`read_quotes` gives the records JSON Lines would hold, :func:`read_speakers` the speaker
index; :class:`StoreWriter` writes a run.
"""

from __future__ import annotations

from typing import Any

__all__ = ["StoreWriter", "is_store", "read_quotes", "read_speakers"]


def __getattr__(name: str) -> Any:
    """Load the store's modules on first use (they import sqlite-utils)."""
    if name in ("read_quotes", "read_speakers", "is_store"):
        from quotes.store import reader

        return getattr(reader, name)
    if name == "StoreWriter":
        from quotes.store.writer import StoreWriter

        return StoreWriter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
