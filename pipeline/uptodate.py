"""Whether `pipeline build` has anything to do: the site is up to date when every input of
the build is exactly what the last build of the same folder was made from, the moment is
one at which that build's output still holds, and the folder is still exactly what that
build wrote (make's and Hugo's rule, judged by content, not by dates).

A build's output depends on:

- the sources: content/, site_config/ (but deploy.yml) and mkdocs.yml (the stamp's
  ``sources``, ``pipeline.deploy.stamp.source_digest``);
- what mkdocs.yml names outside them: the files it inherits (``INHERIT``), a theme's
  ``custom_dir``, ``hooks``, and the environment variables its ``!ENV`` tags read; the
  update log (records.yml ``log_file``), wherever it is; ``SOURCE_DATE_EPOCH`` and ``TZ``;
- the programs: every file of the pipeline package (its templates and assets too), the
  installed distributions and their versions (the engine, Material, every plugin and
  library), Python's version, and the pipeline's requirements.lock and locks/ (the pinned
  Decap CMS that a build copies into admin/) when there are;
- the build's options: drafts, preview, internal pages, speed-ups;
- the dates the sitemap gives the fixed pages and the update log (their last commit, or
  their modification time outside git: ``pipeline.seo.sitemap.source_dates``);
- the time: items appear at their ``publish`` (else ``date``) and leave at ``expire``;
  the footer's copyright line ends with the current year in the site's time zone; the
  personal-number checks judge a birth date against the machine's date. The stamp keeps
  the moment the build published for and the first later moment at which any of these
  changes the output (``valid_until``).

A build that shows the team's figures page reads git history and the current week and
month: it is never taken as up to date (nor is a build whose findings cannot be recorded).
Files are hashed through the same size-and-modification-time cache as the stamp's
(``.cache/pipeline/builds/``), so judging a site of 11,571 files reads no file twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Protocol

from pipeline.config.base import ConfigError
from pipeline.content.opening import read_mkdocs_file
from pipeline.content.project import Project
from pipeline.core.findings import Finding, Findings
from pipeline.deploy.stamp import (
    Reuse,
    files_under,
    hashed,
    load_hashes,
    read_stamp,
    save_hashes,
    site_state,
    tree_digest,
)
from pipeline.seo.sitemap import source_dates

INPUT_HASHES = "inputs.json"  # the inputs' hashes, beside the sources' and the sites'
CODE_DIR = Path(__file__).resolve().parent  # the pipeline package: code, templates, assets
LOCK_FILE = CODE_DIR.parent / "requirements.lock"  # in a checkout of the pipeline
LOCKS_DIR = CODE_DIR.parent / "locks"  # the pinned editor (Decap CMS) a build copies
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "TZ")  # read by MkDocs (build date), by the clock
_ENV_TAG = re.compile(r"!ENV\s+(\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_]*)")
_INHERIT = re.compile(r"^INHERIT:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)


class Dated(Protocol):
    """An item's moments (``pipeline.content.model.Item``), without importing the model."""

    date: datetime
    publish: datetime | None
    expire: datetime | None


@dataclass(frozen=True)
class BuildOptions:
    """What a build is asked to do, as far as its output depends on it."""

    drafts: bool
    preview: bool  # drafts, or another publishing time: built into site-preview/
    internal: bool  # the internal records' pages (update log, team figures)
    speedups: bool

    def site_dir(self, project: Project) -> Path:
        return project.preview_dir if self.preview or self.drafts else project.site_dir


@dataclass(frozen=True)
class UpToDate:
    """The verdict: the site in ``site_dir`` is what a build would make now."""

    site_dir: Path
    findings: Findings  # what the build that made it reported
    files: int  # the content files it checked
    pages: int  # its HTML pages


# -- the inputs ---------------------------------------------------------------------------


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _file_digest(path: Path, key: str, known: dict, fresh: dict) -> str:
    try:
        size, sha = hashed(os.fspath(path), key, known, fresh)
    except OSError:
        return f"{key}\0-\n"  # missing: also an input
    return f"{key}\0{size}\0{sha}\n"


