"""`pipeline serve`: a real preview process with live reload, polled over HTTP.

These are the suite's slow tests (each starts a server and waits for rebuilds);
they run by default. Every wait is bounded, and the server is always stopped.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import Project, stop

pytestmark = pytest.mark.slow

STARTUP_TIMEOUT = 60  # seconds until the first build is served
RELOAD_TIMEOUT = 30  # seconds for a change to show
GATEWAY = "news/2026/03/12/new-gateway/"
HIGH_TECH_FILE = "content/news/posts/2026/2026-05-28-high-tech.md"
HIGH_TECH = "news/2026/05/28/lan-shi-ke-ji-tong-guo-gao-xin-ji-shu-qi-ye-ren-ding/"
DRAFT = "news/2026/04/01/open-day-draft/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """A running `pipeline serve` process and what it has printed so far."""

    def __init__(self, process: subprocess.Popen, port: int, log: Path) -> None:
        self.process = process
        self.base = f"http://127.0.0.1:{port}/"
        self.log = log

    def output(self) -> str:
        return self.log.read_text("utf-8", "replace")

    def get(self, path: str = "") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    def wait_for(self, what: str, condition: Callable[[], bool], timeout: float) -> None:
        """Poll ``condition`` until it holds; fail after ``timeout`` seconds or if the
        process has ended."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the preview exited:\n{self.output()}"
            try:
                if condition():
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass  # not listening yet, or rebuilding
            time.sleep(0.25)
        pytest.fail(f"gave up after {timeout} s waiting for {what}; output:\n{self.output()}")

    def wait_for_output(self, what: str, *needles: str) -> None:
        """Wait until the process output contains every one of ``needles``."""
        self.wait_for(what, lambda: all(n in self.output() for n in needles), RELOAD_TIMEOUT)

    def wait_for_page(self, path: str, text: str, timeout: float = RELOAD_TIMEOUT) -> str:
        pages: list[str] = []

        def shows_text() -> bool:
            status, body = self.get(path)
            pages.append(body)
            return status == 200 and text in body

        self.wait_for(f"{text!r} on /{path}", shows_text, timeout)
        return pages[-1]


@contextmanager
def serving(
    project: Project, *command: str, env: dict[str, str] | None = None
) -> Iterator[Preview]:
    """``command`` (``pipeline serve`` or ``mkdocs serve``) running in the project on a free
    port, its output in a log beside the project; stopped when the block ends. ``env``:
    variables added to this process's."""
    port = free_port()
    log = project.root.parent / f"{project.root.name}-serve.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with log.open("w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", *command, "-a", f"127.0.0.1:{port}"],
            cwd=project.root,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            yield Preview(process, port, log)
        finally:
            stop(process)


@contextmanager
def preview(project: Project, *args: str) -> Iterator[Preview]:
    with serving(project, "pipeline", "serve", *args) as server:
        server.wait_for("the preview to answer", lambda: server.get("")[0] == 200, STARTUP_TIMEOUT)
        yield server


