"""Internal records stay internal: the update log and the team's figures page.

By default a production build (`pipeline build` into site/) has neither page, nor any
link to them, nor a sitemap or search-index entry; a preview (`--drafts`, site-preview/)
and the quarterly archive bundle have both; `publish: true` in records.yml and
`page.publish: true` in stats.yml put them on the public site. Wherever the log is shown,
people appear by their display names from authors.yml, never by an e-mail address.

One real repository is scripted once for the module (a quarter of history, its update
log and its archive); each build is a real MkDocs build in strict mode.
"""

from __future__ import annotations

import json
import re
import shutil
import tarfile
from pathlib import Path

import pytest
from conftest import Project, _base_project, git_dates, init_repo

from pipeline.config.site import load_site_config
from pipeline.records.logpage import display_name

MAPPED = ("zhangwei", "zhangwei@lanshi-tech.example")  # git name and e-mail: an authors.yml id
UNMAPPED = ("wangfang@lanshi-tech.example", "wangfang@lanshi-tech.example")  # name is an address
ADDRESSES = ("zhangwei@lanshi-tech.example", "wangfang@lanshi-tech.example")
INTERNAL_URLS = ("update-log/", "stats/")


def _commit(repo, when: str, message: str, author: tuple[str, str]) -> str:
    env = {**git_dates(when, author[0]), "GIT_AUTHOR_EMAIL": author[1]}
    repo.git.add(A=True)
    repo.git.commit("-m", message, env=env)
    return repo.head.commit.hexsha


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Project:
    """A site whose first quarter of 2026 is logged (committed) and archived."""
    project = _base_project(tmp_path_factory.mktemp("internal"))
    project.write(".gitignore", "/archives/\n/site/\n/site-preview/\n/.cache/\n")
    project.write_item(
        "news",
        "2026-01-08-annual-meeting",
        title="澜石科技召开二〇二六年度工作会议",
        date="2026-01-08 09:30",
        slug="annual-meeting",
        body="公司在杭州总部召开年度工作会议，回顾经营情况并部署新一年的重点工作。\n",
    )
    project.write_item(
        "industry",
        "2026-01-12-energy-standard",
        title="工业企业能源审计新标准发布实施",
        date="2026-01-12 08:00",
        slug="energy-audit-standard",
        categories=["标准规范"],
        body="新标准对工业企业能源审计的范围和方法作出规定。\n",
    )
    repo = init_repo(project.root)
    _commit(repo, "2026-01-12 10:00", "年度会议与能源审计", MAPPED)
    project.write_page(
        "about.md",
        "关于我们",
        "澜石科技专注工业物联网与能源管理，服务制造业客户。",
        "# 关于我们\n\n公司简介，已更新。\n",
    )
    _commit(repo, "2026-02-10 10:00", "更新公司简介", UNMAPPED)
    result = project.cli("log")
    assert result.exit_code == 0, result.output
    _commit(repo, "2026-03-30 18:00", "更新记录", MAPPED)
    result = project.cli("archive", "2026Q1", "--now", "2026-04-02 09:00")
    assert result.exit_code == 0, result.output
    return project


def _built_text(site: Path) -> str:
    """Every page, the sitemap and the search index of a built site, as one text."""
    parts = [p.read_text("utf-8") for p in sorted(site.rglob("*.html"))]
    parts.append((site / "sitemap.xml").read_text("utf-8"))
    parts.append((site / "search/search_index.json").read_text("utf-8"))
    return "\n".join(parts)


def _locations(site: Path) -> list[str]:
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    return [doc["location"] for doc in index["docs"]]


def test_production_build_has_neither_page_nor_any_link_to_them(history: Project) -> None:
    result = history.cli("build")  # mkdocs.yml is strict: a nav entry left dangling fails
    assert result.exit_code == 0, result.output
    site = history.site
    assert (site / "news/index.html").is_file()
    for url in INTERNAL_URLS:
        assert not (site / url).exists(), url
    text = _built_text(site)
    assert "update-log" not in text and "网站更新记录" not in text
    assert not re.search(r"""(?:href|loc)[^\n]{0,40}/?stats/""", text)
    assert not [loc for loc in _locations(site) if loc.startswith(INTERNAL_URLS)]
    assert "stats/" not in (site / "sitemap.xml").read_text("utf-8")
    assert not (site / "update-log.jsonl").exists()  # the data file is never published
    links = history.cli("links")  # no leftover link to a page that is not there
    assert "update-log" not in links.output and "stats" not in links.output, links.output


def test_preview_build_has_both_pages_and_links_the_log(history: Project) -> None:
    result = history.cli("build", "--drafts")
    assert result.exit_code == 0, result.output
    preview = history.preview
    log = history.html("update-log/", preview=True)
    assert "网站更新记录" in log and "澜石科技召开二〇二六年度工作会议" in log
    assert (preview / "stats/index.html").is_file()
    home = history.html("", preview=True)
    assert 'href="update-log/"' in home  # the plugin adds it to the navigation
    assert "update-log/" in _locations(preview)


