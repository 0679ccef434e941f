"""The publish gate's cost: its seconds as a share of a cold `pipeline build` and of a
one-edit rebuild, with its cache of judged pages and without it.

    .venv/bin/python bench/bench_gate.py [--items 3000] [--repeat 3] [--workdir DIR] [--keep]

Generates the corpus of bench/corpus.py and builds it cold with `pipeline build` (a
separate process, the gate and its cache included, as bench_build.py measures it). On
the built site, in this process (its worker processes on a large site), --repeat times
each: the gate without its cache (every page judged, what every build paid before) and
cold (an empty cache: every page judged, hashed and kept). Then it edits one item, builds
again with `pipeline build`, and on the rebuilt site measures the gate without its cache,
after the edit (the cache as the cold run here left it: only pages whose bytes changed are
judged, the rest hashed and taken from the cache) and on an unchanged site (nothing
judged: the cost of hashing every page). The gate's runs take turns (a machine shared
with other work slows them alike); medians are printed with the pages judged and reused,
and the parts of judging a page (parsing, executable constructs, the sanitizer,
the visible text's rules) measured once in one process, with the accounting of every other
file (which runs in full on every build; what made each file comes from an in-process
render of the same sources, as `pipeline build` hands it to its gate).

Shares are of the builds as measured (their gate ran with its cache); the shares without
the cache are of the same builds with the cached gate's seconds swapped for the uncached
gate's. The cache's key holds the gate's and the guard's source: a file of them edited
while this runs makes the rebuild's own gate judge every page: that is printed, and the
cached gate's seconds measured here stand in for its own.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(BENCH))

from build_measure import checked, measure, say  # noqa: E402
from corpus import add_sentence, generate, newest_item  # noqa: E402

from pipeline.content.schema import parse_now  # noqa: E402
from pipeline.engine.build import render_into  # noqa: E402
from pipeline.engine.project import open_project  # noqa: E402
from pipeline.engine.request import BuildRequest  # noqa: E402
from pipeline.gate import PARALLEL_FROM, gate_site  # noqa: E402
from pipeline.gate.cache import FILE_NAME, GateStats  # noqa: E402
from pipeline.gate.files import SiteFiles, check_files  # noqa: E402
from pipeline.gate.html import check_tree  # noqa: E402
from pipeline.gate.sanitize import region, removed  # noqa: E402
from pipeline.gate.text import ShownScanner, visible_text  # noqa: E402
from pipeline.guard.scan import guard_config, matcher_for  # noqa: E402
from pipeline.prepare import prepare  # noqa: E402
from pipeline.stages import check_project  # noqa: E402

CACHE = Path(".cache/pipeline/gate/site")  # where `pipeline build` keeps site/'s cache


def _timed(runs: dict, repeat: int) -> dict[str, tuple[float, int, GateStats]]:
    """Each of ``runs`` (name: (run, prepare)) ``repeat`` times, taking turns so that a
    machine shared with other work slows them alike: per name, the median seconds of
    ``run(stats)`` (``prepare()`` before it, not timed), its last finding count and stats."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    last: dict[str, tuple[int, GateStats]] = {}
    for _ in range(repeat):
        for name, (run, ready) in runs.items():
            if ready is not None:
                ready()
            stats = GateStats()
            started = time.perf_counter()
            count = len(run(stats))
            times[name].append(time.perf_counter() - started)
            last[name] = (count, stats)
    return {name: (statistics.median(times[name]), *last[name]) for name in runs}


def site_files_of(root: Path, scratch: Path) -> SiteFiles:
    """What made each file of root/site, as `pipeline build` tells its gate: an in-process
    render of the same sources into a scratch folder (its paths are the site's)."""
    project = open_project(root / "mkdocs.yml")
    check = check_project(project, parse_now(None, project.site_config))
    recorded: list[SiteFiles] = []
    out = scratch / "files-render"
    with tempfile.TemporaryDirectory() as copies:
        prepared = prepare(check, drafts=False, copies_dir=Path(copies))
        request = BuildRequest(
            now=check.now,
            prepared=prepared,
            previous_site=root / "site",
            record_files=recorded.append,
        )
        render_into(project, out, request)
    shutil.rmtree(out, ignore_errors=True)
    return recorded[-1]


class Gate:
    """The gate on root/site, the sources as they are now, in this process."""

    def __init__(self, root: Path, scratch: Path, files: SiteFiles) -> None:
        project = open_project(root / "mkdocs.yml")
        check = check_project(project, parse_now(None, project.site_config))
        self.site = check.site
        self.shown = [i for i in check.site.items if i.visibility(check.now) == "published"]
        self.site_dir = root / "site"
        self.cache = scratch / "gate-cache"
        self.files = files

    def run(self, cache_dir: Path | None):
        return lambda stats: gate_site(
            self.site_dir,
            self.site,
            self.shown,
            label="site",
            cache_dir=cache_dir,
            stats=stats,
            files=self.files,
        )

    def accounting_seconds(self) -> float:
        """The file accounting alone (every build runs it in full)."""
        config = guard_config(self.site)
        scanner = ShownScanner(config, matcher_for(config))
        started = time.perf_counter()
        check_files(self.site_dir, self.files, scanner, frozenset())
        return time.perf_counter() - started

    def emptied(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)

    def restore(self, kept: Path):
        def restore() -> None:
            self.emptied()
            shutil.copytree(kept, self.cache)

        return restore


