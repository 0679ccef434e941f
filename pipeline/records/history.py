"""What reached main: the first-parent history, read with gitpython.

Each first-parent commit of main is one change: for a merge commit, the diff against
its first parent is what the merged pull request brought; a squash merge or a rebased
commit is its own diff. Titles are read from the file as it was on each side of the
change, so a removed item keeps the title it had before its removal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import frontmatter
import git
from gitdb.exc import BadName

from pipeline.config.base import ConfigError
from pipeline.config.site import SiteConfig
from pipeline.content.model import MARKDOWN_SUFFIXES, Layout
from pipeline.content.schema import FieldError, parse_datetime
from pipeline.core.slugs import slugify
from pipeline.records.settings import RecordsConfig

_REVERTS = re.compile(r"This reverts commit (?P<sha>[0-9a-f]{7,40})")
_PULL = re.compile(r"Merge pull request #(?P<n>\d+)|\(#(?P<m>\d+)\)\s*$")


@dataclass(frozen=True)
class ItemChange:
    """One published file of a change: an item or a fixed page."""

    action: str  # added, updated, removed, renamed
    path: str  # path in the project after the change (before it, for a removal)
    title: str
    section: str | None  # None for fixed pages (about, contact, ...)
    url: str | None  # the URL path on the site, as of the change
    old_path: str | None = None  # for renames

    def as_dict(self) -> dict:
        data = {"action": self.action, "path": self.path, "title": self.title}
        data.update(section=self.section, url=self.url)
        if self.old_path:
            data["old_path"] = self.old_path
        return data


@dataclass(frozen=True)
class Change:
    """One commit on main's first-parent line, as the update log sees it."""

    commit: str
    date: datetime  # committer date, in the site's time zone
    subject: str
    authors: tuple[str, ...]
    items: tuple[ItemChange, ...]
    other_files: int  # images and other files of content/ that changed
    files: int  # every file the change touched
    reverts: str | None
    pull_request: int | None
    # every path the change touched, old and new side, from the repository's top: whose
    # A/B role covers the change is judged on these (pipeline.records.reviews)
    paths: tuple[str, ...] = ()

    @property
    def touches_content(self) -> bool:
        return bool(self.items or self.other_files)


@dataclass
class _Side:
    title: str
    url: str | None
    draft: bool


