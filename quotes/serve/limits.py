"""A limit on the size of request bodies, enforced before they are read whole."""

from __future__ import annotations

import json
from typing import Any

#: An ASGI callable's arguments.
Scope = dict[str, Any]


class BodyTooLarge(Exception):
    """The body sent more bytes than the limit."""


class BodyLimit:
    """ASGI middleware: a body over ``max_bytes`` gets 413, from its Content-Length or as it streams in.

    Args:
        app: The application wrapped.
        max_bytes: Most bytes a request body may hold.
    """

    def __init__(self, app: Any, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send, int(declared))
            return
        seen = 0
        started = False

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLarge
            return message

        async def watched(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started:
                await self._refuse(send, seen)

    async def _refuse(self, send: Any, size: int) -> None:
        body = json.dumps({"error": f"the request body holds over {size:,} bytes, more than this service takes "
                                    f"({self.max_bytes:,}; quotes serve --max-chars sets it); send less at a time"})
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body.encode()})
