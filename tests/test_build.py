"""`pipeline build` and plain `mkdocs build`: real builds of fixture sites, checked in the output.

Most read-only assertions share one build of a richer site (`built`, module-scoped):
posts of both sections, a paginated news section, and items that must not be
published (a draft, a scheduled item, one dated in the future, an expired one).
Tests that change content or need another build make their own project.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import REPO, Project, _base_project, future, make_jpeg, past

SITE_URL = "https://www.lanshi-tech.example/"
ANNUAL = "news/2026/01/08/annual-meeting/"
GATEWAY = "news/2026/03/12/new-gateway/"
HIGH_TECH = "news/2026/05/28/lan-shi-ke-ji-tong-guo-gao-xin-ji-shu-qi-ye-ren-ding/"
EARLY = "news/2026/03/01/early-morning/"
ENERGY = "industry/2026/02/12/energy-audit-standard/"
EDGE = "industry/2026/06/10/bian-yuan-ji-suan-zai-zhi-zao-ye-jia-su-luo-di/"
MARKET = "industry/2026/04/20/market-review/"

# Words that appear only in items which must not be published; none may reach the site.
HIDDEN_WORDS = {
    "draft": "草稿专用词甲",
    "scheduled": "定时专用词乙",
    "future-date": "未来专用词丙",
    "expired": "过期专用词丁",
}
# Category pages that only hidden items would create.
HIDDEN_CATEGORIES = ("news/category/rong-yu-zi-zhi/", "news/category/he-zuo-qian-yue/")

NO_TRACEBACK = "Traceback (most recent call last)"


# -- helpers ------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.links: list[dict] = []
        self.metas: list[dict] = []
        self.times: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            self.metas.append(attrs)
        elif tag == "time" and attrs.get("datetime"):
            self.times.append(attrs["datetime"])


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def article(html: str) -> str:
    """The main content of a page (without navigation, header and footer)."""
    start = html.index('<div class="md-content')
    return html[start : html.index("</main>", start)]


def meta_description(html: str) -> str | None:
    for meta in parse(html).metas:
        if meta.get("name") == "description":
            return meta.get("content")
    return None


def resolve(page_url: str, href: str) -> str:
    """The site-relative URL path that ``href`` on page ``page_url`` points at."""
    absolute = urljoin(SITE_URL + page_url, href)
    assert absolute.startswith(SITE_URL), (page_url, href)
    return urlsplit(absolute).path[1:]


def target_file(site: Path, url_path: str) -> Path:
    path = site / url_path
    return path / "index.html" if url_path.endswith("/") or not url_path else path


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def site_digest(site: Path) -> dict[str, bytes]:
    """Every file of a built site with its bytes: equal digests mean an identical site."""
    assert site.is_dir()
    return site_files(site)


def post_urls(site: Path) -> set[str]:
    """URL paths of every post page (section/yyyy/mm/dd/slug/) in a built site."""
    pattern = re.compile(r"^(news|industry)/\d{4}/\d{2}/\d{2}/[^/]+/index\.html$")
    return {
        p.relative_to(site).as_posix().removesuffix("index.html")
        for p in site.rglob("index.html")
        if pattern.match(p.relative_to(site).as_posix())
    }


def feed(site: Path, section: str) -> ET.Element:
    return ET.fromstring((site / section / "rss.xml").read_bytes())


def feed_links(site: Path, section: str) -> list[str]:
    return [entry.findtext("link") for entry in feed(site, section).iter("item")]


def json_findings(stdout: str) -> list[dict]:
    return json.loads(stdout)["findings"]


def mkdocs(project: Project, *args: str) -> subprocess.CompletedProcess:
    """A real, plain `mkdocs` process in the project folder."""
    return project.run(sys.executable, "-m", "mkdocs", *args, env={"NO_MKDOCS_2_WARNING": "1"})


def staging_leftovers(project: Project) -> list[str]:
    """Folders killed or failed builds left beside site/ (the lock file is meant to stay)."""
    return sorted(
        p.name for p in project.root.iterdir() if p.name.startswith(".site.") and p.is_dir()
    )


# -- the shared site ----------------------------------------------------------------------

FILLER_DAYS = range(2, 11)  # nine more published news items, dated 2026-02-02 .. 2026-02-10


def _write_rich_site(project: Project) -> None:
    make_jpeg(project.content / "news/posts/2026/gateway.jpg")
    project.write_page(
        "index.md",
        "澜石科技",
        "澜石智能科技有限公司官方网站，发布公司新闻与行业资讯。",
        "# 澜石科技\n\n## 公司新闻\n\n<!-- pipeline:latest news 5 -->\n\n"
        "## 行业资讯\n\n<!-- pipeline:latest industry 2 -->\n",
    )
    project.write_item(
        "news",
        "2026-01-08-annual-meeting",
        title="澜石科技召开二〇二六年度工作会议",
        summary="年度工作会议回顾经营情况并部署新一年重点工作的摘要。",
        date="2026-01-08 09:30",
        slug="annual-meeting",
        author="liuyang",
        body="公司在杭州总部召开年度工作会议，详见[会议议程](#会议议程)。\n\n## 会议议程\n\n"
        "会议议程正文只在文章页出现。\n",
    )
    project.write_item(
        "news",
        "2026-03-12-new-gateway",
        title="澜石科技发布新一代工业物联网网关",
        summary="新一代工业物联网网关发布的摘要，列表页应显示这句话。",
        date="2026-03-12 10:00",
        slug="new-gateway",
        categories=["产品发布"],
        cover="gateway.jpg",
        body="网关正文独有的句子不应出现在列表页。\n\n![网关产品外观](gateway.jpg)\n\n"
        "详见[年度会议](2026-01-08-annual-meeting.md)。\n",
    )
    project.write_item(
        "news",
        "2026-05-28-high-tech",
        title="澜石科技通过高新技术企业认定",
        date="2026-05-28",
        body="公司再次通过高新技术企业认定。\n",
    )
    project.write_item(
        "news",
        "2026-03-01-early-morning",
        title="澜石科技清晨发布的消息",
        date="2026-03-01 07:00",  # 23:00 UTC the day before
        slug="early-morning",
        body="早上七点发布的消息。\n",
    )
    for day in FILLER_DAYS:
        project.write_item(
            "news",
            f"2026-02-{day:02d}-filler",
            title=f"澜石科技二月第{day}条公司动态",
            date=f"2026-02-{day:02d} 12:00",
            slug=f"filler-{day}",
            body="例行公司动态。\n",
        )
    # not published, each in its own way
    project.write_item(
        "news",
        "2025-12-30-draft",
        title=f"澜石科技{HIDDEN_WORDS['draft']}新闻",
        date="2025-12-30 10:00",
        slug="draft-item",
        categories=["荣誉资质"],
        tags=["草稿专用标签"],
        draft=True,
        body=f"{HIDDEN_WORDS['draft']}正文。\n",
    )
    project.write_item(
        "news",
        "2026-02-20-scheduled",
        title=f"澜石科技{HIDDEN_WORDS['scheduled']}新闻",
        date="2026-02-20 10:00",
        publish=future(30),
        slug="scheduled-item",
        categories=["合作签约"],
        body=f"{HIDDEN_WORDS['scheduled']}正文。\n",
    )
    project.write_item(
        "news",
        "2026-02-21-future-date",
        title=f"澜石科技{HIDDEN_WORDS['future-date']}新闻",
        date=future(10),
        slug="future-date-item",
        body=f"{HIDDEN_WORDS['future-date']}正文。\n",
    )
    project.write_item(
        "industry",
        "2026-02-22-expired",
        title=f"行业{HIDDEN_WORDS['expired']}资讯标题",
        date=past(90),
        expire=past(30),
        slug="expired-item",
        body=f"{HIDDEN_WORDS['expired']}正文。\n",
    )
    project.write_item(
        "industry",
        "2026-02-12-energy-standard",
        title="工业企业能源审计新标准发布实施",
        date="2026-02-12 08:00",
        slug="energy-audit-standard",
        categories=["标准规范"],
        source={"name": "国家标准信息平台", "url": "https://std.example.gov.cn/energy-audit"},
        body="新标准对工业企业能源审计的范围和方法作出规定。\n",
    )
    project.write_item(
        "industry",
        "2026-04-20-market-review",
        title="工业物联网市场季度回顾",
        date="2026-04-20 09:00",
        slug="market-review",
        author="chenjing",
        body="市场回顾正文。\n",
    )
    project.write_item(
        "industry",
        "2026-06-10-edge-computing",
        title="边缘计算在制造业加速落地",
        date="2026-06-10 14:00",
        categories=["技术趋势"],
        body="边缘计算正在制造业现场加速落地，数字孪生应用随之增加。\n",
    )


NEWS_PUBLISHED = [  # newest first
    HIGH_TECH,
    GATEWAY,
    EARLY,
    *(f"news/2026/02/{day:02d}/filler-{day}/" for day in reversed(FILLER_DAYS)),
    ANNUAL,
]
INDUSTRY_PUBLISHED = [EDGE, MARKET, ENERGY]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    """The rich site, built once by `pipeline build` for the read-only tests below."""
    project = _base_project(tmp_path_factory.mktemp("built"))
    _write_rich_site(project)
    result = project.cli("build")
    assert result.exit_code == 0, result.output
    return project


# -- pages at their URLs ------------------------------------------------------------------


def test_posts_are_at_dated_urls_with_pinyin_default_slug(built: Project) -> None:
    assert post_urls(built.site) == set(NEWS_PUBLISHED) | set(INDUSTRY_PUBLISHED)
    # no slug given: the pinyin of the title
    assert "<h1>澜石科技通过高新技术企业认定</h1>" in built.html(HIGH_TECH)
    assert "边缘计算在制造业加速落地" in built.html(EDGE)


def test_fixed_pages_archive_and_category_pages(built: Project) -> None:
    assert "公司简介。" in article(built.html("about/"))
    assert "0571-8690 1234" in article(built.html("contact/"))
    archive = article(built.html("news/archive/2026/"))
    assert "澜石科技发布新一代工业物联网网关" in archive
    category = article(built.html("news/category/chan-pin-fa-bu/"))
    assert "澜石科技发布新一代工业物联网网关" in category
    assert "澜石科技通过高新技术企业认定" not in category  # that one is 公司动态
    assert "工业企业能源审计新标准发布实施" in article(
        built.html("industry/category/biao-zhun-gui-fan/")
    )
    assert (built.site / "industry/archive/2026/index.html").is_file()


def test_section_index_is_paginated(built: Project) -> None:
    first = article(built.html("news/"))
    second = article(built.html("news/page/2/"))
    assert "澜石科技通过高新技术企业认定" in first  # newest on page 1
    assert "澜石科技召开二〇二六年度工作会议" in second  # oldest of 13 items (12 a page)
    assert "澜石科技召开二〇二六年度工作会议" not in first
    assert not (built.site / "news/page/3").exists()
    assert not (built.site / "industry/page/2").exists()  # three items fit on one page


def test_posts_show_their_authors(built: Project) -> None:
    # the author's display name (authors.yml) on the meta line under the title; the news
    # centre has no "元数据" sidebar with avatars any more
    author = '<span class="pipeline-meta__author">{}</span>'
    gateway = built.html(GATEWAY)
    assert author.format("张伟") in gateway and "元数据" not in gateway
    assert author.format("刘洋") in built.html(ANNUAL)
    assert author.format("陈静") in built.html(MARKET)


def test_home_lists_latest_items_newest_first_with_working_links(built: Project) -> None:
    home = article(built.html(""))
    news_part, industry_part = home.split("行业资讯", 1)
    news_links = [resolve("", href) for href in parse(news_part).hrefs if "/20" in href]
    industry_links = [resolve("", href) for href in parse(industry_part).hrefs if "/20" in href]
    assert news_links == NEWS_PUBLISHED[:5]  # `<!-- pipeline:latest news 5 -->`
    assert industry_links == INDUSTRY_PUBLISHED[:2]  # `<!-- pipeline:latest industry 2 -->`
    for url in news_links + industry_links:
        assert target_file(built.site, url).is_file(), url
    assert "pipeline:latest" not in built.html("")


# -- what is not published ----------------------------------------------------------------


def readable(name: str, data: bytes) -> str:
    """A built file as searchable text: JSON unescaped, jieba's word separators removed."""
    text = data.decode("utf-8", "replace")
    if name.endswith(".json"):
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text.replace("\u200b", "")


