"""quotes serve through a real uvicorn: the API, its refusals, the store routes and the reading page."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed (make install installs it)")

from servers import free_port, post_json, request, running, write_store

from quotes.attribute.registry import registry
from quotes.crossdoc.run import resolve_quotes
from quotes.export.jsonl import load_schema, validate_record
from quotes.export.render import render_html
from quotes.options import check_acts, check_flag, check_min_confidence
from quotes.pipeline import Extractor
from quotes.store import read_quotes, read_speakers
from quotes.types import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MAX_CHARS = 30_000
HOLM = "“We will not back down,” Mayor Ida Holm said on Tuesday. She said the city would “fight to the end”."


@pytest.fixture(scope="module")
def store(nlp, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    """The seed articles in a quote store."""
    return write_store(nlp, [str(SEEDS)], tmp_path_factory.mktemp("serve") / "seeds.db")


@pytest.fixture(scope="module")
def server(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``quotes serve --db seeds.db --workers 2`` on a free port, stopped by its PID."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    command = [sys.executable, "-m", "quotes", "serve", "--db", str(store), "--port", str(port),
               "--workers", "2", "--max-chars", str(MAX_CHARS)]  # fmt: skip
    with running(command, f"http://127.0.0.1:{port}/health", timeout=180, log_path=str(log)):
        yield f"http://127.0.0.1:{port}"


def _expected(nlp, documents: list[Document], **options) -> list[dict]:  # type: ignore[no-untyped-def]
    """What the library gives for the same documents: extracted, then resolved across them."""
    quotes, _ = resolve_quotes(Extractor(nlp, **options).extract_many(documents))
    return [quote.to_dict() for quote in quotes]


def test_health_and_rules(server: str) -> None:
    health = request(f"{server}/health").json()
    assert health["status"] == "ok" and health["store"] is True and health["max_chars"] == MAX_CHARS
    assert request(f"{server}/rules").json() == [rule.to_dict() for rule in registry().values()]


def test_extract_gives_the_records_of_the_library(nlp, server: str) -> None:  # type: ignore[no-untyped-def]
    reply = post_json(f"{server}/extract", {"text": HOLM, "id": "holm", "date": "2024-05-07", "outlet": "Gazette"})
    assert reply.status == 200, reply.body
    records = reply.json()["quotes"]
    for record in records:
        validate_record(record)
    document = Document("holm", HOLM, meta={"date": "2024-05-07", "outlet": "Gazette"})
    assert records == _expected(nlp, [document])
    assert [r["speaker"]["id"] for r in records] == ["ida-holm", "ida-holm"]
    assert {(r["speaker"]["kind"], r["speaker"]["gender"], r["act"]) for r in records} == {("person", "female", "speech")}
    assert records[0]["speaker"]["gender_evidence"] == {"type": "pronoun", "text": "She", "gender": "female",
                                                        "doc_id": "holm", "start": 57, "end": 60}
    assert "evidence" not in records[0]["speaker"], "what only later runs need stays out of the record"
    assert records[1]["clause"]["text"] == "the city would “fight to the end”"


def test_extract_many_documents_with_options(nlp, server: str) -> None:  # type: ignore[no-untyped-def]
    texts = [HOLM, "The mayor believes the bridge will reopen in May. It is a “pre-agreement” at best."]
    payload = {"documents": [{"id": "a", "text": texts[0]}, {"text": texts[1], "title": "Bridge"}],
               "acts": ["speech"], "unattributed": True}  # fmt: skip
    records = post_json(f"{server}/extract", payload).json()["quotes"]
    second = payload["documents"][1]
    documents = [Document("a", texts[0]), Document(records[-1]["doc_id"], texts[1], meta={"title": second["title"]})]
    assert records == _expected(nlp, documents, acts=["speech"], unattributed=True)
    assert {r["act"] for r in records} == {"speech"} and any(r["speaker"] is None for r in records)
    assert records[-1]["doc_id"].startswith("text-"), "an article without an id gets one from its text"
    beliefs = post_json(f"{server}/extract", {"text": texts[1], "acts": ["belief"]}).json()["quotes"]
    assert [(r["text"], r["act"]) for r in beliefs] == [("the bridge will reopen in May", "belief")]
    assert post_json(f"{server}/extract", {"text": texts[1]}).json()["quotes"] == beliefs, "without acts, every act"


@pytest.mark.parametrize(("field", "value", "check"), [
    ("min_confidence", 1.5, check_min_confidence),
    ("min_confidence", "high", check_min_confidence),
    ("acts", ["speech", "gossip"], check_acts),
    ("acts", "speech", check_acts),
    ("unattributed", "yes", check_flag),
])  # fmt: skip
def test_options_are_refused_with_the_library_message(server: str, field: str, value: object, check) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises((TypeError, ValueError)) as refused:
        check(value, name=field)
    reply = post_json(f"{server}/extract", {"text": HOLM, field: value})
    assert reply.status == 422
    assert reply.json()["error"] == f"body.{field}: {refused.value}"


@pytest.mark.parametrize(("body", "said"), [
    (b'{"text": "unfinished', "the body is not valid JSON"),
    (b"{}", 'give "text" (one article) or "documents"'),
    (b'{"documents": [{"id": "a"}]}', "body.documents.0.text: Field required"),
    (b'{"text": 42}', "body.text: Input should be a valid string"),
    (b'{"txt": "a typo"}', "body.txt: Extra inputs are not permitted"),
    (b'{"documents": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}', "documents[1].id: 'a' is the id of an earlier"),
    (b'{"text": "\\ud800 half a pair"}', "unpaired surrogate"),
])  # fmt: skip
def test_bad_bodies_get_422_naming_the_field(server: str, body: bytes, said: str) -> None:
    reply = request(f"{server}/extract", method="POST", body=body, headers={"content-type": "application/json"})
    assert reply.status == 422
    assert said in reply.json()["error"]


def test_too_much_text_gets_413_and_the_service_goes_on(server: str) -> None:
    reply = post_json(f"{server}/extract", {"text": "x" * (MAX_CHARS + 1)})
    assert reply.status == 413 and "--max-chars" in reply.json()["error"]
    documents = [{"text": "y" * (MAX_CHARS // 2 + 1), "id": str(n)} for n in range(2)]
    assert post_json(f"{server}/extract", {"documents": documents}).status == 413, "the limit counts the whole request"
    # a body announced bigger than the limit is refused before it is read
    huge = request(f"{server}/extract", method="POST", body=b"{}",
                   headers={"content-type": "application/json", "content-length": str(10**9)})
    assert huge.status == 413
    assert request(f"{server}/health").status == 200


def test_speakers_and_quotes_read_the_store(server: str, store: Path) -> None:
    speakers = request(f"{server}/speakers?limit=3").json()["speakers"]
    assert speakers == read_speakers(store)[:3]
    orgs = request(f"{server}/speakers?kind=organization").json()["speakers"]
    assert orgs and {s["kind"] for s in orgs} == {"organization"}
    assert orgs == [s for s in read_speakers(store) if s["kind"] == "organization"][:100]
    men = request(f"{server}/speakers?kind=person&gender=male").json()["speakers"]
    assert men and {(s["kind"], s["gender"]) for s in men} == {("person", "male")} and all(s["gender_evidence"] for s in men)
    refused = request(f"{server}/speakers?kind=org")
    assert refused.status == 422 and "query.kind: Input should be 'person', 'anonymous'" in refused.json()["error"]
    found = request(f"{server}/quotes?speaker=mike-pompeo&q=immediate%20release").json()["quotes"]
    assert "Roberto Marrero’s immediate release" in {r["text"] for r in found}
    assert all("immediate release" in r["text"] and r["speaker"]["id"] == "mike-pompeo" for r in found)
    assert found == [r for r in read_quotes(store) if r in found]
    assert request(f"{server}/quotes?since=2099-01-01").json()["quotes"] == []


def test_extract_with_store_adds_to_it_once(server: str, store: Path, tmp_path: Path) -> None:
    article = {"id": "../../holm.db", "text": HOLM, "date": "2024-05-07", "outlet": "Gazette"}
    for _ in range(2):  # the same article twice: its rows are replaced
        reply = post_json(f"{server}/extract?store=true", {"documents": [article]})
        assert reply.status == 200, reply.body
    added = reply.json()["quotes"]
    stored = [r for r in read_quotes(store) if r["doc_id"] == article["id"]]
    assert stored == added and len(stored) == 2
    assert request(f"{server}/quotes?speaker=ida-holm").json()["quotes"] == added
    assert not (store.parent.parent / "holm.db").exists(), "an id is never a path"


def test_openapi_docs_carry_the_quote_schema(server: str) -> None:
    openapi = request(f"{server}/openapi.json").json()
    schema = load_schema()
    schema.pop("$schema")
    assert openapi["components"]["schemas"]["Quote"] == schema
    answer = openapi["paths"]["/extract"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["properties"]["quotes"]["items"] == {"$ref": "#/components/schemas/Quote"}
    assert request(f"{server}/docs").status == 200


def test_no_cross_origin_access_unless_asked(server: str) -> None:
    reply = request(f"{server}/health", headers={"origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in reply.headers


def test_a_long_article_does_not_hold_up_other_requests(server: str) -> None:
    long_text = " ".join([HOLM] * 250)[:MAX_CHARS]
    done: list[float] = []
    worker = threading.Thread(target=lambda: done.append(post_json(f"{server}/extract", {"text": long_text}).status))
    worker.start()
    time.sleep(0.3)
    started = time.monotonic()
    assert request(f"{server}/health").status == 200
    waited = time.monotonic() - started
    worker.join()
    assert done == [200]
    assert waited < 2.0


def test_render_page_is_the_page_quotes_render_draws(nlp, server: str) -> None:  # type: ignore[no-untyped-def]
    from urllib.parse import urlencode

    text = (SEEDS / "000_edca51f5aae81e57.txt").read_text(encoding="utf-8")
    form = urlencode({"text": text, "title": "Seed", "name": "000.txt"}).encode()
    reply = request(f"{server}/render", method="POST", body=form,
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert reply.status == 200
    document = Document("000.txt", text)
    quotes, _ = resolve_quotes(Extractor(nlp).extract_many([document]))
    assert reply.body.decode("utf-8") == render_html([(document, quotes)], title="Seed")
    empty = request(f"{server}/render", method="POST", body=b"text=+", headers={"content-type": "application/x-www-form-urlencoded"})
    assert empty.status == 422 and b"paste an article" in empty.body


def test_readme_requests_answer_as_printed(server: str) -> None:
    """The console block of the README's "The HTTP API", run with curl and jq against the real server."""
    from test_readme import _steps

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```console\n(.*?)^```", readme[readme.index("### The HTTP API"):], re.M | re.S)
    assert block is not None, "the README's HTTP API section has a console block"
    missing = [tool for tool in ("curl", "jq") if shutil.which(tool) is None]
    assert not missing, f"the README's requests need {' and '.join(missing)} on PATH"
    steps = _steps(block[1])
    assert steps[0][0].startswith(".venv/bin/quotes serve --db") and len(steps) >= 4
    for command, expected in steps[1:]:  # the first starts the server, which the fixture runs
        run = command.replace("localhost:8000", server.removeprefix("http://"))
        done = subprocess.run(["bash", "-c", f"set -o pipefail; {run}"], capture_output=True, text=True, timeout=120)
        assert (done.stdout + done.stderr).splitlines() == expected, f"{command} (exit status {done.returncode})"


