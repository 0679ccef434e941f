"""Share QR codes made in a worker process while MkDocs renders the pages.

Every item page shows its address as a QR code (``pipeline.seo.qrcode``): about 2.5 ms of
segno a page, 7.5 s of a cold 3,000-item build, spent on the one core MkDocs renders on
while the other has nothing to do. When every item page will be rendered (no previous
site to skip pages from), their addresses are handed at once, in the order MkDocs builds
the pages, to one spawned worker that makes the codes in batches. A page takes its code
from a finished batch and makes it itself otherwise, with the same function, so the output
is the same either way; the worker is stopped when the pages are done.
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from pipeline.seo.qrcode import bare_svgs

BATCH = 50  # codes a batch: about 0.1 s of the worker's time
QR_PREFETCH_FROM = 30  # item pages: below, a worker would start for nothing


class QrPrefetch:
    """QR codes of ``urls`` being made in a worker process; ``get`` takes a finished one."""

    def __init__(self, urls: list[str]) -> None:
        # spawned, not forked: the build may have threads (progress display, live reload)
        self._pool = ProcessPoolExecutor(1, mp_context=get_context("spawn"))
        self._where: dict[str, tuple[Future, int]] = {}
        self.taken = 0
        for start in range(0, len(urls), BATCH):
            batch = urls[start : start + BATCH]
            future = self._pool.submit(bare_svgs, batch)
            for index, url in enumerate(batch):
                self._where.setdefault(url, (future, index))

    def get(self, url: str) -> str | None:
        """The bare SVG code of ``url`` if its batch is done, else None (make it here)."""
        found = self._where.get(url)
        if found is None or not found[0].done():
            return None
        future, index = found
        if future.cancelled() or future.exception() is not None:
            return None
        self.taken += 1
        return future.result()[index]

    def close(self) -> None:
        """Stop the worker: batches not begun are dropped, the one running ends."""
        self._pool.shutdown(wait=False, cancel_futures=True)
