"""Requests per second and latency of ``quotes serve`` for one 700-word article, with 1 and 2 workers.

The article is the PolNeAR training article nearest 700 words when ``../shared/eval`` is
beside the repository, else the seed articles cut to 700 words; it is sent as JSON to
``POST /extract`` over loopback, by :data:`CLIENTS` clients at once, :data:`REQUESTS`
times, after a warm-up; the server runs in a process of its own (``python -m quotes
serve``), stopped by its PID. ``python -m bench.run --serve-only`` runs this part alone.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "eval" / "polnear_train.jsonl"
SECTION = "## HTTP service"
WORDS = 700
WORKERS = (1, 2)
CLIENTS = 4
REQUESTS = 60
WARM_UP = 6


def article() -> tuple[str, str]:
    """``(text, where it comes from)`` of a news article of about :data:`WORDS` words."""
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as fp:
            texts = [json.loads(line)["text"] for line in fp if line.strip()]
        text = min(texts, key=lambda t: abs(len(t.split()) - WORDS))
        return text, f"the PolNeAR training article nearest {WORDS} words ({len(text.split())} words)"
    words = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))).split(" ")
    text = " ".join(words[:WORDS])
    return text, f"the seed articles cut to {WORDS} words"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _post(url: str, body: bytes) -> float:
    """Send one request; its latency in seconds."""
    started = time.perf_counter()
    request = urllib.request.Request(url, data=body, method="POST", headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as reply:
        reply.read()
        if reply.status != 200:
            raise RuntimeError(f"status {reply.status}")
    return time.perf_counter() - started


def _serve(workers: int, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "quotes", "serve", "--port", str(port), "--workers", str(workers), "-q"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"quotes serve ended with status {process.returncode}") from None
            time.sleep(0.2)
    _stop(process)
    raise RuntimeError("quotes serve did not answer within 180 s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and its worker processes: its process group, by its PID."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _cpu_seconds(group: int) -> float:
    """CPU time so far of every process in the process group ``group`` (the server and its workers)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp, then utime and stime at 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def measure(workers: int, text: str) -> dict[str, float]:
    """Serve with ``workers`` processes and time the requests: sequential latency, then throughput."""
    port = _free_port()
    process = _serve(workers, port)
    url = f"http://127.0.0.1:{port}/extract"
    body = json.dumps({"text": text}).encode("utf-8")
    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(lambda _: _post(url, body), range(WARM_UP)))  # every worker has run once
            alone = [_post(url, body) for _ in range(REQUESTS // 4)]
            started, cpu = time.perf_counter(), _cpu_seconds(process.pid)
            loaded = list(pool.map(lambda _: _post(url, body), range(REQUESTS)))
            elapsed, cpu = time.perf_counter() - started, _cpu_seconds(process.pid) - cpu
    finally:
        _stop(process)
    return {
        "rps": REQUESTS / elapsed,
        "alone": statistics.median(alone),
        "median": statistics.median(loaded),
        "p90": statistics.quantiles(loaded, n=10)[-1],
        "cores": cpu / elapsed,
        "cpu": cpu / REQUESTS,
    }


def _spin(seconds: float) -> float:
    """Keep a core busy for ``seconds`` of CPU time; the CPU time used."""
    started = time.process_time()
    while time.process_time() - started < seconds:
        sum(i * i for i in range(10_000))
    return time.process_time() - started


def cores_available(seconds: float = 2.0) -> float:
    """How many cores two busy processes get on this machine now: their CPU time over the wall clock."""
    from multiprocessing import get_context

    with get_context("spawn").Pool(2) as pool:
        started = time.perf_counter()
        cpu = sum(pool.map(_spin, [seconds, seconds]))
        return cpu / (time.perf_counter() - started)


def section() -> str:
    """The section of bench/results.md: one row a number of workers."""
    text, origin = article()
    cores = cores_available()
    print(f"  two busy processes get {cores:.2f} cores", flush=True)
    rows = []
    for workers in WORKERS:
        print(f"  quotes serve --workers {workers} ...", flush=True)
        m = measure(workers, text)
        print(f"    {m['rps']:.1f} requests/s, median {m['median'] * 1000:.0f} ms", flush=True)
        rows.append(f"| {workers} | {m['rps']:.1f} | {m['alone'] * 1000:.0f} | {m['median'] * 1000:.0f} "
                    f"| {m['p90'] * 1000:.0f} | {m['cpu'] * 1000:.0f} | {m['cores']:.2f} |")
    return "\n".join([
        SECTION,
        "",
        f"`POST /extract` with {origin}, over loopback: {REQUESTS} requests from {CLIENTS} clients at once",
        f"after {WARM_UP} to warm up; latency alone is the median of {REQUESTS // 4} requests sent one after another.",
        "",
        "| workers | requests/s | latency alone (ms) | median latency, loaded (ms) | p90, loaded (ms) "
        "| server CPU a request (ms) | cores busy |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "With one worker, articles are extracted one at a time and the clients queue; two workers",
        "(two processes, two copies of the model) can use two cores. Cores busy is the server's CPU",
        "time (every process of its group) over the wall clock of the loaded run: on a machine whose",
        "cores other work shares, it shows how much of the second core the second worker could get.",
        f"Two processes that only compute got {cores:.2f} cores of this machine when the run began.",
        "",
    ])
