"""The HTTP API of ``quotes serve``: FastAPI routes over a :class:`~quotes.serve.service.Service`.

The app is built by :func:`create_app` from a loaded extractor (no model at import); uvicorn's
worker processes build theirs with :func:`app_from_environment`, each loading the model once.
"""

from __future__ import annotations

import logging
import os
import uuid
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from quotes.serve import page, readers
from quotes.serve.limits import BodyLimit
from quotes.serve.models import ExtractRequest
from quotes.serve.service import Service, Settings, StoreBusy, TooLong

log = logging.getLogger(__name__)

#: The environment variable that hands the settings to uvicorn's worker processes.
SETTINGS_ENV = "QUOTES_SERVE_SETTINGS"

#: Bytes a request body may hold beyond its text's characters (UTF-8 needs up to 4 a character).
BODY_OVERHEAD = 1 << 20

DESCRIPTION = """Who said what in news text: quotes, their speakers and cues, with character offsets.

`POST /extract` gives the records `quotes extract` writes (one per quote; the schema is `Quote` below).
With a quote store (`quotes serve --db`), `GET /speakers` and `GET /quotes` read it and
`POST /extract?store=true` adds to it. The page at `/` shows an article with its quotes."""


def create_app(service: Service) -> FastAPI:
    """Build the app around a service (which holds the loaded model).

    Args:
        service: The extractor and settings of this process.

    Returns:
        The FastAPI app, with CORS only for the origins in ``service.settings.cors``.
    """
    from quotes import __version__

    app = FastAPI(title="quotes", version=__version__, description=DESCRIPTION)
    app.state.service = service
    _routes(app, service)
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _failed)
    app.add_middleware(BodyLimit, max_bytes=4 * service.settings.max_chars + BODY_OVERHEAD)
    if service.settings.cors:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(service.settings.cors), allow_methods=["GET", "POST"],
                           allow_headers=["content-type"])  # fmt: skip
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def app_from_environment() -> FastAPI:
    """The app of one uvicorn worker process: settings from :data:`SETTINGS_ENV`, the model loaded here."""
    from quotes.pipeline import Extractor

    settings = Settings.from_json(os.environ[SETTINGS_ENV])
    return create_app(Service(Extractor(settings.model), settings))


def _routes(app: FastAPI, service: Service) -> None:
    @app.get("/health", summary="Whether the service is up, and what it runs")
    def health() -> dict[str, Any]:
        from quotes import __version__

        return {"status": "ok", "quotes": __version__, "model": service.extractor.nlp.meta.get("name"),
                "store": service.settings.db is not None, "max_chars": service.settings.max_chars}  # fmt: skip

    @app.get("/rules", summary="The rules an attribution can carry, with their confidences (quotes rules --json)")
    def rules() -> list[dict[str, Any]]:
        from quotes.attribute.registry import registry

        return [rule.to_dict() for rule in registry().values()]

    @app.post("/extract", summary="Quotes of one article or several", responses=_QUOTES_RESPONSE)
    async def extract(body: ExtractRequest, store: bool = Query(False, description="Also add to the store (--db)")) -> Any:
        if store and service.settings.db is None:
            return _error(400, "store=true needs a quote store: start the service with quotes serve --db QUOTES.db")
        articles = body.articles()
        try:
            service.check_size(articles)
            documents = service.documents(articles)
        except TooLong as exc:
            return _error(413, str(exc))
        except ValueError as exc:
            return _error(422, str(exc))
        options = body.model_dump(include={"min_confidence", "acts", "unattributed"})
        extracted = await run_in_threadpool(service.extract, documents, options)
        try:
            records = await run_in_threadpool(service.store if store else service.resolve, extracted)
        except StoreBusy as exc:
            return _error(503, str(exc))
        return {"quotes": records}

    readers.add_routes(app, service)
    page.add_routes(app, service)


async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with one message naming each field at fault: ``body.text: Input should be a valid string``."""
    problems = [_problem(error) for error in exc.errors()]
    detail = [{k: v for k, v in error.items() if k not in ("input", "ctx")} for error in exc.errors()]
    return JSONResponse({"error": "; ".join(problems), "detail": detail}, status_code=422)


def _problem(error: Any) -> str:
    """One validation error as a sentence that names its field."""
    loc = tuple(error.get("loc", ()))
    if error.get("type") == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "not JSON")
        return f"the body is not valid JSON: {reason} at character {loc[-1] if len(loc) > 1 else 0}"
    where = ".".join(str(part) for part in loc)
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


async def _failed(request: Request, exc: Exception) -> JSONResponse:
    """500 for what failed inside: logged with an id the answer gives, the service goes on."""
    error_id = uuid.uuid4().hex[:12]
    log.error("request %s %s failed (error id %s)", request.method, request.url.path, error_id, exc_info=exc)
    return JSONResponse({"error": f"the request failed inside the service ({type(exc).__name__}); the log has the "
                                  f"details under error id {error_id}", "error_id": error_id}, status_code=500)  # fmt: skip


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


_QUOTES_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"description": "The quotes, as `quotes extract` writes them.",
          "content": {"application/json": {"schema": {
              "type": "object", "required": ["quotes"],
              "properties": {"quotes": {"type": "array", "items": {"$ref": "#/components/schemas/Quote"}}}}}}},
    413: {"description": "More text than the service takes (quotes serve --max-chars)."},
    422: {"description": "A field is missing or wrong; the message names it."},
    500: {"description": "The extraction failed; the answer gives the error id under which it is logged."},
}  # fmt: skip


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with the JSON Schema of a quote record as ``Quote``."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        from quotes.export.jsonl import load_schema

        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        quote = load_schema()
        quote.pop("$schema", None)
        schema.setdefault("components", {}).setdefault("schemas", {})["Quote"] = quote
        app.openapi_schema = schema
    return app.openapi_schema
