"""The update log (网站更新记录表): an append-only data file, one JSON object per line.

Entries are keyed by commit and never rewritten: a run appends the changes that
reached main since the last logged one, numbered on from the highest sequence
number in the file. docs/administrator-guide.md ("Update log and quarterly archives")
describes the format.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.config.base import ConfigError
from pipeline.config.site import SiteConfig
from pipeline.core.i18n import ui
from pipeline.records.history import Change, History
from pipeline.records.loglock import log_lock
from pipeline.records.quarters import Quarter
from pipeline.records.reviews import (
    DIRECT_PUSH,
    NO_APPROVAL,
    NO_OWNER,
    NO_REVIEWS,
    NO_ROLES,
    NOT_IN_REVIEWS,
    SELF_APPROVAL,
    STALE_APPROVAL,
    Reviews,
    Verdict,
    judge,
)
from pipeline.records.settings import RecordsConfig

PAGES = "pages"  # the "section" of fixed pages (home, about, contact)
_FIELDS = (
    "seq",
    "commit",
    "date",
    "kind",
    "sections",
    "changes",
    "other_files",
    "authors",
    "approvers",
    "subject",
    "pull_request",
    "reverts",
    "unreviewed",
)


@dataclass(frozen=True)
class Entry:
    seq: int
    commit: str
    date: str  # ISO 8601 with the site's offset, from the committer date
    kind: str  # "content", "revert" or "other" (no published content changed)
    sections: list[str]
    changes: list[dict]
    other_files: int
    authors: list[str]
    approvers: list[str]
    subject: str
    pull_request: int | None = None
    reverts: str | None = None
    # None: approved (or an entry written before approvals were judged); otherwise why the
    # change is 未经审核: {"reason": …, "names": [...], "areas": [...]}
    unreviewed: dict | None = None

    @property
    def moment(self) -> datetime:
        return datetime.fromisoformat(self.date)

    def quarter(self, site_config: SiteConfig) -> Quarter:
        return Quarter.of(self.moment, site_config.timezone)

    def to_json(self) -> str:
        data = {name: getattr(self, name) for name in _FIELDS}
        return json.dumps(data, ensure_ascii=False)


def entry_from_change(change: Change, seq: int, verdict: Verdict) -> Entry:
    sections = sorted({c.section or PAGES for c in change.items})
    kind = "content" if change.touches_content else "other"
    if change.reverts:
        kind = "revert"
    return Entry(
        seq=seq,
        commit=change.commit,
        date=change.date.isoformat(),
        kind=kind,
        sections=sections,
        changes=[c.as_dict() for c in change.items],
        other_files=change.other_files,
        authors=list(change.authors),
        approvers=list(verdict.approvers),
        subject=change.subject,
        # the number GitHub gave, when the reviews say; the message's "(#12)" otherwise
        pull_request=verdict.pull_request or change.pull_request,
        reverts=change.reverts,
        unreviewed=verdict.as_record(),
    )


def read_log(path: Path, rel: str) -> list[Entry]:
    if path.is_dir():
        raise ConfigError(rel, None, "records/log-is-a-folder")
    if not path.is_file():
        return []
    entries: list[Entry] = []
    data = path.read_bytes()
    try:  # a log saved again as GBK would garble every name in the records
        text = data.decode("utf-8").removeprefix("\ufeff")  # Notepad's BOM is harmless
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(rel, line, "records/log-not-utf8") from None
    lines_of: dict[str, int] = {}  # commit -> its line
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise ConfigError(rel, number, "records/bad-log-line", problem=str(exc)) from None
        entry = entry_from_data(data, rel, number)
        if entries and entry.seq <= entries[-1].seq:
            previous = entries[-1].seq
            raise ConfigError(
                rel, number, "records/log-seq-order", seq=entry.seq, previous=previous
            )
        if entry.commit in lines_of:
            raise ConfigError(
                rel,
                number,
                "records/log-duplicate-commit",
                commit=entry.commit[:12],
                first=lines_of[entry.commit],
            )
        lines_of[entry.commit] = number
        entries.append(entry)
    return entries


def _is_text_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_change(value) -> bool:
    return isinstance(value, dict) and all(
        isinstance(value.get(key), str) for key in ("action", "path", "title")
    )


def _is_date(value) -> bool:
    try:
        return isinstance(value, str) and datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


# a line edited by hand must fail here, with its line, not deep inside the CSV or the page
_CHECKS = {
    "seq": (lambda v: _is_count(v) and v > 0, "12"),
    "commit": (lambda v: isinstance(v, str) and bool(v), '"3f2a…"'),
    "date": (_is_date, '"2026-03-12T10:00:00+08:00"'),
    "kind": (lambda v: isinstance(v, str), '"content"'),
    "sections": (_is_text_list, '["news"]'),
    "changes": (lambda v: isinstance(v, list) and all(map(_is_change, v)), "[{…}]"),
    "other_files": (_is_count, "0"),
    "authors": (_is_text_list, '["张伟"]'),
    "approvers": (_is_text_list, '["王经理"]'),
    "subject": (lambda v: isinstance(v, str), '"…"'),
    "pull_request": (lambda v: v is None or _is_count(v), "12"),
    "reverts": (lambda v: v is None or isinstance(v, str), '"3f2a…"'),
    "unreviewed": (lambda v: v is None or _is_unreviewed(v), '{"reason": "direct-push", …}'),
}
_OPTIONAL = ("pull_request", "reverts", "unreviewed")


def _is_unreviewed(value) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("reason"), str)
        and _is_text_list(value.get("names", []))
        and _is_text_list(value.get("areas", []))
    )


def entry_from_data(data, rel: str, number: int) -> Entry:
    if not isinstance(data, dict):
        raise ConfigError(
            rel, number, "records/bad-log-field", field="{…}", example='{"seq": 12, …}'
        )
    for name, (valid, example) in _CHECKS.items():
        if name not in data and name in _OPTIONAL:
            continue
        if name not in data or not valid(data[name]):
            raise ConfigError(rel, number, "records/bad-log-field", field=name, example=example)
    return Entry(**{name: data[name] for name in _FIELDS if name in data})


def append_entries(path: Path, entries: list[Entry]) -> None:
    """Append only: what is in the file stays byte for byte as it was."""
    if not entries:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    lead = b""
    if path.is_file() and path.stat().st_size:
        with path.open("rb") as existing:
            existing.seek(-1, 2)
            lead = b"" if existing.read(1) == b"\n" else b"\n"
    with path.open("ab") as log:
        log.write(lead + "".join(e.to_json() + "\n" for e in entries).encode("utf-8"))


@dataclass
class LogUpdate:
    added: list[Entry] = field(default_factory=list)

    @property
    def unreviewed(self) -> list[Entry]:
        return [e for e in self.added if e.unreviewed is not None]


def pending_changes(history: History, logged: set[str]) -> list:
    """First-parent commits after the last logged one (all of them on the first run)."""
    chain = history.first_parent_chain()
    start = 0
    for index, commit in enumerate(chain):
        if commit.hexsha in logged:
            start = index + 1
    return [c for c in chain[start:] if c.hexsha not in logged]


def changes_to_log(history: History, records: RecordsConfig, logged: set[str]) -> list[Change]:
    """The changes a run would append, oldest first."""
    changes = []
    for commit in pending_changes(history, logged):
        change = history.analyse(commit)
        if change.touches_content or records.non_content != "skip":
            changes.append(change)
    return changes


def pending_commits(
    history: History, records: RecordsConfig, log_path: Path, rel: str
) -> list[str]:
    """The SHAs the next run would log: the commits the workflow reads the reviews of."""
    logged = {e.commit for e in read_log(log_path, rel)}
    return [c.commit for c in changes_to_log(history, records, logged)]


def update_log(
    history: History,
    records: RecordsConfig,
    log_path: Path,
    rel: str,
    reviews: Reviews | None = None,
) -> LogUpdate:
    """Append every change not logged yet, each judged on the reviews (None: none read, so
    every new entry is 未经审核). Under the log's lock: concurrent runs append once."""
    update = LogUpdate()
    with log_lock(log_path, rel):
        existing = read_log(log_path, rel)
        seq = max((e.seq for e in existing), default=0)
        for change in changes_to_log(history, records, {e.commit for e in existing}):
            verdict = judge(reviews, change.commit, change.paths, history.roles)
            seq += 1
            update.added.append(entry_from_change(change, seq, verdict))
        append_entries(log_path, update.added)
    return update


