"""What the workflows need from git, through gitpython: a pull request's changed files and
lines, the update log committed by a bot identity, branches and tags pushed to origin.

Every git call goes through gitpython, which raises on a non-zero exit; failures become
configuration-style errors with git's own message, never a traceback.
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import git
from gitdb.exc import BadName

from pipeline.config.base import ConfigError

BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
# GitHub skips push-triggered workflow runs for a commit whose message says so
SKIP_CI = "[skip ci]"
TOKEN_VARIABLE = "PIPELINE_PUSH_TOKEN"
_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@", re.M)


@dataclass
class ChangedFile:
    """A file a pull request adds, changes or removes, with the lines it touches (new side)."""

    path: str  # relative to the project root
    added: bool
    lines: set[int] = field(default_factory=set)
    removed: bool = False

    def touches(self, line: int | None) -> bool:
        return self.added or line is None or line in self.lines


def open_repo(root: Path, shown: str) -> git.Repo:
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ConfigError(shown, None, "records/not-a-repo") from None


def resolve(repo: git.Repo, ref: str) -> git.Commit:
    try:
        return repo.commit(ref)
    except (BadName, ValueError, git.GitCommandError):
        raise ConfigError(ref, None, "ci/unknown-ref", ref=ref) from None


def pr_range(repo: git.Repo, base: str, head: str) -> tuple[git.Commit, git.Commit]:
    """The merge base of ``base`` and ``head``, and ``head``: what the pull request's diff
    shows, however far main has moved on since the branch was made."""
    base_commit, head_commit = resolve(repo, base), resolve(repo, head)
    merge_bases = repo.merge_base(base_commit, head_commit)
    return (merge_bases[0] if merge_bases else base_commit), head_commit


def changed_files(
    repo: git.Repo, root: Path, start: git.Commit, tip: git.Commit
) -> dict[str, ChangedFile]:
    """Files added, changed or removed from ``start`` to ``tip``, by project-relative path."""
    prefix = project_prefix(repo, root)
    changed: dict[str, ChangedFile] = {}
    for diff in start.diff(tip, create_patch=True, find_renames=True, unified=0):
        path = _in_project(diff.a_path if diff.deleted_file else diff.b_path, prefix)
        if path is None:
            continue
        patch = diff.diff if isinstance(diff.diff, bytes) else b""
        lines = set()
        for hunk in _HUNK.finditer(patch):
            first, count = int(hunk["start"]), int(hunk["count"] or 1)
            lines.update(range(first, first + count))
        changed[path] = ChangedFile(path, bool(diff.new_file), lines, bool(diff.deleted_file))
        old = _in_project(diff.a_path, prefix) if diff.renamed_file else None
        if old is not None and old != path:  # the old URL is gone: links to it break
            changed.setdefault(old, ChangedFile(old, False, removed=True))
    return changed


def _in_project(path: str | None, prefix: str) -> str | None:
    """A repository path relative to the project; None outside it."""
    if not path or not prefix:
        return path or None
    return path[len(prefix) + 1 :] if path.startswith(prefix + "/") else None


def project_prefix(repo: git.Repo, root: Path) -> str:
    """The project's folder inside the repository ("" when it is the repository's top)."""
    top = Path(repo.working_tree_dir).resolve()
    text = PurePosixPath(root.resolve().relative_to(top).as_posix()).as_posix()
    return "" if text == "." else text


def commit_file(repo: git.Repo, path: Path, message: str) -> str:
    """Commit one file (and nothing else that may be staged) as the bot; its SHA."""
    rel = Path(path).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    identity = {
        "GIT_AUTHOR_NAME": BOT_NAME,
        "GIT_AUTHOR_EMAIL": BOT_EMAIL,
        "GIT_COMMITTER_NAME": BOT_NAME,
        "GIT_COMMITTER_EMAIL": BOT_EMAIL,
    }
    try:
        repo.git.add("--", rel)
        # --no-verify: the editors' pre-commit hook is for people, not for the records bot
        repo.git.commit("--no-verify", "--only", "-m", message, "--", rel, env=identity)
    except git.GitCommandError as exc:
        raise ConfigError(rel, None, "ci/git-failed", problem=_stderr(exc)) from None
    return repo.head.commit.hexsha


def push(repo: git.Repo, remote: str, refspec: str) -> None:
    """Push ``refspec`` to ``remote``; a rejection (main moved on) is an error, never a force."""
    try:
        url = repo.remote(remote).url
    except ValueError:
        raise ConfigError(remote, None, "ci/no-remote", remote=remote) from None
    try:
        repo.git.push(remote, refspec, env=_auth_env(url))
    except git.GitCommandError as exc:
        raise ConfigError(
            remote, None, "ci/push-failed", ref=refspec, problem=_stderr(exc)
        ) from None


def _auth_env(url: str) -> dict[str, str]:
    """The token as an HTTP header for this one push, as actions/checkout does it, so it is
    never written to .git/config nor shown in a URL or a process list."""
    token = os.environ.get(TOKEN_VARIABLE)
    parts = urlsplit(url)
    if not token or parts.scheme != "https":
        return {}
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    return {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"http.https://{parts.netloc}/.extraheader",
        "GIT_CONFIG_VALUE_0": f"AUTHORIZATION: basic {basic}",
    }


def _stderr(exc: git.GitCommandError) -> str:
    text = exc.stderr if isinstance(exc.stderr, str) else str(exc)
    return " ".join(text.replace("stderr:", "").split()).strip(" '")
