"""The live preview's builds: the first in full, then page by page when only text changed.

`pipeline serve` calls ``LiveBuilds.build`` on every save. The content is checked again
reading only what changed (``pipeline.recheck.CheckSession``, which also says what
changed). When only the text of items or fixed pages changed, or front matter that does
not move an item (its title, summary ...: ``prepare.IN_PLACE_FIELDS``), and the same files
are refused, the kept build renders only the pages that show it (``engine.warm``);
anything else (files added or removed, other files, configuration, an item's date or
categories) is a full build, beside the served folder and swapped in, whose build is then
kept. The preview never serves a file a build would refuse, either way.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from pipeline.content.copies import prune_copies
from pipeline.content.model import Page
from pipeline.content.project import Project
from pipeline.content.schema import parse_now
from pipeline.core.collector import IdleCollector
from pipeline.core.findings import Findings
from pipeline.core.i18n import ui
from pipeline.core.report import format_plain
from pipeline.engine import PLUGIN_LOGGER, swap
from pipeline.engine.build import render_into
from pipeline.engine.previewfindings import add_gate_findings
from pipeline.engine.project import open_project
from pipeline.engine.request import BuildRequest
from pipeline.engine.warm import NotWarm, WarmBuild, rebuild_pages
from pipeline.gate import GatePool, gate_site
from pipeline.guard.scan import DOCS_DIR_RULES
from pipeline.prepare import Prepared, prepare, prepare_again, refused_files, without_refused
from pipeline.recheck import Changes, CheckSession
from pipeline.stages import CheckResult, check_project

log = logging.getLogger(PLUGIN_LOGGER)
SYMLINK_RULE = "content/symlink"
# what MkDocs would walk before any of the pipeline's code runs: the preview waits
WAIT_RULES = (SYMLINK_RULE, *DOCS_DIR_RULES)


@dataclass
class Kept:
    """The last full build and what it was made from."""

    warm: WarmBuild
    check: CheckResult
    prepared: Prepared  # before the refused files were left out
    gated: bool = False  # the publish gate reported something (on its findings page)


@dataclass
class LiveBuilds:
    config_file: Path
    site_dir: Path
    serve_url: str
    drafts: bool
    now: datetime | None
    lang: str
    speedups: bool
    warm: bool = True  # False: every save is a full build (as before page-level rebuilds)
    kept: Kept | None = None
    session: CheckSession | None = None  # the checks, kept between saves
    copies_dir: Path | None = None  # the items' normalized copies, kept between builds
    # the pages' share QR codes by URL, kept between builds (a full build renders many
    # item pages again: their codes are not drawn again)
    qr_codes: dict[str, str] = field(default_factory=dict)
    # after each build: "full" or "pages", and how many pages were rendered (benchmarks)
    on_built: Callable[[str, int, float], None] | None = None
    # the publish gate's workers, kept between saves: a new item or a retitled one changes
    # hundreds of pages (related items), judged in parallel
    gate_pool: GatePool = field(default_factory=GatePool)
    # full garbage collections between builds, not in them (a new item's build spent 0.85 s
    # in one at 3,000 items, walking the last build's kept objects too)
    collector: IdleCollector = field(default_factory=IdleCollector)

    def build(self) -> None:
        """Called by the live-reload server on every save (and once at the start)."""
        started = time.perf_counter()
        log.info(ui("serve.building", self.lang))
        check, changes = self._check()
        if check.findings:
            report = format_plain(check.findings, self.lang)
            log.info("%s\n%s", ui("serve.findings", self.lang), report)
        if any(f.rule in WAIT_RULES for f in check.findings.errors):
            # MkDocs would walk a linked folder (even one holding "/") before any of our
            # code runs: the preview waits until the link is gone (then builds in full:
            # what changed meanwhile is not in the kept build)
            log.error(ui("serve.symlinks", self.lang))
            self.close()
            return
        with self.collector.paused():
            rendered = self._pages(check, changes) if self.warm else None
            if rendered is not None:
                kind = "pages"
            else:
                kind, rendered = "full", self._full(check)
        seconds = time.perf_counter() - started
        key = "serve.pages-rebuilt" if kind == "pages" else "serve.site-rebuilt"
        log.info(ui(key, self.lang, pages=rendered, seconds=f"{seconds:.2f}"))
        if self.on_built is not None:
            self.on_built(kind, rendered, seconds)

    def _check(self) -> tuple[CheckResult, Changes | None]:
        """The content checked: in full the first time, then only what changed is read
        again (``pipeline.recheck``); None for the changes of a first check."""
        if self.session is None or not self.warm:
            project = open_project(self.config_file)
            now = self.now or parse_now(None, project.site_config)
            if not self.warm:
                return check_project(project, now), None
            self.session = CheckSession.start(project, now, self._reopen)
            return self.session.result, None
        config = self.session.project.site_config
        check = self.session.check(self.now or parse_now(None, config))
        return check, self.session.changes

    def _reopen(self) -> Project:
        return open_project(self.config_file)

    # -- page by page -------------------------------------------------------------------

    def _pages(self, check: CheckResult, changes: Changes | None) -> int | None:
        kept = self.kept
        if kept is None or kept.gated or changes is None:
            return None  # the gate's findings are judged over every page
        if changes.config_changed or changes.added or changes.removed:
            return None
        if changes.assets_changed or changes.revalidated:
            return None
        changed = set(changes.body_only | changes.front_matter)
        if not _same_verdicts(kept.check, check) or not _same_pages(kept.check, check, changed):
            return None
        prepared = prepare_again(kept.prepared, check, changed)
        if prepared is None:
            return None
        if not changed and list(check.findings) == list(kept.check.findings):
            self.kept = replace(kept, check=check, prepared=prepared)
            return 0  # saved without a change
        try:
            rebuilt = rebuild_pages(
                kept.warm, without_refused(prepared), changed, _retitled(kept.check, check, changed)
            )
        except NotWarm as exc:
            log.debug("page-level rebuild not possible: %s", exc)
            return None
        except Exception as exc:
            log.debug("page-level rebuild failed: %r", exc)  # reports what is wrong
            return None
        self.kept = replace(kept, check=check, prepared=prepared)
        if self._gate(without_refused(prepared), rebuilt.pages):
            return None  # a finding of the gate's: its page lists every page's, in full
        return len(rebuilt)

    # -- in full ------------------------------------------------------------------------

    def _full(self, check: CheckResult) -> int:
        project = check.project
        self._end_kept()
        # the item copies are kept from one full build to the next, as `pipeline build`
        # keeps its own: only those that changed are written again
        copies_dir = self._copies()
        raw = prepare(check, drafts=self.drafts, copies_dir=copies_dir)
        prune_copies(copies_dir, raw.copies)
        prepared = without_refused(raw)
        request = BuildRequest(
            drafts=self.drafts,
            internal=True,  # a local preview for the team, never deployed
            now=check.now,
            lang=self.lang,
            serving=True,
            speedups=self.speedups,
            previous_site=self.site_dir,
            prepared=prepared,
            qr_codes=self.qr_codes,
        )
        kept: list[WarmBuild] = []
        keep = kept.append if self.warm else None
        # built beside the served folder and swapped in: pages whose HTML would not change
        # are taken from the served one (speedups/pagereuse.py), static files linked from
        # it (speedups/staticlinks.py), and a failed build leaves it
        staging = swap.staging_folder(self.site_dir)
        try:
            _, built = render_into(project, staging, request, serve_url=self.serve_url, keep=keep)
        except BaseException:
            for warm in kept:
                warm.close()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if built:
            # the old folder (thousands of files) is removed by a process of its own
            old = swap.swap_into_place(staging, self.site_dir, keep_old=True)
            if old is not None:
                swap.remove_in_background(old)
            for warm in kept:
                warm.move_to(self.site_dir)
        else:
            shutil.rmtree(staging, ignore_errors=True)
        gated = self._gate(prepared, None) if built else False
        if kept:
            self.kept = Kept(kept[0], check, raw, gated)
            return kept[0].run.written
        return sum(1 for _ in self.site_dir.rglob("*.html")) if built else 0

    def _copies(self) -> Path:
        if self.copies_dir is None or not self.copies_dir.is_dir():
            self.copies_dir = Path(tempfile.mkdtemp(prefix="pipeline-items-"))
        return self.copies_dir

    def _gate(self, prepared: Prepared, pages) -> bool:
        """The publish gate only reports here: the preview keeps running. ``pages``: only
        these (the rest were judged before). True when it found something."""
        cache = prepared.site.config.root / ".cache/pipeline/gate/serve"
        gated = Findings(
            gate_site(
                self.site_dir,
                prepared.site,
                prepared.shown,
                label="site",
                workers=1,
                # the preview's pages name its own address: a file of their own; a few
                # pages are judged without it (its file keeps the pages of one judging)
                cache_dir=None if pages is not None else cache,
                pages=pages,
                pool=self.gate_pool,
            )
        )
        if pages is not None:
            return bool(gated)
        if gated:
            log.info("%s\n%s", ui("serve.findings", self.lang), format_plain(gated, self.lang))
        add_gate_findings(self.site_dir, gated, prepared.site, self.lang)  # its findings page
        return bool(gated)

    def close(self) -> None:
        """End the kept build: its plugins' temporary files and the item copies go, the
        gate's workers end."""
        self._end_kept()
        self.gate_pool.close()
        self.collector.close()
        if self.copies_dir is not None:
            shutil.rmtree(self.copies_dir, ignore_errors=True)
            self.copies_dir = None

    def _end_kept(self) -> None:
        """The kept build ended (its plugins' temporary files go); the copies stay."""
        if self.kept is not None:
            self.kept.warm.close()
            self.kept = None


def _same_verdicts(before: CheckResult, after: CheckResult) -> bool:
    """The same files refused: the stand-ins stay where they are and nothing else is left
    out (other findings change only the findings page's text, or the banner: engine/warm.py
    tells which)."""
    return refused_files(before) == refused_files(after)


def _retitled(before: CheckResult, after: CheckResult, changed: set[str]) -> set[str]:
    old, new = before.site.item_by_docs_path(), after.site.item_by_docs_path()
    return {p for p in changed if p in old and p in new and old[p].title != new[p].title}


def _same_pages(before: CheckResult, after: CheckResult, changed: set[str]) -> bool:
    """The fixed pages in ``changed`` changed only their text (what MkDocs shows of their
    front matter, their titles in every page's navigation, did not)."""
    old, new = before.site.page_by_docs_path(), after.site.page_by_docs_path()
    if old.keys() != new.keys():
        return False
    for docs_path in changed & new.keys():
        page: Page = new[docs_path]
        if replace(page, source=old[docs_path].source) != old[docs_path]:
            return False
        if _front_matter(old[docs_path]) != _front_matter(page):
            return False
    return True


def _front_matter(page: Page) -> str:
    text = page.source.text
    return text[: len(text) - len(page.source.body)]
