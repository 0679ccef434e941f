"""The MkDocs plugin: a thin adapter that runs the pipeline inside any MkDocs build.

A plain ``mkdocs build`` runs the same checks as ``pipeline build``: it loads and
checks the content before MkDocs clears the output folder, so bad content never
costs the previous site. It hides drafts, scheduled and expired items, hands
the blog plugin normalized copies of items, fills the latest-items lists and
writes the feeds. The work itself lives in plain functions of other modules.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from pipeline import buildspeed
from pipeline.buildspeed import markdowncache, navcache, pagereuse, segmentation
from pipeline.buildspeed.postlist import index_blog_posts
from pipeline.checks import run_checks
from pipeline.content import Item, Page, Site, load_site
from pipeline.feeds import FEED_FILE, feed_xml, write_feed
from pipeline.findings import Findings
from pipeline.homepage import escape_markdown, expand_markers
from pipeline.i18n import ui
from pipeline.images.site import SiteImages, summary_line
from pipeline.project import blog_plugins, layout_from_mkdocs, parse_now
from pipeline.records.logpage import add_log_page
from pipeline.rendercopy import write_copy
from pipeline.report import format_plain
from pipeline.seo.site import SeoPages
from pipeline.settings import ConfigError, SiteConfig, load_site_config
from pipeline.slugs import slugify
from pipeline.stats.page import add_stats_page
from pipeline.stats.page import add_to_nav as add_stats_to_nav

log = logging.getLogger("mkdocs.plugins.pipeline")
THEME_DIR = Path(__file__).parent / "theme"

# Set by `pipeline serve`, which cannot hand options to the plugin any other way:
# MkDocs reloads mkdocs.yml on every rebuild of the preview.
ENV_DRAFTS = "PIPELINE_DRAFTS"
ENV_NOW = "PIPELINE_NOW"
ENV_LANG = "PIPELINE_LANG"


class PipelineConfig(Config):
    site_config = opt.Type(str, default="site_config")
    drafts = opt.Type(bool, default=False)
    now = opt.Optional(opt.Type(str))
    lang = opt.Optional(opt.Choice(("zh", "en")))


class PipelinePlugin(BasePlugin[PipelineConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.is_serve = False
        # `pipeline build` loads and checks before MkDocs starts and hands the result over.
        self.preloaded: tuple[Site, Findings] | None = None
        self.progress: Callable[[int, int], None] | None = None
        self.site: Site | None = None
        self.findings = Findings()
        self.now: datetime | None = None
        self.visible: list[Item] = []
        # looked up once per page: dictionaries keep a 3,000-item build linear
        self.visible_by_path: dict[str, Item] = {}
        self.pages_by_path: dict[str, Page] = {}
        self.item_urls: dict[str, str] = {}
        self.copies_dir: str | None = None
        self.seo: SeoPages | None = None  # head tags, sitemap, robots.txt
        self.images: SiteImages | None = None
        self.rendered = 0
        self.total_pages = 0
        self.search = None
        self.nav = None
        # set by `pipeline build`: the site it replaces, whose unchanged pages are reused
        self.previous_site: Path | None = None
        self.reuse: pagereuse.PageReuse | None = None
        self.markdown_cache: markdowncache.MarkdownCache | None = None

    # -- settings -----------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"

    @property
    def lang(self) -> str:
        chosen = os.environ.get(ENV_LANG) or self.config.lang
        if chosen in ("zh", "en"):
            return chosen
        return self.site.config.language if self.site else "zh"

    @property
    def show_drafts(self) -> bool:
        return self.config.drafts or os.environ.get(ENV_DRAFTS) == "1"

    @event_priority(100)  # before the blog plugins read their settings
    def on_config(self, config):
        _quiet_jieba()
        buildspeed.install_blog_speedups(buildspeed.enabled())
        if self.preloaded:
            site_config = self.preloaded[0].config
        else:
            root = Path(config.config_file_path).parent
            try:
                site_config = load_site_config(root, root / self.config.site_config)
            except ConfigError as exc:
                raise PluginError(exc.render(self.config.lang or "zh")) from None
        self._configure_blogs(config, site_config)
        # The pipeline's template additions sit under a site's own custom_dir, above Material.
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(THEME_DIR))
        config.extra["feeds"] = [
            {"title": section.title, "url": f"{name}/{FEED_FILE}"}
            for name, section in site_config.sections.items()
        ]
        add_stats_to_nav(config, site_config.stats, site_config.language)
        self._site_config = site_config
        self.seo = SeoPages.configure(config, site_config, serving=self.is_serve)
        return config

    def _configure_blogs(self, config, site_config: SiteConfig) -> None:
        """site_config is the one place for categories and authors; the blogs follow it."""
        authors = site_config.config_dir / "authors.yml"
        for blog in blog_plugins(config):
            section = site_config.sections.get(os.path.normpath(blog.config.blog_dir))
            if section is not None:
                blog.config.categories_allowed = list(section.categories)
            blog.config.authors_file = os.path.relpath(authors, config.docs_dir)
            blog.config.categories_slugify = _category_slug
            blog.config.draft = self.show_drafts
            blog.config.draft_on_serve = self.show_drafts

    # -- content ------------------------------------------------------------------------

    def on_pre_build(self, *, config) -> None:
        """Load and check everything before MkDocs clears the output folder."""
        self.rendered = 0
        self.search = segmentation.find_search_plugin(config) if buildspeed.enabled() else None
        if self.search is not None:
            segmentation.defer_segmentation(self.search)
        try:
            if self.preloaded:
                self.site, self.findings = self.preloaded
            else:
                layout = layout_from_mkdocs(config, self._site_config)
                self.site = load_site(self._site_config, layout)
            now_text = os.environ.get(ENV_NOW) or self.config.now
            self.now = parse_now(now_text, self.site.config)
            if not self.preloaded:
                self.findings = run_checks(self.site, self.now)
        except ConfigError as exc:
            raise PluginError(exc.render(self.config.lang or "zh")) from None
        if self.preloaded:
            return  # `pipeline build` has shown the report already
        if self.findings.blocking and not self.is_serve:
            raise PluginError("\n" + format_plain(self.findings, self.lang))
        if self.findings:
            header = ui("serve.findings", self.lang) if self.is_serve else ""
            log.info("%s\n%s", header, format_plain(self.findings, self.lang))

    def _is_shown(self, item: Item) -> bool:
        state = item.visibility(self.now)
        return state == "published" or (self.show_drafts and state == "draft")

    @event_priority(100)  # before the blog plugins collect their posts
    def _on_files_early(self, files, *, config):
        site = self.site
        broken = {site.layout.docs_dir / p for p in site.failed}
        broken |= {Path(site.config.root / f.path).resolve() for f in self.findings.errors}
        self.copies_dir = tempfile.mkdtemp(prefix="pipeline-items-")
        self.visible = []
        for item in site.items:
            file = files.get_file_from_path(item.docs_path)
            if file is None:
                continue
            if not self._is_shown(item) or item.source.path.resolve() in broken:
                files.remove(file)
                continue
            file.abs_src_path = str(write_copy(item, site.config.timezone, Path(self.copies_dir)))
            self.visible.append(item)
        # only reached in the preview, which keeps running; a section's index page stays
        # (as MkDocs reads it), since the blog plugin cannot build the section without it
        indexes = {f"{name}/index.md" for name in site.layout.posts_dirs}
        left_out = sorted(site.failed - indexes)
        left_out += sorted(i.docs_path for i in site.items if i.source.path.resolve() in broken)
        for docs_path in left_out:
            file = files.get_file_from_path(docs_path)
            if file is not None:
                files.remove(file)
        if left_out and self.is_serve:
            message = ui("serve.left-out", self.lang, files=", ".join(left_out))
            log.info(message)
        self._hand_over_images(files, config)
        return files

    def _hand_over_images(self, files, config) -> None:
        """Processed images (cached) replace the originals MkDocs would copy verbatim."""
        self.images = SiteImages(self.site.config.root, self.site.config.images)
        progress = self.progress
        report = (lambda done, total: progress(done, total, "images")) if progress else None
        summary = self.images.hand_over(files, config, report)
        if progress:
            progress(summary.images, summary.images, "images", summary)
        log.info(summary_line(summary, self.lang))

    @event_priority(-100)  # after the blog plugins have given posts their URLs
    def _on_files_late(self, files, *, config):
        if buildspeed.enabled():
            index_blog_posts(blog_plugins(config))
        self.visible_by_path = {item.docs_path: item for item in self.visible}
        self.pages_by_path = self.site.page_by_docs_path()
        self.item_urls = {}
        for item in self.visible:
            file = files.get_file_from_path(item.docs_path)
            if file is not None:
                self.item_urls[item.docs_path] = file.url
        self.images.index_urls()
        self.seo.start(self.site, files, self.images, self.visible, self.now)
        try:  # the update log (records): a page generated from its data file
            files = add_log_page(files, config, self.site.config, config.docs_dir)
            files = add_stats_page(files, config, self.site, self.now)  # editorial targets
        except ConfigError as exc:
            raise PluginError(exc.render(self.lang)) from None
        self.total_pages = len(files.documentation_pages())
        return files

    on_files = CombinedEvent(_on_files_early, _on_files_late)

    @event_priority(-100)  # after the blog plugins have attached their views
    def on_nav(self, nav, *, config, files):
        self.nav = nav
        # the files are final now, and MkDocs converts the pages next
        self.markdown_cache = (
            markdowncache.MarkdownCache(self.site.config.root, config, files)
            if buildspeed.enabled()
            else None
        )
        markdowncache.activate(self.markdown_cache)
        return nav

    def on_env(self, env, *, config, files):
        navcache.install(env, self.nav, config, enabled=buildspeed.enabled())
        self.reuse = None
        previous = self.previous_site
        if buildspeed.enabled() and previous is not None:
            try:
                self.reuse = pagereuse.PageReuse(
                    self.site.config.root, previous, config, self.nav, files, self._inputs()
                )
            except (pagereuse.Unreusable, TypeError, ValueError, OSError):
                self.reuse = None  # every page is rendered
            if self.reuse is not None:
                self.reuse.on_reused = self._page_done
        pagereuse.activate(self.reuse)
        return env

    def _inputs(self) -> str:
        """A digest of what pages show that MkDocs does not know about: site_config and the
        pictures."""
        digest = hashlib.sha256()
        config_dir = self.site.config.config_dir
        for path in sorted(config_dir.rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(config_dir)}\0".encode())
                digest.update(path.read_bytes())
        digest.update(repr(sorted(self.images.pictures().items()) if self.images else "").encode())
        return digest.hexdigest()

    def on_page_markdown(self, markdown, *, page, config, files):
        docs_path = page.file.src_uri
        item = self.visible_by_path.get(docs_path)
        if item is not None:
            if item.cover:  # list pages and og:image show it (theme templates)
                page.meta["pipeline_cover"] = self.images.cover(item.cover, files)
            return self._item_markdown(item, markdown)
        fixed = self.pages_by_path.get(docs_path)
        if fixed is not None:
            page.meta["description"] = fixed.summary
            return expand_markers(markdown, docs_path, self.visible, self.site.config.timezone)
        return markdown

    def _item_markdown(self, item: Item, markdown: str) -> str:
        parts = []
        if item.cover:
            cover = os.path.relpath(item.cover, os.path.dirname(item.docs_path) or ".")
            parts.append(f"![{item.title}]({cover})\n")
        parts.append(markdown)
        if item.source_ref is not None:
            # the site's language, not the messages': `--lang en` must not change the site
            label = "来源：" if self.site.config.language == "zh" else "Source: "
            ref = item.source_ref
            parts.append(f"\n\n{label}[{escape_markdown(ref.name)}](<{ref.url}>)\n")
        return "\n".join(parts)

    def on_page_content(self, html, *, page, config, files):
        return self.images.rewrite(html, page.url, page.file.src_uri) if self.images else html

    @event_priority(-110)  # after the blog plugins (-100) have rendered a list page's excerpts
    def on_page_context(self, context, *, page, config, nav):
        # theme/partials/post.html anchors each listed item's heading by its slug, so the
        # list page's table of contents must link the slug, not the title's own anchor
        for excerpt in context.get("posts") or ():
            if excerpt.config.slug and excerpt.toc.items:
                excerpt.toc.items[0].id = excerpt.config.slug
        self.seo.add_to_context(context, page)
        return context

    def on_post_page(self, output, *, page, config):
        self._page_done(page)
        return output

    def _page_done(self, page) -> None:
        """A page is written (rendered, or taken from the previous site): progress."""
        self.rendered += 1
        if self.progress:
            self.progress(self.rendered, self.total_pages)

    # -- outputs ------------------------------------------------------------------------

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config) -> None:
        if self.search is not None:
            segmentation.segment_index(self.search, self.site.config.root)
        if self.markdown_cache is not None:
            self.markdown_cache.prune()
        markdowncache.activate(None)
        if self.reuse is not None:
            self.reuse.save()
            log.info(
                ui("build.pages-reused", self.lang, reused=self.reuse.reused,
                   rendered=self.reuse.rendered)
            )  # fmt: skip
        pagereuse.activate(None)
        site_url = (config.site_url or "").rstrip("/") + "/"
        for name, section in self.site.config.sections.items():
            entries = sorted(
                (i for i in self.visible if i.section == name), key=lambda i: i.date, reverse=True
            )
            xml = feed_xml(
                title=f"{config.site_name} · {section.title}",
                link=f"{site_url}{name}/",
                description=section.title,
                language="zh-CN" if self.site.config.language == "zh" else "en",
                items=[
                    (i, site_url + self.item_urls[i.docs_path])
                    for i in entries
                    if i.docs_path in self.item_urls
                ],
            )
            write_feed(Path(config.site_dir), name, xml)
        self.seo.write_files(Path(config.site_dir))
        self._remove_copies()

    def on_build_error(self, *, error) -> None:
        markdowncache.activate(None)
        pagereuse.activate(None)
        self._remove_copies()

    def on_shutdown(self) -> None:
        self._remove_copies()

    def _remove_copies(self) -> None:
        if self.copies_dir:
            shutil.rmtree(self.copies_dir, ignore_errors=True)
            self.copies_dir = None


def _quiet_jieba() -> None:
    """jieba announces loading its dictionary on stderr at every build; keep only its warnings."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)


def _category_slug(name: str, separator: str) -> str:
    return slugify(name) or name


__all__ = ["Page", "PipelinePlugin"]
