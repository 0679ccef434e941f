"""Who approved a change: the pull request's reviews, judged against the A/B roles.

The publish workflow reads, through the GitHub API, the pull request that brought every
commit it logs and that pull request's reviews, into a JSON file (the format is in
docs/administrator-guide.md, "Approvals"); `pipeline log --reviews FILE` reads it here.
Trailers such as ``Approved-by:`` are text the author wrote and never count.

An approval counts when its reviewer is not an author of the pull request, their last
word on it is APPROVED, it approved the head that was merged (when the file says which),
and they hold the A or B role of an area the change touches (site_config/roles.yml,
matched like CODEOWNERS: the last matching pattern wins). Every touched area needs one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.config.base import ConfigError

FORMAT = 1
MAX_BYTES = 50 * 1024 * 1024  # a push of thousands of commits stays far below this
_SHA = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
# GitHub keeps a reviewer's latest of these as their word on the pull request; COMMENTED
# and PENDING leave an earlier approval standing
_VERDICTS = ("APPROVED", "CHANGES_REQUESTED", "DISMISSED")
_ANY_AREA = "*"

# why a change is recorded as 未经审核 (the keys of log.unreviewed.* in the catalogue)
NO_REVIEWS = "no-reviews"  # pipeline log ran without --reviews
NOT_IN_REVIEWS = "not-in-reviews"  # the reviews file says nothing about the commit
DIRECT_PUSH = "direct-push"  # no merged pull request brought the commit
NO_APPROVAL = "no-approval"  # merged with no approving review (an administrator's bypass)
SELF_APPROVAL = "self-approval"  # the only approvals came from the pull request's authors
STALE_APPROVAL = "stale-approval"  # approvals of an earlier head than the one merged
NO_OWNER = "no-owner-approval"  # no A or B owner of a touched area approved
NO_ROLES = "no-roles"  # the site has no site_config/roles.yml: nobody holds a role


@dataclass(frozen=True)
class Review:
    user: str  # GitHub login, lower case (GitHub ignores case)
    state: str
    commit: str | None  # the head the review was given on


@dataclass(frozen=True)
class PullRequest:
    number: int
    authors: frozenset[str]  # the pull request's author and its commits' authors, lower case
    head: str | None  # the head that was merged
    reviews: tuple[Review, ...]  # oldest first, as the API lists them


@dataclass(frozen=True)
class Reviews:
    """What the workflow read: commit SHA -> the merged pull request (None: pushed directly)."""

    rel: str
    pulls: dict[str, PullRequest | None]


@dataclass(frozen=True)
class Verdict:
    approvers: tuple[str, ...]  # valid approvers only; may be non-empty when not approved
    reason: str | None  # None: approved
    names: tuple[str, ...] = ()  # reviewers the reason is about
    areas: tuple[str, ...] = ()  # areas that lack an owner's approval
    pull_request: int | None = None

    def as_record(self) -> dict | None:
        if self.reason is None:
            return None
        return {"reason": self.reason, "names": list(self.names), "areas": list(self.areas)}


def read_reviews(path: Path, rel: str) -> Reviews:
    """The workflow's reviews file; a malformed one is refused with its line and the cause."""
    try:
        size = path.stat().st_size
    except OSError:
        raise ConfigError(rel, None, "records/reviews-missing") from None
    if size > MAX_BYTES:
        raise ConfigError(rel, None, "records/reviews-too-big", limit=MAX_BYTES // 1024 // 1024)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(rel, line, "records/bad-reviews", problem="not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(rel, exc.lineno, "records/bad-reviews", problem=exc.msg) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(rel, 1, "records/bad-reviews", problem=f'"format": {FORMAT} missing')
    commits = data.get("commits")
    if not isinstance(commits, list):
        raise ConfigError(rel, _line_of(text, '"commits"'), "records/bad-reviews", problem=_WANT)
    pulls: dict[str, PullRequest | None] = {}
    for index, record in enumerate(commits):
        where = f"commits[{index}]"
        sha = record.get("commit") if isinstance(record, dict) else None
        line = _line_of(text, f'"{sha}"') if isinstance(sha, str) else None
        if not isinstance(sha, str) or not _SHA.match(sha) or "pull_request" not in record:
            problem = f"{where} needs a full commit SHA and pull_request"
            raise ConfigError(rel, line, "records/bad-reviews", problem=problem)
        try:
            pulls[sha] = _pull(record["pull_request"])
        except ValueError as exc:
            problem = f"{where}.pull_request: {exc}"
            raise ConfigError(rel, line, "records/bad-reviews", problem=problem) from None
    return Reviews(rel, pulls)


_WANT = '"commits" must be a list of {"commit": SHA, "pull_request": {…} or null}'


def _pull(value) -> PullRequest | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("an object or null")
    number = value.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        raise ValueError('"number" must be the pull request number')
    author = value.get("author")
    if not isinstance(author, str):  # "" for a deleted account
        raise ValueError('"author" must be the GitHub login of its author')
    extra = value.get("commit_authors", [])
    if not isinstance(extra, list) or not all(isinstance(a, str) for a in extra):
        raise ValueError('"commit_authors" must be a list of GitHub logins')
    head = value.get("head")
    if head is not None and not (isinstance(head, str) and _SHA.match(head)):
        raise ValueError('"head" must be a full commit SHA')
    reviews = value.get("reviews")
    if not isinstance(reviews, list):
        raise ValueError('"reviews" must be a list')
    parsed = []
    for number_in_list, review in enumerate(reviews):
        if not isinstance(review, dict) or not isinstance(review.get("state"), str):
            raise ValueError(f'reviews[{number_in_list}] needs "user" and "state"')
        user = review.get("user")
        if user is None or user == "":  # a deleted account: GitHub's "ghost", nobody
            continue
        if not isinstance(user, str):
            raise ValueError(f"reviews[{number_in_list}].user must be a GitHub login")
        commit = review.get("commit")
        parsed.append(Review(user.lower(), review["state"].upper(), commit or None))
    authors = frozenset(a.lower() for a in [author, *extra] if a)
    return PullRequest(number, authors, head, tuple(parsed))


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


# -- judging one change ---------------------------------------------------------------------


def judge(reviews: Reviews | None, commit: str, paths: tuple[str, ...], roles) -> Verdict:
    """The approval of the change ``commit`` that touched ``paths`` (repository paths),
    by ``roles`` (the site's roles.yml, or None)."""
    if reviews is None:
        return Verdict((), NO_REVIEWS)
    if commit not in reviews.pulls:
        return Verdict((), NOT_IN_REVIEWS)
    pull = reviews.pulls[commit]
    if pull is None:
        return Verdict((), DIRECT_PUSH)
    number = pull.number
    latest: dict[str, Review] = {}
    for review in pull.reviews:
        if review.state in _VERDICTS:
            latest[review.user] = review
    approvals = [r for r in latest.values() if r.state == "APPROVED"]
    if not approvals:
        return Verdict((), NO_APPROVAL, pull_request=number)
    own = [r.user for r in approvals if r.user in pull.authors]
    stale = [
        r.user
        for r in approvals
        if r.user not in pull.authors and pull.head and r.commit and r.commit != pull.head
    ]
    others = [r.user for r in approvals if r.user not in own and r.user not in stale]
    if not others:
        reason, names = (SELF_APPROVAL, own) if own else (STALE_APPROVAL, stale)
        return Verdict((), reason, tuple(names), pull_request=number)
    if roles is None:
        return Verdict((), NO_ROLES, tuple(others), pull_request=number)
    owners = _owners(roles, paths)
    valid = [u for u in others if any(u in people for people in owners.values())]
    missing = [area for area, people in owners.items() if not people & set(valid)]
    if missing:
        outsiders = tuple(u for u in others if u not in valid) or tuple(others)
        areas = tuple(a for a in missing if a != _ANY_AREA)  # empty: no owner of any area
        return Verdict(tuple(valid), NO_OWNER, outsiders, areas, number)
    return Verdict(tuple(valid), None, pull_request=number)


def _owners(roles, paths: tuple[str, ...]) -> dict[str, set[str]]:
    """Area name -> its A and B (lower case) for every area the paths fall in. A change
    in no area may be approved by any owner of any area."""
    areas = list(roles.areas)
    touched: dict[str, set[str]] = {}
    for path in paths:
        area = None
        for candidate in areas:  # CODEOWNERS: the last matching line wins
            if any(_pattern(p).match(path) for p in candidate.paths):
                area = candidate
        if area is not None:
            touched[area.name] = _people(area)
    if not touched:
        anyone = set().union(*(_people(a) for a in areas)) if areas else set()
        touched[_ANY_AREA] = anyone
    return touched


def _people(area) -> set[str]:
    # a team (org/team) cannot be resolved here: only people named directly count
    return {o.lower() for o in (area.a, area.b) if o and "/" not in o}


@lru_cache(maxsize=512)
def _pattern(pattern: str) -> re.Pattern:
    """A CODEOWNERS (gitignore-style) pattern as a regular expression over a path."""
    body = pattern.strip()
    anchored = body.startswith("/") or "/" in body.rstrip("/")
    body = body.strip("/")
    out = []
    index = 0
    while index < len(body):
        if body.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif body.startswith("**", index):
            out.append(".*")
            index += 2
        elif body[index] == "*":
            out.append("[^/]*")
            index += 1
        elif body[index] == "?":
            out.append("[^/]")
            index += 1
        else:
            out.append(re.escape(body[index]))
            index += 1
    # a pattern names a file, or a folder and everything under it
    return re.compile(("^" if anchored else "^(?:.*/)?") + "".join(out) + "(?:/.*)?$")
