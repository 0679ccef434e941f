"""Records benchmark: `pipeline log` over a long scripted history, and one quarterly archive.

    .venv/bin/python bench/bench_records.py [--commits 1000]

Builds a repository (git fast-import) whose first-parent history has COMMITS changes
over four quarters of 2025, each adding or updating one to three items, with a merge
commit every tenth change. Prints the time of the first `pipeline log` (the backfill),
of a second run (which adds nothing), and, measured in the same run as a baseline,
one `git log --first-parent --raw -M` over the same history, with the ratio between
them; then the time and size of `pipeline archive` for one quarter.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from conftest import _base_project, front_matter  # noqa: E402


def item(title: str, date: datetime) -> bytes:
    fields = {
        "title": title,
        "summary": "这是基准测试用的文章摘要，长度足够通过摘要长度检查的要求。",
        "date": date.strftime("%Y-%m-%d %H:%M"),
        "author": "zhangwei",
        "categories": ["公司动态"],
    }
    return (front_matter(fields) + "\n正文内容。\n").encode("utf-8")


def fast_import_stream(root: Path, commits: int) -> bytes:
    """The base project as the first commit, then COMMITS changes (merges every tenth)."""
    out: list[bytes] = []
    mark = 0

    def data(payload: bytes) -> None:
        out.append(b"data %d\n" % len(payload) + payload + b"\n")

    def commit(branch: str, when: datetime, message: str, files, parents=()) -> int:
        nonlocal mark
        mark += 1
        stamp = b"%d +0800" % int(when.timestamp())
        out.append(b"commit refs/heads/" + branch.encode() + b"\nmark :%d\n" % mark)
        out.append("author 张伟 <zw@example.com> ".encode() + stamp + b"\n")
        out.append("committer 张伟 <zw@example.com> ".encode() + stamp + b"\n")
        data(message.encode())
        for index, parent in enumerate(parents):
            out.append((b"from" if index == 0 else b"merge") + b" :%d\n" % parent)
        for path, payload in files:
            out.append(b"M 100644 inline " + path.encode() + b"\n")
            data(payload)
        return mark

    start = datetime(2025, 1, 2, 9, 0)
    base = [
        (p.relative_to(root).as_posix(), p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    ]
    tip = commit("main", start, "Initial site\n\nReviewed-by: 王经理\n", base)
    step = timedelta(minutes=int(365 * 24 * 60 / (commits + 1)))
    for n in range(1, commits + 1):
        when = start + step * n
        files = [
            (
                f"content/news/posts/2025/item-{(n * 7 + k) % (commits // 2 + 1)}.md",
                item(f"基准测试新闻第{n}-{k}条", when),
            )
            for k in range(1 + n % 3)
        ]
        if n % 10 == 0:
            side = commit("feature", when - timedelta(minutes=5), f"change {n}", files, (tip,))
            message = f"Merge pull request #{n} from team/feature\n\nReviewed-by: 王经理\n"
            tip = commit("main", when, message, files, (tip, side))  # the merged tree
        else:
            tip = commit("main", when, f"change {n} (#{n})\n\nApproved-by: 李审核\n", files, (tip,))
    return b"".join(out)


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=1000)
    args = parser.parse_args()
    from pipeline.engine.offline import build_offline_site
    from pipeline.engine.project import open_project
    from pipeline.records.archive import archive_quarter
    from pipeline.records.history import History
    from pipeline.records.quarters import Quarter
    from pipeline.records.updatelog import update_log

    folder = Path(tempfile.mkdtemp(prefix="bench-records-"))
    try:
        project = _base_project(folder)
        for section in ("news", "industry"):
            project.write(f"content/{section}/posts/.keep", "")  # git keeps no empty folder
        project.write(".gitignore", "/archives/\n")
        subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
        stream = fast_import_stream(folder, args.commits)
        subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=stream, check=True)
        subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=folder, check=True)
        subprocess.run(["git", "config", "user.name", "bench"], cwd=folder, check=True)
        subprocess.run(["git", "config", "user.email", "bench@example.com"], cwd=folder, check=True)

        git_log = ["git", "log", "--first-parent", "--raw", "-M", "--no-abbrev", "main"]
        baseline, _ = timed(lambda: subprocess.run(git_log, cwd=folder, capture_output=True))
        opened = open_project(folder / "mkdocs.yml")
        records = opened.site_config.records
        log_path = folder / records.log_file

        def run_log():
            history = History(opened.site_config, opened.layout, records)
            return update_log(history, records, log_path, "content/update-log.jsonl")

        first, update = timed(run_log)
        second, again = timed(run_log)
        entries = len(update.added)
        print(f"history: {args.commits + 1} first-parent commits, {entries} entries logged")
        print(f"baseline  git log --first-parent --raw -M: {baseline:.3f} s")
        print(
            f"pipeline log (backfill):  {first:.2f} s  = {first / baseline:.0f}x baseline, "
            f"{first / (args.commits + 1) * 1000:.1f} ms per commit"
        )
        print(f"pipeline log (again):     {second:.2f} s  ({len(again.added)} entries added)")
        subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
        subprocess.run(["git", "commit", "-qm", "log"], cwd=folder, check=True)
        archived, outcome = timed(
            lambda: archive_quarter(
                opened, records, Quarter(2025, 2), folder / "archives", build_offline_site
            )
        )
        size = outcome.bundle.stat().st_size / 1e6
        print(f"pipeline archive 2025Q2: {archived:.2f} s, bundle {size:.1f} MB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
