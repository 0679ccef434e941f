"""Validation of items and pages: the front-matter schema, slugs, references, placeholders.

Every test writes real files into a temporary project and runs the real `pipeline check`
(click's runner, JSON output) or loads the real site; nothing is mocked.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from conftest import Project, future, make_jpeg

from pipeline.content.model import Item, load_site
from pipeline.content.newitem import PLACEHOLDERS
from pipeline.engine.project import open_project

SHANGHAI_OFFSET = timedelta(hours=8)
SUMMARY = "这是一条用于测试的新闻摘要，长度足够通过摘要长度检查。"


def check(project: Project, *args: str) -> tuple[int, list[dict]]:
    """Run `pipeline check --format json`; the exit status and the findings."""
    result = project.cli("check", "--format", "json", *args)
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def rules_at(findings: list[dict], path: Path | str | None = None) -> set[tuple[int, str]]:
    """(line, rule) of every finding, optionally of one file."""
    name = Path(path).name if path else None
    return {
        (f["line"], f["rule"])
        for f in findings
        if name is None or f["path"].rsplit("/", 1)[-1] == name
    }


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line of ``path`` that contains ``needle``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if needle in text)


def load_item(project: Project, name: str) -> Item:
    """The Item loaded from content/<section>/posts/2026/<name>.md."""
    loaded = open_project(project.root / "mkdocs.yml")
    site = load_site(loaded.site_config, loaded.layout)
    matches = [item for item in site.items if item.docs_path.endswith(f"/{name}.md")]
    assert matches, [f.to_dict("en") for f in site.findings]
    return matches[0]


def closing_line(path: Path) -> int:
    """The line of the '---' that ends the front matter."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [number for number, text in enumerate(lines, 1) if text == "---"][1]


def write_raw_item(project: Project, name: str, front: str, body: str = "正文。\n") -> Path:
    """An item with exactly this front matter text (lines are the file's lines 2..)."""
    return project.write(f"content/news/posts/2026/{name}.md", f"---\n{front}---\n\n{body}")


VALID_FRONT = (
    "title: 澜石科技发布测试新闻标题\n"  # line 2
    f"summary: {SUMMARY}\n"  # line 3
    "date: 2026-03-12 10:00\n"  # line 4
    "author: zhangwei\n"  # line 5
    "categories: [公司动态]\n"  # line 6
)


# --- title and summary ----------------------------------------------------------------


def test_missing_title_is_required_error_at_closing_boundary(empty_project: Project) -> None:
    front = VALID_FRONT.replace("title: 澜石科技发布测试新闻标题\n", "")
    path = write_raw_item(empty_project, "no-title", front + "slug: no-title\n")
    status, findings = check(empty_project)
    assert status == 1
    # the closing '---' (line 7), not the blank line after it
    assert rules_at(findings, path) == {(7, "schema/required")}
    assert findings[0]["key"] == "title"


@pytest.mark.parametrize(
    ("title", "rule"),
    [
        ("四个汉字", None),
        ("三个字", "schema/too-short"),
        ("标" * 40, None),
        ("标" * 41, "schema/too-long"),
    ],
)
def test_title_length_bounds_come_from_site_config(
    empty_project: Project, title: str, rule: str | None
) -> None:
    path = empty_project.write_item("news", "t", title=title, slug="t")
    status, findings = check(empty_project)
    if rule is None:
        assert (status, findings) == (0, [])
    else:
        assert status == 1
        assert rules_at(findings) == {(line_of(path, "title:"), rule)}


@pytest.mark.parametrize(
    ("length", "rule"),
    [(20, None), (19, "schema/too-short"), (120, None), (121, "schema/too-long")],
)
def test_summary_length_bounds(empty_project: Project, length: int, rule: str | None) -> None:
    path = empty_project.write_item("news", "s", summary="摘" * length)
    status, findings = check(empty_project)
    if rule is None:
        assert (status, findings) == (0, [])
    else:
        assert rules_at(findings) == {(line_of(path, "summary:"), rule)}
        assert str(length) in findings[0]["message"]


def test_summary_is_required(empty_project: Project) -> None:
    path = empty_project.write_item("news", "s", summary=None)
    status, findings = check(empty_project)
    assert status == 1
    assert [(f["rule"], f["key"]) for f in findings] == [("schema/required", "summary")]
    assert findings[0]["line"] == closing_line(path)


def test_title_that_is_not_text_is_reported(empty_project: Project) -> None:
    front = VALID_FRONT.replace("title: 澜石科技发布测试新闻标题", "title: [a, b]")
    path = write_raw_item(empty_project, "x", front + "slug: x\n")
    _, findings = check(empty_project)
    assert rules_at(findings, path) == {(2, "schema/expected-text")}


