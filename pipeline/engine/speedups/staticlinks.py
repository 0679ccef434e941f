"""Static files (pictures, stylesheets, scripts) hard-linked from the previous site.

MkDocs copies every static file into the new site on every build: 868 pictures and the
theme's assets, hundreds of megabytes at 3,000 items. The new site is built beside the
previous one (engine/swap.py), on the same file system, so a file whose source has not
changed since the previous build copied it can be a second name of the previous site's
file, at no cost. A file is linked only when

- its source is the same path with the same size, modification time, change time and
  inode as when the previous build put it in the site (a manifest under
  ``.cache/pipeline/static/``), and
- the previous site's file is still the one that build wrote: same inode, size and
  modification time.

A linked file must never be opened for writing, or the previous site would change with
it (MkDocs' ``write_file`` and ``copyfile`` write into an existing path's file). Pages,
MkDocs' templates (``sitemap.xml``, ``404.html``) and what plugins write (search index,
feeds, sitemaps, ``robots.txt``, the editor's ``admin/``) are all text of the kinds in
``WRITTEN_KINDS``, which are never linked; a static file copied onto a path already in
the new site replaces that path's file instead of writing into it.
``tests/test_incremental.py`` keeps a witness link to every file of the previous site and
checks its bytes after a rebuild. Anything else is copied as MkDocs copies it.

The links themselves (and their folders) are made by the build's link process
(``linker``), beside the page builds, as skipped pages' are: 2,600 files at 3,000 items
took 0.3 s of the build's own time. The new site starts empty and MkDocs gives each path
one file, so a linked path is not there yet; a link onto a path that is there fails the
build rather than write through it (``linkworker``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from pipeline.engine import compat
from pipeline.engine.speedups.linker import Linker
from pipeline.engine.speedups.pagereuse import load_json, save_json

CACHE_DIR = Path(".cache") / "pipeline" / "static"
FORMAT = 1
# what pages and plugins write: such a file is always copied, never linked
WRITTEN_KINDS = (".html", ".htm", ".xml", ".json", ".txt", ".gz", ".yml", ".yaml", ".webmanifest")


def _source_stamp(path: str) -> list[int | str]:
    s = os.stat(path)
    return [path, s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino, s.st_dev]


def _site_stamp(path: str) -> list[int]:
    s = os.stat(path)
    return [s.st_ino, s.st_dev, s.st_size, s.st_mtime_ns]


class StaticLinks:
    def __init__(self, root: Path, previous_site: Path, linker: Linker) -> None:
        self.previous = previous_site
        self.linker = linker
        name = hashlib.sha256(str(previous_site.resolve()).encode()).hexdigest()[:16]
        self.manifest_path = root / CACHE_DIR / f"{name}.json"
        loaded = load_json(self.manifest_path)
        self.old: dict[str, list] = (
            loaded.get("files", {}) if loaded.get("format") == FORMAT else {}
        )
        self.new: dict[str, list] = {}
        self.linked = 0
        self.copied = 0

    def copy(self, original, file, dirty: bool) -> None:
        """In place of ``File.copy_file``: link the previous site's file when it is proven
        the same, else copy; either way recorded for the next build."""
        source = file.abs_src_path
        if dirty or source is None or compat.file_content(file) is not None:
            original(file, dirty)
            return
        dest = file.abs_dest_path
        try:
            stamp = _source_stamp(source)
        except OSError:
            original(file, dirty)
            return
        linked = self._link(file.dest_uri, stamp, dest)
        if linked is not None:
            self.linked += 1
            self.new[file.dest_uri] = [stamp, linked]  # a second name: the same file
            return
        if os.path.lexists(dest):  # a file of the same path before: replaced, not written
            os.unlink(dest)
        original(file, dirty)
        self.copied += 1
        with contextlib.suppress(OSError):
            self.new[file.dest_uri] = [stamp, _site_stamp(dest)]

    def _link(self, dest_uri: str, stamp: list, dest: str) -> list[int] | None:
        """The previous site's file handed to the link process; its stamp, or None when
        it is not the file the previous build wrote (or must be linked here: it failed)."""
        entry = self.old.get(dest_uri)
        if not entry or entry[0] != stamp or dest_uri.lower().endswith(WRITTEN_KINDS):
            return None
        previous = os.path.join(self.previous, dest_uri)
        try:
            site_stamp = _site_stamp(previous)
            if site_stamp != entry[1]:
                return None
            if not self.linker.link(previous, dest, site_stamp[1]):
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                os.link(previous, dest)
        except OSError:
            return None
        return site_stamp

    def save(self) -> None:
        # without a manifest the next build copies every file
        save_json(self.manifest_path, {"format": FORMAT, "files": self.new})
