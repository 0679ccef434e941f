"""The image pipeline in real builds: the sample site, a phone photo with GPS, bad images.

One `pipeline build` of the sample site (plus a phone photo) is shared by the read-only
tests; a second build proves the cache re-encodes nothing.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import REPO, Project, _base_project, make_jpeg
from PIL import ExifTags, Image
from test_images import make_gps_photo

PHONE_POST = "news/2026/04/02/phone-photo/"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")


def _sample_site(root) -> Project:
    project = _base_project(root)
    shutil.rmtree(project.content)
    shutil.copytree(REPO / "content", project.content)
    make_gps_photo(project.content / "news/posts/2026/phone.jpg")
    project.write_item(
        "news",
        "2026-04-02-phone-photo",
        title="澜石科技员工手机拍摄的活动照片",
        date="2026-04-02 10:00",
        slug="phone-photo",
        cover="phone.jpg",
        body="活动现场。\n\n![活动现场的合影](phone.jpg)\n\n"
        '<img src="phone.jpg" alt="同一张照片，HTML 写法" width="20">\n',
    )
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Project, str, str]:
    project = _sample_site(tmp_path_factory.mktemp("images-site"))
    digest = project.content_digest()
    result = project.cli("--lang", "en", "build")
    assert result.exit_code == 0, result.output
    return project, digest, result.output


def _content_imgs(html: str) -> list[str]:
    article = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return re.findall(r"<img\b[^>]*>", article)


def _content_pages(project: Project) -> list[str]:
    """Built pages with images in their content (the items' and the about page)."""
    pages = []
    for path in sorted(project.site.rglob("index.html")):
        html = path.read_text("utf-8")
        if '<article class="md-content__inner' in html and _content_imgs(html):
            pages.append(html)
    return pages


def test_every_content_image_is_a_responsive_picture_with_dimensions(built) -> None:
    project, _, _ = built
    pages = _content_pages(project)
    # every one of the 33 sample items has a picture (SEO), the home page (logo), the about
    # page, the phone post
    assert len(pages) == 36
    for html in pages:
        imgs = _content_imgs(html)
        for number, img in enumerate(imgs):
            assert re.search(r'width="\d+" height="\d+"', img), img
            assert 'decoding="async"' in img and "alt=" in img, img
            expected = 'loading="eager"' if number == 0 else 'loading="lazy"'
            assert expected in img, img
        article = html.split('<article class="md-content__inner', 1)[1]
        pictures = re.findall(r"<picture>(.*?)</picture>", article, re.DOTALL)
        assert len(pictures) == len(imgs), "every image sits in a <picture>"
        for picture in pictures:
            assert '<source type="image/avif"' in picture
            assert '<source type="image/webp"' in picture


def test_the_phone_photo_is_upright_and_private_everywhere(built) -> None:
    project, _, _ = built
    html = project.html(PHONE_POST)
    # the cover once: the body shows the same photo, so it is not repeated above the body
    first, second = _content_imgs(html)
    assert 'width="40" height="60"' in first  # turned upright, not 60×40
    assert 'width="20" height="30"' in second  # the editor's own width, height to match
    served = sorted(p for p in project.site.rglob("phone*") if p.suffix in IMAGE_SUFFIXES)
    assert {p.suffix for p in served} == {".jpg", ".webp", ".avif"}
    for path in served:
        with Image.open(path) as image:
            assert image.height == round(image.width * 1.5), path
            assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo), path
        assert b"PhoneMaker" not in path.read_bytes()


def test_no_image_in_the_site_carries_exif(built) -> None:
    project, _, _ = built
    images = [p for p in project.site.rglob("*") if p.suffix in IMAGE_SUFFIXES]
    content_images = [p for p in images if "assets/images" in p.as_posix() or "/20" in p.name]
    assert content_images
    for path in images:
        if "material" in path.parts:  # the theme's own files
            continue
        with Image.open(path) as image:
            assert not image.getexif(), path


def test_covers_on_list_pages_and_as_og_image(built) -> None:
    project, _, _ = built
    listing = project.html("news/")
    covers = re.findall(r'<a href="[^"]+" class="pipeline-cover".*?</a>', listing, re.DOTALL)
    assert covers and all("<picture>" in c and 'width="' in c for c in covers)
    assert 'loading="eager"' in covers[0] and all('loading="lazy"' in c for c in covers[1:])
    head = project.html(PHONE_POST).split("</head>", 1)[0]
    assert (
        '<meta property="og:image" content="https://www.lanshi-tech.example/news/2026/phone.jpg">'
        in head
    )
    assert '<meta property="og:image:width" content="40">' in head