@pytest.mark.parametrize("reason", sorted(HIDDEN_WORDS))
def test_unpublished_items_are_nowhere_in_the_site(built: Project, reason: str) -> None:
    word = HIDDEN_WORDS[reason]
    files = site_files(built.site)
    assert "search/search_index.json" in files and "news/rss.xml" in files
    leaks = [name for name, data in files.items() if word in readable(name, data)]
    assert leaks == []
    assert not list(built.site.rglob("*-item"))  # none of their slugs became a page


def test_unpublished_items_create_no_archive_or_category_pages(built: Project) -> None:
    assert not (built.site / "news/archive/2025").exists()  # only the draft is from 2025
    for url in HIDDEN_CATEGORIES:
        assert not target_file(built.site, url).exists(), url
    assert not (built.site / "tags.json").exists()  # mkdocs.yml: the tags export is off


@pytest.fixture
def with_hidden(project: Project) -> Project:
    project.write_item(
        "news",
        "2026-04-01-draft",
        title=f"澜石科技{HIDDEN_WORDS['draft']}新闻",
        date="2026-04-01 10:00",
        slug="draft-item",
        draft=True,
    )
    project.write_item(
        "news",
        "2026-04-02-scheduled",
        title=f"澜石科技{HIDDEN_WORDS['scheduled']}新闻",
        date="2026-04-02 10:00",
        publish=future(30),
        slug="scheduled-item",
    )
    return project


