"""Who may waive what: editors' exceptions only for warn-level lists, the security file
(site_config/guard-exceptions.yml, owned by the security role) for block-level ones, and
nothing for classification markings or personal data. Through the real commands, and the
publish gate of a real build."""

from __future__ import annotations

import json

import yaml

from pipeline.content.schema import parse_now
from pipeline.engine.project import open_project
from pipeline.gate import gate_site
from pipeline.stages import check_project
from tests.conftest import REPO, Project

ITEM = "content/news/posts/2026/2026-04-01-waiver.md"
WAIVERS = "site_config/guard-exceptions.yml"
WAIVERS_HEAD = "# 安全例外\nexceptions:\n"


def findings_of(project: Project) -> tuple[int, list[dict]]:
    result = project.cli("--lang", "en", "check", "--format", "json")
    payload = json.loads(result.stdout)
    return result.exit_code, [f for f in payload["findings"] if f["rule"].startswith("guard/")]


def line_of(project: Project, rel: str, needle: str) -> int:
    lines = (project.root / rel).read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def approve(project: Project, *entries: dict) -> None:
    """The security file with these entries, one per list item."""
    body = yaml.safe_dump(list(entries), allow_unicode=True, sort_keys=False)
    project.write(WAIVERS, WAIVERS_HEAD + "".join(f"  {line}\n" for line in body.splitlines()))


def test_an_editor_cannot_waive_a_classified_marking_in_front_matter(project: Project) -> None:
    project.write_item(
        "news",
        "2026-04-01-waiver",
        body="密级：机密\n\n正文。\n",
        allow_terms=[{"term": "机密", "reason": "领导要求"}],
    )
    status, found = findings_of(project)
    assert status == 1
    by_rule = {f["rule"]: f for f in found}
    refused = by_rule["guard/exception-not-waivable"]
    assert (refused["path"], refused["severity"]) == (ITEM, "error")
    assert refused["line"] == line_of(project, ITEM, "- term: 机密")
    assert refused["message"] == (
        "'机密' is on the list '涉密标识', which cannot be waived: "
        "this exception cannot let it through"
    )
    assert "remove or rewrite the text" in refused["hint"]
    term = by_rule["guard/term"]
    assert (term["line"], term["severity"]) == (line_of(project, ITEM, "密级：机密"), "error")
    # the hint offers the list's replacement and says no exception can help
    assert term["hint"].startswith("suggestion: 删除密级和内部资料标记")
    assert "cannot be waived: remove or rewrite this text" in term["hint"]
    assert "allow_terms" not in term["hint"] and "guard:allow" not in term["hint"]
    assert not any(f["rule"] == "guard/exception-used" for f in found)


def test_an_editor_cannot_waive_a_classified_marking_inline(project: Project) -> None:
    project.write_item(
        "news",
        "2026-04-01-waiver",
        body="正文。\n\n【机密】这份文件。<!-- guard:allow 机密 领导要求 -->\n",
    )
    status, found = findings_of(project)
    assert status == 1
    line = line_of(project, ITEM, "【机密】")
    where = {(f["rule"], f["line"], f["severity"]) for f in found}
    assert ("guard/exception-not-waivable", line, "error") in where
    assert ("guard/term", line, "error") in where
    refused = next(f for f in found if f["rule"] == "guard/exception-not-waivable")
    assert refused["column"] == len("【机密】这份文件。") + 1
    zh = project.cli("check").stdout
    assert "“机密”属于不能豁免的词表“涉密标识”，这条例外不能放行它" in zh


def test_an_editor_cannot_waive_personal_data(project: Project) -> None:
    project.write_item(
        "news",
        "2026-04-01-waiver",
        body="客服电话 13812345678。<!-- guard:allow 13812345678 客服电话 -->\n",
    )
    status, found = findings_of(project)
    assert status == 1
    refused = next(f for f in found if f["rule"] == "guard/exception-personal-data")
    assert refused["line"] == line_of(project, ITEM, "客服电话")
    assert "138****5678" in refused["message"] and "13812345678" not in refused["message"]
    assert any(f["rule"] == "guard/mobile" and f["severity"] == "error" for f in found)