def test_sources_are_untouched_and_the_summary_is_printed(built) -> None:
    project, digest, output = built
    assert project.content_digest() == digest
    with Image.open(project.content / "news/posts/2026/phone.jpg") as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    summary = re.search(r"Images: (\d+) \((\d+) encoded, (\d+) from the cache\)", output)
    assert summary and int(summary.group(2)) == int(summary.group(1)) > 15
    assert re.search(r"originals [\d.]+ [kM]B → served [\d.]+ [kM]B, \d+% saved", output)


def test_a_rebuild_reencodes_nothing(built) -> None:
    project, _, _ = built
    # --force: nothing changed, so the site is up to date otherwise (nothing built)
    result = project.cli("--lang", "en", "build", "--force")
    assert result.exit_code == 0, result.output
    images = re.search(r"Images: (\d+) \(0 encoded, (\d+) from the cache\)", result.output)
    assert images and images.group(1) == images.group(2), result.output
    assert "<picture>" in project.html(PHONE_POST)


# -- findings -------------------------------------------------------------------------


def check(project: Project) -> tuple[int, list[dict]]:
    result = project.cli("--lang", "en", "check", "--format", "json")
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def test_each_bad_image_gets_its_finding_and_the_rest_is_still_reported(project) -> None:
    posts = project.content / "news/posts/2026"
    (posts / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"garbage" * 40)
    whole = make_jpeg(posts / "whole.jpg", (400, 300)).read_bytes()
    (posts / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    Image.new("RGB", (8, 8)).save(posts / "chart.jpg", "PNG")
    Image.new("RGB", (8, 8)).save(posts / "scan.bmp", "BMP")
    (posts / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "utf-8"
    )
    (project.root / "site_config/images.yml").write_text("max_pixels: 150000\n", "utf-8")
    make_jpeg(posts / "huge.jpg", (500, 400))
    body = "".join(
        f"![图{n}]({name})\n\n"
        for n, name in enumerate(
            ["broken.jpg", "cut.jpg", "chart.jpg", "scan.bmp", "logo.svg", "huge.jpg", "whole.jpg"]
        )
    )
    path = project.write_item(
        "news", "2026-07-01-bad-images", body=body + "![](whole.jpg)\n", title="这"
    )
    status, findings = check(project)
    assert status == 1
    by_image = {f["path"].rsplit("/", 1)[-1]: f for f in findings if f["path"].endswith(
        (".jpg", ".bmp", ".svg"))}  # fmt: skip
    assert by_image["broken.jpg"]["rule"] == "images/corrupt"
    assert by_image["cut.jpg"]["rule"] == "images/truncated"
    assert by_image["chart.jpg"]["rule"] == "images/wrong-extension"
    assert ".png" in by_image["chart.jpg"]["hint"]
    assert by_image["scan.bmp"]["rule"] == "images/unsupported"
    assert by_image["logo.svg"]["rule"] == "images/svg-unsafe"
    assert "<script>" in by_image["logo.svg"]["message"]
    assert by_image["huge.jpg"]["rule"] == "images/bomb"
    assert "500×400" in by_image["huge.jpg"]["message"]
    assert "whole.jpg" not in by_image  # a good image has nothing to report
    item = [f for f in findings if f["path"].endswith("bad-images.md")]
    rules = {f["rule"] for f in item}
    assert {"images/missing-alt", "schema/too-short"} <= rules  # the rest is still reported
    (alt,) = [f for f in item if f["rule"] == "images/missing-alt"]
    line = path.read_text("utf-8").splitlines().index("![](whole.jpg)") + 1
    assert (alt["line"], alt["column"]) == (line, 1)
    assert all(f["message"] and f["hint"] for f in findings)


def test_unreferenced_and_oversized_images_warn(project) -> None:
    make_jpeg(project.content / "assets/images/old-banner.jpg", (200, 100))
    (project.root / "site_config/images.yml").write_text("warn_megapixels: 0.05\n", "utf-8")
    status, findings = check(project)
    assert status == 0
    rules = {(f["path"].rsplit("/", 1)[-1], f["rule"], f["severity"]) for f in findings}
    assert ("old-banner.jpg", "images/unreferenced", "warning") in rules
    assert ("gateway.jpg", "images/oversized", "warning") in rules  # 640×360 over 0.05 MP
    assert ("zhangwei.png", "images/unreferenced", "warning") not in rules  # an avatar


def test_raw_img_without_alt_blocks_with_line_and_column(project) -> None:
    path = project.write_item("news", "x", body='正文。\n\n<p><img src="gateway.jpg"></p>\n')
    status, findings = check(project)
    assert status == 1
    (alt,) = [f for f in findings if f["rule"] == "images/missing-alt"]
    assert alt["path"].endswith(path.name) and alt["column"] == 4
    assert (
        alt["line"]
        == path.read_text("utf-8").splitlines().index('<p><img src="gateway.jpg"></p>') + 1
    )


def test_a_bad_images_setting_is_a_configuration_error(project) -> None:
    (project.root / "site_config/images.yml").write_text("widths: [480]\nformat: [webp]\n", "utf-8")
    result = project.cli("--lang", "en", "check")
    assert result.exit_code == 2
    assert "site_config/images.yml:2" in result.output and "formats" in result.output


def test_plain_mkdocs_build_serves_pictures_too(project) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(project.content / "about-team.heic", "HEIF")
    about = project.content / "about.md"
    about.write_text(about.read_text("utf-8") + "\n![团队合影](about-team.heic)\n", "utf-8")
    result = project.run(REPO / ".venv/bin/mkdocs", "build")
    assert result.returncode == 0, result.stderr
    html = project.html("news/2026/03/12/new-gateway/")
    # the cover is the body's picture too: shown once
    assert html.count("<picture>") == 1 and 'loading="eager"' in html
    with Image.open(project.site / "news/2026/gateway.jpg") as served:
        assert served.size == (640, 360) and not served.getexif()
    # an iPhone photo is served as JPEG, which every browser shows
    assert 'src="../about-team.heic.jpg"' in project.html("about/")
    with Image.open(project.site / "about-team.heic.jpg") as converted:
        assert converted.format == "JPEG" and converted.size == (64, 48)
    assert "Images:" in result.stderr or "图片：" in result.stderr


def test_same_named_images_keep_their_own_variants_and_honest_extensions(project) -> None:
    folder = project.content / "news/posts/2026"
    make_jpeg(folder / "开放日 合影,1.jpg", size=(600, 400))
    make_jpeg(folder / "logo.jpg", size=(40, 30), color=(220, 20, 20))
    Image.new("RGB", (40, 30), (20, 200, 20)).save(folder / "logo.png")
    Image.new("RGB", (30, 20), (20, 20, 220)).save(folder / "still.gif")
    make_jpeg(folder / "photo.jpeg", size=(40, 30))
    project.write_item(
        "news",
        "2026-04-03-same-names",
        title="澜石科技同名图片测试文章",
        date="2026-04-03 10:00",
        slug="same-names",
        cover="开放日 合影,1.jpg",
        body="![红色标志](logo.jpg)\n\n![绿色标志](logo.png)\n\n![静态动图](still.gif)\n\n"
        "![照片](photo.jpeg)\n\n![合影](<开放日 合影,1.jpg>)\n",
    )
    result = project.cli("--lang", "en", "build")
    assert result.exit_code == 0, result.output
    html = project.html("news/2026/04/03/same-names/")
    served = project.site / "news/2026"
    for name, red in (("logo.jpg", True), ("logo.png", False)):
        assert f'srcset="../../../{name}.40.webp 40w"' in html
        with Image.open(served / f"{name}.40.webp") as variant:
            r, g, _ = variant.convert("RGB").getpixel((20, 15))
            assert (r > g) == red, name
    # a still GIF is served as the PNG it was re-encoded to, under a name that says so
    assert 'src="../../../still.gif.png"' in html
    with Image.open(served / "still.gif.png") as fallback:
        assert fallback.format == "PNG"
    assert 'src="../../../photo.jpeg"' in html and not (served / "photo.jpeg.jpg").exists()
    # a space or comma in a file name would split srcset ("url 480w, …") and og:image
    assert (
        'srcset="../../../开放日%20合影%2C1.480.jpg 480w, ../../../开放日%20合影%2C1.jpg 600w"'
        in html
    )
    assert "https://www.lanshi-tech.example/news/2026/开放日%20合影%2C1.jpg" in html
    assert 'srcset="2026/开放日%20合影%2C1.480.webp 480w' in project.html("news/")
    assert (served / "开放日 合影,1.480.webp").exists()
