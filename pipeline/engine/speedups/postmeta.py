"""The blog posts' front matter, read once and kept from one build to the next.

Material's blog plugin reads every post when the files are collected (``Post.__init__``)
and parses its front matter with PyYAML, on every build, although the posts it reads are
the pipeline's normalized copies, which are the same text as long as the items are. This
cache keeps each front matter's parsed value by its exact text and the loader's name
(PyYAML's version is in the file's header), pickled, so a front matter seen before is
unpickled instead of parsed: the same values, a fresh object for every post. The file
holds only what the last build read (it follows the site and does not grow); an
unreadable, corrupt or foreign file is ignored.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import yaml

from pipeline.core import safepickle

CACHE_DIR = Path(".cache") / "pipeline" / "blog-meta"
FILE_NAME = "front-matter.pickle"
FORMAT = "1"


class PostMeta:
    """One build's view of the cache: what the last build parsed, and what this one did."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / FILE_NAME
        self.header = f"pipeline-blog-meta {FORMAT} yaml={yaml.__version__}\n".encode()
        self.old: dict[tuple[str, str], bytes] = self._read()
        self.new: dict[tuple[str, str], bytes] = {}
        self.hits = 0

    def _read(self) -> dict:
        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        if not data.startswith(self.header):
            return {}
        try:
            entries = safepickle.loads(memoryview(data)[len(self.header) :])
        except safepickle.LoadError:
            return {}
        return entries if isinstance(entries, dict) else {}

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

    def save(self) -> None:
        """Keep what this build read (atomically); a cache that cannot be written is not
        kept."""
        if self.new == self.old:
            return
        try:
            data = safepickle.dumps(self.new)
        except safepickle.LoadError:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(self.header)
                    out.write(data)
                os.replace(temp, self.path)
            finally:
                with contextlib.suppress(OSError):
                    Path(temp).unlink(missing_ok=True)
        except OSError:
            return
