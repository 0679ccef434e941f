"""Screenshots of the design: home, a news list, an item and the 404 page, on a desktop
(1280x800) and a phone (375x667), written as PNG files for reviewers.

The sample site is built once (a production build), served on 127.0.0.1 and opened in
Debian's headless Chromium through Playwright (tests/browser_support.py). The pictures go
to the folder named by ``SCREENSHOTS_DIR`` (the pull-request workflow sets it and uploads
the folder with its summary artifact), else to a temporary folder. Each must be a real
picture: the viewport's size, and not blank (many distinct colours).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from browser_support import PageProblems, chromium_browser, serve
from conftest import REPO, Project, _base_project, seed_pictures
from PIL import Image

PAGES = {
    "home": "",
    "news-list": "news/",
    "item": "news/2026/03/12/new-iot-gateway/",
    "404": "404.html",
}
SIZES = {"desktop": (1280, 800), "phone": (375, 667)}
MIN_COLOURS = 32  # a blank or single-block page has a handful; a designed page hundreds


@pytest.fixture(scope="module")
def site(tmp_path_factory, sample_pictures) -> Project:
    project = _base_project(tmp_path_factory.mktemp("screens-site"))
    shutil.rmtree(project.content)
    shutil.copytree(REPO / "content", project.content)
    seed_pictures(sample_pictures, project.root)
    result = project.cli("build")
    assert result.exit_code == 0, result.output
    for name, path in PAGES.items():
        built = project.site / path
        built = built / "index.html" if not path or path.endswith("/") else built
        assert built.is_file(), f"the sample has no {name} page {path}"
    return project


@pytest.fixture(scope="module")
def base_url(site: Project):
    with serve(site.site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    given = os.environ.get("SCREENSHOTS_DIR", "").strip()
    path = Path(given) if given else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", PAGES)
def test_screenshot(browser, base_url: str, folder: Path, name: str, size: str) -> None:
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        is_mobile=size == "phone",
        has_touch=size == "phone",
        locale="zh-CN",
    )
    try:
        page = context.new_page()
        problems = PageProblems(page, base_url)
        response = page.goto(base_url + PAGES[name], wait_until="load")
        assert response is not None and response.ok, f"{name}: {response and response.status}"
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        target = folder / f"{name}-{width}x{height}.png"
        page.screenshot(path=str(target), full_page=False, animations="disabled")
        outside = [p for p in problems.problems if p.startswith("external request")]
        assert outside == [], "\n".join(outside)
    finally:
        context.close()
    with Image.open(target) as picture:
        assert picture.format == "PNG"
        assert picture.size == (width, height), picture.size
        colours = picture.convert("RGB").getcolors(maxcolors=width * height)
    assert len(colours) > MIN_COLOURS, f"{target.name}: only {len(colours)} colours (blank?)"
    # not one colour covering almost everything (an empty page with a thin header)
    biggest = max(count for count, _ in colours)
    assert biggest < 0.97 * width * height, f"{target.name}: one colour fills the page"
