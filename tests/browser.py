"""A headless Chromium driven over the DevTools protocol on a pipe, for testing rendered pages.

No extra Python package and no network port: Chromium is started with
``--remote-debugging-pipe`` and reads commands (JSON, NUL-terminated) on fd 3 and writes
replies and events on fd 4. :func:`find_chromium` locates a browser and, where allowed,
installs Debian's ``chromium`` with apt-get.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: Flags for a quiet, offline, throw-away browser (no sandbox: tests run as root in containers).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-sync",
    "--remote-debugging-pipe",
)


def find_chromium(*, install: bool = True) -> tuple[str | None, str]:
    """Return ``(path, "")`` of a Chromium-like browser, or ``(None, reason)``.

    ``$QUOTES_CHROMIUM`` wins; else the first of :data:`BROWSER_NAMES` on ``PATH``; else,
    with ``install`` and when running as root on a system with apt-get, Debian's
    ``chromium`` package is installed (``apt-get update && apt-get install -y chromium``).
    """
    explicit = os.environ.get("QUOTES_CHROMIUM")
    if explicit:
        return (explicit, "") if shutil.which(explicit) else (None, f"$QUOTES_CHROMIUM={explicit!r} is not executable")
    for name in BROWSER_NAMES:
        path = shutil.which(name)
        if path:
            return path, ""
    if not install:
        return None, "no chromium on PATH"
    if shutil.which("apt-get") is None:
        return None, "no chromium on PATH and no apt-get to install it (install Chromium or set $QUOTES_CHROMIUM)"
    if os.geteuid() != 0:
        return None, "no chromium on PATH and installing it needs root (run: sudo apt-get install chromium)"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]):
        try:
            proc = subprocess.run(command, check=False, capture_output=True, text=True, timeout=1200, env=env)
        except subprocess.TimeoutExpired:
            return None, f"{' '.join(command)} timed out; is the Debian registry reachable?"
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            return None, f"{' '.join(command)} failed ({proc.returncode}): {' / '.join(tail)}"
    path = shutil.which("chromium")
    return (path, "") if path else (None, "apt-get installed chromium but it is not on PATH")


@dataclass
class PageReport:
    """What a loaded page did: values of evaluated expressions and every problem it reported."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


class DevToolsError(RuntimeError):
    """The browser answered a command with an error, or did not answer in time."""


class Chromium:
    """One headless browser process, driven over the DevTools pipe; use as a context manager."""

    def __init__(self, path: str, *, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="quotes-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # A small Python trampoline puts the pipe ends on fd 3 (commands) and fd 4 (replies), then
        # becomes chromium (a shell cannot: dash only redirects single-digit descriptors).
        trampoline = (
            "import os, sys; r, w = int(sys.argv[1]), int(sys.argv[2]); "
            "os.dup2(r, 3); os.dup2(w, 4); [os.close(fd) for fd in (r, w) if fd not in (3, 4)]; "
            "os.execv(sys.argv[3], sys.argv[3:])"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", trampoline, str(to_browser_r), str(from_browser_w), path, *FLAGS,
             f"--user-data-dir={self._profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(to_browser_r, from_browser_w),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> Chromium:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Ask the browser to quit, then make sure it has."""
        try:
            if self.process.poll() is None:
                self.send("Browser.close", wait=False)
                self.process.wait(timeout=10)
        except (OSError, DevToolsError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            for fd in (self._to_browser, self._from_browser):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._profile.cleanup()

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None, wait: bool = True) -> dict[str, Any]:
        """Send one command and return its result (events that arrive meanwhile are kept)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode("utf-8") + b"\0")
        if not wait:
            return {}
        while True:
            reply = self._receive(time.monotonic() + self.timeout)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise DevToolsError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, method: str, *, session: str | None = None) -> dict[str, Any]:
        """Return the first event named ``method`` (already received or next to come)."""
        deadline = time.monotonic() + self.timeout
        for event in self.events:
            if event.get("method") == method and (session is None or event.get("sessionId") == session):
                return event
        while True:
            event = self._receive(deadline)
            self.events.append(event)
            if event.get("method") == method and (session is None or event.get("sessionId") == session):
                return event

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise DevToolsError("the browser did not answer in time")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise DevToolsError(f"the browser closed the pipe (exit status {self.process.poll()})")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def load(self, url: str, expressions: dict[str, str]) -> PageReport:
        """Open ``url`` in a new tab, wait for its load event, evaluate ``expressions``.

        Problems are uncaught exceptions, ``console.error``/``console.assert`` calls and
        browser log entries at level error (refused scripts or styles, failed loads).
        """
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=session)
        self.events.clear()
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session=session)
        report = PageReport()
        for name, expression in expressions.items():
            result = self.send(
                "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session
            )
            if "exceptionDetails" in result:
                report.errors.append(f"evaluating {name}: {result['exceptionDetails'].get('text')}")
            report.values[name] = result.get("result", {}).get("value")
        self.send("Target.closeTarget", {"targetId": target})
        for event in self.events:
            if event.get("sessionId") != session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                report.errors.append(f"exception: {details.get('exception', {}).get('description') or details.get('text')}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                report.errors.append(f"console.{params['type']}: {[a.get('value') for a in params.get('args', [])]}")
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                report.errors.append(f"log: {params['entry'].get('text')}")
        return report