def parts_seconds(root: Path) -> dict[str, float]:
    """Judging every page in one process, part by part."""
    project = open_project(root / "mkdocs.yml")
    config = guard_config(check_project(project, parse_now(None, project.site_config)).site)
    scanner = ShownScanner(config, matcher_for(config))
    parts = dict.fromkeys(("read + parse", "html", "sanitize", "text + rules"), 0.0)
    for path in sorted((root / "site").rglob("*.html")):
        started = time.perf_counter()
        tree = LexborHTMLParser(path.read_text("utf-8", "replace"))
        parsed = time.perf_counter()
        check_tree(tree)
        checked_html = time.perf_counter()
        content = region(tree)
        if content is not None:
            removed(None, content)
        sanitized = time.perf_counter()
        scanner.problems(visible_text(tree), ())
        done = time.perf_counter()
        parts["read + parse"] += parsed - started
        parts["html"] += checked_html - parsed
        parts["sanitize"] += sanitized - checked_html
        parts["text + rules"] += done - sanitized
    return parts


def _rules_of(root: Path) -> str | None:
    try:
        return json.loads((root / CACHE / FILE_NAME).read_text("utf-8"))["rules"]
    except (OSError, ValueError, KeyError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-gate-"))
    root = workdir / f"corpus-{args.items}"
    try:
        if not (root / "mkdocs.yml").is_file():
            say(f"generating {args.items} items in {root}")
            info = generate(root, args.items)
        else:
            info = None  # a corpus kept from an earlier run: no edit to make
        shutil.rmtree(root / ".cache", ignore_errors=True)
        shutil.rmtree(root / "site", ignore_errors=True)
        cold = checked(measure([str(BIN / "pipeline"), "build"], root), "pipeline build (cold)")
        cold_rules = _rules_of(root)
        say("what made each file of the site (an in-process render)")
        files = site_files_of(root, workdir)
        say("the gate on the cold build's site")
        gate = Gate(root, workdir, files)
        runs = {
            "without cache (cold site)": (gate.run(None), None),
            "cold": (gate.run(gate.cache), gate.emptied),
        }
        figures = _timed(runs, args.repeat)
        kept = workdir / "gate-cache-after-cold"
        shutil.rmtree(kept, ignore_errors=True)
        shutil.copytree(gate.cache, kept)
        if info is not None:
            add_sentence(root, newest_item(info, "news"), "这是一处新增的说明。")
        rebuild = checked(measure([str(BIN / "pipeline"), "build"], root), "pipeline build (edit)")
        rebuild_warm = cold_rules is not None and _rules_of(root) == cold_rules
        say("the gate on the rebuilt site")
        gate = Gate(root, workdir, files)
        runs = {
            "without cache": (gate.run(None), None),
            "one edit": (gate.run(gate.cache), gate.restore(kept)),
            # the cache as the edit's run just left it: every page as it is now
            "unchanged": (gate.run(gate.cache), None),
        }
        figures.update(_timed(runs, args.repeat))
        parts = parts_seconds(root)
        parts["file accounting (all other files)"] = gate.accounting_seconds()
        pages = sum(1 for _ in (root / "site").rglob("*.html"))
        count = figures["without cache"][1]
        print(f"items: {args.items}, pages: {pages}, gate findings: {count}")
        print(f"cold build (gate included): {cold.seconds:.1f} s")
        print(f"one-edit rebuild (gate included): {rebuild.seconds:.1f} s")
        if not rebuild_warm:  # the rebuild as it would have been with its cache
            print("  NOTE: the gate's rules changed between the builds (its source edited):")
            print("  the rebuild's own gate judged every page; below, its seconds are swapped")
            print("  for the cached gate's measured here")
        workers = min(os.cpu_count() or 1, 4)
        print(f"gate alone (median of {args.repeat}; up to {workers} workers from "
              f"{PARALLEL_FROM} pages to judge):")  # fmt: skip
        for name, (seconds, found, stats) in figures.items():
            same = "" if found == count else f" (findings {found}: NOT THE SAME)"
            print(f"  {name}: {seconds:.2f} s, {stats.judged} pages judged, "
                  f"{stats.reused} reused{same}")  # fmt: skip
        print("the gate's parts, every page in one process, then the other files:")
        for name, seconds in parts.items():
            print(f"  {name}: {seconds:.2f} s")
        edited = rebuild.seconds
        if not rebuild_warm:
            edited += figures["one edit"][0] - figures["without cache"][0]
        for name, seconds, cached, nocache in (
            ("cold", cold.seconds, figures["cold"][0], figures["without cache (cold site)"][0]),
            ("one-edit", edited, figures["one edit"][0], figures["without cache"][0]),
        ):
            uncached_build = seconds - cached + nocache
            print(f"gate share of the {name} build: {cached / seconds:.1%} with the cache, "
                  f"{nocache / uncached_build:.1%} without; "
                  f"cached gate / uncached gate: {cached / nocache:.2f}")  # fmt: skip
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
