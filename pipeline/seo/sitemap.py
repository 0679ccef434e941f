"""sitemap.xml (with sitemap.xml.gz) and robots.txt, written after MkDocs has built the site.

MkDocs' own sitemap stamps every page with the build date, so a rebuild never gives
the same bytes and search engines learn nothing. Here every page carries the date
its content last changed: an item's ``updated`` (else its ``date``); a list page the
newest item it shows; a fixed page its last commit (the file's modification time
outside git or while it has uncommitted changes). The gzip copy has no name and no
timestamp in its header, so the same site gives the same bytes.
"""

from __future__ import annotations

import gzip
import io
import os
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import git

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(entries: dict[str, datetime | None]) -> str:
    """Absolute URL -> last change; URLs sorted so the order never depends on build order."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{_NAMESPACE}">']
    for url in sorted(entries):
        lastmod = entries[url]
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(url)}</loc>")
        if lastmod is not None:
            lines.append(f"    <lastmod>{lastmod.isoformat(timespec='seconds')}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(base_url: str | None) -> str:
    text = "User-agent: *\nAllow: /\n"
    return text + (f"\nSitemap: {base_url}{SITEMAP}\n" if base_url else "")


def write_sitemap(site_dir: Path, xml: str) -> None:
    data = xml.encode("utf-8")
    (site_dir / SITEMAP).write_bytes(data)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as compressed:
        compressed.write(data)
    (site_dir / f"{SITEMAP}.gz").write_bytes(buffer.getvalue())


def write_robots(site_dir: Path, base_url: str | None) -> None:
    """An editor's own content/robots.txt (already copied into the site) is left as it is."""
    target = site_dir / ROBOTS
    if not target.exists():
        target.write_text(robots_txt(base_url), encoding="utf-8")


def source_dates(paths: list[Path], root: Path, timezone) -> dict[Path, datetime]:
    """When each file last changed: its last commit when git knows it and it is unchanged
    since, else its modification time. Deterministic for a checkout and for a rebuild."""
    dates = {p: _mtime(p, timezone) for p in paths if p.is_file()}
    committed = _commit_dates([p for p in dates], root, timezone)
    dates.update(committed)
    return dates


def _mtime(path: Path, timezone) -> datetime:
    stamp = int(os.stat(path).st_mtime)  # whole seconds: sub-second noise is not a change
    return datetime.fromtimestamp(stamp, timezone)


def _commit_dates(paths: list[Path], root: Path, timezone) -> dict[Path, datetime]:
    if not paths:
        return {}
    try:
        repo = git.Repo(root, search_parent_directories=True)
        top = Path(repo.working_tree_dir).resolve()
        by_rel = {p.resolve().relative_to(top).as_posix(): p for p in paths}
        # names as they are (not octal-quoted), so Chinese file names match
        plain = ["git", "-C", str(top), "-c", "core.quotepath=false"]
        status = [*plain, "status", "--porcelain", "--no-renames", "--", *by_rel]
        dirty = {line[3:] for line in repo.git.execute(status).splitlines()}
        log = [*plain, "log", "--format=%x00%cI", "--name-only", "--no-renames", "--", *by_rel]
        history = repo.git.execute(log)
    except (git.exc.GitError, ValueError, OSError):  # not a repository, or no commits yet
        return {}
    found: dict[Path, datetime] = {}
    when: datetime | None = None
    for line in history.splitlines():
        if line.startswith("\x00"):
            when = datetime.fromisoformat(line[1:]).astimezone(timezone)
        elif line in by_rel and line not in dirty and by_rel[line] not in found and when:
            found[by_rel[line]] = when
    return found