def test_build_with_drafts_includes_drafts_in_the_preview_folder_only(
    with_hidden: Project,
) -> None:
    result = with_hidden.cli("build")
    assert result.exit_code == 0, result.output
    published = with_hidden.content_digest(), sorted(with_hidden.site.rglob("*"))

    result = with_hidden.cli("build", "--drafts")
    assert result.exit_code == 0, result.output
    page = with_hidden.html("news/2026/04/01/draft-item/", preview=True)
    assert HIDDEN_WORDS["draft"] in page
    assert not (with_hidden.preview / "news/2026/04/02/scheduled-item").exists()
    # the publishable site is not touched by a preview build
    assert (with_hidden.content_digest(), sorted(with_hidden.site.rglob("*"))) == published
    assert not (with_hidden.site / "news/2026/04/01/draft-item").exists()


def test_build_now_previews_a_schedule(with_hidden: Project) -> None:
    result = with_hidden.cli("build", "--now", future(31))
    assert result.exit_code == 0, result.output
    page = with_hidden.html("news/2026/04/02/scheduled-item/", preview=True)
    assert HIDDEN_WORDS["scheduled"] in page
    assert "news/2026/04/02/scheduled-item/" in " ".join(feed_links(with_hidden.preview, "news"))
    assert not (with_hidden.preview / "news/2026/04/01/draft-item").exists()  # still a draft
    assert not with_hidden.site.exists()  # a preview never becomes the publishable site


