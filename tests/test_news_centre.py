"""The news centre (新闻中心, issue 16): list pages, item pages and the home page's latest
items, on a real build of the sample site, in headless Chromium at a desktop and a phone
size, and through an incremental rebuild.

One build of the sample site (with one extra item whose body shows its own cover) serves
the module; the browser tests open its pages from a local server.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
import segno
import yaml
from browser_support import PageProblems, chromium_browser, serve
from conftest import REPO, Project, _base_project, make_jpeg, seed_pictures
from selectolax.lexbor import LexborHTMLParser

sys.path.insert(0, str(REPO / "bench"))


BASE = "https://www.lanshi-tech.example/"
GATEWAY = "news/2026/03/12/new-iot-gateway/"
OPC = "industry/2026/06/10/opc-ua-tsn-progress/"
COVER_ONCE = "news/2026/06/30/cover-once/"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LISTS = ["news/", "news/page/2/", "news/archive/2026/", "industry/category/ji-shu-qu-shi/"]
VIEWPORTS = {"desktop": (1280, 800), "phone": (375, 667)}


@pytest.fixture(scope="module")
def site(tmp_path_factory, sample_pictures) -> Project:
    project = _base_project(tmp_path_factory.mktemp("news-centre"))
    shutil.rmtree(project.content)
    shutil.copytree(REPO / "content", project.content)
    seed_pictures(sample_pictures, project.root)
    make_jpeg(project.content / "news/posts/2026/cover-once.jpg", size=(800, 450))
    project.write_item(
        "news",
        "2026-06-30-cover-once",
        body="![展厅里的新品展台，蓝色灯光下摆着三台网关](cover-once.jpg)\n\n正文第一段。\n",
        title="正文里也用了封面图的新闻",
        summary="这条新闻的正文第一张图就是封面图，页面上只应出现一次。",
        date="2026-06-30 10:00",
        categories=["公司动态"],
        cover="cover-once.jpg",
        slug="cover-once",
    )
    project.write_item(
        "news",
        "2026-06-29-no-picture",
        title="没有任何配图的公司新闻",
        summary="这条新闻没有封面也没有正文图片，列表里显示公司新闻栏目的默认图片。",
        date="2026-06-29 10:00",
        slug="no-picture",
    )
    result = project.cli("--lang", "en", "build")
    assert result.exit_code == 0, result.output
    return project


def tree(project: Project, url: str) -> LexborHTMLParser:
    return LexborHTMLParser(project.html(url))


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---", 2)[1])


def items_of(section: str) -> list[dict]:
    """The sample's published items of a section, oldest first, with their URL."""
    found = []
    for path in sorted((REPO / "content" / section / "posts").rglob("*.md")):
        fields = front(path)
        if fields.get("draft"):
            continue
        found.append(fields)
    return sorted(found, key=lambda f: str(f["date"]))


# -- list pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", LISTS)
def test_lists_are_compact_entries_with_small_lazy_thumbnails(site, url) -> None:
    page = tree(site, url)
    entries = page.css(".pipeline-list > li.pipeline-entry")
    assert 1 <= len(entries) <= 12
    for number, entry in enumerate(entries):
        title = entry.css_first("h2 a")
        assert title is not None and title.text().strip()
        assert DATE.match(entry.css_first(".pipeline-meta time").text())
        assert entry.css_first(".pipeline-meta__category") is not None
        assert entry.css_first(".pipeline-entry__summary").text().strip()
        img = entry.css_first(".pipeline-cover picture img")
        assert img is not None, entry.html  # cover, body picture or the section's default
        attrs = img.attributes
        assert attrs["width"].isdigit() and attrs["height"].isdigit()
        assert attrs["loading"] == ("eager" if number == 0 else "lazy")
        types = [s.attributes["type"] for s in entry.css(".pipeline-cover source")]
        assert types == ["image/avif", "image/webp"]
        widths = [
            int(candidate.strip().rsplit(" ", 1)[1].rstrip("w"))
            for source in entry.css(".pipeline-cover source")
            for candidate in source.attributes["srcset"].split(",")
        ]
        assert widths and max(widths) <= 480, widths  # a thumbnail never loads a large width
    # no table of contents beside a list
    assert page.css_first(".md-sidebar--secondary") is None


