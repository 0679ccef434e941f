"""Pages judged by the publish gate while the build renders the next ones.

The gate (``gate_site``) judges every page after the build; in a cold build that is
seconds of work after MkDocs' rendering, which runs in one thread while the machine's
other core has little to do. ``GateAhead`` takes each page as soon as it is written,
reads it, works out the gate cache's key of those bytes (``pipeline.gate.cache``) and,
unless the cache knows the key, hands the bytes to one spawned worker that judges them.
When the pages are done, the judgements go into the gate's cache folder. The gate then
runs as before: it reads every page as it is in the site and takes a judgement only for
the very bytes that were judged, so a page changed after it was written (by a later
plugin, or by hand) is judged again. What is published is what was checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from pipeline.content.model import Item, Site
from pipeline.gate import Allowances, Judges, judge_text, page_sources, page_text
from pipeline.gate.cache import GateCache
from pipeline.guard.scan import guard_config
from pipeline.guard.settings import GuardConfig

BATCH = 16  # pages sent to the worker at once
GATE_AHEAD_FROM = 30  # item pages: below, the worker would start for nothing
_judges: list[Judges] = []  # the worker process's own


def _start(config: GuardConfig) -> None:
    _judges[:] = [Judges.of(config)]


def _judge_batch(batch: list[tuple[str, bytes, str, frozenset[str]]]) -> list[tuple[str, tuple]]:
    judges = _judges[0]
    results = []
    for key, data, rel, allowed in batch:
        result = judge_text(page_text(data), rel, allowed, judges)
        results.append((key, (result.problems, result.removed, result.shown)))
    return results


class GateAhead:
    """The pages of one build judged as they are written, into ``cache_dir``."""

    def __init__(self, site: Site, shown: Iterable[Item], cache_dir: Path) -> None:
        config = guard_config(site)
        self.allowances = Allowances(page_sources(site, tuple(shown)), config)
        self.cache = GateCache(cache_dir, config.fingerprint)
        # spawned, not forked: the build may have threads (progress display, live reload)
        self._pool = ProcessPoolExecutor(
            1, mp_context=get_context("spawn"), initializer=_start, initargs=(config,)
        )
        self._batch: list[tuple[str, bytes, str, frozenset[str]]] = []
        self._sent: list[Future] = []
        self.judged = 0

    def page_written(self, path: Path, rel: str) -> None:
        """The page at ``rel`` (under the site folder) was written to ``path``."""
        try:
            data = path.read_bytes()
        except OSError:
            return  # the gate reads it again and says what is wrong
        allowed = self.allowances.of(rel)
        key = self.cache.key(data, allowed)
        if self.cache.get(key) is not None:
            return  # judged in an earlier build: kept for this one
        self._batch.append((key, data, rel, allowed))
        if len(self._batch) >= BATCH:
            self._send()

    def _send(self) -> None:
        if self._batch:
            self._sent.append(self._pool.submit(_judge_batch, self._batch))
            self._batch = []

    def finish(self) -> None:
        """Wait for the last judgements and keep them all in the gate's cache."""
        self._send()
        try:
            for future in self._sent:
                try:
                    judged = future.result()
                except Exception:  # the gate judges those pages itself
                    continue
                for key, judgement in judged:
                    self.cache.put(key, judgement)
                    self.judged += 1
        finally:
            self.close()
        self.cache.save()

    def close(self) -> None:
        """Stop the worker (a failed build): nothing is kept."""
        self._pool.shutdown(wait=False, cancel_futures=True)
