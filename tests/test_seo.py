"""Search engines: head tags, JSON-LD, sitemap and robots.txt on a real build; SEO warnings.

One small site is built once for the page tests (a base URL of its own in site.yml, so
the tests prove it replaces mkdocs.yml's site_url); the warnings are checked with
`pipeline check` on the `project` fixture, each case against a clean item.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import (
    REPO,
    Project,
    _base_project,
    commit_all,
    future,
    init_repo,
    make_jpeg,
    make_png,
)

from pipeline.seo.tags import PageFacts, meta_tags

BASE = "https://seo.lanshi-test.example/"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
GATEWAY = "news/2026/03/12/new-gateway/"
EXPO = "news/2026/05/13/expo/"
POLICY = "industry/2026/02/12/policy/"

# straight quotes, as typed with an English keyboard: they must not end content="…"
EXPO_SUMMARY = '澜石科技在工业自动化展上展示了"LS-G500"工业网关和能源管理平台等产品。'

SEO_YML = """\
warnings: true
summary: {min: 30, max: 110}
image: assets/images/share.jpg
publisher:
  name: 澜石智能科技有限公司
  logo: assets/images/logo.png
twitter: lanshi_tech
"""


class Head(HTMLParser):
    """The <head>'s meta tags, links and JSON-LD scripts of one page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.metas: list[dict] = []
        self.links: list[dict] = []
        self.json_ld: list[str] = []
        self._in_ld = False
        self.feed(html.split("</head>", 1)[0])

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            self.metas.append(dict(attrs))
        elif tag == "link":
            self.links.append(dict(attrs))
        elif tag == "script" and ("type", "application/ld+json") in attrs:
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data

    def all(self, name: str) -> list[str]:
        return [
            m.get("content", "")
            for m in self.metas
            if m.get("property") == name or m.get("name") == name
        ]

    def one(self, name: str) -> str:
        (value,) = self.all(name)
        return value

    @property
    def canonical(self) -> str:
        (href,) = [link["href"] for link in self.links if link.get("rel") == "canonical"]
        return href


def seo_site(root: Path) -> Project:
    project = _base_project(root)
    site_yml = project.root / "site_config/site.yml"
    text = site_yml.read_text("utf-8")
    site_yml.write_text(re.sub(r"(?m)^base_url: .*$", f"base_url: {BASE}", text), "utf-8")
    project.write("site_config/seo.yml", SEO_YML)
    make_jpeg(project.content / "assets/images/share.jpg", size=(320, 180))
    make_png(project.content / "assets/images/logo.png", size=(64, 64))
    project.write_page(  # uses both site images, so neither is unreferenced
        "contact.md",
        "联系我们",
        "澜石科技的联系地址、电话与电子邮件，欢迎来访。",
        "# 联系我们\n\n![公司标志](assets/images/logo.png)\n\n"
        "![总部外景](assets/images/share.jpg)\n\n## 地址\n\n杭州。\n",
    )
    make_jpeg(project.content / "news/posts/2026/gateway.jpg", size=(400, 240))
    make_jpeg(project.content / "news/posts/2026/expo.jpg", size=(300, 200))
    project.write_item(
        "news",
        "2026-03-12-new-gateway",
        title="澜石科技发布新一代工业网关<5W功耗",
        summary="新一代工业网关支持更多工业协议，功耗低于五瓦，适合产线和配电房使用。",
        date="2026-03-12 10:00",
        updated="2026-04-01 09:30",
        slug="new-gateway",
        categories=["产品发布"],
        keywords=["工业网关", "功耗"],
        cover="gateway.jpg",
        body="新一代工业网关的功耗低于五瓦。\n\n## 技术参数\n\n支持多种协议。\n",
    )
    project.write_item(
        "news",
        "2026-05-13-expo",
        title="澜石科技参加工业自动化展",
        summary=EXPO_SUMMARY,
        date="2026-05-13 09:00",
        slug="expo",
        keywords=["自动化展"],
        body="公司参加自动化展。\n\n![展台全景](expo.jpg)\n",
    )
    project.write_item(
        "industry",
        "2026-02-12-policy",
        title="工业互联网推进政策发布实施",
        summary="多地发布工业互联网推进政策，支持中小企业开展数字化改造和设备联网。",
        date="2026-02-12 08:00",
        slug="policy",
        categories=["政策法规"],
        keywords=["工业互联网"],
        body="多地发布工业互联网推进政策。\n",
    )
    project.write(
        "content/industry/posts/2026/chart.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#1565c0"/></svg>\n',
    )
    project.write_item(
        "industry",
        "2026-03-01-svg-cover",
        title="工业互联网平台数量持续增长",
        summary="工业互联网平台数量持续增长，重点平台连接设备数量超过一亿台，服务企业数量稳步增加。",
        date="2026-03-01 08:00",
        slug="svg-cover",
        categories=["市场动态"],
        keywords=["工业互联网"],
        cover="chart.svg",
        body="工业互联网平台数量持续增长。\n",
    )
    project.write_item(
        "news", "draft-item", title="尚未完成的草稿新闻", slug="draft-item", draft=True
    )
    project.write_item(
        "news", "scheduled-item", title="定时发布的测试新闻", slug="scheduled-item", date=future()
    )
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    project = seo_site(tmp_path_factory.mktemp("seo-site"))
    # the update log is internal by default; published here, its head tags and sitemap entry
    project.write("site_config/records.yml", "publish: true\n")
    result = project.cli("build")
    assert result.exit_code == 0, result.output
    return project