def test_list_thumbnail_falls_back_to_the_body_picture_and_the_default_image(site) -> None:
    thumbs = {}
    for url in ("news/", "news/page/2/"):
        for entry in tree(site, url).css(".pipeline-entry"):
            img = entry.css_first(".pipeline-cover img")
            thumbs[entry.css_first("h2 a").text()] = img.attributes["src"] if img else None
    # the cover
    assert "2026-03-12-new-gateway.480.jpg" in thumbs["澜石科技发布新一代工业物联网网关LS-G500"]
    # no cover: the body's first picture
    assert "2026-08-12-half-year-review" in thumbs["澜石科技召开2026年上半年经营分析会"]
    # neither: the section's default_image (site_config/site.yml)
    assert "assets/images/company-building" in thumbs["没有任何配图的公司新闻"]


def test_pagination_shows_previous_next_numbers_and_page_n_of_m(site) -> None:
    first, second = tree(site, "news/"), tree(site, "news/page/2/")
    for page, current in ((first, "1"), (second, "2")):
        nav = page.css_first("nav.pipeline-pagination")
        assert nav is not None
        assert nav.css_first(".pipeline-pagination__current").text() == current
        assert nav.css_first(".pipeline-pagination__status").text() == f"第 {current} 页，共 2 页"
        steps = [s.text() for s in nav.css(".pipeline-pagination__step")]
        assert steps == ["上一页", "下一页"]
    assert first.css_first('a[rel="next"]').attributes["href"] == "page/2/"
    assert first.css_first('a[rel="prev"]') is None  # page 1 has no previous page
    assert second.css_first('a[rel="prev"]').attributes["href"] == "../../"
    news = len(items_of("news")) + 2  # the sample's news and the two items added here
    shown = len(first.css(".pipeline-entry")) + len(second.css(".pipeline-entry"))
    assert shown == news and len(first.css(".pipeline-entry")) == 12


# -- breadcrumbs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "trail"),
    [
        (GATEWAY, ["首页", "公司新闻", "产品发布", "澜石科技发布新一代工业物联网网关LS-G500"]),
        ("news/", ["首页", "公司新闻"]),
        ("news/archive/2026/", ["首页", "公司新闻", "2026 年"]),
        ("industry/category/ji-shu-qu-shi/", ["首页", "行业资讯", "技术趋势"]),
    ],
)
def test_breadcrumb_is_shown_and_given_as_json_ld(site, url, trail) -> None:
    page = tree(site, url)
    crumbs = [li.text().strip() for li in page.css(".pipeline-breadcrumb li")]
    assert crumbs == trail
    links = [a.attributes["href"] for a in page.css(".pipeline-breadcrumb a")]
    assert len(links) == len(trail) - 1  # the page itself is not a link
    for href in links:
        target = site.site / urljoin(url, href).lstrip("/")
        assert (target / "index.html").is_file() or target.is_file(), href
    scripts = [
        json.loads(s.text())
        for s in page.css('script[type="application/ld+json"]')
        if '"BreadcrumbList"' in s.text()
    ]
    assert len(scripts) == 1
    elements = scripts[0]["itemListElement"]
    assert [e["name"] for e in elements] == trail
    assert [e["position"] for e in elements] == list(range(1, len(trail) + 1))
    assert elements[0]["item"] == BASE and elements[-1]["item"] == BASE + url


# -- item pages -----------------------------------------------------------------------------


def test_item_meta_line_has_date_author_category_and_the_source(site) -> None:
    page = tree(site, OPC)
    assert "元数据" not in site.html(OPC)
    article = page.css_first("article.md-content__inner")
    h1 = article.css_first("h1")
    meta = h1.next
    while meta is not None and meta.tag != "p":
        meta = meta.next
    assert meta is not None and "pipeline-meta--item" in meta.attributes["class"]
    assert DATE.match(meta.css_first("time").text())
    assert meta.css_first(".pipeline-meta__author").text() == "张伟"
    assert [a.text() for a in meta.css(".pipeline-meta__category")] == ["技术趋势", "标准规范"]
    source = meta.css_first(".pipeline-meta__source a")
    fields = front(REPO / "content/industry/posts/2026/2026-06-10-opc-ua-tsn.md")
    assert source.text() == fields["source"]["name"]
    assert source.attributes["href"] == fields["source"]["url"]
    assert source.attributes["rel"] == "nofollow noopener"
    # news items have no source
    assert tree(site, GATEWAY).css_first(".pipeline-meta__source") is None


