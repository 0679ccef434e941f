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
import os
import queue as queue_module
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from pipeline.deploy.errors import DeployError
from pipeline.deploy.plan import Entry
from pipeline.deploy.store import Bucket

Progress = Callable[[int, int], None]  # (done, total)
PER_PROCESS = 50  # objects per process below which threads alone are used
_PR_SET_PDEATHSIG = 1
_END = object()


def parallel(work: list, job: Callable, workers: int, progress: Progress | None, done: list):
    """Run ``job(item)`` for every item on ``workers`` threads, in order; the first failure
    stops the rest (items not begun are not begun) and is raised once the running ones
    ended. ``done``: [finished, total], advanced as items finish (by this thread, which
    reports ``progress`` five times a second). Each thread takes the next item itself: no
    future per item, no scan of thousands of pending ones at each report."""
    if not work:
        return
    items = iter(work)
    lock = threading.Lock()
    failures: list[BaseException] = []
    stop = [False]
    finished = [0]

    def run() -> None:
        counted = 0
        try:
            while True:
                with lock:  # the last item counted, the next one taken
                    finished[0] += counted
                    item = _END if stop[0] else next(items, _END)
                if item is _END:
                    return
                counted = 0
                job(item)
                counted = 1
        except BaseException as exc:  # handed to the caller's thread
            with lock:
                failures.append(exc)
                stop[0] = True

    threads = [threading.Thread(target=run, daemon=True) for _ in range(min(workers, len(work)))]
    for thread in threads:
        thread.start()
    start, reported = done[0], 0
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.2)
                if progress is not None and finished[0] != reported and not stop[0]:
                    reported = finished[0]
                    done[0] = start + reported
                    progress(done[0], done[1])
    finally:
        stop[0] = True  # also on Ctrl-C here: the threads take no more items
        for thread in threads:
            thread.join()
    if failures:
        raise failures[0]
    done[0] = start + finished[0]
    if progress is not None and finished[0] != reported:
        progress(done[0], done[1])


def _read(site_dir: Path, path: str) -> bytes:
    """A file of the site (a string path: pathlib's joining costs more than the read of a
    small file)."""
    with open(os.path.join(site_dir, path), "rb") as handle:
        return handle.read()


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
            data = _read(site_dir, path)
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
        bucket.upload(path, _read(site_dir, path), entry.type, entry.cache, entry.sha256)

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