def test_an_editor_cannot_waive_a_block_level_list_and_is_sent_to_the_security_file(
    project: Project,
) -> None:
    project.write_item(
        "news",
        "2026-04-01-waiver",
        body="LX-900 的测试结果。\n",
        allow_terms=[{"term": "LX-900", "reason": "产品经理同意"}],
    )
    status, found = findings_of(project)
    assert status == 1
    refused = next(f for f in found if f["rule"] == "guard/exception-needs-approval")
    assert refused["line"] == line_of(project, ITEM, "- term: LX-900")
    assert (
        f"the security role approves an exception for this file in {WAIVERS}" in (refused["hint"])
    )
    term = next(f for f in found if f["rule"] == "guard/term")
    assert f"approves an exception for this file in {WAIVERS}" in term["hint"]


def test_the_security_file_waives_a_block_level_term_and_the_build_agrees(
    project: Project,
) -> None:
    project.write_item("news", "2026-04-01-waiver", body="LX-900 已正式发布。\n", slug="launch")
    blocked = project.pipeline("build")
    assert blocked.returncode == 1 and not project.site.exists()

    approve(
        project,
        {
            "file": ITEM,
            "term": "LX-900",
            "reason": "产品已正式发布，市场部确认",
            "approved_by": "zhaolei-lanshi",
        },
    )
    status, found = findings_of(project)
    assert status == 0, found
    used = next(f for f in found if f["rule"] == "guard/waiver-used")
    assert (used["path"], used["severity"]) == (ITEM, "note")
    assert used["line"] == line_of(project, ITEM, "LX-900 已正式发布")
    entry = line_of(project, WAIVERS, "file:")
    assert used["message"] == (
        "security exception: 'LX-900' allowed (1×), reason: 产品已正式发布，市场部确认 "
        f"({WAIVERS} line {entry}, approved by zhaolei-lanshi)"
    )
    built = project.pipeline("build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "LX-900 已正式发布" in project.html("news/2026/03/12/launch/")


def test_the_gate_does_not_honour_an_editor_waiver_of_a_block_level_term(
    project: Project,
) -> None:
    project.write_item("news", "2026-04-01-waiver", body="LX-900 已正式发布。\n", slug="launch")
    approve(project, {"file": ITEM, "term": "LX-900", "reason": "已发布"})
    built = project.pipeline("build")
    assert built.returncode == 0, built.stdout + built.stderr

    # the approval moves into the editor's own front matter: the built page is unchanged,
    # and the gate judges it as it would the next build's
    project.write(WAIVERS, WAIVERS_HEAD)
    project.write_item(
        "news",
        "2026-04-01-waiver",
        body="LX-900 已正式发布。\n",
        slug="launch",
        allow_terms=[{"term": "LX-900", "reason": "已发布"}],
    )
    opened = open_project(project.root / "mkdocs.yml")
    check = check_project(opened, parse_now(None, opened.site_config))
    shown = [i for i in check.site.items if i.visibility(check.now) == "published"]
    findings = gate_site(project.site, check.site, shown, label="site", workers=1)
    assert any(f.rule == "gate/term" and f.path == ITEM for f in findings)


def test_a_security_file_entry_for_what_cannot_be_waived_is_an_error(project: Project) -> None:
    project.write_item("news", "2026-04-01-waiver", body="本文是内部资料。\n")
    approve(
        project,
        {"file": ITEM, "term": "内部资料", "reason": "介绍资料分级制度"},
        {"file": ITEM, "term": "13812345678", "reason": "客服电话"},
    )
    status, found = findings_of(project)
    assert status == 1
    at = {(f["path"], f["line"], f["rule"]) for f in found}
    first, second = (line_of(project, WAIVERS, "- file:") + n for n in (0, 3))
    assert (WAIVERS, first, "guard/exception-not-waivable") in at
    assert (WAIVERS, second, "guard/exception-personal-data") in at
    assert (ITEM, line_of(project, ITEM, "内部资料"), "guard/term") in at
    personal = next(f for f in found if f["rule"] == "guard/exception-personal-data")
    assert "13812345678" not in personal["message"] and "138****5678" in personal["message"]


def test_stale_and_unused_approvals_are_reported(project: Project) -> None:
    project.write_item("news", "2026-04-01-waiver", body="正文没有代号。\n")
    gone = "content/news/posts/2026/2026-01-01-gone.md"
    approve(
        project,
        {"file": ITEM, "term": "LX-900", "reason": "已发布"},
        {"file": gone, "term": "Falcon", "reason": "已发布"},
    )
    status, found = findings_of(project)
    assert status == 0
    first = line_of(project, WAIVERS, "- file:")
    at = {(f["path"], f["line"], f["rule"], f["severity"]) for f in found}
    assert (WAIVERS, first, "guard/waiver-unused", "warning") in at
    assert (WAIVERS, first + 3, "guard/waiver-no-file", "warning") in at


def test_a_malformed_security_file_names_the_line_and_the_fix(project: Project) -> None:
    cases = {
        "  - file: a.md\n    term: LX-900\n": "exceptions[2] has no 'reason' or it is empty",
        "  - LX-900\n": "exceptions[2] must be an exception with a file, a term and a reason",
        "  - file: a.md\n    term: LX-900\n    reason: x\n    aproved_by: x\n": (
            "unknown setting 'exceptions[2].aproved_by'"
        ),
        "  - file: ../outside.md\n    term: LX-900\n    reason: x\n": (
            "exceptions[2]: the file '../outside.md' is not a path inside the project"
        ),
    }
    for entry, expected in cases.items():
        project.write(WAIVERS, WAIVERS_HEAD + "  - file: a.md\n    term: Falcon\n    reason: x\n")
        project.write(WAIVERS, (project.root / WAIVERS).read_text("utf-8") + entry)
        result = project.cli("--lang", "en", "check")
        assert result.exit_code == 2, result.stdout
        assert f"{WAIVERS}:6: {expected}" in result.stderr
    project.write(WAIVERS, "exceptions: {file: a.md}\n")
    result = project.cli("--lang", "en", "check")
    assert result.exit_code == 2
    assert f"{WAIVERS}:1: setting 'exceptions' must be a list" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_waivable_must_be_true_or_false(project: Project) -> None:
    guard = project.root / "site_config/guard.yml"
    text = guard.read_text("utf-8")
    guard.write_text(text.replace("waivable: false", "waivable: no way"), "utf-8")
    result = project.cli("--lang", "en", "check")
    assert result.exit_code == 2
    line = line_of(project, "site_config/guard.yml", "waivable:")
    expected = "setting 'categories.classified.waivable' must be true or false"
    assert f"site_config/guard.yml:{line}: {expected}" in result.stderr


def test_warn_level_lists_keep_editors_exceptions(project: Project) -> None:
    project.write_item(
        "news",
        "2026-04-01-waiver",
        body="<!-- guard:allow 国家级 引用官方公告原文 -->\n国家级示范项目。\n\n行业第一。\n",
        allow_terms=[{"term": "第一", "reason": "引用第三方评测原文"}],
    )
    status, found = findings_of(project)
    assert status == 0
    assert sorted(f["rule"] for f in found) == ["guard/exception-used", "guard/exception-used"]


def test_every_shipped_list_has_a_replacement(project: Project) -> None:
    config = yaml.safe_load((project.root / "site_config/guard.yml").read_text("utf-8"))
    lists = {p.stem for p in (project.root / "site_config/terms").glob("*.txt")}
    lists = {name for name in lists if not name.endswith(".test")}
    assert lists == set(config["categories"])
    assert all(body.get("replacement", "").strip() for body in config["categories"].values())


def _owners_of(codeowners: str, path: str) -> list[str]:
    """GitHub's rule: the last line whose pattern matches the path wins."""
    owners: list[str] = []
    for line in codeowners.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *names = line.split()
        if path == pattern or (pattern.endswith("/") and path.startswith(pattern)):
            owners = names
    return owners


def test_codeowners_gives_the_security_file_to_the_security_role(project: Project) -> None:
    roles = yaml.safe_load((project.root / "site_config/roles.yml").read_text("utf-8"))
    security = roles["areas"]["security"]
    expected = [f"@{security['a']}", f"@{security['b']}"]
    (project.root / ".github").mkdir()
    result = project.cli("roles")
    assert result.exit_code == 0, result.stdout
    written = (project.root / ".github/CODEOWNERS").read_text("utf-8")
    assert _owners_of(written, f"/{WAIVERS}") == expected
    assert _owners_of(written, "/site_config/guard.yml") != expected
    # the repository's own CODEOWNERS is the one `pipeline roles` writes from its roles.yml
    assert written == (REPO / ".github/CODEOWNERS").read_text("utf-8")
