"""Regenerate the public part of the XSS corpus from checkouts of its sources.

Not run by the tests: the JSON Lines files it writes are committed, so the tests never
need the network. To refresh them, clone (or fetch) the four repositories and run

    python tests/corpus/xss/make_corpus.py DOMPURIFY OWASP H5SC PATT

with the path of each git directory (a bare mirror works: files are read from HEAD with
``git show``). Node.js reads DOMPurify's and H5SC's fixtures, which are JavaScript
modules. README.md records the commits the committed files were made from.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# one payload is at most this long: the corpus stays a few MB, the browser test quick
MAX_PAYLOAD = 4000
_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
_PLACEHOLDER = re.compile(r"%([a-z0-9_]+)%")
# PayloadsAllTheThings' lists left out: not HTML payloads (endpoints, Flash parameters),
# and xss_alert.txt again with a number of its own in each alert()
_LEFT_OUT = {"jsonp_endpoint.txt", "xss_swf_fuzz.txt", "xss_alert_identifiable.txt"}


def show(git_dir: Path, path: str) -> str:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def listing(git_dir: Path, folder: str) -> list[str]:
    out = subprocess.run(
        ["git", f"--git-dir={git_dir}", "ls-tree", "-r", "--name-only", "HEAD", folder],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if line]


def commit(git_dir: Path) -> str:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def node_json(script: str, files: dict[str, str]) -> object:
    """Run ``script`` with Node in a folder holding ``files``; its stdout read as JSON."""
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files.items():
            Path(folder, name).write_text(text, "utf-8")
        out = subprocess.run(
            ["node", "--input-type=module", "-e", script],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return json.loads(out)


def dompurify(git_dir: Path) -> list[str]:
    script = (
        "const m = await import(process.cwd() + '/expect.mjs');"
        "console.log(JSON.stringify(m.default.map(t => t.payload)))"
    )
    payloads = node_json(script, {"expect.mjs": show(git_dir, "test/fixtures/expect.mjs")})
    return [p for p in payloads if isinstance(p, str)]


def owasp(git_dir: Path) -> list[str]:
    text = show(git_dir, "cheatsheets/XSS_Filter_Evasion_Cheat_Sheet.md")
    return [block.strip("\n") for block in _FENCE.findall(text)]


def h5sc(git_dir: Path) -> list[str]:
    script = (
        "import {createRequire} from 'module';"
        "const require = createRequire(process.cwd() + '/');"
        "const items = require('./items.js'), payloads = require('./payloads.js');"
        "console.log(JSON.stringify({items: items.map(i => i.data), payloads}))"
    )
    data = node_json(
        script,
        {
            "items.js": show(git_dir, "items.js"),
            "payloads.js": show(git_dir, "payloads.js"),
            "package.json": '{"type": "commonjs"}',
        },
    )
    table = data["payloads"]
    return [
        _PLACEHOLDER.sub(lambda m: table.get(m.group(1), m.group(0)), item)
        for item in data["items"]
        if isinstance(item, str)
    ]


def payloads_all_the_things(git_dir: Path) -> list[str]:
    found: list[str] = []
    for path in listing(git_dir, "XSS Injection/Intruders"):
        if path.endswith(".txt") and path.rsplit("/", 1)[1] not in _LEFT_OUT:
            found.extend(show(git_dir, path).splitlines())
    for path in listing(git_dir, "XSS Injection"):
        if path.endswith(".md"):
            for block in _FENCE.findall(show(git_dir, path)):
                # the pages' code blocks list one payload a line, with // comments between
                found.extend(
                    line
                    for line in block.splitlines()
                    if not line.lstrip().startswith(("//", "# "))
                    and ("<" in line or "script:" in line.lower())
                )
    return found


SOURCES = {
    "dompurify": dompurify,
    "owasp": owasp,
    "h5sc": h5sc,
    "payloadsallthethings": payloads_all_the_things,
}


def write(name: str, payloads: list[str]) -> int:
    seen: dict[str, None] = {}
    for payload in payloads:
        payload = payload.strip()
        if payload and len(payload) <= MAX_PAYLOAD:
            seen.setdefault(payload, None)
    with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as out:
        for payload in seen:
            out.write(json.dumps({"source": name, "payload": payload}, ensure_ascii=False))
            out.write("\n")
    return len(seen)


def main(argv: list[str]) -> None:
    if len(argv) != len(SOURCES):
        sys.exit(__doc__)
    for (name, read), folder in zip(SOURCES.items(), argv, strict=True):
        git_dir = Path(folder)
        count = write(name, read(git_dir))
        print(f"{name}: {count} payloads from {commit(git_dir)}")


if __name__ == "__main__":
    main(sys.argv[1:])
