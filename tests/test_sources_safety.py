"""What reaches the site from content/: no symlink is followed, generated files cannot be
replaced, and every file's work is bounded before any parser runs."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image

from pipeline.config.base import ConfigError
from pipeline.config.site import load_site_config
from pipeline.core.sourcefile import LimitError, SourceLimits, check_limits
from pipeline.images.probe import probe
from pipeline.images.problem import Problem
from pipeline.images.settings import ImageSettings, load_image_settings
from tests.conftest import Project
from tests.test_serve import preview, serving


def findings_of(project: Project, *args: str) -> tuple[int, list[dict]]:
    result = project.cli("--lang", "en", "check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)["findings"]


def rules_at(found: list[dict], rule: str) -> dict[str, dict]:
    return {f["path"]: f for f in found if f["rule"] == rule}


def published(project: Project, folder: Path | None = None) -> str:
    """Every byte of the built site, as text (to look for what must not be there)."""
    root = folder or project.site
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in root.rglob("*") if p.is_file()
    )


# -- symlinks ---------------------------------------------------------------------------


MOBILE_NUMBER = "13912345678"


def _move_content(project: Project, tmp_path: Path) -> Path:
    """content/ moved out of the project (a canary file in it), for links to point at."""
    project.write("content/canary.txt", "CANARY-OUTSIDE-CONTENT\n")
    outside = tmp_path.parent / f"{tmp_path.name}-outside-content"
    (project.root / "content").rename(outside)
    return outside


def make_links(project: Project, tmp_path: Path) -> dict[str, str]:
    """Every kind of link an attacker (or a careless editor) could put in content/."""
    secrets = tmp_path / "outside" / "ssh"
    secrets.mkdir(parents=True)
    (secrets / "id_rsa").write_text("PRIVATE-KEY-CANARY-1\n", encoding="utf-8")
    (secrets / "notes.md").write_text("---\ntitle: x\n---\nCANARY-MD-2\n", encoding="utf-8")
    loose = tmp_path / "outside" / "secret.txt"
    loose.write_text("LOOSE-FILE-CANARY-3\n", encoding="utf-8")
    (project.root / ".git").mkdir(exist_ok=True)
    (project.root / ".git" / "config").write_text("GIT-CANARY-4\n", encoding="utf-8")
    links = {
        "content/passwd.txt": "/etc/passwd",
        "content/assets/keys": str(secrets),
        "content/repo": "../.git",
        "content/environ.txt": "/proc/self/environ",
        "content/news/posts/2026/loose.txt": str(loose),
        "content/gone.md": str(tmp_path / "no-such-file.md"),
    }
    for link, target in links.items():
        os.symlink(target, project.root / link)
    return links


def test_every_symlink_is_an_error_naming_it_and_its_target(
    project: Project, tmp_path: Path
) -> None:
    links = make_links(project, tmp_path)
    status, found = findings_of(project)
    assert status == 1
    reported = rules_at(found, "content/symlink")
    assert set(reported) == set(links)
    for link, target in links.items():
        assert target in reported[link]["message"]
        assert reported[link]["severity"] == "error"


def test_a_build_with_symlinks_fails_and_publishes_nothing_through_them(
    project: Project, tmp_path: Path
) -> None:
    make_links(project, tmp_path)
    result = project.pipeline("--lang", "en", "build")
    assert result.returncode != 0
    assert "content/repo" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not project.site.exists()


def test_a_preview_waits_while_content_holds_symlinks(project: Project, tmp_path: Path) -> None:
    """MkDocs would walk a linked folder (a link to / included) before any of the pipeline's
    code runs, so the preview renders nothing while a link is there, says so, and resumes
    by itself once the links are gone; nothing reached through them is ever served."""
    links = make_links(project, tmp_path)
    linked = ("passwd.txt", "environ.txt", "assets/keys/id_rsa", "repo/config",
              "news/posts/2026/loose.txt")  # fmt: skip
    with serving(project, "pipeline", "serve") as server:
        server.wait_for_output("the symlink findings", "content/symlink", "预览暂停更新")
        # listening, with nothing rendered: every address is 404
        server.wait_for("the preview to listen", lambda: server.get("")[0] == 404, 60)
        for path in linked:
            assert server.get(path)[0] == 404, path
        for link in links:
            os.unlink(project.root / link)
        server.wait_for("the preview to resume", lambda: server.get("")[0] == 200, 60)
        for path in linked:
            assert server.get(path)[0] == 404, path
        log = server.log
    assert "Traceback" not in log.read_text("utf-8")


def test_a_symlinked_item_is_not_loaded_or_published(project: Project, tmp_path: Path) -> None:
    real = project.write_item("news", "2026-04-01-real", title="真实的新闻标题用于链接测试")
    moved = tmp_path / "elsewhere.md"
    real.rename(moved)
    os.symlink(moved, real)
    status, found = findings_of(project)
    assert status == 1
    assert "content/news/posts/2026/2026-04-01-real.md" in rules_at(found, "content/symlink")


# -- generated files --------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel",
    [
        "robots.txt",
        "sitemap.xml",
        "sitemap.xml.gz",
        "news/rss.xml",
        "industry/sitemap.xml",
        "search/search_index.json",
        "404.html",
        "assets/javascripts/bundle.js",
    ],
)
def test_editors_files_cannot_replace_generated_ones(project: Project, rel: str) -> None:
    project.write(f"content/{rel}", "User-agent: *\nDisallow:\n")
    status, found = findings_of(project)
    assert status == 1
    finding = rules_at(found, "content/reserved-name")[f"content/{rel}"]
    assert finding["severity"] == "error"
    assert rel in finding["message"]


def test_ordinary_files_are_not_reserved(project: Project) -> None:
    project.write("content/news/posts/2026/robots-report.txt", "报告正文\n")
    _, found = findings_of(project)
    assert not rules_at(found, "content/reserved-name")


# -- bounded work -----------------------------------------------------------------------

LIMIT_BOUND = 5.0  # seconds for the whole check of a project holding one such file


def _front(title: str = "一条用于测试限制的新闻标题") -> str:
    return (
        f"---\ntitle: {title}\nsummary: 这是一条用于测试的新闻摘要，长度足够通过摘要长度检查。\n"
        "date: 2026-03-12 10:00\nauthor: zhangwei\ncategories: [公司动态]\n---\n\n"
    )


def _deep_yaml(levels: int) -> str:
    nested = "".join(f"{'  ' * i}k{i}:\n" for i in range(levels)) + f"{'  ' * levels}x: 1\n"
    return _front().replace("---\n\n", nested + "---\n\n正文。\n", 1)


CASES = {
    "brace-line": (_front() + "{ " * 2500 + "\n", "limit/bracket-depth", 9),
    "word-after-attr-list": (_front() + "{: " + "a" * 100_000 + "\n", "limit/line-length", 9),
    "yaml-1000-levels": (_deep_yaml(1000), "limit/yaml-depth", None),
    "lists-300-indented": (
        _front() + "".join(f"{'  ' * i}- 第{i}层\n" for i in range(300)),
        "limit/list-depth",
        None,
    ),
    "lists-3000-one-line": (_front() + "- " * 3000 + "x\n", "limit/list-depth", 9),
    "quotes-3000": (_front() + "> " * 3000 + "x\n", "limit/list-depth", 9),
    "brackets-50000": (_front() + "[" * 50_000 + "\n", "limit/line-length", 9),
    "brackets-50000-lines": (_front() + "[\n" * 50_000, "limit/bracket-depth", None),
    "emphasis-run": (_front() + "*a" * 50_000 + "\n", "limit/line-length", 9),
    "spans-100000": (_front() + "<span>" * 100_000 + "\n", "limit/line-length", 9),
    "spans-100000-lines": (_front() + "<span>\n" * 100_000, "limit/html-depth", None),
    "file-size": (_front() + ("正文内容，" * 20 + "\n") * 8000, "limit/file-size", None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_files_past_a_limit_are_reported_quickly_and_not_parsed(
    project: Project, case: str
) -> None:
    text, rule, line = CASES[case]
    path = project.write("content/news/posts/2026/2026-04-01-big.md", text)
    started = time.perf_counter()
    result = project.cli("--lang", "en", "check", "--format", "json")  # raises on a traceback
    took = time.perf_counter() - started
    assert took < LIMIT_BOUND, f"{case}: {took:.1f} s"
    found = json.loads(result.stdout)["findings"]
    rel = path.relative_to(project.root).as_posix()
    mine = [f for f in found if f["path"] == rel]
    assert [f["rule"] for f in mine] == [rule], mine  # nothing else read the file
    assert result.exit_code == 1
    if line is not None:
        assert mine[0]["line"] == line
    else:
        assert mine[0]["line"] is None or mine[0]["line"] > 1


def test_ordinary_nesting_is_within_the_limits(project: Project) -> None:
    body = (
        "- 一级\n  - 二级\n    - 三级\n\n> 引用\n> > 引用里的引用\n\n"
        "[链接](https://example.org/) 与 <https://example.org/> 与 <b>粗体</b>\n\n"
        "```json\n" + "{" * 40 + "\n```\n"
    )
    project.write_item("news", "2026-04-01-nested", body=body, tags=["一", "二"])
    _, found = findings_of(project)
    assert not [f for f in found if f["rule"].startswith("limit/")]


def test_limits_are_set_in_site_yml(project: Project) -> None:
    site_yml = project.root / "site_config/site.yml"
    site_yml.write_text(
        site_yml.read_text("utf-8").replace(
            "limits:\n", "limits:\n  line_length: 80\n  nesting_depth: 3\n"
        ),
        encoding="utf-8",
    )
    project.write_item("news", "2026-04-01-long", body="很长的一行。" * 20 + "\n")
    project.write_item("news", "2026-04-02-deep", body="- a\n  - b\n    - c\n      - d\n")
    _, found = findings_of(project)
    rules = {
        f["path"].rsplit("/", 1)[-1]: f["rule"] for f in found if f["rule"].startswith("limit/")
    }
    assert rules == {
        "2026-04-01-long.md": "limit/line-length",
        "2026-04-02-deep.md": "limit/list-depth",
    }


@pytest.mark.parametrize(
    ("setting", "rule", "key"),
    [
        ("  line_lenght: 500\n", "config/unknown-key", None),
        ("  line_length: 10\n", "config/bad-limit", "limits.line_length"),
        ("  yaml_depth: many\n", "config/bad-limit", "limits.yaml_depth"),
        ("  file_size_kb: true\n", "config/bad-limit", "limits.file_size_kb"),
    ],
)
def test_bad_limits_are_configuration_errors(
    project: Project, setting: str, rule: str, key: str | None
) -> None:
    site_yml = project.root / "site_config/site.yml"
    text = site_yml.read_text("utf-8")
    limits_line = text.splitlines().index("limits:") + 1
    site_yml.write_text(text.replace("limits:\n", "limits:\n" + setting), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_site_config(project.root)
    error = caught.value
    assert error.rule == rule
    assert error.line == limits_line + 1  # the line of the setting, right after "limits:"
    if key:
        assert error.params["key"] == key
    else:
        assert "line_length" in error.render("en")  # did you mean


# -- front matter as YAML decodes it ----------------------------------------------------

ITEM = "content/news/posts/2026/2026-04-01-yaml.md"


def _item_with(front: str, body: str = "正文内容。\n") -> str:
    return (
        "---\n"
        "summary: 这是一条用于测试的新闻摘要，长度足够通过摘要长度检查。\n"
        "date: 2026-03-12 10:00\nauthor: zhangwei\ncategories: [公司动态]\n"
        f"{front}---\n\n{body}"
    )


def _terms_at(found: list[dict]) -> list[tuple[int, str]]:
    return sorted(
        (f["line"], f["severity"])
        for f in found
        if f["path"] == ITEM and f["rule"] == "guard/term" and "内部资料" in f["message"]
    )


def test_a_term_written_as_yaml_escapes_is_caught(project: Project) -> None:
    project.write(ITEM, _item_with('title: "\\u5185\\u90e8资料的新闻标题"\n'))
    status, found = findings_of(project)
    assert status == 1
    assert _terms_at(found) == [(6, "error")]


def test_a_term_pulled_in_through_an_alias_is_caught(project: Project) -> None:
    front = (
        "title: 一条普通的新闻标题\n"
        "allow_terms:\n"
        "  - term: 第一\n"
        "    reason: &r 内部资料\n"
        "keywords: [*r]\n"
    )
    project.write(ITEM, _item_with(front))
    status, found = findings_of(project)
    assert status == 1
    # the alias (keywords, line 10) and the reason it came from (its own line, 9)
    assert _terms_at(found) == [(9, "error"), (10, "error")]


def test_allow_terms_reasons_are_scanned(project: Project) -> None:
    front = "title: 一条普通的新闻标题\nallow_terms:\n  - term: 第一\n    reason: 这是内部资料\n"
    project.write(ITEM, _item_with(front, "我们是行业第一。\n"))
    status, found = findings_of(project)
    assert status == 1
    assert _terms_at(found) == [(9, "error")]  # the reason's own line


def test_plain_front_matter_terms_are_reported_once(project: Project) -> None:
    project.write(ITEM, _item_with("title: 内部资料的新闻标题\n"))
    _, found = findings_of(project)
    assert _terms_at(found) == [(6, "error")]


def test_an_allowed_term_in_front_matter_stays_allowed(project: Project) -> None:
    front = (
        'title: "\\u7b2c\\u4e00家通过认证的企业"\n'
        "allow_terms:\n  - term: 第一\n    reason: 认证机构原文\n"
    )
    project.write(ITEM, _item_with(front))
    _, found = findings_of(project)
    mine = [f for f in found if f["path"] == ITEM and f["rule"].startswith("guard/")]
    assert [f["rule"] for f in mine] == ["guard/exception-used"]


def test_an_alias_bomb_in_front_matter_stays_bounded(project: Project) -> None:
    lines = ["a0: &a0 [内部, 资料]"] + [
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)
    ]
    project.write(ITEM, _item_with("title: 一条普通的新闻标题\n" + "\n".join(lines) + "\n"))
    started = time.perf_counter()
    status, _ = findings_of(project)
    assert time.perf_counter() - started < LIMIT_BOUND
    assert status == 1


# -- animations -------------------------------------------------------------------------


def many_frames_gif(path: Path, frames: int, size: int) -> Path:
    """An animated GIF of ``frames`` full ``size``×``size`` frames, small on disk: one frame
    encoded by Pillow, its bytes repeated (a 150-frame 4000×4000 one is 1.9 MB)."""
    single = io.BytesIO()
    Image.new("P", (size, size), 0).save(single, "GIF")
    data = single.getvalue()
    flags = data[10]  # after the header (6 bytes) and the screen's size (4)
    table = 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0
    start = 13 + table
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data[:start] + loop + data[start:-1] * frames + b";")
    return path


def test_a_gif_with_too_many_pixels_in_all_its_frames_is_refused_quickly(tmp_path: Path) -> None:
    path = many_frames_gif(tmp_path / "bomb.gif", 150, 4000)
    assert path.stat().st_size < 2_500_000
    started = time.perf_counter()
    found = probe(path, ImageSettings())
    assert time.perf_counter() - started < 2.0
    assert isinstance(found, Problem) and found.rule == "images/animation-bomb"
    assert found.params["frames"] == 150 and found.params["size"] == "4000×4000"


def test_a_gif_with_too_many_frames_is_refused(tmp_path: Path) -> None:
    path = many_frames_gif(tmp_path / "long.gif", 12, 8)
    found = probe(path, ImageSettings(max_frames=10))
    assert isinstance(found, Problem) and found.rule == "images/too-many-frames"
    assert found.params["frames"] == 12
    assert not isinstance(probe(path, ImageSettings()), Problem)  # within the defaults


def test_the_animation_bomb_is_a_finding_of_the_check(project: Project) -> None:
    many_frames_gif(project.content / "news/posts/2026/bomb.gif", 150, 4000)
    project.write_item("news", "2026-04-01-gif", body="![动图](bomb.gif)\n")
    started = time.perf_counter()
    status, found = findings_of(project)
    assert time.perf_counter() - started < 10
    assert status == 1
    bombs = rules_at(found, "images/animation-bomb")
    assert list(bombs) == ["content/news/posts/2026/bomb.gif"]
    assert "150" in bombs["content/news/posts/2026/bomb.gif"]["message"]


@pytest.mark.parametrize(
    ("text", "line"), [("max_frames: 0\n", 1), ("widths: [480]\nmax_total_pixels: lots\n", 2)]
)
def test_bad_animation_limits_are_configuration_errors(
    tmp_path: Path, text: str, line: int
) -> None:
    (tmp_path / "images.yml").write_text(text, "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_image_settings(tmp_path, tmp_path)
    assert (caught.value.rule, caught.value.line) == ("images/bad-setting", line)


def test_content_itself_as_a_symlink_is_an_error_not_a_build(
    project: Project, tmp_path: Path
) -> None:
    outside = _move_content(project, tmp_path)
    os.symlink(outside, project.root / "content")
    status, found = findings_of(project)
    assert status == 1
    assert rules_at(found, "guard/docs-dir-link").keys() == {"content"}
    result = project.cli("build")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "CANARY-OUTSIDE-CONTENT" not in published(project)


def test_docs_dir_outside_the_project_is_an_error(project: Project, tmp_path: Path) -> None:
    outside = _move_content(project, tmp_path)
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "docs_dir: content" in text
    config.write_text(text.replace("docs_dir: content", f"docs_dir: {outside}"), "utf-8")
    status, found = findings_of(project)
    assert status == 1
    assert rules_at(found, "guard/docs-dir-outside")
    result = project.cli("build")
    assert result.exit_code == 1
    assert "CANARY-OUTSIDE-CONTENT" not in published(project)


def test_a_dangling_content_link_is_a_message(project: Project, tmp_path: Path) -> None:
    outside = _move_content(project, tmp_path)
    os.symlink(outside / "missing", project.root / "content")
    result = project.cli("--lang", "en", "check")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "content" in result.output


def test_a_hardlinked_file_is_published_as_checked_with_a_warning(
    project: Project, tmp_path: Path
) -> None:
    other = tmp_path.parent / f"{tmp_path.name}-notes.txt"
    other.write_text("公开的说明文字\n", "utf-8")
    (project.content / "files").mkdir()
    os.link(other, project.content / "files/notes.txt")
    status, found = findings_of(project)
    assert status == 0
    assert rules_at(found, "guard/hardlink").keys() == {"content/files/notes.txt"}
    assert project.cli("build").exit_code == 0
    assert (project.site / "files/notes.txt").read_text("utf-8") == "公开的说明文字\n"
    other.write_text("客户电话 13912345678\n", "utf-8")  # an edit under the other name
    status, found = findings_of(project)
    assert status == 1  # is checked like any edit of the file itself
    assert project.cli("build").exit_code == 1


# a list nested 3,000 deep, with a blank line between each level: megabytes of
# indentation, so size and line length are raised to let nesting itself stop it
ROOMY = SourceLimits(file_size_kb=200_000, line_length=1_000_000)
DEEP_LISTS = {
    "two-spaces": lambda i: f"{'  ' * i}- 第{i}层\n\n",
    "four-spaces": lambda i: f"{'    ' * i}- 第{i}层\n\n",
    "tabs": lambda i: f"{chr(9) * i}- 第{i}层\n\n",
    "ordered": lambda i: f"{'   ' * i}1. 第{i}层\n\n",
    "in-quotes": lambda i: f"> {'  ' * i}- 第{i}层\n>\n",
}


@pytest.mark.parametrize("form", list(DEEP_LISTS))
def test_a_list_3000_deep_across_blank_lines_is_caught_before_parsing(form: str) -> None:
    text = "".join(DEEP_LISTS[form](i) for i in range(3000))
    started = time.perf_counter()
    with pytest.raises(LimitError) as raised:
        check_limits(text, ROOMY, "content/deep.md")
    took = time.perf_counter() - started
    assert took < LIMIT_BOUND, f"{form}: {took:.1f} s"
    finding = raised.value.finding
    assert finding.rule == "limit/list-depth"
    # named where it grows past the limit (20), not thousands of lines later
    assert finding.line is not None and finding.line < 60


def test_the_first_line_past_any_limit_is_named() -> None:
    limits = SourceLimits(line_length=200)
    deep = "".join(f"{'  ' * i}- 第{i}层\n" for i in range(150))  # long lines come late
    with pytest.raises(LimitError) as raised:
        check_limits(deep, limits, "content/deep.md")
    assert raised.value.finding.rule == "limit/list-depth"
    assert raised.value.finding.line == 21  # the 21st level


def test_the_preview_serves_no_file_the_guard_refuses(project: Project) -> None:
    """The preview shows what a build would publish: a refused file (a database dump, a text
    file with a mobile number, anything in a folder named with a blocked term) is left out
    and said so, a clean one is served. A refused page is a stand-in that shows its findings,
    never its text (engine/previewfindings.py)."""
    project.write("content/files/dump.sql", "INSERT INTO users VALUES ('SQL-CANARY-6');\n")
    project.write("content/files/phones.txt", f"值班电话 {MOBILE_NUMBER}\n")
    project.write("content/files/ok.txt", "公开的说明文字\n")
    project.write("content/内部资料/plan.txt", "公开的说明文字\n")
    project.write_page(
        "内部资料/index.md", "一个普通的页面标题", "这是一个用于测试的普通页面摘要内容。"
    )
    with preview(project) as server:
        server.wait_for_output(
            "the left-out notice", "预览中暂时略过", "files/dump.sql", "files/phones.txt"
        )
        server.wait_for("the clean file", lambda: server.get("files/ok.txt")[0] == 200, 30)
        assert server.get("files/dump.sql")[0] == 404
        assert server.get("files/phones.txt")[0] == 404
        assert server.get(quote("内部资料/plan.txt"))[0] == 404
        status, page = server.get(quote("内部资料/"))
        assert status == 200 and "pipeline-preview-standin" in page
        assert "这是一个用于测试的普通页面摘要内容" not in page
        output = server.output()
    assert "Traceback" not in output


def test_a_preview_waits_while_content_itself_is_a_link(project: Project, tmp_path: Path) -> None:
    outside = _move_content(project, tmp_path)
    os.symlink(outside, project.root / "content")
    with serving(project, "pipeline", "serve") as server:
        server.wait_for_output("the finding", "guard/docs-dir-link", "预览暂停更新")
        server.wait_for("the preview to listen", lambda: server.get("")[0] == 404, 60)
        assert server.get("canary.txt")[0] == 404
        log = server.log
    assert "Traceback" not in log.read_text("utf-8")


def test_a_plain_mkdocs_serve_serves_no_file_the_guard_refuses(project: Project) -> None:
    """`mkdocs serve` runs the plugin's own loading: it leaves the same files out."""
    project.write("content/files/dump.sql", "INSERT INTO users VALUES ('SQL-CANARY-7');\n")
    project.write("content/files/ok.txt", "公开的说明文字\n")
    with serving(project, "mkdocs", "serve") as server:
        server.wait_for("the clean file", lambda: server.get("files/ok.txt")[0] == 200, 60)
        assert server.get("files/dump.sql")[0] == 404
        log = server.log
    assert "Traceback" not in log.read_text("utf-8")
