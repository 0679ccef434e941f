"""Full garbage collections held off during builds (pipeline.core.collector): the
threshold restored after, and the live preview's held-off collection run once it is idle,
freeing what a build dropped, and not while the next build runs."""

from __future__ import annotations

import gc
import time
import weakref

from pipeline.core.collector import NEVER, IdleCollector, no_full_collections


class Node:
    def __init__(self) -> None:
        self.other = self  # a cycle: only the collector frees it


def garbage_in_the_oldest_generation() -> weakref.ref:
    node = Node()
    gc.collect()  # survives, so it moves to the oldest generation
    ref = weakref.ref(node)
    del node  # garbage now, where only a full collection looks
    gc.collect(1)
    assert ref() is not None
    return ref


def test_no_full_collections_within_the_block_and_the_threshold_restored_after() -> None:
    before = gc.get_threshold()
    with no_full_collections():
        assert gc.get_threshold() == (before[0], before[1], NEVER)
    assert gc.get_threshold() == before


def test_the_held_off_collection_runs_when_idle_and_frees_what_a_build_dropped() -> None:
    collector = IdleCollector(idle_seconds=0.05)
    with collector.paused():
        ref = garbage_in_the_oldest_generation()
    deadline = time.monotonic() + 5
    while collector.collections == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert collector.collections == 1 and ref() is None


def test_a_build_starting_before_the_idle_moment_cancels_the_collection() -> None:
    collector = IdleCollector(idle_seconds=0.3)
    with collector.paused():
        pass
    with collector.paused():  # the next save, 0 s later
        time.sleep(0.5)
        assert collector.collections == 0
    collector.close()
    time.sleep(0.5)
    assert collector.collections == 0