def test_the_cover_is_shown_once_when_the_body_uses_it(site) -> None:
    article = tree(site, COVER_ONCE).css_first("article.md-content__inner")
    pictures = [img.attributes["src"] for img in article.css("picture img")]
    assert len([p for p in pictures if "cover-once" in p]) == 1, pictures
    # an item whose body does not show its cover keeps the cover above the body
    gateway = tree(site, GATEWAY).css_first("article.md-content__inner")
    assert "new-gateway" in gateway.css_first("picture img").attributes["src"]


def _neighbour_titles(section: str, slug_path: str) -> tuple[str | None, str | None]:
    items = items_of(section)
    index = next(n for n, f in enumerate(items) if str(f.get("slug")) in slug_path)
    older = items[index - 1]["title"] if index > 0 else None
    newer = items[index + 1]["title"] if index + 1 < len(items) else None
    return older, newer


@pytest.mark.parametrize(("url", "section"), [(GATEWAY, "news"), (OPC, "industry")])
def test_previous_and_next_item_of_the_same_section(site, url, section) -> None:
    page = tree(site, url)
    older, newer = _neighbour_titles(section, url)
    previous = page.css_first('.pipeline-neighbours a[rel="prev"]')
    following = page.css_first('.pipeline-neighbours a[rel="next"]')
    assert previous.text().strip() == older
    assert following.text().strip() == newer
    for link in (previous, following):
        target = site.site / urljoin(url, link.attributes["href"]).lstrip("/") / "index.html"
        assert target.is_file(), link.attributes["href"]
        assert url.split("/")[0] in urljoin(url, link.attributes["href"])


@pytest.mark.parametrize("url", [GATEWAY, OPC, COVER_ONCE])
def test_related_items_share_a_category_or_tag_newest_first(site, url) -> None:
    page = tree(site, url)
    related = page.css(".pipeline-related li")
    assert 3 <= len(related) <= 5
    hrefs = [li.css_first("a").attributes["href"] for li in related]
    targets = [urljoin(url, h) for h in hrefs]
    assert ("/" + url) not in targets and len(set(targets)) == len(targets)
    dates = [li.css_first("time").text() for li in related]
    assert all(DATE.match(d) for d in dates) and dates == sorted(dates, reverse=True)
    own = set(a.text() for a in page.css(".pipeline-meta--item .pipeline-meta__category")) | {
        a.text().strip() for a in page.css(".md-tags .md-tag")
    }
    for target in targets:
        other = tree(site, target.lstrip("/"))
        theirs = set(
            a.text() for a in other.css(".pipeline-meta--item .pipeline-meta__category")
        ) | {a.text().strip() for a in other.css(".md-tags .md-tag")}
        assert own & theirs, (url, target)


