"""Processing many images: cache look-ups first, then the misses across a process pool.

A warm run (nothing changed) never starts the pool: every source is a cache hit and
costs a ``stat``. ``reused`` and ``encoded`` count what happened, which the tests use
to prove a rebuild re-encodes nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core.i18n import ui
from pipeline.images import cache
from pipeline.images.probe import SVG_SUFFIX, open_image
from pipeline.images.problem import Problem
from pipeline.images.process import Encoded, encode
from pipeline.images.settings import ImageSettings

Progress = Callable[[int, int], None]
# what a modern browser downloads at full width: the best format the settings produce
_PREFERENCE = ("avif", "webp", "jpg", "png", "gif", "svg")


@dataclass(frozen=True)
class ImageResult:
    source: Path
    entry: Path  # the cache folder holding the outputs
    result: Encoded | Problem

    @property
    def encoded(self) -> Encoded | None:
        return self.result if isinstance(self.result, Encoded) else None


@dataclass
class Summary:
    images: int = 0
    encoded: int = 0  # cache misses: encoded in this run
    reused: int = 0  # cache hits
    problems: int = 0
    bytes_before: int = 0  # the sources
    bytes_after: int = 0  # the largest output in the best format, per image
    bytes_written: int = 0  # every output of every width and format
    files_written: int = 0
    results: dict[Path, ImageResult] = field(default_factory=dict, repr=False)

    @property
    def percent_saved(self) -> float:
        if not self.bytes_before:
            return 0.0
        return 100.0 * (1 - self.bytes_after / self.bytes_before)


# Below this many pixels in all (about a second of encoding), a batch is encoded in the
# build's own process when the number of workers is left to the pipeline: a pool of two
# spawned workers took 0.43-0.57 s of CPU to start (Python, the encoder, Pillow) and 0.8-1.9 s
# before its first picture, which a build that met a few new pictures waited for
POOL_FROM_PIXELS = 1_000_000


def worker_count(settings: ImageSettings) -> int:
    return settings.workers or os.cpu_count() or 1


def pool_size(jobs: list[tuple[Path, str]], settings: ImageSettings) -> int:
    """How many processes encode ``jobs``: 1 is this process. ``workers: 0`` (one per
    core) starts workers only for at least ``POOL_FROM_PIXELS``; a set number always."""
    workers = min(worker_count(settings), len(jobs))
    if workers <= 1 or settings.workers:
        return max(workers, 1)
    pixels = 0
    for source, _key in jobs:
        pixels += _pixels(source, settings)
        if pixels >= POOL_FROM_PIXELS:
            return workers
    return 1


def _pixels(path: Path, settings: ImageSettings) -> int:
    """The picture's size from its header (``open_image``, as the encoder opens it); an
    SVG none. An animation (encoded frame by frame) and a picture that cannot be used count
    as large: workers encode them, or find out what is wrong with them."""
    if path.suffix.lower() == SVG_SUFFIX:
        return 0
    try:
        opened = open_image(path, settings)
        if isinstance(opened, Problem):
            return POOL_FROM_PIXELS
        with opened as image:
            animated = getattr(image, "is_animated", False)
            return POOL_FROM_PIXELS if animated else image.width * image.height
    except Exception:  # as encode_into_cache: whatever Pillow raises is the workers' to report
        return POOL_FROM_PIXELS


def process_images(
    sources: list[Path],
    settings: ImageSettings,
    root: Path,
    progress: Progress | None = None,
) -> Summary:
    """Every source through the cache; the misses are encoded in parallel."""
    index = cache.DigestIndex(root)
    fingerprint = settings.fingerprint()
    summary = Summary()
    # files with the same bytes share one cache entry, so each is encoded once
    missing: dict[str, list[Path]] = {}
    unique = sorted(set(sources))
    for source in unique:
        key = cache.entry_key(index.digest(source), fingerprint)
        found = cache.read_entry(root, key) if key not in missing else None
        if found is None:
            missing.setdefault(key, []).append(source)
        else:
            _record(summary, ImageResult(source, cache.entry_dir(root, key), found), hit=True)
    total = len(unique)
    if progress:
        progress(summary.images, total)
    misses = [(paths[0], key) for key, paths in missing.items()]
    # largest first, so one big photo does not finish alone at the end
    misses.sort(key=lambda job: job[0].stat().st_size, reverse=True)
    for _, key, result in _encode_all(misses, settings, root):
        first, *copies = missing[key]
        entry = cache.entry_dir(root, key)
        _record(summary, ImageResult(first, entry, result), hit=False)
        for copy in copies:
            _record(summary, ImageResult(copy, entry, result), hit=True)
        if progress:
            progress(summary.images, total)
    index.save()
    if misses:  # workers publish by renaming: only emptied folders may be left behind
        shutil.rmtree(root / "tmp", ignore_errors=True)
    return summary


def _encode_all(jobs, settings: ImageSettings, root: Path):
    workers = pool_size(jobs, settings)
    if workers <= 1:
        for source, key in jobs:
            yield source, key, encode_into_cache(str(source), key, str(root), settings)
        return
    # spawned, not forked: a worker imports only this module and Pillow (about 35 MB)
    # instead of sharing the whole build's memory, which every forked child counts again
    # in its resident size (a cold build at 3,000 items peaked at three 230 MB processes);
    # it starts in a fraction of a second, and only when something is to be encoded
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            pool.submit(encode_into_cache, str(source), key, str(root), settings): (source, key)
            for source, key in jobs
        }
        for future in as_completed(futures):
            source, key = futures[future]
            yield source, key, future.result()


def encode_into_cache(source: str, key: str, root: str, settings: ImageSettings):
    """Runs in a worker: encode into a private folder, then publish it as the cache entry."""
    root_path = Path(root)
    temp = cache.new_entry_dir(root_path, key)
    try:
        result = encode(Path(source), settings, temp)
    except Exception as exc:
        for leftover in temp.iterdir():
            leftover.unlink()
        result = Problem("images/corrupt", {"reason": f"{type(exc).__name__}: {exc}"[:120]})
    if isinstance(result, Problem):
        for leftover in temp.iterdir():
            leftover.unlink()
    cache.publish_entry(root_path, key, temp, result)
    return result


def _record(summary: Summary, result: ImageResult, *, hit: bool) -> None:
    summary.images += 1
    summary.results[result.source] = result
    if hit:
        summary.reused += 1
    else:
        summary.encoded += 1
    encoded = result.encoded
    if encoded is None:
        summary.problems += 1
        return
    summary.bytes_before += result.source.stat().st_size
    best = min(
        (o for o in encoded.outputs if o.width == encoded.width),
        key=lambda o: _PREFERENCE.index(o.format),
    )
    summary.bytes_after += best.bytes
    summary.bytes_written += sum(o.bytes for o in encoded.outputs)
    summary.files_written += len(encoded.outputs)


def summary_line(summary: Summary, lang: str) -> str:
    return ui(
        "images.summary",
        lang,
        images=summary.images,
        encoded=summary.encoded,
        reused=summary.reused,
        before=_megabytes(summary.bytes_before),
        after=_megabytes(summary.bytes_after),
        percent=summary.percent_saved,
    )


def _megabytes(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count / 1000:.0f} kB"