def edit(project: Project, rel: str, old: str, new: str) -> None:
    path = project.root / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_preview_reloads_edits_and_keeps_running_on_content_errors(project: Project) -> None:
    project.write_item(
        "news",
        "2026-04-01-draft",
        title="澜石科技开放日草稿预告",
        date="2026-04-01 10:00",
        slug="open-day-draft",
        draft=True,
    )
    gateway_file = "content/news/posts/2026/2026-03-12-new-gateway.md"
    with preview(project) as server:
        page = server.wait_for_page(GATEWAY, "新一代网关支持更多工业协议。")
        assert "预览更新词一号" not in page
        assert server.get(DRAFT)[0] == 404  # drafts only with --drafts

        # live reload: an edited body shows without restarting
        edit(
            project,
            gateway_file,
            "新一代网关支持更多工业协议。",
            "新一代网关支持更多工业协议。预览更新词一号",
        )
        server.wait_for_page(GATEWAY, "预览更新词一号")
        # only the pages that show the text were rendered again (engine/livebuild.py)
        server.wait_for_output("the page-level rebuild", "预览已更新：重新生成了")

        # a content error: reported with file and rule, and the preview goes on
        edit(project, HIGH_TECH_FILE, "author: zhangwei", "author: nobody")
        server.wait_for_output(
            "the finding in the output", "2026-05-28-high-tech.md", "schema/unknown-author"
        )
        # and the editor is told the preview leaves that file out until it is fixed
        server.wait_for_output(
            "the left-out notice", "预览中暂时略过", "news/posts/2026/2026-05-28-high-tech.md"
        )
        edit(project, gateway_file, "预览更新词一号", "预览更新词二号")
        server.wait_for_page(GATEWAY, "预览更新词二号")
        assert server.get("")[0] == 200
        assert server.get("about/")[0] == 200
        assert server.process.poll() is None

        # the same for an error in a section's index page, which the blog needs
        edit(
            project,
            "content/news/index.md",
            "summary: 澜石科技的公司新闻",
            "summary: 短\nx: 澜石科技的公司新闻",
        )
        server.wait_for_output(
            "the finding in the output", "content/news/index.md", "schema/unknown-key"
        )
        edit(project, gateway_file, "预览更新词二号", "预览更新词三号")
        server.wait_for_page(GATEWAY, "预览更新词三号")
        assert server.get("news/")[0] == 200

        # fixed again: the item is back
        edit(project, HIGH_TECH_FILE, "author: nobody", "author: zhangwei")
        server.wait_for_page(HIGH_TECH, "公司再次通过高新技术企业认定。")
    assert "Traceback" not in server.output()


def test_preview_with_drafts_shows_drafts(project: Project) -> None:
    project.write_item(
        "news",
        "2026-04-01-draft",
        title="澜石科技开放日草稿预告",
        date="2026-04-01 10:00",
        slug="open-day-draft",
        draft=True,
        body="草稿正文预览可见。\n",
    )
    with preview(project, "--drafts") as server:
        page = server.wait_for_page(DRAFT, "草稿正文预览可见。")
        assert "澜石科技开放日草稿预告" in page
        assert server.wait_for_page(GATEWAY, "新一代网关支持更多工业协议。")


@pytest.mark.parametrize(
    "args", [("-a", "nonsense"), ("--now", "not a time")], ids=["dev-addr", "now"]
)
def test_bad_options_are_usage_errors(project: Project, args: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "serve", "-a", f"127.0.0.1:{free_port()}", *args],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=STARTUP_TIMEOUT,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert args[1] in result.stderr or "IP:PORT" in result.stderr


def test_address_in_use_is_a_usage_error(project: Project) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        result = subprocess.run(
            [sys.executable, "-m", "pipeline", "serve", "-a", address],
            cwd=project.root,
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT,
            check=False,
        )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert address in result.stderr


@pytest.mark.parametrize(
    ("stop_signal", "when"),
    [(signal.SIGTERM, "serving"), (signal.SIGHUP, "first build")],
    ids=["SIGTERM-serving", "SIGHUP-first-build"],
)
def test_a_stopped_preview_removes_its_temporary_folders(
    project: Project, tmp_path_factory, stop_signal: int, when: str
) -> None:
    # `kill`, an IDE's stop button or a closed terminal end the preview as Ctrl+C does: the
    # served folder and the items' copies do not pile up in the temp folder
    scratch = tmp_path_factory.mktemp("scratch")
    with serving(project, "pipeline", "serve", env={"TMPDIR": str(scratch)}) as server:
        if when == "serving":
            server.wait_for("the preview to answer", lambda: server.get("")[0] == 200, 60)
        else:
            server.wait_for_output("the first build to start", "正在生成预览")
        # one folder holds all it writes there (the blog plugin's too): a stop that lands
        # between two statements anywhere, MkDocs' own included, leaves nothing behind
        made = [p.name for p in scratch.iterdir() if p.is_dir()]
        assert len(made) == 1, made
        assert made[0].startswith("pipeline-preview-"), made
        assert (scratch / made[0] / "site").is_dir()
        server.process.send_signal(stop_signal)
        assert server.process.wait(timeout=30) == 0, server.output()
    assert "预览已停止" in server.output()
    assert "Traceback" not in server.output()
    assert [p.name for p in scratch.iterdir() if p.is_dir()] == []  # jieba keeps a file
