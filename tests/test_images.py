"""The image pipeline on real images made with Pillow: encoding, privacy, bad files, cache, HTML.

Images are tiny so the tests stay fast; the settings are scaled down to match.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from mkdocs.utils import get_relative_url
from PIL import ExifTags, Image, ImageDraw

from pipeline.config.base import ConfigError
from pipeline.images.html import Picture, rewrite_images
from pipeline.images.probe import Facts, Problem, probe
from pipeline.images.runner import POOL_FROM_PIXELS, pool_size, process_images
from pipeline.images.settings import ImageSettings, load_image_settings

SMALL = ImageSettings(widths=(16, 32, 64), max_width=48, workers=1)
RED, BLUE = (220, 30, 30), (30, 30, 220)


def make_gps_photo(path: Path, orientation: int = 6) -> Path:
    """60×40 as stored: left half red, right half blue; EXIF says rotate (6: 90° clockwise);
    GPS position, camera make and an XMP packet ride along, as phones write them."""
    image = Image.new("RGB", (60, 40), BLUE)
    ImageDraw.Draw(image).rectangle([0, 0, 29, 39], fill=RED)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (30.0, 15.0, 12.5),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (120.0, 10.0, 5.0),
    }
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><secret>home address</secret></x:xmpmeta>'
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=95, exif=exif, xmp=xmp, comment=b"private comment")
    return path


def make_photo(path: Path, size=(100, 60)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, (40, 110, 170))
    ImageDraw.Draw(image).ellipse([5, 5, size[0] - 5, size[1] - 5], fill=(200, 80, 40))
    image.save(path, "JPEG", quality=90)
    return path


def run(sources: list[Path], tmp_path: Path, settings: ImageSettings = SMALL):
    return process_images(sources, settings, tmp_path / "cache")


def outputs(summary, source: Path) -> list[Path]:
    result = summary.results[source]
    return [result.entry / o.file for o in result.encoded.outputs]


def test_photo_with_gps_and_rotation_comes_out_upright_without_any_metadata(tmp_path) -> None:
    source = make_gps_photo(tmp_path / "photo.jpg")
    assert Image.open(source).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test's premise
    summary = run([source], tmp_path)
    files = outputs(summary, source)
    assert {p.suffix for p in files} == {".jpg", ".webp", ".avif"}
    assert (summary.results[source].encoded.width, summary.results[source].encoded.height) == (
        40,
        60,
    )
    for path in files:
        data = path.read_bytes()
        with Image.open(path) as image:
            width, height = image.size
            assert height == round(width * 1.5), path  # upright: the 90° turn is applied
            rgb = image.convert("RGB")
            top, bottom = rgb.getpixel((width // 2, 3)), rgb.getpixel((width // 2, height - 3))
            assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0], path  # red above blue
            assert not image.getexif(), path
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"} & set(
                image.info
            ), path
        for secret in (b"PhoneMaker", b"home address", b"private comment", b"Exif\x00\x00"):
            assert secret not in data, (path, secret)
    assert source.read_bytes() == make_gps_photo(tmp_path / "again.jpg").read_bytes()


def test_widths_up_to_the_maximum_and_never_above_the_original(tmp_path) -> None:
    big = make_photo(tmp_path / "big.jpg", (100, 60))
    small = make_photo(tmp_path / "small.jpg", (20, 12))
    summary = run([big, small], tmp_path)
    widths = lambda s: sorted({o.width for o in summary.results[s].encoded.outputs})  # noqa: E731
    assert widths(big) == [16, 32, 48]
    assert widths(small) == [16, 20]
    assert summary.results[big].encoded.fallback == "jpg"
    with Image.open(outputs(summary, big)[0]) as first:
        assert first.width == 48
    jpeg = next(p for p in outputs(summary, big) if p.suffix == ".jpg")
    with Image.open(jpeg) as image:
        assert image.info.get("progressive")


def test_a_rebuild_reencodes_nothing_and_new_settings_reencode(tmp_path) -> None:
    sources = [make_photo(tmp_path / f"p{i}.jpg", (40 + i, 30)) for i in range(3)]
    first = run(sources, tmp_path)
    assert (first.encoded, first.reused) == (3, 0)
    again = run(sources, tmp_path)
    assert (again.encoded, again.reused) == (0, 3)
    assert again.bytes_before == first.bytes_before and again.bytes_after == first.bytes_after
    make_photo(sources[0], (90, 50))  # an editor replaces one photo
    changed = run(sources, tmp_path)
    assert (changed.encoded, changed.reused) == (1, 2)
    other = run(sources, tmp_path, ImageSettings(widths=(16,), max_width=32, workers=1))
    assert other.encoded == 3
    assert not (tmp_path / "cache" / "tmp").exists()  # no half-written entry is left


def test_parallel_workers_give_the_same_outputs(tmp_path) -> None:
    sources = [make_photo(tmp_path / f"p{i}.jpg", (50 + i, 30)) for i in range(4)]
    settings = ImageSettings(widths=(16, 32), max_width=48, workers=2)
    summary = process_images(sources, settings, tmp_path / "cache")
    assert summary.encoded == 4 and summary.problems == 0
    assert summary.bytes_after < summary.bytes_before


def test_a_small_batch_is_encoded_in_the_builds_process_a_large_one_by_workers(tmp_path):
    """``workers: 0``: spawning workers (each starts Python and imports Pillow) only for a
    batch with at least a megapixel in all; a number set in images.yml is always taken."""
    small = [(make_photo(tmp_path / f"s{i}.jpg", (640, 360)), f"k{i}") for i in range(4)]
    large = [(make_photo(tmp_path / f"l{i}.jpg", (1200, 500)), f"m{i}") for i in range(2)]
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9000" height="9000"/>')
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not a picture")
    auto = ImageSettings(workers=0)
    cores = min(os.cpu_count() or 1, 2)
    assert 4 * 640 * 360 < POOL_FROM_PIXELS <= 2 * 1200 * 500
    assert pool_size(small, auto) == 1
    assert pool_size(small + [(svg, "v")] * 3, auto) == 1  # an SVG is not rasterised
    assert pool_size(large, auto) == cores
    assert pool_size([*small[:1], (broken, "b")], auto) == cores  # the workers judge it
    frames = [Image.new("RGB", (40, 30), (i * 20, 90, 160)) for i in range(3)]
    animation = tmp_path / "spinner.gif"
    frames[0].save(animation, save_all=True, append_images=frames[1:], duration=80, loop=0)
    assert pool_size([*small[:1], (animation, "a")], auto) == cores  # encoded frame by frame
    assert pool_size(small, ImageSettings(workers=2)) == 2
    assert pool_size(small[:1], ImageSettings(workers=2)) == 1


def test_a_batch_encoded_in_process_equals_one_encoded_by_workers(tmp_path) -> None:
    sources = [make_photo(tmp_path / f"p{i}.jpg", (60 + i, 40)) for i in range(3)]
    settings = ImageSettings(widths=(16, 32), max_width=48)
    inline = process_images(sources, settings, tmp_path / "inline")
    pooled = process_images(sources, replace(settings, workers=2), tmp_path / "pooled")
    assert inline.encoded == pooled.encoded == 3
    for source in sources:
        ours, theirs = inline.results[source].entry, pooled.results[source].entry
        assert sorted(p.name for p in ours.iterdir()) == sorted(p.name for p in theirs.iterdir())
        for path in ours.iterdir():
            assert path.read_bytes() == (theirs / path.name).read_bytes(), path.name


def test_copies_of_one_image_are_encoded_once(tmp_path) -> None:
    """Editors reuse a photo under several items: the same bytes share one encoding."""
    original = make_photo(tmp_path / "a" / "team.jpg", (60, 40))
    copies = [tmp_path / d / "team.jpg" for d in ("b", "c")]
    for copy in copies:
        copy.parent.mkdir()
        copy.write_bytes(original.read_bytes())
    other = make_photo(tmp_path / "d" / "other.jpg", (62, 40))
    settings = ImageSettings(widths=(16, 32), max_width=48, workers=2)
    summary = process_images([original, *copies, other], settings, tmp_path / "cache")
    assert (summary.images, summary.encoded, summary.reused) == (4, 2, 2)
    folders = {summary.results[path].entry for path in (original, *copies)}
    assert len(folders) == 1 and summary.results[other].entry not in folders


@pytest.mark.parametrize(
    ("name", "make", "rule"),
    [
        ("corrupt.jpg", lambda p: p.write_bytes(b"\xff\xd8\xff\xe0" + b"not a jpeg" * 50), None),
        ("noise.png", lambda p: p.write_bytes(b"this is not an image at all"), "images/corrupt"),
        ("truncated.jpg", "truncate", "images/truncated"),
        ("lying.jpg", lambda p: Image.new("RGB", (8, 8)).save(p, "PNG"), "images/wrong-extension"),
        ("scan.bmp", lambda p: Image.new("RGB", (8, 8)).save(p, "BMP"), "images/unsupported"),
        ("tiff.png", lambda p: Image.new("RGB", (8, 8)).save(p, "TIFF"), "images/unsupported"),
    ],
)
def test_bad_files_become_problems_not_crashes(tmp_path, name, make, rule) -> None:
    path = tmp_path / name
    if make == "truncate":
        make_photo(tmp_path / "whole.jpg", (400, 300))
        data = (tmp_path / "whole.jpg").read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        make(path)
    found = probe(path, SMALL)
    assert isinstance(found, Problem)
    assert found.rule == (rule or found.rule) and found.rule.startswith("images/")
    if rule is None:
        assert found.rule in ("images/corrupt", "images/truncated")
    summary = run([path], tmp_path)
    assert summary.problems == 1 and summary.results[path].encoded is None
    assert summary.results[path].result.rule == found.rule


def test_a_decompression_bomb_is_a_finding_from_the_header_alone(tmp_path) -> None:
    path = make_photo(tmp_path / "huge.jpg", (100, 100))
    strict = ImageSettings(max_pixels=5_000, workers=1)
    found = probe(path, strict)
    assert isinstance(found, Problem) and found.rule == "images/bomb"
    assert found.params["size"] == "100×100"
    assert run([path], tmp_path, strict).results[path].result.rule == "images/bomb"


def test_heic_is_converted_to_jpeg_for_the_web(tmp_path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    path = tmp_path / "iphone.heic"
    Image.new("RGB", (40, 30), RED).save(path, "HEIF")
    summary = run([path], tmp_path)
    encoded = summary.results[path].encoded
    assert encoded.fallback == "jpg" and encoded.source_format == "HEIF"
    assert {o.format for o in encoded.outputs} == {"jpg", "webp", "avif"}


def test_animated_gif_stays_animated(tmp_path) -> None:
    path = tmp_path / "blink.gif"
    frames = [Image.new("RGB", (30, 20), color) for color in (RED, BLUE, (20, 160, 20))]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=120, loop=0,
                   comment=b"made by someone")  # fmt: skip
    summary = run([path], tmp_path)
    encoded = summary.results[path].encoded
    assert encoded.animated and encoded.fallback == "gif"
    for output in outputs(summary, path):
        with Image.open(output) as image:
            assert image.n_frames == 3, output
            assert "comment" not in image.info
    assert b"made by someone" not in b"".join(p.read_bytes() for p in outputs(summary, path))


def test_png_graphics_keep_their_exact_colours(tmp_path) -> None:
    path = tmp_path / "chart.png"
    image = Image.new("RGB", (40, 30), (255, 255, 255))
    ImageDraw.Draw(image).rectangle([5, 5, 20, 25], fill=(10, 120, 200))
    image.save(path)
    summary = run([path], tmp_path, ImageSettings(widths=(64,), max_width=64, workers=1))
    png = next(p for p in outputs(summary, path) if p.suffix == ".png")
    with Image.open(png) as out:
        assert out.mode == "P"  # palette-reduced, since it is exact
        assert out.convert("RGB").tobytes() == image.tobytes()


def test_16_bit_greyscale_png_keeps_its_greys(tmp_path) -> None:
    path = tmp_path / "scan.png"
    Image.new("I;16", (40, 30), 32768).save(path)  # mid grey, as 16-bit tools export it
    summary = run([path], tmp_path, ImageSettings(widths=(64,), max_width=64, workers=1))
    for output in outputs(summary, path):
        with Image.open(output) as out:
            assert out.convert("L").getpixel((20, 15)) in range(126, 131), output.name


SAFE_SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
    b'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="120" height="60" '
    b'inkscape:version="1.2"><metadata>author: Zhang Wei</metadata><!-- draft -->'
    b'<rect width="120" height="60" fill="#1a6"/></svg>'
)


@pytest.mark.parametrize(
    ("svg", "reason"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x()"/></svg>', "onclick"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://t.example/p.png"/></svg>',
            "https://t.example/p.png",
        ),
        (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"/>', "ENTITY"),
    ],
)
def test_unsafe_svg_is_rejected_with_the_reason(tmp_path, svg, reason) -> None:
    path = tmp_path / "logo.svg"
    path.write_bytes(svg)
    found = probe(path, SMALL)
    assert isinstance(found, Problem) and found.rule == "images/svg-unsafe"
    assert reason in found.params["reason"]


def test_safe_svg_passes_without_metadata(tmp_path) -> None:
    path = tmp_path / "logo.svg"
    path.write_bytes(SAFE_SVG)
    assert probe(path, SMALL) == Facts("SVG", 120, 60, False, len(SAFE_SVG))
    summary = run([path], tmp_path)
    (output,) = outputs(summary, path)
    data = output.read_bytes()
    assert b"<rect" in data and b"Zhang Wei" not in data and b"draft" not in data
    assert b"inkscape" not in data


def _picture(src: str = "news/2026/a.jpg") -> Picture:
    stem = src.rsplit(".", 1)[0]
    return Picture(
        src=src,
        width=800,
        height=450,
        fallback="jpg",
        sources=(
            ("avif", ((f"{stem}.480.avif", 480), (f"{stem}.800.avif", 800))),
            ("webp", ((f"{stem}.480.webp", 480), (f"{stem}.800.webp", 800))),
            ("jpg", ((f"{stem}.480.jpg", 480), (src, 800))),
        ),
        sizes="100vw",
    )


def test_img_becomes_a_responsive_picture_and_only_the_first_is_eager() -> None:
    pictures = {"news/2026/a.jpg": _picture(), "news/2026/b.jpg": _picture("news/2026/b.jpg")}
    html = (
        '<p><img alt="第一张" src="../../../a.jpg" title="t"></p>'
        '<p><img alt="第二张" src="../../../b.jpg" /></p>'
        '<p><img alt="外部" src="https://cdn.example/x.jpg"></p>'
        '<picture><img alt="own" src="../../../b.jpg"></picture>'
    )
    out = rewrite_images(html, "news/2026/03/12/post/", pictures.get, get_relative_url)
    assert out.count("<picture>") == 3  # two rewritten, the editor's own kept
    first, second = out.split("</picture>")[:2]
    assert (
        '<source type="image/avif" srcset="../../../a.480.avif 480w, ../../../a.800.avif 800w"'
        in first
    )
    assert 'srcset="../../../a.480.jpg 480w, ../../../a.jpg 800w"' in first
    assert 'width="800" height="450" loading="eager"' in first and 'title="t"' in first
    assert 'alt="第二张"' in second and 'loading="lazy" decoding="async"' in second
    assert '<img alt="外部" src="https://cdn.example/x.jpg">' in out
    assert '<picture><img alt="own" src="../../../b.jpg"></picture>' in out


def test_settings_file_is_optional_and_checked(tmp_path) -> None:
    assert load_image_settings(tmp_path, tmp_path) == ImageSettings()
    (tmp_path / "images.yml").write_text("widths: [480, 960]\nformats: [webp]\n", "utf-8")
    loaded = load_image_settings(tmp_path, tmp_path)
    assert loaded.widths == (480, 960) and loaded.formats == ("webp",)
    (tmp_path / "images.yml").write_text("widths: [480]\nformts: [webp]\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_image_settings(tmp_path, tmp_path)
    assert (caught.value.line, caught.value.params["suggestion"]) == (2, "formats")
    (tmp_path / "images.yml").write_text("widths: [480]\nformats: [jpeg2000]\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_image_settings(tmp_path, tmp_path)
    assert (caught.value.rule, caught.value.line) == ("images/bad-setting", 2)
    (tmp_path / "images.yml").write_text("quality:\n  webp: 300\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_image_settings(tmp_path, tmp_path)
    assert (caught.value.rule, caught.value.line) == ("images/bad-quality", 2)
