"""``quotes serve``: the extractor as an HTTP API and a reading page (needs the ``serve`` extra).

:func:`quotes.serve.app.create_app` builds the FastAPI app around a
:class:`quotes.serve.service.Service`, which holds the loaded model; ``quotes serve`` runs it
with uvicorn. Routes: ``POST /extract``, ``GET /health``, ``GET /rules``, with a store
``GET /speakers`` and ``GET /quotes``; the reading page at ``/``; the OpenAPI docs at ``/docs``.
"""