# --- dates: read in the site's time zone -----------------------------------------------


def test_time_without_offset_is_shanghai_local_time(empty_project: Project) -> None:
    empty_project.write_item("news", "d", date="2026-03-12 10:00")
    item = load_item(empty_project, "d")
    assert item.date.utcoffset() == SHANGHAI_OFFSET
    assert (item.date.year, item.date.month, item.date.day, item.date.hour) == (2026, 3, 12, 10)
    assert item.date.astimezone(UTC).hour == 2  # 10:00 in Shanghai is 02:00 UTC, not 10:00 UTC


def test_bare_date_is_midnight_in_shanghai(empty_project: Project) -> None:
    empty_project.write_item("news", "d", date="2026-05-28")
    item = load_item(empty_project, "d")
    assert item.date.utcoffset() == SHANGHAI_OFFSET
    assert item.date.isoformat() == "2026-05-28T00:00:00+08:00"


def test_explicit_offset_is_kept(empty_project: Project) -> None:
    empty_project.write_item("news", "d", date="2026-03-12T10:00:00+00:00")
    item = load_item(empty_project, "d")
    assert item.date.utcoffset() == timedelta(0)
    assert item.date.hour == 10


def test_late_evening_item_keeps_its_local_day_in_the_url(empty_project: Project) -> None:
    # read as UTC, 23:30 would be 07:30 the next day in Shanghai and the URL would move
    empty_project.write_item("news", "late", date="2026-03-12 23:30", slug="late")
    item = load_item(empty_project, "late")
    assert item.url(item.date.tzinfo) == "news/2026/03/12/late/"


def test_chinese_date_is_accepted(empty_project: Project) -> None:
    empty_project.write_item("news", "cn", date="2026年3月12日")
    assert check(empty_project) == (0, [])
    assert load_item(empty_project, "cn").date.isoformat() == "2026-03-12T00:00:00+08:00"


def test_impossible_date_is_bad_date_on_the_date_line(empty_project: Project) -> None:
    path = empty_project.write_item("news", "d", date="2026-02-30")
    status, findings = check(empty_project)
    assert status == 1
    assert rules_at(findings) == {(line_of(path, "date:"), "schema/bad-date")}
    assert "2026-02-30" in findings[0]["message"]


def test_date_is_required(empty_project: Project) -> None:
    empty_project.write_item("news", "d", date=None)
    _, findings = check(empty_project)
    assert [(f["rule"], f["key"]) for f in findings] == [("schema/required", "date")]


def test_expire_before_publish_is_an_error_on_the_expire_line(empty_project: Project) -> None:
    path = empty_project.write_item(
        "news", "e", publish="2026-03-20 09:00", expire="2026-03-15 09:00"
    )
    status, findings = check(empty_project)
    assert status == 1
    assert rules_at(findings) == {(line_of(path, "expire:"), "schema/expire-before-publish")}


def test_expire_equal_to_date_is_not_after_it(empty_project: Project) -> None:
    empty_project.write_item("news", "e", date="2026-03-12 10:00", expire="2026-03-12 10:00")
    _, findings = check(empty_project)
    assert [f["rule"] for f in findings] == ["schema/expire-before-publish"]


def test_expire_after_publish_is_fine(empty_project: Project) -> None:
    empty_project.write_item("news", "e", publish="2026-03-13", expire="2026-12-31 23:59")
    assert check(empty_project) == (0, [])


def test_bad_publish_time_is_reported(empty_project: Project) -> None:
    path = empty_project.write_item("news", "p", publish="下周一")
    _, findings = check(empty_project)
    assert rules_at(findings) == {(line_of(path, "publish:"), "schema/bad-date")}
    assert findings[0]["key"] == "publish"


# --- author and categories ----------------------------------------------------------------


def test_author_display_name_gets_the_id_as_hint(empty_project: Project) -> None:
    path = empty_project.write_item("news", "a", author="张伟")
    status, findings = check(empty_project)
    assert status == 1
    assert rules_at(findings) == {(line_of(path, "author:"), "schema/unknown-author")}
    assert "“zhangwei”" in findings[0]["hint"]


def test_author_missing_from_authors_file_lists_known_ids(empty_project: Project) -> None:
    empty_project.write_item("news", "a", author="wangfang")
    _, findings = check(empty_project)
    (finding,) = findings
    assert finding["rule"] == "schema/unknown-author"
    assert "chenjing, liuyang, zhangwei" in finding["hint"]


