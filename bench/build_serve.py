"""`pipeline serve`'s latency: from saving an edit to the page showing it.

The server runs on a free port in its own process group; a marker sentence is saved
into one item and the item's URL polled until the marker shows. Ctrl-C stops it, as
an editor would.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from build_measure import say
from corpus import CorpusInfo, add_sentence, newest_item

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, needle: str | None, timeout: float, process) -> float | None:
    """Seconds until ``url`` answers (containing ``needle``), or None after ``timeout``."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            return None
        body = _fetch(url)
        if body is not None and (needle is None or needle in body):
            return time.perf_counter() - started
        time.sleep(0.05)
    return None


def serve_latency(root: Path, info: CorpusInfo, edits: int = 3) -> dict:
    """Seconds from saving an edit to `pipeline serve` showing it, for ``edits`` edits."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (root / "serve.log").open("wb")
    process = subprocess.Popen(
        [str(BIN / "pipeline"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped as a whole below
    )
    item = newest_item(info, "news")
    result: dict = {"item": item.path, "startup_seconds": None, "edits": []}
    try:
        result["startup_seconds"] = _wait_for(base + item.url, None, 900, process)
        if result["startup_seconds"] is None:
            say("pipeline serve did not come up; see serve.log")
            return result
        for n in range(edits):
            marker = f"预览延迟标记{n}号{time.time_ns() % 10**6}"
            add_sentence(root, item, marker)
            seconds = _wait_for(base + item.url, marker, 600, process)
            result["edits"].append(seconds)
            shown = f"{seconds:.2f} s" if seconds is not None else "never"
            say(f"  serve: edit {n + 1} visible after {shown}")
            time.sleep(1)  # let the server settle before the next save
    finally:
        result["stopped_by"] = _stop(process)
        log.close()
    visible = [s for s in result["edits"] if s is not None]
    result["median_seconds"] = statistics.median(visible) if visible else None
    return result


def _stop(process: subprocess.Popen) -> str:
    """Ctrl-C for the server's process group (MkDocs shuts down cleanly), then harder;
    the name of the signal that ended it."""
    for sig, wait in ((signal.SIGINT, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        if process.poll() is not None:
            break
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(wait)
            return sig.name
        except subprocess.TimeoutExpired:
            continue
    return "none needed"
