"""The reading page: paste or upload an article at ``/``, see it as ``quotes render`` draws it.

The form posts the text to ``/render``, which answers with the page of
:func:`quotes.export.render.render_html` for that one article, speakers resolved as
``quotes render`` resolves them. The form page, like the rendered one, is self-contained: its
one script (which reads an uploaded file into the text box) is allowed by its hash alone.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from quotes.export.pages import csp_hash, page_head
from quotes.serve.models import default_id

if TYPE_CHECKING:
    from quotes.serve.service import Service

#: Reads the chosen file into the text box, and its name into the form.
SCRIPT = """document.getElementById("file").addEventListener("change", function (event) {
  var file = event.target.files[0];
  if (!file) { return; }
  var reader = new FileReader();
  reader.onload = function () {
    document.getElementById("text").value = String(reader.result).replace(/^\\ufeff/, "");
    document.getElementById("name").value = file.name;
  };
  reader.readAsText(file, "utf-8");
});"""

STYLE = """body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
textarea { width: 100%; min-height: 20rem; font: inherit; }
label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
button { margin-top: 1rem; font: inherit; padding: .4rem 1.2rem; }
.error { color: #a00; }"""


def form_page(*, message: str = "", text: str = "") -> str:
    """The page with the form; ``message`` says what was wrong with the last one sent."""
    policy = (f"default-src 'none'; style-src {csp_hash(STYLE)}; script-src {csp_hash(SCRIPT)}; "
              "form-action 'self'; base-uri 'none'")  # fmt: skip
    error = f'<p class="error" role="alert">{html.escape(message)}</p>' if message else ""
    return page_head(title="quotes: who said what", policy=policy, style=STYLE) + f"""<body>
<h1>Who said what</h1>
<p>Paste an article or choose a text file: the page that comes back shows each quote, its speaker and its cue.</p>
{error}
<form method="post" action="/render" accept-charset="utf-8">
<label for="title">Title</label>
<input id="title" name="title" size="60">
<label for="file">Text file</label>
<input id="file" type="file" accept=".txt,text/plain">
<input id="name" name="name" type="hidden">
<label for="text">Article</label>
<textarea id="text" name="text" required>{html.escape(text)}</textarea>
<button type="submit">Show the quotes</button>
</form>
<script>{SCRIPT}</script>
</body>
</html>
"""


def form_article(body: bytes) -> tuple[str, str, str]:
    """``(id, title, text)`` of the form as posted (URL-encoded), the text as typed.

    Raises:
        ValueError: The form has no text.
    """
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    text = fields.get("text", [""])[0]
    if not text.strip():
        raise ValueError("the form has no text: paste an article or choose a file")
    name = fields.get("name", [""])[0].strip()
    title = fields.get("title", [""])[0].strip() or name or "Article"
    return (name or default_id(text)), title, text


def add_routes(app: FastAPI, service: Service) -> None:
    """Add ``GET /`` (the form) and ``POST /render`` (the article with its quotes)."""

    @app.get("/", response_class=HTMLResponse, summary="The reading page", include_in_schema=False)
    def form() -> HTMLResponse:
        return HTMLResponse(form_page())

    @app.post("/render", response_class=HTMLResponse, summary="An article with its quotes, as quotes render draws it")
    async def render(request: Request) -> HTMLResponse:
        from quotes.crossdoc.run import resolve_quotes
        from quotes.export.render import render_html
        from quotes.serve.service import TooLong

        try:
            doc_id, title, text = form_article(await request.body())
            service.check_size([(doc_id, text, {})])
            documents = service.documents([(doc_id, text, {})])
        except TooLong as exc:
            return HTMLResponse(form_page(message=str(exc)), status_code=413)
        except ValueError as exc:
            return HTMLResponse(form_page(message=str(exc)), status_code=422)
        extracted = await run_in_threadpool(service.extract, documents, {})
        quotes, _ = resolve_quotes(extracted)
        return HTMLResponse(render_html([(documents[0], quotes)], title=title))
