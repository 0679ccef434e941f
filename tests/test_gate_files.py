"""Every file of the built site accounted for at the publish gate (issue 14): a page is
judged, a copied file must be the checked one, an image must come from the image pipeline,
a generated file is read as its readers' software reads it, and anything else is refused.

What slips past the checks is played by real MkDocs hooks (mkdocs.yml `hooks:`), the way
a third-party plugin would: writing a file of its own, rewriting a copy, adding a raw
image, putting script into the search index or a feed. Real `pipeline build`, plain
`mkdocs build` and the quarterly archive's offline build.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from conftest import Project, make_jpeg

from pipeline.config.base import ConfigError
from pipeline.content.schema import parse_now
from pipeline.engine.build import render_into
from pipeline.engine.offline import build_offline_site
from pipeline.engine.project import open_project
from pipeline.engine.request import BuildRequest
from pipeline.gate.files import SiteFiles, check_files
from pipeline.gate.text import ShownScanner
from pipeline.guard.scan import guard_config, matcher_for
from pipeline.prepare import prepare
from pipeline.stages import check_project

NOTE = "content/downloads/notes.txt"


def with_hook(project: Project, code: str) -> None:
    """A MkDocs hook in the project's mkdocs.yml, as a third-party plugin would run."""
    project.write("hooks/leak.py", code)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nhooks:\n  - hooks/leak.py\n", "utf-8")


def late_hook(project: Project, *body: str) -> None:
    """A hook that rewrites the site after every plugin has written it (priority -500),
    before the pipeline's gate (-1000); ``body`` lines use ``site``, a Path."""
    with_hook(
        project,
        "import json\n"
        "from pathlib import Path\n"
        "from mkdocs.plugins import event_priority\n"
        "@event_priority(-500)\n"
        "def on_post_build(config):\n"
        "    site = Path(config.site_dir)\n" + "".join(f"    {line}\n" for line in body),
    )


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def build_json(project: Project) -> tuple[int, list[dict]]:
    result = project.cli("--lang", "en", "build", "--format", "json")
    payload = json.loads(result.stdout)
    return result.exit_code, [f for f in payload["findings"] if f["rule"].startswith("gate/")]


@pytest.fixture
def built(project: Project) -> Project:
    """The small site with a text attachment, built once cleanly."""
    project.write(NOTE, "产品手册下载说明：请使用最新版本。\n")
    project.write_page(
        "downloads/index.md",
        "资料下载",
        "本页提供公司产品手册等资料的下载说明和使用提示。",
        "[说明](notes.txt)\n",
    )
    code, findings = build_json(project)
    assert code == 0, findings
    return project


def expect_refused(project: Project, rule: str, where: str) -> list[dict]:
    before = files_of(project.site)
    code, findings = build_json(project)
    assert code == 1
    hits = [f for f in findings if f["rule"] == rule and f["path"] == where]
    assert hits, findings
    assert files_of(project.site) == before  # the previous site stays
    return hits


def test_every_file_of_a_built_site_has_an_origin_the_gate_accepts(built: Project) -> None:
    opened = open_project(built.root / "mkdocs.yml")
    check = check_project(opened, parse_now(None, opened.site_config))
    recorded: list[SiteFiles] = []
    with tempfile.TemporaryDirectory() as copies, tempfile.TemporaryDirectory() as out:
        prepared = prepare(check, drafts=False, copies_dir=Path(copies))
        request = BuildRequest(now=check.now, prepared=prepared, record_files=recorded.append)
        _findings, ok = render_into(opened, Path(out), request)
        assert ok
        files = recorded[-1]
        config = guard_config(check.site)
        scanner = ShownScanner(config, matcher_for(config))
        assert check_files(Path(out), files, scanner, frozenset()) == []
        kinds: Counter = Counter()
        for path in Path(out).rglob("*"):
            rel = path.relative_to(out).as_posix()
            if path.is_dir():
                continue
            if rel.endswith(".html"):
                kinds["page"] += 1
            elif rel in files.images:
                kinds["image"] += 1
            elif rel in files.generated:
                kinds[files.generated[rel]] += 1
            elif Path(files.copied[rel]).resolve().is_relative_to(check.site.config.root):
                kinds["content"] += 1
            else:
                kinds["theme"] += 1
    # each origin is really exercised: none of the checks above ran on nothing
    for kind in ("page", "image", "content", "theme", "search-index", "feed", "sitemap", "robots"):
        assert kinds[kind] > 0, kinds
    assert kinds["content"] == 1  # notes.txt: the only file copied from content/


def test_a_file_no_checked_source_made_is_refused(built: Project) -> None:
    with_hook(
        built,
        "from pathlib import Path\n"
        "def on_post_build(config):\n"
        "    Path(config.site_dir, 'leak.txt').write_text('anything at all')\n",
    )
    hits = expect_refused(built, "gate/unaccounted", "site/leak.txt")
    assert "leak.txt" in hits[0]["message"]