# -- dates ----------------------------------------------------------------------------------


def test_local_time_without_offset_is_shanghai_time(built: Project) -> None:
    entries = {e.findtext("link"): e for e in feed(built.site, "news").iter("item")}
    entry = entries[SITE_URL + EARLY]  # 1 March, not 28 February as in UTC
    assert entry.findtext("pubDate") == "Sun, 01 Mar 2026 07:00:00 +0800"
    # a bare date is midnight in Shanghai
    assert entries[SITE_URL + HIGH_TECH].findtext("pubDate") == "Thu, 28 May 2026 00:00:00 +0800"
    # the item's own dates (its article); related items under it show theirs
    own = built.html(EARLY).split("<article", 1)[1].split("</article>", 1)[0]
    times = parse(own).times
    assert times, "no <time datetime> on the post"
    for value in times:
        moment = datetime.fromisoformat(value)
        assert moment.utcoffset() == timedelta(hours=8), value
        assert (moment.year, moment.month, moment.day, moment.hour) == (2026, 3, 1, 7)


# -- feeds, sitemap, search -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "expected"), [("news", NEWS_PUBLISHED), ("industry", INDUSTRY_PUBLISHED)]
)
def test_feed_lists_exactly_the_published_items_newest_first(
    built: Project, section: str, expected: list[str]
) -> None:
    root = feed(built.site, section)
    assert root.tag == "rss"
    channel = root.find("channel")
    assert channel.findtext("link") == f"{SITE_URL}{section}/"
    assert feed_links(built.site, section) == [SITE_URL + url for url in expected]
    dates = [parsedate_to_datetime(e.findtext("pubDate")) for e in root.iter("item")]
    assert dates == sorted(dates, reverse=True)
    for entry in root.iter("item"):
        assert entry.findtext("guid") == entry.findtext("link")
        assert entry.findtext("title") and entry.findtext("description")


