"""The company's site chrome (issue 16): brand.yml, header, footer with the filing numbers,
the home page's banner and cards, the privacy and 404 pages, Chinese typography and the
text-size control.

Settings and front matter are judged by the real readers; builds are real `pipeline build`
runs in temporary projects; the sample site is built once and opened in Debian's Chromium
at a desktop (1280x800) and a phone (375x667) size.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from browser_support import PageProblems, chromium_browser, serve
from conftest import REPO, Project, _base_project, front_matter, make_jpeg, seed_pictures

from pipeline.config.base import ConfigError
from pipeline.config.site import load_site_config

ICP = "浙ICP备2026000000号-1"
POLICE = "浙公网安备33010602000000号"
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code=33010602000000"
VIEWPORTS = {"desktop": (1280, 800), "phone": (375, 667)}

BRAND = """\
name: 测试智能科技有限公司
short_name: 测试科技
logo: assets/brand/logo.svg
favicon: assets/brand/favicon.svg
since: 2016
colors:
  primary: "#0b5cad"
  accent: "#e8710a"
contact:
  address: 浙江省杭州市滨江区测试路 1 号
  phone: 0571-8690 1234
  email: contact@lanshi-tech.example
  hours: 工作日 9:00-18:00
hosting: mainland
filing:
  icp: 浙ICP备2026000000号-1
  police: 浙公网安备33010602000000号
