"""The build's speed-ups change nothing: the same site, byte for byte, as the plugins on their own.

Each speed-up (pipeline/engine/speedups/) replaces work the blog and search plugins do
with a cheaper equivalent. These tests build real sites both ways and compare every
file, and check the pieces against the plugins' own code on real input.
"""

from __future__ import annotations

import filecmp
import json
import pickle
import shutil
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from babel.dates import format_date, format_datetime
from material.plugins.blog import plugin as blog_plugin
from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.files import File, Files
from mkdocs.utils import copy_file

from pipeline.engine import compat
from pipeline.engine.speedups import postmeta, segmentation
from pipeline.engine.speedups.postlist import PostList

# list pages of this test's theme show each excerpt's rendered content too, so the lazily
# converted content is compared as well as the table-of-contents entries
EXCERPT_TEMPLATE = """{% extends "partials/post.html" %}"""
POST_OVERRIDE = """<article class="test-excerpt">
<h2 id="{{ post.config.slug }}">{{ post.post.title }}</h2>
{{ post.content }}
<div class="test-more">{{ (post.more or "") | length }}</div>
</article>
"""

LIST_OVERRIDE = """{% extends "main.html" %}
{% block content %}
{% for post in posts %}{% include "partials/post.html" %}{% endfor %}
{% endblock %}
"""

TRICKY_ITEMS = {
    # (title, body): titles with Markdown syntax, an abbreviation, links inside excerpts
    "plain": ("澜石科技年度技术交流会顺利举行", "会议回顾。\n\n<!-- more -->\n\n更多内容。\n"),
    "markup": ("A*B* 与 C&D 联合发布 `G500` 新版", "正文。\n\n## 亮点\n\n内容。\n"),
    "abbr": ("IoT 平台能力全面升级发布", "IoT 平台升级。\n\n*[IoT]: Internet of Things\n"),
    "links": (
        "澜石科技参加行业展会获关注",
        "见[关于我们](../../../about.md)与[联系](#联系方式)。\n\n## 联系方式\n\n电话。\n",
    ),
}