def test_pages_announce_both_feeds(built: Project) -> None:
    for page in ("", GATEWAY, "about/"):
        feeds = [
            link
            for link in parse(built.html(page)).links
            if link.get("rel") == "alternate" and link.get("type") == "application/rss+xml"
        ]
        targets = sorted(resolve(page, link["href"]) for link in feeds)
        assert targets == ["industry/rss.xml", "news/rss.xml"], page
        for target in targets:
            assert (built.site / target).is_file()


def test_sitemap_lists_published_posts_only(built: Project) -> None:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring((built.site / "sitemap.xml").read_bytes())
    locations = {loc.text for loc in root.findall("s:url/s:loc", namespace)}
    for url in NEWS_PUBLISHED + INDUSTRY_PUBLISHED:
        assert SITE_URL + url in locations
    assert not [loc for loc in locations if "-item/" in loc]  # none of the hidden items


def test_search_index_holds_segmented_chinese(built: Project) -> None:
    index = json.loads((built.site / "search/search_index.json").read_text("utf-8"))
    docs = {doc["location"]: doc for doc in index["docs"]}
    edge = docs[EDGE]
    assert "边缘\u200b计算\u200b正在\u200b制造业" in edge["text"]
    assert "数字\u200b孪生" in edge["text"]
    assert "边缘\u200b计算" in edge["title"]
    assert "边缘计算正在" not in edge["text"]  # unsegmented text would not be found by word
    assert not [loc for loc in docs if "-item/" in loc]


# -- what pages show ------------------------------------------------------------------------


def test_chinese_headings_keep_their_words_as_anchors(built: Project) -> None:
    # editors link a heading by its own words; the strict build fails on an unknown anchor
    page = built.html("news/2026/01/08/annual-meeting/")
    assert 'id="会议议程"' in page
    assert 'href="#会议议程"' in page


def test_industry_item_links_its_source(built: Project) -> None:
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]*)</a>', article(built.html(ENERGY)))
    assert ("https://std.example.gov.cn/energy-audit", "国家标准信息平台") in links
    assert "国家标准信息平台" not in built.html(GATEWAY)


def test_summary_is_the_meta_description(built: Project) -> None:
    assert (
        meta_description(built.html(GATEWAY))
        == "新一代工业物联网网关发布的摘要，列表页应显示这句话。"
    )
    assert (
        meta_description(built.html(ANNUAL))
        == "年度工作会议回顾经营情况并部署新一年重点工作的摘要。"
    )
    assert (
        meta_description(built.html("about/"))
        == "澜石科技专注工业物联网与能源管理，服务制造业客户。"
    )
    assert (
        meta_description(built.html("")) == "澜石智能科技有限公司官方网站，发布公司新闻与行业资讯。"
    )


@pytest.mark.parametrize("page", ["news/", "news/archive/2026/", "news/category/chan-pin-fa-bu/"])
def test_list_pages_show_summaries_not_bodies(built: Project, page: str) -> None:
    listing = article(built.html(page))
    assert "新一代工业物联网网关发布的摘要，列表页应显示这句话。" in listing
    assert "网关正文独有的句子不应出现在列表页" not in listing
    links = [resolve(page, href) for href in parse(listing).hrefs]
    assert GATEWAY in links
    headings = re.findall(r"<h2([^>]*)><a href=\"([^\"]+)\" class=\"toclink\">", listing)
    assert headings, listing
    for attributes, href in headings:  # each item's heading is anchored by its slug
        slug = resolve(page, href).rstrip("/").rsplit("/", 1)[1]
        assert attributes == f' id="{slug}"', (page, attributes, href)
    for url in links:
        assert target_file(built.site, url).is_file(), (page, url)