def test_unknown_category_on_its_list_line_with_did_you_mean(empty_project: Project) -> None:
    path = empty_project.write_item("news", "c", categories=["公司动态", "产品发部"])
    status, findings = check(empty_project)
    assert status == 1
    assert rules_at(findings) == {(line_of(path, "- 产品发部"), "schema/unknown-category")}
    assert "“产品发布”" in findings[0]["hint"]


def test_category_of_the_other_section_is_not_allowed(empty_project: Project) -> None:
    empty_project.write_item("news", "c", categories=["政策法规"])
    _, findings = check(empty_project)
    assert [f["rule"] for f in findings] == ["schema/unknown-category"]
    assert "news" in findings[0]["message"]


def test_comma_separated_categories_are_read_as_a_list(empty_project: Project) -> None:
    empty_project.write_item("news", "c", categories="公司动态，产品发布")
    assert check(empty_project) == (0, [])
    assert load_item(empty_project, "c").categories == ("公司动态", "产品发布")


def test_categories_are_required(empty_project: Project) -> None:
    empty_project.write_item("news", "c", categories=[])
    _, findings = check(empty_project)
    assert [(f["rule"], f["key"]) for f in findings] == [("schema/required", "categories")]


# --- keywords, tags, flags -------------------------------------------------------------------


def test_keywords_and_tags_accept_a_list_or_separated_text(empty_project: Project) -> None:
    empty_project.write_item("news", "k", keywords="物联网、网关", tags=["网关", "新品"])
    assert check(empty_project) == (0, [])
    item = load_item(empty_project, "k")
    assert (item.keywords, item.tags) == (("物联网", "网关"), ("网关", "新品"))


def test_keywords_must_be_a_list(empty_project: Project) -> None:
    path = empty_project.write_item("news", "k", keywords={"a": 1})
    _, findings = check(empty_project)
    assert rules_at(findings) == {(line_of(path, "keywords:"), "schema/expected-list")}


@pytest.mark.parametrize("key", ["draft", "pin"])
def test_flags_must_be_true_or_false(empty_project: Project, key: str) -> None:
    path = empty_project.write_item("news", "f", **{key: "是的"})
    _, findings = check(empty_project)
    assert rules_at(findings) == {(line_of(path, f"{key}:"), "schema/expected-bool")}


def test_pinned_item_loads_as_pinned(empty_project: Project) -> None:
    empty_project.write_item("news", "p", pin=True)
    assert load_item(empty_project, "p").pin is True


# --- cover ---------------------------------------------------------------------------------------


def test_cover_next_to_the_item_is_accepted(empty_project: Project) -> None:
    make_jpeg(empty_project.content / "news/posts/2026/pic.jpg")
    empty_project.write_item("news", "c", cover="pic.jpg")
    assert check(empty_project) == (0, [])
    assert load_item(empty_project, "c").cover == "news/posts/2026/pic.jpg"


def test_an_iphone_heic_photo_is_accepted_as_cover(empty_project: Project) -> None:
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    photo = empty_project.content / "news/posts/2026/phone.heic"
    photo.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), (200, 30, 30)).save(photo, "HEIF")
    empty_project.write_item("news", "c", cover="phone.heic")
    assert check(empty_project) == (0, [])  # the image pipeline serves it as JPEG


def test_cover_from_content_root_is_accepted(empty_project: Project) -> None:
    make_jpeg(empty_project.content / "assets/images/building.jpg")
    empty_project.write_item("news", "c", cover="/assets/images/building.jpg")
    assert check(empty_project) == (0, [])


def test_missing_cover_suggests_the_image_beside_it(empty_project: Project) -> None:
    make_jpeg(empty_project.content / "news/posts/2026/gateway.jpg")
    path = empty_project.write_item("news", "c", cover="gatway.jpg")
    status, findings = check(empty_project)
    assert status == 1
    assert rules_at(findings) == {(line_of(path, "cover:"), "schema/image-missing")}
    assert "“gateway.jpg”" in findings[0]["hint"]


def test_missing_cover_in_a_subfolder_suggests_the_path_as_written(
    empty_project: Project,
) -> None:
    make_jpeg(empty_project.content / "news/posts/2026/images/gateway.jpg")
    empty_project.write_item("news", "c", cover="images/gatway.jpg")
    _, findings = check(empty_project)
    assert [f["rule"] for f in findings] == ["schema/image-missing"]
    assert "“images/gateway.jpg”" in findings[0]["hint"]


def test_cover_must_be_a_local_image(empty_project: Project) -> None:
    empty_project.write_item("news", "c", cover="https://cdn.example.com/a.jpg")
    _, findings = check(empty_project)
    assert [f["rule"] for f in findings] == ["schema/image-not-local"]


