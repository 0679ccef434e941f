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
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
_MISSING = object()


class Memo:
    """Values by key, for one check; ``following()`` makes the next check's memo."""

    def __init__(self, previous: dict[Hashable, object] | None = None) -> None:
        self._previous = previous or {}
        self._current: dict[Hashable, object] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value of ``key``: kept from this or the previous check, else computed."""
        value = self._current.get(key, _MISSING)
        if value is not _MISSING:
            return value  # type: ignore[return-value]
        value = self._previous.get(key, _MISSING)
        if value is _MISSING:
            value = compute()
            self.misses += 1
        else:
            self.hits += 1
        self._current[key] = value
        return value  # type: ignore[return-value]

    def following(self) -> Memo:
        """The memo of the next check: every value this one asked for, nothing else."""
        return Memo(self._current)

    def __len__(self) -> int:
        return len(self._current)