def test_a_plain_mkdocs_build_refuses_it_too_and_keeps_the_site(built: Project) -> None:
    with_hook(
        built,
        "from pathlib import Path\n"
        "def on_post_build(config):\n"
        "    Path(config.site_dir, 'leak.txt').write_text('anything at all')\n",
    )
    before = files_of(built.site)
    result = built.run(sys.executable, "-m", "mkdocs", "build")
    assert result.returncode != 0
    assert "leak.txt" in result.stderr
    assert files_of(built.site) == before
    assert not [p for p in built.root.iterdir() if p.name.startswith(".site.staging")]


def test_a_symlink_in_the_built_site_is_refused(built: Project) -> None:
    with_hook(
        built,
        "import os\n"
        "def on_post_build(config):\n"
        "    os.symlink('/etc/passwd', os.path.join(config.site_dir, 'passwd.txt'))\n",
    )
    expect_refused(built, "gate/unaccounted", "site/passwd.txt")


def test_a_copy_that_differs_from_the_checked_file_is_refused(built: Project) -> None:
    with_hook(
        built,
        "from pathlib import Path\n"
        "def on_post_build(config):\n"
        "    Path(config.site_dir, 'downloads/notes.txt').write_text('客户电话 13912345678')\n",
    )
    hits = expect_refused(built, "gate/changed-copy", NOTE)
    assert "site/downloads/notes.txt" in hits[0]["message"]


def test_an_image_that_bypasses_the_image_pipeline_is_refused(built: Project) -> None:
    # a plugin publishing the original photo (EXIF, GPS) under another name
    with_hook(
        built,
        "from mkdocs.structure.files import File\n"
        "def on_files(files, config):\n"
        "    raw = File.generated(config, 'raw/gateway.jpg',\n"
        "        abs_src_path=config.docs_dir + '/news/posts/2026/gateway.jpg')\n"
        "    files.append(raw)\n"
        "    return files\n",
    )
    expect_refused(built, "gate/refused-file", "content/news/posts/2026/gateway.jpg")


@pytest.mark.parametrize("before", ["", "\\ud800"], ids=["plain", "lone-surrogate"])
def test_script_put_into_the_search_index_is_found(built: Project, before: str) -> None:
    # Material's search shows the index's titles as HTML. A lone surrogate (written escaped
    # by json.dumps) is refused by orjson, which reads the index first: the standard reader
    # reads it then, and the script is found, not "unreadable" (nor a crash of the memo)
    late_hook(
        built,
        "path = site / 'search/search_index.json'",
        "index = json.loads(path.read_text('utf-8'))",
        f"index['docs'][0]['title'] = '{before}<img src=x onerror=alert(1)>'",
        "path.write_text(json.dumps(index), 'utf-8')",
    )
    hits = expect_refused(built, "gate/handler", "site/search/search_index.json")
    assert "onerror" in hits[0]["message"]


def test_script_in_a_feed_description_is_found(built: Project) -> None:
    late_hook(
        built,
        "path = site / 'news/rss.xml'",
        "text = path.read_text('utf-8').replace('<description>',",
        "    '<description>&lt;a href=\"javascript:alert(1)\"&gt;x&lt;/a&gt;', 1)",
        "path.write_text(text, 'utf-8')",
    )
    expect_refused(built, "gate/url", "site/news/rss.xml")


def test_a_blocked_term_in_the_tags_export_is_found(built: Project) -> None:
    # the sample site turns Material's tags export off; a site that turns it on gets it read
    config = built.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("export: false", "export: true"), "utf-8")
    code, findings = build_json(built)
    assert code == 0, findings
    assert (built.site / "tags.json").is_file()
    late_hook(built, "(site / 'tags.json').write_text('{\"mappings\": [\"内部资料\"]}')")
    expect_refused(built, "gate/term", "site/tags.json")


def test_a_damaged_generated_file_cannot_be_checked_so_it_is_refused(built: Project) -> None:
    late_hook(built, "(site / 'sitemap.xml.gz').write_bytes(b'\\x1f\\x8bnot gzip')")
    expect_refused(built, "gate/unreadable", "site/sitemap.xml.gz")


def test_the_archive_build_is_gated_like_the_site(built: Project, tmp_path: Path) -> None:
    opened = open_project(built.root / "mkdocs.yml")
    now = parse_now(None, opened.site_config)
    clean = build_offline_site(built.root, tmp_path / "clean", now, 1767225600)
    assert clean.site_config.root == built.root
    with_hook(
        built,
        "from pathlib import Path\n"
        "def on_post_build(config):\n"
        "    Path(config.site_dir, 'leak.txt').write_text('anything at all')\n",
    )
    with pytest.raises(ConfigError) as raised:
        build_offline_site(built.root, tmp_path / "leaky", now, 1767225600)
    assert "leak.txt" in raised.value.render("en")


def test_the_built_site_is_readable_by_the_web_server(built: Project) -> None:
    # the staging folder is made private by mkdtemp; the served site must not stay so
    assert built.site.stat().st_mode & 0o005 == 0o005


def test_a_cover_made_by_the_image_pipeline_is_accepted(built: Project) -> None:
    make_jpeg(built.content / "news/posts/2026/second.jpg")
    built.write_item("news", "2026-04-01-second", cover="second.jpg", slug="second")
    code, findings = build_json(built)
    assert code == 0, findings
