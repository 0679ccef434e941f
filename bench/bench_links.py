"""Link-check benchmark: `pipeline links` on a generated 1,000-item site.

    .venv/bin/python bench/bench_links.py [--items 1000] [--changed 3] [--baseline-urls 300]

Generates a site with the test suite's helpers (conftest's `_base_project` and
`Project.write_item`): ITEMS items over both sections, each with two anchored headings, a
Markdown link to the previous item's heading, a raw-HTML link and an external link. One of
the CHANGED items carries a broken raw-HTML link. Builds it once with `pipeline build`,
then times, as the workflows run them:

- the whole-site crawl, `pipeline links` (the publish workflow);
- the pull-request check, `pipeline links --changed` over CHANGED item files (best of 3),
  which must report the planted broken link;
- in the same run, the baseline: linkchecker's plain default run (`linkchecker URL`, its
  default settings, against a plain static server that sends no `LinkChecker` header). Its
  default per-host throttle (0.1-0.6 s per request, one host) makes a whole run take many
  minutes, so it is stopped after BASELINE_URLS URLs (linkchecker's `maxnumurls`) and
  its rate is extrapolated to the number of distinct URLs of the whole site (counted by a
  verbose run of the same crawl).
"""

from __future__ import annotations

import argparse
import functools
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from conftest import Project, _base_project  # noqa: E402

CATEGORIES = {"news": ["公司动态", "产品发布", "荣誉资质"], "industry": ["市场动态", "技术趋势"]}
# a .md link inside raw HTML: the file exists, so the content checks pass, but MkDocs does
# not convert it, so the built page links a file that is not there
BROKEN = '<p>另见<a href="{name}">原文</a>。</p>\n'


def generate(root: Path, count: int) -> tuple[Project, list[str]]:
    """ITEMS items; returns the project and the item files, oldest first."""
    project = _base_project(root)
    start = datetime(2025, 1, 1, 9, 0)
    names: dict[str, list[str]] = {"news": [], "industry": []}
    files = []
    for n in range(count):
        section = "news" if n % 2 == 0 else "industry"
        when = start + timedelta(hours=14 * n)
        name = f"{when:%Y-%m-%d}-item-{n}"
        previous = names[section][-1] if names[section] else None
        body = [
            f"编号 {n} 的基准测试文章导语，介绍工业物联网与能源管理的最新进展。\n",
            "## 背景 {#background}\n\n相关背景介绍。\n",
            "## 详情 {#details}\n\n详细内容。\n",
            f"[参考资料](https://www.example.com/{section}/{n})\n",
        ]
        if previous:
            body.append(f"[上一篇](../{previous[:4]}/{previous}.md#details)\n")
        path = project.write_item(
            section,
            name,
            "\n".join(body),
            title=f"基准测试文章{n}号工业互联网资讯",
            date=f"{when:%Y-%m-%d %H:%M}",
            slug=f"item-{n}",
            categories=[CATEGORIES[section][n % len(CATEGORIES[section])]],
        )
        if when.year == 2025:  # write_item writes under posts/2026/
            target = path.parent.parent / "2025" / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            path.rename(target)
            path = target
        names[section].append(name)
        files.append(path.relative_to(root).as_posix())
    return project, files


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, done


class _Plain(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def baseline(site: Path, limit: int) -> tuple[float, int]:
    """linkchecker with its defaults over a plain static server, stopped after ``limit`` URLs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Plain, directory=site))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    folder = Path(tempfile.mkdtemp(prefix="bench-lc-"))
    try:
        folder.chmod(0o755)
        config = folder / "linkcheckerrc"
        config.write_text(f"[checking]\nmaxnumurls={limit}\n", encoding="utf-8")
        config.chmod(0o644)
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        command = [sys.executable, "-m", "linkcheck", "-f", str(config), "--no-status"]
        command += ["-o", "csv", url]
        seconds, done = timed(command, folder)
        checked = sum(1 for line in done.stdout.splitlines() if line and line[0] != "#") - 1
        return seconds, max(checked, limit)
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)


def count_urls(project: Project) -> int:
    """Distinct URLs of the whole site: the crawl of `pipeline links`, logging every URL."""
    from pipeline.links.check import LOCAL_RATE, LOCAL_THREADS, site_pages
    from pipeline.links.driver import Run, run_linkchecker
    from pipeline.links.server import serve_folder

    with serve_folder(project.site) as root_url:
        pages = tuple(root_url + page for page in site_pages(project.site))
        run = Run(pages, 1, LOCAL_THREADS, rate=LOCAL_RATE, intern="^" + re.escape(root_url))
        run = Run(**{**run.__dict__, "verbose": True})
        # the site's own URLs, without fragments: linkchecker's default run fetches those
        # (once per page: no AnchorCheck) and only lists the others, without waiting
        rows = run_linkchecker(run)
        return len({row.url.split("#", 1)[0] for row in rows if row.url.startswith(root_url)})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--changed", type=int, default=3)
    parser.add_argument("--baseline-urls", type=int, default=300)
    args = parser.parse_args()
    pipeline = [sys.executable, "-m", "pipeline"]
    folder = Path(tempfile.mkdtemp(prefix="bench-links-"))
    try:
        project, files = generate(folder, args.items)
        # the newest items are the ones a pull request would touch
        changed = files[-args.changed :]
        planted = folder / changed[0]
        with planted.open("a", encoding="utf-8") as handle:
            handle.write("\n" + BROKEN.format(name=planted.name))
        seconds, done = timed([*pipeline, "build"], folder)
        if done.returncode != 0:
            raise SystemExit(f"build failed:\n{done.stdout}\n{done.stderr}")
        pages = sum(1 for _ in project.site.rglob("*.html"))
        print(f"site: {args.items} items, {pages} HTML pages, built in {seconds:.1f} s")

        full, done = timed([*pipeline, "--lang", "en", "links"], folder)
        print(f"whole site   pipeline links:            {full:6.1f} s  (exit {done.returncode})")
        print("             " + done.stderr.strip().splitlines()[-1])

        best, found = None, ""
        for _ in range(3):
            seconds, done = timed(
                [*pipeline, "--lang", "en", "links", "--changed", *changed], folder
            )
            best = seconds if best is None else min(best, seconds)
            found = done.stdout + done.stderr
        caught = f'"{Path(changed[0]).name}"' in found or Path(changed[0]).name in found
        print(
            f"pull request pipeline links --changed ({args.changed} items): {best:6.2f} s best of 3"
            f"  (planted broken link reported: {'yes' if caught else 'NO'})"
        )
        print("             " + found.strip().splitlines()[-1])

        urls = count_urls(project)
        slice_seconds, checked = baseline(project.site, args.baseline_urls)
        rate = checked / slice_seconds
        estimate = urls / rate
        print(
            f"baseline     linkchecker defaults: {checked} URLs in {slice_seconds:.1f} s "
            f"= {rate:.2f} URLs/s (stopped by maxnumurls)"
        )
        print(
            f"             whole site has {urls} distinct URLs: about {estimate:.0f} s at that rate"
        )
        print(f"ratio        whole-site crawl / baseline estimate: {full / estimate:.3f}")
        print(f"ratio        pull-request check / baseline estimate: {best / estimate:.4f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
