"""Decap's local proxy (decap-server) for `pipeline edit`: started against the working copy
in git mode, bound to 127.0.0.1, answering only the preview's origin.

Git mode is the one that supports the editorial workflow: each item saved is a branch
``cms/<collection>/<slug>`` of the working copy, and publishing merges it into the current
branch (docs/editor-guide.md).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from pipeline.editor.vendor import VendorError

PROXY_HOST = "127.0.0.1"


def start_proxy(
    entry: Path, repo: Path, port: int, origin: str, log_file: Path | None = None
) -> subprocess.Popen:
    """decap-server (``entry``, its script) on ``port``; ``origin``: where the editor's
    page is served (the proxy answers no other page)."""
    node = shutil.which("node")
    if node is None:
        raise VendorError("editor.no-node", minimum=20)
    env = {
        **os.environ,
        "GIT_REPO_DIRECTORY": str(repo),
        "MODE": "git",
        "PORT": str(port),
        "BIND_HOST": PROXY_HOST,
        "ORIGIN": origin.rstrip("/"),
        "LOG_LEVEL": "warn",
    }
    output = log_file.open("ab") if log_file is not None else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            [node, str(entry)], cwd=repo, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    finally:
        if log_file is not None:
            output.close()


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30.0) -> bool:
    """Whether the proxy answers on ``port`` before ``timeout`` (False: it ended or not)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection((PROXY_HOST, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def stop_proxy(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
