"""The blog posts' front matter, read once and kept from one build to the next.

Material's blog plugin reads every post when the files are collected (``Post.__init__``)
and parses its front matter with PyYAML, on every build, although the posts it reads are
the pipeline's normalized copies, which are the same text as long as the items are. This
cache keeps each front matter's parsed value by its exact text and the loader's name
(PyYAML's version is in the file's header), pickled, so a front matter seen before is
unpickled instead of parsed: the same values, a fresh object for every post. The file
holds only what the last build read (it follows the site and does not grow); an
unreadable, corrupt or foreign file is ignored.

The post's settings (the blog's ``PostConfig``: date, categories, authors, draft, pin,
slug, read time) are validated from those values next, which costs more than parsing
them: the same file keeps each validated result by the settings as given, when that
result is made of plain values and the validation changed nothing it was given (a date
mapping with a date or a time without its zone is converted in place, links make a
navigation: those are validated every time), with no error and no warning.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timezone
from pathlib import Path

import yaml

from pipeline.core import safepickle
from pipeline.core.cachefile import read_pickled_dict, write_atomic
from pipeline.engine import compat
from pipeline.engine.speedups.titlecache import TitleCache

CACHE_DIR = Path(".cache") / "pipeline" / "blog-meta"
FILE_NAME = "front-matter.pickle"
FORMAT = "3"
_PLAIN = (str, int, float, bool, type(None))


class PostMeta:
    """One build's view of the cache: what the last build parsed, and what this one did."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / FILE_NAME
        self.header = f"pipeline-blog-meta {FORMAT} yaml={yaml.__version__}\n".encode()
        self.old: dict[tuple[str, str], bytes] = self._read()
        self.new: dict[tuple[str, str], bytes] = {}
        self.hits = 0
        self.titles = TitleCache(root)  # the titles' table-of-contents entries

    def _read(self) -> dict:
        return read_pickled_dict(self.path, self.header)

    def load(self, original, stream, loader):
        """``yaml.load(stream, loader)`` through the cache (``compat.blog_front_matter``)."""
        if not isinstance(stream, str):
            return original(stream, loader)
        key = (f"{loader.__module__}.{loader.__qualname__}", stream)
        pickled = self.old.get(key) or self.new.get(key)
        if pickled is not None:
            try:
                value = safepickle.loads(pickled)
            except safepickle.LoadError:
                pass
            else:
                self.new[key] = pickled
                self.hits += 1
                return value
        value = original(stream, loader)  # a YAML error propagates as without the cache
        with contextlib.suppress(safepickle.LoadError):  # else parsed again next time
            self.new[key] = safepickle.dumps(value)
        return value

    def validate(self, original, settings):
        """``settings.validate()`` through the cache (``compat.blog_post_settings``)."""
        given = dict(settings.items())
        key = _settings_key(given)
        if key is None:
            return original(settings)
        pickled = self.old.get(key) or self.new.get(key)
        if pickled is not None:
            try:
                values = safepickle.loads(pickled)
                dates = values.pop("date")
                values["date"] = compat.blog_post_dates(dates) if dates is not None else None
            except (safepickle.LoadError, AttributeError, KeyError, TypeError):
                pass
            else:
                settings.update(values)
                self.new[key] = pickled
                self.hits += 1
                return [], []
        errors, warnings = original(settings)
        if not errors and not warnings and given.get("links") is None:
            values = _plain_values(settings, given)
            if values is not None:
                with contextlib.suppress(safepickle.LoadError):
                    self.new[key] = safepickle.dumps(values)
        return errors, warnings

    def save(self) -> None:
        """Keep what this build read (atomically); a cache that cannot be written is not
        kept."""
        self.titles.save()
        if self.new == self.old:
            return
        try:
            data = safepickle.dumps(self.new)
        except safepickle.LoadError:
            return
        write_atomic(self.path, self.header, data)


def _settings_key(given: dict) -> tuple[str, str] | None:
    """The settings as given, as a cache key: their ``repr`` when every value is plain
    (text, numbers, lists, mappings, dates and times with no zone or a fixed offset: each
    ``repr`` names its type and value exactly; a pickle with the cache's own pickler costs
    ten times more for 3,000 posts), None for anything else (validated every time)."""
    if not all(type(name) is str and _keyable(value) for name, value in given.items()):
        return None
    return ("settings-repr", repr(sorted(given.items())))


def _keyable(value) -> bool:
    """Of a type whose ``repr`` tells every value apart (no subclass, no other zone)."""
    kind = type(value)
    if kind in _PLAIN or kind is date:
        return True
    if kind is list or kind is tuple:
        return all(_keyable(v) for v in value)
    if kind is dict:
        return all(type(k) in _PLAIN and _keyable(v) for k, v in value.items())
    return kind is datetime and (value.tzinfo is None or type(value.tzinfo) is timezone)


def _plain_values(settings, given: dict) -> dict | None:
    """The validated settings as plain values (the date mapping as a dict), or None when
    they cannot be kept: a value of another kind, or a date mapping with a date or a time
    without its zone (its validation converts the post's own front matter in place)."""
    values = {}
    for name, value in settings.items():
        if name == "date":
            dates = given.get("date")
            if isinstance(dates, dict) and not all(
                isinstance(v, datetime) and v.tzinfo is not None for v in dates.values()
            ):
                return None
            if not isinstance(value, dict):
                return None
            value = dict(value)
            if not all(hasattr(v, "isoformat") for v in value.values()):
                return None
        elif isinstance(value, list):
            if not all(isinstance(v, _PLAIN) for v in value):
                return None
        elif not isinstance(value, _PLAIN):
            return None
        values[name] = value
    return values
