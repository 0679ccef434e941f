"""Checking speed: a full check against the warm re-check of `pipeline serve`, same run.

    .venv/bin/python bench/bench_check.py [--items 3000] [--repeat 3] [--corpus DIR]
                                          [--workdir DIR] [--keep] [--verify]

It generates a corpus (bench/corpus.py: N Chinese items over three years), or copies the
project --corpus names (with its `.cache/`, not its built sites), and measures in this
process (best of --repeat, wall and CPU time):

- a full check (`pipeline.stages.check_project`: load content/, run every stage's
  checks), once with the guard's cache emptied (every file scanned) and then with the
  caches as a previous run left them;
- a `CheckSession` (pipeline.recheck) started on the same project, then checked again:
  with nothing changed, after a sentence added to one item's body, after an edit of one
  item's front matter;
- `pipeline check` as a separate process (wall time, best of --repeat).

With --verify every re-check is compared with a fresh full check of the same files
(findings with their parameters, items, pages, assets). There are no timed assertions:
it prints the figures, with the ratio of each re-check to the full check.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(BENCH))

from corpus import generate  # noqa: E402

from pipeline.content.schema import parse_now  # noqa: E402
from pipeline.engine.project import open_project  # noqa: E402
from pipeline.recheck import CheckSession  # noqa: E402
from pipeline.stages import CheckResult, check_project  # noqa: E402


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def best(times: list[tuple[float, float]]) -> tuple[float, float]:
    return min(t[0] for t in times), min(t[1] for t in times)


def findings_of(result: CheckResult) -> list[tuple]:
    return [
        (f.path, f.line, f.column, f.rule, f.key, f.span, sorted(map(str, f.params.items())))
        for f in result.findings
    ]


def same_as_fresh(result: CheckResult, root: Path, now) -> bool:
    fresh = check_project(open_project(root / "mkdocs.yml"), now)
    return (
        findings_of(result) == findings_of(fresh)
        and result.site.items == fresh.site.items
        and result.site.pages == fresh.site.pages
        and result.site.assets == fresh.site.assets
        and result.site.failed == fresh.site.failed
    )


def pick_item(root: Path) -> Path:
    """The newest item of the news section: the one an editor is likely to be writing."""
    return sorted((root / "content" / "news" / "posts").rglob("*.md"))[-1]


def body_edit(path: Path, number: int) -> None:
    text = path.read_text("utf-8")
    path.write_text(text.rstrip("\n") + f"\n\n编辑补充的第{number}句话。\n", encoding="utf-8")


def front_matter_edit(path: Path, number: int) -> None:
    """A key added or taken away again (``pin: false`` changes nothing a reader sees)."""
    text = path.read_text("utf-8")
    if text.startswith("---\npin: false\n"):
        text = "---\n" + text[len("---\npin: false\n") :]
    else:
        text = "---\npin: false\n" + text[len("---\n") :]
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, help="copy this project instead of generating")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--verify", action="store_true", help="compare each re-check")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-check-", dir=args.workdir))
    root = workdir / "project"
    try:
        if args.corpus:
            # its caches too (a build's processed images are what a check reads of them)
            built = shutil.ignore_patterns("site", "site-*", "gate", "markdown", "pages", "builds")
            shutil.copytree(args.corpus, root, ignore=built)
        else:
            generate(root, args.items)
        run(root, args)
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def run(root: Path, args: argparse.Namespace) -> None:
    project = open_project(root / "mkdocs.yml")
    now = parse_now(None, project.site_config)
    items = sum(1 for _ in (root / "content").rglob("*.md"))
    print(f"{items} Markdown files in {root}")
    rows: list[tuple[str, float, float]] = []

    # the guard's results cache emptied: every file scanned (a build's processed images
    # stay: a check reads what the image pipeline found of them)
    shutil.rmtree(root / ".cache" / "pipeline" / "guard", ignore_errors=True)
    rows.append(("full check, guard cache empty", *timed(lambda: check_project(project, now))))
    full = best([timed(lambda: check_project(project, now)) for _ in range(args.repeat)])
    rows.append(("full check", *full))

    mkdocs_yml = root / "mkdocs.yml"
    session_box: list[CheckSession] = []
    start = timed(
        lambda: session_box.append(
            CheckSession.start(project, now, lambda: open_project(mkdocs_yml))
        )
    )
    session = session_box[0]
    rows.append(("session start (a full check)", *start))
    verified: list[bool] = []

    def recheck() -> tuple[float, float]:
        spent = timed(lambda: session.check(now))
        if args.verify:  # not timed
            verified.append(same_as_fresh(session.result, root, now))
        return spent

    item = pick_item(root)
    rows.append(("re-check, nothing changed", *best([recheck() for _ in range(args.repeat)])))
    times = []
    for number in range(args.repeat):
        body_edit(item, number)
        times.append(recheck())
        assert session.changes.body_only, session.changes
    rows.append(("re-check after a body edit", *best(times)))
    times = []
    for number in range(args.repeat):
        front_matter_edit(item, number)
        times.append(recheck())
        assert session.changes.front_matter, session.changes
    rows.append(("re-check after a front-matter edit", *best(times)))

    walls = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        subprocess.run(
            [str(BIN / "pipeline"), "check", "--format", "json"],
            cwd=root,
            capture_output=True,
            check=False,
        )
        walls.append(time.perf_counter() - started)
    rows.append(("`pipeline check` (a process)", min(walls), float("nan")))

    print(f"\nbest of {args.repeat}          wall s    cpu s   of the full check (wall)")
    for name, wall, cpu in rows:
        ratio = f"{wall / full[0]:8.3f}" if "re-check" in name else ""
        print(f"{name:<36} {wall:7.3f} {cpu:8.3f} {ratio}")
    if args.verify:
        print(f"\nre-checks equal to a fresh check: {sum(verified)} of {len(verified)}")


if __name__ == "__main__":
    main()
