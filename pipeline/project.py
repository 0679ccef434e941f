"""The project: mkdocs.yml, site_config/ and content/ seen together.

MkDocs owns rendering settings (docs_dir, the blog instances); site_config owns
the site's own rules (sections, categories, authors, time zone). This module loads
both and checks that they agree, so every other module can trust a Layout.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.content import Layout
from pipeline.settings import ConfigError, SiteConfig, load_site_config

MKDOCS_FILE = "mkdocs.yml"


def find_config_file(start: Path | None = None) -> Path:
    """mkdocs.yml in ``start`` or the nearest parent folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / MKDOCS_FILE
        if candidate.is_file():
            return candidate
    raise ConfigError(MKDOCS_FILE, None, "config/no-project")


def blog_plugins(mkdocs_config) -> list:
    """The Material blog plugin instances configured in mkdocs.yml."""
    from material.plugins.blog.plugin import BlogPlugin

    return [p for p in mkdocs_config.plugins.values() if isinstance(p, BlogPlugin)]


def layout_from_mkdocs(mkdocs_config, site_config: SiteConfig) -> Layout:
    """Derive where items live from the blog instances, and check site.yml agrees."""
    docs_dir = Path(mkdocs_config.docs_dir)
    posts_dirs: dict[str, str] = {}
    mkdocs_rel = site_config.rel(Path(mkdocs_config.config_file_path))
    site_rel = site_config.rel(site_config.config_dir / "site.yml")
    for blog in blog_plugins(mkdocs_config):
        name = os.path.normpath(blog.config.blog_dir).replace(os.sep, "/")
        if name not in site_config.sections:
            raise ConfigError(mkdocs_rel, None, "config/blog-without-section", section=name)
        posts = os.path.normpath(blog.config.post_dir.format(blog=name)).replace(os.sep, "/")
        posts_dirs[name] = posts
    for name in site_config.sections:
        if name not in posts_dirs:
            raise ConfigError(site_rel, None, "config/section-without-blog", section=name)
    for name, posts in posts_dirs.items():
        for needed, is_dir in ((f"{name}/index.md", False), (posts, True)):
            target = docs_dir / needed
            if not (target.is_dir() if is_dir else target.is_file()):
                # the blog plugin would create it inside content/, writing to the sources
                raise ConfigError(
                    site_config.rel(target),
                    None,
                    "config/missing-section-folder",
                    section=name,
                    target=site_config.rel(target),
                )
    return Layout(docs_dir=docs_dir, posts_dirs=posts_dirs)


class LogRecords(logging.Handler):
    """Keeps what MkDocs logs at WARNING and above, to report it as findings or errors
    (while validating mkdocs.yml MkDocs logs each problem, then aborts)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def load_mkdocs_config(config_file: Path, **overrides):
    """Load mkdocs.yml; a problem in it becomes a ConfigError naming the file."""
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import Abort, ConfigurationError

    # MkDocs keeps plugins that have startup or shutdown events for the whole process
    # (for the rebuilds of `mkdocs serve`). Each loaded project gets its own, as a new
    # `mkdocs build` process would: a blog plugin that was shut down removed its folders.
    MkDocsConfig.plugins.plugin_cache.clear()
    logger = logging.getLogger("mkdocs")
    previous = logger.level
    problems = LogRecords()
    logger.addHandler(problems)
    try:
        config = load_config(config_file=str(config_file), **overrides)
    except ConfigurationError as exc:
        raise ConfigError(
            config_file.name, None, "config/mkdocs", problem=str(exc).strip()
        ) from None
    except Abort as exc:  # invalid values, unknown plugins, warnings in strict mode
        problem = "\n".join(r.getMessage() for r in problems.records) or str(exc)
        raise ConfigError(config_file.name, None, "config/mkdocs", problem=problem) from None
    finally:
        logger.removeHandler(problems)
        logger.setLevel(previous)
    for record in problems.records:  # warnings that did not abort are shown as before
        logging.getLogger(record.name).handle(record)
    return config


@dataclass
class Project:
    """A loaded project: both configurations and the content layout."""

    config_file: Path
    mkdocs_config: object
    site_config: SiteConfig
    layout: Layout

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def site_dir(self) -> Path:
        return Path(self.mkdocs_config.site_dir)

    def release_plugins(self) -> None:
        """Shut down the plugins that loading mkdocs.yml created, for a project that is only
        read, never built or served: Material's blog plugin holds a temporary folder."""
        self.mkdocs_config.plugins.on_shutdown()


def open_project(config_file: Path | None = None, **overrides) -> Project:
    config_file = (config_file or find_config_file()).resolve()
    mkdocs_config = load_mkdocs_config(config_file, **overrides)
    plugin = pipeline_plugin(mkdocs_config)
    config_dir = config_file.parent / (plugin.config.site_config if plugin else "site_config")
    site_config = load_site_config(config_file.parent, config_dir)
    layout = layout_from_mkdocs(mkdocs_config, site_config)
    return Project(config_file, mkdocs_config, site_config, layout)


def pipeline_plugin(mkdocs_config):
    from pipeline.mkdocs_plugin import PipelinePlugin

    for plugin in mkdocs_config.plugins.values():
        if isinstance(plugin, PipelinePlugin):
            return plugin
    return None


def parse_now(text: str | None, site_config: SiteConfig) -> datetime:
    """The moment the build publishes for: now, or a given time (to preview a schedule)."""
    from pipeline.schema import FieldError, parse_datetime

    if not text:
        return datetime.now(site_config.timezone)
    try:
        return parse_datetime(text, site_config.timezone)
    except FieldError:
        raise ConfigError("--now", None, "config/bad-now", value=text) from None