def head(project: Project, url: str) -> Head:
    return Head(project.html(url))


# -- head tags --------------------------------------------------------------------------------


def test_item_page_has_canonical_description_open_graph_and_twitter_tags(built: Project) -> None:
    page = head(built, GATEWAY)
    summary = "新一代工业网关支持更多工业协议，功耗低于五瓦，适合产线和配电房使用。"
    assert page.canonical == BASE + GATEWAY  # site.yml's base_url, not mkdocs.yml's site_url
    assert page.one("description") == summary  # once: Material's tag, not repeated
    assert page.one("og:type") == "article"
    assert page.one("og:url") == BASE + GATEWAY
    assert page.one("og:title") == page.one("twitter:title") == "澜石科技发布新一代工业网关<5W功耗"
    assert page.one("og:description") == page.one("twitter:description") == summary
    assert page.one("og:image") == BASE + "news/2026/gateway.jpg"  # the cover, absolute
    assert (page.one("og:image:width"), page.one("og:image:height")) == ("400", "240")
    assert page.one("twitter:card") == "summary_large_image"
    assert page.one("twitter:image") == page.one("og:image")
    assert page.one("twitter:site") == "@lanshi_tech"
    assert page.one("article:published_time") == "2026-03-12T10:00:00+08:00"
    assert page.one("article:modified_time") == "2026-04-01T09:30:00+08:00"
    assert page.all("article:tag") == ["工业网关", "功耗"]


def test_news_item_carries_news_article_json_ld(built: Project) -> None:
    html = built.html(GATEWAY)
    (raw,) = head(built, GATEWAY).json_ld
    assert "</" not in raw and "<" not in raw  # the title's "<" is escaped for the <script>
    data = json.loads(raw)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "澜石科技发布新一代工业网关<5W功耗"
    assert data["datePublished"] == "2026-03-12T10:00:00+08:00"
    assert data["dateModified"] == "2026-04-01T09:30:00+08:00"
    assert data["author"] == [{"@type": "Person", "name": "张伟"}]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "澜石智能科技有限公司",
        "logo": {
            "@type": "ImageObject",
            "url": BASE + "assets/images/logo.png",
            "width": 64,
            "height": 64,
        },
    }
    assert data["image"] == [BASE + "news/2026/gateway.jpg"]
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": BASE + GATEWAY}
    # the NewsArticle once, in the head; the body's one is the breadcrumb's BreadcrumbList
    assert html.count("application/ld+json") == 2
    body = html.split("</head>", 1)[1]
    assert body.count("application/ld+json") == 1 and '"BreadcrumbList"' in body


def test_a_summary_with_quotes_is_the_whole_meta_description(built: Project) -> None:
    page = head(built, EXPO)
    assert page.one("description") == EXPO_SUMMARY  # Material's tag, escaped
    assert page.one("og:description") == page.one("twitter:description") == EXPO_SUMMARY
    assert json.loads(page.json_ld[0])["description"] == EXPO_SUMMARY


def test_first_body_picture_or_the_site_image_is_the_share_image(built: Project) -> None:
    expo = head(built, EXPO)
    assert expo.one("og:image") == BASE + "news/2026/expo.jpg"  # no cover: the body's picture
    assert json.loads(expo.json_ld[0])["dateModified"] == "2026-05-13T09:00:00+08:00"
    policy = head(built, POLICY)  # industry: no picture at all, and not a NewsArticle
    assert policy.one("og:image") == BASE + "assets/images/share.jpg"
    assert policy.one("og:type") == "article"
    assert policy.json_ld == []
    svg = head(built, "industry/2026/03/01/svg-cover/")  # an SVG cover is never og:image
    assert svg.one("og:image") == BASE + "assets/images/share.jpg"


