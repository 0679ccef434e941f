"""One build inside MkDocs: the state the plugin's events share, in one object.

``PipelinePlugin`` makes a ``BuildRun`` in ``on_config`` from the build's request and
hands every event to it. Nothing is kept on the plugin or in the module between builds.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import json
import logging
import os
import re
import shutil
import tempfile
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

import jieba
from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

from pipeline.brand.checks import for_release
from pipeline.config.base import ConfigError
from pipeline.config.site import SiteConfig, load_site_config
from pipeline.content import memofile
from pipeline.content.homepage import expand_markers
from pipeline.content.model import Item, Page
from pipeline.content.newscentre import cover_in_body
from pipeline.content.schema import parse_now
from pipeline.core import keyjson
from pipeline.core.findings import Findings
from pipeline.core.i18n import ui
from pipeline.core.pinyin import KeptReadings
from pipeline.core.report import format_plain
from pipeline.core.slugs import slug_of, slugify
from pipeline.engine import PLUGIN_LOGGER, compat, swap
from pipeline.engine.brand import configure_brand
from pipeline.engine.editor import write_editor
from pipeline.engine.images import SiteImages
from pipeline.engine.layout import blog_plugins, project_of
from pipeline.engine.newscentre import NewsCentre
from pipeline.engine.pages import add_log_page, add_stats_page, add_to_nav
from pipeline.engine.previewfindings import (
    add_preview_pages,
    refresh_preview_pages,
    without_preview_assets,
)
from pipeline.engine.published import site_files
from pipeline.engine.request import BuildRequest
from pipeline.engine.seo import SeoPages
from pipeline.engine.speedups import (
    markdowncache,
    navcache,
    pagereuse,
    pageskip,
    segmentation,
    templatecache,
)
from pipeline.engine.speedups.excerpts import lazy_excerpt_class
from pipeline.engine.speedups.linker import Linker
from pipeline.engine.speedups.postlist import index_blog_posts
from pipeline.engine.speedups.postmeta import PostMeta
from pipeline.engine.speedups.qrprefetch import QR_PREFETCH_FROM, QrPrefetch
from pipeline.engine.speedups.staticlinks import StaticLinks
from pipeline.gate import gate_site
from pipeline.gate.ahead import GATE_AHEAD_FROM, GateAhead
from pipeline.gate.files import SiteFiles
from pipeline.gate.html import strip_comments
from pipeline.guard.scan import guard_config
from pipeline.images.runner import summary_line
from pipeline.images.settings import ImageSettings
from pipeline.prepare import Prepared, prepare, without_refused
from pipeline.seo.feeds import FEED_FILE, feed_xml, write_feed
from pipeline.stages import check_project

log = logging.getLogger(PLUGIN_LOGGER)
THEME_DIR = Path(__file__).parent / "theme"
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


class BuildRun:
    def __init__(self, request: BuildRequest, site_config: SiteConfig) -> None:
        self.request = request
        self.site_config = site_config
        self.prepared: Prepared | None = request.prepared
        self.speedups = request.speedups
        self.lang = request.lang or site_config.language
        self.patches = ExitStack()  # what the speed-ups replace, restored when the run ends
        self.copies_dir: str | None = None  # made by the run itself (a plain `mkdocs build`)
        self.items_by_path: dict[str, Item] = {}
        self.pages_by_path: dict[str, Page] = {}
        self.item_urls: dict[str, str] = {}
        self.seo: SeoPages | None = None
        self.news: NewsCentre | None = None
        self.images: SiteImages | None = None
        self.search = None
        self.nav = None
        self.env = None  # the Jinja environment every page is rendered with (on_env)
        # which pages show each item (docs path -> pages by id: MkDocs' pages compare by
        # title and file, slowly): the list pages that list it; engine/warm.py renders them
        # again when it changes, and the fixed pages whose latest-items blocks list items
        self.shown_on: dict[str, dict[int, object]] = {}
        self.marker_pages: dict[int, object] = {}
        self.page_notes: dict[int, dict] = {}  # of pages built while skipping (``_noted``)
        self.lists_stale = True  # feeds and sitemap to write again after a refresh
        self.markdown_cache: markdowncache.MarkdownCache | None = None
        self.content_inputs: str | None = None  # what page_content reads besides the page
        self.post_meta: PostMeta | None = None  # the posts' front matter across builds
        self.pagination_sources: dict[str, str] = {}  # the blogs' copies not made: -> original
        self.reuse: pagereuse.PageReuse | None = None
        self.links: StaticLinks | None = None  # static files linked from the previous site
        self.linker: Linker | None = None  # the process linking them and skipped pages
        self.skip: pageskip.PageSkip | None = None  # item pages and views not built at all
        self.qr_prefetch: QrPrefetch | None = None  # share QR codes made in a worker
        self.gate_ahead: GateAhead | None = None  # pages judged as they are written
        self.segmenter: segmentation.Segmenter | None = None  # new search words, ahead
        self.written = 0
        self.total_pages = 0
        self.files = None  # MkDocs' final file collection (on_env)
        self.site_files: SiteFiles | None = None
        # a plain `mkdocs build` builds beside the site too, swapped in once gated
        self.staging: Path | None = None
        self.target: Path | None = None
        self.staged = ExitStack()  # the target's lock and the strict mode's warning count
        self.warnings: CountHandler | None = None

    # -- on_config ----------------------------------------------------------------------

    @classmethod
    def start(
        cls, config, request: BuildRequest, site_config_dir: str, now_text: str | None = None
    ) -> BuildRun:
        if request.prepared is not None:
            site_config = request.prepared.site.config
        else:
            root = Path(config.config_file_path).parent
            try:
                site_config = load_site_config(root, root / site_config_dir)
                if now_text:
                    request = replace(request, now=parse_now(now_text, site_config))
            except ConfigError as exc:
                raise PluginError(exc.render(request.lang or "zh")) from None
        run = cls(request, site_config)
        run.configure(config)
        return run

    def configure(self, config) -> None:
        site_config = self.site_config
        jieba.setLogLevel(logging.WARNING)  # it announces its dictionary on every build
        if self.speedups:
            self.post_meta = PostMeta(site_config.root)
            compat.blog_speedups(self.patches, lazy_excerpt_class(self.post_meta.titles))
            compat.blog_front_matter(self.patches, self.post_meta.load)
            compat.blog_post_settings(self.patches, self.post_meta.validate)
            compat.canonical_urls(self.patches)
            compat.blog_pagination_sources(self.patches, self.pagination_sources)
            compat.blog_date_formats(self.patches)
            kept_templates = functools.partial(templatecache.install, root=site_config.root)
            compat.theme_environments(self.patches, config.theme, kept_templates)
            compat.theme_static_files(self.patches)
        category_slugs = _category_slugs(site_config)
        self._configure_blogs(config, category_slugs)
        # The pipeline's template additions sit under a site's own custom_dir, above Material.
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(THEME_DIR))
        config.extra["feeds"] = [
            {"title": section.title, "url": f"{name}/{FEED_FILE}"}
            for name, section in site_config.sections.items()
        ]
        add_to_nav(config, site_config, internal=self.request.internal)
        configure_brand(config, site_config, self.request.now or parse_now(None, site_config))
        self.seo = SeoPages.configure(
            config, site_config, category_slugs, serving=self.request.serving
        )
        docs_dir = Path(config.docs_dir)
        self.news = NewsCentre(site_config, docs_dir, self.seo.base_url)
        self.news.kept_codes = self.request.qr_codes

    def _configure_blogs(self, config, category_slugs: dict[str, str]) -> None:
        """site_config is the one place for categories and authors; the blogs follow it."""
        known = tuple(sorted(category_slugs.items()))  # a partial's arguments key the titles
        authors = self.site_config.config_dir / "authors.yml"
        for blog in blog_plugins(config):
            section = self.site_config.sections.get(os.path.normpath(blog.config.blog_dir))
            if section is not None:
                blog.config.categories_allowed = list(section.categories)
            blog.config.authors_file = os.path.relpath(authors, config.docs_dir)
            blog.config.categories_slugify = functools.partial(_category_slug, known)
            blog.config.draft = self.request.drafts
            blog.config.draft_on_serve = self.request.drafts

    # -- on_pre_build: load and check, unless `pipeline build` did before MkDocs started ----

    def load(self, config) -> None:
        if self.speedups:
            self.search = segmentation.find_search_plugin(config)
            if self.search is not None:
                self.segmenter = segmentation.defer_segmentation(self.search, self.site_config.root)
        if self.prepared is not None:
            return  # `pipeline build` has checked and shown the report already
        try:
            project = project_of(config, self.site_config)
            check = check_project(project, self.request.now or parse_now(None, self.site_config))
        except ConfigError as exc:
            raise PluginError(exc.render(self.lang)) from None
        findings = check.findings
        if not (self.request.serving or self.request.drafts or self.request.now):
            findings = Findings(for_release(findings, self.site_config)[0])  # production
        if findings.blocking and not self.request.serving:
            raise PluginError("\n" + format_plain(findings, self.lang))
        if findings:
            header = ui("serve.findings", self.lang) if self.request.serving else ""
            log.info("%s\n%s", header, format_plain(findings, self.lang))
        self.copies_dir = tempfile.mkdtemp(prefix="pipeline-items-")
        self.prepared = prepare(check, drafts=self.request.drafts, copies_dir=Path(self.copies_dir))
        if self.request.serving:  # a plain `mkdocs serve` serves nothing a build would refuse
            self.prepared = without_refused(self.prepared)

    # -- on_files ---------------------------------------------------------------------------

    def files_early(self, files, config):
        """Before the blogs collect their posts: the normalized copies in place of items,
        what is not shown left out, processed images in place of the originals."""
        prepared = self.prepared
        site = prepared.site
        for item in site.items:
            file = compat.file_from_path(files, item.docs_path)
            if file is None:
                continue
            copy = prepared.copies.get(item.docs_path)
            if copy is None:
                files.remove(file)
            else:
                file.abs_src_path = str(copy)
        for docs_path in prepared.left_out:
            file = compat.file_from_path(files, docs_path)
            if file is not None:
                files.remove(file)
        if prepared.left_out and self.request.serving:
            log.info(ui("serve.left-out", self.lang, files=", ".join(prepared.left_out)))
        self.items_by_path = {item.docs_path: item for item in prepared.shown}
        settings = site.config.images or ImageSettings()
        self.images = SiteImages(site.layout.docs_dir, settings, prepared.images)
        self.images.hand_over(files, config)
        log.info(summary_line(prepared.images, self.lang))
        return files

    def files_late(self, files, config):
        """After the blogs have given posts their URLs."""
        if self.speedups:
            compat.read_from_originals(files, self.pagination_sources)
            index_blog_posts(blog_plugins(config))
        site = self.prepared.site
        self.pages_by_path = site.page_by_docs_path()
        self.item_urls = {}
        for docs_path in self.items_by_path:
            file = compat.file_from_path(files, docs_path)
            if file is not None:
                self.item_urls[docs_path] = file.url
        self.images.index_urls()
        shown = list(self.prepared.shown)
        self.seo.start(site, files, self.images, shown, self.prepared.check.now)
        self.news.start(shown, self.item_urls, self.images, files)
        try:  # pages generated from data: the update log (records), editorial targets
            internal = self.request.internal  # previews and archives; else only if published
            files = add_log_page(files, config, site.config, config.docs_dir, internal)
            files = add_stats_page(files, config, site, self.prepared.check.now, internal)
        except ConfigError as exc:
            raise PluginError(exc.render(self.lang)) from None
        if self.request.serving:  # the preview shows what is wrong, where it is wrong
            files = add_preview_pages(files, config, self.prepared, self.lang)
        else:
            files = without_preview_assets(files)
        self.total_pages = len(files.documentation_pages())
        return files

    # -- on_nav, on_env ---------------------------------------------------------------------

    def navigation(self, nav, config, files):
        self.nav = nav
        # the files are final now, and MkDocs converts the pages next
        foreign = markdowncache.foreign_extension(config) if self.speedups else None
        if foreign is not None:
            log.debug("Markdown conversions not kept: extension %s may read other files", foreign)
        elif self.speedups:
            self.markdown_cache = markdowncache.MarkdownCache(self.site_config.root, config)
            compat.page_render(self.patches, self.markdown_cache.render)
            # the preview's too: a picture added, removed or replaced is a full build, with a
            # run of its own (engine/livebuild.py); its page-level rebuilds keep the pictures
            pictures = repr(sorted(self.images.pictures().items())) if self.images else ""
            self.content_inputs = hashlib.sha256(
                f"{memofile.code_fingerprint()}\0{pictures}".encode()
            ).hexdigest()
        return nav

    def environment(self, env, config, files):
        self.files = files
        self.env = env
        navcache.install(env, self.nav, config, enabled=self.speedups)
        previous = self.request.previous_site
        if self.speedups and previous is not None:
            try:
                self.reuse = pagereuse.PageReuse(
                    self.site_config.root,
                    previous,
                    config,
                    self.nav,
                    files,
                    self._inputs(),
                    own_pages=self._is_item_page,
                )
            except (pagereuse.Unreusable, TypeError, ValueError, OSError):
                self.reuse = None  # every page is rendered
            self.linker = Linker()
            self.links = StaticLinks(self.site_config.root, previous, self.linker)
            compat.static_copy(self.patches, self.links.copy)  # MkDocs copies them next
        if self.reuse is not None:
            self.skip = self._page_skip(config, previous)
            compat.page_build(self.patches, self.skip.build_page)
        nothing_kept = self.reuse is None or (self.skip is not None and not self.skip.old)
        if self.speedups and nothing_kept and self.news.base_url:
            # every item page is rendered (nothing recorded to skip or reuse them by): their
            # QR codes are made meanwhile on another core, the pages judged as they are written
            urls = [
                self.news.base_url + file.page.url
                for file in files.documentation_pages()
                if file.page is not None and self._is_item_page(file.page)
            ]
            if len(urls) >= QR_PREFETCH_FROM:
                self.qr_prefetch = QrPrefetch(urls)
                self.news.qr_codes = self.qr_prefetch.get
            cache = self.request.gate_cache
            if cache is not None and len(urls) >= GATE_AHEAD_FROM:
                self.gate_ahead = GateAhead(self.prepared.site, self.prepared.shown, cache)
                compat.page_build(self.patches, self._build_and_judge)
        return env

    def _build_and_judge(self, build, page, config, doc_files, nav, env, dirty, excluded=False):
        """MkDocs' page build, then the page handed to the gate's worker."""
        built = build(page, config, doc_files, nav, env, dirty, excluded=excluded)
        if self.gate_ahead is not None and page.file.dest_uri.endswith(".html"):
            path = Path(config.site_dir) / page.file.dest_uri
            self.gate_ahead.page_written(path, page.file.dest_uri)
        return built

    def _page_skip(self, config, previous: Path) -> pageskip.PageSkip:
        now = self.prepared.check.now
        described = {
            item.docs_path: pageskip.item_description(item, now, self.site_config)
            for item in self.prepared.shown
        }
        items = hashlib.sha256("".join(described.values()).encode()).hexdigest()
        extra = json.dumps(dict(config.extra), default=repr, sort_keys=True)
        # what plugins read of the other pages' text: directives in comments (the tags
        # plugin's listings); not the text itself, which may list the items (the home page's
        # latest items, the team figures' page): an item added would build every page
        others = hashlib.sha256()
        # and the rest of what every page's key holds of them (``PageReuse.site_key``), as a
        # set: the order of the files is the blogs' order of first use (the newest item's
        # category comes first), which no page shows (the navigation, in every key, does)
        outline: list[bytes] = []
        for file in self.files.documentation_pages():
            page = file.page
            if page is not None and not self._is_item_page(page):
                comments = _COMMENT.findall(page.markdown or "")
                if comments:  # not every page: a list's new pagination page builds nothing
                    text = f"{file.src_uri}\0{json.dumps(comments)}\0"
                    others.update(text.encode("utf-8", "surrogatepass"))
                if compat.is_blog_pagination_page(page):
                    # linked only by its own view's pages, whose keys list every page of
                    # that view: a new item that opens one more page of a category's list
                    # built every view of both sections again (800 at 3,000 items)
                    continue
                described_page = {
                    "src": file.src_uri,
                    "url": file.url,
                    "title": page.title,
                    "meta": page.meta,
                    "authors": getattr(page, "authors", None),
                    "categories": getattr(page, "categories", None),
                }
                outline.append(keyjson.plain_bytes(described_page, default=pagereuse.describe))
        outline_digest = hashlib.sha256(b"\0".join(sorted(outline))).hexdigest()
        search = self.search.search_index.entries if self.search is not None else None
        common = f"{extra}\0{others.hexdigest()}\0{self.lang}"
        return pageskip.PageSkip(
            self.site_config.root,
            previous,
            f"{self.reuse.site_key}\0{items}\0{common}",
            # an item page shows of other items only its neighbours and related items: an
            # item added or removed builds only the item pages that show it (and the lists)
            own_key=f"{self.reuse.own_key}\0{common}",
            # a blog view shows of the items only those it lists (``compat.blog_view_listing``)
            view_key=f"{self.reuse.own_key}\0{common}\0{outline_digest}",
            around=lambda page, listing: self._around(page, listing, described),
            search_entries=search,
            sitemap=lambda: self.seo.entries,
            timezone=self.site_config.timezone,
            skippable=self._is_item_page,
            skipped=self._page_done,
            carried=self.reuse.carry,
            noted=self._noted,
            replayed=self._replayed,
            links_of=lambda page: self._links_of(page, described),
            linker=self.linker,
        )

    def _around(self, page, listing, described: dict[str, str]) -> str:
        """What a page shows of the items, as JSON: an item page its own, its neighbours'
        and related items' (``NewsCentre.shows``), a blog view those it lists."""
        if listing is not None:
            shows = [self.items_by_path.get(post.file.src_uri) for post in listing.posts]
        else:
            shows = self.news.shows(page.file.src_uri)
        if shows is None:
            return "null"
        urls = self.news.urls
        return keyjson.compact(
            [
                None if i is None else [urls.get(i.docs_path), described.get(i.docs_path)]
                for i in shows
            ]
        )

    def _links_of(self, page, described: dict[str, str]):
        """An item page's links to other items (``NewsCentre.links_of``), with the item
        itself as ``_around`` describes it: what ``pageskip`` renders again in place."""
        docs_path = page.file.src_uri
        found = self.news.links_of(docs_path)
        if found is None:
            return None
        shown, linked = found
        itself = keyjson.compact([self.news.urls.get(docs_path), described.get(docs_path)])
        return itself, shown, linked

    def _is_item_page(self, page) -> bool:
        return page.file.src_uri in self.items_by_path and compat.is_post(page)

    def _inputs(self) -> str:
        """A digest of what pages show that MkDocs does not know about: site_config and the
        pictures."""
        digest = hashlib.sha256()
        config_dir = self.site_config.config_dir
        for path in sorted(config_dir.rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(config_dir)}\0".encode())
                digest.update(path.read_bytes())
        digest.update(repr(sorted(self.images.pictures().items()) if self.images else "").encode())
        return digest.hexdigest()

    # -- each page --------------------------------------------------------------------------

    def page_markdown(self, markdown: str, page, files) -> str:
        docs_path = page.file.src_uri
        item = self.items_by_path.get(docs_path)
        if item is not None:
            if item.cover:  # list pages and og:image show it (theme templates)
                page.meta["pipeline_cover"] = self.images.cover(item.cover, files)
            return self._item_markdown(item, markdown)
        fixed = self.pages_by_path.get(docs_path)
        if fixed is not None:
            page.meta["description"] = fixed.summary
            shown = list(self.prepared.shown)
            expanded = expand_markers(
                markdown, docs_path, shown, self.site_config.timezone, self.news.home_thumbnail
            )
            if expanded != markdown:
                self.marker_pages[id(page)] = page
            return expanded
        return markdown

    def _item_markdown(self, item: Item, markdown: str) -> str:
        parts = []
        # the cover once: not again when the body shows the same picture
        if item.cover and not cover_in_body(item):
            cover = os.path.relpath(item.cover, os.path.dirname(item.docs_path) or ".")
            parts.append(f"![{item.title}]({cover})\n")
        parts.append(markdown)
        # an industry item's source is on the meta line under the title (engine/newscentre)
        return "\n".join(parts)

    def page_content(self, content: str, page) -> str:
        if self.markdown_cache is not None and self.content_inputs is not None:
            return self.markdown_cache.content(
                lambda html: self._page_content(html, page), content, page, self.content_inputs
            )
        return self._page_content(content, page)

    def _page_content(self, content: str, page) -> str:
        # comments (guard:allow ones included) never reach readers: the gate refuses them
        content = strip_comments(content)
        if self.images is None:
            return content
        return self.images.rewrite(content, page.url, page.file.src_uri)

    def page_context(self, context: dict, page) -> dict:
        # theme/partials/post.html anchors each listed item's heading by its slug, so the
        # list page's table of contents must link the slug, not the title's own anchor
        shows = []
        for excerpt in context.get("posts") or ():
            if excerpt.config.slug and excerpt.toc.items:
                excerpt.toc.items[0].id = excerpt.config.slug
            shows.append(excerpt.post.file.src_uri)
        self._shows(page, shows)
        self.seo.add_to_context(context, page)
        links = self.news.add_to_context(context, page)
        if self.skip is not None and self.skip.new is not None and (shows or links):
            self.page_notes[id(page)] = {"shows": shows, "links": links}
        return context

    def _shows(self, page, docs_paths) -> None:
        for docs_path in docs_paths:
            self.shown_on.setdefault(docs_path, {})[id(page)] = page

    def _noted(self, page) -> dict:
        """What the page's build recorded for the live preview's page-level rebuilds
        (engine/warm.py): the posts it lists, the items it links, whether it has a
        latest-items block; kept with the page's record by ``pageskip``."""
        notes = self.page_notes.pop(id(page), None) or {}
        return {**notes, "marker": id(page) in self.marker_pages}

    def _replayed(self, page, notes) -> None:
        """A page not built at all (``pageskip``): what its build recorded, recorded."""
        self._shows(page, notes.get("shows") or ())
        self.news.link(page, notes.get("links") or ())
        if notes.get("marker"):
            self.marker_pages[id(page)] = page

    def page_reuse(self, context: dict, page) -> dict:
        return self.reuse.consider(page, context) if self.reuse is not None else context

    def post_page(self, output: str, page) -> str:
        if self.reuse is not None:
            output = self.reuse.output(page, output)
        # list pages hold excerpts converted apart from their posts: comments may remain
        output = strip_comments(output)
        self._page_done(page)
        return output

    def _page_done(self, page) -> None:
        self.written += 1
        if self.request.progress:
            self.request.progress(self.written, self.total_pages)

    # -- page-level rebuilds of a kept build (engine/warm.py) -------------------------------

    def refresh(self, config, prepared: Prepared, changed: set[str]) -> list | None:
        """The same pages, with the text of the items and fixed pages in ``changed`` (docs
        paths) read again: the run's view of the content follows ``prepared``. Returns the
        preview's own pages whose text changed with the findings (None: its banner would
        change, on every page)."""
        extra = []
        if self.request.serving:
            preview = refresh_preview_pages(self.files, config, prepared, self.lang)
            if preview is None:
                return None
            extra = [file.page for file in preview if file.page is not None]
        before = self.items_by_path
        self.prepared = prepared
        site = prepared.site
        self.items_by_path = {item.docs_path: item for item in prepared.shown}
        self.pages_by_path = site.page_by_docs_path()
        shown = list(prepared.shown)
        self.news.refresh(shown, changed)
        fixed = [self.pages_by_path[p].source.path for p in changed if p in self.pages_by_path]
        self.seo.refresh(site, shown, fixed)
        # feeds and sitemap show items' front matter and fixed pages' dates, not texts
        self.lists_stale = bool(fixed) or any(
            replace(self.items_by_path[p], source=before[p].source) != before[p]
            for p in changed
            if p in before and p in self.items_by_path
        )
        return extra

    def finish_pages(self, config, entries: list[dict]) -> None:
        """After some pages were rendered again: what every page feeds, written again
        (search index, feeds, sitemap). ``entries``: the search entries those pages made."""
        search = segmentation.find_search_plugin(config)
        if search is not None:
            segmentation.segment_index(search, self.site_config.root, parallel=False)
            self._escape_search_index(search, entries)
            search.on_post_build(config=config)
        if self.lists_stale:
            self._write_feeds(config)
            self.seo.write_files(Path(config.site_dir))

    # -- on_post_build, on_build_error, on_shutdown ------------------------------------------

    def finish(self, config) -> None:
        if self.skip is not None:  # skipped pages' files, linked by a process, all in place
            self.skip.wait()
        if self.linker is not None:  # and the static files' (done already when it waited)
            self.linker.finish()
        self._stop_qr_prefetch()  # the pages are done; the segmentation's workers come next
        if self.gate_ahead is not None:  # into the gate's cache: it runs after the build
            self.gate_ahead.finish()
            log.debug("pages judged while rendering: %d", self.gate_ahead.judged)
            self.gate_ahead = None
        if self.search is not None:
            segmentation.segment_index(self.search, self.site_config.root, segmenter=self.segmenter)
            self.segmenter = None
        self._escape_search_index(segmentation.find_search_plugin(config))
        if self.markdown_cache is not None:
            self.markdown_cache.prune()
        if self.post_meta is not None:
            self.post_meta.save()
        if self.links is not None:
            self.links.save()
        skipped = relinked = 0  # item pages not built at all: reused too (or relinked)
        if self.skip is not None:
            self.skip.save()
            skipped, relinked = self.skip.skipped, self.skip.relinked
        if self.reuse is not None:
            self.reuse.save()
            counts = {"reused": self.reuse.reused + skipped - relinked,
                      "rendered": self.reuse.rendered}  # fmt: skip
            if relinked:
                log.info(ui("build.pages-relinked", self.lang, relinked=relinked, **counts))
            else:
                log.info(ui("build.pages-reused", self.lang, **counts))
        self._write_feeds(config)
        self.seo.write_files(Path(config.site_dir))
        editor = write_editor(config, self.site_config, self.prepared.site, self.lang)
        self.site_files = site_files(
            config,
            self.files,
            self.site_config,
            guard_config(self.prepared.site),
            self.images.outputs() if self.images else frozenset(),
            editor=editor,
        )
        if self.request.record_files is not None:
            self.request.record_files(self.site_files)
        self.close()

    # -- a plain `mkdocs build`: staged, gated, swapped in ----------------------------------

    def stage(self, config) -> None:
        """Build beside the site, as ``pipeline build`` does: a failed build, or one the
        gate stops, leaves the previous site as it was."""
        self.target = Path(config.site_dir)
        self.staged.enter_context(swap.exclusive(self.target))
        swap.recover(self.target)
        self.staging = swap.staging_folder(self.target)
        config.site_dir = str(self.staging)
        if config.strict:  # MkDocs aborts after the last event when anything warned
            self.warnings = CountHandler(level=logging.WARNING)
            logger = logging.getLogger("mkdocs")
            logger.addHandler(self.warnings)
            self.staged.callback(logger.removeHandler, self.warnings)

    def publish(self, config) -> None:
        """After every plugin has written its files: the publish gate for a plain
        ``mkdocs build``, then the swap (``pipeline build`` gates and swaps itself)."""
        if self.request.prepared is not None or self.request.serving or self.site_files is None:
            return
        self._gate(Path(config.site_dir))
        if self.staging is None or (self.warnings is not None and self.warnings.get_counts()):
            return  # `mkdocs gh-deploy` gates in place; a strict build that warned aborts
        swap.swap_into_place(self.staging, self.target)
        self.staging = None
        config.site_dir = str(self.target)

    def abandon(self) -> None:
        """The build failed or ended: a staging folder left is removed, the lock freed."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
        self.staged.close()

    def _escape_search_index(self, search, entries: list[dict] | None = None) -> None:
        """Titles and tags from front matter are text: Material's search shows the index's
        titles and tags as HTML, so they are escaped (a body heading's markup is kept).
        ``entries``: only these (once each: escaping twice would show the entities)."""
        if search is None:
            return
        titles = {self.item_urls.get(p): i.title for p, i in self.items_by_path.items()}
        titles.update((page.url, page.title) for page in self.pages_by_path.values())
        for entry in search.search_index.entries if entries is None else entries:
            title = titles.get(entry.get("location"))
            if title is not None and str(entry.get("title", "")).replace("\u200b", "") == title:
                entry["title"] = html.escape(str(entry["title"]), quote=False)
            if isinstance(entry.get("tags"), list):
                entry["tags"] = [html.escape(str(tag), quote=False) for tag in entry["tags"]]

    def _gate(self, site_dir: Path) -> None:
        findings = Findings(
            gate_site(
                site_dir,
                self.prepared.site,
                self.prepared.shown,
                label=(self.target or site_dir).name,
                files=self.site_files,
                # the site folder's name, not the staging folder's (a new name every build)
                cache_dir=self.site_config.root
                / ".cache/pipeline/gate"
                / (self.target or site_dir).name,
            )
        )
        if findings.blocking:
            raise PluginError(format_plain(findings, self.lang))

    def _write_feeds(self, config) -> None:
        site_url = (config.site_url or "").rstrip("/") + "/"
        language = self.site_config.language
        for name, section in self.site_config.sections.items():
            entries = sorted(
                (i for i in self.prepared.shown if i.section == name),
                key=lambda i: i.date,
                reverse=True,
            )
            items = [
                (i, site_url + self.item_urls[i.docs_path])
                for i in entries
                if i.docs_path in self.item_urls
            ]
            xml = feed_xml(
                title=f"{config.site_name} · {section.title}",
                link=f"{site_url}{name}/",
                description=section.title,
                language="zh-CN" if language == "zh" else "en",
                items=items,
            )
            write_feed(Path(config.site_dir), name, xml, [url for _, url in items])

    def close(self) -> None:
        """Restore what the speed-ups replaced and remove the run's own copies."""
        if self.skip is not None:  # a failed build: its link process ends too
            with contextlib.suppress(OSError):
                self.skip.wait()
        if self.linker is not None:
            with contextlib.suppress(OSError):
                self.linker.finish()
        self._stop_qr_prefetch()
        if self.segmenter is not None:
            self.segmenter.close()
            self.segmenter = None
        if self.gate_ahead is not None:
            self.gate_ahead.close()
            self.gate_ahead = None
        self.patches.close()
        if self.copies_dir:
            shutil.rmtree(self.copies_dir, ignore_errors=True)
            self.copies_dir = None

    def _stop_qr_prefetch(self) -> None:
        """Pages rendered again later (the live preview) make their own codes."""
        if self.qr_prefetch is not None:
            self.qr_prefetch.close()
            log.debug("QR codes made ahead and used: %d", self.qr_prefetch.taken)
            self.qr_prefetch = None
            self.news.qr_codes = None


def _category_slugs(site_config: SiteConfig) -> dict[str, str]:
    """Every category's URL slug; their readings kept, so a build need not load pypinyin."""
    readings = KeptReadings(site_config.root / ".cache" / "pipeline" / "pinyin.json")
    names = {name for section in site_config.sections.values() for name in section.categories}
    slugs = {name: slug_of(readings.read(name)) or name for name in sorted(names)}
    readings.save()
    return slugs


def _category_slug(known: tuple[tuple[str, str], ...], name: str, separator: str) -> str:
    """The blog's ``categories_slugify``: a category site_config names, or another."""
    return next((slug for each, slug in known if each == name), None) or slugify(name) or name