_UNREVIEWED_KEYS = {
    NO_REVIEWS: "log.unreviewed.no-reviews",
    NOT_IN_REVIEWS: "log.unreviewed.not-in-reviews",
    DIRECT_PUSH: "log.unreviewed.direct-push",
    NO_APPROVAL: "log.unreviewed.no-approval",
    SELF_APPROVAL: "log.unreviewed.self-approval",
    STALE_APPROVAL: "log.unreviewed.stale-approval",
    NO_OWNER: "log.unreviewed.no-owner-approval",
    NO_ROLES: "log.unreviewed.no-roles",
}


def unreviewed_text(entry: Entry, lang: str) -> str:
    """未经审核 and why, for the 审核人 column and the warnings."""
    record = entry.unreviewed or {}
    sep = ui("separator.list", lang)
    names = sep.join(record.get("names", [])) or "-"
    areas = sep.join(record.get("areas", [])) or ui("log.any-area", lang)
    reason = record.get("reason", "")
    key = _UNREVIEWED_KEYS.get(reason, "log.unreviewed.other")  # a later version's reason
    why = ui(key, lang, names=names, areas=areas, reason=reason)
    return ui("log.unreviewed", lang, reason=why)


def unreviewed_warning(entry: Entry, lang: str) -> str:
    """The warning about one entry nobody validly approved (``pipeline log``, CI)."""
    return ui(
        "log.unreviewed-warning",
        lang,
        seq=entry.seq,
        commit=entry.commit[:12],
        subject=entry.subject,
        reason=unreviewed_text(entry, lang),
    )