class History:
    """main's history in the repository that holds the project at ``site_config.root``."""

    def __init__(self, site_config: SiteConfig, layout: Layout, records: RecordsConfig) -> None:
        root = site_config.root.resolve()
        try:
            self.repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise ConfigError(site_config.rel(root), None, "records/not-a-repo") from None
        self.timezone: ZoneInfo = site_config.timezone
        self.layout = layout
        self.sections = site_config.sections
        self.roles = site_config.roles  # A and B of every area: who may approve a change
        top = Path(self.repo.working_tree_dir).resolve()
        self.project_prefix = _posix(root.relative_to(top))
        self.docs_prefix = _posix(layout.docs_dir.resolve().relative_to(top))
        self.log_path = _join(self.project_prefix, records.log_file)
        self.branch = records.branch
        if self.repo.git.rev_parse("--is-shallow-repository").strip() == "true":
            raise ConfigError(site_config.rel(root), None, "records/shallow")
        self.tip = self._branch_tip(site_config)

    def _branch_tip(self, site_config: SiteConfig) -> git.Commit:
        for ref in (f"refs/heads/{self.branch}", f"refs/remotes/origin/{self.branch}"):
            try:
                return self.repo.commit(ref)
            except (BadName, ValueError, git.GitCommandError):
                continue
        raise ConfigError(
            site_config.rel(site_config.config_dir / "records.yml"),
            None,
            "records/no-branch",
            branch=self.branch,
        )

    def first_parent_chain(self) -> list[git.Commit]:
        """main's first-parent line, oldest first."""
        return list(reversed(list(self.repo.iter_commits(self.tip, first_parent=True))))

    def committed(self, commit: git.Commit) -> datetime:
        return commit.committed_datetime.astimezone(self.timezone)

    def analyse(self, commit: git.Commit) -> Change:
        parent = commit.parents[0] if commit.parents else None
        pairs = self._changed(parent, commit)
        items, other = self._items(pairs)
        message = commit.message
        return Change(
            commit=commit.hexsha,
            date=self.committed(commit),
            subject=commit.summary if isinstance(commit.summary, str) else str(commit.summary),
            authors=self._authors(commit),
            items=items,
            other_files=other,
            files=len(pairs),
            reverts=_first(_REVERTS, message, "sha"),
            pull_request=_pull_request(message),
            paths=tuple(sorted({p for o, n, _, _ in pairs for p in (o, n) if p} - {self.log_path})),
        )

    def changes_between(self, old: git.Commit, new: git.Commit) -> tuple[ItemChange, ...]:
        """Published files changed from ``old`` to ``new`` (a pull request's merge base and
        head), as the update log would describe them."""
        return self._items(self._changed(old, new))[0]

    def _items(self, pairs: list[tuple]) -> tuple[tuple[ItemChange, ...], int]:
        """The item and page changes among changed files, and how many other content files."""
        items: list[ItemChange] = []
        other = 0
        for old_path, new_path, old_blob, new_blob in pairs:
            path = new_path or old_path
            if path == self.log_path or not _under(path, self.docs_prefix):
                continue
            docs_path = path[len(self.docs_prefix) + 1 :] if self.docs_prefix else path
            if PurePosixPath(path).suffix.lower() not in MARKDOWN_SUFFIXES:
                other += 1
                continue
            change = self._item_change(old_path, new_path, old_blob, new_blob, docs_path)
            if change is not None:
                items.append(self._project_relative(change))
        items.sort(key=lambda c: (c.section or "", c.path))
        return tuple(items), other

    def _changed(self, parent, commit) -> list[tuple]:
        """(old path, new path, old blob, new blob) of every changed file; renames found."""
        if parent is None:
            return [
                (None, blob.path, None, blob)
                for blob in commit.tree.traverse()
                if blob.type == "blob"
            ]
        pairs = []
        for diff in parent.diff(commit, find_renames=True):
            old_path = None if diff.new_file else diff.a_path
            new_path = None if diff.deleted_file else diff.b_path
            pairs.append((old_path, new_path, diff.a_blob, diff.b_blob))
        return pairs

    def _item_change(self, old_path, new_path, old_blob, new_blob, docs_path):
        old_docs = None
        if old_path and _under(old_path, self.docs_prefix):
            old_docs = old_path[len(self.docs_prefix) + 1 :] if self.docs_prefix else old_path
        before = self._side(old_blob, old_docs) if old_blob is not None and old_docs else None
        after = self._side(new_blob, docs_path) if new_path else None
        # drafts are not published: publishing one is an addition, making one a removal
        if before is not None and before.draft:
            before = None
        if after is not None and after.draft:
            after = None
        if before is None and after is None:
            return None
        section = self.layout.section_of(docs_path)
        if before is None:
            return ItemChange("added", new_path, after.title, section, after.url)
        if after is None:
            path = old_path or new_path
            section = self.layout.section_of(old_docs) if old_docs else section
            return ItemChange("removed", path, before.title, section, before.url)
        if old_path and new_path and old_path != new_path:
            return ItemChange("renamed", new_path, after.title, section, after.url, old_path)
        return ItemChange("updated", new_path, after.title, section, after.url)

    def _project_relative(self, change: ItemChange) -> ItemChange:
        """Paths as people see them in the project (content/...), wherever the repository is."""
        cut = len(self.project_prefix) + 1 if self.project_prefix else 0
        old = change.old_path[cut:] if change.old_path else None
        return replace(change, path=change.path[cut:], old_path=old)

    def _side(self, blob, docs_path: str) -> _Side:
        text = blob.data_stream.read().decode("utf-8", "replace").lstrip("\ufeff")
        stem = PurePosixPath(docs_path).stem
        try:
            meta = frontmatter.loads(text).metadata
        except Exception:  # a file that did not parse in history: still logged, by name
            meta = {}
        title = meta.get("title") if isinstance(meta.get("title"), str) else stem
        draft = meta.get("draft") is True
        section = self.layout.section_of(docs_path)
        if section is None:
            return _Side(title, _page_url(docs_path), draft)
        slug = meta.get("slug") if isinstance(meta.get("slug"), str) else slugify(title)
        when = _as_datetime(meta.get("date"), self.timezone)
        url = f"{section}/{when:%Y/%m/%d}/{slug}/" if when and slug else None
        return _Side(title, url, draft)

    def _authors(self, commit: git.Commit) -> tuple[str, ...]:
        """Who made the change: for a merge, the authors of the merged commits."""
        names: list[str] = []
        if len(commit.parents) > 1:
            # every merged parent: an octopus merge brings several branches at once
            merged = self.repo.iter_commits(
                [p.hexsha for p in commit.parents[1:]] + [f"^{commit.parents[0].hexsha}"]
            )
            names = [c.author.name for c in reversed(list(merged))]
        return tuple(dict.fromkeys(names or [commit.author.name]))


def _pull_request(message: str) -> int | None:
    match = _PULL.search(message.splitlines()[0] if message else "")
    if not match:
        return None
    return int(match["n"] or match["m"])


def _first(pattern: re.Pattern, text: str, group: str) -> str | None:
    match = pattern.search(text)
    return match[group] if match else None


def _as_datetime(value, timezone: ZoneInfo) -> datetime | None:
    if not isinstance(value, (str, date)):
        return None
    try:
        return parse_datetime(value, timezone).astimezone(timezone)
    except (FieldError, ValueError, TypeError):
        return None


def _page_url(docs_path: str) -> str:
    path = PurePosixPath(docs_path)
    if path.stem in ("index", "README"):
        parent = path.parent.as_posix()
        return "" if parent == "." else f"{parent}/"
    return f"{path.with_suffix('').as_posix()}/"


def _posix(path: Path) -> str:
    text = path.as_posix()
    return "" if text == "." else text


def _join(prefix: str, rel: str) -> str:
    return f"{prefix}/{rel}" if prefix else PurePosixPath(rel).as_posix()


def _under(path: str, prefix: str) -> bool:
    return not prefix or path.startswith(prefix + "/")
