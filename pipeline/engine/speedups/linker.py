"""The build's side of ``linkworker``: the jobs handed to the link process as they come,
and its first failure raised once the build waits for it (``Linker.finish``)."""

from __future__ import annotations

import os
import subprocess
import sys

from pipeline.engine.speedups import linkworker


class Linker:
    """Folders made and previous files linked (skipped pages, unchanged static files) or
    written (pages whose links were rendered again) by a process of their own
    (``linkworker``), for a build's page skips and static links alike.

    3,000 skipped item pages each have their own folder (``news/posts/<slug>/``). Made on
    a thread of the build, those system calls took 2.5 s (each waited for Python's lock
    while the build computed page keys); in the build itself they cost most of a second.
    The worker does them beside the page builds, on another core. A page is handed over
    once its record and its previous file (by its stamp) are known good, and only when
    that file is on the new site's disk (a link across disks fails: such pages are
    linked, or built, at once). A link that fails anyway (the disk full, say) is a copy of
    the same bytes; when that fails too, ``finish`` raises. A link or a page onto a path
    that is there already fails too, never written through (it may be a second name of the
    previous site's file). Where no process can be started, the jobs are done at once."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.inline: set[bytes] | None = None  # no process: jobs done here (folders made)
        self.device: int | None = None  # the new site's, when it is known
        self.failed: OSError | None = None

    def link(self, previous: str, target: str, device: int) -> bool:
        """Link ``previous`` (on ``device``) to ``target`` in the worker: False when it
        must be done at once."""
        if self.device is None:
            self.device = device_of(os.path.dirname(target))
        if device != self.device:
            return False
        self._send(linkworker.LINK, os.fsencode(target), os.fsencode(previous))
        return True

    def write(self, target: str, data: bytes) -> None:
        """``data`` written to ``target`` (which must not exist) in the worker."""
        self._send(linkworker.WRITE, os.fsencode(target), data)

    def _send(self, kind: bytes, target: bytes, payload: bytes) -> None:
        if self.failed is not None:
            return
        if self.process is None and self.inline is None:
            try:
                self.process = subprocess.Popen(
                    [sys.executable, "-I", "-S", linkworker.__file__],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    bufsize=1 << 16,
                )
            except OSError:
                self.inline = set()
        try:
            if self.process is not None:
                self.process.stdin.write(linkworker.job(kind, target, payload))
            else:
                linkworker.perform(kind, target, payload, self.inline)
        except OSError as exc:  # the worker gone (a broken pipe), or the job itself
            self.failed = exc

    def finish(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            try:
                process.stdin.close()
            except OSError as exc:
                self.failed = self.failed or exc
            report = process.stdout.read().decode("utf-8", "replace")
            process.stdout.close()
            if process.wait() != 0 and self.failed is None:
                code, _, path = report.partition("\n")[0].partition("\t")
                number = int(code) if code.isdigit() else 0
                self.failed = OSError(number, os.strerror(number) if number else report, path)
        failed, self.failed = self.failed, None
        if failed is not None:
            raise failed


def device_of(folder: str) -> int:
    """The device of ``folder``, or of the nearest folder above it that exists."""
    while True:
        try:
            return os.stat(folder).st_dev
        except OSError:
            parent = os.path.dirname(folder)
            if parent == folder:
                return -1
            folder = parent
