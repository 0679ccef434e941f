"""The content guard through the real commands: findings, exceptions, reports, exit statuses."""

from __future__ import annotations

import io
import json
import sys

from pypdf import PdfWriter

from tests.conftest import Project

EVIL = "content/news/posts/2026/2026-04-01-evil.md"


def findings_of(project: Project, *args: str) -> tuple[int, list[dict]]:
    result = project.cli("--lang", "en", "check", "--format", "json", *args)
    payload = json.loads(result.stdout)
    return result.exit_code, [f for f in payload["findings"] if f["rule"].startswith("guard/")]


def test_findings_name_file_line_column_and_the_original_span(project: Project) -> None:
    project.write_item(
        "news",
        "2026-04-01-evil",
        body="第一段正常。\n\n这份材料是内 部*资.料，不要外传。\n",
        keywords=["內部資料"],
    )
    status, found = findings_of(project)
    assert status == 1
    terms = [(f["line"], f["column"], f["span"], f["severity"]) for f in found]
    text = (project.root / EVIL).read_text("utf-8").split("\n")
    body_line = next(n for n, line in enumerate(text, 1) if "内 部" in line)
    keyword_line = next(n for n, line in enumerate(text, 1) if "內部資料" in line)
    assert (body_line, 6, "内 部*资.料", "error") in terms
    assert (keyword_line, text[keyword_line - 1].index("內") + 1, "內部資料", "error") in terms
    assert all(f["path"] == EVIL for f in found)


def test_warn_level_terms_do_not_block(project: Project) -> None:
    project.write_item("news", "2026-04-01-evil", title="澜石科技网关行业第一")
    status, found = findings_of(project)
    assert status == 0
    assert [(f["rule"], f["severity"], f["span"]) for f in found] == [
        ("guard/term", "warning", "第一")
    ]


def test_invalid_files_and_html_comments_are_scanned(project: Project) -> None:
    project.write_item(
        "news", "2026-04-01-evil", title=None, body="<!-- 备注：内部资料，勿发 -->\n正文。\n"
    )
    status, found = findings_of(project)
    assert status == 1
    assert [f["span"] for f in found] == ["内部资料"]


def test_personal_data_and_secrets_are_masked_in_every_output(project: Project) -> None:
    body = "客户电话 13812345678，身份证 11010519491231002X。\n\n密码：Lx9#kq2Wz!\n"
    project.write_item("news", "2026-04-01-evil", body=body)
    outputs = [
        project.cli("check", "--format", fmt).stdout + project.cli("check", "--format", fmt).stderr
        for fmt in ("text", "json", "sarif", "github")
    ]
    for output in outputs:
        assert "13812345678" not in output and "11010519491231002X" not in output
        assert "Lx9#kq2Wz!" not in output
        assert "138****5678" in output
    status, found = findings_of(project)
    assert status == 1
    assert {f["rule"] for f in found} == {"guard/mobile", "guard/id-number", "guard/password"}


def test_other_checks_never_repeat_a_personal_number(project: Project) -> None:
    # a phone number typed as a category is an unknown category; its message repeats it
    project.write_item("news", "2026-04-01-typo", categories=["13912345678"])
    for fmt in ("text", "json", "sarif", "github"):
        result = project.cli("check", "--format", fmt)
        output = result.stdout + result.stderr
        assert "schema/unknown-category" in output
        assert "13912345678" not in output and "139****5678" in output


def test_exceptions_used_unused_and_without_reason(project: Project) -> None:
    project.write_item(
        "news",
        "2026-04-01-evil",
        body="我们是国家级实验室。顶级。\n<!-- guard:allow 最佳 这是引用评测报告的原文 -->\n"
        "最佳方案。\n\n下一段又是最佳。\n",
        allow_terms=[
            {"term": "国家级", "reason": "引用官方公告原文"},
            {"term": "第一", "reason": "没有用到"},
        ],
    )
    status, found = findings_of(project)
    assert status == 0
    by_rule = sorted((f["rule"], f["severity"], f["span"]) for f in found)
    assert by_rule == [
        ("guard/exception-unused", "warning", None),
        ("guard/exception-used", "note", None),
        ("guard/exception-used", "note", None),
        ("guard/term", "warning", "最佳"),  # two lines below the inline exception
        ("guard/term", "warning", "顶级"),
    ]
    text = project.cli("--lang", "en", "check").stdout
    assert "exception: '国家级' allowed (1×), reason: 引用官方公告原文" in text


