"""Many uploads at once: threads, and for a large batch several processes each with its own
threads and its own connections.

Each upload costs some Python (signing, sending, reading the answer) under one interpreter
lock: thousands of small objects keep one core busy while the other waits. A batch of at
least ``PER_PROCESS`` objects per process is split between ``processes`` forked children;
each reports its progress and its first failure to the parent through a queue, and dies
with the parent (a killed deploy leaves no uploader behind).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import queue as queue_module
import signal
import sys
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from pathlib import Path

from pipeline.deploy.errors import DeployError
from pipeline.deploy.plan import Entry
from pipeline.deploy.store import Bucket

Progress = Callable[[int, int], None]  # (done, total)
PER_PROCESS = 50  # objects per process below which threads alone are used
_PR_SET_PDEATHSIG = 1


def parallel(work: list, job: Callable, workers: int, progress: Progress | None, done: list):
    """Run ``job(item)`` for every item on ``workers`` threads; the first failure stops
    the rest and is raised. ``done``: [finished, total], advanced as items finish."""
    if not work:
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = {pool.submit(job, item) for item in work}
        while pending:
            finished, pending = wait(pending, return_when=FIRST_EXCEPTION, timeout=0.2)
            for future in finished:
                if future.exception() is not None:
                    for other in pending:
                        other.cancel()
                    raise future.exception()
                done[0] += 1
            if progress is not None and finished:
                progress(done[0], done[1])


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _child(bucket: Bucket, site_dir: Path, files: dict[str, Entry], paths, workers, queue):
    """One uploading process: connections of its own, its share of the paths on threads."""
    _die_with_parent()
    try:
        own = bucket.uploader.fresh()
        sent = [0]

        def upload(path: str) -> None:
            entry = files[path]
            data = (site_dir / path).read_bytes()
            own.put(path, data, entry.type, entry.cache, entry.sha256)

        def report(done: int, _total: int) -> None:
            queue.put(("progress", done - sent[0]))
            sent[0] = done

        parallel(paths, upload, workers, report, [0, len(paths)])
    except DeployError as exc:
        queue.put(("error", exc.rule, exc.params))
    except Exception as exc:  # an upload that cannot go on: the parent says so
        params = {"bucket": bucket.target.bucket, "endpoint": bucket.target.endpoint or ""}
        queue.put(("error", "deploy/s3-error", {**params, "code": type(exc).__name__,
                                                 "detail": str(exc)}))  # fmt: skip
    finally:
        queue.put(("end",))


def upload_files(
    bucket: Bucket,
    site_dir: Path,
    files: dict[str, Entry],
    paths: list[str],
    *,
    workers: int,
    processes: int,
    progress: Progress | None,
    done: list,
) -> None:
    """Upload ``paths`` of the built site; returns when all are in the bucket, raises the
    first failure (the others are stopped)."""

    def upload(path: str) -> None:
        entry = files[path]
        bucket.upload(path, (site_dir / path).read_bytes(), entry.type, entry.cache, entry.sha256)

    # largest first: the batch does not wait at its end on one big file (the search
    # index) begun last, and every process gets its share of big and small
    paths = sorted(paths, key=lambda path: files[path].size, reverse=True)
    count = min(processes, len(paths) // PER_PROCESS)
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        parallel(paths, upload, workers, progress, done)
        return
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    threads = max(1, workers // count)
    children = [
        context.Process(
            target=_child,
            args=(bucket, site_dir, files, paths[index::count], threads, queue),
            daemon=True,
        )
        for index in range(count)
    ]
    for child in children:
        child.start()
    ended, failure = 0, None
    try:
        while ended < count:
            try:
                message = queue.get(timeout=1)
            except queue_module.Empty:
                if not any(child.is_alive() for child in children):  # died without a word
                    params = {"bucket": bucket.target.bucket, "code": "process",
                              "endpoint": bucket.target.endpoint or "",
                              "detail": "an upload process ended unexpectedly"}  # fmt: skip
                    failure = ("error", "deploy/s3-error", params)
                    break
                continue
            if message[0] == "progress":
                done[0] += message[1]
                if progress is not None:
                    progress(done[0], done[1])
            elif message[0] == "error" and failure is None:
                failure = message
                for child in children:
                    child.terminate()
                break
            elif message[0] == "end":
                ended += 1
    finally:
        for child in children:
            child.join(timeout=30)
            if child.is_alive():
                child.kill()
    if failure is not None:
        raise DeployError(failure[1], **failure[2])