# -- failures -------------------------------------------------------------------------------

BROKEN_ANCHOR = "见[会议议程](2026-01-08-annual-meeting.md#no-such-heading)。\n"


def add_broken_anchor(project: Project) -> int:
    """Append a link to a missing heading (only MkDocs can tell) to an item that already
    links the same page without an anchor; returns the line of the bad link."""
    path = project.content / "news/posts/2026/2026-03-12-new-gateway.md"
    text = path.read_text("utf-8")
    assert "(2026-01-08-annual-meeting.md)" in text
    path.write_text(text + "\n" + BROKEN_ANCHOR, encoding="utf-8")
    line = path.read_text("utf-8").split("\n").index(BROKEN_ANCHOR.rstrip("\n")) + 1
    return line


def test_broken_anchor_fails_the_build_naming_file_and_line(project: Project) -> None:
    line = add_broken_anchor(project)
    assert project.cli("check").exit_code == 0  # only the MkDocs build finds it

    result = project.pipeline("build", "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert NO_TRACEBACK not in result.stderr
    findings = [f for f in json_findings(result.stdout) if f["severity"] == "error"]
    assert len(findings) == 1, findings
    finding = findings[0]
    assert finding["path"] == "content/news/posts/2026/2026-03-12-new-gateway.md"
    assert finding["line"] == line
    assert "no-such-heading" in finding["message"]


def test_failed_build_leaves_the_previous_site_untouched(project: Project) -> None:
    assert project.cli("build").exit_code == 0
    before = site_digest(project.site)
    gateway = project.content / "news/posts/2026/2026-03-12-new-gateway.md"
    original = gateway.read_text("utf-8")

    # (a) a content error, found by the checks before MkDocs runs
    gateway.write_text(original.replace("author: zhangwei", "author: nobody"), encoding="utf-8")
    result = project.pipeline("build")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "schema/unknown-author" in result.stdout
    assert site_digest(project.site) == before
    assert staging_leftovers(project) == []

    # (b) a broken anchor, found only by MkDocs while rendering into the staging folder
    gateway.write_text(original, encoding="utf-8")
    add_broken_anchor(project)
    result = project.pipeline("build")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "build/mkdocs-warning" in result.stdout
    assert site_digest(project.site) == before
    assert staging_leftovers(project) == []


def test_a_build_killed_during_the_swap_loses_nothing(project: Project) -> None:
    """Killed between the swap's two renames: site/ is gone and the last good site waits
    under its previous-name. The next build puts it back first, so even a failing build
    leaves the previous site in place."""
    assert project.cli("build").exit_code == 0
    before = site_digest(project.site)
    project.site.rename(project.root / ".site.previous-1700000000000000000")

    add_broken_anchor(project)
    result = project.pipeline("build")
    assert result.returncode == 1, result.stdout + result.stderr
    assert site_digest(project.site) == before
    assert not list(project.root.glob(".site.previous-*"))


def test_broken_theme_override_fails_cleanly(project: Project) -> None:
    assert project.cli("build").exit_code == 0
    before = site_digest(project.site)
    project.write(
        "overrides/main.html",
        '{% extends "base.html" %}\n{% block extrahead %}{{ super() }\n{% endblock %}\n',
    )
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    )

    result = project.pipeline("build", "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert NO_TRACEBACK not in result.stderr
    errors = [f for f in json_findings(result.stdout) if f["severity"] == "error"]
    assert [(f["path"], f["line"]) for f in errors] == [("overrides/main.html", 2)]
    assert site_digest(project.site) == before
    assert staging_leftovers(project) == []


def test_pipeline_build_does_not_stand_in_for_a_later_mkdocs_build(project: Project) -> None:
    """MkDocs keeps plugin instances for a whole process; the content `pipeline build`
    handed to the plugin must not be reused by a later MkDocs build in that process."""
    script = (
        "import logging, sys\n"
        "from pathlib import Path\n"
        "logging.basicConfig(stream=sys.stdout, format='%(message)s')\n"
        "from pipeline.cli.main import main\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "try:\n"
        "    main(['build'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "item = Path('content/news/posts/2026/2026-05-28-high-tech.md')\n"
        "item.write_text(item.read_text('utf-8').replace('author: zhangwei', 'author: nobody'),"
        " encoding='utf-8')\n"
        "try:\n"
        "    build(load_config('mkdocs.yml'))\n"
        "except Exception as exc:\n"
        "    print('REFUSED', exc)\n"
        "    sys.exit(0)\n"
        "print('BUILT')\n"
    )
    result = project.run(sys.executable, "-c", script)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "REFUSED" in result.stdout, result.stdout + result.stderr
    assert "schema/unknown-author" in result.stdout


def test_builds_never_modify_the_sources(project: Project) -> None:
    project.write_item("news", "2026-04-01-draft", title="澜石科技草稿新闻标题", draft=True)
    before = project.content_digest()
    files_before = sorted(p.relative_to(project.root) for p in project.content.rglob("*"))

    assert project.cli("build").exit_code == 0
    assert project.content_digest() == before
    assert project.cli("build", "--drafts").exit_code == 0
    assert project.content_digest() == before
    result = mkdocs(project, "build")
    assert result.returncode == 0, result.stderr
    assert project.content_digest() == before

    files_after = sorted(p.relative_to(project.root) for p in project.content.rglob("*"))
    assert files_after == files_before  # e.g. no .authors.yml or index.md made by the blog
    assert not list(project.content.rglob(".authors.yml"))


def test_plain_mkdocs_build_runs_the_checks_and_keeps_the_old_site(project: Project) -> None:
    result = mkdocs(project, "build")
    assert result.returncode == 0, result.stderr
    assert post_urls(project.site)
    before = site_digest(project.site)

    project.write_item("news", "2026-04-01-bad", title="澜石科技测试错误新闻", author="nobody")
    result = mkdocs(project, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "content/news/posts/2026/2026-04-01-bad.md" in output
    assert "schema/unknown-author" in output
    assert NO_TRACEBACK not in output
    assert site_digest(project.site) == before  # checked before MkDocs cleans site_dir


def test_plain_mkdocs_build_gives_the_same_urls_as_pipeline_build(project: Project) -> None:
    result = mkdocs(project, "build")
    assert result.returncode == 0, result.stderr
    from_mkdocs = post_urls(project.site)
    shutil.rmtree(project.site)
    assert project.cli("build").exit_code == 0
    assert post_urls(project.site) == from_mkdocs
    assert from_mkdocs == {
        "news/2026/01/08/annual-meeting/",
        "news/2026/03/12/new-gateway/",
        HIGH_TECH,
        ENERGY,
        EDGE,
    }


def test_builds_repeat_in_one_process(empty_project: Project) -> None:
    """`pipeline build` as a library call, twice in one process (sections without items)."""
    for _ in range(2):
        result = empty_project.cli("build", "--force")  # built again, although unchanged
        assert result.exit_code == 0, result.output
        assert (empty_project.site / "news/rss.xml").is_file()


def test_commands_leave_no_temporary_folders(project: Project, tmp_path_factory) -> None:
    scratch = tmp_path_factory.mktemp("scratch")
    for command in (("check",), ("build",), ("build", "--drafts")):
        result = project.pipeline(*command, env={"TMPDIR": str(scratch)})
        assert result.returncode == 0, result.stdout + result.stderr
    assert [p.name for p in scratch.iterdir() if p.is_dir()] == []


# -- the repository's own sample site -------------------------------------------------------


@pytest.fixture
def sample(tmp_path: Path) -> Project:
    """A copy of the bundled sample site (never built inside the repository)."""
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "site_config", tmp_path / "site_config")
    shutil.copytree(REPO / "content", tmp_path / "content")
    return Project(tmp_path)


def test_sample_site_checks_and_builds_clean(sample: Project) -> None:
    result = sample.pipeline("check", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    # notes list the content guard's exceptions the sample uses, with their reasons
    assert [f for f in json_findings(result.stdout) if f["severity"] != "note"] == []

    result = sample.pipeline("build")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not [line for line in output.splitlines() if re.search(r"warning|警告", line, re.I)]
    assert len(post_urls(sample.site)) == len(list(sample.content.glob("*/posts/*/*.md")))

    shutil.rmtree(sample.site)
    result = mkdocs(sample, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stdout + result.stderr


# -- exit statuses --------------------------------------------------------------------------


def test_exit_status_0_when_built(project: Project) -> None:
    result = project.pipeline("build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert NO_TRACEBACK not in result.stderr


def test_exit_status_1_when_content_blocks(project: Project) -> None:
    project.write_item("news", "2026-04-01-bad", title="短", body="正文。\n")
    result = project.pipeline("build")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content/news/posts/2026/2026-04-01-bad.md" in result.stdout
    assert "schema/too-short" in result.stdout
    assert NO_TRACEBACK not in result.stdout + result.stderr
    assert not project.site.exists()


@pytest.mark.parametrize(
    ("rel", "damage"),
    [
        ("mkdocs.yml", lambda text: text.replace("nav:\n", "nav: [\n", 1)),
        ("mkdocs.yml", lambda text: text + "\nplugins_typo: true\nsite_name: [\n"),
        (
            "site_config/site.yml",
            lambda text: text.replace("timezone: Asia/Shanghai", "timezone: ["),
        ),
        ("mkdocs.yml", lambda text: text.replace("- tags:\n", "- no-such-plugin:\n")),
        (
            "mkdocs.yml",
            lambda text: text.replace("pagination_per_page: 12", "pagination_per_page: x"),
        ),
        ("mkdocs.yml", lambda text: text + "\nsite_nmae: typo\n"),  # a warning, strict: true
    ],
    ids=["mkdocs-yaml", "mkdocs-yaml-end", "site-yaml", "unknown-plugin", "bad-value", "strict"],
)
def test_exit_status_2_on_configuration_errors(project: Project, rel: str, damage) -> None:
    path = project.root / rel
    path.write_text(damage(path.read_text("utf-8")), encoding="utf-8")
    result = project.pipeline("build")
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert NO_TRACEBACK not in output
    assert Path(rel).name in output
    assert not project.site.exists()


def test_source_label_follows_the_site_language_and_names_render_literally(
    project: Project,
) -> None:
    project.write_item(
        "industry",
        "2026-07-01-odd-source",
        title="来源名称带特殊符号的资讯",
        date="2026-07-01 09:00",
        slug="odd-source",
        source={"name": "*观察* [周刊]", "url": "https://news.example.org/a_b"},
    )
    result = project.cli("--lang", "en", "build")  # messages in English, the site stays Chinese
    assert result.exit_code == 0, result.output
    text = article(project.html("industry/2026/07/01/odd-source/"))
    # on the meta line under the title, linked without passing on ranking or the opener
    assert (
        '来源：<a href="https://news.example.org/a_b" rel="nofollow noopener">*观察* [周刊]</a>'
        in text
    )


def test_list_pages_print_a_summary_as_text_not_markup(project: Project) -> None:
    project.write_item(
        "news",
        "markup-summary",
        title="摘要里带尖括号与符号的测试新闻",
        summary="型号 <b>G500</b> 与 A&B 方案的测试摘要，长度足够通过摘要长度检查。",
        slug="markup-summary",
        date="2026-11-01 10:00",
    )
    done = project.cli("build")
    assert done.exit_code == 0, done.output
    index = project.html("news/")
    assert "型号 &lt;b&gt;G500&lt;/b&gt; 与 A&amp;B 方案" in index
    assert "<b>G500</b>" not in index


def test_plain_mkdocs_build_reads_the_plugins_now_in_the_sites_time_zone(project: Project):
    """`now:` of the plugin in mkdocs.yml is read like --now: a local time, or a message."""
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    option = "      site_config: site_config\n"
    assert option in text
    config.write_text(text.replace(option, option + "      now: 2026-12-01 08:00\n"))
    done = mkdocs(project, "build")
    assert done.returncode == 0, done.stdout + done.stderr
    config.write_text(text.replace(option, option + "      now: not a time\n"))
    failed = mkdocs(project, "build")
    assert failed.returncode != 0
    assert NO_TRACEBACK not in failed.stderr
    assert "not a time" in failed.stderr