def _tree_differences(left: Path, right: Path) -> list[str]:
    different = []
    compared = filecmp.dircmp(left, right)

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        different.extend(f"only in one build: {prefix}{n}" for n in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        different.extend(f"differs: {prefix}{n}" for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(compared, "")
    return different


@pytest.fixture(scope="module")
def both_builds(tmp_path_factory, sample_pictures):
    """The sample site plus tricky items, built with and without the speed-ups."""
    from conftest import REPO, Project, seed_pictures

    root = tmp_path_factory.mktemp("speed")
    for name in ("content", "site_config"):
        shutil.copytree(REPO / name, root / name)
    seed_pictures(sample_pictures, root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    project = Project(root)
    for n, (key, (title, body)) in enumerate(TRICKY_ITEMS.items()):
        project.write_item(
            "news",
            f"2026-11-0{n + 1}-{key}",
            body,
            title=title,
            slug=f"tricky-{key}",
            date=f"2026-11-0{n + 1} 10:00",
        )
    project.write("overrides/partials/post.html", POST_OVERRIDE)
    # a site whose own list template prints each post's excerpt, as Material's does
    project.write("overrides/blog.html", LIST_OVERRIDE)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    sites = {}
    for label, switch in (("plain", "--no-speedups"), ("fast", "--speedups")):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        done = project.pipeline("build", switch)
        assert done.returncode == 0, done.stdout + done.stderr
        sites[label] = root / f"site-{label}"
        shutil.move(project.site, sites[label])
    # a second fast build reads the segmentation cache the first one wrote
    done = project.pipeline("build")
    assert done.returncode == 0, done.stdout + done.stderr
    sites["cached"] = project.site
    return project, sites


def test_speedups_build_the_same_site_byte_for_byte(both_builds):
    _, sites = both_builds
    assert _tree_differences(sites["plain"], sites["fast"]) == []


def test_cached_segmentation_builds_the_same_site(both_builds):
    project, sites = both_builds
    assert list((project.root / segmentation.CACHE_DIR).glob("*.json"))
    assert _tree_differences(sites["plain"], sites["cached"]) == []


def test_list_pages_show_the_excerpts_the_blog_renders(both_builds):
    """The override prints excerpt content: it is the blog's own conversion, links and all."""
    _, sites = both_builds
    index = (sites["fast"] / "news" / "index.html").read_text(encoding="utf-8")
    assert index.count('class="test-excerpt"') == 12  # pagination_per_page
    assert "会议回顾" in index and "更多内容" not in index.split("test-more")[0]
    assert 'href="../about/"' in index  # relative to the list page, not the post


def test_search_index_segments_chinese_like_the_search_plugin(both_builds):
    _, sites = both_builds
    docs = json.loads((sites["fast"] / "search" / "search_index.json").read_text("utf-8"))["docs"]
    titles = {doc["title"] for doc in docs}
    assert "澜石\u200b科技\u200b年度\u200b技术\u200b交流会\u200b顺利\u200b举行" in titles


def test_parallel_segmentation_equals_the_plugins_own(monkeypatch):
    """Worker processes and the cache give exactly what SearchIndex._segment_chinese gives."""
    texts = [
        "工业物联网平台在能源管理中的应用 G500 网关",
        "澜石科技与合作伙伴签署战略合作协议，共同推进数字化转型。",
        "纯英文 text without Han 与混合 mixed 内容，数字 2026 年。",
    ] * 3 + [f"第{n}批试点项目覆盖{n % 7 + 2}个园区和企业" for n in range(60)]
    expected = [SearchIndex()._segment_chinese(text) for text in texts]
    monkeypatch.setattr(segmentation, "PARALLEL_FROM_CHARS", 1)
    runs = sorted({run for text in texts for run in segmentation.HAN_RUN.findall(text)})
    words = segmentation._segment_runs(runs, {}, parallel=True)
    rebuilt = [
        segmentation.HAN_RUN.sub(lambda m: words[m.group(0)], text).strip("\u200b")
        for text in texts
    ]
    assert rebuilt == expected


def test_post_list_answers_membership_like_a_list():
    class Page:
        def __init__(self, src_uri: str, title: str) -> None:
            self.file = type("File", (), {"src_uri": src_uri})()
            self.title = title

        def __eq__(self, other):
            return isinstance(other, Page) and (self.file.src_uri, self.title) == (
                other.file.src_uri,
                other.title,
            )

        __hash__ = None

    a, b, c = Page("a.md", "A"), Page("b.md", "B"), Page("c.md", "C")
    posts = PostList([a, b])
    assert a in posts and b in posts and c not in posts
    assert Page("a.md", "A") in posts  # an equal copy, as list.__contains__ says
    assert Page("a.md", "other") not in posts
    posts.append(c)
    assert c in posts
    posts.remove(a)
    assert a not in posts
    posts[0] = a
    assert a in posts and b not in posts


def _pages_line(caplog) -> str:
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("页面：")]
    assert lines, "the build did not say how many pages it reused"
    return lines[-1]


def test_a_new_item_relinks_the_item_pages_whose_related_items_gain_it(project, caplog):
    """An item added: the item pages whose related items (or neighbours) gain it, and whose
    own inputs did not change, are not built; their links are rendered into their previous
    file (speedups/pageskip.py ``_relink``), which the build says apart from the others."""
    import logging

    caplog.set_level(logging.INFO, logger="mkdocs.plugins.pipeline")
    assert project.cli("build").exit_code == 0
    project.write_item("news", "2026-06-30-relinked", title="澜石科技新增一条相关新闻", slug="rl")
    caplog.clear()
    assert project.cli("build").exit_code == 0
    line = _pages_line(caplog)
    assert "只更新上一篇、下一篇和相关阅读" in line, line
    relinked = int(line.split("只更新上一篇、下一篇和相关阅读 ")[1].split(" ")[0])
    linking = [
        page
        for page in (project.site / "news").glob("20*/*/*/*/index.html")
        if "/rl/" not in page.as_posix()
        and 'rl/">澜石科技新增一条相关新闻</a>' in page.read_text("utf-8")
    ]
    assert 0 < relinked <= len(linking), (relinked, len(linking))


def test_a_rebuild_renders_only_the_pages_that_changed(project, caplog):
    """One item's body edited: its page and the list pages showing it (a list template may
    print the post's text) are rendered, every other page is the last build's."""
    import logging

    caplog.set_level(logging.INFO, logger="mkdocs.plugins.pipeline")
    assert project.cli("build").exit_code == 0
    before = (project.site / "news/index.html").read_bytes()
    # another item's page: not built at all (speedups/pageskip.py), the previous file linked
    other = min((project.site / "industry").glob("20*/*/*/*/index.html"))
    other_bytes, other_inode = other.read_bytes(), other.stat().st_ino
    item = project.content / "news/posts/2026/2026-05-28-high-tech.md"
    item.write_text(item.read_text("utf-8") + "\n补充一段新的正文。\n", encoding="utf-8")
    caplog.clear()
    assert project.cli("build").exit_code == 0
    # the item, the section's index, its 2026 archive and its category page
    # (the update log and the stats page are internal: not in this production build)
    assert _pages_line(caplog) == "页面：重新生成 4 个，与上次相同而直接沿用 12 个"
    (page,) = (project.site / "news/2026/05/28").glob("*/index.html")
    assert "补充一段新的正文" in page.read_text("utf-8")  # the item's page is new
    assert (project.site / "news/index.html").read_bytes() == before
    assert other.read_bytes() == other_bytes and other.stat().st_ino == other_inode
    index = json.loads((project.site / "search/search_index.json").read_text("utf-8"))
    text = "".join(doc["text"] + doc["title"] for doc in index["docs"]).replace("\u200b", "")
    assert "补充一段新的正文" in text and "能源审计" in text  # the whole site is still searchable

    # the theme is an input of every page: a change there renders them all again
    project.write("overrides/main.html", '{% extends "base.html" %}\n')
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    (project.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    caplog.clear()
    assert project.cli("build").exit_code == 0
    assert "沿用 0 个" in _pages_line(caplog)


def test_kept_front_matter_reads_as_yaml_does(tmp_path):
    """postmeta: a front matter seen before is unpickled to the values PyYAML gives, a
    fresh object each time; a YAML error is PyYAML's; a damaged or foreign file is not
    used."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = (
        "title: 澜石科技发布新网关\ndate:\n  created: 2026-03-12 09:30:00+08:00\n"
        "categories:\n- 产品发布\nauthors: [zhangwei]\ndraft: false\n"
    )
    calls = []

    def original(stream, Loader):  # PyYAML's parameter names
        calls.append(stream)
        return yaml.load(stream, Loader)

    first = postmeta.PostMeta(tmp_path)
    value = first.load(original, text, loader)
    assert value == yaml.load(text, loader) and len(calls) == 1
    with pytest.raises(yaml.YAMLError):
        first.load(original, "title: [unclosed\n", loader)
    first.save()

    second = postmeta.PostMeta(tmp_path)
    again = second.load(original, text, loader)
    assert again == value and again is not value and len(calls) == 2  # not parsed again
    assert again["date"]["created"] == value["date"]["created"]
    assert again["date"]["created"].utcoffset() == value["date"]["created"].utcoffset()
    assert second.load(original, text, loader) is not again  # a fresh object for every post
    assert second.hits == 2
    # another loader's reading is not taken for this one's
    second.load(original, text, yaml.SafeLoader)
    assert len(calls) == 3

    path = tmp_path / postmeta.CACHE_DIR / postmeta.FILE_NAME
    header = path.read_bytes()[: path.read_bytes().index(b"\n") + 1]
    for damaged in (b"", header + b"\x80\x05junk", header + pickle.dumps(print)):
        path.write_bytes(damaged)
        third = postmeta.PostMeta(tmp_path)
        assert third.load(original, text, loader) == value and third.hits == 0


def test_pagination_pages_read_their_lists_source_and_no_copy_is_made(tmp_path):
    source = tmp_path / "docs" / "news" / "index.md"
    source.parent.mkdir(parents=True)
    source.write_text("# 公司新闻\n", "utf-8")
    temp = tmp_path / "blog-temp"
    page_two = File("news/page/2.md", str(temp), str(tmp_path / "site"), True)
    other = File("news/archive/2026.md", str(temp), str(tmp_path / "site"), True)
    sources: dict[str, str] = {}
    with ExitStack() as stack:
        compat.blog_pagination_sources(stack, sources)
        blog_plugin.copy_file(str(source), page_two.abs_src_path)  # as _generate_pages does
        compat.read_from_originals(Files([page_two, other]), sources)
    assert not temp.exists()  # nothing written
    assert page_two.abs_src_path == str(source) and page_two.content_string == "# 公司新闻\n"
    assert other.abs_src_path == str(temp / "news" / "archive" / "2026.md")
    assert blog_plugin.copy_file is copy_file  # the blog's own once the build ends


def test_blog_dates_are_formatted_as_babel_does_once_per_date_and_zone():
    shanghai, utc = timezone(timedelta(hours=8)), UTC
    at_eight = datetime(2026, 3, 1, 8, 0, tzinfo=shanghai)
    same_instant = datetime(2026, 3, 1, 0, 0, tzinfo=utc)  # equal to at_eight, another day
    assert at_eight == same_instant
    with ExitStack() as stack:
        compat.blog_date_formats(stack)
        fast = blog_plugin.format_datetime
        for when in (at_eight, same_instant, at_eight):
            for pattern in ("yyyy/MM/dd", "yyyy", "HH:mm"):
                for locale in ("zh", "en"):
                    wanted = format_datetime(when, format=pattern, locale=locale)
                    assert fast(when, format=pattern, locale=locale) == wanted
        assert blog_plugin.format_date(date(2026, 3, 1), format="long", locale="zh") == (
            format_date(date(2026, 3, 1), format="long", locale="zh")
        )
    assert blog_plugin.format_datetime is format_datetime


def test_a_date_only_pattern_formats_each_day_once_and_as_babel_does():
    """The posts' URLs name their day (``yyyy/MM/dd``): posts of one day at different hours
    share one formatting; a pattern that shows the time, a named one, or another zone's day
    is formatted again."""
    calls = []

    def counted(when, format, locale):
        calls.append((when, format))
        return format_datetime(when, format=format, locale=locale)

    fast = compat._formatted_once(counted)
    shanghai = timezone(timedelta(hours=8))
    day = [datetime(2026, 3, 1, hour, 30, tzinfo=shanghai) for hour in (0, 9, 23)]
    late = datetime(2026, 3, 1, 23, 30)  # naive: written as UTC, by Babel too
    for pattern, formats in (
        ("yyyy/MM/dd", 1),
        ("yyyy'年'MM'月'dd'日'", 1),
        ("EEEE, d 'of' MMM", 1),  # the 'h' and 'f' in "of" are quoted: literal
        ("yyyy/MM/dd HH:mm", 3),
        ("d 'd''h' h", 3),  # quoted d'h ('' is a quote), then the hour
    ):
        calls.clear()
        for when in day:
            assert fast(when, format=pattern, locale="zh") == format_datetime(
                when, format=pattern, locale="zh"
            ), pattern
        assert len(calls) == formats, pattern
    assert fast(late, format="yyyy/MM/dd", locale="zh") == format_datetime(
        late, format="yyyy/MM/dd", locale="zh"
    )
    other_zone = datetime(2026, 3, 1, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai, same instant
    calls.clear()
    assert fast(other_zone, format="yyyy/MM/dd", locale="zh") == "2026/03/01"
    assert len(calls) == 1  # another zone: its own entry
    assert compat._date_only("yyyy") and not compat._date_only("medium")
