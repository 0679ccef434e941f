"""Every command shown in README.md and docs/*.md is run here, so the documents cannot rot.

One test per document (they run in parallel under xdist). The convention the documents
follow (docs/editor-guide.md repeats it in an HTML comment at its top):

- Fenced blocks marked ``sh``, ``bash`` or ``console`` are run. Every line is one command
  (a leading ``$ `` is dropped); blank lines and lines that start with ``#`` are skipped.
  A ``#`` after a space starts a comment. There are no continuation lines.
- The commands of a document run in the order they appear, in one temporary copy of the
  sample project (content/, site_config/, mkdocs.yml, dev.py, the lock file, .github/,
  bench/ …): a git repository on ``main`` whose one commit is dated 2026-09-30 18:00
  (Beijing time), with a local bare repository as ``origin``. ``.venv`` in the copy is
  this virtualenv (its own stamp file, so ``dev.py`` never reinstalls: a command that prints
  that it installs fails the test), and
  ``pipeline``, ``python3`` and ``python`` on PATH are this virtualenv's.
- Exit status: 0, unless the command's comment says ``# exit N`` (or ``# 退出状态 N``).
- Output: a ``text`` block right after a command block (only blank lines between) shows
  what the block's last command prints. Each of its non-blank lines must appear in the real
  output (stdout and stderr together), in order. ``…`` stands for any text within a line
  (timings, dates, counts, hashes); a line that is only ``…`` stands for lines left out.
  Runs of spaces compare equal.
- Not run: a command whose comment says ``不在测试中运行：<reason>`` or
  ``not run by the docs test: <reason>``. Commands that cannot run here (the test suite
  itself, the network, GitHub, installing software) must carry that mark; the test fails
  when one does not (``UNRUNNABLE``). A command that takes longer than ``TIMEOUT`` fails.
- ``pipeline serve`` is started on a free port (its ``-a`` replaced), waited for until it
  answers, and stopped.
- ``powershell`` blocks are not run. Each must have a POSIX twin beside it (the next or
  previous fenced block, with at most one label line between): the same commands once
  ``.venv\\Scripts\\X.exe`` is ``.venv/bin/X``, ``py`` is ``python3`` and ``\\`` is ``/``.
  In the guides for editors and reviewers (``TWINS_REQUIRED``) every POSIX block needs its
  Windows twin as well, unless the label line before it says ``仅 macOS / Linux``.
- Rule ids written in the documents (``schema/too-short``, ``guard/html-*``) must exist in
  the message catalogue, the repository paths they name in backticks must exist, and so must
  the files and headings their relative links point to.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import REPO, commit_all, init_repo, link_venv, stop

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
POSIX = ("sh", "bash", "console")
WINDOWS = ("powershell", "ps1", "pwsh")
TWINS_REQUIRED = ("docs/editor-guide.md", "docs/reviewer-guide.md")
# the label of a POSIX block that has no Windows twin on purpose
POSIX_ONLY = re.compile(r"仅\s*macOS\s*/\s*Linux|macOS\s*/\s*Linux only")
# what the copy of the project holds (besides .venv, made separately)
COPIED = (
    "content",
    "site_config",
    "mkdocs.yml",
    ".github",
    ".pre-commit-config.yaml",
    ".gitignore",
    ".ci",
    "dev.py",
    "pyproject.toml",
    "requirements.lock",
    "bench",
)
FIRST_COMMIT = "2026-09-30 18:00"
TIMEOUT = 120  # seconds for one command
SERVE_TIMEOUT = 60  # seconds until `pipeline serve` answers

NOT_RUN = re.compile(r"(?:不在测试中运行|not run by the docs test)\s*[:：]\s*\S")
EXIT = re.compile(r"(?:\bexit|退出状态)\s*[:：]?\s*(\d+)")
COMMENT = re.compile(r"\s+#\s")
# commands that must never run here, each with why (they need the mark above)
UNRUNNABLE = (
    (re.compile(r"dev\.py test|\.ci/run"), "runs the whole test suite, this test included"),
    (re.compile(r"\blinks\b.*--external"), "needs the network"),
    (re.compile(r"(^|[\s;&|])(gh|sudo|apt-get|apt|npm)\s"), "needs GitHub or installs software"),
    (re.compile(r"\b(pip|uv pip) (install|compile)\b"), "needs the network, changes the venv"),
    (re.compile(r"pull/\d+/head"), "needs a real pull request on GitHub"),
)
# what dev.py prints when it (re)creates .venv, which it must never do in the copy
REINSTALL = re.compile(r"^(Creating \S*\.venv|Installing the pinned)", re.MULTILINE)
SERVE = re.compile(r"(^|/)pipeline(\.exe)? (-[^ ]+ )*serve\b")
RULE_PREFIXES = (
    "build|ci|config|encoding|guard|images|links|page|records|ref|roles|schema|seo|slug|"
    "stats|url|yaml"
)
RULE = re.compile(rf"(?<![\w/.\-])(?:{RULE_PREFIXES})/(?:[a-z0-9][a-z0-9-]*\*?|\*)(?![\w/.])")
REPO_PATH = re.compile(
    r"^(?:pipeline|tests|bench|site_config|docs|\.github|\.ci)/[\w./-]*$"
    r"|^(?:README\.md|dev\.py|mkdocs\.yml|pyproject\.toml|requirements\.lock"
    r"|\.pre-commit-config\.yaml)$"
)


# -- reading a document ----------------------------------------------------------------------


@dataclass
class Command:
    text: str  # without its comment
    comment: str
    line: int  # 1-based, in the document

    @property
    def skipped(self) -> bool:
        return bool(NOT_RUN.search(self.comment))

    @property
    def expected_status(self) -> int:
        match = EXIT.search(self.comment)
        return int(match.group(1)) if match else 0


@dataclass
class Block:
    lang: str
    start: int  # line of the opening fence (1-based)
    end: int  # line of the closing fence
    lines: list[str]
    commands: list[Command] = field(default_factory=list)
    output: Block | None = None  # the text block that shows what the last command prints


def split_comment(line: str) -> tuple[str, str]:
    match = COMMENT.search(line)
    if match is None:
        return line.strip(), ""
    return line[: match.start()].strip(), line[match.end() :].strip()


def read_blocks(path: Path) -> tuple[list[Block], list[str]]:
    """The fenced blocks of a Markdown file (indented ones in lists too), and its lines."""
    lines = path.read_text("utf-8").splitlines()
    blocks: list[Block] = []
    number = 0
    while number < len(lines):
        match = re.match(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)", lines[number])
        if match is None:
            number += 1
            continue
        indent, fence, lang = match.groups()
        body: list[str] = []
        start = number
        number += 1
        while number < len(lines) and not lines[number].strip().startswith(fence):
            body.append(lines[number][len(indent) :] if lines[number].startswith(indent) else "")
            number += 1
        block = Block(lang.lower(), start + 1, number + 1, body)
        for offset, raw in enumerate(body):
            text = raw.strip()
            if block.lang == "console" and not text.startswith("$ "):
                continue  # a console block's other lines are what the commands print
            text = text.removeprefix("$ ").strip()
            if not text or text.startswith("#"):
                continue
            command, comment = split_comment(text)
            block.commands.append(Command(command, comment, start + 2 + offset))
        blocks.append(block)
        number += 1
    for before, after in itertools.pairwise(blocks):
        between = lines[before.end : after.start - 1]
        if before.lang in POSIX and after.lang == "text" and not any(s.strip() for s in between):
            before.output = after
    return blocks, lines


def gap(lines: list[str], first: Block, second: Block) -> list[str]:
    """The non-blank lines between two blocks."""
    return [s for s in lines[first.end : second.start - 1] if s.strip()]


def as_posix(command: str) -> str:
    """A Windows command as its POSIX twin is written."""
    text = re.sub(r"\.venv\\Scripts\\([\w.-]+?)(?:\.exe)?(?=\s|$)", r".venv/bin/\1", command)
    text = re.sub(r"^py(?=\s)", "python3", text)
    return " ".join(text.replace("\\", "/").split())


def twin_of(blocks: list[Block], lines: list[str], index: int, kinds: tuple) -> Block | None:
    for other in (index + 1, index - 1):
        if 0 <= other < len(blocks) and blocks[other].lang in kinds:
            first, second = sorted((blocks[index], blocks[other]), key=lambda b: b.start)
            if len(gap(lines, first, second)) <= 1:
                return blocks[other]
    return None


def structure_problems(rel: str, blocks: list[Block], lines: list[str]) -> list[str]:
    """Windows blocks without their POSIX twin (and the other way round where required),
    and unrunnable commands without the mark that says why."""
    problems = []
    for index, block in enumerate(blocks):
        if block.lang in WINDOWS:
            twin = twin_of(blocks, lines, index, POSIX)
            mine = [as_posix(c.text) for c in block.commands]
            if twin is None:
                problems.append(
                    f"{rel}:{block.start}: a Windows block without its macOS/Linux twin beside it"
                )
            elif mine != [" ".join(c.text.split()) for c in twin.commands]:
                problems.append(
                    f"{rel}:{block.start}: the Windows commands {mine} differ from their "
                    f"macOS/Linux twin at line {twin.start}: "
                    f"{[c.text for c in twin.commands]}"
                )
        if block.lang in POSIX:
            label = lines[: block.start - 1]
            label = next((s for s in reversed(label) if s.strip()), "")
            posix_only = POSIX_ONLY.search(label) is not None
            needs_twin = rel in TWINS_REQUIRED and not posix_only
            if needs_twin and twin_of(blocks, lines, index, WINDOWS) is None:
                problems.append(
                    f"{rel}:{block.start}: a macOS/Linux block without its Windows twin "
                    "beside it (or a label “仅 macOS / Linux” that says why there is none)"
                )
            for command in block.commands:
                for pattern, why in UNRUNNABLE:
                    if pattern.search(command.text) and not command.skipped:
                        problems.append(
                            f"{rel}:{command.line}: `{command.text}` cannot run in the docs "
                            f"test ({why}): end it with `# 不在测试中运行：<reason>` or "
                            f"`# not run by the docs test: <reason>`"
                        )
    return problems


def known_rules() -> set[str]:
    from pipeline.core.messages import CATALOGUE

    return set(CATALOGUE)


def reference_problems(rel: str, lines: list[str], blocks: list[Block]) -> list[str]:
    """Rule ids that the catalogue does not have; repository paths that do not exist."""
    rules = known_rules()
    in_text = {n for b in blocks if b.lang == "text" for n in range(b.start, b.end + 1)}
    in_code = {n for b in blocks for n in range(b.start, b.end + 1)} - in_text
    problems = []
    for number, line in enumerate(lines, 1):
        if number in in_code:
            continue
        spans = [line] if number in in_text else re.findall(r"`([^`]+)`", line)
        for span in spans:
            for rule in RULE.findall(span):
                ok = rule in rules or (
                    rule.endswith("*") and any(r.startswith(rule[:-1]) for r in rules)
                )
                if not ok:
                    problems.append(f"{rel}:{number}: no rule `{rule}` in the message catalogue")
            if number in in_text:
                continue
            path = span.strip()
            named = REPO_PATH.match(path) and not re.search(r"[<>{}*…]|\.\.\.", path)
            if named and not (REPO / path.rstrip("/")).exists():
                problems.append(f"{rel}:{number}: `{path}` does not exist in the repository")
        if number not in in_text:
            problems += link_problems(rel, number, re.sub(r"`[^`]*`", "", line))
    return problems


def anchors_of(path: Path) -> set[str]:
    """The anchors GitHub gives a Markdown file's headings."""
    blocks, lines = read_blocks(path)
    in_code = {n for b in blocks for n in range(b.start, b.end + 1)}
    anchors = set()
    for number, line in enumerate(lines, 1):
        heading = re.match(r"#{1,6}\s+(.*)", line)
        if heading and number not in in_code:
            text = re.sub(r"[^\w\- ]", "", heading.group(1).strip().lower())
            anchors.add(text.replace(" ", "-"))
    return anchors


