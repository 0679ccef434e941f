"""`pipeline serve`: a live-reloading preview built the way `pipeline build` builds.

Each rebuild reads the configuration again, checks the content, prints what is wrong
and leaves the files with errors out (Markdown and files published as they are alike, so
the preview never serves a file a build would refuse; the preview keeps running), then
renders with the same ``BuildRequest`` seam as a build, into a folder served by MkDocs'
live-reload server, which reloads open pages after each rebuild.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from datetime import datetime
from os.path import isfile, join
from pathlib import Path

from mkdocs.config.base import ValidationError
from mkdocs.config.config_options import IpAddress
from mkdocs.livereload import LiveReloadServer

from pipeline.config.base import ConfigError
from pipeline.content.schema import parse_now
from pipeline.core.findings import Findings
from pipeline.core.i18n import ui
from pipeline.core.report import format_plain
from pipeline.engine import LOG_NAMESPACE, PLUGIN_LOGGER, compat
from pipeline.engine.build import render_into
from pipeline.engine.project import open_project
from pipeline.engine.request import BuildRequest
from pipeline.gate import gate_site
from pipeline.guard.scan import DOCS_DIR_RULES
from pipeline.prepare import prepare, without_refused
from pipeline.stages import check_project

log = logging.getLogger(PLUGIN_LOGGER)
SYMLINK_RULE = "content/symlink"
# what MkDocs would walk before any of the pipeline's code runs: the preview waits
WAIT_RULES = (SYMLINK_RULE, *DOCS_DIR_RULES)


def parse_address(value: str) -> tuple[str, int]:
    """IP:PORT as MkDocs reads ``dev_addr``; ValueError with MkDocs' message otherwise."""
    try:
        address = IpAddress().validate(value)
    except ValidationError as exc:
        raise ValueError(str(exc)) from None
    return address.host, address.port


def serve_preview(
    config_file: Path, *, drafts: bool, now: datetime | None, lang: str, host: str, port: int
) -> None:
    """Serve the preview until interrupted. ``now``: publish as of then (None: the clock)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s %(message)s"))
    logger = logging.getLogger(LOG_NAMESPACE)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    site_dir = Path(tempfile.mkdtemp(prefix="pipeline-preview-"))
    serve_url = f"http://{host}:{port}/"
    speedups = compat.speedup_support().on

    def builder() -> None:
        log.info(ui("serve.building", lang))
        try:
            project = open_project(config_file)
            check = check_project(project, now or parse_now(None, project.site_config))
            if check.findings:
                log.info("%s\n%s", ui("serve.findings", lang), format_plain(check.findings, lang))
            if any(f.rule in WAIT_RULES for f in check.findings.errors):
                # MkDocs would walk a linked folder (even one holding "/") before any of our
                # code runs: the preview waits until the link is gone
                log.error(ui("serve.symlinks", lang))
                return
            with tempfile.TemporaryDirectory(prefix="pipeline-items-") as copies:
                prepared = without_refused(prepare(check, drafts=drafts, copies_dir=Path(copies)))
                request = BuildRequest(
                    drafts=drafts,
                    internal=True,  # a local preview for the team, never deployed
                    now=check.now,
                    lang=lang,
                    serving=True,
                    speedups=speedups,
                    prepared=prepared,
                )
                _, built = render_into(project, site_dir, request, serve_url=serve_url)
                if built:  # the publish gate only reports here: the preview keeps running
                    gated = Findings(
                        gate_site(
                            site_dir,
                            prepared.site,
                            prepared.shown,
                            label="site",
                            workers=1,
                            # the preview's pages name its own address: a file of their own
                            cache_dir=prepared.site.config.root / ".cache/pipeline/gate/serve",
                        )
                    )
                    if gated:
                        log.info("%s\n%s", ui("serve.findings", lang), format_plain(gated, lang))
        except ConfigError as exc:  # shown; the preview keeps the last good build
            log.error(exc.render(lang))

    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir))
    server.error_handler = lambda code: _error_page(site_dir, code)
    try:
        builder()
        project = open_project(config_file)
        for watched in (project.layout.docs_dir, config_file, project.site_config.config_dir):
            server.watch(str(watched))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info(ui("serve.stopped", lang))
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = join(site_dir, f"{code}.html")
    if code in (404, 500) and isfile(page):
        with open(page, "rb") as handle:
            return handle.read()
    return None
