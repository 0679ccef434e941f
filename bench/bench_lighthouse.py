"""Lighthouse benchmark: the built sample site's home page, 公司新闻 list and one item.

    .venv/bin/python bench/bench_lighthouse.py [--reports DIR] [--target 0.95]

Not a timed test: it prints Lighthouse's four category scores (performance, accessibility,
best practices, SEO) per page and whether each meets TARGET (the goal is 0.95 each), and the
audits that cost the most where a category falls short.

- Lighthouse comes from npm, pinned with its integrity hashes in bench/lighthouse/
  (package.json and package-lock.json), installed by this script with `npm ci
  --ignore-scripts` into .cache/bench/lighthouse/ (again only when the lock file changed).
- The sample site (content/, site_config/, mkdocs.yml of this repository) is built with
  `pipeline build` into a temporary folder with the test suite's helpers, and served on
  127.0.0.1 from a thread, text compressed with gzip as a production host (GitHub Pages)
  serves it.
- Lighthouse runs Debian's Chromium (CHROME_PATH=/usr/bin/chromium, headless) with its
  default settings: the mobile form factor, simulated throttling (slow 4G, 4x CPU).
- The JSON reports go to REPORTS (default .cache/bench/lighthouse/reports/), one per page.

Needs node (18.16 or later), npm and chromium (apt-get install chromium nodejs npm); the
first run downloads Lighthouse from the npm registry.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from conftest import Project, _base_project  # noqa: E402

from pipeline.links.server import serve_folder  # noqa: E402

PACKAGE = REPO / "bench/lighthouse"
CACHE = REPO / ".cache/bench/lighthouse"
CHROME = Path("/usr/bin/chromium")
PAGES = {
    "home": "",
    "news-list": "news/",
    "item": "news/2026/03/12/new-iot-gateway/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, text gzipped when the browser accepts it (as a production host does)."""

    def log_message(self, format: str, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns: a file-like object copied to the client, then closed."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        pass


def install_lighthouse() -> Path:
    """`npm ci` of the pinned lock file into the cache folder; the CLI's path."""
    lock = (PACKAGE / "package-lock.json").read_bytes()
    digest = hashlib.sha256(lock + (PACKAGE / "package.json").read_bytes()).hexdigest()
    stamp = CACHE / "installed.sha256"
    cli = CACHE / "node_modules/lighthouse/cli/index.js"
    if cli.is_file() and stamp.is_file() and stamp.read_text().strip() == digest:
        return cli
    CACHE.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(PACKAGE / name, CACHE / name)
    command = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    print(f"installing lighthouse: {' '.join(command)} (in {CACHE.relative_to(REPO)})")
    subprocess.run(command, cwd=CACHE, check=True)
    stamp.write_text(digest + "\n")
    return cli


def build_sample(root: Path) -> Project:
    project = _base_project(root)  # mkdocs.yml and site_config/, then the sample's own
    shutil.rmtree(project.root / "site_config")
    shutil.copytree(REPO / "site_config", project.root / "site_config")
    shutil.rmtree(project.content)
    shutil.copytree(REPO / "content", project.content)
    started = time.perf_counter()
    result = project.cli("build")
    if result.exit_code != 0:
        sys.exit(f"the sample site did not build:\n{result.output}")
    pages = sum(1 for _ in project.site.rglob("*.html"))
    print(f"site: the sample, {pages} HTML pages, built in {time.perf_counter() - started:.1f} s")
    return project


def run_lighthouse(cli: Path, url: str, report: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": str(CHROME)}
    command = [
        "node",
        str(cli),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    subprocess.run(command, env=env, check=True)
    return json.loads(report.read_text("utf-8"))


def costly_audits(result: dict, category: str, limit: int = 4) -> list[str]:
    """The category's audits that fell short, those that weigh most first."""
    audits = result["audits"]
    found = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = audits.get(ref["id"], {})
        score = audit.get("score")
        if ref.get("weight", 0) <= 0 or score is None or score >= 0.9:
            continue
        shown = audit.get("displayValue", "")
        found.append((ref["weight"] * (1 - score), f"{ref['id']} {score:.2f} {shown}".strip()))
    return [text for _, text in sorted(found, reverse=True)[:limit]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, default=CACHE / "reports")
    parser.add_argument("--target", type=float, default=0.95)
    args = parser.parse_args()
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found: apt-get install nodejs npm")
    if not os.access(CHROME, os.X_OK):
        sys.exit(f"chromium not found at {CHROME}: apt-get install chromium")
    cli = install_lighthouse()
    version = json.loads((cli.parents[1] / "package.json").read_text("utf-8"))["version"]
    args.reports.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as folder:
        project = build_sample(Path(folder))
        print(f"lighthouse {version}, mobile preset (default), {CHROME}, target {args.target}")
        header = f"{'page':10} " + " ".join(f"{c:>15}" for c in CATEGORIES)
        rows, notes = [header], []
        with serve_folder(project.site, GzipHandler) as base:
            for name, path in PAGES.items():
                report = args.reports / f"{name}.json"
                started = time.perf_counter()
                result = run_lighthouse(cli, base + path, report)
                seconds = time.perf_counter() - started
                cells = []
                for category in CATEGORIES:
                    score = result["categories"][category]["score"]
                    ok = score is not None and score >= args.target
                    cells.append(
                        f"{score if score is not None else 0:>12.2f} {'✓' if ok else '✗'} "
                    )
                    if not ok:
                        audits = "; ".join(costly_audits(result, category)) or "—"
                        notes.append(f"{name} / {category}: {audits}")
                rows.append(f"{name:10} " + " ".join(cells) + f"  ({seconds:.0f} s, /{path})")
        print("\n".join(rows))
        if notes:
            print("\nbelow the target, the audits that cost most (id, score, value):")
            print("\n".join(f"  {note}" for note in notes))
        print(f"\nreports: {args.reports}")


if __name__ == "__main__":
    main()
