"""The site built for reading from a disc (the quarterly archive): file URLs, and search
that works without a server (Material's offline plugin, with a local worker shim, since
the plugin's own loads a script from unpkg.com)."""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from material.plugins.offline.plugin import OfflinePlugin
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import Abort, MkDocsException

from pipeline.config.base import ConfigError
from pipeline.content.project import Project
from pipeline.core.findings import Findings
from pipeline.core.report import format_plain
from pipeline.engine import LOG_NAMESPACE, compat
from pipeline.engine.project import LogRecords, load_mkdocs_config, open_project, pipeline_plugin
from pipeline.engine.request import BuildRequest
from pipeline.gate import gate_site
from pipeline.gate.files import SiteFiles
from pipeline.prepare import prepare
from pipeline.stages import check_project

OFFLINE_WORKER = "assets/javascripts/iframe-worker-offline.js"
WORKER_SHIM = Path(__file__).parent / "offline-worker.js"


def build_offline_site(root: Path, site_dir: Path, now: datetime, epoch: int) -> Project:
    """Build the site of ``root`` into ``site_dir`` as of ``now``; ``epoch`` is the time
    MkDocs writes into the sitemap and gzip headers (SOURCE_DATE_EPOCH)."""
    config_file = root / "mkdocs.yml"
    project = open_project(config_file, site_dir=str(site_dir), use_directory_urls=False)
    check = check_project(project, now)
    if check.findings.blocking:
        problem = format_plain(check.findings.errors, project.site_config.language)
        raise ConfigError("mkdocs.yml", None, "records/archive-build-failed", problem=problem)
    config = load_mkdocs_config(config_file, site_dir=str(site_dir), use_directory_urls=False)
    # our own worker shim, named so that the offline plugin does not add its unpkg.com one
    config.extra["polyfills"] = [*config.extra.get("polyfills", []), OFFLINE_WORKER]
    offline = OfflinePlugin()
    offline.load_config({})
    config.plugins["material/offline"] = offline
    recorded: list[SiteFiles] = []
    handler = LogRecords()
    logger = logging.getLogger(LOG_NAMESPACE)
    logger.addHandler(handler)
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # MkDocs' documented switch for file times
    try:
        with tempfile.TemporaryDirectory(prefix="pipeline-items-") as copies:
            plugin = pipeline_plugin(config)
            prepared = prepare(check, drafts=False, copies_dir=Path(copies))
            if plugin is not None:
                speedups = compat.speedup_support().on
                plugin.accept(
                    BuildRequest(
                        now=now,
                        internal=True,  # the archive keeps the internal records' pages
                        speedups=speedups,
                        prepared=prepared,
                        record_files=recorded.append,
                    )
                )
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
    except (Abort, MkDocsException, OSError) as exc:
        problem = "\n".join(r.getMessage() for r in handler.records) or str(exc)
        raise ConfigError(
            "mkdocs.yml", None, "records/archive-build-failed", problem=problem
        ) from None
    finally:
        logger.removeHandler(handler)
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
    shim = site_dir / OFFLINE_WORKER
    shim.parent.mkdir(parents=True, exist_ok=True)
    shim.write_bytes(WORKER_SHIM.read_bytes())
    # the archive is published too (on discs, to auditors): the same gate as the site
    files = None
    if recorded:
        files = replace(
            recorded[-1],
            copied={**recorded[-1].copied, OFFLINE_WORKER: WORKER_SHIM},
            trusted_dirs=(*recorded[-1].trusted_dirs, WORKER_SHIM),
        )
    gated = Findings(gate_site(site_dir, prepared.site, prepared.shown, label="site", files=files))
    if gated.blocking:
        problem = format_plain(gated.errors, project.site_config.language)
        raise ConfigError("mkdocs.yml", None, "records/archive-build-failed", problem=problem)
    return project
