"""Editorial targets benchmark: `pipeline stats` and the /stats/ page over a long history.

    .venv/bin/python bench/bench_stats.py [--commits 1000]

Scripts the same repository as bench_records.py (git fast-import: COMMITS first-parent
changes over 2025, one to three items each, a merge commit every tenth), then times,
best of 3: reading when every item landed on main, the figures `pipeline stats` prints,
and the page the build adds; and, in the same run as the baseline, one plain
`git log --first-parent --name-status -M` over the posts folder.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from bench_records import fast_import_stream  # noqa: E402
from conftest import _base_project  # noqa: E402


def best_of(runs: int, action) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=1000)
    args = parser.parse_args()
    from pipeline.content.model import load_site
    from pipeline.content.schema import parse_now
    from pipeline.engine.project import open_project
    from pipeline.stats.figures import gather_figures
    from pipeline.stats.landed import read_landings
    from pipeline.stats.page import stats_markdown

    folder = Path(tempfile.mkdtemp(prefix="bench-stats-"))
    try:
        project = _base_project(folder)
        for section in ("news", "industry"):
            project.write(f"content/{section}/posts/.keep", "")
        subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
        stream = fast_import_stream(folder, args.commits)
        subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=stream, check=True)
        subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=folder, check=True)

        baseline_cmd = ["git", "log", "--first-parent", "--name-status", "-M", "main"]
        baseline_cmd += ["--", "content/news/posts", "content/industry/posts"]
        baseline, _ = best_of(
            3, lambda: subprocess.run(baseline_cmd, cwd=folder, capture_output=True)
        )
        opened = open_project(folder / "mkdocs.yml")
        config = opened.site_config
        site = load_site(config, opened.layout)
        now = parse_now("2026-01-15 12:00", config)
        landed, landings = best_of(3, lambda: read_landings(config, opened.layout))
        figures_time, figures = best_of(
            3, lambda: gather_figures(site, now, "week", 60, landings=landings)
        )
        page, _ = best_of(3, lambda: stats_markdown(site, now))
        counted = sum(s.total for s in figures.sections)
        print(
            f"history: {args.commits + 1} first-parent commits, {len(site.items)} items, "
            f"{len(landings.by_path)} landed"
        )
        print(f"baseline  git log --first-parent --name-status -M: {baseline:.3f} s")
        print(f"landings (when each item reached main): {landed:.3f} s = {landed / baseline:.1f}x")
        print(f"figures, 60 weeks ({counted} items counted), landings given: {figures_time:.3f} s")
        print(f"/stats/ page (landings, months and weeks): {page:.3f} s = {page / baseline:.1f}x")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
