"""The web editor's configuration is generated from the schema and site_config, so the two
cannot drift: every schema key has a field with the widget that writes what the key
accepts, every select lists exactly the configured values, the bounds are the site's; the
settings file's errors name the line; the admin/ files of a real build are accounted for by
the publish gate."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from pipeline.config.base import ConfigError
from pipeline.config.site import load_site_config
from pipeline.content.schema import (
    HIGHLIGHT_ICONS,
    HOME_SCHEMA,
    ITEM_SCHEMA,
    PAGE_HIDE_VALUES,
    PAGE_SCHEMA,
    PAGE_TEMPLATES,
    parse_now,
)
from pipeline.core.pinyin import pinyin_version
from pipeline.core.slugs import slugify
from pipeline.editor import pinyintable
from pipeline.editor.config import FALLBACK_WIDGET, LABELS, FixedPage, decap_config
from pipeline.editor.pinyintable import pinyin_table
from pipeline.editor.settings import EditorSettings, load_editor_settings
from pipeline.editor.vendor import check_integrity, installed_script, read_lock
from pipeline.engine.build import render_into
from pipeline.engine.project import open_project
from pipeline.engine.request import BuildRequest
from pipeline.gate.files import EDITOR_CONFIG, EDITOR_SCRIPT, SiteFiles, check_files
from pipeline.gate.html import check_html
from pipeline.gate.text import ShownScanner
from pipeline.guard.scan import guard_config, matcher_for
from pipeline.prepare import prepare
from pipeline.stages import check_project

ROOT = Path(__file__).resolve().parents[1]
POSTS = {"news": "news/posts", "industry": "industry/posts"}
PAGES = [
    FixedPage("index", "content/index.md", "澜石科技", home=True),
    FixedPage("about", "content/about.md", "关于我们"),
]


@pytest.fixture(scope="module")
def sample():
    config = load_site_config(ROOT)
    generated = decap_config(
        config, EditorSettings(), docs_dir="content", posts_dirs=POSTS, pages=PAGES
    )
    return config, generated


def _fields(collection: dict) -> dict[str, dict]:
    return {field["name"]: field for field in collection["fields"]}


def test_every_schema_key_has_a_field_with_a_known_widget(sample) -> None:
    config, generated = sample
    collections = {c["name"]: c for c in generated["collections"]}
    assert set(collections) == {*config.sections, "pages"}
    for name in config.sections:
        fields = _fields(collections[name])
        assert set(fields) == {*ITEM_SCHEMA, "body"}
        assert all(f["widget"] != FALLBACK_WIDGET or k in ("title", "slug")
                   for k, f in fields.items())  # fmt: skip
        assert [f["name"] for f in collections[name]["fields"]][: len(ITEM_SCHEMA)] == list(
            ITEM_SCHEMA
        )
    home, about = (_fields(page) for page in collections["pages"]["files"])
    assert set(home) == {*HOME_SCHEMA, "body"}
    assert set(about) == {*PAGE_SCHEMA, "body"}
    assert set(LABELS) >= set(ITEM_SCHEMA) | set(HOME_SCHEMA)
    for key, field in home.items():
        assert field["widget"] != FALLBACK_WIDGET or key == "title", key


def test_required_and_widgets_follow_the_schema(sample) -> None:
    _config, generated = sample
    news, industry = generated["collections"][0], generated["collections"][1]
    for collection in (news, industry):
        fields = _fields(collection)
        for key, option in ITEM_SCHEMA.items():
            if key != "source":
                assert fields[key]["required"] is bool(option.required), key
        for key in ("date", "publish", "expire", "updated"):
            assert fields[key]["widget"] == "datetime"
            assert fields[key]["format"] == "YYYY-MM-DD HH:mm"
            assert fields[key]["picker_utc"] is False
        assert fields["cover"]["widget"] == "image"
        assert fields["draft"]["widget"] == "boolean"
        assert fields["keywords"]["widget"] == fields["tags"]["widget"] == "list"
        assert fields["body"]["widget"] == "markdown"
        assert collection["media_folder"] == "" and collection["public_folder"] == ""
    assert _fields(industry)["source"]["required"] is True  # site.yml: source_required
    assert _fields(news)["source"]["required"] is False
    assert {f["required"] for f in _fields(industry)["source"]["fields"]} == {True}


def test_every_select_lists_exactly_the_configured_values(sample) -> None:
    config, generated = sample
    for collection in generated["collections"][:2]:
        fields = _fields(collection)
        categories = config.sections[collection["name"]].categories
        assert fields["categories"]["options"] == list(categories)
        assert fields["categories"]["multiple"] is True
        assert fields["author"]["options"] == [
            {"label": a.name, "value": a.id} for a in config.authors.values()
        ]
        assert collection["label"] == config.sections[collection["name"]].title
    page_fields = _fields(generated["collections"][2]["files"][0])
    assert page_fields["hide"]["options"] == list(PAGE_HIDE_VALUES)
    assert page_fields["template"]["options"] == list(PAGE_TEMPLATES)
    icons = {f["name"]: f for f in page_fields["highlights"]["fields"]}["icon"]
    assert icons["options"] == list(HIGHLIGHT_ICONS)


def test_length_bounds_are_the_sites_with_chinese_messages(sample) -> None:
    config, generated = sample
    fields = _fields(generated["collections"][0])
    for key, bounds in (("title", config.title_bounds), ("summary", config.summary_bounds)):
        pattern, message = fields[key]["pattern"]
        assert f"{{{bounds.min},{bounds.max}}}" in pattern
        assert f"{bounds.min} 到 {bounds.max} 个字" in message
        regex = re.compile(pattern)  # Python reads these patterns as JavaScript does
        assert regex.search("字" * bounds.min) and regex.search("字" * bounds.max)
        assert not regex.search("字" * (bounds.min - 1))
        assert not regex.search("字" * (bounds.max + 1))
    slug = re.compile(fields["slug"]["pattern"][0])
    assert slug.search(slugify("澜石科技发布 IoT 网关 2.0"))
    assert not slug.search("网关") and not slug.search("Bad_Slug")


def test_the_file_names_and_workflow_follow_the_conventions(sample) -> None:
    _config, generated = sample
    assert generated["locale"] == "zh_Hans"
    assert generated["publish_mode"] == "editorial_workflow"
    news = generated["collections"][0]
    assert news["folder"] == "content/news/posts"
    assert news["slug"] == "{{fields.date | date('YYYY-MM-DD')}}-{{fields.slug}}"
    assert news["path"] == "{{year}}/{{slug}}"
    assert generated["backend"]["name"] == "proxy"  # no editor.yml: the local proxy only
    assert generated["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"
    assert generated["collections"][2]["files"][0]["file"] == "content/index.md"
    yaml.safe_dump(generated, allow_unicode=True)  # plain data, as admin/config.yml holds it


def _settings(tmp_path: Path, text: str) -> EditorSettings:
    (tmp_path / "editor.yml").write_text(text, encoding="utf-8")
    return load_editor_settings(tmp_path, tmp_path)


def test_hosted_back_ends_carry_the_repository_and_branch(tmp_path: Path) -> None:
    config = load_site_config(ROOT)
    github = _settings(tmp_path, "backend: github\nrepo: lanshi/website\nbranch: main\n"
                       "base_url: https://auth.lanshi-tech.example\n")  # fmt: skip
    gitlab = _settings(tmp_path, "backend: gitlab\nrepo: lanshi/website\napp_id: abc123\n")
    gitea = _settings(
        tmp_path,
        "backend: gitea\nrepo: lanshi/website\napp_id: x\n"
        "api_root: https://git.example/api/v1\nbase_url: https://git.example\n",
    )
    for settings, name in ((github, "github"), (gitlab, "gitlab"), (gitea, "gitea")):
        backend = decap_config(config, settings, docs_dir="content", posts_dirs=POSTS,
                               pages=[])["backend"]  # fmt: skip
        assert backend["name"] == name
        assert backend["repo"] == "lanshi/website" and backend["branch"] == "main"
    gitlab_backend = decap_config(config, gitlab, docs_dir="content", posts_dirs=POSTS, pages=[])
    assert gitlab_backend["backend"]["auth_type"] == "pkce"
    assert gitlab_backend["backend"]["app_id"] == "abc123"


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        ("backend: bitbucket\n", "editor/bad-backend", 1),
        ("repo: lanshi/website\nbackend: gitlab\n", "editor/backend-needs", 2),
        ("backend: github\nrepo: website\n", "editor/bad-repo", 2),
        ("local_port: 80\n", "editor/bad-port", 1),
        ("backend: github\nrepo: a/b\nbase_url: ftp://x\n", "editor/bad-url", 3),
        ("backnd: github\n", "config/unknown-key", 1),
    ],
)
def test_bad_settings_name_the_rule_and_line(tmp_path: Path, text, rule, line) -> None:
    with pytest.raises(ConfigError) as raised:
        _settings(tmp_path, text)
    assert (raised.value.rule, raised.value.line) == (rule, line)
    assert "editor.yml" in raised.value.render("zh")


def test_the_pinned_editor_is_checked_against_the_lock(tmp_path: Path) -> None:
    lock = read_lock()
    assert lock.package == "decap-cms" and lock.integrity.startswith("sha512-")
    assert not check_integrity(b"not the tarball", lock.integrity)
    assert installed_script(lock, tmp_path) is None  # an empty cache has nothing
    fake = tmp_path / f"{lock.package}-{lock.version}-{lock.cache_key}" / "decap-cms.js"
    fake.parent.mkdir()
    fake.write_text("alert(1)")
    assert installed_script(lock, tmp_path) is None  # not the pinned file: never served


def test_a_build_writes_admin_and_the_gate_accounts_for_it(project) -> None:
    if installed_script(read_lock()) is None:
        pytest.fail("the pinned Decap CMS is not fetched: run python3 dev.py site")
    project.write_item("news", "2026-03-02-first")
    result = project.pipeline("build")
    assert result.returncode == 0, result.stdout + result.stderr
    admin = project.site / "admin"
    assert sorted(p.name for p in admin.iterdir()) == [
        "config.yml", "decap-cms.js", "editor-data.json", "editor.js", "index.html",
    ]  # fmt: skip
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "<script>" not in page and "http" not in page.replace("http-equiv", "")
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["locale"] == "zh_Hans"
    sitemap = (project.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/admin/" not in sitemap
    index = (project.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "admin/" not in index
    # the pinyin table the pipeline ships: none read and kept for this project
    data = json.loads((admin / "editor-data.json").read_text(encoding="utf-8"))
    assert data["pinyin"] == pinyin_table(project.root / "unused")
    assert "文" in data["pinyin"]["wen"] and "新" in data["pinyin"]["xin"]
    assert not list(project.root.glob(".cache/pipeline/editor/pinyin-*.json"))


def test_the_shipped_pinyin_table_is_what_the_pinned_pypinyin_reads(tmp_path, monkeypatch):
    version = pinyin_version()
    assert json.loads(pinyintable.SHIPPED.read_text("utf-8"))["pypinyin"] == version, (
        "pypinyin's pin changed: run .venv/bin/python -m pipeline.editor.pinyintable"
    )
    assert pinyintable.SHIPPED.read_text("utf-8") == pinyintable.shipped_text(version), (
        "the shipped table is not what pypinyin reads: "
        "run .venv/bin/python -m pipeline.editor.pinyintable"
    )
    # another pypinyin: its own table is read once and kept in the project's cache
    monkeypatch.setattr(pinyintable, "pinyin_version", lambda: "0.0-other")
    table = pinyin_table(tmp_path / "editor")
    assert table == pinyintable.read_table(version)
    kept = tmp_path / "editor" / "pinyin-0.0-other.json"
    assert json.loads(kept.read_text("utf-8")) == table


def test_the_gate_refuses_an_editor_script_that_is_not_the_pinned_one(project) -> None:
    if installed_script(read_lock()) is None:
        pytest.fail("the pinned Decap CMS is not fetched: run python3 dev.py site")
    project.write_item("news", "2026-03-02-first")
    opened = open_project(project.root / "mkdocs.yml")
    check = check_project(opened, parse_now(None, opened.site_config))
    recorded: list[SiteFiles] = []
    with tempfile.TemporaryDirectory() as copies, tempfile.TemporaryDirectory() as out:
        prepared = prepare(check, drafts=False, copies_dir=Path(copies))
        request = BuildRequest(now=check.now, prepared=prepared, record_files=recorded.append)
        _findings, ok = render_into(opened, Path(out), request)
        assert ok
        files = recorded[-1]
        assert files.generated["admin/decap-cms.js"] == EDITOR_SCRIPT
        assert files.generated["admin/config.yml"] == EDITOR_CONFIG
        config = guard_config(check.site)
        scanner = ShownScanner(config, matcher_for(config))
        assert check_files(Path(out), files, scanner, frozenset()) == []
        (Path(out) / "admin" / "editor.js").write_text("alert(1)", encoding="utf-8")
        with (Path(out) / "admin" / "decap-cms.js").open("a", encoding="utf-8") as script:
            script.write("\nalert(1)")
        problems = check_files(Path(out), files, scanner, frozenset())
        assert sorted((p.rel, p.rule) for p in problems) == [
            ("admin/decap-cms.js", "gate/unaccounted"),
            ("admin/editor.js", "gate/unaccounted"),
        ]


def test_pipeline_edit_says_clearly_when_node_is_missing(project, tmp_path: Path) -> None:
    no_node = tmp_path / "bin"  # git, but no node and no npm
    no_node.mkdir()
    (no_node / "git").symlink_to(shutil.which("git"))
    result = project.pipeline("edit", "--no-browser", env={"PATH": str(no_node)})
    assert result.returncode == 2
    assert "没有找到 Node.js" in result.stderr and "Node.js 20" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("src", "allowed"),
    [
        ("../admin/decap-cms.js", True),
        ("../admin/editor.js", True),
        ("admin/decap-cms.js", False),  # from the home page: the editor on another page
        ("../admin/other.js", False),
        ("https://unpkg.com/decap-cms@^3.0.0/dist/decap-cms.js", False),
    ],
)
def test_the_gate_allows_exactly_the_editors_two_scripts(src: str, allowed: bool) -> None:
    problems = check_html(f'<html><body><script src="{src}"></script></body></html>')
    assert (problems == []) is allowed, problems
