"""JSON for the builds' keys and records (orjson): what a page-level rebuild hashes and
reads back for thousands of pages each build.

A one-edit build at 3,000 items encoded every page's front matter, table of contents and
neighbours to key it, and read back every skipped page's search entries: 1.5 s of the
standard library's ``json`` a build (``docs/benchmarks.md``); orjson does the same work in
a fraction of it. What it writes differs from ``json.dumps`` only in ways a key does not
care about (no spaces, datetimes in its own ISO form, dataclasses as their fields), and it
refuses what cannot be written exactly (a lone surrogate, an integer over 64 bits) with a
``TypeError``: the callers then build the page rather than key it. One loss: NaN and
infinity are written as ``null``, so a front matter value changed between those only is
not seen by a key (no template of the pipeline's shows such a value).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

_KEY = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def key_bytes(value: Any, default: Callable[[Any], Any] | None = None) -> bytes:
    """``value`` as canonical JSON (keys sorted) for a digest. ``default`` describes what
    JSON has no type for; TypeError when something cannot be written."""
    return orjson.dumps(value, default=default, option=_KEY)


def plain_bytes(value: Any, default: Callable[[Any], Any] | None = None) -> bytes:
    """``value`` as JSON in its own key order (a list of pages' descriptions)."""
    return orjson.dumps(value, default=default, option=orjson.OPT_NON_STR_KEYS)


def compact(value: Any) -> str:
    """``value`` as compact JSON text, Chinese as it is (a line of a record file)."""
    return orjson.dumps(value).decode("utf-8")


def loads(text: str | bytes) -> Any:
    """JSON read back (``ValueError`` on damaged text, as ``json.loads``)."""
    return orjson.loads(text)
