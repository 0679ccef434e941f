"""The preview tells editors what is wrong (issue 19): a file refused for its errors is
served at its address as a stand-in showing its findings (never its body), a findings page
lists every finding, and every preview page shows a banner with the count of errors. A
published build has none of it, and errors still block it.

Real builds: the preview as `pipeline serve` renders it (``render_into`` with a serving
request, then the publish gate in report mode), and one real `pipeline serve` process
polled over HTTP (tests/test_serve.py's helpers) for a fix that takes the banner away.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from browser_support import PageProblems, chromium_browser, serve
from conftest import Project
from test_serve import GATEWAY, STARTUP_TIMEOUT, edit, preview, serving

from pipeline.content.schema import parse_now
from pipeline.content.standins import stand_ins
from pipeline.core.findings import Findings, error
from pipeline.core.slugs import slugify
from pipeline.engine.build import render_into
from pipeline.engine.previewfindings import FINDINGS_URL, GATE_MARK, add_gate_findings
from pipeline.engine.project import open_project
from pipeline.engine.request import BuildRequest
from pipeline.gate import gate_site
from pipeline.prepare import prepare, without_refused
from pipeline.stages import check_project

ID_NUMBER = "11010519491231002X"  # a valid identity number: the guard blocks it
SECRET_LINE = "内部联系人身份证 11010519491231002X，请勿外传。"
ID_ITEM = "content/news/posts/2026/2026-04-02-visit.md"
ID_URL = "news/2026/04/02/customer-visit/"
NO_SUMMARY_ITEM = "content/industry/posts/2026/2026-04-03-no-summary.md"
NO_SUMMARY_URL = "industry/2026/04/03/no-summary-item/"
SERVE_URL = "http://127.0.0.1:8000/"


def write_refused(project: Project) -> None:
    """Two items the preview refuses: one whose body holds an identity number (the guard
    blocks it), one without its required summary (it does not even validate)."""
    project.write_item(
        "news",
        "2026-04-02-visit",
        title="澜石科技接待客户参观",
        date="2026-04-02 10:00",
        slug="customer-visit",
        body=f"客户参观了总部展厅。\n\n{SECRET_LINE}\n",
    )
    project.write_item(
        "industry",
        "2026-04-03-no-summary",
        title="缺少摘要的行业资讯",
        date="2026-04-03 09:00",
        slug="no-summary-item",
        summary=None,
        categories=["市场动态"],
        body="这段正文不应出现在预览中。\n",
    )


def build_preview(project: Project, out: Path, lang: str | None = None) -> Findings:
    """The preview of ``project`` built into ``out`` as `pipeline serve` builds it; the
    publish gate's findings (report mode, as the serve runs it)."""
    opened = open_project(project.root / "mkdocs.yml")
    check = check_project(opened, parse_now(None, opened.site_config))
    with tempfile.TemporaryDirectory() as copies:
        prepared = without_refused(prepare(check, drafts=False, copies_dir=Path(copies)))
        request = BuildRequest(
            internal=True, now=check.now, lang=lang, serving=True, prepared=prepared
        )
        _findings, built = render_into(opened, out, request, serve_url=SERVE_URL)
        assert built
        gated = Findings(
            gate_site(out, prepared.site, prepared.shown, label="site", workers=1, cache_dir=None)
        )
        add_gate_findings(out, gated, prepared.site, lang or "zh")
    return gated


def page(out: Path, url: str) -> str:
    return (out / url / "index.html").read_text("utf-8")