def test_an_exception_without_a_reason_is_an_error(project: Project) -> None:
    project.write_item(
        "news",
        "2026-04-01-evil",
        body="国家级。<!-- guard:allow 国家级 -->\n",
    )
    status, found = findings_of(project)
    assert status == 1
    assert ("guard/exception-no-reason", "error") in {(f["rule"], f["severity"]) for f in found}
    project.write_item("news", "2026-04-01-evil", allow_terms=[{"term": "国家级"}])
    result = project.cli("--lang", "en", "check")
    assert result.exit_code == 1
    assert "the exception for '国家级' gives no reason" in result.stdout


def test_unsafe_html_blocks(project: Project) -> None:
    project.write_item(
        "news",
        "2026-04-01-evil",
        body='<img src="x.png" alt="x" onerror="alert(1)">\n\n[点我](JAVASCRIPT:alert(1))\n',
    )
    status, found = findings_of(project)
    assert status == 1
    assert {f["rule"] for f in found} >= {"guard/html-event", "guard/link-url"}


def test_summary_sarif_and_github_limits(project: Project) -> None:
    for n in range(12):
        project.write_item(
            "news", f"2026-04-{n + 1:02d}-leak", body=f"电话 1381234{n:04d}。\n", slug=f"leak-{n}"
        )
    project.write_item(
        "news",
        "2026-05-01-quote",
        body="国家级。\n",
        allow_terms=[{"term": "国家级", "reason": "引用官方公告原文"}],
    )
    summary = project.root / "summary.md"
    result = project.cli("--lang", "en", "check", "--format", "github", "--summary", str(summary))
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert len(annotations) == 10
    assert "2 more errors and 0 more warnings not annotated" in result.stdout
    assert "::notice file=content/news/posts/2026/2026-05-01-quote.md" in result.stdout
    text = summary.read_text("utf-8")
    assert "12 errors" in text and "**Errors block publishing.**" in text
    assert "### Exceptions used" in text and "| 国家级 | 引用官方公告原文 |" in text
    sarif = json.loads(project.cli("check", "--format", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    assert sarif["version"] == "2.1.0" and len(results) == 13
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["region"]["snippet"]["text"] == "138****0000"
    assert {r["level"] for r in results} == {"error", "note"}


def test_term_lists_test_themselves(project: Project) -> None:
    result = project.cli("--lang", "en", "terms", "test")
    assert result.exit_code == 0, result.stdout
    assert "term lists pass their self-tests: 3 lists" in result.stdout
    tests = project.root / "site_config/terms/advertising.test.txt"
    tests.write_text(tests.read_text("utf-8") + "- 全国第一的服务\n+ 普通的句子\n", "utf-8")
    result = project.cli("--lang", "en", "terms", "test")
    assert result.exit_code == 1
    lines = len(tests.read_text("utf-8").splitlines())
    assert f"site_config/terms/advertising.test.txt:{lines - 1}: must not match" in result.stdout
    assert f"site_config/terms/advertising.test.txt:{lines}: must match, found (nothing)" in (
        result.stdout
    )


def test_term_list_edits_take_effect_and_results_are_cached(project: Project) -> None:
    project.write_item("news", "2026-04-01-evil", body="我们的秘密项目青鸟即将发布。\n")
    status, found = findings_of(project)
    assert (status, found) == (0, [])
    cache = project.root / ".cache/pipeline/guard"
    entries = set(cache.glob("*.json"))
    assert len(entries) == len(list(project.content.rglob("*.md")))  # one per file
    assert findings_of(project) == (0, [])
    assert set(cache.glob("*.json")) == entries  # nothing rescanned
    codenames = project.root / "site_config/terms/codenames.txt"
    codenames.write_text(codenames.read_text("utf-8") + "青鸟\n", "utf-8")
    status, found = findings_of(project)
    assert status == 1 and [f["span"] for f in found] == ["青鸟"]
    assert not entries & set(cache.glob("*.json"))  # stale entries are dropped


def test_configuration_errors_exit_2(project: Project) -> None:
    guard = project.root / "site_config/guard.yml"
    text = guard.read_text("utf-8")
    guard.write_text(text.replace("level: warn", "level: maybe"), "utf-8")
    result = project.cli("--lang", "en", "check")
    assert result.exit_code == 2
    line = next(n for n, s in enumerate(text.splitlines(), 1) if "level: warn" in s)
    expected = "'categories.advertising.level' must be block or warn"
    assert f"site_config/guard.yml:{line}: {expected}" in result.stderr
    guard.write_text(text.replace("allowed_phrases:", "allowed_phrase:"), "utf-8")
    result = project.cli("--lang", "en", "check")
    assert result.exit_code == 2 and "allowed_phrases" in result.stderr
    guard.write_text(text.replace("  codenames:", "  codename:"), "utf-8")
    result = project.cli("--lang", "en", "check")
    assert result.exit_code == 2
    assert "term file site_config/terms/codename.txt does not exist" in result.stderr
    guard.write_text(text, "utf-8")
    codenames = project.root / "site_config/terms/codenames.txt"
    lines = [*codenames.read_text("utf-8").splitlines(), "* * *"]
    codenames.write_text("\n".join(lines) + "\n", "utf-8")
    result = project.cli("--lang", "en", "check")
    assert result.exit_code == 2
    assert f"site_config/terms/codenames.txt:{len(lines)}: '* * *'" in result.stderr


def test_builds_are_guarded(project: Project) -> None:
    project.write_item("news", "2026-04-01-evil", body="本文属于内部资料。\n")
    result = project.pipeline("build")
    assert result.returncode == 1
    assert not project.site.exists()
    plain = project.run(sys.executable, "-m", "mkdocs", "build")
    assert plain.returncode != 0
    assert "guard/term" in plain.stderr + plain.stdout
    assert not project.site.exists()


def test_summary_shows_html_as_text_and_sarif_regions_never_measure_masks(
    project: Project,
) -> None:
    project.write_item(
        "news",
        "2026-04-01-evil",
        body='<iframe src="https://example.com/"></iframe>\n\n电话 138 1234 5678。\n\n'
        "密码：Lx9#kq2Wz!Lx9\n\n国家级。\n",
        allow_terms=[{"term": "国家级", "reason": "原文是 <b>国家级</b> | 照录"}],
    )
    summary = project.root / "summary.md"
    result = project.cli("--lang", "en", "check", "--summary", str(summary))
    assert result.exit_code == 1
    text = summary.read_text("utf-8")
    assert "&lt;iframe&gt;" in text and "<iframe>" not in text
    assert "| 原文是 &lt;b&gt;国家级&lt;/b&gt; \\| 照录 |" in text
    sarif = json.loads(project.cli("check", "--format", "sarif").stdout)
    regions = {
        r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]
        for r in sarif["runs"][0]["results"]
    }
    assert regions["guard/mobile"]["snippet"]["text"] == "138****5678"
    assert "endColumn" not in regions["guard/mobile"]  # 13 characters in the file, 11 shown
    assert "endColumn" not in regions["guard/password"]  # would tell the password's length


def test_markdown_autolinks_and_bracketed_addresses_are_not_html(project: Project) -> None:
    pdf = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(pdf)
    project.write("content/news/posts/2026/manual 2026.pdf", pdf.getvalue())
    project.write_item(
        "news",
        "2026-04-01-evil",
        body="官网 <https://www.lanshi-tech.example/>，邮箱 <info@lanshi-tech.example>。\n\n"
        "下载[产品手册](<manual 2026.pdf>)。\n\n"
        '<https://x.example/"><script>alert(1)</script>\n',
    )
    status, found = findings_of(project)
    assert status == 1
    assert [(f["rule"], f["column"]) for f in found] == [("guard/html-tag", 22)]


def test_files_published_as_they_are_are_guarded_too(project: Project) -> None:
    project.write("content/news/promo.html", "<p>活动</p><script>alert(1)</script>\n")
    project.write("content/news/posts/2026/名单.csv", "姓名,电话\r\n王五,13912345678\r\n")
    project.write("content/assets/notes.txt", "本文件为内部资料\n")
    status, found = findings_of(project)
    assert status == 1
    assert sorted((f["path"], f["line"], f["column"], f["rule"]) for f in found) == [
        ("content/assets/notes.txt", 1, 5, "guard/term"),
        ("content/news/posts/2026/名单.csv", 2, 4, "guard/mobile"),
        ("content/news/promo.html", None, None, "guard/published-as-is"),
    ]
    assert "13912345678" not in project.cli("check").stdout
