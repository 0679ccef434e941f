"""The built sample site in a real browser: headless Chromium (Debian's) driven by Playwright.

One build of the sample site and one browser serve the whole module. Each test opens the
pages a reader lands on most (home, a news item, an industry item, an archive and a category
page) from a local server and checks what only a browser shows: nothing fails to load, nothing
is fetched from another site, Chinese search finds an item, responsive images pick the right
width, and axe-core finds no serious or critical accessibility problem.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_support import PageProblems, chromium_browser, require_chromium, serve
from conftest import REPO, Project, _base_project, seed_pictures
from PIL import Image

PAGES = {
    "home": "",
    "news item": "news/2026/03/12/new-iot-gateway/",
    "industry item": "industry/2026/06/10/opc-ua-tsn-progress/",
    "archive": "news/archive/2026/",
    "category": "industry/category/ji-shu-qu-shi/",
}
# An item whose picture the image test measures (800 px wide original: 480 and 800 variants).
PICTURE_PAGE = PAGES["news item"]
# A word from the body of exactly one item (jieba keeps it whole in the search index).
SEARCH_WORD, SEARCH_ITEM = "定型机", "news/2026/07/09/"


@pytest.fixture(scope="module")
def site(tmp_path_factory, sample_pictures) -> Project:
    project = _base_project(tmp_path_factory.mktemp("browser-site"))
    shutil.rmtree(project.content)
    shutil.copytree(REPO / "content", project.content)
    seed_pictures(sample_pictures, project.root)
    result = project.cli("--lang", "en", "build")
    assert result.exit_code == 0, result.output
    for name, path in PAGES.items():
        assert (project.site / path / "index.html").is_file(), f"the sample has no {name} {path}"
    return project


@pytest.fixture(scope="module")
def base_url(site: Project):
    with serve(site.site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as chromium:
        yield chromium


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context
    context.close()


def _open(context, base_url: str, path: str):
    page = context.new_page()
    problems = PageProblems(page, base_url)
    page.goto(base_url + path, wait_until="load")
    # the search worker fetches its index after load; its errors count too
    page.wait_for_load_state("networkidle")
    return page, problems


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_without_errors_or_outside_requests(context, base_url, name) -> None:
    page, problems = _open(context, base_url, PAGES[name])
    # lazy images load only when scrolled to: bring each into view so all are fetched (the
    # others load at once, the drawer's logo too, which is hidden on a desktop screen)
    for image in page.locator("img[loading='lazy']").all():
        image.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    broken = page.evaluate(
        "[...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
        ".map(i => i.currentSrc || i.src)"
    )
    assert page.locator("h1").count() >= 1
    assert broken == [], f"{name}: images not loaded: {broken}"
    assert problems.problems == [], f"{name} ({PAGES[name]}):\n" + "\n".join(problems.problems)


def test_search_finds_an_item_by_a_chinese_word_from_its_text(context, base_url) -> None:
    page, problems = _open(context, base_url, "")
    page.locator("input.md-search__input").click()
    # What a Chinese input method delivers: the word as one committed text, then the keyup of
    # the key that committed it (Space); Material reads the query on keyup.
    page.keyboard.insert_text(SEARCH_WORD)
    page.keyboard.up("Space")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
    assert any(SEARCH_ITEM in (href or "") for href in hrefs), hrefs
    meta = page.locator(".md-search-result__meta").inner_text()
    assert "符合条件的结果" in meta, meta
    assert problems.problems == [], "\n".join(problems.problems)


@pytest.mark.parametrize(
    ("viewport_width", "slot", "variant"),
    [
        (400, 400, 480),  # a phone: `sizes` gives 100vw; the narrowest variant that covers it
        (1280, 800, 800),  # a desktop: the 800 px content column; the original is 800 wide
    ],
)
def test_item_picture_loads_the_variant_that_fits_the_viewport(
    browser, base_url, site, viewport_width, slot, variant
) -> None:
    context = browser.new_context(
        viewport={"width": viewport_width, "height": 900}, device_scale_factor=1
    )
    try:
        page = context.new_page()
        problems = PageProblems(page, base_url)
        page.goto(base_url + PICTURE_PAGE, wait_until="load")
        image = page.locator("article picture img").first
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
        state = image.evaluate(
            "img => ({current: img.currentSrc, natural: img.naturalWidth,"
            " shown: img.getBoundingClientRect().width})"
        )
    finally:
        context.close()
    # AVIF is the first <source>: Chromium takes it, at the width the slot needs
    assert state["current"].endswith(f".{variant}.avif"), state
    with Image.open(site.site / urlsplit(state["current"]).path.lstrip("/")) as downloaded:
        assert downloaded.width == variant, state
    # a srcset image's natural width is its slot in CSS pixels (pixels / chosen density)
    assert state["natural"] == slot, state
    assert 0 < state["shown"] <= slot, state
    assert problems.problems == [], "\n".join(problems.problems)


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_or_critical_violations(context, base_url, name) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, _ = _open(context, base_url, PAGES[name])
    results = Axe().run(page)
    serious = [
        f"{v['impact']} {v['id']}: {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{name} ({PAGES[name]}):\n" + "\n".join(serious)


@pytest.mark.parametrize("ci", ["", "true"])
def test_missing_chromium_skips_on_a_developer_machine_and_fails_under_ci(monkeypatch, ci) -> None:
    monkeypatch.setenv("CI", ci)
    outcome = pytest.fail.Exception if ci else pytest.skip.Exception
    with pytest.raises(outcome, match="chromium not found at /nonexistent/chromium: apt-get"):
        require_chromium(Path("/nonexistent/chromium"))
