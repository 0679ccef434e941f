"""Work the checks do per file, done once and kept: keyed by everything it depends on.

Several checks read the same body (links and images, alt text, headings) or repeat work
for a file that did not change since the last check of a long-lived process
(`pipeline serve`). A check asks the site's memo for a value with a key that holds every
input the value is computed from (the file's docs path and text, the settings'
fingerprint, a file's size and modification time …) and a function that computes it.
A fresh check starts with an empty memo, so within one run each value is computed once;
``pipeline.recheck`` hands the memo of one check to the next, so an unchanged file's
values are found again by their key. Nothing else is kept: a key no check asked for in a
run is dropped from the next one.

A fresh process can start from values stored on disk by the last check
(``pipeline.content.memofile``): ``stored`` holds them by ``stored_key`` (a key whose long
texts are replaced by their digests, so the file does not hold every text again), and
``storable()`` gives this check's values the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
_MISSING = object()
# a text at least this long stands in a stored key as its digest
_LONG = 64
# what is never stored: a file's body read as prose (large, and made again cheaply when a
# stored value needs it) and work done for its effect (pruning a cache)
NOT_STORED = frozenset({"body", "guard.pruned"})


def stored_key(key: Hashable, digests: dict[str, tuple] | None = None) -> Hashable:
    """``key`` with every long text replaced by its digest (marked, so that no short text
    can stand for a long one). ``digests``: texts already digested (the same text stands
    in several keys)."""
    if not isinstance(key, tuple):
        return key
    known = {} if digests is None else digests
    parts = []
    for part in key:
        if isinstance(part, str) and len(part) >= _LONG:
            short = known.get(part)
            if short is None:
                data = part.encode("utf-8", "surrogatepass")
                short = known[part] = ("\0digest", hashlib.blake2b(data, digest_size=20).digest())
            part = short
        parts.append(part)
    return tuple(parts)


class Memo:
    """Values by key, for one check; ``following()`` makes the next check's memo."""

    def __init__(
        self,
        previous: dict[Hashable, object] | None = None,
        stored: dict[Hashable, object] | None = None,
    ) -> None:
        self._previous = previous or {}
        self._stored = stored or {}  # by stored_key: the last check's values, from disk
        self._current: dict[Hashable, object] = {}
        self._stored_keys: dict[Hashable, Hashable] = {}  # key -> stored_key, once made
        self._digests: dict[str, tuple] = {}  # long text -> its stand-in in stored keys
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value of ``key``: kept from this or the previous check, else computed."""
        value = self._current.get(key, _MISSING)
        if value is not _MISSING:
            return value  # type: ignore[return-value]
        value = self._previous.get(key, _MISSING)
        if value is _MISSING and self._stored:
            short = self._stored_key(key)
            if short is not None:
                value = self._stored.get(short, _MISSING)
        if value is _MISSING:
            value = compute()
            self.misses += 1
        else:
            self.hits += 1
        self._current[key] = value
        return value  # type: ignore[return-value]

    def _stored_key(self, key: Hashable) -> Hashable | None:
        if isinstance(key, tuple) and key and key[0] in NOT_STORED:
            return None
        short = self._stored_keys.get(key)
        if short is None:
            short = self._stored_keys[key] = stored_key(key, self._digests)
        return short

    def storable(self) -> dict[Hashable, object]:
        """This check's values by ``stored_key``, for the next process (all but
        ``NOT_STORED``)."""
        out: dict[Hashable, object] = {}
        for key, value in self._current.items():
            short = self._stored_key(key)
            if short is not None:
                out[short] = value
        return out

    def following(self) -> Memo:
        """The memo of the next check: every value this one asked for, nothing else."""
        return Memo(self._current)

    def __len__(self) -> int:
        return len(self._current)