def _folder_digest(folder: Path, key: str, known: dict, fresh: dict) -> str:
    digest = hashlib.sha256()
    for path, rel in files_under(folder, key + "/"):
        if "__pycache__" in rel or rel.endswith((".pyc", ".pyo")):
            continue
        digest.update(_file_digest(Path(path), rel, known, fresh).encode())
    return f"{key}/\0{digest.hexdigest()}\n"


def _mkdocs_inputs(project: Project, known: dict, fresh: dict) -> list[str]:
    """What mkdocs.yml reads outside the digested sources: inherited files, the theme's
    custom_dir, hooks, environment variables."""
    parts, chain, config = [], [], project.config_file
    while config not in chain and len(chain) < 10:  # INHERIT, followed as MkDocs does
        chain.append(config)
        try:
            text = config.read_text("utf-8-sig")
        except OSError:
            break
        parts.extend(f"env\0{n}\0{os.environ.get(n)}\n" for n in _env_names(text))
        found = _INHERIT.search(text)
        if found is None:
            break
        config = (config.parent / found.group(1)).resolve()
        parts.append(_file_digest(config, "inherit:" + _rel(config, project.root), known, fresh))
    try:
        data = read_mkdocs_file(project.config_file)
    except ConfigError:
        return [*parts, "mkdocs.yml\0unreadable\n"]
    theme = data.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and custom:
        folder = project.root / custom
        parts.append(_folder_digest(folder, "theme:" + _rel(folder, project.root), known, fresh))
    hooks = data.get("hooks")
    for hook in hooks if isinstance(hooks, list) else ():
        path = project.root / str(hook)
        parts.append(_file_digest(path, "hook:" + _rel(path, project.root), known, fresh))
    return parts


