"""What people and tools read: the terminal report, JSON, GitHub annotations, both languages,
the cap on repeated warnings, `check PATHS`, and well-formed catalogue templates (that the
catalogue is complete and used: tests/test_messages.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from string import Formatter

import pytest
from conftest import Project, front_matter

from pipeline.core.findings import Findings, error, warning
from pipeline.core.i18n import CATALOGUE, UI, render_hint, render_message
from pipeline.core.report import MAX_REPEATS, format_plain

UNFILLED = re.compile(r"\{[A-Za-z_]\w*(?:[:!][^{}]*)?\}")


def two_problem_item(project: Project) -> Path:
    """news item 'two': title too short on line 2, unknown author on line 5."""
    return project.write_item("news", "two", title="短题", author="张伟", slug="two")


def markdown_files(project: Project) -> int:
    return sum(1 for _ in project.content.rglob("*.md"))


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if needle in text)


def json_report(project: Project, *args: str, lang: str | None = None) -> dict:
    prefix = ("--lang", lang) if lang else ()
    result = project.cli(*prefix, "check", "--format", "json", *args)
    return json.loads(result.stdout)


# --- the terminal report --------------------------------------------------------------------


def test_terminal_report_groups_by_file_with_line_severity_message_rule_and_fix(
    project: Project,
) -> None:
    two_problem_item(project)
    result = project.cli("check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    path = "content/news/posts/2026/two.md"
    assert lines.count(path) == 1  # the file name once, as a heading
    start = lines.index(path)
    assert re.fullmatch(
        r"\s+2\s+错误\s+“title”太短：2 个字，至少要 4 个字\s+schema/too-short", lines[start + 1]
    )
    assert re.fullmatch(r"\s+修改建议: 把内容写完整一些。", lines[start + 2])
    assert re.fullmatch(
        r"\s+5\s+错误\s+作者“张伟”不在 site_config/authors\.yml 中\s+schema/unknown-author",
        lines[start + 3],
    )
    assert "是不是“zhangwei”？" in lines[start + 4]
    assert (
        lines[-1]
        == "1 个文件中发现 2 个错误、0 个警告。有错误，不能发布。请按上面的提示修改后再试。"
    )


def test_terminal_report_shows_line_and_column_of_references(project: Project) -> None:
    project.write_item("news", "link", title="带链接的测试新闻", body="看[这里](nope.md)。\n")
    result = project.cli("check")
    assert re.search(
        r"^\s+\d+:7\s+错误\s+链接的页面“nope\.md”不存在\s+ref/missing-page$", result.stdout, re.M
    )


def test_terminal_report_in_english(project: Project) -> None:
    two_problem_item(project)
    result = project.cli("--lang", "en", "check")
    assert result.exit_code == 1
    message = "'title' is too short: 2 characters, at least 4 needed"
    assert re.search(rf"^\s+2\s+error\s+{message}\s+schema/too-short$", result.stdout, re.M)
    assert re.search(r"^\s+fix: did you mean 'zhangwei'\? known author ids", result.stdout, re.M)
    assert "2 error(s) and 0 warning(s) in 1 file(s). Errors block publishing." in result.stdout
    assert not re.search(r"[\u4e00-\u9fff]", result.stdout.replace("张伟", ""))


def test_clean_report_says_so(project: Project) -> None:
    files = markdown_files(project)
    result = project.cli("check")
    assert result.stdout.strip() == f"检查通过：{files} 个文件，没有发现问题。"
    result = project.cli("--lang", "en", "check")
    assert result.stdout.strip() == f"All clear: {files} files checked, nothing found."


def test_warnings_only_report_says_publishing_can_go_ahead(project: Project) -> None:
    project.write_item("news", "w", body="[关于](/about/)\n")
    result = project.cli("check")
    assert result.exit_code == 0
    assert "警告" in result.stdout
    assert result.stdout.splitlines()[-1].endswith("只有警告，可以发布；请审核人留意。")


# --- repeated warnings ------------------------------------------------------------------------


def _many_problems(project: Project, warnings: int, errors: int) -> None:
    body = "".join(f"[关于{i}](/about/)\n\n" for i in range(warnings))
    body += "".join(f"![图{i}](nope{i}.jpg)\n\n" for i in range(errors))
    project.write_item("news", "many", title="问题很多的测试新闻", body=body)


def test_repeated_warnings_are_capped_and_counted(project: Project) -> None:
    _many_problems(project, warnings=MAX_REPEATS + 3, errors=0)
    result = project.cli("check")
    assert len(re.findall(r"ref/absolute-link$", result.stdout, re.M)) == MAX_REPEATS
    assert "…… 另有 3 条相同的“ref/absolute-link”警告未列出" in result.stdout
    assert f"0 个错误、{MAX_REPEATS + 3} 个警告" in result.stdout


def test_errors_are_never_capped(project: Project) -> None:
    _many_problems(project, warnings=MAX_REPEATS + 1, errors=MAX_REPEATS + 4)
    result = project.cli("check")
    assert len(re.findall(r"ref/missing-image$", result.stdout, re.M)) == MAX_REPEATS + 4
    assert len(re.findall(r"ref/absolute-link$", result.stdout, re.M)) == MAX_REPEATS
    assert "另有 1 条相同的“ref/absolute-link”警告" in result.stdout
    assert "“ref/missing-image”警告" not in result.stdout


def test_json_lists_every_warning(project: Project) -> None:
    _many_problems(project, warnings=MAX_REPEATS + 3, errors=0)
    report = json_report(project)
    assert len(report["findings"]) == MAX_REPEATS + 3


# --- JSON -------------------------------------------------------------------------------------


def test_json_report_has_summary_and_full_findings(project: Project) -> None:
    two_problem_item(project)
    project.write_item("news", "w", title="有绝对链接的新闻", body="[关于](/about/)\n")
    result = project.cli("check", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["summary"] == {
        "files": markdown_files(project),
        "errors": 2,
        "warnings": 1,
        "blocking": True,
    }
    first = report["findings"][0]
    assert first == {
        "path": "content/news/posts/2026/two.md",
        "line": 2,
        "column": None,
        "rule": "schema/too-short",
        "severity": "error",
        "key": "title",
        "span": None,
        "message": "“title”太短：2 个字，至少要 4 个字",
        "hint": "把内容写完整一些。",
    }
    link = report["findings"][-1]
    assert (link["rule"], link["severity"], link["column"], link["span"]) == (
        "ref/absolute-link",
        "warning",
        len("[关于](") + 1,
        "/about/",
    )


def test_json_report_in_english(project: Project) -> None:
    two_problem_item(project)
    report = json_report(project, lang="en")
    assert report["findings"][1]["message"] == "author '张伟' is not in site_config/authors.yml"


def test_json_of_a_clean_project(project: Project) -> None:
    result = project.cli("check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "summary": {
            "files": markdown_files(project),
            "errors": 0,
            "warnings": 0,
            "blocking": False,
        },
        "findings": [],
    }


# --- GitHub annotations -----------------------------------------------------------------------


def test_github_format_prints_one_workflow_command_per_finding(project: Project) -> None:
    two_problem_item(project)
    linking = project.write_item("news", "w", title="有绝对链接的新闻", body="[关于](/about/)\n")
    link_line = line_of(linking, "/about/")
    result = project.cli("--lang", "en", "check", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "::error file=content/news/posts/2026/two.md,line=2,title=schema/too-short::"
        "'title' is too short: 2 characters, at least 4 needed%0Afix: write a fuller text.",
        "::error file=content/news/posts/2026/two.md,line=5,title=schema/unknown-author::"
        "author '张伟' is not in site_config/authors.yml%0Afix: did you mean 'zhangwei'? "
        "known author ids: chenjing, liuyang, zhangwei; add new authors to "
        "site_config/authors.yml first.",
        f"::warning file=content/news/posts/2026/w.md,line={link_line},col=6,"
        "title=ref/absolute-link::"
        "link '/about/' starts with /, which breaks in previews and offline archives%0A"
        "fix: link to the .md file with a relative path instead, for example ../about.md",
    ]
    assert "schema/too-short" in result.stderr  # the readable report goes to the log


def test_github_format_escapes_data_and_properties(empty_project: Project) -> None:
    fields = {**empty_project.item_fields("news"), "100%\r\nx": 1}
    empty_project.write("content/news/posts/2026/a,b:c%d.md", front_matter(fields))
    result = empty_project.cli("check", "--format", "github")
    (line,) = result.stdout.splitlines()
    props, _, data = line.partition("::")[2].partition("::")
    assert (
        props
        == "error file=content/news/posts/2026/a%2Cb%3Ac%25d.md,line=8,title=schema/unknown-key"
    )
    assert data.startswith("不认识的字段“100%25%0D%0Ax”%0A修改建议: ")
    assert "\r" not in result.stdout


# --- check PATHS ------------------------------------------------------------------------------


def test_check_paths_reports_only_the_given_files(project: Project) -> None:
    two_problem_item(project)
    project.write_item("news", "other", title="另一篇有问题的新闻", author="nobody")
    report = project.cli("check", "--format", "json", "content/news/posts/2026/two.md")
    assert report.exit_code == 1
    paths = {f["path"] for f in json.loads(report.stdout)["findings"]}
    assert paths == {"content/news/posts/2026/two.md"}


def test_check_paths_of_clean_files_exits_0(project: Project) -> None:
    two_problem_item(project)
    result = project.cli("check", "content/news/posts/2026/2026-05-28-high-tech.md")
    assert result.exit_code == 0
    assert "two.md" not in result.stdout


def test_check_a_folder_reports_the_files_in_it(project: Project) -> None:
    two_problem_item(project)
    project.write_item("industry", "bad", author="nobody")
    result = project.cli("check", "--format", "json", "content/news")
    assert result.exit_code == 1
    paths = {f["path"] for f in json.loads(result.stdout)["findings"]}
    assert paths == {"content/news/posts/2026/two.md"}


# --- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("check", "--format", "xml"), ("--lang", "fr", "check"), ("check", "--now", "明天早上")],
)
def test_usage_errors_exit_2_without_traceback(project: Project, args: tuple[str, ...]) -> None:
    result = project.pipeline(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.strip()


def test_no_project_here_exits_2(tmp_path: Path) -> None:
    result = Project(tmp_path).pipeline("check")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "mkdocs.yml" in result.stderr


# --- the message catalogue (its completeness: tests/test_messages.py) ---------------------------


def _templates():
    for rule, entry in CATALOGUE.items():
        for lang in ("zh", "en"):
            for text in entry[lang]:
                if text is not None:
                    yield f"{rule} {lang}", text
    for key, entry in UI.items():
        for lang, text in entry.items():
            yield f"{key} {lang}", text


def test_every_template_is_a_well_formed_format_string() -> None:
    broken = []
    for name, text in _templates():
        try:
            list(Formatter().parse(text.replace("[[", "").replace("]]", "")))
        except ValueError:
            broken.append(name)
    assert broken == []


def test_chinese_and_english_templates_take_the_same_parameters() -> None:
    def names(text: str | None) -> set[str]:
        if text is None:
            return set()
        return {
            n for _, n, _, _ in Formatter().parse(text.replace("[[", "").replace("]]", "")) if n
        }

    for rule, entry in CATALOGUE.items():
        zh = names(entry["zh"][0]) | names(entry["zh"][1])
        en = names(entry["en"][0]) | names(entry["en"][1])
        assert zh == en, rule


def test_optional_fragment_appears_only_with_its_value() -> None:
    params = {"key": "titel", "known": "title, summary"}
    assert (
        render_hint("schema/unknown-key", "zh", {**params, "suggestion": ""})
        == "可用的字段：title, summary"
    )
    assert render_hint("schema/unknown-key", "en", {**params, "suggestion": "title"}) == (
        "did you mean 'title'? known keys: title, summary"
    )


def _broken_site(project: Project) -> None:
    """One project that trips as many rules as can be written in content/."""
    root = "content/news/posts/2026"
    project.write(f"{root}/gbk.md", "---\ntitle: 中文标题\n---\n".encode("gbk"))
    project.write(f"{root}/latin.md", "---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    project.write(f"{root}/yaml.md", '---\ntitle: "公司新闻\n---\n')
    slips = "title: 公司: 新闻\nauthor：zhangwei\n\tdraft: true\ntags:\n  -新闻\n"
    project.write(f"{root}/slips.md", f"---\n{slips}---\n")
    project.write(f"{root}/list.md", "---\n- a\n---\n")
    project.write(f"{root}/bare.md", "正文\n")
    project.write("content/contact.md", "# 联系我们\n")
    project.write(
        "content/about.md",
        "---\ntitle: 关于我们\nsummary: 澜石科技专注工业物联网与能源管理，服务制造业客户。\n"
        "hide: [tok]\n---\n",
    )
    project.write_page(
        "links.md",
        "链接页面",
        "这个页面上的链接指向各种不存在或不合适的地方。",
        "[x](../mkdocs.yml) [y](missing.pdf) [z](news/)\n",
    )
    w = project.write_item
    w("news", "a1", titel="x", title="短", summary="长" * 130, date="2026-02-30", author="张伟")
    w("news", "a2", title=["列表"], categories=["公司新闻"], keywords={"a": 1}, tags=[["x"]])
    w("news", "a3", draft="yes", cover="https://x.org/a.jpg", slug="Bad Slug")
    w("news", "a4", cover="a.txt")
    w("news", "a5", cover="nope.jpg")
    w("news", "a6", categories=[], summary=None)
    w("news", "a7", title="下线时间错误的新闻", expire="2026-01-01")
    w("news", "a8", title="！！！！", slug=None)
    w("industry", "b1", source="x")
    w("industry", "b2", source={"name": "x", "url": "ftp://x"})
    w("news", "d1", title="重复网址名一", slug="dup")
    w("news", "d2", title="重复网址名二", slug="dup", date="2026-03-13")
    w("news", "draft", title="草稿状态的新闻", draft=True, slug="draft")
    w(
        "news",
        "p1",
        title="模板文字的新闻",
        summary="请在这里用一两句话概括这篇文章，它会显示在列表页和搜索结果中。",
    )
    body = "[a](draft.md) [b](nope.md) ![c](nope.png) [d](/about/) [e](../../../about/)\n"
    w("news", "refs", title="各种链接的新闻", body=body)
    project.write_page(
        "news/2026/03/12/page-url.md", "占用网址的页面", "这个页面和文章的网址相同，应该报错提示。"
    )
    w("news", "u1", title="网址冲突的文章", slug="page-url")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rendered_messages_leave_no_placeholder_unfilled(project: Project, lang: str) -> None:
    _broken_site(project)
    report = json_report(project, lang=lang)
    rules = {f["rule"] for f in report["findings"]}
    assert len(rules) >= 36, sorted(rules)
    for finding in report["findings"]:
        for text in (finding["message"], finding["hint"] or ""):
            assert not UNFILLED.search(text), (finding["rule"], text)
    terminal = project.cli("--lang", lang, "check").stdout
    assert not UNFILLED.search(terminal)


def test_format_plain_for_logs() -> None:
    findings = Findings(
        [
            error(
                "content/a.md",
                3,
                "schema/unknown-key",
                key="titel",
                suggestion="title",
                known="title",
            ),
            warning("content/a.md", 9, "ref/absolute-link", column=2, target="/about/"),
        ]
    )
    assert format_plain(findings, "en").splitlines() == [
        "content/a.md:3: error: unknown key 'titel' [schema/unknown-key]",
        "    fix: did you mean 'title'? known keys: title",
        "content/a.md:9:2: warning: link '/about/' starts with /, which breaks in previews "
        "and offline archives [ref/absolute-link]",
        "    fix: link to the .md file with a relative path instead, for example ../about.md",
    ]


def test_unknown_rule_renders_as_its_id() -> None:
    assert render_message("schema/not-a-rule", "zh", {}) == "schema/not-a-rule"


def test_check_of_a_path_that_does_not_exist_is_a_usage_error(project: Project) -> None:
    result = project.pipeline("check", "content/news/posts/2026/no-such-file.md")
    assert result.returncode == 2
    assert "no-such-file.md" in result.stderr and "Traceback" not in result.stderr


def test_check_paths_counts_only_the_selected_files(project: Project) -> None:
    result = project.cli("--lang", "en", "check", "content/industry")
    assert result.exit_code == 0
    assert "3 files checked" in result.stdout  # the section index and its two items
