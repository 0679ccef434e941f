"""Item pages and blog views whose inputs are unchanged are not built at all: no context,
no plugin events, no template; the previous site's file is linked into the new one.

Page reuse (``pagereuse``) still makes every page's template context, so that every
plugin sees every page; for 3,000 items that alone costs seconds after a one-line edit.
An item page (a blog post of the pipeline's) is keyed here *before* its context is made,
on everything its context can be made from:

- the site but the list of its pages: ``PageReuse.own_key`` (code and theme,
  ``mkdocs.yml``, ``site_config/``, the navigation, every picture), MkDocs' ``extra``
  settings (the brand's and the preview's banner, set per build), the language, and the
  directives in comments of the other pages (the tags plugin's listings), not their
  text (the home page's latest items list items);
- the items it shows (``around``: ``NewsCentre.shows``): itself, 上一篇, 下一篇 and its
  related items, each with its URL, its fields but the body, its visibility and its list
  thumbnail (the news centre's links, breadcrumb and meta line come from those); an
  item added or removed builds only the item pages that show it;
- the page: URL, source and destination, title, front matter, table of contents, HTML
  content (its links resolved against the site's files: a link to a page added or
  removed is in it), template, neighbours, categories, authors and the post settings.

A blog view (a blog's index, archive year, category, and their pagination pages) is
keyed the same way, with every page but the item pages (URL, title, front matter) in
place of its neighbours and related items, and the items it lists (``around``) with
what the blog plugin lists on it (``compat.blog_view_listing``,
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
else page events record for the live preview's page-level rebuilds (``engine/warm.py``)
is recorded too (``noted``) and replayed (``replayed``): the posts a view lists (the
run's ``shown_on``), the items an item page links (the news centre's ``linked_from``),
whether a page has a latest-items block (``marker_pages``); so `pipeline serve`'s full
builds (an item added or removed) skip pages as `pipeline build` does, and the saves
after them render every page that shows what changed. The previous file is linked (by a
process of its own, ``Linker``) only while it is the one recorded (inode, size,
modification time): a page the preview rendered again in place since is built.
``tests/test_incremental.py`` rebuilds after edits and compares with a clean build,
byte for byte; ``tests/test_warm.py`` does the same for the preview's saves after full
builds that skipped pages.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from jinja2 import TemplateError

from pipeline.content.newscentre import thumbnail_path
from pipeline.core import keyjson
from pipeline.engine import compat
from pipeline.engine.newscentre import relinked_html
from pipeline.engine.speedups.linker import Linker
from pipeline.engine.speedups.markdowncache import toc_tokens
from pipeline.engine.speedups.pagereuse import CACHE_DIR, Unreusable, describe, neighbours
from pipeline.engine.speedups.segmentation import Pending

FORMAT = "7"
_PENDING = "\0pending"
_PENDING_JSON = keyjson.compact(_PENDING)[1:-1]  # as the manifest writes it


def items_digest(items, now: datetime, site_config) -> str:
    """Every shown item as other pages can show it: its fields but the body, whether it is
    published now, and its list thumbnail (which may come from the body)."""
    digest = hashlib.sha256()
    for item in items:
        digest.update(item_description(item, now, site_config).encode())
    return digest.hexdigest()


def item_description(item, now: datetime, site_config) -> str:
    """One item as other pages can show it (``items_digest``): the SHA-256 of its JSON
    (the JSON itself, Chinese escaped, is about 2 KB an item: repeated in the keys of the
    pages that show it, about nine a page, it cost half a second a build to encode)."""
    fields = {name: getattr(item, name) for name in item.__dataclass_fields__ if name != "source"}
    section = site_config.sections.get(item.section)
    default = section.default_image if section else None
    fields["_rel_path"] = item.source.rel_path
    fields["_visibility"] = item.visibility(now)
    fields["_thumbnail"] = thumbnail_path(item, default)
    return hashlib.sha256(keyjson.key_bytes(fields, default=str)).hexdigest()


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
        own_key: str | None = None,
        view_key: str | None = None,
        around: Callable[[object, object], str] | None = None,
        noted: Callable[[object], object] = lambda page: None,
        replayed: Callable[[object, object], None] = lambda page, notes: None,
        links_of: Callable[[object], tuple[str, dict, list[str]] | None] | None = None,
        linker: Linker | None = None,
    ) -> None:
        self.previous = previous_site
        name = hashlib.sha256(str(previous_site.resolve()).encode()).hexdigest()[:16]
        # one line a page: "dest TAB key TAB [stamp, sitemap] TAB search entries" (JSON);
        # written as pages are built, not kept: the entries are the size of the search index
        self.manifest_path = root / CACHE_DIR / f"{name}.skip.tsv"
        self.old = _load_lines(self.manifest_path)  # dest -> (key, line)
        self.new = _open_next(self.manifest_path)
        self.site_key = site_key
        # an item page's key: ``own_key`` (the site but the list of every page and item)
        # and ``around(page)`` (the items it shows: itself, its neighbours, related items)
        self.own_key = own_key if around is not None else None
        # a blog view's: ``view_key`` (the site but the item pages) and ``around(page,
        # listing)`` (the items it lists, as other pages show them)
        self.view_key = view_key if around is not None else None
        self.around = around
        self.search_entries = search_entries
        self.sitemap = sitemap
        self.timezone = timezone
        self.skippable = skippable
        self.on_skip = skipped
        self.carried = carried
        self.noted = noted  # what the page's build recorded for later rebuilds (JSON-able)
        self.replayed = replayed  # ... recorded again when it is skipped
        # an item page's links to other items (``newscentre.ITEM_LINKS``): the item as its key
        # holds it, what the links show, the docs paths they link (``notes["links"]``)
        self.links_of = links_of if around is not None else None
        self.skipped = 0
        self.relinked = 0  # of the skipped pages: those with their links rendered again
        self.written: list[tuple[str, tuple[str, str, list, str]]] = []  # by ``_relink``
        self.folders: set[str] = set()  # made in the new site already
        # the previous files linked by another process (shared with the static files')
        self.linker = linker if linker is not None else Linker()
        self.listed: dict[tuple[str, str], str] = {}  # posts on views: their digests
        self.described: dict[int, tuple[object, str]] = {}  # see _described

    def build_page(self, original, page, config, doc_files, nav, env, dirty=False, excluded=False):
        """In place of MkDocs' page build: skip the page, or build it and record it."""
        if dirty or excluded:
            return original(page, config, doc_files, nav, env, dirty, excluded=excluded)
        links = None
        try:
            if self.skippable(page):
                key, links = self._item_keys(page)
            elif listing := compat.blog_view_listing(page, config.plugins):
                key = self.page_key(page, listing)
            else:
                return original(page, config, doc_files, nav, env, dirty, excluded=excluded)
        except (Unreusable, TypeError, ValueError):
            key = None
        if key is not None and self._take(page, key):
            return None
        if key is not None and links is not None and self._relink(page, key, links, env):
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
        frame = links[:2] if links is not None else None
        try:
            record = _dumps([stamp, mapping, added, self.noted(page), frame])
        except (TypeError, ValueError):
            return None
        self._write("\t".join((dest, key, record, _dumps(search))) + "\n")
        return None

    def _item_keys(self, page) -> tuple[str, tuple[str, dict, list[str]] | None]:
        """An item page's key, and what its links to other items need (``_relink``): the
        key of everything but those links (its frame), what they show and link."""
        found = self.links_of(page) if self.links_of is not None else None
        if found is None:
            return self.page_key(page), None
        itself, shown, linked = found
        frame = self.page_key(page, itself=itself)
        around = self.around(page, None)
        key = hashlib.sha256(f"{frame}\0{around}".encode()).hexdigest()
        return key, (frame, shown, linked)

    def page_key(
        self, page, listing: compat.ViewListing | None = None, itself: str | None = None
    ) -> str:
        """The page's key. ``itself``: an item page's key without the other items it
        shows, with only the item as ``itself`` describes it (its frame: ``_item_keys``)."""
        if itself is not None and self.own_key is not None:
            site = f"{self.own_key}\0frame\0{itself}"
        elif listing is None and self.own_key is not None:
            site = f"{self.own_key}\0{self.around(page, None)}"
        elif listing is not None and self.view_key is not None:
            site = f"{self.view_key}\0{self.around(page, listing)}"
        else:
            site = self.site_key
        digest = hashlib.sha256(f"{FORMAT}\0{site}\0".encode())
        own = {
            "url": page.url,
            "src": page.file.src_uri,
            "dest": page.file.dest_uri,
            "title": page.title,
            "meta": page.meta,
            "toc": toc_tokens(page.toc),
            "template": page.meta.get("template", "main.html"),
            "canonical": page.canonical_url,
            "post": describe(getattr(page, "config", None)),
        }
        if listing is not None:
            own["listing"] = _listing(listing, self.listed)
        digest.update(keyjson.key_bytes(own, default=describe))
        # the objects around the page, each described once a build (JSON: ASCII, no
        # control characters), not encoded again inside the page's own JSON
        for group in (
            neighbours(page),
            getattr(page, "categories", ()) or (),
            getattr(page, "authors", ()) or (),
        ):
            digest.update(b"\0group")
            for value in group:
                text = self._described(value)
                digest.update(b"\0none" if text is None else b"\0" + text)
        digest.update(b"\0")
        digest.update((page.content or "").encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _described(self, value) -> bytes | None:
        """``describe(value)`` as JSON, made once a build for each object: the sections,
        views and authors around item pages are shared by thousands of them. An object is
        described as it is when a page first meets it; what a page build sets on one later
        (a list's description) is set in the same order when that page is skipped."""
        if value is None:
            return None
        found = self.described.get(id(value))
        if found is None or found[0] is not value:
            text = keyjson.key_bytes(describe(value), default=describe)
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
            record = _Record.read(line, self.timezone)
            if _stamp(previous) != record.stamp or os.path.lexists(target):
                return False
            if not self.linker.link(previous, target, record.stamp[1]):
                self._folder(os.path.dirname(target))
                os.link(previous, target)
        except (OSError, LookupError, TypeError, ValueError):
            return False
        self._replay(page, record, record.notes)
        self._write(line)
        self.carried(dest)
        return True

    def _relink(self, page, key: str, links: tuple[str, dict, list[str]], env) -> bool:
        """An item page whose links to other items changed (an item added or removed
        changes the related items of hundreds), and nothing else: the previous file with
        those links rendered again in place of the old ones (``relinked_html``), which must
        be in it exactly once. The page a build would write, without building it: its frame
        (everything but the links, ``_item_keys``) is what the previous file was built
        from, and the links are rendered with the same template, page and base URL."""
        dest = page.file.dest_uri
        entry = self.old.get(dest)
        if not entry:
            return False
        frame, shown, linked = links
        target = page.file.abs_dest_path
        previous = os.path.join(self.previous, dest)
        try:
            record = _Record.read(entry[1], self.timezone)
            if record.frame is None or record.frame[0] != frame:
                return False
            if not isinstance(record.notes, dict):
                return False
            if _stamp(previous) != record.stamp or os.path.lexists(target):
                return False
            with open(previous, "rb") as handle:
                written = handle.read().decode("utf-8")
            relinked = relinked_html(env, page, written, record.frame[1], shown)
            if relinked is None:
                return False
            data = relinked.encode("utf-8", "xmlcharrefreplace")  # as MkDocs writes a page
            meta = [record.sitemap, record.added, {**record.notes, "links": linked}, [frame, shown]]
            line = (dest, key, meta, record.found)  # its stamp once it is written
        except (OSError, LookupError, TypeError, ValueError, AttributeError, TemplateError):
            return False  # a damaged record, a file gone or not UTF-8: the page is built
        # written by the linker (its folder is made there): its record once it is done
        self.linker.write(target, data)
        self.written.append((target, line))
        self._replay(page, record, meta[2])
        self.relinked += 1
        return True

    def _replay(self, page, record: _Record, notes) -> None:
        """What the page's build left besides its file, done again (the page is skipped)."""
        page.meta.update(record.added)
        self.replayed(page, notes)
        if self.search_entries is not None:
            self.search_entries.extend(record.search)
        if record.mapping is not None:
            self.sitemap()[record.mapping[0]] = record.mapping[1]
        self.skipped += 1
        self.on_skip(page)

    def wait(self) -> None:
        """Every skipped page's file in place (``Linker``): before anything reads the
        new site. A file that could be neither linked nor copied fails the build, as a
        page MkDocs cannot write does."""
        self.linker.finish()
        written, self.written = self.written, []
        for target, (dest, key, meta, found) in written:
            try:
                stamp = _stamp(target)
            except OSError:
                continue  # not recorded: built next time
            self._write("\t".join((dest, key, _dumps([stamp, *meta]), found)) + "\n")

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


class _Record:
    """A page's record in the manifest: "dest TAB key TAB meta TAB search entries", the
    meta a JSON list [stamp, sitemap entry, front matter set, notes, frame] (frame: an item
    page's frame key and what its links showed, or null)."""

    __slots__ = ("added", "found", "frame", "mapping", "notes", "search", "sitemap", "stamp")

    @classmethod
    def read(cls, line: str, timezone) -> _Record:
        """Raises ValueError, LookupError or TypeError when the line is damaged."""
        record = cls()
        _, _, meta, found = line.rstrip("\n").split("\t")
        (record.stamp, record.sitemap, record.added, record.notes, record.frame) = keyjson.loads(
            meta
        )
        record.found = found
        search = keyjson.loads(found)
        if _PENDING_JSON in found:  # most pages' entries have no text left waiting
            search = _decode(search)
        record.search = search
        record.mapping = None
        if record.sitemap is not None:
            url, date = record.sitemap
            when = datetime.fromisoformat(date).astimezone(timezone) if date else None
            record.mapping = (url, when)
        if not isinstance(record.added, dict):
            raise TypeError("front matter set is not a mapping")
        return record


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
    return hashlib.sha256(keyjson.key_bytes(described, default=describe)).hexdigest()


def _dumps(value) -> str:
    return keyjson.compact(value)


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
