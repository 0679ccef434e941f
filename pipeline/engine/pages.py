"""Pages the pipeline generates (the update log, the team's figures), added to MkDocs'
files. The stages write their Markdown; this module only places it.

Both are internal records: a build makes them only when it is asked for internal pages
(previews, the archive bundle: ``BuildRequest.internal``) or when their settings publish
them (records.yml ``publish``, stats.yml ``page.publish``). A page that is not built is
not in the navigation either (an entry mkdocs.yml lists is taken out), so nothing links
it and the sitemap and search index never see it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mkdocs.structure.files import File

from pipeline.config.base import ConfigError
from pipeline.config.site import SiteConfig
from pipeline.content.model import Site
from pipeline.core.i18n import ui
from pipeline.records.logpage import PAGE_DOCS_PATH, log_markdown
from pipeline.records.settings import RecordsConfig
from pipeline.records.updatelog import read_log
from pipeline.stats.page import page_title, stats_markdown
from pipeline.stats.settings import StatsConfig


def log_page_built(site_config: SiteConfig, internal: bool) -> bool:
    return internal or (site_config.records or RecordsConfig()).publish


def stats_page_built(site_config: SiteConfig, internal: bool) -> bool:
    page = (site_config.stats or StatsConfig()).page
    return page.enabled and (internal or page.publish)


def add_log_page(files, config, site_config, docs_dir, internal: bool = False):
    """The update log's page, generated from the data file, which itself is never
    published; the page only where ``log_page_built`` says so."""
    records = site_config.records or RecordsConfig()
    log_path = site_config.root / records.log_file
    try:
        data_uri = log_path.resolve().relative_to(Path(docs_dir).resolve()).as_posix()
    except ValueError:
        data_uri = None
    data_file = files.get_file_from_path(data_uri) if data_uri else None
    if data_file is not None:
        files.remove(data_file)
    if not log_page_built(site_config, internal):
        return files
    entries = read_log(log_path, site_config.rel(log_path))
    # every page of this build, blog posts included (documentation_pages() leaves them out)
    existing = {f.src_uri for f in files if f.is_documentation_page()}
    docs_prefix = site_config.rel(Path(docs_dir))
    markdown = log_markdown(entries, site_config, existing, docs_prefix)
    files.append(File.generated(config, PAGE_DOCS_PATH, content=markdown))
    return files


def add_stats_page(files, config, site: Site, now: datetime, internal: bool = False):
    """The team's page of publishing figures, when stats.yml enables it (and this build
    has internal pages, or stats.yml publishes it)."""
    stats = site.config.stats or StatsConfig()
    if not stats.page.enabled:
        return files
    docs_path = stats.page.docs_path
    taken = files.get_file_from_path(docs_path) or files.get_file_from_path(
        f"{stats.page.path}/index.md"
    )
    if taken is not None:
        raise ConfigError(
            stats.rel,
            stats.page_line,
            "stats/page-clash",
            page_path=stats.page.path,
            docs_path=taken.src_uri,
        )  # in every build, the public one too: the setting is wrong wherever it is built
    if not stats_page_built(site.config, internal):
        return files
    markdown = stats_markdown(site, now)
    files.append(File.generated(config, docs_path, content=markdown))
    return files


def add_to_nav(config, site_config: SiteConfig, internal: bool = False) -> None:
    """An explicit nav gets the update log's page when it is built, and the figures page
    when it is built with `page.in_nav: true`; an entry for a page this build leaves out
    is removed, so a production build has no link to it (and no strict-mode warning).
    (An automatic nav lists exactly the pages built.)"""
    if not isinstance(config.nav, list):
        return
    stats = site_config.stats or StatsConfig()
    lang = site_config.language  # the site's language, whatever the messages' language
    wanted = {}
    if log_page_built(site_config, internal):
        wanted[PAGE_DOCS_PATH] = ui("log.page-title", lang)
    if stats_page_built(site_config, internal) and stats.page.in_nav:
        wanted[stats.page.docs_path] = page_title(stats, lang)
    unbuilt = {PAGE_DOCS_PATH, stats.page.docs_path} - set(wanted)
    config.nav[:] = _without(config.nav, unbuilt)
    for docs_path, title in wanted.items():
        if not _listed(config.nav, docs_path):
            config.nav.append({title: docs_path})


def _without(nav: list, docs_paths: set[str]) -> list:
    """The nav without entries that point at these pages (at any depth)."""
    kept = []
    for entry in nav:
        if isinstance(entry, dict):
            entry = {
                title: _without(value, docs_paths) if isinstance(value, list) else value
                for title, value in entry.items()
                if not (isinstance(value, str) and value in docs_paths)
            }
            if entry:
                kept.append(entry)
        elif not (isinstance(entry, str) and entry in docs_paths):
            kept.append(entry)
    return kept


def _listed(nav: list, docs_path: str) -> bool:
    for entry in nav:
        values = entry.values() if isinstance(entry, dict) else (entry,)
        for value in values:
            if value == docs_path or (isinstance(value, list) and _listed(value, docs_path)):
                return True
    return False