def _dark_modules(svg) -> set[tuple[int, int]]:
    """The dark modules an SVG QR code draws (segno's path: M/m moves, h runs)."""
    path = next(p for p in svg.css("path") if p.attributes.get("stroke"))
    x = y = 0.0
    dark = set()
    for command, numbers in re.findall(r"([MmHh])([-\d.\s]+)", path.attributes["d"]):
        values = [float(v) for v in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            dark.update((int(x) + n, int(y)) for n in range(int(values[0])))
            x += values[0]
    return dark


def test_share_qr_code_is_the_page_address_made_at_build_time(site) -> None:
    page = tree(site, GATEWAY)
    svg = page.css_first(".pipeline-share__qr svg")
    assert svg is not None and svg.attributes.get("aria-label")
    # the modules drawn are exactly those of the page's address encoded as a QR code
    code = segno.make(BASE + GATEWAY, error="m", micro=False, mask=0, boost_error=False)
    expected = {
        (x + 2, y + 2)  # a quiet zone of two modules
        for y, row in enumerate(code.matrix)
        for x, module in enumerate(row)
        if module
    }
    assert _dark_modules(svg) == expected
    field = page.css_first("#pipeline-share-url")
    assert field.attributes["value"] == BASE + GATEWAY
    assert "http" not in svg.html.replace("http://www.w3.org/2000/svg", "")  # no fetch
    scripts = [s.attributes.get("src") for s in page.css("script[src]")]
    assert any(s.endswith("assets/javascripts/site/share.js") for s in scripts)


def test_dates_use_one_format_everywhere(site) -> None:
    for url in [GATEWAY, OPC, "news/", "news/archive/2026/", ""]:
        for time in tree(site, url).css(".md-content time, .pipeline-item time"):
            assert DATE.match(time.text().strip()), (url, time.html)


def test_home_lists_the_latest_items_with_thumbnail_date_and_summary(site) -> None:
    home = tree(site, "")
    lists = home.css("ul.pipeline-latest")
    assert len(lists) == 2
    # the page's first picture loads at once (a thumbnail only if nothing is pictured above)
    pictures = home.css_first("article.md-content__inner").css("img")
    assert pictures[0].attributes["loading"] == "eager"
    assert all(p.attributes["loading"] == "lazy" for p in pictures[1:])
    for latest in lists:
        entries = latest.css("li.pipeline-latest__entry")
        assert len(entries) == 5
        dates = [e.css_first("time").text() for e in entries]
        assert all(DATE.match(d) for d in dates)
        for entry in entries:
            assert entry.css_first(".pipeline-latest__summary").text().strip()
            img = entry.css_first(".pipeline-latest__thumb picture img")
            assert img is not None and img.attributes["width"].isdigit()
            widths = (
                [int(c.rsplit(" ", 1)[1].rstrip("w")) for c in img.attributes["srcset"].split(", ")]
                if "srcset" in img.attributes
                else []
            )
            assert all(w <= 480 for w in widths), widths
            href = entry.css_first("a").attributes["href"]
            assert (site.site / href / "index.html").is_file(), href


# -- in a browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(site: Project):
    with serve(site.site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as chromium:
        yield chromium


def _open(browser, base_url: str, path: str, size: str):
    width, height = VIEWPORTS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    problems = PageProblems(page, base_url)
    page.goto(base_url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    return context, page, problems


@pytest.mark.parametrize(("size", "above"), [("desktop", 4), ("phone", 2)])
def test_list_entries_above_the_fold(browser, base_url, size, above) -> None:
    context, page, problems = _open(browser, base_url, "news/", size)
    try:
        visible = page.eval_on_selector_all(
            ".pipeline-entry",
            "els => els.filter(e => { const r = e.getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; }).length",
        )
        assert visible >= above, f"{visible} entries above the fold at {VIEWPORTS[size]}"
        thumbs = page.eval_on_selector_all(
            ".pipeline-entry .pipeline-cover img",
            "els => els.slice(0, 2).map(i => [i.complete, i.naturalWidth, i.currentSrc])",
        )
        for complete, natural, current in thumbs:
            assert complete and natural > 0 and current.endswith(".avif"), thumbs
        labels = page.locator(".pipeline-pagination").inner_text()
        assert "上一页" in labels and "下一页" in labels and "第 1 页，共 2 页" in labels
    finally:
        context.close()
    assert problems.problems == [], "\n".join(problems.problems)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_item_page_in_a_browser(browser, base_url, size) -> None:
    context, page, problems = _open(browser, base_url, OPC, size)
    try:
        for selector in (
            ".pipeline-breadcrumb",
            ".pipeline-meta--item",
            ".pipeline-neighbours",
            ".pipeline-related",
            ".pipeline-share__qr svg",
        ):
            assert page.locator(selector).first.is_visible(), selector
        # the date is never broken across lines
        heights = page.eval_on_selector_all(
            ".pipeline-meta time, .pipeline-related time",
            "els => els.map(t => t.getClientRects().length)",
        )
        assert heights and all(h == 1 for h in heights), heights
        assert page.locator(".md-sidebar--secondary").count() == 0
        page.locator(".pipeline-share__copy").click()
        page.wait_for_function(
            "() => document.querySelector('.pipeline-share__done').textContent !== ''"
        )
        assert page.locator(".pipeline-share__done").inner_text() in ("已复制", "请按 Ctrl+C 复制")
    finally:
        context.close()
    assert problems.problems == [], "\n".join(problems.problems)


def test_print_hides_navigation(browser, base_url) -> None:
    context, page, _ = _open(browser, base_url, GATEWAY, "desktop")
    try:
        page.emulate_media(media="print")
        for selector in (".md-header", ".pipeline-breadcrumb", ".pipeline-share"):
            assert not page.locator(selector).first.is_visible(), selector
        assert page.locator("article h1").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("url", ["news/", "industry/category/ji-shu-qu-shi/", GATEWAY, OPC])
def test_axe_finds_no_serious_or_critical_violations(browser, base_url, url, size) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context, page, problems = _open(browser, base_url, url, size)
    try:
        results = Axe().run(page)
    finally:
        context.close()
    serious = [
        f"{v['impact']} {v['id']}: {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{url} at {size}:\n" + "\n".join(serious)
    assert problems.problems == [], "\n".join(problems.problems)