def test_fixed_and_list_pages_describe_themselves(built: Project) -> None:
    about = head(built, "about/")
    assert about.one("description") == "澜石科技专注工业物联网与能源管理，服务制造业客户。"
    assert about.one("og:type") == "website" and about.json_ld == []
    assert about.one("og:url") == about.canonical == BASE + "about/"
    assert about.one("twitter:card") == "summary_large_image"
    news = "澜石科技的公司新闻：产品、荣誉、合作与活动。"  # content/news/index.md
    descriptions = {
        "news/": news,
        "news/archive/2026/": f"公司新闻 · 2026 年归档 · {news}",
        "news/category/chan-pin-fa-bu/": f"公司新闻 · 产品发布 · {news}",
    }
    for url, description in descriptions.items():
        page = head(built, url)
        assert page.one("description") == description, url
        assert page.one("og:description") == description
        assert page.one("og:url") == page.canonical == BASE + url
        assert page.one("og:type") == "website"
    assert head(built, "news/archive/2026/").one("og:title") == "公司新闻 · 2026 年归档"


def test_a_generated_page_without_a_summary_shares_the_site_description(built: Project) -> None:
    """The update log has no summary: its previews say what Material's description says,
    never an empty text."""
    site_description = "澜石智能科技有限公司官方网站：公司新闻与行业资讯。"  # mkdocs.yml
    page = head(built, "update-log/")
    assert page.one("description") == site_description
    assert page.one("og:description") == page.one("twitter:description") == site_description

    # and with no description anywhere there is no empty tag at all
    facts = PageFacts("更新记录", "", BASE + "update-log/", "澜石科技", "zh")
    names = [name for _, name, _ in meta_tags(facts)]
    assert "og:description" not in names and "twitter:description" not in names
    assert "og:title" in names and "og:url" in names


# -- robots.txt and the sitemap ---------------------------------------------------------------


def sitemap(site: Path) -> dict[str, str | None]:
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    return {
        url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext(
            "s:lastmod", namespaces=SITEMAP_NS
        )
        for url in root.findall("s:url", SITEMAP_NS)
    }


def test_robots_txt_points_at_the_sitemap(built: Project) -> None:
    robots = (built.site / "robots.txt").read_text("utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


def test_sitemap_lists_published_pages_with_their_last_change(built: Project) -> None:
    entries = sitemap(built.site)
    assert entries[BASE + GATEWAY] == "2026-04-01T09:30:00+08:00"  # updated
    assert entries[BASE + EXPO] == "2026-05-13T09:00:00+08:00"  # date
    assert entries[BASE + POLICY] == "2026-02-12T08:00:00+08:00"
    # a list page: the newest item it shows (these sources are newer: not in git, mtime)
    assert entries[BASE + "news/archive/2026/"] == "2026-05-13T09:00:00+08:00"
    assert entries[BASE + "news/category/chan-pin-fa-bu/"] == "2026-04-01T09:30:00+08:00"
    for url in ("", "about/", "contact/", "news/", "industry/"):
        assert entries[BASE + url], url
    assert not [url for url in entries if "draft-item" in url or "scheduled-item" in url]
    assert all(url.startswith(BASE) for url in entries)
    assert all(entries.values())  # every page has a date: the empty update log the newest
    assert entries[BASE + "update-log/"] == max(entries.values())
    assert (
        gzip.decompress((built.site / "sitemap.xml.gz").read_bytes())
        == (built.site / "sitemap.xml").read_bytes()
    )


def test_a_rebuild_gives_the_same_sitemap_bytes(built: Project) -> None:
    before = [(built.site / name).read_bytes() for name in ("sitemap.xml", "sitemap.xml.gz")]
    result = built.cli("build")
    assert result.exit_code == 0, result.output
    after = [(built.site / name).read_bytes() for name in ("sitemap.xml", "sitemap.xml.gz")]
    assert after == before


def test_a_preview_with_drafts_still_keeps_them_out_of_the_sitemap(built: Project) -> None:
    result = built.cli("build", "--drafts")
    assert result.exit_code == 0, result.output
    assert (built.preview / "news/2026/03/12/draft-item/index.html").is_file()
    assert not [url for url in sitemap(built.preview) if "draft-item" in url]


# -- configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["www.example.com/", "https://www.example.com", "ftp://example.com/", "[1, 2]"]
)
def test_a_bad_base_url_is_a_configuration_error(empty_project: Project, value: str) -> None:
    site_yml = empty_project.root / "site_config/site.yml"
    text = re.sub(r"(?m)^base_url: .*$", f"base_url: {value}", site_yml.read_text("utf-8"))
    site_yml.write_text(text, "utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("base_url:"))
    result = empty_project.cli("check")
    assert result.exit_code == 2
    assert f"site_config/site.yml:{line}" in result.output
    assert "base_url" in result.output and "以 / 结尾" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("warnings: true\nimgae: a.jpg\n", 2, "是不是想写“image”"),
        ("image: assets/logo.svg\n", 1, "不能用 SVG"),
        ("warnings: sometimes\n", 1, "只能是 true 或 false"),
        ("summary: {min: 90, max: 40}\n", 1, "min 不大于 max"),
        ("warnings: true\nsummary:\n  min: 40\n  mx: 100\n", 4, "是不是想写“max”"),
    ],
)
def test_bad_seo_settings_are_configuration_errors(
    empty_project: Project, text: str, line: int, expected: str
) -> None:
    empty_project.write("site_config/seo.yml", text)
    result = empty_project.cli("check")
    assert result.exit_code == 2, result.output
    assert f"site_config/seo.yml:{line}" in result.output and expected in result.output