# --- source (industry items) ---------------------------------------------------------------------


def test_industry_item_requires_a_source(empty_project: Project) -> None:
    empty_project.write_item("industry", "i", source=None)
    status, findings = check(empty_project)
    assert status == 1
    assert [(f["rule"], f["key"]) for f in findings] == [("schema/required", "source")]


def test_news_item_does_not_need_a_source(empty_project: Project) -> None:
    empty_project.write_item("news", "n")
    assert check(empty_project) == (0, [])


@pytest.mark.parametrize("url", ["ftp://example.org/a", "www.example.org/a", "https://"])
def test_source_url_must_be_http_or_https(empty_project: Project, url: str) -> None:
    path = empty_project.write_item("industry", "i", source={"name": "行业观察", "url": url})
    _, findings = check(empty_project)
    assert rules_at(findings) == {(line_of(path, "source:"), "schema/bad-url")}


def test_source_needs_a_name_and_url(empty_project: Project) -> None:
    empty_project.write_item("industry", "i", source="https://news.example.org/a")
    _, findings = check(empty_project)
    assert [f["rule"] for f in findings] == ["schema/bad-source"]


def test_industry_source_is_loaded(empty_project: Project) -> None:
    empty_project.write_item("industry", "i")
    source = load_item(empty_project, "i").source_ref
    assert (source.name, source.url) == ("测试行业观察", "https://news.example.org/a")


# --- unknown keys ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [("titel", "title"), ("标题", "title"), ("description", "summary"), ("分类", "categories")],
)
def test_unknown_key_is_an_error_with_did_you_mean(
    empty_project: Project, key: str, suggestion: str
) -> None:
    path = write_raw_item(empty_project, "k", VALID_FRONT + f"{key}: 值\n")
    status, findings = check(empty_project)
    assert status == 1
    assert rules_at(findings, path) == {(7, "schema/unknown-key")}
    assert findings[0]["key"] == key
    assert f"“{suggestion}”" in findings[0]["hint"]


# --- slugs ---------------------------------------------------------------------------------------


def test_default_slug_is_the_pinyin_of_the_title(empty_project: Project) -> None:
    empty_project.write_item("news", "s", title="澜石科技发布 IoT 网关 2.0", slug=None)
    item = load_item(empty_project, "s")
    assert item.slug == "lan-shi-ke-ji-fa-bu-iot-wang-guan-2-0"
    assert item.url(item.date.tzinfo) == "news/2026/03/12/lan-shi-ke-ji-fa-bu-iot-wang-guan-2-0/"


def test_invalid_slug_is_an_error_with_a_suggestion(empty_project: Project) -> None:
    path = empty_project.write_item("news", "s", slug="New Gateway_2026")
    status, findings = check(empty_project)
    assert status == 1
    assert rules_at(findings) == {(line_of(path, "slug:"), "schema/bad-slug")}
    assert "new-gateway-2026" in findings[0]["hint"]


def test_title_without_any_letters_needs_a_slug(empty_project: Project) -> None:
    path = empty_project.write_item("news", "s", title="！！！！", slug=None)
    _, findings = check(empty_project)
    assert rules_at(findings) == {(line_of(path, "title:"), "schema/slug-needed")}


def test_duplicate_slug_is_an_error_on_both_files(empty_project: Project) -> None:
    first = empty_project.write_item("news", "a", title="第一篇测试新闻", slug="same")
    second = empty_project.write_item("news", "b", title="第二篇测试新闻", slug="same")
    status, findings = check(empty_project)
    assert status == 1
    assert rules_at(findings, first) == {(line_of(first, "slug:"), "slug/duplicate")}
    assert rules_at(findings, second) == {(line_of(second, "slug:"), "slug/duplicate")}
    by_path = {f["path"]: f["message"] for f in findings}
    assert "content/news/posts/2026/b.md" in by_path["content/news/posts/2026/a.md"]


def test_titles_with_the_same_pinyin_are_duplicate_slugs(empty_project: Project) -> None:
    # 澜 and 兰 are both "lan": the derived slugs collide though the titles differ
    first = empty_project.write_item("news", "a", title="澜石科技新品发布", slug=None)
    second = empty_project.write_item("news", "b", title="兰石科技新品发布", slug=None)
    _, findings = check(empty_project)
    assert rules_at(findings) == {
        (line_of(first, "title:"), "slug/duplicate"),
        (line_of(second, "title:"), "slug/duplicate"),
    }
    assert {f["path"] for f in findings} == {
        "content/news/posts/2026/a.md",
        "content/news/posts/2026/b.md",
    }
    assert "lan-shi-ke-ji-xin-pin-fa-bu" in findings[0]["message"]


