"""The news centre's data for the theme: list entries, pagination, item meta line,
neighbours, related items, breadcrumb and share QR code.

``BuildRun.page_context`` calls ``add_to_context`` for every page after the blog plugins
have put a list page's excerpts in its context. Everything a template shows is put in the
context here as plain data, so the page-reuse key (speedups/pagereuse.py, which digests the
context) changes whenever a neighbour, a related item or a thumbnail does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from material.plugins.blog.structure import Archive, Category, View
from mkdocs.utils import get_relative_url

from pipeline.config.site import SiteConfig
from pipeline.content import newscentre
from pipeline.content.model import Item
from pipeline.core.i18n import ui
from pipeline.images.html import picture_html
from pipeline.seo.breadcrumbs import Crumb, breadcrumb_json
from pipeline.seo.qrcode import bare_svg, labelled

# what an item page shows of the other items: 上一篇/下一篇 and related items (the rest of
# it depends on the item alone: speedups/pageskip.py renders only this part again)
ITEM_LINKS = "partials/item-links.html"
# a thumbnail is shown at most 240 CSS px wide: up to 480 px serves screens of density 2
THUMB_MAX_WIDTH = 480
THUMB_SIZES = "(max-width: 600px) 112px, 240px"
HOME_THUMB_SIZES = "(max-width: 600px) 96px, 160px"


@dataclass
class NewsCentre:
    site_config: SiteConfig
    docs_dir: Path
    base_url: str | None
    items: dict[str, Item] = field(default_factory=dict)  # shown items by docs path
    urls: dict[str, str] = field(default_factory=dict)  # docs path -> the post's URL
    images: object = None  # engine.images.SiteImages
    files: object = None
    ordered: dict[str, list[Item]] = field(default_factory=dict)  # section -> oldest first
    _places: dict[str, int] = field(default_factory=dict)  # docs path -> index in ordered
    newest: list[Item] = field(default_factory=list)
    _thumbs: dict[str, dict | None] = field(default_factory=dict)
    _shows: dict[str, list[Item | None]] = field(default_factory=dict)  # ``shows``, made once
    _date_texts: dict[datetime, tuple[str, str]] = field(default_factory=dict)  # ``_dates``
    # docs path -> the item pages that link it as 上一篇/下一篇 or as related, by id (MkDocs'
    # pages compare by title and file: slow, and not what is meant) (engine/warm.py)
    linked_from: dict[str, dict[int, object]] = field(default_factory=dict)
    # URL -> its share QR code (SVG): a page rendered again (engine/warm.py) reuses it
    _qrs: dict[str, str] = field(default_factory=dict)
    # URL -> its code made ahead in a worker, or None (speedups/qrprefetch.py)
    qr_codes: Callable[[str], str | None] | None = None
    # URL -> its code (bare SVG) kept from one build to the next (the live preview's)
    kept_codes: dict[str, str] | None = None

    def start(self, shown: list[Item], urls: dict[str, str], images, files) -> None:
        self.items = {item.docs_path: item for item in shown if item.docs_path in urls}
        self.urls, self.images, self.files = urls, images, files
        kept = list(self.items.values())
        self.ordered = {name: newscentre.in_order(kept, name) for name in self.site_config.sections}
        self._places = {
            i.docs_path: n for items in self.ordered.values() for n, i in enumerate(items)
        }
        self.newest = newscentre.newest_first(kept)
        self._thumbs = {}
        self._shows = {}
        self.linked_from = {}

    def refresh(self, shown: list[Item], changed: set[str]) -> None:
        """The same items, some read again (``changed``: docs paths): their thumbnails
        are worked out again."""
        thumbs = {p: t for p, t in self._thumbs.items() if p not in changed}
        linked_from = self.linked_from
        self.start(shown, self.urls, self.images, self.files)
        self._thumbs, self.linked_from = thumbs, linked_from

    # -- one page -----------------------------------------------------------------------

    def add_to_context(self, context: dict, page) -> list[str]:
        """The page's data put in ``context``; returns the docs paths of the items it links
        (an item page's 上一篇/下一篇 and related items: ``linked_from``)."""
        item = self.items.get(page.file.src_uri)
        linked: list[str] = []
        if item is not None:
            context["pipeline_item"] = self._item(item, page, linked)
            context["pipeline_qr"] = self.qr
            context["pipeline_breadcrumb"] = self._breadcrumb(self._item_trail(item, page), page)
        elif isinstance(page, View) and "posts" in context:
            section = self._section_of(page)
            if section is None:
                return linked
            context["pipeline_list"] = {
                "entries": [self._list_entry(e) for e in context.get("posts") or ()],
                "pages": _pages(page),
                # an archive's own heading says what it is ("2026 年", not "2026")
                "heading": ui("page.archive-year", self.lang, year=page.title)
                if isinstance(page, Archive)
                else None,
            }
            context["pipeline_breadcrumb"] = self._breadcrumb(self._list_trail(section, page), page)
        return linked

    def link(self, page, docs_paths) -> None:
        """``page`` links the items at ``docs_paths`` (as a build of it records: a page not
        built at all, speedups/pageskip.py, has its build's record replayed)."""
        for docs_path in docs_paths:
            self.linked_from.setdefault(docs_path, {})[id(page)] = page

    # -- item pages ---------------------------------------------------------------------

    def shows(self, docs_path: str) -> list[Item | None] | None:
        """The items an item page shows: itself, 上一篇, 下一篇 and its related items (None:
        the page is not an item page of the news centre's)."""
        shown = self._shows.get(docs_path)
        if shown is None:
            item = self.items.get(docs_path)
            if item is None:
                return None
            older, newer = self._neighbours(item)
            shown = [item, older, newer, *newscentre.related(self.newest, item)]
            self._shows[docs_path] = shown
        return shown

    def links_of(self, docs_path: str) -> tuple[dict, list[str]] | None:
        """What an item page shows of the other items (``ITEM_LINKS``: 上一篇, 下一篇 and
        related items, as ``pipeline_item`` holds them), and their docs paths."""
        shown = self.shows(docs_path)
        if shown is None:
            return None
        _, older, newer, *related = shown
        data = {
            "previous": self._link(older),
            "next": self._link(newer),
            "related": [self._link(i) for i in related],
        }
        return data, [other.docs_path for other in (older, newer, *related) if other is not None]

    def _neighbours(self, item: Item) -> tuple[Item | None, Item | None]:
        """``newscentre.neighbours``, without looking for the item in its section's list."""
        ordered = self.ordered.get(item.section, [])
        index = self._places.get(item.docs_path)
        if index is None or index >= len(ordered) or ordered[index].docs_path != item.docs_path:
            return newscentre.neighbours(ordered, item)
        older = ordered[index - 1] if index > 0 else None
        newer = ordered[index + 1] if index + 1 < len(ordered) else None
        return older, newer

    def _item(self, item: Item, page, linked: list[str]) -> dict:
        links, paths = self.links_of(item.docs_path)
        linked += paths
        self.link(page, linked)
        author = self.site_config.authors.get(item.author)
        data = {
            **self._dates(item),
            "author": author.name if author else item.author,
            "categories": [{"title": c.title, "url": c.url} for c in page.categories],
            "source": None,
            **links,
            "share_url": (self.base_url or "/") + page.url,
            # the QR code is drawn only for a page that is rendered (pipeline_qr): its
            # address is in the page-reuse key already
            "qr_url": self.base_url + page.url if self.base_url else None,
        }
        if item.source_ref is not None:
            data["source"] = {
                "label": ui("page.source-label", self.lang),
                "name": item.source_ref.name,
                "url": item.source_ref.url,
            }
        return data

    def _link(self, item: Item | None) -> dict | None:
        if item is None:
            return None
        return {"title": item.title, "url": self.urls[item.docs_path], **self._dates(item)}

    def _dates(self, item: Item) -> dict:
        # by date: every item page shows eight or so other items' (3,000 pages' page keys
        # and links worked them out 24,000 times a build)
        texts = self._date_texts.get(item.date)
        if texts is None:
            local = item.date.astimezone(self.site_config.timezone)
            texts = f"{local:%Y-%m-%d}", local.isoformat(timespec="seconds")
            self._date_texts[item.date] = texts
        return {"date": texts[0], "datetime": texts[1]}

    # -- list pages ---------------------------------------------------------------------

    def _list_entry(self, excerpt) -> dict:
        post = getattr(excerpt, "post", excerpt)
        item = self.items.get(post.file.src_uri)
        entry = {
            "title": item.title if item else post.title,
            "url": self.urls.get(post.file.src_uri, post.url),
            "summary": item.summary if item else excerpt.meta.get("description", ""),
            "categories": [{"title": c.title, "url": c.url} for c in excerpt.categories],
            "slug": excerpt.config.slug or "",
            "pin": bool(item.pin) if item else False,
            "thumb": self._thumb(item, THUMB_SIZES) if item else None,
        }
        if item is not None:
            entry.update(self._dates(item))
        return entry

    def _thumb(self, item: Item, sizes: str) -> dict | None:
        """The item's list picture at small widths only (from the image pipeline)."""
        if item.docs_path not in self._thumbs:
            section = self.site_config.sections.get(item.section)
            default = section.default_image if section else None
            path = newscentre.thumbnail_path(item, default)
            picture = self.images.cover(path, self.files) if path and self.images else None
            self._thumbs[item.docs_path] = _small(picture) if picture else None
        thumb = self._thumbs[item.docs_path]
        return {**thumb, "sizes": sizes} if thumb else None

    def qr(self, url: str) -> str:
        """The share box's QR code of ``url`` as inline SVG (templates: pipeline_qr)."""
        svg = self._qrs.get(url)
        if svg is None:
            label = ui("page.qr-label", self.lang)
            made = self.qr_codes(url) if self.qr_codes is not None else None
            kept = self.kept_codes
            if made is None and kept is not None:
                made = kept.get(url)
            if made is None:
                made = bare_svg(url)
            if kept is not None:
                kept[url] = made
            svg = self._qrs[url] = labelled(made, label)
        return svg

    def home_thumbnail(self, item: Item, page_url: str, eager: bool) -> str | None:
        """A latest-items list's thumbnail (content/homepage.py) as <picture> HTML, its
        URLs relative to the page at ``page_url``; ``eager``: the page's first picture."""
        section = self.site_config.sections.get(item.section)
        default = section.default_image if section else None
        path = newscentre.thumbnail_path(item, default)
        file = self.files.get_file_from_path(path) if path and self.files else None
        picture = self.images.lookup(unquote(file.url)) if file and self.images else None
        if picture is None:
            return None
        small = replace(
            picture,
            sources=tuple((fmt, _narrow(srcset)) for fmt, srcset in picture.sources),
            sizes=HOME_THUMB_SIZES,
        )
        fallback = next((s for f, s in small.sources if f == small.fallback), ())
        if fallback:
            small = replace(small, src=fallback[0][0])
        rel = lambda url: get_relative_url(url, page_url or ".")  # noqa: E731
        return picture_html(small, {"alt": ""}, rel, eager=eager)

    @property
    def lang(self) -> str:
        """The site's language, not the messages': `--lang en` must not change the site."""
        return self.site_config.language

    def _section_of(self, page) -> str | None:
        name = page.url.split("/", 1)[0]
        return name if name in self.site_config.sections else None

    # -- breadcrumbs --------------------------------------------------------------------

    def _item_trail(self, item: Item, page) -> list[Crumb]:
        section = self.site_config.sections[item.section]
        trail = [Crumb(ui("page.home", self.lang), ""), Crumb(section.title, f"{item.section}/")]
        if page.categories:
            first = page.categories[0]
            trail.append(Crumb(first.title, first.url))
        trail.append(Crumb(item.title, None))
        return trail

    def _list_trail(self, name: str, page) -> list[Crumb]:
        section = self.site_config.sections[name]
        trail = [Crumb(ui("page.home", self.lang), "")]
        if isinstance(page, Category):
            trail += [Crumb(section.title, f"{name}/"), Crumb(page.title, None)]
        elif isinstance(page, Archive):
            trail += [
                Crumb(section.title, f"{name}/"),
                Crumb(ui("page.archive-year", self.lang, year=page.title), None),
            ]
        else:
            trail.append(Crumb(section.title, None))
        return trail

    def _breadcrumb(self, trail: list[Crumb], page) -> dict:
        return {
            "trail": [{"name": c.name, "url": c.url} for c in trail],
            "json_ld": breadcrumb_json(trail, self.base_url, page.url),
        }


def relinked_html(env, page, html: str, old: dict, new: dict) -> str | None:
    """``html``, an item page as written, with its links to other items (``ITEM_LINKS``)
    rendered from ``new`` in place of those rendered from ``old`` (each as ``links_of``
    gives them), with the template, page and base URL a build renders them with: the page
    a build would write when nothing else of it changed. None when the old links are not
    in ``html`` exactly once: the page is to be built."""
    template = env.get_template(ITEM_LINKS)
    context = {"page": page, "base_url": get_relative_url(".", page.url)}
    before = template.render({**context, "news_item": old})
    if not before.strip() or html.count(before) != 1:
        return None
    return html.replace(before, template.render({**context, "news_item": new}))


def _narrow(srcset) -> tuple:
    """Only the widths a thumbnail needs (at least the smallest)."""
    entries = sorted(srcset, key=lambda e: e[1])
    kept = [tuple(e) for e in entries if e[1] <= THUMB_MAX_WIDTH]
    return tuple(kept or [tuple(e) for e in entries[:1]])


def _small(picture: dict) -> dict:
    """A picture's data (Picture.as_dict) with only a thumbnail's widths."""
    fallback = _narrow(picture["fallback_srcset"])
    return {
        **picture,
        "src": fallback[0][0] if fallback else picture["src"],
        "fallback_srcset": fallback,
        "sources": [{**s, "srcset": _narrow(s["srcset"])} for s in picture["sources"]],
    }


def _pages(page) -> dict | None:
    """Page N of M of a paginated list, with every page's URL (site-root relative)."""
    pages = list(getattr(page, "pages", None) or ())
    if len(pages) < 2:
        return None
    current = next((n for n, p in enumerate(pages) if p is page), None)
    if current is None:
        current = next((n for n, p in enumerate(pages) if p.url == page.url), 0)
    return {
        "current": current + 1,
        "total": len(pages),
        "urls": [p.url for p in pages],
    }