def test_a_missing_configured_image_is_an_error_at_its_line(empty_project: Project) -> None:
    empty_project.write("site_config/seo.yml", "warnings: false\nimage: assets/share.jpg\n")
    status, found = check(empty_project)
    assert status == 1
    assert located(found) == [("site_config/seo.yml", 2, "seo/image-missing")]


# -- SEO warnings -----------------------------------------------------------------------------


def check(project: Project, *args: str) -> tuple[int, list[dict]]:
    result = project.cli(*args, "check", "--format", "json")
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def located(findings: list[dict]) -> list[tuple[str, int | None, str]]:
    return [(f["path"], f["line"], f["rule"]) for f in findings]


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if needle in text)


@pytest.fixture
def seo_on(empty_project: Project) -> Project:
    empty_project.write("site_config/seo.yml", "warnings: true\nsummary: {min: 30, max: 60}\n")
    make_jpeg(empty_project.content / "news/posts/2026/good.jpg", size=(120, 80))
    return empty_project


GOOD = {
    "title": "澜石科技发布工业网关新品",
    "summary": "澜石科技发布新一代工业网关，支持多种工业协议，适合产线与配电房使用。",
    "keywords": ["工业网关", "工业协议"],
    "cover": "good.jpg",
}
GOOD_BODY = "这款工业网关支持多种工业协议。\n\n## 技术参数\n\n### 接口\n\n四个网口。\n"


def seo_rules(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["rule"].startswith("seo/")]


def test_a_good_item_has_no_seo_warnings(seo_on: Project) -> None:
    seo_on.write_item("news", "good", body=GOOD_BODY, **GOOD)
    status, findings = check(seo_on)
    assert (status, findings) == (0, [])


def test_title_without_any_keyword(seo_on: Project) -> None:
    path = seo_on.write_item(
        "news", "t", body=GOOD_BODY + "能源管理。\n", **{**GOOD, "keywords": ["能源管理"]}
    )
    status, findings = check(seo_on)
    assert status == 0  # warnings never block
    assert located(findings) == [
        (path_of(seo_on, path), line_of(path, "title:"), "seo/title-keywords")
    ]
    assert findings[0]["severity"] == "warning"
    assert findings[0]["message"] == "标题里没有任何一个关键词（能源管理）"
    assert "把最重要的关键词写进标题" in findings[0]["hint"]


def test_keyword_case_does_not_matter(seo_on: Project) -> None:
    seo_on.write_item(
        "news",
        "c",
        body="全新 LS-G500 网关。\n",
        **{**GOOD, "title": "澜石科技发布ls-g500网关", "keywords": ["LS-G500"]},
    )
    assert seo_rules(check(seo_on)[1]) == []


def test_keyword_missing_from_the_body_is_reported_at_its_own_line(seo_on: Project) -> None:
    path = seo_on.write_item(
        "news", "k", body=GOOD_BODY, **{**GOOD, "keywords": ["工业网关", "边缘计算", "工业协议"]}
    )
    _, findings = check(seo_on, "--lang", "en")
    assert located(findings) == [
        (path_of(seo_on, path), line_of(path, "- 边缘计算"), "seo/keyword-not-in-body")
    ]
    assert findings[0]["message"] == "the keyword '边缘计算' never appears in the body"


