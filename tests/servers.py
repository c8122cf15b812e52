"""Real servers for tests: started as processes on a free loopback port, stopped by their PID;
and the quote store they serve."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from quotes.crossdoc.run import RunWriter
from quotes.pipeline import Extractor
from quotes.read import read_documents
from quotes.store import StoreWriter


def write_store(nlp: Language, inputs: Sequence[str], db: Path) -> Path:
    """Extract ``inputs`` into the quote store ``db`` as ``quotes extract --db`` does; returns ``db``."""
    with StoreWriter(db) as store:
        writer = RunWriter(None, store=store, spool_dir=db.parent)
        for document, quotes in Extractor(nlp).extract_many(read_documents(list(inputs), on_problem=pytest.fail)):
            writer.write(document, quotes)
        writer.close()
    return db


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Reply:
    """An HTTP reply: status, headers and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(url: str, *, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None,
            timeout: float = 60) -> Reply:
    """Send one request and return the reply, whatever its status."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as reply:
            return Reply(reply.status, {k.lower(): v for k, v in reply.headers.items()}, reply.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


def post_json(url: str, payload: Any, *, timeout: float = 60) -> Reply:
    """POST ``payload`` as JSON."""
    return request(url, method="POST", body=json.dumps(payload).encode("utf-8"),
                   headers={"content-type": "application/json"}, timeout=timeout)


@contextlib.contextmanager
def running(command: Sequence[str], ready_url: str, *, timeout: float = 90, env: dict[str, str] | None = None,
            log_path: str | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``command`` in its own process group, wait until ``ready_url`` answers, stop it by PID at the end.

    Raises:
        RuntimeError: The process ended, or did not answer within ``timeout`` seconds; the
            message holds what it printed.
    """
    log = open(log_path or os.devnull, "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(list(command), stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} ended with status {process.returncode}: {_tail(log_path)}")
            with contextlib.suppress(OSError):
                if request(ready_url, timeout=2).status < 500:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{ready_url} did not answer within {timeout} s: {_tail(log_path)}")
            time.sleep(0.1)
        yield process
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server started by :func:`running`, and the worker processes it started, by its PID."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # its own group: uvicorn's worker processes too
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _tail(path: str | None) -> str:
    if not path:
        return "(output not kept)"
    with open(path, encoding="utf-8", errors="replace") as fp:
        return fp.read()[-3000:]
