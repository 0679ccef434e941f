"""Item pages whose inputs are unchanged are not built at all: no context, no plugin
events, no template; the previous site's file is linked into the new one.

Page reuse (``pagereuse``) still makes every page's template context, so that every
plugin sees every page; for 3,000 items that alone costs seconds after a one-line edit.
An item page (a blog post of the pipeline's) is keyed here *before* its context is made,
on everything its context can be made from:

- the site: ``PageReuse.site_key`` (code and theme, ``mkdocs.yml``, ``site_config/``,
  the navigation, every page's URL, title and front matter, every picture), MkDocs'
  ``extra`` settings (the brand's, set per build), and every shown item's fields but its
  body, with its visibility and its list thumbnail (the news centre's neighbours,
  related items, breadcrumbs and thumbnails come from those);
- the page: URL, source and destination, title, front matter, table of contents, HTML
  content, template, neighbours, categories, authors and the blog's post settings.

What a built page leaves behind besides its file is recorded with its key and replayed
when it is skipped, in the same order: its search-index entries (Material's search
plugin adds them in ``on_page_context``; text waiting for segmentation stays waiting)
and its sitemap entry (``SeoPages.entries``). What else page events record — the news
centre's ``linked_from``, the run's ``shown_on`` — serves the live preview only, which
never skips: its page-level rebuilds (``engine/warm.py``) need them, and they are not
recorded here (its full builds reuse pages instead, ``pagereuse``). The previous file is
linked only while it is the one recorded (inode, size, modification time), and nothing
writes a page's path but its own build. ``tests/test_incremental.py`` rebuilds after
edits and compares with a clean build, byte for byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from pipeline.content.newscentre import thumbnail_path
from pipeline.engine.speedups.markdowncache import toc_tokens
from pipeline.engine.speedups.pagereuse import CACHE_DIR, Unreusable, describe, neighbours
from pipeline.engine.speedups.segmentation import Pending

FORMAT = "3"
_PENDING = "\0pending"


def items_digest(items, now: datetime, site_config, docs_dir) -> str:
    """Every shown item as other pages can show it: its fields but the body, whether it is
    published now, and its list thumbnail (which may come from the body)."""
    digest = hashlib.sha256()
    for item in items:
        fields = {
            name: getattr(item, name) for name in item.__dataclass_fields__ if name != "source"
        }
        section = site_config.sections.get(item.section)
        default = section.default_image if section else None
        fields["_rel_path"] = item.source.rel_path
        fields["_visibility"] = item.visibility(now)
        fields["_thumbnail"] = thumbnail_path(item, docs_dir, default)
        digest.update(json.dumps(fields, default=str, sort_keys=True).encode())
    return digest.hexdigest()


def _encode(value):
    if isinstance(value, Pending):
        return {_PENDING: str(value)}
    if isinstance(value, dict):
        return {key: _encode(v) for key, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def _decode(value):
    if isinstance(value, dict):
        if len(value) == 1 and _PENDING in value:
            return Pending(value[_PENDING])
        return {key: _decode(v) for key, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _stamp(path: str) -> list[int]:
    s = os.stat(path)
    return [s.st_ino, s.st_dev, s.st_size, s.st_mtime_ns]


class PageSkip:
    def __init__(
        self,
        root: Path,
        previous_site: Path,
        site_key: str,
        *,
        search_entries: list | None,
        sitemap: Callable[[], dict],
        timezone,
        skippable: Callable[[object], bool],
        skipped: Callable[[object], None],
        carried: Callable[[str], None],
    ) -> None:
        self.previous = previous_site
        name = hashlib.sha256(str(previous_site.resolve()).encode()).hexdigest()[:16]
        # one line a page: "dest TAB key TAB [stamp, sitemap] TAB search entries" (JSON);
        # written as pages are built, not kept: the entries are the size of the search index
        self.manifest_path = root / CACHE_DIR / f"{name}.skip.tsv"
        self.old = _load_lines(self.manifest_path)  # dest -> (key, line)
        self.new = _open_next(self.manifest_path)
        self.site_key = site_key
        self.search_entries = search_entries
        self.sitemap = sitemap
        self.timezone = timezone
        self.skippable = skippable
        self.on_skip = skipped
        self.carried = carried
        self.skipped = 0
        self.folders: set[str] = set()  # made in the new site already

    def build_page(self, original, page, config, doc_files, nav, env, dirty=False, excluded=False):
        """In place of MkDocs' page build: skip the page, or build it and record it."""
        if dirty or excluded or not self.skippable(page):
            return original(page, config, doc_files, nav, env, dirty, excluded=excluded)
        try:
            key = self.page_key(page)
        except (Unreusable, TypeError, ValueError):
            key = None
        if key is not None and self._take(page, key):
            return None
        entries = self.search_entries
        searched = len(entries) if entries is not None else 0
        sitemap = self.sitemap()
        mapped = len(sitemap)
        original(page, config, doc_files, nav, env, dirty, excluded=excluded)
        if key is None:
            return None
        mapping = None
        if len(sitemap) == mapped + 1:
            url, date = next(reversed(sitemap.items()))
            mapping = [url, date.isoformat() if date is not None else None]
        elif len(sitemap) != mapped:
            return None  # not one entry: nothing that can be replayed exactly
        try:
            stamp = _stamp(page.file.abs_dest_path)
        except OSError:
            return None  # nothing written (an empty page)
        dest = page.file.dest_uri
        if "\t" in dest or "\n" in dest:
            return None
        search = _encode(entries[searched:]) if entries is not None else []
        self._write("\t".join((dest, key, _dumps([stamp, mapping]), _dumps(search))) + "\n")
        return None

    def page_key(self, page) -> str:
        digest = hashlib.sha256(f"{FORMAT}\0{self.site_key}\0".encode())
        own = {
            "url": page.url,
            "src": page.file.src_uri,
            "dest": page.file.dest_uri,
            "title": page.title,
            "meta": page.meta,
            "toc": toc_tokens(page.toc),
            "template": page.meta.get("template", "main.html"),
            "canonical": page.canonical_url,
            "around": [describe(p) for p in neighbours(page)],
            "categories": [describe(c) for c in getattr(page, "categories", ()) or ()],
            "authors": [describe(a) for a in getattr(page, "authors", ()) or ()],
            "post": describe(getattr(page, "config", None)),
        }
        digest.update(json.dumps(own, default=describe, sort_keys=True).encode())
        digest.update(b"\0")
        digest.update((page.content or "").encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _take(self, page, key: str) -> bool:
        dest = page.file.dest_uri
        entry = self.old.get(dest)
        if not entry or entry[0] != key:
            return False
        line = entry[1]
        target = page.file.abs_dest_path
        previous = os.path.join(self.previous, dest)
        try:  # what to replay first: a damaged record builds the page
            _, _, meta, found = line.rstrip("\n").split("\t")
            (stamp, sitemap) = json.loads(meta)
            search = _decode(json.loads(found))
            mapping = None
            if sitemap is not None:
                url, date = sitemap
                when = datetime.fromisoformat(date).astimezone(self.timezone) if date else None
                mapping = (url, when)
            if _stamp(previous) != stamp or os.path.lexists(target):
                return False
            self._folder(os.path.dirname(target))
            os.link(previous, target)
        except (OSError, KeyError, TypeError, ValueError):
            return False
        if self.search_entries is not None:
            self.search_entries.extend(search)
        if mapping is not None:
            self.sitemap()[mapping[0]] = mapping[1]
        self._write(line)
        self.carried(dest)
        self.skipped += 1
        self.on_skip(page)
        return True

    def _folder(self, folder: str) -> None:
        """``folder`` made, with its parents: each once a build (thousands of pages)."""
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)

    def _write(self, line: str) -> None:
        if self.new is None:
            return
        try:
            self.new.write(line)
        except (OSError, ValueError):  # a lone surrogate cannot be written as UTF-8
            self._drop()

    def _drop(self) -> None:
        with contextlib.suppress(OSError):
            self.new.close()
            os.unlink(self.new.name)
        self.new = None  # without a manifest the next build builds every page

    def save(self) -> None:
        """The pages recorded this build become the manifest of the next."""
        if self.new is None:
            return
        try:
            self.new.close()
            os.replace(self.new.name, self.manifest_path)
        except OSError:
            self._drop()
        self.new = None


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _load_lines(path: Path) -> dict[str, tuple[str, str]]:
    lines: dict[str, tuple[str, str]] = {}
    try:
        with open(path, encoding="utf-8") as handle:
            if handle.readline() != f"{FORMAT}\n":
                return {}
            for line in handle:
                dest, key, _ = line.split("\t", 2)
                lines[dest] = (key, line)
    except (OSError, ValueError):
        return {}
    return lines


def _open_next(path: Path):
    """The next manifest, written beside the current one (one name: builds of a folder take
    turns) and renamed over it by ``save``; None when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        out = open(path.with_name(f"{path.name}.next"), "w", encoding="utf-8")  # noqa: SIM115
        out.write(f"{FORMAT}\n")
    except OSError:
        return None
    return out