def test_same_slug_in_different_sections_is_fine(empty_project: Project) -> None:
    empty_project.write_item("news", "a", slug="same")
    empty_project.write_item("industry", "b", slug="same")
    assert check(empty_project) == (0, [])


# --- references in the body ------------------------------------------------------------------


def test_link_to_missing_page_has_line_and_column(project: Project) -> None:
    path = project.write_item("news", "l", body="第一段。\n\n看[不存在的页面](nope.md)。\n")
    status, findings = check(project)
    assert status == 1
    (finding,) = findings
    assert (finding["rule"], finding["line"], finding["column"]) == (
        "ref/missing-page",
        line_of(path, "nope.md"),
        len("看[不存在的页面](") + 1,
    )


def test_missing_page_hint_is_a_link_relative_to_the_file(project: Project) -> None:
    project.write_item("news", "l", body="详见[会议](2026-01-08-annual-meetin.md)。\n")
    _, findings = check(project)
    (finding,) = findings
    assert finding["rule"] == "ref/missing-page"
    assert "“2026-01-08-annual-meeting.md”" in finding["hint"]


def test_missing_image_is_an_error(project: Project) -> None:
    path = project.write_item("news", "i", body="![alt](nope.jpg)\n")
    _, findings = check(project)
    assert rules_at(findings) == {(line_of(path, "nope.jpg"), "ref/missing-image")}
    assert findings[0]["column"] == len("![alt](") + 1


def test_percent_encoded_hash_in_an_image_name_is_part_of_the_name(project: Project) -> None:
    make_jpeg(project.content / "news/posts/2026/展位#3.jpg")
    project.write_item("news", "i", body="![展位](展位%233.jpg)\n\n![展位](展位%233.jpg#top)\n")
    status, findings = check(project)
    assert findings == [] and status == 0  # neither missing nor unreferenced


def test_missing_image_hint_is_a_link_relative_to_the_file(project: Project) -> None:
    project.write_item("news", "i", body="![网关](gatway.jpg)\n")
    _, findings = check(project)
    (finding,) = findings
    assert "“gateway.jpg”" in finding["hint"]  # the image beside the item, as one would write it


def test_raw_html_image_is_checked(project: Project) -> None:
    path = project.write_item("news", "h", body='<img src="missing.png" alt="图">\n')
    _, findings = check(project)
    assert rules_at(findings) == {(line_of(path, "missing.png"), "ref/missing-image")}
    assert findings[0]["column"] == len('<img src="') + 1


def test_links_in_code_are_ignored(project: Project) -> None:
    body = (
        "用 `[链接](nope.md)` 这样的写法。\n\n"
        "```markdown\n[链接](missing.md)\n![图](missing.jpg)\n```\n\n"
        '~~~\n<img src="missing.png">\n~~~\n'
    )
    project.write_item("news", "code", body=body)
    assert check(project) == (0, [])


def test_link_to_draft_item_from_published_item(project: Project) -> None:
    project.write_item("news", "draft-one", title="一篇还没写完的草稿", draft=True)
    path = project.write_item("news", "l", body="见[草稿](draft-one.md)。\n")
    status, findings = check(project)
    assert status == 1
    assert rules_at(findings) == {(line_of(path, "draft-one.md"), "ref/unpublished-target")}
    assert "draft" in findings[0]["message"]


def test_link_to_scheduled_item_from_published_item(project: Project) -> None:
    project.write_item("news", "later", title="下个月才发布的新闻", date=future(30))
    project.write_item("news", "l", body="见[预告](later.md)。\n")
    _, findings = check(project)
    assert [f["rule"] for f in findings] == ["ref/unpublished-target"]
    assert findings[0]["path"] == "content/news/posts/2026/l.md"


def test_draft_may_link_to_another_draft(project: Project) -> None:
    project.write_item("news", "d1", title="第一篇草稿新闻", draft=True)
    project.write_item("news", "d2", title="第二篇草稿新闻", draft=True, body="[一](d1.md)\n")
    assert check(project) == (0, [])


def test_link_written_as_url_is_an_error_naming_the_file(project: Project) -> None:
    page = project.write_page(
        "news/index.md",
        "公司新闻",
        "澜石科技的公司新闻：产品、荣誉、合作与活动。",
        "[关于](../about/)\n",
    )
    status, findings = check(project)
    assert status == 1  # MkDocs' strict build would fail on it, so the check blocks too
    assert rules_at(findings) == {(line_of(page, "../about/"), "ref/link-to-url")}
    assert findings[0]["severity"] == "error"
    assert "../about.md" in findings[0]["hint"]


