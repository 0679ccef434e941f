"""The MkDocs side of search engines: base URL, head tags per page, sitemap and robots.txt.

The plugin calls four methods: ``configure`` (on_config: the site's address from
site_config), ``start`` (after the files are settled), ``add_to_context`` (each page:
its description, tags and JSON-LD for ``theme/partials/seo.html``, and its sitemap
entry) and ``write_files`` (on_post_build).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.config.site import SiteConfig
from pipeline.content.homepage import DEFAULT_COUNT, MARKER, latest
from pipeline.content.model import Item, Page, Site
from pipeline.content.schema import resolve_docs_path
from pipeline.core.i18n import ui
from pipeline.records.logpage import PAGE_DOCS_PATH as LOG_PAGE
from pipeline.seo import sitemap
from pipeline.seo.checks import body_images
from pipeline.seo.settings import SHARE_IMAGE_SUFFIXES, SeoSettings
from pipeline.seo.tags import (
    Article,
    PageFacts,
    Publisher,
    ShareImage,
    json_for_script,
    meta_tags,
    news_article,
)

_LIST_URL = re.compile(
    r"^(?P<section>[^/]+)/(?:archive/(?P<year>\d{4})/|category/(?P<category>[^/]+)/)?"
    r"(?:page/(?P<number>\d+)/)?$"
)
NEWS_SECTION = "news"  # the section whose items are news articles for search engines
# a generated page's front matter flag (the team's /stats/ page): no sitemap entry, noindex
UNLISTED = "pipeline_unlisted"


@dataclass
class SeoPages:
    site_config: SiteConfig
    site_name: str
    base_url: str | None
    settings: SeoSettings
    site: Site | None = None
    files: object = None
    images: object = None
    now: datetime | None = None
    site_description: str = ""  # mkdocs.yml's, which Material shows where a page has none
    items: dict[str, Item] = field(default_factory=dict)  # shown items by docs path
    pages: dict[str, Page] = field(default_factory=dict)
    source_dates: dict[Path, datetime] = field(default_factory=dict)
    entries: dict[str, datetime | None] = field(default_factory=dict)  # sitemap: URL -> lastmod
    category_slugs: dict[str, str] = field(default_factory=dict)  # name -> its pages' slug

    @classmethod
    def configure(
        cls, config, site_config: SiteConfig, category_slugs: dict[str, str], *, serving: bool
    ) -> SeoPages:
        """site_config's base_url becomes MkDocs' site_url (canonical URLs, feeds, sitemap);
        the live preview keeps its own local address."""
        if site_config.base_url and not serving:
            config.site_url = site_config.base_url
        base = config.site_url or None
        if base and not base.endswith("/"):
            base += "/"
        if base and urlsplit(base).scheme not in ("http", "https"):
            base = None
        settings = site_config.seo or SeoSettings()
        return cls(
            site_config,
            config.site_name,
            base,
            settings,
            site_description=config.site_description or "",
            category_slugs=category_slugs,
        )

    def start(self, site: Site, files, images, shown: list[Item], now: datetime) -> None:
        self.site, self.files, self.images, self.now = site, files, images, now
        self.items = {item.docs_path: item for item in shown}
        self.pages = site.page_by_docs_path()
        self.entries = {}
        root = site.config.root
        paths = [page.source.path for page in site.pages]
        records = site.config.records
        if records is not None:
            paths.append(root / records.log_file)
        self.source_dates = sitemap.source_dates(paths, root, site.config.timezone)

    def refresh(self, site: Site, shown: list[Item], changed: list[Path]) -> None:
        """The same pages, some read again: their texts, and the fixed pages' dates of
        change (``changed``: their source files), follow. The sitemap's entries stay:
        each page rendered again records its own again."""
        self.site = site
        self.items = {item.docs_path: item for item in shown}
        self.pages = site.page_by_docs_path()
        if changed:
            root = site.config.root
            self.source_dates.update(sitemap.source_dates(changed, root, site.config.timezone))

    # -- one page -----------------------------------------------------------------------

    def add_to_context(self, context: dict, page) -> None:
        if self.site is None:
            return
        docs_path = page.file.src_uri
        item = self.items.get(docs_path)
        fixed = self.pages.get(docs_path)
        shown = [self._item_of(excerpt) for excerpt in context.get("posts") or ()]
        shown = [i for i in shown if i is not None]
        if item is not None:
            title, description = item.title, item.summary
        elif fixed is not None:
            title, description = fixed.title, fixed.summary
        else:
            title, description = self._list_text(page)
            if description:
                page.meta["description"] = description  # Material's <meta name="description">
        # a generated page without its own (the update log) shares the site's, as Material does
        description = description or page.meta.get("description") or self.site_description
        unlisted = bool(page.meta.get(UNLISTED))
        if not unlisted:
            self._record(page, item, fixed, shown)
        robots = [("name", "robots", "noindex")] if unlisted else []
        if not self.base_url:  # Open Graph and JSON-LD need absolute URLs
            context["pipeline_seo"] = {"meta": robots, "json_ld": None}
            return
        url = page.canonical_url or self.base_url + page.url
        facts = PageFacts(
            title=title or page.meta.get("title") or page.title or self.site_name,
            description=description,
            url=url,
            site_name=self.site_name,
            language=self.site_config.language,
            image=self._image(item, fixed),
            article=self._article(item),
        )
        seo = {"meta": robots + meta_tags(facts, self.settings.twitter), "json_ld": None}
        if item is not None and item.section == NEWS_SECTION:
            seo["json_ld"] = json_for_script(news_article(facts, self._publisher()))
        context["pipeline_seo"] = seo

    def _item_of(self, excerpt) -> Item | None:
        """The item a list page shows (a blog excerpt stands for its post)."""
        post = getattr(excerpt, "post", None) or excerpt
        file = getattr(post, "file", None)
        return self.items.get(file.src_uri) if file is not None else None

    def _list_text(self, page) -> tuple[str | None, str | None]:
        """Archive, category and further list pages describe themselves, not the whole site."""
        match = _LIST_URL.match(page.url)
        section = self.site_config.sections.get(match.group("section")) if match else None
        if section is None:
            return None, None
        lang = self.site_config.language
        if match.group("year"):
            label = ui("seo.archive", lang, section=section.title, year=match.group("year"))
        elif match.group("category"):
            slug = unquote(match.group("category"))
            name = next(
                (c for c in section.categories if self.category_slugs.get(c) == slug), page.title
            )
            label = ui("seo.category", lang, section=section.title, category=name)
        else:
            label = section.title
        if match.group("number"):
            label = f"{label} · {ui('seo.page', lang, number=match.group('number'))}"
        index = self.pages.get(f"{section.name}/index.md")
        return label, f"{label} · {index.summary}" if index else label

    def _article(self, item: Item | None) -> Article | None:
        if item is None:
            return None
        tz = self.site_config.timezone
        author = self.site_config.authors.get(item.author)
        section = self.site_config.sections[item.section]
        return Article(
            published=item.date.astimezone(tz),
            modified=(item.updated or item.date).astimezone(tz),
            author=author.name if author else item.author,
            section=section.title,
            keywords=item.keywords,
        )

    def _publisher(self) -> Publisher:
        logo = self._share_image(self.settings.publisher_logo)
        return Publisher(self.settings.publisher_name or self.site_name, logo)

    def _image(self, item: Item | None, fixed: Page | None) -> ShareImage | None:
        """The cover, else the first picture of the body, else the site's image."""
        owner = item or fixed
        candidates = []
        if item is not None and item.cover:
            candidates.append(item.cover)
        if owner is not None:
            source = owner.source
            for target in body_images(source.body, source.body_first_line):
                if not urlsplit(target).scheme:
                    docs_path = resolve_docs_path(source.path, self.site.docs_dir, target)
                    candidates.append(unquote(docs_path) if docs_path else None)
        candidates.append(self.settings.image)
        for docs_path in candidates:
            image = self._share_image(docs_path)
            if image is not None:
                return image
        return None

    def _share_image(self, docs_path: str | None) -> ShareImage | None:
        """The processed image as served (an iPhone HEIC is a JPEG by then); never an SVG."""
        if not docs_path:
            return None
        picture = self.images.cover(docs_path, self.files) if self.images else None
        if picture:
            image = ShareImage(self.base_url + picture["src"], picture["width"], picture["height"])
        else:
            file = self.files.get_file_from_path(docs_path)
            image = ShareImage(self.base_url + file.url) if file else None
        if image is None or not urlsplit(image.url).path.lower().endswith(SHARE_IMAGE_SUFFIXES):
            return None
        return image

    # -- sitemap ------------------------------------------------------------------------

    def _record(self, page, item: Item | None, fixed: Page | None, shown: list[Item]) -> None:
        if item is not None and item.visibility(self.now) != "published":
            return  # previews show drafts; the sitemap never lists them
        shown = [i for i in shown if i.visibility(self.now) == "published"]
        dates = [_last_change(i) for i in shown]
        if item is not None:
            dates.append(_last_change(item))
        elif fixed is not None:
            dates.append(self.source_dates.get(fixed.source.path))
            dates.extend(_last_change(i) for i in self._latest_lists(fixed))
        elif page.file.src_uri == LOG_PAGE and self.site_config.records is not None:
            log_file = self.site_config.root / self.site_config.records.log_file
            dates.append(self.source_dates.get(log_file))
        known = [d.astimezone(self.site_config.timezone) for d in dates if d is not None]
        url = (self.base_url or "/") + page.url
        # a page without dated sources (an update log without data yet) shows the site as it
        # is: it changed when anything else last did (filled in by write_files)
        self.entries[url] = max(known) if known else None

    def _latest_lists(self, fixed: Page) -> list[Item]:
        """Items a fixed page lists through its latest-items markers."""
        published = [i for i in self.items.values() if i.visibility(self.now) == "published"]
        chosen: list[Item] = []
        for match in MARKER.finditer(fixed.source.body):
            count = int(match.group("count") or DEFAULT_COUNT)
            chosen.extend(latest(published, match.group("section"), count))
        return chosen

    def write_files(self, site_dir: Path) -> None:
        if self.site is None:
            return
        if self.base_url:  # without an address MkDocs' relative sitemap stays
            newest = max((d for d in self.entries.values() if d is not None), default=None)
            entries = {url: date or newest for url, date in self.entries.items()}
            sitemap.write_sitemap(site_dir, sitemap.sitemap_xml(entries))
        sitemap.write_robots(site_dir, self.base_url)


def _last_change(item: Item) -> datetime:
    return item.updated or item.date
