"""The publish gate's cost: its seconds as a share of a cold `pipeline build`.

    .venv/bin/python bench/bench_gate.py [--items 3000] [--repeat 3] [--workdir DIR] [--keep]

Generates the corpus of bench/corpus.py, builds it cold with `pipeline build` (a separate
process, the gate included, as bench_build.py measures it), then runs the gate alone on
the built site in this process (its worker processes on a large site), --repeat times,
and prints the median with its parts measured in one process (parsing, executable
constructs, the sanitizer, the visible text's rules) and the share of the cold build.
The gate runs on every page of every build (it is not incremental), so the share of a
one-edit rebuild is printed too.
"""

from __future__ import annotations

import argparse
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
from pipeline.engine.project import open_project  # noqa: E402
from pipeline.gate import PARALLEL_FROM, gate_site  # noqa: E402
from pipeline.gate.html import check_tree  # noqa: E402
from pipeline.gate.sanitize import region, removed  # noqa: E402
from pipeline.gate.text import ShownScanner, visible_text  # noqa: E402
from pipeline.guard.scan import guard_config, matcher_for  # noqa: E402
from pipeline.stages import check_project  # noqa: E402


def gate_seconds(root: Path, repeat: int) -> tuple[float, int, dict[str, float]]:
    """The gate's median seconds on root/site, its finding count, and its parts' seconds."""
    project = open_project(root / "mkdocs.yml")
    check = check_project(project, parse_now(None, project.site_config))
    shown = [i for i in check.site.items if i.visibility(check.now) == "published"]
    times, count = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = len(gate_site(root / "site", check.site, shown, label="site"))
        times.append(time.perf_counter() - started)
    config = guard_config(check.site)
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
            removed(content.html or "", content)
        sanitized = time.perf_counter()
        scanner.problems(visible_text(tree), ())
        done = time.perf_counter()
        parts["read + parse"] += parsed - started
        parts["html"] += checked_html - parsed
        parts["sanitize"] += sanitized - checked_html
        parts["text + rules"] += done - sanitized
    return statistics.median(times), count, parts


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
        if info is not None:
            add_sentence(root, newest_item(info, "news"), "这是一处新增的说明。")
        rebuild = checked(measure([str(BIN / "pipeline"), "build"], root), "pipeline build (edit)")
        gate, count, parts = gate_seconds(root, args.repeat)
        pages = sum(1 for _ in (root / "site").rglob("*.html"))
        print(f"items: {args.items}, pages: {pages}, gate findings: {count}")
        print(f"cold build (gate included): {cold.seconds:.1f} s")
        print(f"one-edit rebuild (gate included): {rebuild.seconds:.1f} s")
        workers = min(os.cpu_count() or 1, 4) if pages >= PARALLEL_FROM else 1
        print(f"gate alone (median of {args.repeat}, {workers} worker(s)): {gate:.2f} s")
        print("its parts, in one process:")
        for name, seconds in parts.items():
            print(f"  {name}: {seconds:.2f} s")
        print(f"gate share of the cold build: {gate / cold.seconds:.1%}")
        print(f"gate share of the one-edit rebuild: {gate / rebuild.seconds:.1%}")
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
