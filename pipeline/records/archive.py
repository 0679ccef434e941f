"""Quarterly archives: an annotated tag on main's last commit of the quarter, and a bundle.

The bundle is a BagIt bag (see bagit) holding the site built at that commit for offline
browsing (Material's offline plugin), the content sources at that commit, and the
quarter's update-log entries as CSV and as a page. The site is built in a temporary
git worktree, so the working tree and HEAD are never touched. A tag is never moved.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import git

from pipeline import __version__
from pipeline.config.base import ConfigError
from pipeline.content.model import load_site
from pipeline.content.project import Project
from pipeline.core.i18n import ui
from pipeline.records.bagit import Verification, make_bag, sha256_of, verify_bundle, write_tar_gz
from pipeline.records.history import History
from pipeline.records.logpage import for_people, log_html
from pipeline.records.quarters import Quarter, last_completed
from pipeline.records.settings import RecordsConfig
from pipeline.records.updatelog import Entry, read_log, to_csv

TAG_PREFIX = "archive/"
_BUNDLE_SHA = re.compile(r"^Bundle-SHA256:\s*(?P<sha>[0-9a-f]{64})\s*$", re.M)
_LIVE_DEPLOY = re.compile(r"^Live-Deploy:\s*(?P<id>\S+)\s*$", re.M)
_SOURCES = ("content", "site_config", "mkdocs.yml")


@dataclass
class ArchiveOutcome:
    quarter: Quarter
    tag: str
    commit: str
    bundle: Path
    sha256: str
    created: bool  # False: the quarter was archived before; the bundle was verified
    recreated: bool = False  # the bundle was missing and was rebuilt from the tag
    verification: Verification | None = None
    tag_sha256: str | None = None  # the bundle's SHA-256 recorded in an existing tag
    message: str = ""
    published: dict[str, int] = field(default_factory=dict)

    @property
    def matches_tag(self) -> bool:
        return self.tag_sha256 is None or self.tag_sha256 == self.sha256


def tag_name(quarter: Quarter) -> str:
    return f"{TAG_PREFIX}{quarter}"


def bundle_name(quarter: Quarter) -> str:
    return f"archive-{quarter}.tar.gz"


def choose_quarter(text: str | None, now: datetime, project: Project) -> Quarter:
    tz = project.site_config.timezone
    if text is None:
        return last_completed(now, tz)
    quarter = Quarter.parse(text)
    if quarter is None:
        raise ConfigError("QUARTER", None, "records/bad-quarter", value=text)
    if quarter.end(tz) > now:
        end = quarter.end(tz).strftime("%Y-%m-%d %H:%M")
        raise ConfigError(
            "QUARTER", None, "records/quarter-not-ended", quarter=str(quarter), end=end
        )
    return quarter


# builds the site at ``root`` into ``site_dir`` for offline reading, as of ``now``, with
# file times from ``epoch``; returns the project it built (pipeline.engine.offline)
OfflineBuilder = Callable[[Path, Path, datetime, int], Project]


def archive_quarter(
    project: Project,
    records: RecordsConfig,
    quarter: Quarter,
    output: Path,
    build_offline: OfflineBuilder,
    live_deploy: str | None = None,
) -> ArchiveOutcome:
    """``live_deploy``: the deploy (manifest id, `pipeline deploy history --at`) that was
    live on the object storage at the quarter's end, recorded in the bundle and the tag."""
    history = History(project.site_config, project.layout, records)
    repo = history.repo
    name = tag_name(quarter)
    bundle = output / bundle_name(quarter)
    existing = next((t for t in repo.tags if t.name == name), None)
    if existing is not None:
        return _existing(project, records, history, quarter, existing, bundle, build_offline)

    tz = project.site_config.timezone
    end = quarter.end(tz)
    chain = history.first_parent_chain()
    inside = [c for c in chain if history.committed(c) < end]
    if not inside:
        raise ConfigError("QUARTER", None, "records/nothing-to-archive", quarter=str(quarter))
    commit = inside[-1]
    entries, all_entries = _quarter_entries(project, records, history, quarter, inside)
    output.mkdir(parents=True, exist_ok=True)
    published = _build_bundle(
        project, history, quarter, commit, entries, all_entries, bundle, build_offline, live_deploy
    )
    sha = sha256_of(bundle)
    message = tag_message(project, quarter, commit.hexsha, published, entries, bundle.name, sha)
    if live_deploy:
        message += f"Live-Deploy: {live_deploy}\n"
    try:
        repo.create_tag(name, ref=commit, message=message)
    except git.GitCommandError as exc:
        raise ConfigError(name, None, "records/tag-failed", problem=exc.stderr.strip()) from None
    return ArchiveOutcome(
        quarter, name, commit.hexsha, bundle, sha, True, message=message, published=published
    )