"""


def _config_error(project: Project, brand: str) -> ConfigError:
    project.write("site_config/brand.yml", brand)
    with pytest.raises(ConfigError) as caught:
        load_site_config(project.root)
    return caught.value


# -- brand.yml ---------------------------------------------------------------------------


def test_the_sample_brand_is_read_with_its_contact_block_and_filing_numbers() -> None:
    brand = load_site_config(REPO).brand
    assert brand is not None
    assert (brand.name, brand.short_name) == ("澜石智能科技有限公司", "澜石科技")
    assert (REPO / "content" / brand.logo).is_file()
    assert (REPO / "content" / brand.favicon).is_file()
    assert brand.hosting == "mainland"
    assert (brand.icp, brand.police, brand.police_code) == (ICP, POLICE, "33010602000000")
    assert brand.phone.startswith("0571") and brand.email.endswith("@lanshi-tech.example")
    assert brand.hours == "工作日 9:00-18:00"


def test_an_unknown_key_names_its_line_and_the_key_meant(empty_project: Project) -> None:
    exc = _config_error(empty_project, BRAND.replace("short_name:", "shortname:"))
    assert (exc.path, exc.line, exc.rule) == ("site_config/brand.yml", 2, "config/unknown-key")
    assert "did you mean 'short_name'" in exc.render("en")


def test_a_nested_unknown_key_is_named_with_its_section(empty_project: Project) -> None:
    exc = _config_error(empty_project, BRAND.replace("  hours:", "  hour:"))
    assert (exc.line, exc.rule, exc.params["key"]) == (13, "config/unknown-key", "contact.hour")
    assert "did you mean 'hours'" in exc.render("en")


@pytest.mark.parametrize(
    ("old", "new", "line", "rule"),
    [
        ('primary: "#0b5cad"', "primary: blue", 7, "brand/bad-color"),
        ("email: contact@lanshi-tech.example", "email: contact", 12, "brand/bad-email"),
        (f"icp: {ICP}", "icp: 2026000000", 16, "brand/bad-icp"),
        (f"police: {POLICE}", "police: 浙公网安备", 17, "brand/bad-police"),
        ("hosting: mainland", "hosting: china", 14, "brand/bad-hosting"),
        ("since: 2016", "since: 16", 5, "brand/bad-year"),
        ("logo: assets/brand/logo.svg", "logo: assets/brand/logo.gif", 3, "brand/bad-image"),
        ("name: 测试智能科技有限公司\n", "", None, "config/missing-key"),
    ],
)
def test_a_bad_value_is_a_configuration_error_at_its_line(
    empty_project: Project, old: str, new: str, line: int | None, rule: str
) -> None:
    assert old in BRAND
    exc = _config_error(empty_project, BRAND.replace(old, new))
    assert (exc.path, exc.line, exc.rule) == ("site_config/brand.yml", line, rule)
    assert exc.render("zh") and exc.render("en")  # both languages have the text


def test_a_logo_that_does_not_exist_is_an_error_at_its_line(empty_project: Project) -> None:
    empty_project.write("site_config/brand.yml", BRAND.replace("brand/logo.svg", "brand/no.svg"))
    result = empty_project.cli("--lang", "en", "check")
    assert result.exit_code != 0
    assert re.search(
        r"site_config/brand\.yml\s*\n\s*3\s+error .*assets/brand/no\.svg", result.output
    ), result.output
    assert "brand/image-missing" in result.output


# -- filing numbers: an error only where a production build of a mainland site needs them --


def _without_police(project: Project, hosting: str = "mainland") -> None:
    brand = BRAND.replace(f"  police: {POLICE}\n", "").replace("mainland", hosting)
    project.write("site_config/brand.yml", brand)


def test_a_production_build_of_a_mainland_site_without_a_filing_number_fails(
    project: Project,
) -> None:
    _without_police(project)
    result = project.cli("--lang", "en", "build")
    assert result.exit_code != 0
    assert "brand/filing-required" in result.output
    assert "filing.police" in result.output and "site_config/brand.yml" in result.output
    assert not (project.site / "index.html").exists()  # nothing was published


def test_a_plain_mkdocs_build_of_a_mainland_site_without_a_filing_number_fails(
    project: Project,
) -> None:
    _without_police(project)
    result = project.run(sys.executable, "-m", "mkdocs", "build")
    assert result.returncode != 0
    assert "brand/filing-required" in result.stdout + result.stderr
    assert not (project.site / "index.html").exists()


def test_a_preview_build_and_check_only_warn_about_a_missing_filing_number(
    project: Project,
) -> None:
    _without_police(project)
    checked = project.cli("--lang", "en", "check")
    assert checked.exit_code == 0, checked.output
    assert "brand/filing-missing" in checked.output
    preview = project.cli("--lang", "en", "build", "--drafts")
    assert preview.exit_code == 0, preview.output
    assert "brand/filing-missing" in preview.output
    assert "brand/filing-required" not in preview.output
    footer = project.html("", preview=True)
    assert ICP in footer and "公网安备" not in footer


def test_a_site_hosted_elsewhere_builds_for_production_with_a_warning(project: Project) -> None:
    _without_police(project, hosting="elsewhere")
    result = project.cli("--lang", "en", "build")
    assert result.exit_code == 0, result.output
    assert "brand/filing-missing" in result.output
    assert (project.site / "index.html").is_file()


# -- the home page's front matter -------------------------------------------------------

HOME = {
    "title": "测试科技首页",
    "summary": "测试智能科技有限公司官方网站，发布公司新闻与行业资讯。",
    "template": "home.html",
    "banner": {
        "image": "assets/banner.jpg",
        "title": "让每一台设备说得清",
        "text": "工业物联网网关与能源管理软件",
        "link": {"text": "了解我们", "url": "about.md"},
    },
    "highlights": [
        {
            "icon": "gateway",
            "title": "工业物联网网关",
            "text": "多协议采集与边缘计算。",
            "link": {"text": "了解产品", "url": "about.md#业务方向"},
        },
        {
            "image": "assets/banner.jpg",
            "title": "联系我们",
            "text": "欢迎来电来访。",
            "link": {"text": "联系方式", "url": "https://www.lanshi-tech.example/"},
        },
    ],
}


def _write_home(project: Project, fields: dict) -> None:
    make_jpeg(project.content / "assets/banner.jpg", size=(1200, 400))
    body = "# 测试科技\n\n## 公司新闻\n\n<!-- pipeline:latest news 5 -->\n"
    project.write("content/index.md", front_matter(fields) + "\n" + body)


def test_the_home_page_front_matter_builds_a_banner_and_cards(project: Project) -> None:
    _write_home(project, HOME)
    result = project.cli("--lang", "en", "build")
    assert result.exit_code == 0, result.output
    html = project.html("")
    assert 'class="home-banner"' in html and "让每一台设备说得清" in html
    assert 'href="about/"' in html and 'href="about/#业务方向"' in html
    assert html.count('class="home-card"') == 2
    assert 'href="https://www.lanshi-tech.example/"' in html
    assert 'class="home-contact"' in html  # the contact strip, from brand.yml


@pytest.mark.parametrize(
    ("change", "rule", "line"),
    [
        (lambda f: f["banner"].pop("link"), "home/bad-banner", 5),
        (lambda f: f["banner"]["link"].update(url="nowhere.md"), "home/bad-banner", 5),
        (lambda f: f["highlights"][0].update(icon="rocket"), "home/bad-highlights", 13),
        (lambda f: f["highlights"][1].pop("title"), "home/bad-highlights", 19),
        (lambda f: f.update(template="home"), "schema/bad-choice", 4),
    ],
)
def test_bad_home_page_front_matter_is_an_error_at_its_line(
    project: Project, change, rule: str, line: int
) -> None:
    fields = {**HOME, "banner": {**HOME["banner"], "link": dict(HOME["banner"]["link"])}}
    fields["highlights"] = [dict(card) for card in HOME["highlights"]]
    change(fields)
    _write_home(project, fields)
    result = project.cli("--lang", "en", "check")
    assert result.exit_code != 0
    match = re.search(rf"content/index\.md\s*\n\s*(\d+)\s+error .*{re.escape(rule)}", result.output)
    assert match, result.output
    assert int(match.group(1)) == line, result.output


def test_banner_keys_on_another_page_are_unknown(project: Project) -> None:
    fields = {"title": "关于我们", "summary": "测试科技专注工业物联网与能源管理，服务制造业。"}
    project.write("content/about.md", front_matter({**fields, "banner": HOME["banner"]}))
    result = project.cli("--lang", "en", "check")
    assert result.exit_code != 0 and "schema/unknown-key" in result.output


# -- the sample site, built once --------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory, sample_pictures) -> Project:
    project = _base_project(tmp_path_factory.mktemp("chrome-site"))
    shutil.rmtree(project.content)
    shutil.copytree(REPO / "content", project.content)
    seed_pictures(sample_pictures, project.root)
    result = project.cli("--lang", "en", "build")
    assert result.exit_code == 0, result.output
    return project


@pytest.mark.parametrize("path", ["", "about/", "privacy/", "news/", "404.html"])
def test_every_page_has_the_header_footer_and_filing_links(site: Project, path: str) -> None:
    html = (site.site / path).read_text("utf-8") if path.endswith(".html") else site.html(path)
    assert '<html lang="zh-CN"' in html
    assert 'class="site-brand__logo"' in html and "澜石科技" in html
    assert "Made with" not in html and "squidfunk" not in html
    assert (
        f'href="https://beian.miit.gov.cn/" rel="noopener noreferrer" target="_blank">{ICP}' in html
    )
    assert f'href="{POLICE_URL}"' in html.replace("&amp;", "&") and POLICE in html
    assert re.search(r"Copyright © 2016–20\d\d 澜石智能科技有限公司", html)
    assert "0571-8690 1234" in html and "contact@lanshi-tech.example" in html
    assert 'rel="icon" href="' in html and "assets/brand/favicon.svg" in html


def test_the_privacy_page_covers_what_pipl_article_17_asks(site: Project) -> None:
    text = site.html("privacy/")
    for point in ("个人信息处理者", "联系方式", "处理目的", "种类", "保存期限", "权利", "不收集"):
        assert point in text, point
    assert 'href="privacy/"' in site.html("")  # linked from the footer


def test_the_404_page_is_chinese_with_search_and_links(site: Project) -> None:
    html = (site.site / "404.html").read_text("utf-8")
    assert "页面不存在" in html and "404 - Not found" not in html
    assert 'type="search"' in html
    for target in ("/", "/news/", "/industry/"):
        assert f'href="{target}"' in html, target


# -- in the browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(site: Project):
    with serve(site.site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as chromium:
        yield chromium


@pytest.fixture(params=VIEWPORTS)
def context(browser, request):
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    yield context
    context.close()


def _open(context, base_url: str, path: str):
    page = context.new_page()
    problems = PageProblems(page, base_url)
    page.goto(base_url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, problems


def test_home_page_shows_logo_banner_cards_and_filing_links(context, base_url) -> None:
    page, problems = _open(context, base_url, "")
    logo = page.locator(".site-header .site-brand__logo")
    assert logo.is_visible()
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator(".site-brand__name").inner_text() == "澜石科技"
    assert page.locator(".home-banner__title").is_visible()
    assert page.locator(".home-banner__link").get_attribute("href") == "about/"
    cards = page.locator(".home-card")
    assert cards.count() == 4
    for index in range(4):
        assert cards.nth(index).locator(".home-card__title").is_visible()
    assert page.locator(".site-footer__icp").get_attribute("href") == "https://beian.miit.gov.cn/"
    assert page.locator(".site-footer__police").get_attribute("href") == POLICE_URL
    assert page.locator(".site-footer__police img").evaluate("img => img.naturalWidth > 0")
    # no Material logo or icon as the logo anywhere; body 16 px at line height >= 1.7
    drawer_logos = page.locator(".md-logo")  # the drawer's: the company logo, no icon
    for index in range(drawer_logos.count()):
        logo_html = drawer_logos.nth(index).inner_html()
        assert "assets/brand/logo.svg" in logo_html and "<svg" not in logo_html
    body = page.locator(".md-typeset p").first.evaluate(
        "p => [getComputedStyle(p).fontSize, getComputedStyle(p).lineHeight].map(parseFloat)"
    )
    assert body[0] >= 16 and body[1] / body[0] >= 1.7, body
    heading = page.locator(".md-typeset h2").first.evaluate("h => getComputedStyle(h).fontWeight")
    assert int(heading) >= 500
    assert problems.problems == [], "\n".join(problems.problems)


def test_text_size_grows_in_two_steps_and_is_kept_across_pages(context, base_url) -> None:
    page, problems = _open(context, base_url, "")

    def body_size() -> float:
        return page.locator("article p").first.evaluate(
            "p => parseFloat(getComputedStyle(p).fontSize)"
        )

    normal = body_size()
    page.locator("button[data-textsize='1']").click()
    larger = body_size()
    page.locator("button[data-textsize='2']").click()
    largest = body_size()
    assert normal < larger < largest, (normal, larger, largest)
    # the largest text still fits the screen: nothing scrolls sideways, the header included
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("button[data-textsize='0']").bounding_box()["x"] >= 0
    assert page.locator("button[data-textsize='2']").get_attribute("aria-pressed") == "true"
    page.goto(base_url + "about/", wait_until="load")  # another page: the choice is kept
    assert page.locator("html").get_attribute("data-textsize") == "2"
    assert body_size() == largest
    assert page.locator("button[data-textsize='2']").get_attribute("aria-pressed") == "true"
    page.locator("button[data-textsize='0']").click()
    assert body_size() == normal
    assert problems.problems == [], "\n".join(problems.problems)


def test_the_text_size_control_works_from_the_keyboard(context, base_url) -> None:
    page, problems = _open(context, base_url, "")
    for _ in range(20):  # Tab through the header until the control has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.textsize === '1'"):
            break
    else:
        pytest.fail("Tab never reached the text-size control")
    page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("data-textsize") == "1"
    assert problems.problems == [], "\n".join(problems.problems)


def test_the_404_page_searches_and_links_home(context, base_url) -> None:
    page = context.new_page()
    problems = PageProblems(page, base_url)
    response = page.goto(base_url + "404.html", wait_until="load")
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text() == "抱歉，您访问的页面不存在"
    field = page.locator("#site-404-query")
    field.fill("网关")
    field.press("Enter")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert page.locator("input.md-search__input").input_value() == "网关"
    links = page.locator(".site-404__links a")
    assert [links.nth(i).inner_text() for i in range(links.count())] == [
        "返回首页",
        "公司新闻",
        "行业资讯",
    ]
    assert problems.problems == [], "\n".join(problems.problems)


@pytest.mark.parametrize("path", ["", "about/", "privacy/", "404.html"])
def test_axe_finds_no_serious_or_critical_violations(context, base_url, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, problems = _open(context, base_url, path)
    results = Axe().run(page)
    serious = [
        f"{v['impact']} {v['id']}: {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{path}:\n" + "\n".join(serious)
    assert problems.problems == [], "\n".join(problems.problems)


def test_the_logo_files_are_clean_svg() -> None:
    for name in ("logo.svg", "favicon.svg"):
        text = (REPO / "content/assets/brand" / name).read_text("utf-8")
        assert text.startswith("<svg") and "<script" not in text and "href" not in text
    assert Path(REPO / "pipeline/engine/theme/assets/images/police-badge.svg").is_file()