# --- a service whose extraction fails, in this process -------------------------------------


@pytest.fixture(scope="module")
def failing_server() -> Iterator[str]:
    """A real uvicorn whose pipeline's parser was never trained: every extraction raises."""
    import spacy
    import uvicorn

    from quotes.serve.app import create_app
    from quotes.serve.service import Service, Settings

    broken = spacy.blank("en")
    broken.add_pipe("parser")
    app = create_app(Service(Extractor(broken), Settings(cors=("https://cms.example.org",))))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_a_failing_text_costs_only_its_request(failing_server: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="quotes.serve.app"):
        reply = post_json(f"{failing_server}/extract", {"text": HOLM})
    assert reply.status == 500
    error_id = reply.json()["error_id"]
    assert error_id in reply.json()["error"]
    assert any(error_id in record.getMessage() for record in caplog.records), "the failure is logged under its id"
    assert request(f"{failing_server}/health").status == 200
    assert request(f"{failing_server}/rules").status == 200


def test_cors_answers_only_the_origins_given(failing_server: str) -> None:
    allowed = request(f"{failing_server}/health", headers={"origin": "https://cms.example.org"})
    assert allowed.headers.get("access-control-allow-origin") == "https://cms.example.org"
    other = request(f"{failing_server}/health", headers={"origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


def test_store_routes_without_a_store_say_how_to_get_one(failing_server: str) -> None:
    assert "quotes serve --db" in request(f"{failing_server}/speakers").json()["error"]
    reply = post_json(f"{failing_server}/extract?store=true", {"text": HOLM})
    assert reply.status == 400 and "--db" in reply.json()["error"]


def test_serve_listens_on_this_machine_unless_told(capsys: pytest.CaptureFixture[str]) -> None:
    from quotes.cli import build_parser

    assert build_parser().parse_args(["serve"]).host == "127.0.0.1"
    from quotes import cli

    assert cli.main(["serve", "--workers", "0"]) == 2
    assert "--workers must be 1 or more" in capsys.readouterr().err


# --- the reading page in a real headless Chromium --------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from browser import Chromium, find_chromium

    path, reason = find_chromium()
    if path is None:
        pytest.skip(f"no headless browser for the reading page test: {reason}")
    with Chromium(path) as chromium:
        yield chromium


def test_reading_page_shows_an_uploaded_article_with_its_quotes(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    upload = SEEDS / "002_89fbbc6f3717a1c7.txt"
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        browser.send(f"{domain}.enable", session=session)

    def evaluate(expression: str) -> object:
        result = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    browser.events.clear()
    browser.send("Page.navigate", {"url": f"{server}/"}, session=session)
    browser.wait_for("Page.loadEventFired", session=session)
    root = browser.send("DOM.getDocument", session=session)["root"]["nodeId"]
    node = browser.send("DOM.querySelector", {"nodeId": root, "selector": "#file"}, session=session)["nodeId"]
    browser.send("DOM.setFileInputFiles", {"files": [str(upload)], "nodeId": node}, session=session)
    deadline = time.monotonic() + 10
    while not evaluate("document.getElementById('text').value.length") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert evaluate("document.getElementById('text').value") == upload.read_text(encoding="utf-8-sig")
    browser.events.clear()
    evaluate("document.getElementById('title').value = 'Uploaded'; document.querySelector('form').requestSubmit(); true")
    browser.wait_for("Page.loadEventFired", session=session)
    page = evaluate("({title: document.title, expected: Number(document.body.dataset.expectedQuotes),"
                    " quotes: new Set([...document.querySelectorAll('mark[data-q]')].map(m => m.dataset.q)).size,"
                    " speakers: [...document.querySelectorAll('.speakers .name')].map(n => n.textContent),"
                    " text: document.querySelector('main').textContent})")
    errors = [e for e in browser.events if e.get("sessionId") == session
              and (e.get("method") == "Runtime.exceptionThrown"
                   or (e.get("method") == "Log.entryAdded" and e["params"]["entry"].get("level") == "error"))]  # fmt: skip
    browser.send("Target.closeTarget", {"targetId": target})
    assert page["title"].startswith("Uploaded")  # type: ignore[index]
    assert page["expected"] > 5 and page["quotes"] == page["expected"]  # type: ignore[index]
    assert "Juan Guaido" in page["speakers"]  # type: ignore[index]
    assert "002_89fbbc6f3717a1c7.txt" in page["text"] and "very weak regime" in page["text"]  # type: ignore[index]
    assert errors == []