def _existing(
    project, records, history, quarter, tag, bundle: Path, build_offline
) -> ArchiveOutcome:
    """An archived quarter: verify its bundle (re-create it when missing), never move the tag."""
    message = tag.tag.message if tag.tag is not None else ""
    match = _BUNDLE_SHA.search(message)
    recorded = match["sha"] if match else None
    commit = tag.commit
    recreated = False
    if not bundle.is_file():
        chain = history.first_parent_chain()
        upto = chain[: next((i for i, c in enumerate(chain) if c == commit), len(chain) - 1) + 1]
        entries, all_entries = _quarter_entries(project, records, history, quarter, upto)
        bundle.parent.mkdir(parents=True, exist_ok=True)
        live = _LIVE_DEPLOY.search(message)
        _build_bundle(
            project, history, quarter, commit, entries, all_entries, bundle, build_offline,
            live["id"] if live else None,
        )  # fmt: skip
        recreated = True
    verification = verify_bundle(bundle)
    if verification.info.get("Git-Commit", commit.hexsha) != commit.hexsha:
        verification.problems.append(
            (
                "records/verify-other-commit",
                {"expected": commit.hexsha, "actual": verification.info["Git-Commit"]},
            )
        )
    return ArchiveOutcome(
        quarter,
        tag.name,
        commit.hexsha,
        bundle,
        sha256_of(bundle),
        False,
        recreated,
        verification,
        recorded,
        message,
    )


def _quarter_entries(project, records, history, quarter, chain) -> tuple[list[Entry], list[Entry]]:
    """The log's entries of the quarter; refused when the log misses changes of the quarter."""
    tz = project.site_config.timezone
    log_path = project.root / records.log_file
    rel = project.site_config.rel(log_path)
    all_entries = read_log(log_path, rel)
    logged = {e.commit for e in all_entries}
    missing = [
        c
        for c in chain
        if quarter.contains(history.committed(c), tz)
        and c.hexsha not in logged
        and (records.non_content == "summarize" or history.analyse(c).touches_content)
    ]
    if missing:
        raise ConfigError(
            rel,
            None,
            "records/log-incomplete",
            quarter=str(quarter),
            count=len(missing),
            commit=missing[0].hexsha[:7],
        )
    entries = [e for e in all_entries if e.quarter(project.site_config) == quarter]
    return entries, all_entries