def test_link_to_site_root_folder_is_flagged_as_url(project: Project) -> None:
    page = project.write_page(
        "news/index.md", "公司新闻", "澜石科技的公司新闻：产品、荣誉、合作与活动。", "[首页](../)\n"
    )
    _, findings = check(project)
    assert rules_at(findings) == {(line_of(page, "(../)"), "ref/link-to-url")}
    assert "../index.md" in findings[0]["hint"]


def test_absolute_link_warns(project: Project) -> None:
    path = project.write_item("news", "a", body="[关于我们](/about/)\n")
    status, findings = check(project)
    assert status == 0
    assert rules_at(findings) == {(line_of(path, "/about/"), "ref/absolute-link")}
    assert findings[0]["severity"] == "warning"


def test_link_outside_content_is_an_error(project: Project) -> None:
    project.write_item("news", "o", body="[配置](../../../../mkdocs.yml)\n")
    _, findings = check(project)
    assert [f["rule"] for f in findings] == ["ref/outside-content"]


def test_links_to_existing_pages_images_and_sites_are_fine(project: Project) -> None:
    body = (
        "[会议](2026-01-08-annual-meeting.md#_1) ![网关](gateway.jpg) [关于](../../../about.md)\n"
        "[官网](https://www.example.com/) [邮件](mailto:pr@example.com) [本页](#top)\n"
    )
    project.write_item("news", "ok", body=body)
    assert check(project) == (0, [])


# --- template text of `pipeline new` -------------------------------------------------------------


def _new_item(project: Project, section: str, title: str) -> Path:
    result = project.cli("new", section, title, "--author", "zhangwei")
    assert result.exit_code == 0, result.output
    (path,) = (project.content / section / "posts").rglob("*.md")
    return path


def test_placeholders_are_allowed_while_draft(empty_project: Project) -> None:
    _new_item(empty_project, "industry", "行业资讯模板测试")
    assert check(empty_project) == (0, [])


def test_placeholders_left_in_a_published_item_are_errors(empty_project: Project) -> None:
    path = _new_item(empty_project, "industry", "行业资讯模板测试")
    path.write_text(path.read_text("utf-8").replace("draft: true", "draft: false"), "utf-8")
    status, findings = check(empty_project)
    assert status == 1
    assert rules_at(findings) == {
        (line_of(path, "summary:"), "schema/placeholder"),
        (line_of(path, "source:"), "schema/placeholder"),
        (line_of(path, PLACEHOLDERS["body"]["zh"]), "schema/placeholder"),
    }
    assert {f["key"] for f in findings} == {"summary", "source", "body"}


def test_english_placeholder_text_is_caught_too(empty_project: Project) -> None:
    path = empty_project.write_item("news", "p", body=f"第一段。\n\n{PLACEHOLDERS['body']['en']}\n")
    _, findings = check(empty_project)
    assert rules_at(findings) == {(line_of(path, "Write the body here"), "schema/placeholder")}


# --- every problem at once ---------------------------------------------------------------------


def test_one_file_with_five_mistakes_reports_all_five(empty_project: Project) -> None:
    front = (
        "titel: 澜石科技发布新品\n"  # 2: unknown key
        "title: 短\n"  # 3: title too short
        f"summary: {SUMMARY}\n"  # 4: fine
        "date: 2026-02-30\n"  # 5: no such day
        "author: wangfang\n"  # 6: not in authors.yml
        "categories: [公司活动]\n"  # 7: not a category of news
    )
    path = write_raw_item(empty_project, "five", front)
    status, findings = check(empty_project)
    assert status == 1
    assert rules_at(findings, path) == {
        (2, "schema/unknown-key"),
        (3, "schema/too-short"),
        (5, "schema/bad-date"),
        (6, "schema/unknown-author"),
        (7, "schema/unknown-category"),
    }
    assert len(findings) == 5


def test_several_broken_files_are_all_reported(project: Project) -> None:
    root = "content/news/posts/2026"
    project.write(f"{root}/gbk.md", ("---\n" + VALID_FRONT + "---\n").encode("gbk"))
    project.write(f"{root}/yaml.md", '---\ntitle: "公司新闻\n---\n')
    write_raw_item(project, "slip", VALID_FRONT.replace("author: ", "author："))
    project.write_item("news", "schema", author="nobody")
    project.write_item("news", "link", title="链接错误的测试新闻", body="[x](gone.md)\n")
    project.write("content/about.md", "# 关于我们\n")
    status, findings = check(project)
    assert status == 1
    assert {(f["path"], f["rule"]) for f in findings} == {
        (f"{root}/gbk.md", "encoding/gbk"),
        (f"{root}/yaml.md", "yaml/syntax"),
        (f"{root}/slip.md", "yaml/full-width-colon"),
        (f"{root}/schema.md", "schema/unknown-author"),
        (f"{root}/link.md", "ref/missing-page"),
        ("content/about.md", "schema/no-front-matter"),
    }


