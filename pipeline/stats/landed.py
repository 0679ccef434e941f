"""When each item first landed on main, from git history (gitpython).

An item lands with the first commit of main's first-parent line that holds it as a
non-draft: for a merged pull request that is the merge commit, so the time is when
it reached main, not when the editor wrote it. Renames keep the first landing. Items
that came with main's very first commit were imported with the repository: their
landing says nothing about punctuality.

History is read up to where this checkout meets main (the merge base of HEAD and
main), so a build of an old commit (a quarterly archive) sees the history as it was
then, and gives the same page whenever it is built.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

import frontmatter
import git

from pipeline.config.base import ConfigError
from pipeline.config.site import SiteConfig
from pipeline.content.layout import Layout
from pipeline.core.i18n import UI, render_message, ui
from pipeline.records.history import History
from pipeline.records.settings import RecordsConfig

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*$", re.S | re.M)
_DRAFT_LINE = re.compile(r"^draft\s*:", re.M)


@dataclass(frozen=True)
class Landing:
    commit: str
    when: datetime  # committer time of main's commit, in the site's time zone
    imported: bool  # came with main's first commit


@dataclass(frozen=True)
class Landings:
    """Landing of every item path (relative to the project root) that reached main."""

    by_path: dict[str, Landing]
    problem: ConfigError | None = None  # why there is no history (not a repository, ...)

    @property
    def available(self) -> bool:
        return self.problem is None

    def why_not(self, lang: str) -> str:
        """Why there is no history, in a few words (the records' own message is about the
        update log)."""

        key = f"stats.why.{self.problem.rule}"
        if key in UI:
            return ui(key, lang, **self.problem.params)
        return render_message(self.problem.rule, lang, self.problem.params)


def read_landings(site_config: SiteConfig, layout: Layout) -> Landings:
    """Landings from git, or none with the reason: stats work from content alone."""
    records = site_config.records or RecordsConfig()
    try:
        history = History(site_config, layout, records)
    except ConfigError as exc:
        return Landings({}, exc)
    return Landings(_walk(history, layout))


def _walk(history, layout: Layout) -> dict[str, Landing]:
    repo: git.Repo = history.repo
    try:
        base = repo.merge_base("HEAD", history.tip)
    except (git.GitCommandError, ValueError):
        base = []
    until = base[0] if base else history.tip
    prefix = history.docs_prefix
    folders = [f"{prefix}/{p}" if prefix else p for p in layout.posts_dirs.values()]
    root = repo.commit(until)
    roots = {c.hexsha for c in repo.iter_commits(root, first_parent=True, max_parents=0)}
    # --raw names each file's new blob, which is read directly (no tree lookups)
    text = repo.git.log(
        until.hexsha,
        "--first-parent",
        "--diff-merges=first-parent",
        "--reverse",
        "-M",
        "--raw",
        "--no-abbrev",
        "--format=%x00%H %ct",
        "--",
        *folders,
    )
    landed: dict[str, Landing] = {}
    pending: set[str] = set()  # in main, but drafts so far
    for block in text.split("\x00")[1:]:
        head, *lines = block.strip().splitlines()
        sha, stamp = head.split()
        when = datetime.fromtimestamp(int(stamp), history.timezone)
        for line in lines:
            meta, *paths = line.split("\t")
            fields = meta.split()
            if len(fields) < 5 or not paths:
                continue
            blob, status = fields[3], fields[4]
            paths = [_unquoted(p) for p in paths]
            if PurePosixPath(paths[-1]).suffix.lower() not in (".md", ".markdown"):
                continue
            if status.startswith("R") and len(paths) == 2:
                old, new = paths
                if old in landed:
                    landed[new] = landed.pop(old)
                    continue
                pending.discard(old)  # a draft moved: it may be published in the same change
                status, paths = "A", [new]
            path = paths[-1]
            if status == "D":
                landed.pop(path, None)
                pending.discard(path)
            elif status in ("A", "M") and path not in landed:
                if _is_draft(repo, blob):
                    pending.add(path)
                else:
                    pending.discard(path)
                    landed[path] = Landing(sha, when, sha in roots)
    cut = len(history.project_prefix) + 1 if history.project_prefix else 0
    return {path[cut:]: landing for path, landing in landed.items()}


def _unquoted(path: str) -> str:
    """git writes a path with non-ASCII characters quoted, with octal escapes of its UTF-8
    bytes ("content/news/\\345\\274\\200.md"), unless core.quotepath is off."""
    if not (path.startswith('"') and path.endswith('"')):
        return path
    raw = codecs.escape_decode(path[1:-1].encode("ascii", "backslashreplace"))[0]
    return raw.decode("utf-8", "replace")


def _is_draft(repo: git.Repo, blob: str) -> bool:
    """Whether a committed version of an item says ``draft: true``. Only a front matter
    with a draft line is parsed: YAML for every version would be most of the time."""
    try:
        text = repo.odb.stream(bytes.fromhex(blob)).read().decode("utf-8", "replace")
    except (ValueError, git.BadObject):
        return False
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if match is None or not _DRAFT_LINE.search(match.group(1)):
        return False
    try:
        return frontmatter.loads(text).metadata.get("draft") is True
    except Exception:  # a file that did not parse then: judged by its name, as records do
        return False