def _build_bundle(
    project, history, quarter, commit, entries, all_entries, bundle, build_offline, live=None
) -> dict:
    site_config = project.site_config
    tz = site_config.timezone
    moment = history.committed(commit)
    payload: dict[str, bytes] = {}
    with _worktree(history.repo, commit) as tree:
        root = tree / history.project_prefix if history.project_prefix else tree
        site_dir = Path(tempfile.mkdtemp(prefix="pipeline-archive-site-"))
        try:
            moment_end = quarter.end(tz) - timedelta(seconds=1)
            built = build_offline(root, site_dir, moment_end, int(commit.committed_date))
            published = _published(built, quarter, moment_end)
            site_name = built.site_name
            for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
                payload[f"site/{path.relative_to(site_dir).as_posix()}"] = path.read_bytes()
        finally:
            shutil.rmtree(site_dir, ignore_errors=True)
    payload.update(_sources(history, commit))
    title = f"{site_name} · {quarter.label(site_config.language)}"
    # people by display name, never an e-mail address, as on the log's page
    csv_text = to_csv(
        for_people(entries, site_config), all_entries, site_config, site_config.language
    )
    payload[f"records/update-log-{quarter}.csv"] = csv_text.encode("utf-8")
    page = log_html(entries, all_entries, site_config, title)
    payload[f"records/update-log-{quarter}.html"] = page.encode("utf-8")
    info = [
        ("Source-Organization", site_name),
        ("External-Identifier", tag_name(quarter)),
        ("External-Description", f"Quarterly archive of the website, {quarter}"),
        ("Bagging-Date", moment.strftime("%Y-%m-%d")),
        ("Bag-Software-Agent", f"pipeline {__version__}"),
        ("Archive-Quarter", str(quarter)),
        ("Git-Commit", commit.hexsha),
        ("Git-Tag", tag_name(quarter)),
        ("Update-Log-Entries", str(len(entries))),
        *([("Live-Deploy", live)] if live else []),  # the storage deploy live at quarter end
    ]
    files = make_bag(payload, info)
    write_tar_gz(files, bundle.name.removesuffix(".tar.gz"), int(commit.committed_date), bundle)
    return published


def _sources(history: History, commit) -> dict[str, bytes]:
    """content/, site_config/ and mkdocs.yml exactly as committed."""
    tree = commit.tree
    if history.project_prefix:
        tree = tree / history.project_prefix
    payload = {}
    for name in _SOURCES:
        try:
            entry = tree / name
        except KeyError:
            continue
        blobs = (
            [entry] if entry.type == "blob" else [b for b in entry.traverse() if b.type == "blob"]
        )
        for blob in blobs:
            rel = (
                blob.path[len(history.project_prefix) + 1 :]
                if history.project_prefix
                else blob.path
            )
            payload[f"source/{rel}"] = blob.data_stream.read()
    return payload


@contextmanager
def _worktree(repo: git.Repo, commit):
    folder = Path(tempfile.mkdtemp(prefix="pipeline-archive-tree-"))
    try:
        repo.git.worktree("add", "--detach", str(folder), commit.hexsha)
        yield folder
    finally:
        try:
            repo.git.worktree("remove", "--force", str(folder))
        except git.GitCommandError:
            shutil.rmtree(folder, ignore_errors=True)
            repo.git.worktree("prune")
        shutil.rmtree(folder, ignore_errors=True)


def _published(project: Project, quarter: Quarter, now: datetime) -> dict[str, int]:
    """Items of each section that went live in the quarter, as of its last moment."""
    site = load_site(project.site_config, project.layout)
    tz = project.site_config.timezone
    published = Counter(
        i.section
        for i in site.items
        if not i.draft and quarter.contains(i.goes_live, tz) and i.visibility(now) == "published"
    )
    return {name: published.get(name, 0) for name in project.site_config.sections}


def tag_message(project, quarter, commit, published, entries, bundle_file, sha) -> str:
    """The annotated tag's message, in the site's language; the SHA-256 line is parsed back."""
    config = project.site_config
    lang = config.language
    numbers = (
        ui("archive.tag-numbers", lang, first=entries[0].seq, last=entries[-1].seq)
        if entries
        else ""
    )
    lines = [
        ui("archive.tag-title", lang, quarter=quarter.label(lang), code=str(quarter)),
        "",
        ui("archive.tag-commit", lang, commit=commit),
        ui("archive.tag-published", lang),
        *(
            ui("archive.tag-section", lang, title=config.sections[name].title, name=name, count=n)
            for name, n in published.items()
        ),
        ui("archive.tag-entries", lang, count=len(entries), numbers=numbers),
        ui("archive.tag-bundle", lang, bundle=bundle_file),
        f"Bundle-SHA256: {sha}",
    ]
    return "\n".join(lines) + "\n"
