"""Building the site: checks first, then MkDocs into a staging folder, then the swap.

The output is built beside ``site/`` and renamed into place only when complete, so
a failed or interrupted build leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import Abort, MkDocsException

from pipeline.brand.checks import for_release
from pipeline.content.copies import prune_copies
from pipeline.content.project import Project
from pipeline.core.findings import Finding, Findings, error, warning
from pipeline.deploy.stamp import source_digest, write_stamp
from pipeline.engine import LOG_NAMESPACE, compat, swap
from pipeline.engine.pages import stats_page_built
from pipeline.engine.project import LogRecords, load_mkdocs_config, pipeline_plugin
from pipeline.engine.request import BuildRequest
from pipeline.engine.warm import WarmBuild
from pipeline.gate import gate_site
from pipeline.gate.cache import GateStats
from pipeline.gate.files import SiteFiles
from pipeline.images.runner import Summary
from pipeline.prepare import Progress, prepare
from pipeline.stages import CheckResult
from pipeline.uptodate import BuildOptions, reuse, reuse_record

COPIES_DIR = Path(".cache") / "pipeline" / "copies"
_DOC_FILE = re.compile(r"Doc file '(?P<file>[^']+)'")
_QUOTED = re.compile(r"'(?P<text>[^']+)'")


@dataclass
class BuildResult:
    findings: Findings
    site_dir: Path
    pages: int
    seconds: float
    built: bool
    images: Summary | None = None  # the content images, processed for this build


def _warning_finding(record: logging.LogRecord, project: Project) -> Finding:
    text = " ".join(record.getMessage().split())
    docs_dir = project.layout.docs_dir
    match = _DOC_FILE.search(text)
    if not match:
        return error("mkdocs.yml", None, "build/mkdocs-warning", text=text)
    doc = match.group("file").replace("\\", "/")
    path = docs_dir / doc
    line = None
    quoted = [m.group("text") for m in _QUOTED.finditer(text[match.end() :])]
    if quoted and path.is_file():
        lines = path.read_text("utf-8", "replace").splitlines()
        # the whole target first: the same page may also be linked, correctly, further up
        for needle in dict.fromkeys((quoted[0], quoted[0].split("#", 1)[0] or quoted[0])):
            line = next((n for n, content in enumerate(lines, 1) if needle in content), None)
            if line is not None:
                break
    return error(project.site_config.rel(path), line, "build/mkdocs-warning", text=text)


def build_site(
    check: CheckResult,
    *,
    drafts: bool = False,
    preview: bool = False,
    progress: Progress | None = None,
    speedups: bool = True,
    internal: bool | None = None,
) -> BuildResult:
    """Render the checked site with MkDocs into a staging folder, then swap it in.

    A preview build (drafts shown, or published as of another time) goes to
    ``site-preview/`` beside ``site/``, so it can never be deployed by mistake.
    ``internal``: build the internal records' pages (update log, team figures); None: only
    in a preview (a pull request's check asks for them: its site is a preview artifact).
    """
    started = time.perf_counter()
    project = check.project
    target = project.preview_dir if preview or drafts else project.site_dir
    if not (preview or drafts):  # production: what only a published site must have
        released, blocked = for_release(check.findings, project.site_config)
        if blocked:
            return BuildResult(Findings(released), target, 0, 0.0, False)
    hashed: dict[str, list] = {}  # the sources' hashes, kept with the stamp's
    sources = source_digest(project, fresh=hashed)  # before the build reads them: for a deploy
    with swap.exclusive(target):
        swap.recover(target)
        staging = swap.staging_folder(target)
        if internal is None:
            internal = target == project.preview_dir
        # every other input, for the next `pipeline build` to know nothing changed
        # (pipeline.uptodate); never with the team's figures (git history, this week)
        options = BuildOptions(drafts, preview or drafts, internal, speedups)
        taken = None
        if not stats_page_built(project.site_config, internal):
            pages = [page.source.path for page in check.site.pages]
            taken = reuse_record(project, options, pages, check.site.items, check.now)
        gated = GateStats()  # the gate judges every page: it counts them
        findings, built, images, old = _build_and_swap(
            check, target, staging, (drafts, internal), progress, speedups, gated
        )
        if built:  # what this build was, for `pipeline deploy` (pipeline.deploy.stamp)
            kept = reuse(taken, check.now, findings, check.file_count) if taken else None
            write_stamp(
                project, target, preview=preview, drafts=drafts, sources=sources, reuse=kept,
                files=gated.files, hashed=hashed,  # the gate walked the new site
            )  # fmt: skip
        if old is not None:  # the previous site: thousands of files, removed off the clock
            swap.remove_in_background(old)
    pages = gated.pages if built else 0
    return BuildResult(findings, target, pages, time.perf_counter() - started, built, images)


def _build_and_swap(check, target, staging, shown, progress, speedups, stats: GateStats):
    drafts, internal = shown  # drafts shown; internal records' pages built
    project = check.project
    images = old = None
    try:
        # the blog's copies of the items: kept for the next build of this folder, which
        # writes only those that changed (builds of one folder take turns: swap.exclusive)
        copies = project.site_config.root / COPIES_DIR / target.name
        prepared = prepare(check, drafts=drafts, copies_dir=copies, progress=progress)
        prune_copies(copies, prepared.copies)
        support = compat.speedup_support()
        recorded: list[SiteFiles] = []
        gate_cache = prepared.site.config.root / ".cache/pipeline/gate" / target.name
        request = BuildRequest(
            drafts=drafts,
            internal=internal,
            now=check.now,
            speedups=speedups and support.on,
            previous_site=target,
            prepared=prepared,
            progress=progress,
            record_files=recorded.append,
            gate_cache=gate_cache,
        )
        findings, built = render_into(project, staging, request)
        images = prepared.images
        if speedups and not support.on:
            findings.add(warning("mkdocs.yml", None, "build/speedups-off", reason=support.reason))
        if built:  # the publish gate: the pages as browsers will read them
            gated = gate_site(
                staging,
                prepared.site,
                prepared.shown,
                label=target.name,
                files=recorded[-1] if recorded else None,
                cache_dir=gate_cache,
                stats=stats,
            )
            findings.extend(gated)
            built = not any(f.blocks for f in gated)
        if built:
            old = swap.swap_into_place(staging, target, keep_old=True)
    except BaseException:  # an unexpected error or Ctrl-C: the staging folder must not stay
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not built:
        shutil.rmtree(staging, ignore_errors=True)
    return findings, built, images, old


def render_into(
    project: Project,
    site_dir: Path,
    request: BuildRequest,
    *,
    serve_url: str | None = None,
    keep: Callable[[WarmBuild], None] | None = None,
) -> tuple[Findings, bool]:
    """Run MkDocs into ``site_dir`` with ``request``; True only when it built without any
    warning. Findings are the request's checks plus what MkDocs reported. ``serve_url``:
    the live preview's address (MkDocs then keeps its own draft pages too). ``keep``: given
    the finished build, left open for page-level rebuilds (engine/warm.py), when it built;
    whoever keeps it closes it."""
    # a fresh config: MkDocs' config objects are meant for one build
    overrides = {"site_url": serve_url} if serve_url else {}
    config = load_mkdocs_config(project.config_file, site_dir=str(site_dir), **overrides)
    handler = LogRecords()
    logger = logging.getLogger(LOG_NAMESPACE)
    findings = Findings(request.prepared.check.findings if request.prepared else ())
    built = kept = False
    try:
        try:  # from the moment the plugins are loaded: an interrupt ends them too
            plugin = pipeline_plugin(config)
            if plugin is not None:
                plugin.accept(request)
            logger.addHandler(handler)
            config.plugins.on_startup(command="serve" if request.serving else "build", dirty=False)
            mkdocs_build(config, serve_url=serve_url)
            built = True
            if keep is not None and plugin is not None and not handler.records:
                keep(WarmBuild(config, plugin.run, serve_url))
                kept = True
        finally:
            if not kept:
                config.plugins.on_shutdown()
    except (Abort, MkDocsException, OSError) as exc:
        if not handler.records:
            findings.add(error("mkdocs.yml", None, "build/mkdocs-warning", text=str(exc)))
    except TemplateError as exc:  # a theme override (custom_dir) that does not render
        findings.add(_template_finding(exc, project))
    finally:
        logger.removeHandler(handler)
    findings.extend(_warning_finding(r, project) for r in handler.records)
    return findings, built and not handler.records


def _template_finding(exc: Exception, project: Project) -> Finding:
    filename = getattr(exc, "filename", None)
    path = project.site_config.rel(Path(filename)) if filename else "mkdocs.yml"
    text = f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"
    return error(path, getattr(exc, "lineno", None), "build/mkdocs-warning", text=text)
