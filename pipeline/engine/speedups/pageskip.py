"""Item pages and blog views whose inputs are unchanged are not built at all: no context,
no plugin events, no template; the previous site's file is linked into the new one.

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

A blog view (a blog's index, archive year, category, and their pagination pages) is
keyed the same way, plus what the blog plugin lists on it (``compat.blog_view_listing``,
read as its ``_render`` reads it, before ``on_page_context``): its pagination (the pages'
URLs, its place, the number per page and in all), the excerpt separator and whether
excerpts join its table of contents, and of each post on the page its URL, title, front
matter and settings (dates, draft, pin, read time), the excerpt's authors and categories,
the post's table of contents and its Markdown before the excerpt separator (as a digest;
the excerpt's HTML is made from it, with the title, in the view's context). Its Markdown
after the separator is not in the key: an edit there skips every view.

What a built page leaves behind besides its file is recorded with its key and replayed
when it is skipped, in the same order: its search-index entries (Material's search
plugin adds them in ``on_page_context``; text waiting for segmentation stays waiting),
its sitemap entry (``SeoPages.entries``) and the front matter its build set (the SEO
part sets a list's description; later pages' keys describe their neighbours with it, so a
skipped page must have it too: a build that removed front matter is not recorded). What
else page events record — the news centre's ``linked_from``, the run's ``shown_on`` —
serves the live preview only, which never skips: its page-level rebuilds
(``engine/warm.py``) need them, and they are not recorded here (its full builds reuse
pages instead, ``pagereuse``). The previous file is linked only while it is the one
recorded (inode, size, modification time), and nothing
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
from pipeline.engine import compat
from pipeline.engine.speedups.markdowncache import toc_tokens
from pipeline.engine.speedups.pagereuse import CACHE_DIR, Unreusable, describe, neighbours
from pipeline.engine.speedups.segmentation import Pending

FORMAT = "4"
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
        self.listed: dict[tuple[str, str], str] = {}  # posts on views: their digests
        self.described: dict[int, tuple[object, str]] = {}  # see _described

    def build_page(self, original, page, config, doc_files, nav, env, dirty=False, excluded=False):
        """In place of MkDocs' page build: skip the page, or build it and record it."""
        if dirty or excluded:
            return original(page, config, doc_files, nav, env, dirty, excluded=excluded)
        try:
            if self.skippable(page):
                key = self.page_key(page)
            elif listing := compat.blog_view_listing(page, config.plugins):
                key = self.page_key(page, listing)
            else:
                return original(page, config, doc_files, nav, env, dirty, excluded=excluded)
        except (Unreusable, TypeError, ValueError):
            key = None
        if key is not None and self._take(page, key):
            return None
        entries = self.search_entries
        searched = len(entries) if entries is not None else 0
        sitemap = self.sitemap()
        mapped = len(sitemap)
        meta = dict(page.meta)
        original(page, config, doc_files, nav, env, dirty, excluded=excluded)
        if key is None:
            return None
        # front matter the build set (the list's description, for one): later pages' keys
        # describe their neighbours with it, so a skipped page sets it too
        if any(name not in page.meta for name in meta):
            return None
        added = {k: v for k, v in page.meta.items() if k not in meta or meta[k] != v}
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
        try:
            record = _dumps([stamp, mapping, added])
        except (TypeError, ValueError):
            return None
        self._write("\t".join((dest, key, record, _dumps(search))) + "\n")
        return None

    def page_key(self, page, listing: compat.ViewListing | None = None) -> str:
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
            "around": [self._described(p) for p in neighbours(page)],
            "categories": [self._described(c) for c in getattr(page, "categories", ()) or ()],
            "authors": [self._described(a) for a in getattr(page, "authors", ()) or ()],
            "post": describe(getattr(page, "config", None)),
        }
        if listing is not None:
            own["listing"] = _listing(listing, self.listed)
        digest.update(json.dumps(own, default=describe, sort_keys=True).encode())
        digest.update(b"\0")
        digest.update((page.content or "").encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _described(self, value) -> str | None:
        """``describe(value)`` as JSON, made once a build for each object: the sections,
        views and authors around item pages are shared by thousands of them. An object is
        described as it is when a page first meets it; what a page build sets on one later
        (a list's description) is set in the same order when that page is skipped."""
        if value is None:
            return None
        found = self.described.get(id(value))
        if found is None or found[0] is not value:
            text = json.dumps(describe(value), default=describe, sort_keys=True)
            found = self.described[id(value)] = (value, text)
        return found[1]

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
            (stamp, sitemap, added) = json.loads(meta)
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
        page.meta.update(added)
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


def _listing(listing: compat.ViewListing, listed: dict[tuple[str, str], str]) -> dict:
    """A blog view's listing as its template and the plugins can show it: its pagination,
    and of each post it lists everything but the text after the excerpt separator.
    ``listed``: the build's digests of posts described already (a post is on several
    views; nothing a view shows of it changes while pages are built)."""
    posts = []
    for post in listing.posts:
        key = (post.file.src_uri, listing.separator)
        digest = listed.get(key)
        if digest is None:
            digest = listed[key] = _listed_post(post, listing.separator)
        posts.append(digest)
    return {
        "posts": posts,
        "total": listing.total,
        "pages": listing.pages,
        "at": listing.at,
        "per_page": listing.per_page,
        "separator": listing.separator,
        "toc": listing.toc,
    }


def _listed_post(post, separator: str) -> str:
    """A digest of what a view can show of ``post``: its URL, title, front matter and
    settings (dates, draft, pin, read time), authors and categories (all of them and the
    excerpt's), its table of contents and its Markdown before the excerpt separator."""
    text = post.markdown or ""
    excerpt = text.split(separator, 1)[0] if separator else text
    excerpt_of = post.excerpt
    described = {
        "src": post.file.src_uri,
        "url": post.url,
        "title": post.title,
        "meta": post.meta,
        "config": describe(post.config),
        "authors": [describe(a) for a in post.authors],
        "categories": [[c.url, c.title] for c in post.categories],
        "excerpt_authors": [describe(a) for a in excerpt_of.authors],
        "excerpt_categories": [[c.url, c.title] for c in excerpt_of.categories],
        "title_from_render": bool(compat.title_from_render(post)),
        "excerpt": hashlib.sha256(excerpt.encode("utf-8", "surrogatepass")).hexdigest(),
        # the excerpt's headings are those of the whole post: the blog may add them to the
        # view's table of contents, and its anchors follow the post's slug
        "toc": toc_tokens(post.toc),
    }
    encoded = json.dumps(described, default=describe, sort_keys=True)
    return hashlib.sha256(encoded.encode("utf-8", "surrogatepass")).hexdigest()


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
