"""Pages the pipeline generates (the update log, the team's figures), added to MkDocs'
files. The stages write their Markdown; this module only places it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mkdocs.structure.files import File

from pipeline.config.base import ConfigError
from pipeline.content.model import Site
from pipeline.records.logpage import PAGE_DOCS_PATH, log_markdown
from pipeline.records.settings import RecordsConfig
from pipeline.records.updatelog import read_log
from pipeline.stats.page import page_title, stats_markdown
from pipeline.stats.settings import StatsConfig


def add_log_page(files, config, site_config, docs_dir):
    """The update log's page, generated from the data file, which itself is not published."""
    records = site_config.records or RecordsConfig()
    log_path = site_config.root / records.log_file
    try:
        data_uri = log_path.resolve().relative_to(Path(docs_dir).resolve()).as_posix()
    except ValueError:
        data_uri = None
    data_file = files.get_file_from_path(data_uri) if data_uri else None
    if data_file is not None:
        files.remove(data_file)
    entries = read_log(log_path, site_config.rel(log_path))
    # every page of this build, blog posts included (documentation_pages() leaves them out)
    existing = {f.src_uri for f in files if f.is_documentation_page()}
    docs_prefix = site_config.rel(Path(docs_dir))
    markdown = log_markdown(entries, site_config, existing, docs_prefix)
    files.append(File.generated(config, PAGE_DOCS_PATH, content=markdown))
    return files


def add_stats_page(files, config, site: Site, now: datetime):
    """The team's page of publishing figures, when stats.yml enables it."""
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
        )
    markdown = stats_markdown(site, now)
    files.append(File.generated(config, docs_path, content=markdown))
    return files


def add_to_nav(config, stats: StatsConfig | None, lang: str) -> None:
    """With `page.in_nav: true`, the page joins an explicit nav (an automatic nav lists
    every page anyway)."""
    stats = stats or StatsConfig()
    if not (stats.page.enabled and stats.page.in_nav) or not isinstance(config.nav, list):
        return
    docs_path = stats.page.docs_path
    if any(
        docs_path in (entry.values() if isinstance(entry, dict) else (entry,))
        for entry in config.nav
    ):
        return
    config.nav.append({page_title(stats, lang): docs_path})
