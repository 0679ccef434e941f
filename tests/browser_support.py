"""Headless Chromium for the browser tests: Debian's chromium driven by Playwright.

Playwright's own browser download is never used: the tests launch /usr/bin/chromium (what
`python3 dev.py test` installs under CI). A developer machine without it skips the tests
with the install command; under CI (``CI=true``) a missing browser is a failure instead,
so the browser tests can never be skipped silently where they are meant to run.
"""

from __future__ import annotations

import http.server
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline.links.server import serve_folder

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium phones home (component updates,
# variations, sync), which this machine refuses and which a test must not depend on.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "apt-get install chromium"


@contextmanager
def chromium_browser() -> Iterator:
    """Debian's chromium, launched headless through Playwright, closed afterwards."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright  # only where a browser test runs

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing(reason: str) -> None:
    """Skip on a developer machine; fail under CI, where the tests must run."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


def require_chromium(path: Path = CHROMIUM) -> Path:
    if not os.access(path, os.X_OK):
        missing(f"chromium not found at {path}: {INSTALL_HINT}")
    return path


def require_node() -> str:
    node = shutil.which("node")
    if node is None:
        missing("node not found on PATH: apt-get install nodejs")
    return node


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # requests are not news in a test
        pass


def serve(directory: Path):
    """Serve ``directory`` as it is on 127.0.0.1 (a free port) in a thread; yields the base
    URL. (The link check's server shows linkchecker pages without their in-page links.)"""
    return serve_folder(directory, _QuietHandler)


class PageProblems:
    """Everything a page did wrong while it loaded: console errors, uncaught exceptions,
    failed requests, HTTP errors and any request that left the local server."""

    def __init__(self, page, base_url: str) -> None:
        self.base_url = base_url
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("request", self._request)

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _failed(self, request) -> None:
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _request(self, request) -> None:
        if request.url.startswith(("http:", "https:")) and not request.url.startswith(
            self.base_url
        ):
            self.problems.append(f"external request: {request.url}")
