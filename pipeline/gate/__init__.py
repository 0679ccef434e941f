"""The publish gate: the built site checked as readers' browsers will see it.

After MkDocs has rendered into the staging folder and before the swap, every HTML page
is parsed once and judged three times: its executable constructs and comments
(``pipeline.gate.html``), its content region against the sanitizer's allow-list
(``pipeline.gate.sanitize``), and the text it shows, through the content guard's rules
(``pipeline.gate.text``). A finding lands on the content file the page was made from
(at the line holding the offending text, when it can be found there), else on the file
that holds the text (a list page shows other items' titles), else on the built page.
The engine calls ``gate_site``; nothing here imports the engine.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Collection, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from pipeline.content.model import Item, Page, Site
from pipeline.core.findings import Finding, error
from pipeline.gate.cache import GateCache, GateStats, GeneratedMemo
from pipeline.gate.files import SiteFiles, check_files, walk_site
from pipeline.gate.html import Problem
from pipeline.gate.sanitize import region, removed
from pipeline.gate.text import PageReader, Shown, ShownScanner
from pipeline.guard.exceptions import (
    WaiverRules,
    front_matter_exceptions,
    inline_exceptions,
    waiver_rules,
)
from pipeline.guard.scan import guard_config, matcher_for
from pipeline.guard.settings import GuardConfig

Source = Item | Page
# findings on a file of the built site itself, named by its place there
_FILE_RULES = frozenset({"gate/unaccounted", "gate/unreadable"})


def page_sources(site: Site, shown: Iterable[Item]) -> dict[str, Source]:
    """Built page (path under the site folder) -> the item or page it is rendered from."""
    sources: dict[str, Source] = {}
    urls = [(page.url, page) for page in site.pages]
    urls += [(item.url(site.config.timezone), item) for item in shown]
    for url, source in urls:
        sources[f"{url}index.html"] = source
        if url.endswith("/") and url != "/":  # built without directory URLs (the archive)
            sources[f"{url[:-1]}.html"] = source
    return sources


def waived_terms(source: Source, rules: WaiverRules) -> set[str]:
    """The folded terms a file's exceptions allow under ``rules``: its ``allow_terms``, its
    inline ``guard:allow`` comments that give a reason, and the security file's approvals
    (a term no exception may waive stays unwaived)."""
    inline, _spans = inline_exceptions(source.source.text, rules)
    return {e.key for e in front_matter_exceptions(source.source, rules)} | {
        e.key for e in inline if e.reason
    }


def _line(source: Source, needle: str) -> int | None:
    """The first line of the source that holds ``needle`` (any case)."""
    wanted = needle.lower()
    for number, line in enumerate(source.source.text.splitlines(), 1):
        if wanted in line.lower():
            return number
    return None


class _Locator:
    """Where an offending text comes from: the page's own source; else the first file that
    holds it (a list page shows other items' titles), looked up once per text; else the
    page's source without a line, or the built page."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.sources = tuple(sources)
        self.anywhere: dict[str, tuple[str, int] | None] = {}

    def __call__(self, needle: str, source: Source | None, shown_as: str):
        if needle:
            if source is not None:
                line = _line(source, needle)
                if line is not None:
                    return source.rel_path, line
            if needle not in self.anywhere:
                self.anywhere[needle] = next(
                    (
                        (other.rel_path, line)
                        for other in self.sources
                        if (line := _line(other, needle)) is not None
                    ),
                    None,
                )
            if self.anywhere[needle] is not None:
                return self.anywhere[needle]
        return (source.rel_path if source is not None else shown_as), None


class Allowances:
    """The terms each page of the site may show because its source waives them."""

    def __init__(self, sources: dict[str, Source], config: GuardConfig) -> None:
        rules = waiver_rules(config)
        self.waived = {
            rel: frozenset(waived_terms(source, rules))
            for rel, source in sources.items()
            if isinstance(source, Item)
        }
        others = [frozenset(waived_terms(s, rules)) for s in sources.values()
                  if not isinstance(s, Item)]  # fmt: skip
        # list pages, the home page and generated pages show items' titles and summaries:
        # a term an item waives is waived there too (reviewers saw the item's exception)
        self.anywhere = frozenset().union(*self.waived.values(), *others)

    def of(self, rel: str) -> frozenset[str]:
        """What the page at ``rel`` (under the site folder) may show."""
        return self.waived.get(rel, self.anywhere)


@dataclass(frozen=True)
class PageResult:
    """What one page has that must not be published, before it is placed on a file."""

    rel: str  # the page's path under the site folder
    problems: list[Problem]  # executable constructs and comments
    removed: list[tuple[str, str]]  # (what, needle): what the sanitizer would remove
    shown: list[Shown]  # blocking terms, personal data and secrets readers would see


@dataclass(frozen=True)
class Judges:
    """What judges the pages of one site, with what it remembers from page to page: the
    lines of text already scanned, the header, footer and navigation already read."""

    scanner: ShownScanner
    reader: PageReader

    @classmethod
    def of(cls, config: GuardConfig) -> Judges:
        return cls(ShownScanner(config, matcher_for(config)), PageReader())


def judge_page(path: Path, rel: str, allowed: frozenset[str], judges: Judges):
    """One built page, parsed once and judged three times."""
    return judge_text(page_text(path.read_bytes()), rel, allowed, judges)


def page_text(data: bytes) -> str:
    """A page's bytes as text, as a browser decodes them and ``Path.read_text`` reads them
    (invalid UTF-8 replaced, line ends made "\\n")."""
    return data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


def judge_text(text: str, rel: str, allowed: frozenset[str], judges: Judges) -> PageResult:
    """One built page's text, parsed once and judged three times."""
    tree = LexborHTMLParser(text)
    problems, text = judges.reader.read(tree)
    content = region(tree)
    gone = removed(None, content) if content is not None else []
    shown = judges.scanner.problems(text, allowed)
    return PageResult(rel, problems, gone, shown)


# below this many pages a pool of workers costs more than it saves
PARALLEL_FROM = 400
_CHUNK = 64
# a worker process's own judges (what they remember), by the guard settings' fingerprint:
# a kept pool (``GatePool``) judges again after the settings changed (only the last kept)
_worker_judges: dict[str, Judges] = {}


def _judge_chunk(config: GuardConfig, tasks: list[tuple[str, str, frozenset[str]]]):
    judges = _worker_judges.get(config.fingerprint)
    if judges is None:
        _worker_judges.clear()
        judges = _worker_judges[config.fingerprint] = Judges.of(config)
    return [judge_page(Path(path), rel, allowed, judges) for path, rel, allowed in tasks]


class GatePool:
    """Worker processes kept for many judgings of one site (the live preview's saves):
    spawned at the first judging of at least ``parallel_from`` pages (a spawned worker
    imports the gate and builds its term automaton once, most of a second), ended by
    ``close``. Spawned, not forked: the process that keeps it runs threads (the preview's
    server), and a forked child of a threaded process may inherit a held lock."""

    def __init__(self, workers: int | None = None, parallel_from: int = PARALLEL_FROM) -> None:
        self.workers = workers or min(os.cpu_count() or 1, 4)
        self.parallel_from = parallel_from  # fewer pages are judged in the calling process
        self._pool: ProcessPoolExecutor | None = None

    def map(self, config: GuardConfig, chunks: list):
        judge = functools.partial(_judge_chunk, config)
        if self.workers <= 1:
            return map(judge, chunks)
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
            for _ in range(self.workers):  # every worker started now, kept for later saves
                self._pool.submit(_started)
        return self._pool.map(judge, chunks)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _started() -> None:
    """Nothing: a worker that ran it has started (and imported the gate)."""


def _judged(tasks, config: GuardConfig, workers: int, pool: GatePool | None = None):
    """Every page's result, in the order of ``tasks``, in worker processes when many
    (``pool``'s when there is one)."""
    chunks = [tasks[i : i + _CHUNK] for i in range(0, len(tasks), _CHUNK)]
    if pool is not None and len(tasks) >= pool.parallel_from:
        for results in pool.map(config, chunks):
            yield from results
        return
    if workers <= 1 or not tasks:
        judges = Judges.of(config)
        for path, rel, allowed in tasks:
            yield judge_page(Path(path), rel, allowed, judges)
        return
    # fork where there is one: workers start in milliseconds
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as executor:
        for results in executor.map(functools.partial(_judge_chunk, config), chunks):
            yield from results


def _results(
    tasks, config: GuardConfig, workers, cache: GateCache | None, stats: GateStats, pool=None
):
    """Every page's result in the order of ``tasks``: from the cache where the page and
    what judges it are unchanged, judged otherwise (and kept for the next build)."""
    cached: dict[int, PageResult] = {}
    keys: dict[int, str] = {}
    if cache is not None:
        for index, (path, rel, allowed) in enumerate(tasks):
            try:
                key = cache.key_of_file(path, rel, allowed)
            except OSError:  # judge_page reads it again and says what is wrong
                continue
            keys[index] = key
            judgement = cache.get(key)
            if judgement is not None:
                cached[index] = PageResult(rel, *judgement)
    misses = [task for index, task in enumerate(tasks) if index not in cached]
    if workers is None:  # a pool only where it saves time
        workers = min(os.cpu_count() or 1, 4) if len(misses) >= PARALLEL_FROM else 1
    judged = _judged(misses, config, workers, pool)
    for index in range(len(tasks)):
        result = cached.get(index)
        if result is None:
            result = next(judged)
            stats.judged += 1
            if cache is not None and index in keys:
                cache.put(keys[index], (result.problems, result.removed, result.shown))
        else:
            stats.reused += 1
        yield result
    if misses:  # the pool's workers end here, not whenever the generator is collected
        next(judged, None)
    if cache is not None:
        cache.save()


def gate_site(
    site_dir: Path,
    site: Site,
    shown: Iterable[Item],
    *,
    label: str,
    workers: int | None = None,
    files: SiteFiles | None = None,
    cache_dir: Path | None = None,
    stats: GateStats | None = None,
    pages: Collection[str] | None = None,
    pool: GatePool | None = None,
) -> list[Finding]:
    """Every HTML page of ``site_dir`` judged; ``label`` is how people name the site folder
    (``site``), since ``site_dir`` is the staging folder it will become. ``workers``:
    processes to judge pages in (None: up to 4 as the CPUs allow, for a large site; 1: this
    process). ``files``: what made each file, from the engine; every other file of
    ``site_dir`` is then held to it (``pipeline.gate.files``). ``cache_dir``: a folder of
    this site folder's own where the pages judged are kept, so that an unchanged page is
    not judged again (``pipeline.gate.cache``; None: every page judged). ``stats``: filled
    with how many pages were judged and how many reused, and the files walked. ``pages``:
    only these pages (site-relative paths), e.g. those a live preview rendered again.
    ``pool``: worker processes kept between judgings (``GatePool``), used for many pages
    in place of ``workers``."""
    shown = tuple(shown)
    sources = page_sources(site, shown)
    locate = _Locator(sources.values())
    config = guard_config(site)
    allowances = Allowances(sources, config)
    anywhere = allowances.anywhere
    tasks = []
    walked = None
    if pages is None:  # one walk of the folder for the pages and the other files
        walked = walk_site(site_dir)
        # as sorted paths are ordered: folder by folder ("a/b" before "a-b")
        html = sorted((w for w in walked if w[1].endswith(".html") and w[3] and not w[2]),
                      key=lambda w: w[1].split("/"))  # fmt: skip
        tasks = [(name, rel, allowances.of(rel)) for name, rel, _link, _file in html]
    else:
        for path in (site_dir / p for p in pages):
            if path.is_file() and not path.is_symlink():
                rel = path.relative_to(site_dir).as_posix()
                tasks.append((str(path), rel, allowances.of(rel)))
    stats = stats if stats is not None else GateStats()
    if walked is not None and not any(is_link for _name, _rel, is_link, _file in walked):
        stats.files = [rel for _name, rel, _link, _file in walked]
    cache = GateCache(cache_dir, config.fingerprint) if cache_dir is not None else None
    findings: dict[tuple, Finding] = {}  # one finding per text and place, the first page's

    def add(where: str, line: int | None, rule: str, what: str, **params) -> None:
        findings.setdefault((where, line, rule, what), error(where, line, rule, **params))

    for result in _results(tasks, config, workers, cache, stats, pool):
        source = sources.get(result.rel)
        shown_as = f"{label}/{result.rel}"
        for problem in result.problems:
            where, line = locate(problem.needle, source, shown_as)
            add(where, line, problem.rule, problem.detail, page=shown_as, detail=problem.detail)
        for what, needle in result.removed:
            where, line = locate(needle, source, shown_as)
            add(where, line, "gate/not-allowed", what, page=shown_as, detail=what)
        for problem in result.shown:
            where, line = locate(problem.needle, source, shown_as)
            add(where, line, problem.rule, problem.needle, page=shown_as, **problem.params)
    if files is not None:
        memo = GeneratedMemo(cache_dir, config.fingerprint) if cache_dir is not None else None
        known = memo.known_lines() if memo is not None else None
        scanner = ShownScanner(config, matcher_for(config), known)
        generated = check_files(site_dir, files, scanner, anywhere, walked, memo)
        if memo is not None and scanner.used is not None:
            memo.save(scanner.seen, scanner.used)
        for problem in generated:
            shown_as = f"{label}/{problem.rel}"
            if problem.source is not None:  # a content file: the finding is on it
                where = site.config.rel(files.docs_dir / problem.source)
                add(where, None, problem.rule, shown_as, file=shown_as)
            elif problem.rule in _FILE_RULES:
                add(shown_as, None, problem.rule, shown_as, file=shown_as)
            else:  # a generated file shows items' texts: the item that holds it
                where, line = locate(problem.needle, None, shown_as)
                add(where, line, problem.rule, problem.detail, page=shown_as, **problem.params)
    return list(findings.values())
