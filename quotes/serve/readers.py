"""The routes that read the quote store of ``quotes serve --db``: speakers and quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse

from quotes.types import Gender, SpeakerKind

if TYPE_CHECKING:
    from quotes.serve.service import Service

#: Most rows one answer gives.
MAX_LIMIT = 1000


def add_routes(app: FastAPI, service: Service) -> None:
    """Add ``GET /speakers`` and ``GET /quotes``; without a store they answer 404 saying so."""

    @app.get("/speakers", summary="The store's speakers, most quoted first (the speaker index)")
    def speakers(
        kind: Annotated[SpeakerKind | None, Query(description="Only speakers of this kind")] = None,
        gender: Annotated[Gender | None, Query(description="Only speakers of this gender (as the articles say it)")] = None,
        limit: int = Query(100, ge=1, le=MAX_LIMIT),
    ) -> Any:
        from quotes.store.reader import speaker_records

        wanted = {"kind": kind, "gender": gender}
        where = " and ".join(f"{column} = ?" for column, value in wanted.items() if value) or None
        with _store(service) as db:
            if db is None:
                return _no_store()
            return {"speakers": speaker_records(db, where=where, params=[v for v in wanted.values() if v], limit=limit)}

    @app.get("/quotes", summary="The store's quotes, newest first, by speaker, words and date",
             responses={200: {"description": "The quotes, as `quotes extract` writes them."}})
    def quotes(
        speaker: str | None = Query(None, description="The speaker's id (mike-pompeo)"),
        q: str | None = Query(None, description="Words to search in the quotes' text and speakers' names"),
        since: str | None = Query(None, description="Only quotes of articles dated on or after this (2019-03-21)"),
        limit: int = Query(100, ge=1, le=MAX_LIMIT),
    ) -> Any:
        with _store(service) as db:
            if db is None:
                return _no_store()
            return {"quotes": find_quotes(db, speaker=speaker, q=q, since=since, limit=limit)}


def find_quotes(db: Any, *, speaker: str | None, q: str | None, since: str | None, limit: int) -> list[dict[str, Any]]:
    """The records of the store's quotes that match, newest article first.

    Args:
        db: The store, open for reading.
        speaker: A speaker id, or ``None``.
        q: Words for the full-text index (each word must be there; quoted as a phrase if it
            holds anything but words), or ``None``.
        since: The earliest article date, or ``None``.
        limit: Most records.

    Returns:
        Quote records, as :func:`quotes.store.read_quotes` gives them.
    """
    from quotes.store.schema import record_maker

    where, params = [], []
    if speaker:
        where.append("quotes.speaker_id = ?")
        params.append(speaker)
    if since:
        where.append("quotes.date >= ?")
        params.append(since)
    if q:
        where.append("quotes.rowid in (select rowid from quotes_fts where quotes_fts match ?)")
        params.append(" ".join('"' + word.replace('"', '""') + '"' for word in q.split()))
    sql = ("select quotes.* from quotes" + (" where " + " and ".join(where) if where else "")
           + " order by quotes.date desc, quotes.doc_id, quotes.[index] limit ?")  # fmt: skip
    make = record_maker(list(db["quotes"].columns_dict))
    return [make(row) for row in db.query(sql, [*params, limit])]


class _store:
    """The store opened read-only for one request, or ``None`` when the service has none."""

    def __init__(self, service: Service) -> None:
        self.path = service.settings.db
        self.db: Any = None

    def __enter__(self) -> Any:
        import os

        from quotes.store.reader import open_for_reading

        if self.path is None or not os.path.exists(self.path):
            return None
        self.db = open_for_reading(self.path)
        return self.db

    def __exit__(self, *exc: object) -> None:
        if self.db is not None:
            self.db.close()


def _no_store() -> JSONResponse:
    return JSONResponse({"error": "this service has no quote store yet: start it with quotes serve --db QUOTES.db "
                                  "(and add to it with POST /extract?store=true)"}, status_code=404)  # fmt: skip