def approvers_text(entry: Entry, lang: str) -> str:
    """The 审核人 cell: the approvers, and 未经审核 with its reason when it was not approved."""
    names = ui("separator.list", lang).join(entry.approvers)
    if entry.unreviewed is None:
        return names
    return ui("separator.clause", lang).join(p for p in (unreviewed_text(entry, lang), names) if p)


# -- how entries read to people ------------------------------------------------------------

_ACTIONS = {
    "added": "log.action.added",
    "updated": "log.action.updated",
    "removed": "log.action.removed",
    "renamed": "log.action.renamed",
}


def section_label(name: str, site_config: SiteConfig, lang: str) -> str:
    if name == PAGES:
        return ui("log.pages", lang)
    section = site_config.sections.get(name)
    return section.title if section else name


def describe_change(change: dict, lang: str, where: bool = True) -> str:
    action_key = _ACTIONS.get(change.get("action"))
    action = ui(action_key, lang) if action_key else change.get("action", "")
    if not where:
        return ui("log.change", lang, action=action, title=change["title"])
    where = f"/{change['url']}" if change.get("url") is not None else change.get("path", "")
    if change.get("old_path"):
        where = f"{change['old_path']} → {change['path']}"
    return ui("log.change-at", lang, action=action, title=change["title"], where=where)


def describe_entry(entry: Entry, lang: str) -> str:
    parts = [describe_change(c, lang) for c in entry.changes]
    if entry.other_files:
        parts.append(ui("log.other-files", lang, count=entry.other_files))
    if not parts:
        parts.append(ui("log.no-content", lang))
    return ui("separator.clause", lang).join(parts)


def remarks(entry: Entry, by_commit: dict[str, Entry], lang: str) -> str:
    parts = []
    if entry.reverts:
        target = next((e for sha, e in by_commit.items() if sha.startswith(entry.reverts)), None)
        number = f" #{target.seq}" if target else ""
        parts.append(ui("log.reverts", lang, number=number, sha=entry.reverts[:7]))
    if entry.pull_request:
        parts.append(f"PR #{entry.pull_request}")
    parts.append(entry.subject)
    return ui("separator.clause", lang).join(parts)


def sections_text(entry: Entry, site_config: SiteConfig, lang: str) -> str:
    return ui("separator.list", lang).join(
        section_label(s, site_config, lang) for s in entry.sections
    )


def local_time(entry: Entry, site_config: SiteConfig) -> str:
    return entry.moment.astimezone(site_config.timezone).strftime("%Y-%m-%d %H:%M")


COLUMNS = ("seq", "date", "sections", "changes", "authors", "approvers", "remarks", "commit")


def column_headers(lang: str) -> tuple[str, ...]:
    """The table's header row, as in the CSV, the page and the archive's HTML."""
    return tuple(ui(f"log.col.{column}", lang) for column in COLUMNS)


def to_csv(
    entries: list[Entry], all_entries: list[Entry], site_config: SiteConfig, lang: str
) -> str:
    """The records keeper's table; UTF-8 with a BOM so that Excel reads the Chinese text."""
    by_commit = {e.commit: e for e in all_entries}
    sep = ui("separator.list", lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(column_headers(lang))
    for entry in sorted(entries, key=lambda e: e.seq):
        writer.writerow(
            (
                entry.seq,
                local_time(entry, site_config),
                _inert(sections_text(entry, site_config, lang)),
                _inert(describe_entry(entry, lang)),
                _inert(sep.join(entry.authors)),
                _inert(approvers_text(entry, lang)),
                _inert(remarks(entry, by_commit, lang)),
                entry.commit,
            )
        )
    return "\ufeff" + buffer.getvalue()


def _inert(text: str) -> str:
    """Excel runs a cell starting with = + - @ as a formula; commit subjects and author
    names come from anyone who can commit, so such a cell is kept as text (OWASP)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
