"""`pipeline links` with the real linkchecker on real built sites.

Two builds: the sample site (it must be clean), and a small site with broken raw-HTML links
and anchors and links to a second local server that stands in for other sites (there is no
internet here): it answers 200, 404, and 503 once then 200.
"""

from __future__ import annotations

import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import REPO, Project, _base_project, seed_pictures

RAW_ITEM = "content/news/posts/2026/2026-04-01-raw-html.md"
ANCHOR_ITEM = "content/news/posts/2026/2026-04-20-anchor.md"
PLAIN_ITEM = "content/news/posts/2026/2026-05-28-high-tech.md"
EXTERNAL_ITEM = "content/industry/posts/2026/2026-06-10-external.md"
# (the footer's filing links go to government registries this machine cannot reach)
SKIPPED = [
    "example.org", "fonts.googleapis.com", "github.io", "localhost",
    "beian.miit.gov.cn", "beian.mps.gov.cn",
]  # fmt: skip


class OtherSite(BaseHTTPRequestHandler):
    """Another web site: /ok is there, /gone is not, /flaky fails once."""

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        status = 200
        if self.path == "/gone":
            status = 404
        elif self.path == "/flaky" and self.server.seen.count("/flaky") == 1:
            status = 503
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(b"<html><body>other site</body></html>")

    do_HEAD = do_GET

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def other_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), OtherSite)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _links_yml(project: Project, **extra) -> None:
    settings = {"rate_per_host": 20, "retries": 0, "retry_wait": 0, "timeout": 5}
    settings.update(extra)
    lines = [f"{key}: {value}" for key, value in settings.items()]
    lines += ["skip_hosts:", *(f"  - {host}" for host in SKIPPED)]
    project.write("site_config/links.yml", "\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def sample(tmp_path_factory, sample_pictures) -> Project:
    project = _base_project(tmp_path_factory.mktemp("links-sample"))
    shutil.rmtree(project.content)
    shutil.copytree(REPO / "content", project.content)
    seed_pictures(sample_pictures, project.root)
    result = project.cli("build")
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture(scope="module")
def broken(tmp_path_factory, other_site) -> Project:
    project = _base_project(tmp_path_factory.mktemp("links-broken"))
    port = other_site.server_address[1]
    project.write_item(
        "news",
        "2026-01-08-annual-meeting",
        title="澜石科技召开年度工作会议",
        date="2026-01-08 09:30",
        slug="annual-meeting",
        body="公司召开年度工作会议。\n\n## 会议议程 {#agenda}\n\n上午开幕，下午分组讨论。\n",
    )
    project.write_item(  # .md inside raw HTML is not converted: broken on the built site
        "news",
        "2026-04-01-raw-html",
        title="澜石科技举办客户开放日活动",
        date="2026-04-01 10:00",
        slug="open-day",
        body="开放日活动圆满结束。\n\n"
        '<p>详见<a href="2026-01-08-annual-meeting.md">年度会议</a>。</p>\n',
    )
    project.write_item(  # the page exists, the anchor does not
        "news",
        "2026-04-20-anchor",
        title="澜石科技发布年度会议纪要",
        date="2026-04-20 10:00",
        slug="meeting-notes",
        body="会议纪要已经发布。\n\n"
        '<p><a href="/news/2026/01/08/annual-meeting/#agenda">议程</a>，'
        '<a href="/news/2026/01/08/annual-meeting/#no-such-part">分组讨论</a>。</p>\n\n'
        "## 纪要正文 {#notes}\n\n"
        '<p>见<a href="#notes">本页纪要</a>和<a href="#no-such-note">附件</a>。</p>\n',
    )
    project.write_item(
        "news",
        "2026-05-28-high-tech",
        title="澜石科技通过高新技术企业认定",
        date="2026-05-28",
        body="公司再次通过高新技术企业认定。\n",
    )
    base = f"http://127.0.0.1:{port}"
    project.write_item(
        "industry",
        "2026-06-10-external",
        title="边缘计算在制造业加速落地",
        date="2026-06-10 14:00",
        categories=["技术趋势"],
        body="边缘计算正在制造业现场加速落地。\n\n"
        f'<p><a href="{base}/ok">报告</a> <a href="{base}/gone">原文</a> '
        f'<a href="{base}/flaky">数据</a> <a href="http://localhost:{port}/gone">镜像</a></p>\n',
    )
    _links_yml(project)
    result = project.cli("build")
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture(scope="module")
def full_run(broken: Project, other_site):
    """`pipeline links` over the whole broken site, without --external, run once."""
    other_site.seen.clear()
    result = broken.cli("--lang", "en", "links", "--format", "json")
    return result, list(other_site.seen)


def _findings(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


def _line_of(project: Project, rel: str, text: str) -> int:
    lines = (project.root / rel).read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def test_the_sample_site_has_no_broken_links(sample: Project) -> None:
    result = sample.cli("links", "--format", "json")
    assert result.exit_code == 0, result.output
    assert _findings(result) == []


def test_broken_raw_html_link_is_reported_on_its_source_line(broken: Project, full_run) -> None:
    result = full_run[0]
    assert result.exit_code == 1, result.output
    found = [f for f in _findings(result) if f["rule"] == "links/broken"]
    assert [(f["path"], f["line"]) for f in found] == [
        (RAW_ITEM, _line_of(broken, RAW_ITEM, "2026-01-08-annual-meeting.md"))
    ]
    line = (broken.root / RAW_ITEM).read_text("utf-8").splitlines()[found[0]["line"] - 1]
    assert found[0]["column"] == line.index("2026-01-08-annual-meeting.md") + 1
    assert "/news/2026/04/01/open-day/" in found[0]["message"]
    assert "404" in found[0]["message"]


def test_broken_anchor_is_reported_and_the_good_one_is_not(broken: Project, full_run) -> None:
    result = full_run[0]
    anchors = [f for f in _findings(result) if f["rule"] == "links/missing-anchor"]
    # one into another page (linkchecker), one within the page itself (anchors.py)
    assert [(f["path"], f["line"]) for f in anchors] == [
        (ANCHOR_ITEM, _line_of(broken, ANCHOR_ITEM, "#no-such-part")),
        (ANCHOR_ITEM, _line_of(broken, ANCHOR_ITEM, "#no-such-note")),
    ]
    assert "'#no-such-part'" in anchors[0]["message"]
    assert "'#no-such-note'" in anchors[1]["message"]
    line = (broken.root / ANCHOR_ITEM).read_text("utf-8").splitlines()[anchors[1]["line"] - 1]
    assert anchors[1]["column"] == line.index("#no-such-note") + 1


def test_missing_chinese_anchor_is_named_as_written(tmp_path) -> None:
    project = _base_project(tmp_path)
    (project.content / "industry/posts").mkdir(parents=True, exist_ok=True)
    rel = "content/news/posts/2026/2026-04-01-cn-anchor.md"
    project.write_item(
        "news",
        "2026-04-01-cn-anchor",
        title="澜石科技举办客户开放日活动",
        date="2026-04-01 10:00",
        slug="open-day",
        body='<span id="议程">议程</span>\n\n'
        '<p><a href="/news/2026/04/01/open-day/#议程">有</a>，'
        '<a href="/news/2026/04/01/open-day/#回顾2025">没有</a></p>\n',
    )
    built = project.cli("build")
    assert built.exit_code == 0, built.output
    result = project.cli("--lang", "en", "links", "--changed", rel, "--format", "json")
    assert result.exit_code == 1, result.output
    [finding] = _findings(result)
    assert "'#回顾2025'" in finding["message"] and "%E5" not in finding["message"]
    assert (finding["path"], finding["line"]) == (rel, _line_of(project, rel, "#回顾2025"))


def test_text_report_names_page_and_fix_in_chinese(broken: Project) -> None:
    result = broken.cli("links")
    assert result.exit_code == 1
    assert RAW_ITEM in result.output
    assert "页面 /news/2026/04/01/open-day/ 上的链接“2026-01-08-annual-meeting.md”打不开" in (
        result.output
    )
    assert "修改建议" in result.output


def test_changed_run_checks_only_the_pages_of_the_change(broken: Project) -> None:
    from pipeline.engine.project import open_project
    from pipeline.links.check import check_links, site_pages
    from pipeline.links.scope import scope_of

    project = open_project(broken.root / "mkdocs.yml")
    everything = site_pages(broken.site)
    scope = scope_of([RAW_ITEM], project)
    chosen = scope.select(everything, broken.site)
    # the item and the lists that show it: the news index, the archive, its category, home
    assert "news/2026/04/01/open-day/" in chosen
    assert {"news/", "news/archive/2026/", ""} <= set(chosen)
    assert "news/2026/05/28/lan-shi-ke-ji-tong-guo-gao-xin-ji-shu-qi-ye-ren-ding/" not in chosen
    assert "about/" not in chosen
    assert len(chosen) < len(everything) / 2
    report = check_links(project, broken.site, scope)
    assert report.pages == len(chosen)
    assert {f.rule for f in report.findings} == {"links/broken"}


def test_changed_command_catches_the_broken_link_of_a_changed_page(broken: Project) -> None:
    result = broken.cli("links", "--changed", RAW_ITEM, "--format", "json")
    assert result.exit_code == 1, result.output
    assert [f["path"] for f in _findings(result)] == [RAW_ITEM]


def test_changed_takes_a_full_path_too(broken: Project) -> None:
    full = str(broken.root / RAW_ITEM)  # what dragging the file into a terminal gives
    result = broken.cli("links", "--changed", full, "--format", "json")
    assert result.exit_code == 1, result.output
    assert [f["path"] for f in _findings(result)] == [RAW_ITEM]


def test_changed_command_leaves_unrelated_pages_alone(broken: Project) -> None:
    result = broken.cli("links", "--changed", PLAIN_ITEM, "README.md", "--format", "json")
    assert result.exit_code == 0, result.output
    assert _findings(result) == []


def test_site_wide_change_checks_every_page(broken: Project) -> None:
    result = broken.cli("links", "--changed", "site_config/site.yml", "--format", "json")
    assert result.exit_code == 1
    assert {f["path"] for f in _findings(result)} == {RAW_ITEM, ANCHOR_ITEM}


def test_external_links_are_left_alone_without_external(full_run) -> None:
    result, seen = full_run
    assert "links/external" not in {f["rule"] for f in _findings(result)}
    assert seen == []


def test_external_check_reports_the_dead_link_and_skips_hosts(broken: Project, other_site) -> None:
    other_site.seen.clear()
    result = broken.cli("--lang", "en", "links", "--external", "--format", "json")
    assert result.exit_code == 1, result.output
    external = [f for f in _findings(result) if f["rule"] == "links/external"]
    port = other_site.server_address[1]
    # /flaky failed once (503) and is reported: retries is 0 here
    assert sorted(f["message"] for f in external) == sorted(
        [
            f"the external link 'http://127.0.0.1:{port}/flaky' on page "
            f"/industry/2026/06/10/bian-yuan-ji-suan-zai-zhi-zao-ye-jia-su-luo-di/ cannot be "
            "reached: 503 Service Unavailable",
            f"the external link 'http://127.0.0.1:{port}/gone' on page "
            f"/industry/2026/06/10/bian-yuan-ji-suan-zai-zhi-zao-ye-jia-su-luo-di/ cannot be "
            "reached: 404 Not Found",
        ]
    )
    assert {f["path"] for f in external} == {EXTERNAL_ITEM}
    assert {f["line"] for f in external} == {_line_of(broken, EXTERNAL_ITEM, "/gone")}
    assert "localhost" not in " ".join(other_site.seen)  # skipped host: never asked
    # robots.txt is asked for first: linkchecker honours it on other sites
    assert sorted(set(other_site.seen)) == ["/flaky", "/gone", "/ok", "/robots.txt"]


def test_retries_give_a_flaky_server_another_chance(broken: Project, other_site) -> None:
    _links_yml(broken, retries=1)
    try:
        other_site.seen.clear()
        result = broken.cli("links", "--external", "--format", "json")
    finally:
        _links_yml(broken)
    external = [f for f in _findings(result) if f["rule"] == "links/external"]
    assert [f["line"] for f in external] == [_line_of(broken, EXTERNAL_ITEM, "/gone")]
    assert "/flaky" not in json.dumps(external)
    assert other_site.seen.count("/flaky") == 2
    assert other_site.seen.count("/ok") == 1  # only what failed is asked again


def test_bad_settings_are_configuration_errors(broken: Project) -> None:
    original = (broken.root / "site_config/links.yml").read_text("utf-8")
    try:
        broken.write("site_config/links.yml", "timeout: 20\nrate_per_host: fast\n")
        result = broken.cli("--lang", "en", "links")
        assert result.exit_code == 2
        assert "site_config/links.yml:2" in result.output
        assert "rate_per_host" in result.output
        broken.write("site_config/links.yml", "skip_host: [a.com]\n")
        result = broken.cli("--lang", "en", "links")
        assert result.exit_code == 2
        assert "skip_hosts" in result.output  # did you mean
        broken.write("site_config/links.yml", "retries: 1000000\n")
        result = broken.cli("--lang", "en", "links")
        assert result.exit_code == 2
        assert "from 0 to 10" in result.output  # a typo cannot make the check run for hours
    finally:
        broken.write("site_config/links.yml", original)


def test_missing_site_is_a_usage_error(broken: Project) -> None:
    result = broken.cli("--lang", "en", "links", "--site-dir", "site-preview")
    assert result.exit_code == 2
    assert "pipeline build" in result.output
    assert "Traceback" not in result.output


def test_paths_without_changed_are_a_usage_error(broken: Project) -> None:
    result = broken.cli("links", RAW_ITEM)
    assert result.exit_code == 2


def _git(project: Project, *args: str) -> None:
    import subprocess

    identity = ["-c", "user.name=测试", "-c", "user.email=test@example.com"]
    subprocess.run(["git", *identity, *args], cwd=project.root, check=True, capture_output=True)


@pytest.fixture(scope="module")
def committed(broken: Project) -> Project:
    """The broken site's sources committed to git (the built site/ is ignored)."""
    broken.write(".gitignore", "/site/\n/site-preview/\n")
    _git(broken, "init", "-q", "-b", "main")
    _git(broken, "add", "-A")
    _git(broken, "commit", "-q", "-m", "site")
    return broken


def test_since_checks_the_pages_of_files_changed_since_a_commit(committed: Project) -> None:
    result = committed.cli("links", "--since", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output  # nothing changed: nothing to check
    assert _findings(result) == []
    path = committed.root / RAW_ITEM
    original = path.read_text("utf-8")
    try:
        path.write_text(original + "\n", encoding="utf-8")
        result = committed.cli("links", "--since", "HEAD", "--format", "json")
        assert result.exit_code == 1, result.output
        assert [f["path"] for f in _findings(result)] == [RAW_ITEM]
    finally:
        path.write_text(original, encoding="utf-8")


def test_removed_page_selects_the_pages_that_still_link_it(committed: Project) -> None:
    from pipeline.engine.project import open_project
    from pipeline.links.check import site_pages
    from pipeline.links.scope import scope_of

    meeting = committed.root / "content/news/posts/2026/2026-01-08-annual-meeting.md"
    text = meeting.read_text("utf-8")
    meeting.unlink()
    try:
        project = open_project(committed.root / "mkdocs.yml")
        scope = scope_of([project.site_config.rel(meeting)], project)
        assert not scope.whole_site  # git still knows its URL
        chosen = scope.select(site_pages(committed.site), committed.site)
        assert "news/2026/04/20/meeting-notes/" in chosen  # links /news/2026/01/08/annual-meeting/
        assert "about/" not in chosen
    finally:
        meeting.write_text(text, encoding="utf-8")


def test_since_finds_files_with_chinese_names_and_takes_no_options(
    committed: Project, tmp_path
) -> None:
    from pipeline.engine.project import open_project
    from pipeline.links.scope import GitError, changed_since

    staged = "content/news/posts/2026/开放日.md"
    untracked = "content/news/posts/2026/开放日.jpg"
    committed.write(staged, "x\n")
    committed.write(untracked, "x")
    _git(committed, "add", staged)
    try:
        project = open_project(committed.root / "mkdocs.yml")
        assert {staged, untracked} <= set(changed_since(project, "HEAD"))
        with pytest.raises(GitError):
            changed_since(project, f"--output={tmp_path / 'written'}")
        assert not (tmp_path / "written").exists()
    finally:
        _git(committed, "rm", "-q", "--cached", staged)
        (committed.root / staged).unlink()
        (committed.root / untracked).unlink()


def test_bad_revision_is_a_usage_error(committed: Project) -> None:
    result = committed.cli("--lang", "en", "links", "--since", "no-such-rev")
    assert result.exit_code == 2
    assert "no-such-rev" in result.output


def test_preview_build_is_checked_with_site_dir(broken: Project) -> None:
    draft = broken.write_item(
        "news",
        "2026-07-01-draft",
        title="澜石科技草稿新闻的测试标题",
        date="2026-07-01 10:00",
        slug="draft-news",
        draft=True,
        body='草稿正文。\n\n<p><a href="/no-such-page/">未完成的链接</a></p>\n',
    )
    try:
        assert broken.cli("build", "--drafts").exit_code == 0
        result = broken.cli("links", "--site-dir", "site-preview", "--format", "json")
        assert result.exit_code == 1
        paths = {f["path"] for f in _findings(result)}
        assert "content/news/posts/2026/2026-07-01-draft.md" in paths
        assert RAW_ITEM in paths
        # the published site has no draft, so nothing of it is reported there
        published = broken.cli("links", "--format", "json")
        assert "content/news/posts/2026/2026-07-01-draft.md" not in {
            f["path"] for f in _findings(published)
        }
    finally:
        draft.unlink()


def test_a_template_link_on_many_pages_is_one_finding(broken: Project) -> None:
    from pipeline.engine.project import open_project
    from pipeline.links.driver import Row
    from pipeline.links.occurrences import Occurrence
    from pipeline.links.report import Problem, findings_for

    project = open_project(broken.root / "mkdocs.yml")
    root = "http://127.0.0.1:1/"
    target = root + "assets/no-such.css"
    row = Row(
        target, "../assets/no-such.css", root + "about/", "404 File not found", (), False, 9, 5
    )
    places = [Occurrence(page, "../assets/no-such.css", 9, 5) for page in ("about/", "news/", "")]
    problem = Problem("links/broken", row, status=row.result)
    findings = list(findings_for({target: problem}, {target: places}, project, broken.site, root))
    assert len(findings) == 1
    (finding,) = findings
    assert (finding.path, finding.line) == ("content/index.md", None)  # the first page: home
    assert finding.params["others"] == 2
    text = finding.message("en")
    assert "see site/index.html line 9" in text
    assert "2 more page(s) have it in the same place" in text
