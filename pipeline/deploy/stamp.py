"""What a build was: a stamp the build writes beside its output, read before a deploy.

`pipeline build` writes ``.cache/pipeline/builds/<folder>.json`` right after it swapped
the new site into place: whether it was a preview (drafts, another publishing time), a
digest of the sources it was built from (content/, site_config/, mkdocs.yml) and a digest
of the built tree itself (paths, sizes, SHA-256). A deploy refuses a site
whose stamp is missing, says preview, was built from other sources than those now in the
project, or whose tree is no longer the one the build wrote (changed by hand, or made by
another tool).

A stamp also says what else the build was made from, for `pipeline build` to know that
nothing changed (``pipeline.uptodate``): a digest of every other input (``inputs``), the
moment the build published for (``as_of``) and the first moment after it at which the
output would change (``valid_until``), the files whose dates the sitemap shows
(``dated``), and the build's findings and checked file count, shown again when nothing
is built. A stamp without them (an older one, or a build whose output cannot be judged
this way) is never up to date.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.content.project import Project
from pipeline.core import keyjson
from pipeline.deploy.errors import DeployError
from pipeline.deploy.settings import DEPLOY_FILE

STAMP_DIR = ".cache/pipeline/builds"


@dataclass(frozen=True)
class BuildStamp:
    folder: str  # the built folder's name (site, site-preview)
    preview: bool
    drafts: bool
    built_at: str  # UTC, ISO 8601
    sources: str  # digest of what the site was built from
    tree: str  # digest of the built files (path, size, SHA-256)
    # what `pipeline build` compares to know the site is up to date (pipeline.uptodate);
    # None: a stamp of an older version, or a build that can never be taken as up to date
    inputs: str | None = None  # digest of every input but the sources
    as_of: str | None = None  # the moment the build published for, UTC ISO 8601
    valid_until: str | None = None  # the first moment its output changes, UTC ISO 8601
    dated: list[str] | None = None  # files whose dates of change the site shows
    findings: list[dict] | None = None  # the build's findings, as recorded
    files: int | None = None  # how many content files were checked


@dataclass(frozen=True)
class Reuse:
    """What a build records for `pipeline build` to know, later, that nothing changed."""

    inputs: str
    as_of: str
    valid_until: str
    dated: list[str]
    findings: list[dict]
    files: int


def stamp_path(project: Project, site_dir: Path) -> Path:
    return project.root / STAMP_DIR / f"{site_dir.name}.json"


def _files(folder: Path, prefix: str) -> list[tuple[str, str]]:
    """Every file under ``folder``, sorted: (full path, ``prefix`` + its path below folder)
    as strings (pathlib is too slow for tens of thousands of files)."""
    found: list[tuple[str, str]] = []
    top = os.fspath(folder)
    for base, dirs, names in os.walk(top):
        dirs.sort()
        below = base[len(top) + 1 :].replace(os.sep, "/")
        lead = f"{prefix}{below}/" if below else prefix
        found.extend((os.path.join(base, name), lead + name) for name in sorted(names))
    return found


def _under(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with a trailing slash ("" when it is the root)."""
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix() + "/"
    return "" if rel == "." else rel + "/"


HASHES = "hashes.json"  # path -> [size, mtime_ns, sha256]: files hashed before


def load_hashes(project: Project, name: str = HASHES) -> dict[str, list]:
    try:
        data = keyjson.loads((project.root / STAMP_DIR / name).read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_hashes(project: Project, hashes: dict[str, list], name: str = HASHES) -> None:
    path = project.root / STAMP_DIR / name
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(hashes, separators=(",", ":")), encoding="utf-8")
    temporary.replace(path)


def files_under(folder: Path, prefix: str) -> list[tuple[str, str]]:
    """Every file under ``folder``, sorted: (full path, ``prefix`` + its path below it)."""
    return _files(folder, prefix)


def hashed(path: str, key: str, known: dict[str, list], fresh: dict[str, list]) -> tuple:
    """(size, SHA-256) of a file, read only when its size or modification time changed
    since it was recorded in ``known`` under ``key``; recorded in ``fresh``."""
    return _hashed(path, key, known, fresh)


def _hashed(path: str, key: str, known: dict[str, list], fresh: dict[str, list]) -> tuple:
    """(size, SHA-256) of a file: from ``known`` when its size and modification time are
    those recorded (as make and rsync judge), else read; recorded in ``fresh``."""
    info = os.stat(path)
    entry = known.get(key)
    if isinstance(entry, list) and entry[:2] == [info.st_size, info.st_mtime_ns]:
        fresh[key] = entry
        return info.st_size, entry[2]
    with open(path, "rb") as handle:
        sha = hashlib.sha256(handle.read()).hexdigest()
    fresh[key] = [info.st_size, info.st_mtime_ns, sha]
    return info.st_size, sha


def source_digest(project: Project, known: dict | None = None, fresh: dict | None = None) -> str:
    """The bytes of every source a build reads: content/, site_config/ (but deploy.yml)
    and mkdocs.yml. ``known``/``fresh``: hashes from before, and where to record them."""
    known = known if known is not None else load_hashes(project)
    fresh = fresh if fresh is not None else {}
    digest = hashlib.sha256()
    root = project.root
    config = (os.fspath(project.config_file), _under(project.config_file, root).rstrip("/"))
    docs, settings = project.layout.docs_dir, project.site_config.config_dir
    skipped = _under(settings, root) + DEPLOY_FILE  # where to deploy is no source
    found = [config, *_files(docs, _under(docs, root)), *_files(settings, _under(settings, root))]
    for path, rel in found:
        if rel == skipped:
            continue
        try:
            _, sha = _hashed(path, rel, known, fresh)
        except OSError:
            continue
        digest.update(rel.encode() + b"\0")
        digest.update(bytes.fromhex(sha))
    return digest.hexdigest()


