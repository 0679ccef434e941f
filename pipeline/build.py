"""Building the site: checks first, then MkDocs into a staging folder, then the swap.

The output is built beside ``site/`` and renamed into place only when complete, so
a failed or interrupted build leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.checks import run_checks
from pipeline.content import Site, load_site
from pipeline.findings import Finding, Findings, error
from pipeline.project import LogRecords, Project, open_project, pipeline_plugin

_DOC_FILE = re.compile(r"Doc file '(?P<file>[^']+)'")
_QUOTED = re.compile(r"'(?P<text>[^']+)'")


@dataclass
class CheckResult:
    project: Project
    site: Site
    findings: Findings
    now: datetime

    @property
    def file_count(self) -> int:
        return len(self.content_paths())

    def content_paths(self) -> list[str]:
        """Every Markdown file that was checked, relative to the project root."""
        rel = self.project.site_config.rel
        docs_dir = self.site.docs_dir
        paths = [o.rel_path for o in (*self.site.items, *self.site.pages)]
        return paths + [rel(docs_dir / p) for p in sorted(self.site.failed)]


@dataclass
class BuildResult:
    findings: Findings
    site_dir: Path
    pages: int
    seconds: float
    built: bool


def check_project(project: Project, now: datetime) -> CheckResult:
    site = load_site(project.site_config, project.layout)
    return CheckResult(project, site, run_checks(site, now), now)


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
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Render the checked site with MkDocs into a staging folder, then swap it in.

    A preview build (drafts shown, or published as of another time) goes to
    ``site-preview/`` beside ``site/``, so it can never be deployed by mistake.
    """
    started = time.perf_counter()
    project = check.project
    target = preview_dir(project) if preview or drafts else project.site_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    _restore_interrupted_swap(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
    try:
        findings, built = _build_into(check, staging, drafts, progress, previous=target)
        if built:
            _swap_into_place(staging, target)
    except BaseException:  # an unexpected error or Ctrl-C: the staging folder must not stay
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not built:
        shutil.rmtree(staging, ignore_errors=True)
    pages = sum(1 for _ in target.rglob("*.html")) if built else 0
    return BuildResult(findings, target, pages, time.perf_counter() - started, built)


def preview_dir(project: Project) -> Path:
    return project.site_dir.with_name(f"{project.site_dir.name}-preview")


def _build_into(
    check: CheckResult,
    staging: Path,
    drafts: bool,
    progress: Callable[[int, int], None] | None,
    previous: Path | None = None,
) -> tuple[Findings, bool]:
    """Run MkDocs into ``staging``; True only when it built without any warning."""
    from jinja2 import TemplateError
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    project = check.project
    # a fresh config: MkDocs' config objects are meant for one build
    fresh = open_project(project.config_file, site_dir=str(staging))
    config = fresh.mkdocs_config
    plugin = pipeline_plugin(config)
    if plugin is not None:
        plugin.preloaded = (check.site, check.findings)
        plugin.previous_site = previous  # unchanged pages are taken from there
        plugin.progress = progress
        plugin.config.drafts = drafts
        plugin.config.now = check.now.isoformat()

    handler = LogRecords()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    findings = Findings(check.findings)
    built = False
    try:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
            built = True
        finally:
            config.plugins.on_shutdown()
    except (Abort, MkDocsException, OSError) as exc:
        if not handler.records:
            findings.add(error("mkdocs.yml", None, "build/mkdocs-warning", text=str(exc)))
    except TemplateError as exc:  # a theme override (custom_dir) that does not render
        findings.add(_template_finding(exc, project))
    finally:
        logger.removeHandler(handler)
        if plugin is not None:
            # MkDocs keeps plugin instances for the whole process: a later plain MkDocs
            # build (or the preview) must load and check the content itself
            plugin.preloaded = None
            plugin.previous_site = None
            plugin.progress = None
    findings.extend(_warning_finding(r, project) for r in handler.records)
    return findings, built and not handler.records


def _template_finding(exc: Exception, project: Project) -> Finding:
    filename = getattr(exc, "filename", None)
    path = project.site_config.rel(Path(filename)) if filename else "mkdocs.yml"
    text = f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"
    return error(path, getattr(exc, "lineno", None), "build/mkdocs-warning", text=text)


def _previous_name(target: Path) -> str:
    return f".{target.name}.previous-"


def _restore_interrupted_swap(target: Path) -> None:
    """A build killed between the two renames of the swap leaves no ``target`` but the last
    good site under its previous-name: put it back before anything else happens."""
    if target.exists():
        return
    leftovers = sorted(target.parent.glob(f"{_previous_name(target)}*"))
    if leftovers:
        leftovers[-1].rename(target)


def _swap_into_place(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames on the same file system."""
    previous = None
    if target.exists():
        previous = target.with_name(f"{_previous_name(target)}{time.time_ns()}")
        target.rename(previous)
    try:
        staging.rename(target)
    except OSError:
        if previous is not None:
            previous.rename(target)
        raise
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