def test_archive_bundle_has_both_pages(history: Project) -> None:
    bundle = history.root / "archives/archive-2026-Q1.tar.gz"
    with tarfile.open(bundle) as tar:
        names = tar.getnames()
        log = tar.extractfile("archive-2026-Q1/data/site/update-log.html").read().decode()
    assert "archive-2026-Q1/data/site/stats.html" in names
    assert "年度会议与能源审计" in log or "澜石科技召开二〇二六年度工作会议" in log
    assert "张伟" in log
    for address in ADDRESSES:
        assert address not in log


def test_log_shows_display_names_and_never_an_address(history: Project) -> None:
    result = history.cli("build", "--drafts")
    assert result.exit_code == 0, result.output
    log = history.html("update-log/", preview=True)
    assert "<td>张伟</td>" in log  # git name zhangwei: authors.yml's display name
    assert "<td>wangfang</td>" in log  # unmapped: the git name, the address cut off
    assert "<td>zhangwei</td>" not in log
    built = _built_text(history.preview)
    for address in ADDRESSES:
        assert address not in built, address
    assert "@" not in log.split("<table", 1)[1].split("</table>")[0]
    with tarfile.open(history.root / "archives/archive-2026-Q1.tar.gz") as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.endswith((".html", ".csv")):
                data = tar.extractfile(member).read().decode("utf-8", "replace")
                for address in ADDRESSES:
                    assert address not in data, member.name
    exported = history.cli("log", "--csv")
    assert exported.exit_code == 0, exported.output
    assert "张伟" in exported.output and "wangfang" in exported.output
    assert "@lanshi-tech.example" not in exported.output


def test_publish_true_puts_both_on_the_public_site(history: Project, tmp_path: Path) -> None:
    copy = Project(tmp_path / "copy")
    outputs = {"site", "site-preview", "archives"}
    shutil.copytree(
        history.root,
        copy.root,
        # an old site being removed in the background (.site.old-…) is left too
        ignore=lambda folder, names: (
            {n for n in names if n in outputs or n.startswith((".site", ".cache"))}
            if folder == str(history.root)
            else ()
        ),
    )
    copy.write("site_config/records.yml", "publish: true\n")
    stats = (copy.root / "site_config/stats.yml").read_text("utf-8")
    copy.write(
        "site_config/stats.yml", stats.replace("  path: stats", "  publish: true\n  path: stats")
    )
    result = copy.cli("build")
    assert result.exit_code == 0, result.output
    assert "<td>张伟</td>" in copy.html("update-log/")
    assert (copy.site / "stats/index.html").is_file()
    assert 'href="update-log/"' in copy.html("")
    sitemap = (copy.site / "sitemap.xml").read_text("utf-8")
    assert "update-log/" in sitemap
    assert "stats/" not in sitemap  # published but unlisted (page.in_nav: false)
    assert "update-log/" in _locations(copy.site)


@pytest.mark.parametrize(
    ("file", "text", "line", "key"),
    [
        ("records.yml", "branch: main\npublish: yes please\n", 2, "publish"),
        ("stats.yml", "page:\n  enabled: true\n  publish: 1\n", 3, "page.publish"),
    ],
)
def test_a_publish_that_is_not_true_or_false_is_a_config_error(
    empty_project: Project, file: str, text: str, line: int, key: str
) -> None:
    empty_project.write(f"site_config/{file}", text)
    result = empty_project.cli("build")
    assert result.exit_code == 2, result.output
    assert f"site_config/{file}:{line}" in result.output
    assert key in result.output and "true 或 false" in result.output
    assert "Traceback" not in result.output


def test_display_name_mapping(empty_project: Project) -> None:
    config = load_site_config(empty_project.root)
    assert display_name("zhangwei", config) == "张伟"  # an id
    assert display_name("ZhangWei", config) == "张伟"
    assert display_name("刘洋", config) == "刘洋"  # a display name
    assert display_name("chenjing@lanshi-tech.example", config) == "陈静"  # id before the @
    assert display_name("李娜", config) == "李娜"  # unmapped: the git name
    assert display_name("lina@example.com", config) == "lina"  # never the address
    assert display_name("Li Na <lina@example.com>", config) == "Li Na"


def test_a_log_entry_left_in_mkdocs_nav_is_dropped_without_a_warning(project: Project) -> None:
    """A site whose mkdocs.yml still lists update-log.md (as it once had to) builds in strict
    mode without the page and without a dangling navigation entry; a preview links it once."""
    plain = project.cli("build", "--drafts")  # the plugin's own entry
    assert plain.exit_code == 0, plain.output
    links = project.html("", preview=True).count('href="update-log/"')
    assert links > 0
    mkdocs = (project.root / "mkdocs.yml").read_text("utf-8")
    listed = mkdocs.replace(
        "  - 联系我们: contact.md\n", "  - 联系我们: contact.md\n  - 更新记录: update-log.md\n"
    )
    assert listed != mkdocs
    project.write("mkdocs.yml", listed)
    result = project.cli("build")
    assert result.exit_code == 0, result.output
    assert "update-log" not in project.html("") and not (project.site / "update-log").exists()
    preview = project.cli("build", "--drafts")
    assert preview.exit_code == 0, preview.output
    assert project.html("", preview=True).count('href="update-log/"') == links  # not twice
