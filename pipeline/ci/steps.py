"""The workflows' steps as plain functions: pull request, publish, archive.

Each takes an opened project and returns what it did; `pipeline ci …` prints that, and
the tests run the same commands on real repositories.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.ci import gitrepo
from pipeline.config.base import ConfigError
from pipeline.content.project import Project
from pipeline.core.findings import Findings, PathSelection, Severity
from pipeline.core.i18n import ui
from pipeline.deploy.publish import live_deploy_at
from pipeline.engine.build import BuildResult, build_site
from pipeline.engine.offline import build_offline_site
from pipeline.images.runner import summary_line
from pipeline.records.archive import ArchiveOutcome, archive_quarter, choose_quarter
from pipeline.records.history import History, ItemChange
from pipeline.records.reviews import read_reviews
from pipeline.records.settings import RecordsConfig
from pipeline.records.updatelog import update_log
from pipeline.stages import CheckResult, check_project


@dataclass
class StepResult:
    check: CheckResult
    findings: Findings  # what the step reports
    build: BuildResult | None = None  # None: not built (checks failed first)
    links: int | None = None  # exit status of `pipeline links`; None: not run
    links_summary: str = ""  # its Markdown report
    images_line: str | None = None
    changes: tuple[ItemChange, ...] = ()
    annotated: Findings = field(default_factory=Findings)
    files: int = 0  # Markdown files the report covers
    added: list = field(default_factory=list)  # update-log entries (publish)
    log_commit: str | None = None

    @property
    def unreviewed(self) -> list:
        """New entries nobody validly approved (published all the same: they are on main)."""
        return [e for e in self.added if e.unreviewed is not None] if self.ok else []

    @property
    def ok(self) -> bool:
        return (
            not self.check.findings.blocking
            and self.build is not None
            and self.build.built
            and self.links in (None, 0)
        )


def records_of(project: Project) -> RecordsConfig:
    return project.site_config.records or RecordsConfig()


def run_links(project: Project, lang: str, changed: list[str] | None) -> tuple[int | None, str]:
    """`pipeline links` over the whole built site (``changed`` None) or the pages the changed
    files touch; its findings go to the log (as annotations in GitHub Actions). Its exit
    status (None: nothing to check) and its Markdown summary."""
    if changed == []:
        return None, ""
    fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    with tempfile.TemporaryDirectory(prefix="pipeline-links-") as folder:
        summary = Path(folder) / "summary.md"
        args = [sys.executable, "-m", "pipeline", "-f", str(project.config_file), "--lang", lang]
        args += ["links", "--format", fmt, "--summary", str(summary)]
        if changed is not None:
            args += ["--changed", *changed]
        status = subprocess.run(args, cwd=project.root, check=False).returncode
        return status, summary.read_text("utf-8") if summary.is_file() else ""


def _build(check: CheckResult, result: StepResult, lang: str, internal: bool = False) -> None:
    # internal: the internal records' pages too (a pull request's site is a preview artifact)
    result.build = build_site(check, internal=internal)
    if result.build.images is not None:
        result.images_line = summary_line(result.build.images, lang)
    result.findings.extend(f for f in result.build.findings if f.rule == "build/mkdocs-warning")


def pull_request(project: Project, base: str, head: str, now: datetime, lang: str) -> StepResult:
    """Check what the pull request changed, build the site, check the changed pages' links."""
    root = project.root
    repo = gitrepo.open_repo(root, project.site_config.rel(root))
    start, tip = gitrepo.pr_range(repo, base, head)
    changed = gitrepo.changed_files(repo, root, start, tip)
    changes = History(project.site_config, project.layout, records_of(project)).changes_between(
        start, tip
    )
    check = check_project(project, now)
    selection = PathSelection(changed)
    # errors anywhere block the build; warnings only matter where the pull request changed
    shown = Findings(f for f in check.findings if f.blocks or selection.selects(f.path))
    files = sum(1 for path in check.content_paths() if selection.selects(path))
    result = StepResult(check, shown, changes=changes, files=files)
    if not check.findings.blocking:
        _build(check, result, lang, internal=True)
        if result.build.built:
            # `pipeline links` decides what the changed files touch (or the whole site)
            result.links, result.links_summary = run_links(project, lang, sorted(changed))
    # annotations: every error; warnings and notes only on the lines the pull request changed
    result.annotated = Findings(
        f
        for f in result.findings
        if f.severity is Severity.ERROR or (f.path in changed and changed[f.path].touches(f.line))
    )
    return result


