"""The link check of a built site: internal links and anchors offline, external on request.

Internal: the site is served on 127.0.0.1 and linkchecker reads every chosen page and
checks each of its links once (recursion level 1: a linked page is fetched, and parsed for
its anchors, but not crawled further; every page of the site is a start page anyway, so
pages that nothing links are checked too). External: the distinct external URLs the
pages link, minus the skipped hosts, in a second run with the per-host rate limit,
timeout and retries of site_config/links.yml, so the local server is never throttled.
"""

from __future__ import annotations

import os
import re
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipeline.content.project import Project
from pipeline.core.findings import Findings
from pipeline.links.anchors import missing_same_page_anchors
from pipeline.links.driver import Row, Run, run_linkchecker
from pipeline.links.occurrences import Occurrence, find_occurrences
from pipeline.links.report import Problem, findings_for
from pipeline.links.scope import Scope, page_file
from pipeline.links.server import serve_folder
from pipeline.links.settings import LinkSettings

# a local server answers at once; a high rate makes linkchecker's per-request wait (which
# it sleeps holding one lock for all threads) negligible
LOCAL_RATE = 100_000.0
# 0: linkchecker checks in its main thread; its worker threads share one interpreter lock
# and cost ~0.8 s of polling at the end of every run
LOCAL_THREADS = 0
PAGES_PER_PROCESS = 4  # fewer pages are not worth a second linkchecker start (0.3 s)


@dataclass
class LinkReport:
    findings: Findings
    pages: int  # pages whose links were checked
    external: int = 0  # distinct external URLs checked
    skipped: int = 0  # distinct external URLs on skipped hosts
    seconds: float = 0.0


def site_pages(site_dir: Path) -> list[str]:
    """URL paths of the built site's HTML pages (``news/`` for news/index.html)."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        pages.append(rel)
    return pages


def check_links(
    project: Project,
    site_dir: Path,
    scope: Scope | None = None,
    external: bool = False,
    settings: LinkSettings | None = None,
) -> LinkReport:
    started = time.perf_counter()
    settings = settings or LinkSettings()
    pages = site_pages(site_dir)
    if scope is not None:
        pages = scope.select(pages, site_dir)
    report = LinkReport(Findings(), len(pages))
    if not pages:
        return report
    with serve_folder(site_dir) as root_url:
        rows = crawl(root_url, pages, verbose=external)
        problems = _internal_problems(rows, root_url)
        if external:
            seen, report.skipped = _external_urls(rows, root_url, project, settings)
            report.external = len(seen)
            for url, row in check_external(sorted(seen), settings).items():
                # the crawl's row says where the link was met; the external run's, what failed
                problems.setdefault(url, Problem("links/external", seen[url], status=row.result))
        loose = {url for url, problem in problems.items() if problem.rule == "links/external"}
        found = find_occurrences(set(problems) - loose, pages, site_dir, root_url, loose)
    _add_same_page_anchors(pages, site_dir, root_url, problems, found)
    report.findings = findings_for(problems, found, project, site_dir, root_url)
    report.seconds = time.perf_counter() - started
    return report


def _internal_problems(rows: list[Row], root_url: str) -> dict[str, Problem]:
    problems: dict[str, Problem] = {}
    for row in rows:
        if not row.url.startswith(root_url):
            continue
        if not row.valid:
            problems.setdefault(row.url, Problem("links/broken", row, status=row.result))
        elif row.missing_anchor is not None:
            anchor = urllib.parse.unquote(row.missing_anchor)  # as the editor wrote it
            problems.setdefault(row.url, Problem("links/missing-anchor", row, anchor=anchor))
    return problems


def _add_same_page_anchors(
    pages: list[str], site_dir: Path, root_url: str, problems: dict, found: dict
) -> None:
    """Links within a page, which the server kept from linkchecker (see anchors.py)."""
    for page in pages:
        data = page_file(site_dir, page).read_bytes()
        for miss in missing_same_page_anchors(page, data):
            target = f"{root_url}{urllib.parse.quote(page)}#{urllib.parse.quote(miss.anchor)}"
            problems.setdefault(target, Problem("links/missing-anchor", None, anchor=miss.anchor))
            place = Occurrence(page, miss.written, miss.line, miss.column)
            found.setdefault(target, []).append(place)


def crawl(root_url: str, pages: list[str], verbose: bool = False) -> list[Row]:
    """linkchecker over ``pages``, split over one process per core.

    Parsing HTML is what costs (linkchecker parses a page once for its links and once more
    for each distinct anchor linked on it); its threads share one interpreter lock, so
    more processes, not threads, use more cores. Pages are dealt round-robin, so each
    process gets a like mix; a link two processes share is checked by both."""
    shards = max(1, min(os.cpu_count() or 1, len(pages) // PAGES_PER_PROCESS))
    runs = [
        Run(
            urls=tuple(root_url + urllib.parse.quote(page) for page in pages[index::shards]),
            recursion=1,
            threads=LOCAL_THREADS,
            rate=LOCAL_RATE,
            intern="^" + re.escape(root_url),
            verbose=verbose,
        )
        for index in range(shards)
    ]
    with ThreadPoolExecutor(max_workers=shards) as pool:
        return [row for rows in pool.map(run_linkchecker, runs) for row in rows]


def _external_urls(
    rows: list[Row], root_url: str, project: Project, settings: LinkSettings
) -> tuple[dict[str, Row], int]:
    """Distinct http(s) URLs outside the site, without fragments, each with the crawl's row
    that met it first; and how many were skipped. The site's own address is skipped too:
    its pages are the ones checked here, offline."""
    own = urllib.parse.urlsplit(project.site_url or "").hostname or ""
    chosen: dict[str, Row] = {}
    skipped: set[str] = set()
    for row in rows:
        url = row.url
        if url.startswith(root_url) or not url.startswith(("http://", "https://")):
            continue
        url = urllib.parse.urldefrag(url)[0]
        host = urllib.parse.urlsplit(url).hostname or ""
        if settings.skips(host) or (own and host == own):
            skipped.add(url)
        else:
            chosen.setdefault(url, row)
    return chosen, len(skipped)


def _may_pass_later(row: Row) -> bool:
    """Timeouts, refused connections, rate limits and server errors may pass on a retry."""
    status = row.status
    return status is None or status in (408, 425, 429) or status >= 500


def check_external(urls: list[str], settings: LinkSettings) -> dict[str, Row]:
    """The failing ones of ``urls``, after the retries."""
    failing: dict[str, Row] = {}
    pending = list(urls)
    for attempt in range(settings.retries + 1):
        if not pending:
            break
        if attempt:
            time.sleep(settings.retry_wait)
        rows = run_linkchecker(
            Run(
                urls=tuple(pending),
                recursion=0,
                threads=settings.threads,
                timeout=settings.timeout,
                rate=settings.rate_per_host,
                check_extern=True,
                anchors=False,
            )
        )
        bad = {row.written: row for row in rows if not row.valid}
        for url in pending:
            if url in bad:
                failing[url] = bad[url]
            else:
                failing.pop(url, None)
        pending = [url for url in pending if url in bad and _may_pass_later(bad[url])]
    return failing
