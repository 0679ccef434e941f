"""Running linkchecker and reading its machine-readable (CSV) output.

linkchecker runs as a child process with a configuration file written for the run:
its threads, sessions and logging are process-wide state, and a child process keeps
them out of the pipeline (and lets a crash be reported instead of taking us down).
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# the columns asked for; `line` and `column` last, since linkchecker leaves them out
# (rather than empty) for the start URLs
_PARTS = ("urlname", "parentname", "result", "warningstring", "infostring", "valid", "url")
_ANCHOR_WARNING = re.compile(r"^Anchor `(?P<anchor>.*?)' \(decoded: `.*?'\) not found", re.S)


class LinkcheckerFailed(Exception):
    """linkchecker could not run or stopped with an internal error."""


@dataclass(frozen=True)
class Row:
    """One checked link, as linkchecker logged it."""

    url: str  # absolute, as checked
    written: str  # the link as written in the page
    parent: str  # the page it was found on ("" for a start page)
    result: str  # "200 OK", "404 File not found", "ConnectionError: ..."
    warnings: tuple[str, ...]
    valid: bool
    line: int | None
    column: int | None

    @property
    def missing_anchor(self) -> str | None:
        for warning in self.warnings:
            match = _ANCHOR_WARNING.match(warning)
            if match:
                return match.group("anchor")
        return None

    @property
    def status(self) -> int | None:
        match = re.match(r"(\d{3})\b", self.result)
        return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Run:
    """What to ask linkchecker for."""

    urls: tuple[str, ...]
    recursion: int  # 1: check the start pages' links without going further
    threads: int = 10
    timeout: int = 20
    rate: float = 1000.0  # requests per second to one host (see server.py)
    intern: str | None = None  # regex of URLs that are internal; others are only listed
    check_extern: bool = False
    anchors: bool = True
    verbose: bool = False  # log every link, not only the failing ones


def config_text(run: Run) -> str:
    lines = [
        "[output]",
        f"verbose={int(run.verbose)}",
        "[csv]",
        "parts=" + ",".join((*_PARTS, "line", "column")),
        "[checking]",
        f"threads={run.threads}",
        f"timeout={run.timeout}",
        f"recursionlevel={run.recursion}",
        f"maxrequestspersecond={run.rate}",
        "robotstxt=0" if run.intern else "robotstxt=1",
        "[filtering]",
        f"checkextern={int(run.check_extern)}",
        # addresses a browser does not fetch: nothing to check offline
        "ignore=",
        "  ^mailto:",
        "  ^tel:",
        "  ^javascript:",
        "  ^data:",
    ]
    if run.intern:
        lines.append(f"internlinks={run.intern}")
    if run.anchors:
        lines.append("[AnchorCheck]")
    return "\n".join(lines) + "\n"


def run_linkchecker(run: Run) -> list[Row]:
    """Check ``run.urls``; the rows linkchecker logged (failures, or all when verbose)."""
    if not run.urls:
        return []
    with tempfile.TemporaryDirectory(prefix="pipeline-links-") as folder:
        config = Path(folder) / "linkcheckerrc"
        config.write_text(config_text(run), encoding="utf-8")
        # run as root, linkchecker drops to "nobody" after reading its configuration
        os.chmod(folder, 0o755)
        config.chmod(0o644)
        command = [sys.executable, "-m", "linkcheck", "-f", str(config), "--no-status"]
        command += ["-o", "csv/utf-8", "--stdin"]
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "LANGUAGE": "en"}
        try:
            done = subprocess.run(
                command,
                input="\n".join(run.urls) + "\n",
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=env,
                check=False,
            )
        except OSError as exc:
            raise LinkcheckerFailed(str(exc)) from None
    # 1 also means "found broken links"; only the CSV header tells that it really ran
    if done.returncode not in (0, 1) or not done.stdout.startswith(_PARTS[0]):
        raise LinkcheckerFailed(_last_lines(done.stderr) or f"exit status {done.returncode}")
    return parse_csv(done.stdout)


def _last_lines(text: str, count: int = 5) -> str:
    return "\n".join(text.strip().splitlines()[-count:])


def parse_csv(text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text), delimiter=";", quotechar='"')
    header = None
    rows = []
    for record in reader:
        if not record:
            continue
        if header is None:  # "# created by" comments come only before the header
            if not record[0].startswith("#"):
                header = record
            continue
        values = dict(zip(header, record, strict=False))
        rows.append(
            Row(
                url=values.get("url", ""),
                written=values.get("urlname", ""),
                parent=values.get("parentname", ""),
                result=values.get("result", ""),
                warnings=tuple(w for w in values.get("warningstring", "").splitlines() if w),
                valid=values.get("valid") == "True",
                line=_number(values.get("line")),
                column=_number(values.get("column")),
            )
        )
    return rows


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None
