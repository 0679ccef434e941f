"""The web editor for real: Decap CMS at /admin/ of a built copy of the sample site, its
local proxy (the pinned decap-server, git mode) on that copy's repository, driven in
Debian's headless Chromium.

One build, one proxy and one browser serve the module's cases, in order: an item written
and saved (a branch of the editorial workflow, the file as `pipeline check` and a build
take it), a summary too short (refused with the Chinese message, nothing committed), and
the item moved through the workflow to 就绪 and published (merged into main). Without
chromium or node the module is skipped with the install hint; under CI it fails instead
(tests/browser_support.py).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import seed_pictures

from pipeline.core.slugs import slugify
from pipeline.editor.proxy import start_proxy, stop_proxy, wait_for_port
from pipeline.editor.vendor import install_server
from tests.browser_support import (
    CHROMIUM_ARGS,
    PageProblems,
    require_chromium,
    require_node,
    serve,
)

ROOT = Path(__file__).resolve().parents[1]
PIPELINE = Path(sys.executable).with_name("pipeline")
TITLE = "澜石科技发布新一代网关"
SLUG = slugify(TITLE)  # lan-shi-ke-ji-fa-bu-xin-yi-dai-wang-guan
NAME = f"2026-11-20-{SLUG}"
ITEM = f"content/news/posts/2026/{NAME}.md"
BRANCH = f"cms/news/2026/{NAME}"
SUMMARY = "澜石科技今天发布了新一代工业物联网网关，支持更多协议，安装更简单，能耗更低。"
ALT = "网关外观：蓝色金属外壳"
TIMEOUT = 20_000  # ms: a loaded machine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _pipeline(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PIPELINE), *args], cwd=folder, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def editor(tmp_path_factory, sample_pictures):
    """(repository, base URL of its built site, the browser's context)."""
    chromium = require_chromium()
    require_node()
    playwright_api = pytest.importorskip("playwright.sync_api")
    repo = tmp_path_factory.mktemp("editor") / "site-repo"
    repo.mkdir()
    for name in ("content", "site_config"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    seed_pictures(sample_pictures, repo)
    port = _free_port()
    (repo / "site_config" / "editor.yml").write_text(f"local_port: {port}\n", encoding="utf-8")
    (repo / ".gitignore").write_text("/site/\n/.cache/\n/.site*\n", encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "-c", "user.name=张伟", "-c", "user.email=zhangwei@example.com", "add", "-A")
    _git(repo, "-c", "user.name=张伟", "-c", "user.email=zhangwei@example.com", "commit",
         "-qm", "sample site")  # fmt: skip
    built = _pipeline(repo, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (repo / "site" / "admin" / "index.html").is_file()
    entry = install_server()
    with serve(repo / "site") as base_url:
        log = repo.parent / "proxy.log"
        proxy = start_proxy(entry, repo, port, base_url, log_file=log)
        try:
            assert wait_for_port(port, proxy), log.read_text(errors="replace")
            with playwright_api.sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(chromium), args=CHROMIUM_ARGS
                )
                context = browser.new_context(
                    viewport={"width": 1280, "height": 900},
                    timezone_id="Asia/Shanghai",
                    locale="zh-CN",
                )
                context.set_default_timeout(TIMEOUT)
                yield repo, base_url, context
                browser.close()
        finally:
            stop_proxy(proxy)


def _open(context, base_url: str, where: str):
    """A new tab with the editor at ``where`` (a route of Decap's, after "#"), logged in to
    the local proxy, and what goes wrong in it."""
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "publish now?", "leave the page?"
    problems = PageProblems(page, base_url)
    page.goto(f"{base_url}admin/#{where}")
    login = page.get_by_role("button", name="登录")
    app = page.get_by_text("工作流").or_(page.locator("[id^=title-field]"))
    login.or_(app.first).first.wait_for()
    if login.is_visible():
        login.click()
    return page, problems


def _new_item(context, base_url: str, summary: str):
    page, problems = _open(context, base_url, "/collections/news/new")
    page.wait_for_selector("[id^=title-field]")
    page.fill("[id^=title-field]", TITLE)
    page.fill("[id^=summary-field]", summary)
    page.fill("[id^=date-field]", "2026-11-20T07:30")  # 23:30 UTC the day before
    page.click("[id^=author-field]")
    page.get_by_text("刘洋", exact=True).click()
    page.click("[id^=categories-field]")
    page.get_by_text("产品发布", exact=True).click()
    return page, problems


def _real_problems(problems: PageProblems, base_url: str) -> list[str]:
    """What went wrong, leaving out the page's own uploads (blob: URLs of this origin) and
    the local proxy (another port of 127.0.0.1, the one other address the page may use)."""
    host = base_url.rsplit(":", 1)[0]
    return [
        p
        for p in problems.problems
        if f"blob:{base_url}" not in p
        and not p.startswith(f"external request: {host}:")
        # the proxy says "not found" for an entry or file that does not exist yet (Decap
        # asks before it creates one); the site's own server words its 404 differently
        and not (p.startswith(f"HTTP 404: {host}:") and p.endswith("/api/v1"))
        and "status of 404 (Not Found)" not in p
    ]


def test_an_item_written_in_the_editor_is_saved_as_a_checked_file(editor, tmp_path) -> None:
    repo, base_url, context = editor
    image = tmp_path / "upload-photo.jpg"
    shutil.copy(ROOT / "content" / "news" / "posts" / "2026" / "2026-03-12-new-gateway.jpg", image)
    page, problems = _new_item(context, base_url, SUMMARY)
    page.get_by_role("button", name="选择图片").first.click()
    page.set_input_files("input[type=file]", str(image))
    page.get_by_text("upload-photo.jpg").wait_for()
    page.get_by_role("button", name="选用已选中项目").click()
    page.locator("[contenteditable=true]").last.click()
    page.keyboard.type("新一代网关正式发布，支持更多工业协议。")
    page.keyboard.press("Enter")
    # the toolbar's "+": the image with its alt text (the pipeline's image component)
    page.locator("[class*=ToolbarDropdownWrapper]").last.locator("[role=button]").first.click()
    page.get_by_role("menuitem", name="图片").click()
    page.get_by_role("button", name="选择图片").last.click()
    page.get_by_text("upload-photo.jpg").first.click()
    page.get_by_role("button", name="选用已选中项目").click()
    page.get_by_label("图片说明（替代文字）").fill(ALT)
    preview = page.frame_locator("iframe").first  # the item as the site shows it
    preview.locator("article.md-typeset h1", has_text=TITLE).wait_for()
    assert preview.locator("link[href*='assets/stylesheets/main.']").count() == 1
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=已保存", timeout=TIMEOUT)

    assert BRANCH in _git(repo, "branch", "--list", "cms/*")
    text = _git(repo, "show", f"{BRANCH}:{ITEM}")
    meta = yaml.safe_load(text.split("---")[1])
    assert meta["title"] == TITLE
    assert meta["summary"] == SUMMARY
    assert str(meta["date"]) == "2026-11-20 07:30"  # the site's time zone, as written
    assert meta["author"] == "liuyang"
    assert meta["categories"] == ["产品发布"]
    assert meta["slug"] == SLUG  # the title in pinyin, as `pipeline new` makes it
    assert meta["cover"] == "upload-photo.jpg"
    assert not {"publish", "expire", "updated", "source", "allow_terms"} & set(meta)
    assert f"![{ALT}](upload-photo.jpg)" in text
    assert "upload-photo.jpg" in _git(repo, "ls-tree", "--name-only", BRANCH,
                                      "content/news/posts/2026/")  # fmt: skip

    exported = tmp_path / "branch"  # the branch's files, as a pull request's checks see them
    exported.mkdir()
    archive = subprocess.run(["git", "-C", str(repo), "archive", BRANCH], capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(exported)], input=archive.stdout, check=True)
    shutil.copytree(repo / ".cache", exported / ".cache")  # the first build's caches
    checked = _pipeline(exported, "check", ITEM)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = _pipeline(exported, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    html = exported / "site" / "news" / "2026" / "11" / "20" / SLUG / "index.html"
    assert TITLE in html.read_text(encoding="utf-8")
    assert _real_problems(problems, base_url) == []
    page.close()


def test_a_summary_too_short_or_an_image_without_alt_is_refused_in_chinese(editor) -> None:
    repo, base_url, context = editor
    branches = _git(repo, "branch", "--list", "cms/*")
    page, _problems = _new_item(context, base_url, "太短的摘要")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("摘要须为 20 到 120 个字").wait_for()
    # an image without its alt text is refused too, when the item is saved
    page.fill("[id^=summary-field]", SUMMARY)
    page.locator("[contenteditable=true]").last.click()
    page.get_by_role("switch").last.click()  # the body in Markdown
    page.locator("[contenteditable=true]").last.click()
    page.keyboard.type("![](upload-photo.jpg)")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("正文里有图片没有图片说明").wait_for()
    assert _git(repo, "branch", "--list", "cms/*") == branches
    page.close()


def test_the_editorial_workflow_publishes_the_item_into_main(editor) -> None:
    repo, base_url, context = editor
    page, _problems = _open(context, base_url, "/workflow")
    page.get_by_text(TITLE).first.click()
    page.get_by_text("状态: 草稿").click()
    page.get_by_text("审核中", exact=True).click()
    page.get_by_text("状态: 审核中").wait_for()
    page.get_by_text("状态: 审核中").click()
    page.get_by_text("就绪", exact=True).click()
    page.get_by_text("状态: 就绪").wait_for()
    assert BRANCH in _git(repo, "branch", "--list", "cms/*")  # still a branch of its own
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("立即发布").click()
    deadline = time.monotonic() + TIMEOUT / 1000
    while ITEM not in _git(repo, "ls-tree", "-r", "--name-only", "main"):
        assert time.monotonic() < deadline, (repo.parent / "proxy.log").read_text()[-3000:]
        page.wait_for_timeout(250)
    assert BRANCH not in _git(repo, "branch", "--list", "cms/*")