@pytest.mark.parametrize(
    ("summary", "rule"),
    [
        ("澜石科技发布新一代工业网关，适合产线使用。", "seo/summary-short"),  # 21: schema allows 20
        ("澜石科技发布新一代工业网关，" * 5, "seo/summary-long"),  # 70: schema allows 120
    ],
)
def test_summary_outside_the_recommended_length(seo_on: Project, summary: str, rule: str) -> None:
    path = seo_on.write_item("news", "s", body=GOOD_BODY, **{**GOOD, "summary": summary})
    _, findings = check(seo_on)
    assert located(findings) == [(path_of(seo_on, path), line_of(path, "summary:"), rule)]
    assert f"{len(summary)} 个字" in findings[0]["message"] and "30–60" in findings[0]["message"]


@pytest.mark.parametrize("length", [30, 60])
def test_a_summary_exactly_at_a_bound_is_fine(seo_on: Project, length: int) -> None:
    summary = ("澜石科技发布新一代工业网关，" * 5)[:length]
    seo_on.write_item("news", "s", body=GOOD_BODY, **{**GOOD, "summary": summary})
    assert seo_rules(check(seo_on)[1]) == []


def test_summary_beyond_the_schema_limit_is_only_the_schema_error(seo_on: Project) -> None:
    seo_on.write("site_config/seo.yml", "summary: {min: 30, max: 200}\n")
    seo_on.write_item("news", "s", body=GOOD_BODY, **{**GOOD, "summary": "太短的摘要"})
    _, findings = check(seo_on)
    assert [f["rule"] for f in findings] == ["schema/too-short"]


def test_duplicate_titles_name_each_other(seo_on: Project) -> None:
    first = seo_on.write_item("news", "a", body=GOOD_BODY, slug="a", **GOOD)
    cover = "/news/posts/2026/good.jpg"
    second = seo_on.write_item(
        "industry", "b", body=GOOD_BODY, slug="b", **{**GOOD, "cover": cover}
    )
    findings = seo_rules(check(seo_on)[1])
    assert located(findings) == [
        (path_of(seo_on, second), 2, "seo/duplicate-title"),
        (path_of(seo_on, first), 2, "seo/duplicate-title"),
    ]
    assert path_of(seo_on, first) in findings[0]["message"]
    assert path_of(seo_on, second) in findings[1]["message"]


def test_item_without_any_picture(seo_on: Project) -> None:
    path = seo_on.write_item("news", "n", body=GOOD_BODY, **{**GOOD, "cover": None})
    findings = seo_rules(check(seo_on)[1])  # good.jpg is unreferenced now, too
    closing = len(path.read_text("utf-8").split("\n---\n", 1)[0].splitlines()) + 1
    assert located(findings) == [(path_of(seo_on, path), closing, "seo/no-image")]
    assert "cover" in findings[0]["hint"]
    seo_on.write_item(
        "news", "n", body=GOOD_BODY + "\n![产品外观](good.jpg)\n", **{**GOOD, "cover": None}
    )
    assert seo_rules(check(seo_on)[1]) == []  # a picture in the body is enough


def test_headings_that_skip_a_level(seo_on: Project) -> None:
    body = "开头。\n\n## 工业网关\n\n#### 工业协议\n\n```\n###### 代码里的不算\n```\n"
    path = seo_on.write_item("news", "h", body=body, **GOOD)
    page = seo_on.write_page(
        "about.md",
        "关于我们",
        "澜石科技专注工业物联网与能源管理，服务制造业客户。",
        "### 公司简介\n",
    )
    _, findings = check(seo_on)
    assert located(findings) == [
        (path_of(seo_on, page), line_of(page, "### 公司简介"), "seo/heading-skip"),
        (path_of(seo_on, path), line_of(path, "#### 工业协议"), "seo/heading-skip"),
    ]
    assert findings[1]["column"] == 1
    assert findings[1]["message"] == "小标题跳级：上一级是 2 级，这里直接用了 4 级"
    assert "改成 ### 开头" in findings[1]["hint"]


