"""`pipeline serve`'s latency (issue 19): from saving a file to the preview serving the change.

    .venv/bin/python bench/bench_serve.py [--items 1000 3000] [--edits 5] [--others 2]
                                          [--kinds body front_matter new removed]
                                          [--no-baseline] [--json FILE] [--workdir DIR]

For each N it generates a corpus (bench/corpus.py), starts `pipeline serve` on a free port
and measures, polling the changed page every 50 ms:

- a body edit (a sentence added to the newest news item), --edits times: the page shows it;
- a front-matter edit (its title changed), --others times: the page shows the new title;
- a new item (a copy of it under another slug), --others times: its URL answers;
- a removed item (that copy deleted), --others times: its URL stops answering;

then starts the server again with `--full-rebuilds` (every save builds every page: the
baseline, same run) and measures the body edit --others times. Medians are printed with
the targets: body edit <= 1 s, front matter <= 2 s, new or removed item <= 5 s.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(BENCH))

from build_measure import say  # noqa: E402
from build_serve import _free_port, _stop, _wait_for  # noqa: E402
from corpus import add_sentence, generate, newest_item  # noqa: E402

TARGETS = {"body": 1.0, "front_matter": 2.0, "new": 5.0, "removed": 5.0}


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return None  # no answer (a busy server): not an answer that the page is gone


def _gone(url: str, timeout: float, process) -> float | None:
    """Seconds until ``url`` answers 404."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            return None
        if _status(url) == 404:
            return time.perf_counter() - started
        time.sleep(0.05)
    return None


def _set_title(path: Path, title: str) -> None:
    lines = path.read_text("utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = f"title: {title}"
    path.write_text("\n".join(lines), encoding="utf-8")


def measure_serve(
    root: Path, info, *, edits: int, others: int, full: bool, kinds=tuple(TARGETS)
) -> dict:
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [str(BIN / "pipeline"), "serve", "-a", f"127.0.0.1:{port}"]
    if full:
        command.append("--full-rebuilds")
    log = (root / ("serve-full.log" if full else "serve.log")).open("wb")
    process = subprocess.Popen(
        command, cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    item = newest_item(info, "news")
    url = base + item.url
    result: dict = {"full_rebuilds": full, "body": [], "front_matter": [], "new": [], "removed": []}
    try:
        result["startup_seconds"] = _wait_for(url, None, 1200, process)
        if result["startup_seconds"] is None:
            say("pipeline serve did not come up; see serve.log")
            return result
        for n in range(others if full else edits):
            marker = f"预览延迟标记{n}号{time.time_ns() % 10**6}"
            add_sentence(root, item, marker)
            result["body"].append(_wait_for(url, marker, 900, process))
            say(f"  body edit {n + 1}: {result['body'][-1]}")
            time.sleep(1)
        if full:
            return result
        path = root / item.path
        for n in range(others if "front_matter" in kinds else 0):
            title = f"{item.title[:20]}（第{n + 1}次修订{time.time_ns() % 10**4}）"
            _set_title(path, title)
            result["front_matter"].append(_wait_for(url, title, 900, process))
            say(f"  front matter edit {n + 1}: {result['front_matter'][-1]}")
            time.sleep(1)
        for n in range(others if "new" in kinds or "removed" in kinds else 0):
            slug = f"bench-copy-{n}-{time.time_ns() % 10**6}"
            copy = path.with_name(path.name.replace(item.slug, slug))
            text = path.read_text("utf-8").replace(f"slug: {item.slug}", f"slug: {slug}")
            copy.write_text(text, "utf-8")
            copy_url = base + item.url.replace(item.slug, slug)
            result["new"].append(_wait_for(copy_url, None, 900, process))
            say(f"  new item {n + 1}: {result['new'][-1]}")
            time.sleep(1)
            copy.unlink()
            result["removed"].append(_gone(copy_url, 900, process))
            say(f"  removed item {n + 1}: {result['removed'][-1]}")
            time.sleep(1)
    finally:
        result["stopped_by"] = _stop(process)
        log.close()
    return result


def median(values: list) -> float | None:
    shown = [v for v in values if v is not None]
    return statistics.median(shown) if shown else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--others", type=int, default=2)
    parser.add_argument("--kinds", nargs="+", choices=list(TARGETS), default=list(TARGETS))
    parser.add_argument("--no-baseline", action="store_true", help="skip --full-rebuilds")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-serve-"))
    report = {"machine": f"{platform.machine()}, {platform.python_version()}", "sizes": {}}
    for count in args.items:
        root = workdir / f"corpus-{count}"
        say(f"N={count}: generating the corpus in {root}")
        info = generate(root, count)
        say(f"N={count}: pipeline serve (page-level rebuilds)")
        warm = measure_serve(
            root, info, edits=args.edits, others=args.others, full=False, kinds=args.kinds
        )
        full = {"body": []}
        if not args.no_baseline:
            say(f"N={count}: pipeline serve --full-rebuilds (baseline)")
            full = measure_serve(root, info, edits=args.edits, others=args.others, full=True)
        report["sizes"][count] = {"serve": warm, "full_rebuilds": full}
    print()
    print(f"{'N':>6} {'change':<14} {'median s':>9} {'runs s':<32} {'target':>7} verdict")
    for count, figures in report["sizes"].items():
        for kind, target in TARGETS.items():
            runs = figures["serve"][kind]
            if not runs:
                continue  # not measured (--kinds)
            value = median(runs)
            shown = ", ".join(f"{r:.2f}" if r is not None else "never" for r in runs)
            verdict = "met" if value is not None and value <= target else "NOT met"
            print(
                f"{count:>6} {kind:<14} {value or float('nan'):>9.2f} {shown:<32}"
                f" {target:>7} {verdict}"
            )
        base = median(figures["full_rebuilds"]["body"])
        body = median(figures["serve"]["body"])
        ratio = body / base if body and base else None
        print(
            f"{count:>6} body edit with --full-rebuilds: {base or float('nan'):.2f} s"
            f" (page-level / full: {ratio or float('nan'):.3f}x);"
            f" start-up {figures['serve'].get('startup_seconds') or float('nan'):.1f} s"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")


if __name__ == "__main__":
    main()