def _env_names(text: str) -> list[str]:
    names = []
    for match in _ENV_TAG.finditer(text):
        value = match.group(1)
        names.extend(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", value) if value[0] == "[" else [value])
    return names


def _distributions() -> list[str]:
    """Every installed distribution and its version, from the names of their metadata
    folders (``mkdocs-1.6.1.dist-info``): what pip changes when it upgrades one, read
    without importing anything or parsing any metadata."""
    found = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found.update(f"{entry}\0{n}" for n in names if n.endswith((".dist-info", ".egg-info")))
    return sorted(found)


def dated_files(project: Project, pages: Iterable[Path]) -> list[str]:
    """The files whose dates of change the sitemap shows (as ``pipeline.engine.seo`` picks
    them): the fixed pages and the update log; relative to the project root."""
    paths = list(pages)
    records = project.site_config.records
    if records is not None:
        paths.append(project.root / records.log_file)
    return [_rel(p, project.root) for p in paths]


def input_digest(project: Project, options: BuildOptions, dated: list[str]) -> str:
    """One digest of every input of a build but its sources (the module's docstring)."""
    known = load_hashes(project, INPUT_HASHES)
    fresh: dict[str, list] = {}
    root = project.root
    parts = [
        f"python\0{sys.version}\0{sys.implementation.cache_tag}\n",
        f"options\0{json.dumps(options.__dict__, sort_keys=True)}\n",
        *(f"dist\0{name}\n" for name in _distributions()),
        _file_digest(LOCK_FILE, "<lock>", known, fresh),
        _folder_digest(CODE_DIR, "<pipeline>", known, fresh),
        _folder_digest(LOCKS_DIR, "<locks>", known, fresh),
        *(f"env\0{name}\0{os.environ.get(name)}\n" for name in ENVIRONMENT),
        *_mkdocs_inputs(project, known, fresh),
    ]
    records = project.site_config.records
    if records is not None:
        log = root / records.log_file
        parts.append(_file_digest(log, "log:" + _rel(log, root), known, fresh))
    timezone = project.site_config.timezone
    paths = [root / rel for rel in dated]
    dates = source_dates(paths, root, timezone)
    parts.extend(
        f"dated\0{rel}\0{dates[p].isoformat() if p in dates else '-'}\n"
        for rel, p in zip(dated, paths, strict=True)
    )
    if fresh != known:
        save_hashes(project, fresh, INPUT_HASHES)
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# -- the time -----------------------------------------------------------------------------


def valid_until(items: Iterable[Dated], now: datetime, timezone) -> datetime:
    """The first moment after ``now`` at which a build's output changes by itself: an
    item's publish, date or expire instant; the new year in the site's time zone (the
    copyright line); the machine's next midnight (the personal-number checks take the
    machine's date); the next midnight in UTC."""
    local = now.astimezone(timezone)
    moments = [
        datetime(local.year + 1, 1, 1, tzinfo=timezone),
        datetime.combine(date.today() + timedelta(days=1), time()).astimezone(),
        datetime.combine(datetime.now(UTC).date() + timedelta(days=1), time(), UTC),
    ]
    for item in items:
        moments.extend(m for m in (item.date, item.publish, item.expire) if m and m > now)
    return min(moments)


# -- the findings -------------------------------------------------------------------------


def findings_record(findings: Findings) -> list[dict] | None:
    """The findings as JSON data, or None when one would not read back the same in both
    languages (a parameter JSON cannot hold): such a build is never taken as up to date."""
    record = []
    for finding in findings:
        try:
            data = json.loads(json.dumps(finding.to_record(), ensure_ascii=False))
            again = Finding.from_record(data)
        except (TypeError, ValueError):
            return None
        same = again.to_record() == finding.to_record() or all(
            again.to_dict(lang) == finding.to_dict(lang) for lang in ("zh", "en")
        )
        if not same:
            return None
        record.append(data)
    return record


def findings_from_record(record: list[dict]) -> Findings | None:
    try:
        return Findings(Finding.from_record(data) for data in record)
    except (KeyError, TypeError, ValueError):
        return None


# -- what a build records, what the next one compares --------------------------------------


def reuse_record(
    project: Project, options: BuildOptions, pages: Iterable[Path], items: Iterable[Dated], now
) -> tuple[str, list[str], datetime]:
    """Taken before a build reads its inputs: the inputs' digest, the dated files, and the
    moment until which the output holds (``now``: the moment the build publishes for;
    ``pages``: the fixed pages' source files)."""
    dated = dated_files(project, pages)
    until = valid_until(items, now, project.site_config.timezone)
    return input_digest(project, options, dated), dated, until


def reuse(taken: tuple[str, list[str], datetime], now, findings: Findings, files: int):
    """What the stamp keeps of a finished build; None when its findings cannot be kept."""
    inputs, dated, until = taken
    record = findings_record(findings)
    if record is None:
        return None
    return Reuse(
        inputs=inputs,
        as_of=now.astimezone(UTC).isoformat(),
        valid_until=until.astimezone(UTC).isoformat(),
        dated=dated,
        findings=record,
        files=files,
    )


def up_to_date(project: Project, options: BuildOptions) -> UpToDate | None:
    """The last build of this folder, when a build now would make exactly the site that is
    there; None when anything differs (or the stamp cannot tell)."""
    site_dir = options.site_dir(project)
    stamp = read_stamp(project, site_dir)
    if stamp is None or None in (stamp.inputs, stamp.as_of, stamp.valid_until, stamp.dated):
        return None  # no stamp, or one of a version that did not record the inputs
    if stamp.findings is None or stamp.files is None:
        return None
    wanted = (site_dir.name, options.preview or options.drafts, options.drafts)
    if (stamp.folder, stamp.preview, stamp.drafts) != wanted:
        return None
    try:
        as_of = datetime.fromisoformat(stamp.as_of)
        until = datetime.fromisoformat(stamp.valid_until)
    except (TypeError, ValueError):
        return None
    if not as_of <= datetime.now(UTC) < until:
        return None  # published for another moment, or something has come due since
    if not (site_dir / "index.html").is_file():
        return None
    # a source changed since the last build (what most builds are for): known before the
    # other inputs are digested and the last build's files (thousands) hashed
    files, sources = site_state(project, site_dir, stamp.sources)
    if sources != stamp.sources or tree_digest(files) != stamp.tree:
        return None
    if input_digest(project, options, list(stamp.dated)) != stamp.inputs:
        return None
    findings = findings_from_record(stamp.findings)
    if findings is None:
        return None
    pages = sum(1 for rel in files if rel.endswith(".html"))
    return UpToDate(site_dir, findings, stamp.files, pages)