def test_setext_headings_count_and_code_does_not(seo_on: Project) -> None:
    """Python-Markdown renders "文字" over "---" as an h2: ## A, ### B, C/---, #### D skips."""
    body = (
        "## 工业网关\n\n### 接口\n\n概况\n----\n\n#### 工业协议\n\n"
        "    #### 缩进的代码不算\n\n```\n概况\n====\n```\n\n段落第一行\n第二行\n---\n"
    )
    path = seo_on.write_item("news", "h", body=body, **GOOD)
    _, findings = check(seo_on)
    assert located(findings) == [
        (path_of(seo_on, path), line_of(path, "#### 工业协议"), "seo/heading-skip")
    ]
    assert findings[0]["message"] == "小标题跳级：上一级是 2 级，这里直接用了 4 级"
    # an "===" title then "###": level 1 then 3, reported at the heading's text line
    seo_on.write_item("news", "h", body="工业网关\n====\n\n### 工业协议\n", **GOOD)
    _, findings = check(seo_on)
    assert located(findings) == [
        (path_of(seo_on, path), line_of(path, "### 工业协议"), "seo/heading-skip")
    ]
    seo_on.write_item("news", "h", body="## 工业网关\n\n### 工业协议\n\n小结\n---\n", **GOOD)
    assert check(seo_on) == (0, [])


def test_full_width_keywords_match_and_comments_do_not(seo_on: Project) -> None:
    """Chinese input methods type ＬＳ－Ｇ５００; a keyword only in a comment is not content."""
    path = seo_on.write_item(
        "news",
        "w",
        body="全新 LS-G500 工业网关支持工业协议。\n<!-- 边缘计算 -->\n",
        **{**GOOD, "title": "澜石科技发布ＬＳ－Ｇ５００网关", "keywords": ["ls-g500", "边缘计算"]},
    )
    _, findings = check(seo_on)
    assert located(findings) == [
        (path_of(seo_on, path), line_of(path, "- 边缘计算"), "seo/keyword-not-in-body")
    ]


def test_a_missing_keyword_after_a_repeated_one_is_reported_at_its_own_line(
    seo_on: Project,
) -> None:
    """The schema drops the repeated entry; the line must still be the missing keyword's."""
    path = seo_on.write_item(
        "news", "r", body=GOOD_BODY, **{**GOOD, "keywords": ["工业网关", "工业网关", "边缘计算"]}
    )
    _, findings = check(seo_on)
    assert located(findings) == [
        (path_of(seo_on, path), line_of(path, "- 边缘计算"), "seo/keyword-not-in-body")
    ]


def test_an_update_before_the_date(seo_on: Project) -> None:
    path = seo_on.write_item("news", "u", body=GOOD_BODY, updated="2026-03-01 08:00", **GOOD)
    _, findings = check(seo_on)
    assert located(findings) == [
        (path_of(seo_on, path), line_of(path, "updated:"), "seo/updated-before-date")
    ]
    seo_on.write_item("news", "u", body=GOOD_BODY, updated="2026-03-13 08:00", **GOOD)
    assert check(seo_on) == (0, [])


def test_seo_warnings_can_be_turned_off(seo_on: Project) -> None:
    seo_on.write("site_config/seo.yml", "warnings: false\n")
    seo_on.write_item(
        "news", "n", body="#### 跳级\n", **{**GOOD, "cover": None, "keywords": ["无关"]}
    )
    status, findings = check(seo_on)
    assert status == 0 and seo_rules(findings) == []


def path_of(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


# -- the sample site --------------------------------------------------------------------------


def test_the_sample_site_has_no_seo_warnings(tmp_path: Path) -> None:
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "site_config", tmp_path / "site_config")
    shutil.copytree(REPO / "content", tmp_path / "content")
    sample = Project(tmp_path)
    status, findings = check(sample)
    assert status == 0
    assert [f for f in findings if f["severity"] != "note"] == []
    assert len(list(sample.content.glob("*/posts/*/*.md"))) == 33  # all of them were checked


def test_fixed_pages_take_their_last_commit_date(empty_project: Project) -> None:
    repo = init_repo(empty_project.root)
    commit_all(repo, "2026-06-01 09:00", "初始内容")
    empty_project.write_page(
        "about.md", "关于我们", "澜石科技专注工业物联网与能源管理，服务制造业客户。"
    )
    commit_all(repo, "2026-07-02 15:30", "更新关于我们")
    result = empty_project.cli("build")
    assert result.exit_code == 0, result.output
    entries = sitemap(empty_project.site)
    base = "https://www.lanshi-tech.example/"
    assert entries[base + "about/"] == "2026-07-02T15:30:00+08:00"
    assert entries[base + "contact/"] == "2026-06-01T09:00:00+08:00"
