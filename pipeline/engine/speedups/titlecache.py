"""The table-of-contents entries of post titles, kept from one build to the next.

Every list page shows its posts' titles in its table of contents; ``excerpts.TitleTokens``
makes each post's entry by converting ``# {title}`` with the blog's Markdown settings,
once per post and build: 3,000 conversions after a one-line edit. The entry depends on
nothing but the title and those settings, so this file keeps it by title, under a key of
the settings (the Markdown extensions and their options, as the blog renders posts) and
the versions of Python-Markdown, PyMdown Extensions and Material. The file holds the
titles of the last build's posts (it follows the site and does not grow); an unreadable,
corrupt or foreign file, or one of other settings, is ignored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from pipeline.core import keyjson
from pipeline.core.cachefile import write_atomic

CACHE_DIR = Path(".cache") / "pipeline" / "blog-meta"
FILE_NAME = "title-tokens.json"
FORMAT = "1"


def settings_key(markdown_config) -> str:
    """A digest of the Markdown settings posts are converted with (``markdown_config``: the
    MkDocs config as the blog patches it) and of the converters' versions."""
    digest = hashlib.sha256(f"{FORMAT}\0".encode())
    for package in ("markdown", "pymdown-extensions", "mkdocs-material", "mkdocs"):
        with contextlib.suppress(Exception):
            digest.update(f"{package}={version(package)};".encode())
    described = {
        "extensions": [_describe(e) for e in markdown_config.markdown_extensions],
        "configs": markdown_config.mdx_configs,
    }
    digest.update(json.dumps(described, default=_describe, sort_keys=True).encode())
    return digest.hexdigest()


def _describe(value):
    """A stable description of an option's value: a function by its module and name (a
    slugify setting, say), a partial with its arguments; anything else by its type and
    fields, or not at all (``TypeError``: the cache is not used)."""
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if isinstance(value, functools.partial):
        return {
            "partial": _describe(value.func),
            "args": [_describe(a) for a in value.args],
            "keywords": {k: _describe(v) for k, v in sorted(value.keywords.items())},
        }
    if callable(value) and hasattr(value, "__qualname__"):
        name = f"{value.__module__}.{value.__qualname__}"
        if "<lambda>" in name:
            raise TypeError(f"no stable description of {value!r}")
        if "<locals>" not in name:
            return name
        # a function made by a function (a slugify factory's): by what it closes over
        return {
            "function": name,
            "cells": [_describe(c.cell_contents) for c in value.__closure__ or ()],
            "defaults": _describe(list(getattr(value, "__defaults__", None) or ())),
            "keywords": _describe(dict(getattr(value, "__kwdefaults__", None) or {})),
        }
    fields = getattr(value, "__dict__", None)
    if fields is not None and not isinstance(value, type):
        return {
            "type": f"{type(value).__module__}.{type(value).__qualname__}",
            "fields": {k: _describe(v) for k, v in sorted(fields.items())},
        }
    if isinstance(value, list | tuple):
        return [_describe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _describe(v) for k, v in value.items()}
    raise TypeError(f"no stable description of {value!r}")


class TitleCache:
    """One build's view: the entries the last build made, and those this build asked for."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / FILE_NAME
        self.opened = False
        self.key: str | None = None  # set by ``open``: unset, nothing is kept
        self.old: dict[str, list] = {}
        self.new: dict[str, list] = {}
        self.live: set[str] = set()  # the titles of this build's posts
        self.hits = 0

    def open(self, markdown_config) -> None:
        """Read the entries kept under the same settings, once the settings are known."""
        if self.opened:
            return
        self.opened = True
        try:
            self.key = settings_key(markdown_config)
        except (TypeError, ValueError):
            return  # settings with no stable description: not kept
        try:
            data = keyjson.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("key") == self.key:
            entries = data.get("titles")
            if isinstance(entries, dict):
                self.old = entries

    def get(self, title: str) -> list | None:
        if self.key is None:
            return None
        tokens = self.old.get(title)
        if tokens is None or not isinstance(tokens, list):
            return None
        self.new[title] = tokens
        self.hits += 1
        return json.loads(json.dumps(tokens))  # a fresh value: the caller may change it

    def keep(self, title: str) -> None:
        """A post of this build has this title: its entry stays in the file, even if no
        list page asked for it this time (lists not built again do not ask)."""
        self.live.add(title)

    def put(self, title: str, tokens: list) -> None:
        if self.key is None:
            return
        try:
            self.new[title] = json.loads(json.dumps(tokens))
        except (TypeError, ValueError):
            return  # a value JSON cannot keep exactly: made again next time

    def save(self) -> None:
        """Keep the entries of this build's posts' titles (atomically); unwritable: not
        kept."""
        if self.key is None:
            return
        kept = {t: v for t, v in self.old.items() if t in self.live and t not in self.new}
        kept.update(self.new)
        if kept == self.old:
            return
        data = json.dumps({"key": self.key, "titles": kept}, ensure_ascii=False)
        write_atomic(self.path, data.encode("utf-8"))