def link_problems(rel: str, number: int, line: str) -> list[str]:
    """Relative Markdown links to files that do not exist, or to headings they lack."""
    problems = []
    for target in re.findall(r"\]\(([^)\s]+)\)", line):
        if re.match(r"[a-z]+:", target) or "…" in target:
            continue
        file, _, anchor = target.partition("#")
        path = (REPO / rel).parent / file if file else REPO / rel
        if not path.exists():
            problems.append(f"{rel}:{number}: the link target {target} does not exist")
        elif anchor and path.suffix == ".md" and anchor not in anchors_of(path):
            problems.append(
                f"{rel}:{number}: {file or rel} has no heading for the anchor #{anchor}"
            )
    return problems


# -- expected output -------------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def normalise(line: str) -> str:
    return " ".join(ANSI.sub("", line).split())


def missing_lines(expected: list[str], output: str) -> list[str]:
    """Expected lines (with … for any text) not found in order in the output."""
    actual = [normalise(line) for line in output.splitlines()]
    position, missing = 0, []
    for line in expected:
        wanted = normalise(line)
        if not wanted or set(wanted) <= {"…", " "}:
            continue
        pattern = re.compile(".*?".join(re.escape(part) for part in wanted.split("…")))
        for index in range(position, len(actual)):
            if pattern.fullmatch(actual[index]):
                position = index + 1
                break
        else:
            missing.append(line)
    return missing