def hash_tree(
    project: Project, site_dir: Path, known: dict | None = None, fresh: dict | None = None
) -> dict[str, tuple[int, str]]:
    """Every built file: path in the site -> (size, SHA-256)."""
    known = known if known is not None else load_hashes(project)
    fresh = fresh if fresh is not None else {}
    lead = _under(site_dir, project.root)
    return {
        key[len(lead) :]: _hashed(path, key, known, fresh) for path, key in _files(site_dir, lead)
    }


def site_state(
    project: Project, site_dir: Path, sources_were: str | None = None
) -> tuple[dict[str, tuple[int, str]], str]:
    """The built files (path -> (size, SHA-256)) and the sources' digest, reading only the
    files changed since they were last hashed; the record of hashes kept for the next run.
    ``sources_were``: when the sources' digest is not this one, the built files are not
    hashed (none are returned): the caller only needs to know that a source changed."""
    known, fresh = load_hashes(project), {}
    sources = source_digest(project, known, fresh)
    if sources_were is not None and sources != sources_were:
        return {}, sources
    files = hash_tree(project, site_dir, known, fresh)
    if fresh != known:  # nothing to write when no file changed since the last run
        save_hashes(project, fresh)
    return files, sources


def built_tree(
    project: Project,
    site_dir: Path,
    files: list[str] | None = None,
    hashed: dict[str, list] | None = None,
) -> dict[str, tuple[int, str]]:
    """``hash_tree`` of a build just written, for its stamp. ``files``: every file under
    ``site_dir`` (paths below it), when the build walked the folder already (the publish
    gate does); None: walked here. Only the built files are hashed again where their size
    or time changed (the files a build linked from the previous site keep theirs). The
    record of the other hashes (the sources, other folders) is kept, with ``hashed``: what
    the build recorded of its sources (``source_digest``'s ``fresh``)."""
    known = load_hashes(project)
    lead = _under(site_dir, project.root)
    fresh = {key: entry for key, entry in known.items() if not key.startswith(lead)}
    fresh.update(hashed or {})
    if files is None:
        tree = hash_tree(project, site_dir, known, fresh)
    else:
        top = os.fspath(site_dir)
        tree = {rel: _hashed(os.path.join(top, rel), lead + rel, known, fresh) for rel in files}
    if fresh != known:
        save_hashes(project, fresh)
    return tree


def tree_digest(files: dict[str, tuple[int, str]]) -> str:
    """The built tree's digest from its files' sizes and hashes (not their times: the tree
    may travel between CI jobs as an artifact)."""
    digest = hashlib.sha256()
    for rel, (size, sha) in sorted(files.items()):
        digest.update(f"{rel}\0{size}\0{sha}\n".encode())
    return digest.hexdigest()


def write_stamp(
    project: Project,
    site_dir: Path,
    *,
    preview: bool,
    drafts: bool,
    sources: str,
    reuse: Reuse | None = None,
    files: list[str] | None = None,
    hashed: dict[str, list] | None = None,
) -> None:
    """Called by the build once ``site_dir`` holds the new site; ``sources`` (and
    ``reuse``'s inputs) were taken before the build read them. ``files``: the new site's
    files, when the build walked it already; ``hashed``: the sources' hashes the build
    recorded (both for ``built_tree``). Written to a temporary
    file and renamed: a reader sees the old stamp or the new one, never half of one."""
    stamp = BuildStamp(
        folder=site_dir.name,
        preview=preview or drafts,
        drafts=drafts,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sources=sources,
        tree=tree_digest(built_tree(project, site_dir, files, hashed)),
        **(asdict(reuse) if reuse is not None else {}),
    )
    path = stamp_path(project, site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(asdict(stamp), indent=1, ensure_ascii=False), "utf-8")
    temporary.replace(path)


def read_stamp(project: Project, site_dir: Path) -> BuildStamp | None:
    """The stamp of ``site_dir``'s last build; None when there is none or it is damaged.
    Keys it does not know (a newer version's) are left out."""
    try:
        data = json.loads(stamp_path(project, site_dir).read_text(encoding="utf-8"))
        known = BuildStamp.__dataclass_fields__
        return BuildStamp(**{k: v for k, v in data.items() if k in known})
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def check_site(
    project: Project, site_dir: Path, shown: str, state: tuple[dict[str, tuple[int, str]], str]
) -> None:
    """DeployError when ``site_dir`` must not be
    deployed: missing, not this build's (or changed since), a preview, or built from other
    sources than the project's now. ``shown``: the folder as people see it; ``state``:
    ``site_state()``."""
    files, sources = state
    if not site_dir.is_dir() or not (site_dir / "index.html").is_file():
        raise DeployError("deploy/no-site", site=shown)
    stamp = read_stamp(project, site_dir)
    if stamp is None or stamp.tree != tree_digest(files):
        raise DeployError("deploy/unknown-build", site=shown)
    if stamp.preview or stamp.drafts:
        raise DeployError("deploy/preview-build", site=shown)
    if stamp.sources != sources:
        raise DeployError("deploy/stale-build", site=shown)
