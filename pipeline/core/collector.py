"""When the garbage collector walks everything: not in the middle of a build.

A build holds millions of objects (the site's items, MkDocs' pages and posts, the
caches) that live until it ends. Python's full collections walk all of them: 0.2 s each
at 3,000 items in a `pipeline build`, up to 0.85 s in `pipeline serve`, which also keeps
the last build's objects between saves; and they free nothing a build's peak memory shows.
Young and middle collections still run and free short-lived cycles.

``no_full_collections`` holds full collections off for the length of a block.
``IdleCollector`` does the same around each build of a long-lived process (the live
preview) and runs the full collection it held off once the process has been idle for a
moment, so the objects of a build it dropped are freed without a save waiting for it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

NEVER = 1_000_000  # middle-generation collections per full one: none within any build
IDLE_SECONDS = 3.0  # after a build, before the held-off collection


@contextmanager
def no_full_collections() -> Iterator[None]:
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, NEVER)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, full)


class IdleCollector:
    """Full collections outside the builds of a long-lived process (``paused``)."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS) -> None:
        self.idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self.collections = 0  # run after builds (tests, benchmarks)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """A build: no full collection during it, one when the process is idle after."""
        self._cancel()
        try:
            with no_full_collections():
                yield
        finally:
            self._schedule()

    def close(self) -> None:
        self._cancel()

    def _schedule(self) -> None:
        with self._lock:
            self._timer = threading.Timer(self.idle_seconds, self._collect)
            self._timer.daemon = True
            self._timer.start()

    def _cancel(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def _collect(self) -> None:
        gc.collect()
        self.collections += 1
