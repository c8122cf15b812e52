"""``quotes serve``: the HTTP API and the reading page, on uvicorn."""

from __future__ import annotations

import argparse
import ipaddress
import os

from quotes.cli.common import MODEL_HELP, say

SERVE_EXAMPLE = """example:
  quotes serve                                 # http://127.0.0.1:8000/ (API docs at /docs)
  quotes serve --db out/seeds.db --workers 2   # with a quote store, two processes
  curl -s localhost:8000/extract -H 'content-type: application/json' \\
       -d '{"text": "“We will not back down,” Mayor Ida Holm said."}'

Listening beyond this machine needs --host stated (e.g. --host 0.0.0.0): the API has no
authentication, so put it behind a proxy that has."""


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the command and its options to the ``quotes`` parser."""
    srv = sub.add_parser(
        "serve", help="serve the extractor as an HTTP API, with a reading page",
        description="Serve POST /extract, GET /health, GET /rules (and with --db, GET /speakers, GET /quotes and "
        "POST /extract?store=true) and a reading page at /.",
        epilog=SERVE_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    srv.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    srv.add_argument("--workers", type=int, default=1, metavar="N",
                     help="processes serving requests, each with its own copy of the model (default: 1)")
    srv.add_argument("--db", metavar="QUOTES.db", help="the quote store to read (GET /speakers, /quotes) and add to "
                     "(POST /extract?store=true); made on the first addition if missing")
    srv.add_argument("--max-chars", type=int, default=1_000_000, metavar="N",
                     help="most characters of text one request may send (default: 1,000,000, as extract)")
    srv.add_argument("--cors", action="append", default=[], metavar="ORIGIN",
                     help="let pages from ORIGIN (https://cms.example.org) call the API; repeat for more (default: none)")
    srv.add_argument("--model", help=MODEL_HELP)
    srv.add_argument("-q", "--quiet", action="store_true", help="print only problems, not each request")
    srv.set_defaults(run=run)


def _checked(args: argparse.Namespace) -> str | None:
    """What is wrong with the options, if anything."""
    from quotes.options import check_count

    try:
        check_count(args.workers, name="--workers", what="processes")
        check_count(args.max_chars, name="--max-chars", what="characters")
        if not 0 < args.port < 65536:
            raise ValueError(f"--port must be between 1 and 65535, got {args.port}")
    except (TypeError, ValueError) as exc:
        return str(exc)
    if args.db and os.path.isdir(args.db):
        return f"--db {args.db} is a folder: give the name of a quote store file (e.g. {os.path.join(args.db, 'quotes.db')})"
    return None


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from quotes.serve.app import SETTINGS_ENV, app_from_environment, create_app
        from quotes.serve.service import Service, Settings
    except ImportError as exc:
        say(f"quotes serve needs the serve extra ({exc.name} is missing): pip install 'quotes[serve]'")
        return 2
    problem = _checked(args)
    if problem:
        say(problem)
        return 2
    settings = Settings(model=args.model, max_chars=args.max_chars, db=args.db, cors=tuple(args.cors))
    if not _is_loopback(args.host):
        say(f"listening on {args.host}: anyone who reaches this machine on port {args.port} can use the API, "
            "which has no authentication")
    log_level = "warning" if args.quiet else "info"
    if args.workers == 1:
        from quotes.pipeline import Extractor

        app = create_app(Service(Extractor(args.model), settings))  # the model is loaded before listening
        uvicorn.run(app, host=args.host, port=args.port, log_level=log_level)
    else:
        os.environ[SETTINGS_ENV] = settings.to_json()
        uvicorn.run(f"{app_from_environment.__module__}:{app_from_environment.__name__}", factory=True,
                    host=args.host, port=args.port, workers=args.workers, log_level=log_level)
    return 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
