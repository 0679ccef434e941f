"""The project: mkdocs.yml, site_config/ and content/ seen together.

MkDocs owns rendering settings (docs_dir, the blog instances); site_config owns
the site's own rules (sections, categories, authors, time zone). This module loads
both and checks that they agree, so every other module can trust a Layout.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from pipeline.config.base import ConfigError
from pipeline.config.site import load_site_config
from pipeline.content.opening import find_config_file
from pipeline.content.project import Project
from pipeline.engine import LOG_NAMESPACE
from pipeline.engine.layout import project_of
from pipeline.engine.plugin import PipelinePlugin


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
    # MkDocs keeps plugins that have startup or shutdown events for the whole process
    # (for the rebuilds of `mkdocs serve`). Each loaded project gets its own, as a new
    # `mkdocs build` process would: a blog plugin that was shut down removed its folders.
    MkDocsConfig.plugins.plugin_cache.clear()
    logger = logging.getLogger(LOG_NAMESPACE)
    previous = logger.level
    problems = LogRecords()
    logger.addHandler(problems)
    try:
        try:
            config = load_config(config_file=str(config_file), **overrides)
        except BaseException:
            # Material's blog plugin makes a temporary folder when it is loaded: the plugins
            # loaded before the failure (or an interrupt) end too
            for loaded in MkDocsConfig.plugins.plugin_cache.values():
                with contextlib.suppress(Exception):
                    loaded.on_shutdown()
            MkDocsConfig.plugins.plugin_cache.clear()
            raise
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


def open_project(config_file: Path | None = None, **overrides) -> Project:
    """Both configurations read and checked against each other, as plain facts: the
    MkDocs configuration is let go again (a build loads its own)."""
    config_file = (config_file or find_config_file()).resolve()
    mkdocs_config = load_mkdocs_config(config_file, **overrides)
    try:
        return _project_of(config_file, mkdocs_config)
    finally:
        # Material's blog plugin holds a temporary folder from the moment it is loaded
        mkdocs_config.plugins.on_shutdown()


def _project_of(config_file: Path, mkdocs_config) -> Project:
    plugin = pipeline_plugin(mkdocs_config)
    config_dir = config_file.parent / (plugin.config.site_config if plugin else "site_config")
    return project_of(mkdocs_config, load_site_config(config_file.parent, config_dir))


def pipeline_plugin(mkdocs_config) -> PipelinePlugin | None:
    for plugin in mkdocs_config.plugins.values():
        if isinstance(plugin, PipelinePlugin):
            return plugin
    return None