# -- the copy of the project -----------------------------------------------------------------


def make_copy(root: Path) -> None:
    root.mkdir()
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", ".cache")
            shutil.copytree(source, root / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, root / name)
    repo = init_repo(root)
    commit_all(repo, FIRST_COMMIT, "导入网站", "--no-verify")
    origin = root.parent / "origin.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(root), str(origin)], check=True)
    repo.git.remote("add", "origin", str(origin))
    repo.git.fetch("-q", "origin")
    repo.git.branch("-q", "--set-upstream-to=origin/main", "main")
    link_venv(root)


def environment(tmp: Path) -> dict[str, str]:
    shims = tmp / "bin"
    shims.mkdir()
    venv_bin = Path(sys.prefix) / "bin"
    (shims / "pipeline").symlink_to(venv_bin / "pipeline")
    for name in ("python3", "python"):
        (shims / name).symlink_to(sys.executable)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "PIPELINE_", "PYTEST_")) and k != "VIRTUAL_ENV"
    }
    env.update(
        PATH=f"{shims}{os.pathsep}{env.get('PATH', '')}",
        PRE_COMMIT_HOME=str(tmp / "pre-commit"),
        PYTHONUNBUFFERED="1",
        NO_MKDOCS_2_WARNING="1",
        COLUMNS="120",
    )
    return env