def test_a_refused_item_is_a_stand_in_with_its_findings_and_never_its_body(
    project: Project, tmp_path: Path
) -> None:
    write_refused(project)
    out = tmp_path / "preview"
    gated = build_preview(project, out)
    assert list(gated) == []  # the preview's own pages add nothing the gate refuses

    stand_in = page(out, ID_URL)
    assert "澜石科技接待客户参观" in stand_in  # its title
    assert f"{ID_ITEM}:" in stand_in  # file:line of the finding
    assert "身份证" in stand_in and "修改建议" in stand_in  # the message and the fix, in Chinese
    assert ID_NUMBER not in stand_in and "客户参观了总部展厅" not in stand_in  # never the body
    assert 'role="status"' in stand_in and "预览发现 2 个错误" in stand_in

    invalid = page(out, NO_SUMMARY_URL)  # an item that did not validate: its written front matter
    assert "缺少摘要的行业资讯" in invalid and f"{NO_SUMMARY_ITEM}:" in invalid
    assert "这段正文不应出现在预览中" not in invalid

    home = page(out, "")
    assert "预览发现 2 个错误" in home
    assert 'href=".preview/findings/"' in home

    findings = page(out, FINDINGS_URL)
    assert ID_ITEM in findings and NO_SUMMARY_ITEM in findings
    assert ID_NUMBER not in findings
    assert findings.index("错误（2）") < findings.index(ID_ITEM)
    assert f'href="../../{ID_URL}"' in findings  # to its stand-in
    # the findings page and the stand-ins are for the preview only: out of search and sitemap
    index = (out / "search/search_index.json").read_text("utf-8")
    assert ".preview" not in index and "customer-visit" not in index
    assert ".preview" not in (out / "sitemap.xml").read_text("utf-8")