# --- slips a newcomer makes in front matter ------------------------------------------------------

# slip -> (the line of VALID_FRONT and what is written instead, the slip's line and column,
# its rule, its Chinese message, words of its English message)
SLIPS = {
    "full-width colon": (
        ("author: zhangwei", "author：zhangwei"),
        (5, 7),
        "yaml/full-width-colon",
        "第 5 行用了全角冒号“：”，请改成半角冒号“:”",
        "line 5 uses the full-width colon",
    ),
    "tab": (
        ("author: zhangwei", "author: zhangwei\n\tpin: true"),
        (6, 1),
        "yaml/tab",
        "第 6 行用了制表符（Tab），front matter 里只能用空格",
        "line 6 has a tab",
    ),
    "colon in value": (
        ("title: 澜石科技发布测试新闻标题", "title: 澜石科技: 发布测试新闻标题"),
        (2, len("title: 澜石科技") + 1),
        "yaml/colon-in-value",
        "第 2 行“title”的值里有冒号加空格“: ”，会被误当成新的字段",
        "contains a colon and a space",
    ),
    "dash without space": (
        ("categories: [公司动态]", "categories: [公司动态]\ntags:\n  -新闻"),
        (8, 3),
        "yaml/list-dash-space",
        "第 8 行的列表项“-新闻”在“-”后面少了一个空格",
        "needs a space after '-'",
    ),
}
SLIP_FILE = "content/news/posts/2026/slip.md"


def write_slip(project: Project, slip: str) -> int:
    """An item with this slip in its front matter and a missing image in its body; the
    image's line."""
    old, new = SLIPS[slip][0]
    body = "正文。\n\n![图](nope.png)\n"
    path = write_raw_item(project, "slip", VALID_FRONT.replace(old, new), body)
    return line_of(path, "nope.png")


@pytest.mark.parametrize("slip", SLIPS)
def test_a_slip_is_named_in_chinese_at_its_line_and_the_body_is_still_checked(
    project: Project, slip: str
) -> None:
    _, (line, column), rule, message, _ = SLIPS[slip]
    image_line = write_slip(project, slip)
    result = project.pipeline("check")  # the real command, as an editor runs it
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    start = lines.index(SLIP_FILE)  # the file's heading, then its findings by line
    assert re.fullmatch(
        rf"\s+{line}:{column}\s+错误\s+{re.escape(message)}\s+{rule}", lines[start + 1]
    )
    assert re.match(
        rf"\s+{image_line}:\d+\s+错误\s+.*nope\.png.*ref/missing-image$", lines[start + 3]
    )
    status, findings = check(project, SLIP_FILE)
    assert status == 1
    assert rules_at(findings) == {(line, rule), (image_line, "ref/missing-image")}


@pytest.mark.parametrize("slip", SLIPS)
def test_a_slip_is_named_in_english_too(project: Project, slip: str) -> None:
    *_, rule, _, words = SLIPS[slip]
    write_slip(project, slip)
    result = project.cli("--lang", "en", "check", "--format", "json", SLIP_FILE)
    assert result.exit_code == 1
    slip_finding, image = json.loads(result.stdout)["findings"]
    assert (slip_finding["rule"], image["rule"]) == (rule, "ref/missing-image")
    assert words in slip_finding["message"] and slip_finding["hint"]


def test_an_item_with_a_slip_is_not_published(project: Project) -> None:
    """Read with the slip repaired, but not loaded as an item: it is not built or counted."""
    write_slip(project, "full-width colon")
    loaded = open_project(project.root / "mkdocs.yml")
    site = load_site(loaded.site_config, loaded.layout)
    assert "news/posts/2026/slip.md" in site.failed
    assert not [i for i in site.items if i.docs_path.endswith("/slip.md")]


# --- pages and exit statuses ------------------------------------------------------------------


def test_page_hide_values_are_checked(project: Project) -> None:
    project.write(
        "content/about.md",
        "---\ntitle: 关于我们\nsummary: 澜石科技专注工业物联网与能源管理，服务制造业客户。\n"
        "hide: [navigation, tok]\n---\n\n# 关于我们\n",
    )
    _, findings = check(project)
    assert rules_at(findings) == {(4, "schema/bad-choice")}
    assert "“toc”" in findings[0]["hint"]