def publish(
    project: Project, reviews_file: Path | None, now: datetime, lang: str, remote: str | None
) -> StepResult:
    """Append the update log, every change judged on the pull requests' reviews in
    ``reviews_file``; build, check every link; only when all of it passed, commit the log as
    the bot and push it (``remote`` None: commit only)."""
    records = records_of(project)
    reviews = read_reviews(reviews_file, str(reviews_file)) if reviews_file else None
    history = History(project.site_config, project.layout, records)
    repo = history.repo
    if repo.head.is_detached or repo.active_branch.name != records.branch:
        raise ConfigError(records.branch, None, "ci/not-on-main", branch=records.branch)
    log_path = project.root / records.log_file
    rel = project.site_config.rel(log_path)
    before = log_path.read_bytes() if log_path.is_file() else None
    # the log first, so the /update-log/ page (when records.yml publishes it) lists this change
    update = update_log(history, records, log_path, rel, reviews)
    check = check_project(project, now)
    files = len(check.content_paths())
    result = StepResult(check, Findings(check.findings), added=update.added, files=files)
    try:
        if not check.findings.blocking:
            _build(check, result, lang)
            if result.build.built:
                result.links, result.links_summary = run_links(project, lang, None)
    finally:
        if not result.ok:  # the change was not published: the log waits for the next run
            _restore(log_path, before)
    if result.ok and update.added:
        first, last = update.added[0].seq, update.added[-1].seq
        language = project.site_config.language  # the records' language, not the reader's
        message = ui("ci.log-commit", language, first=first, last=last, skip=gitrepo.SKIP_CI)
        result.log_commit = gitrepo.commit_file(repo, log_path, message)
    if result.ok and remote is not None and result.log_commit:
        gitrepo.push(repo, remote, f"HEAD:refs/heads/{records.branch}")
    return result


def _restore(path: Path, before: bytes | None) -> None:
    if before is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(before)


@dataclass
class ArchiveResult:
    outcome: ArchiveOutcome
    notes: Path  # the Release's notes: the tag's message
    pushed: bool

    @property
    def ok(self) -> bool:
        verification = self.outcome.verification
        return self.outcome.matches_tag and (verification is None or verification.ok)


def archive(
    project: Project,
    quarter_text: str | None,
    now: datetime,
    remote: str | None,
    live_deploy: str | None = None,
) -> ArchiveResult:
    """Archive the last completed quarter (or the one named); push its tag. An archived
    quarter is verified and its tag pushed again, which changes nothing: safe to re-run."""
    records = records_of(project)
    quarter = choose_quarter(quarter_text, now, project)
    folder = project.root / records.archive_dir
    if live_deploy == "storage":  # ask deploy.yml's bucket which deploy was live at the end
        end = quarter.end(project.site_config.timezone)
        live_deploy = live_deploy_at(project, end, os.environ)
    outcome = archive_quarter(project, records, quarter, folder, build_offline_site, live_deploy)
    repo = gitrepo.open_repo(project.root, project.site_config.rel(project.root))
    notes = outcome.bundle.with_suffix("").with_suffix(".notes.md")
    notes.write_text(repo.tags[outcome.tag].tag.message.strip() + "\n", encoding="utf-8")
    result = ArchiveResult(outcome, notes, pushed=False)
    if remote is not None and result.ok:
        gitrepo.push(repo, remote, f"refs/tags/{outcome.tag}:refs/tags/{outcome.tag}")
        result.pushed = True
    return result