def test_no_banner_without_errors(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "preview"
    build_preview(project, out)
    assert "pipeline-preview-banner" not in page(out, "")
    assert "检查没有发现问题" in page(out, FINDINGS_URL)
    assert page(out, GATEWAY)


def test_a_plain_mkdocs_serve_shows_the_same_in_english(project: Project, tmp_path: Path) -> None:
    """No prepared content: the plugin checks and prepares itself, as in `mkdocs serve`;
    the preview's language is the request's."""
    write_refused(project)
    opened = open_project(project.root / "mkdocs.yml")
    out = tmp_path / "preview"
    request = BuildRequest(internal=True, lang="en", serving=True)
    _findings, built = render_into(opened, out, request, serve_url=SERVE_URL)
    assert built
    stand_in = page(out, ID_URL)
    assert "identity" in stand_in.lower() and f"{ID_ITEM}:" in stand_in
    assert ID_NUMBER not in stand_in and "客户参观了总部展厅" not in stand_in
    assert "The preview found 2 error(s)" in page(out, "")
    findings = page(out, FINDINGS_URL)
    assert "Errors (2)" in findings and NO_SUMMARY_ITEM in findings


def test_a_refused_fixed_page_keeps_its_address_and_its_place_in_the_navigation(
    project: Project, tmp_path: Path
) -> None:
    project.write_page(
        "about.md", "关于我们", "澜石科技专注工业物联网与能源管理，服务制造业客户。",
        f"# 关于我们\n\n{SECRET_LINE}\n",
    )  # fmt: skip
    out = tmp_path / "preview"
    assert list(build_preview(project, out)) == []
    about = page(out, "about/")
    assert "content/about.md:" in about and ID_NUMBER not in about
    assert "请勿外传" not in about
    assert 'href="about/"' in page(out, "")  # still in the navigation
    assert "预览发现 1 个错误" in page(out, "")


def test_an_item_whose_front_matter_cannot_be_read_is_listed_only(
    project: Project, tmp_path: Path
) -> None:
    project.write(
        "content/news/posts/2026/2026-04-05-broken.md", "---\ntitle: [未闭合\n---\n正文\n"
    )
    out = tmp_path / "preview"
    assert list(build_preview(project, out)) == []
    findings = page(out, FINDINGS_URL)
    assert "content/news/posts/2026/2026-04-05-broken.md" in findings
    assert "打开此页的预览" not in findings  # no stand-in: no address could be worked out
    assert "预览发现 1 个错误" in page(out, GATEWAY)


def test_the_published_build_is_unchanged(project: Project) -> None:
    """No banner, findings page, stand-ins or their style sheet in a build; errors still
    block it (`pipeline build` and a plain `mkdocs build`)."""
    result = project.cli("build")
    assert result.exit_code == 0, result.output
    built = [p.relative_to(project.site).as_posix() for p in project.site.rglob("*")]
    assert not [p for p in built if p.startswith(".preview") or "preview.css" in p]
    home = project.html("")
    assert "pipeline-preview" not in home and "md-banner" not in home

    write_refused(project)
    result = project.cli("build")
    assert result.exit_code == 1
    assert "2026-04-02-visit.md" in result.output
    assert not (project.site / ID_URL).exists() and not (project.site / ".preview").exists()
    result = project.run(sys.executable, "-m", "mkdocs", "build", env={"NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode != 0
    assert "2026-04-02-visit.md" in result.stdout + result.stderr
    assert not (project.site / ".preview").exists()


@pytest.mark.slow
def test_pipeline_serve_shows_the_findings_until_the_file_is_fixed(project: Project) -> None:
    write_refused(project)
    with preview(project) as server:
        stand_in = server.wait_for_page(ID_URL, "guard/id-number")
        assert f"{ID_ITEM}:" in stand_in and "身份证" in stand_in
        assert ID_NUMBER not in stand_in and "客户参观了总部展厅" not in stand_in
        home = server.wait_for_page("", "预览发现 2 个错误，发布前须修正")
        assert 'href=".preview/findings/"' in home and 'role="status"' in home
        findings = server.wait_for_page(FINDINGS_URL, NO_SUMMARY_ITEM)
        assert ID_ITEM in findings

        # fixed: the item is shown, and with one error left the banner says so
        edit(project, ID_ITEM, SECRET_LINE, "参观结束后合影留念。")
        shown = server.wait_for_page(ID_URL, "参观结束后合影留念。")
        assert "pipeline-preview-standin" not in shown
        server.wait_for_page("", "预览发现 1 个错误")
        # and with none, no banner at all
        edit(
            project,
            NO_SUMMARY_ITEM,
            "title:",
            "summary: 这是一条用于测试的行业资讯摘要，长度足够通过检查。\ntitle:",
        )
        server.wait_for_page(NO_SUMMARY_URL, "这段正文不应出现在预览中")
        assert "pipeline-preview-banner" not in server.get("")[1]
        assert "检查没有发现问题" in server.get(FINDINGS_URL)[1]
    assert "Traceback" not in server.output()


@pytest.mark.slow
def test_pipeline_serve_in_english(project: Project) -> None:
    write_refused(project)
    with serving(project, "pipeline", "--lang", "en", "serve") as server:
        server.wait_for("the preview to answer", lambda: server.get("")[0] == 200, STARTUP_TIMEOUT)
        stand_in = server.wait_for_page(ID_URL, "guard/id-number")
        assert "identity" in stand_in.lower() and "<strong>fix:</strong>" in stand_in
        assert "The preview found 2 error(s)" in server.get("")[1]
        assert "Errors (2)" in server.get(FINDINGS_URL)[1]
    assert "Traceback" not in server.output()


@pytest.mark.parametrize("width, height", [(1280, 800), (375, 667)])
def test_a_stand_in_in_a_real_browser(
    project: Project, tmp_path: Path, width: int, height: int
) -> None:
    """The stand-in loads without a problem, the banner is at the top, in the error colour,
    and axe finds no serious or critical violation (contrast included); a screenshot goes
    where SCREENSHOTS_DIR says (the test's folder without it)."""
    from axe_playwright_python.sync_playwright import Axe

    write_refused(project)
    out = tmp_path / "preview"
    build_preview(project, out)
    shots = Path(os.environ.get("SCREENSHOTS_DIR", "").strip() or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with chromium_browser() as browser, serve(out) as base_url:
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=1, locale="zh-CN"
        )
        page = context.new_page()
        problems = PageProblems(page, base_url)
        response = page.goto(base_url + ID_URL, wait_until="load")
        assert response is not None and response.ok
        page.wait_for_load_state("networkidle")
        banner = page.locator(".pipeline-preview-banner")
        box = banner.bounding_box()
        assert box is not None and box["y"] < 60 and box["height"] > 10, box
        colour = page.evaluate(
            "getComputedStyle(document.querySelector('.md-banner')).backgroundColor"
        )
        assert colour == "rgb(179, 38, 30)", colour
        assert page.locator(".pipeline-preview-finding").count() == 1
        page.screenshot(path=str(shots / f"preview-stand-in-{width}x{height}.png"))
        results = Axe().run(page)
        serious = [
            f"{v['impact']} {v['id']}: " + ", ".join(" ".join(n["target"]) for n in v["nodes"])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], "\n".join(serious)
        page.locator(".pipeline-preview-banner a").click()
        page.wait_for_load_state("load")
        assert page.url == base_url + FINDINGS_URL
        page.screenshot(path=str(shots / f"preview-findings-{width}x{height}.png"), full_page=True)
        assert problems.problems == [], "\n".join(problems.problems)
        context.close()


def test_a_blocked_term_quoted_by_a_message_is_masked_in_the_preview(
    project: Project, tmp_path: Path
) -> None:
    """The guard's message names the term; the preview's pages show it masked, so the
    publish gate finds nothing on them (it would block the term wherever it is shown)."""
    project.write_item(
        "news",
        "2026-04-06-marked",
        title="澜石科技内部资料汇编发布",
        date="2026-04-06 10:00",
        slug="marked",
        body="本文为内部资料，严禁外传。\n",
    )
    out = tmp_path / "preview"
    assert list(build_preview(project, out)) == []
    stand_in = page(out, "news/2026/04/06/marked/")
    assert "内部资料" not in stand_in and "严禁外传" not in stand_in
    assert "内***" in stand_in  # what the message quotes, masked
    assert "2026-04-06-marked.md" in stand_in  # the title held the term: the file name instead
    assert "内部资料" not in page(out, FINDINGS_URL)


def test_the_gates_findings_join_the_findings_page(project: Project, tmp_path: Path) -> None:
    """What the publish gate found in the built preview (`pipeline serve` gates it in
    report mode) is added to the findings page once the gate has run."""
    out = tmp_path / "preview"
    build_preview(project, out)
    opened = open_project(project.root / "mkdocs.yml")
    site = check_project(opened, parse_now(None, opened.site_config)).site
    found = error("site/stray.txt", None, "gate/unaccounted", file="stray.txt")
    add_gate_findings(out, [found], site, "zh")
    findings = page(out, FINDINGS_URL)
    assert "发布检查（对生成的网页）发现的问题（1）" in findings
    assert "site/stray.txt" in findings and "gate/unaccounted" in findings
    assert GATE_MARK not in findings


def test_which_refused_items_get_a_stand_in(project: Project) -> None:
    """Only what the preview would show: a draft with --drafts, not a scheduled item; an
    item that did not validate by its front matter as written, unless its date is
    unreadable."""
    project.write_item(
        "news", "2026-04-07-draft", title="草稿里有身份证号", date="2026-04-07 10:00",
        slug="draft-visit", draft=True, body=f"{SECRET_LINE}\n",
    )  # fmt: skip
    project.write_item(
        "news", "2026-12-07-later", title="定时发布里有身份证号", date="2026-12-07 10:00",
        slug="later-visit", body=f"{SECRET_LINE}\n",
    )  # fmt: skip
    project.write_item(
        "news", "2026-04-08-bad-date", title="日期写错的文章", date="2026-13-45",
        slug="bad-date", body="正文。\n",
    )  # fmt: skip
    project.write_item(
        "news", "2026-04-09-no-author", title="没有作者的文章标题", date="2026-04-09 10:00",
        author=None, body="正文。\n",
    )  # fmt: skip
    opened = open_project(project.root / "mkdocs.yml")
    now = parse_now("2026-10-01 00:00", opened.site_config)
    check = check_project(opened, now)

    def urls(drafts: bool) -> dict[str, str | None]:
        with tempfile.TemporaryDirectory() as copies:
            prepared = without_refused(prepare(check, drafts=drafts, copies_dir=Path(copies)))
        made = stand_ins(check.site, check.findings, prepared.left_out, now, drafts)
        return {s.docs_path.rsplit("/", 1)[1]: s.url for s in made}

    without_drafts = urls(False)
    assert without_drafts == {
        "2026-04-09-no-author.md": f"news/2026/04/09/{slugify('没有作者的文章标题')}/"
    }
    assert urls(True) == {
        **without_drafts,
        "2026-04-07-draft.md": "news/2026/04/07/draft-visit/",
    }


def test_an_address_made_of_a_blocked_title_is_not_linked(project: Project, tmp_path: Path) -> None:
    """Without a slug the address is the title's pinyin, which the gate reads in links: the
    findings page does not link the stand-in, which is still served at that address."""
    project.write_item(
        "news", "2026-04-06-marked", title="澜石科技内部资料汇编发布", date="2026-04-06 10:00",
        body="正文。\n",
    )  # fmt: skip
    out = tmp_path / "preview"
    assert list(build_preview(project, out)) == []
    url = f"news/2026/04/06/{slugify('澜石科技内部资料汇编发布')}/"
    assert "2026-04-06-marked.md" in page(out, url)
    findings = page(out, FINDINGS_URL)
    assert "2026-04-06-marked.md" in findings and url not in findings