def test_page_does_not_accept_item_keys(project: Project) -> None:
    project.write(
        "content/about.md",
        "---\ntitle: 关于我们\nsummary: 澜石科技专注工业物联网与能源管理，服务制造业客户。\n"
        "date: 2026-03-12\n---\n",
    )
    _, findings = check(project)
    assert rules_at(findings) == {(4, "schema/unknown-key")}


def test_clean_project_exits_0(project: Project) -> None:
    assert check(project) == (0, [])


def test_only_warnings_exit_0(project: Project) -> None:
    project.write_item("news", "w", body="[关于](/about/)\n")
    status, findings = check(project)
    assert status == 0
    assert findings and all(f["severity"] == "warning" for f in findings)


def test_an_error_exits_1(project: Project) -> None:
    project.write_item("news", "e", body="[关于](/about/) [x](nope.md)\n")
    status, findings = check(project)
    assert status == 1
    assert {f["severity"] for f in findings} == {"warning", "error"}


def test_duplicate_key_is_reported_on_its_second_line(project: Project) -> None:
    project.write(
        "content/news/posts/2026/twice.md",
        "---\ntitle: 澜石科技召开年度工作会议\ntitle: 另一个标题写在这里\n---\n正文\n",
    )
    _, findings = check(project)
    assert ("content/news/posts/2026/twice.md", 3, "yaml/duplicate-key") in {
        (f["path"], f["line"], f["rule"]) for f in findings
    }


def test_half_a_character_from_an_escape_is_refused_at_its_key(project: Project) -> None:
    """``"\\ud800"`` in double quotes makes a lone surrogate, which no UTF-8 file can hold:
    the build stopped with an encoding error (a traceback) when it wrote the item's copy.
    Now the check names the key's line; one \\U escape for a whole character is fine."""
    body = "正文内容。\n"
    project.write(
        "content/news/posts/2026/half.md",
        "---\ntitle: 澜石科技召开年度工作会议\n"
        "summary: 会议回顾了全年经营情况并部署了新一年的任务\n"
        "date: 2026-01-08 09:30\nauthor: liuyang\ncategories: [公司动态]\n"
        'keywords: [年会, "表情\\ud83d\\ude00"]\n---\n' + body,
    )
    project.write(
        "content/news/posts/2026/whole.md",
        "---\ntitle: 澜石科技召开年度工作会议总结\n"
        'summary: "会议回顾了全年经营情况并部署了新一年的任务\\U0001F600"\n'
        "date: 2026-01-09 09:30\nauthor: liuyang\ncategories: [公司动态]\n---\n" + body,
    )
    _, findings = check(project)
    found = {(f["path"], f["line"], f["rule"]) for f in findings}
    assert ("content/news/posts/2026/half.md", 7, "yaml/lone-surrogate") in found
    assert not [f for f in findings if f["path"].endswith("whole.md")]
    result = project.cli("build")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "yaml/lone-surrogate" in result.output


def test_links_of_a_file_that_fails_validation_are_still_checked(project: Project) -> None:
    path = project.write_item("news", "broken", title="短", body="见[不存在](nope.md)。\n")
    _, findings = check(project)
    rules = {f["rule"] for f in findings if f["path"].endswith("broken.md")}
    assert rules == {"schema/too-short", "ref/missing-page"}
    assert line_of(path, "nope.md") in {
        f["line"] for f in findings if f["rule"] == "ref/missing-page"
    }


def test_links_inside_html_comments_are_not_checked(project: Project) -> None:
    project.write_item(
        "news", "commented", body="<!-- 旧链接 [x](gone.md)\n[y](gone2.md) -->\n正文。\n"
    )
    status, findings = check(project)
    assert status == 0, findings


def test_unpublished_state_is_shown_in_the_readers_language(project: Project) -> None:
    project.write_item("news", "draft-target", title="尚未发布的草稿新闻", draft=True)
    project.write_item("news", "linker", title="链接到草稿的新闻", body="[草稿](draft-target.md)\n")
    _, findings = check(project)
    message = next(f["message"] for f in findings if f["rule"] == "ref/unpublished-target")
    assert "尚未发布（草稿）" in message


def test_latest_marker_with_an_unknown_section_is_an_error(project: Project) -> None:
    page = project.write_page(
        "about.md",
        "关于我们",
        "澜石科技专注工业物联网与能源管理，服务制造业客户。",
        "# 关于我们\n\n<!-- pipeline:latest newz 3 -->\n",
    )
    status, findings = check(project)
    assert status == 1
    assert rules_at(findings) == {(line_of(page, "newz"), "page/unknown-section")}
    assert "news" in findings[0]["hint"]
