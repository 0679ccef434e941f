"""What reaches the site from content/: no symlink is followed, generated files cannot be
replaced, and every file's work is bounded before any parser runs."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from pipeline.config.base import ConfigError
from pipeline.config.site import load_site_config
from pipeline.images.probe import probe
from pipeline.images.problem import Problem
from pipeline.images.settings import ImageSettings, load_image_settings
from tests.conftest import Project, stop
from tests.test_serve import Preview, free_port


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
    port = free_port()
    log = tmp_path / "serve.log"
    linked = ("passwd.txt", "environ.txt", "assets/keys/id_rsa", "repo/config",
              "news/posts/2026/loose.txt")  # fmt: skip
    with log.open("w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project.root,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            server = Preview(process, port, log)
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
        finally:
            stop(process)
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
    site_yml.write_text(
        site_yml.read_text("utf-8").replace("limits:\n", "limits:\n" + setting), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_site_config(project.root)
    error = caught.value
    assert error.rule == rule
    assert error.line == 18  # the line of the setting, right after "limits:"
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
    # the alias (keywords, line 10) and the reason it came from (the item at line 8)
    assert _terms_at(found) == [(8, "error"), (10, "error")]


def test_allow_terms_reasons_are_scanned(project: Project) -> None:
    front = "title: 一条普通的新闻标题\nallow_terms:\n  - term: 第一\n    reason: 这是内部资料\n"
    project.write(ITEM, _item_with(front, "我们是行业第一。\n"))
    status, found = findings_of(project)
    assert status == 1
    assert _terms_at(found) == [(8, "error")]


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