# -- running ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_serve(command: Command, root: Path, env: dict, where: str) -> None:
    """Start the preview on a free port, wait until it answers, stop it."""
    args = shlex.split(command.text)
    if "-a" in args:
        at = args.index("-a")
        del args[at : at + 2]
    port = free_port()
    args += ["-a", f"127.0.0.1:{port}"]
    log = root.parent / "serve.log"
    with log.open("w", encoding="utf-8") as sink:
        process = subprocess.Popen(args, cwd=root, env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + SERVE_TIMEOUT
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    break
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                        if page.status == 200:
                            return
                except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                    pass
                time.sleep(0.25)
            pytest.fail(
                f"{where}: `{command.text}` did not answer on http://127.0.0.1:{port}/ "
                f"(exit status {process.poll()})\n{log.read_text('utf-8', 'replace')}",
                pytrace=False,
            )
        finally:
            stop(process)


def run_command(command: Command, root: Path, env: dict, where: str) -> str:
    try:
        result = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command.text],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(
            f"{where}: `{command.text}` took longer than {TIMEOUT} s; mark it "
            f"`# not run by the docs test: <reason>` if it is meant to\n{exc.output or ''}",
            pytrace=False,
        )
    if result.returncode != command.expected_status:
        pytest.fail(
            f"{where}: `{command.text}` exited {result.returncode}, the document implies "
            f"{command.expected_status}\n--- output ---\n{result.stdout}",
            pytrace=False,
        )
    return result.stdout


def runnable_count(path: Path) -> int:
    blocks, _ = read_blocks(path)
    return sum(not c.skipped for b in blocks if b.lang in POSIX for c in b.commands)


def scheduled(docs: list[Path]) -> list[Path]:
    """Longest documents first, each followed by one without commands: xdist hands every
    worker two tests to start with, so the two longest start on different workers."""
    counts = {doc: runnable_count(doc) for doc in docs}
    heavy = sorted((d for d in docs if counts[d]), key=lambda d: -counts[d])
    light = [d for d in docs if not counts[d]]
    order: list[Path] = []
    for index, doc in enumerate(heavy):
        order.append(doc)
        if index < 2 and light:
            order.append(light.pop(0))
    return order + light


@pytest.mark.parametrize(
    "doc", scheduled(DOCS), ids=lambda p: p.relative_to(REPO).as_posix() if p else ""
)
def test_document_commands_run(doc: Path, tmp_path: Path) -> None:
    rel = doc.relative_to(REPO).as_posix()
    blocks, lines = read_blocks(doc)
    problems = structure_problems(rel, blocks, lines) + reference_problems(rel, lines, blocks)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)

    runnable = [b for b in blocks if b.lang in POSIX and any(not c.skipped for c in b.commands)]
    if not runnable:
        return
    root = tmp_path / "project"
    make_copy(root)
    env = environment(tmp_path)
    for block in runnable:
        output = ""
        for command in block.commands:
            if command.skipped:
                continue
            where = f"{rel}:{command.line}"
            if SERVE.search(command.text):
                run_serve(command, root, env, where)
                output = ""
            else:
                output = run_command(command, root, env, where)
                if "dev.py" in command.text and REINSTALL.search(output):
                    pytest.fail(f"{where}: dev.py set up .venv again\n{output}", pytrace=False)
        last = block.commands[-1]
        if block.output is not None and not last.skipped:
            missing = missing_lines(block.output.lines, output)
            if missing:
                pytest.fail(
                    f"{rel}:{block.output.start}: lines of this output block are not in what "
                    f"`{last.text}` (line {last.line}) printed:\n  "
                    + "\n  ".join(missing)
                    + f"\n--- output ---\n{output}",
                    pytrace=False,
                )
