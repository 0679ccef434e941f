"""Benchmark of the image pipeline against sharp-cli, on a generated corpus, in one run.

    .venv/bin/python bench/bench_images.py [--quick]

Builds (once) a corpus of 50 realistic images under .cache/bench/images/corpus/: camera
photos at 4000×3000 and 3000×2000 (gradients, noise, shapes; EXIF orientation and GPS
on some), PNG graphics and GIFs. Then measures the pipeline cold and warm with 1 and
2 workers, and sharp-cli (installed from npm into .cache/bench/node/) on the same
corpus with the same widths, formats and qualities. Prints images/s, MB/s, the ratio
and the total output bytes of both. Nothing large is committed: all of it is in .cache/.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.images.process import AVIF_SPEED, WEBP_METHOD  # noqa: E402
from pipeline.images.runner import process_images  # noqa: E402
from pipeline.images.settings import ImageSettings  # noqa: E402

BENCH = ROOT / ".cache" / "bench"
WORK = BENCH / "images"
NODE = BENCH / "node"
SHARP = NODE / "node_modules" / ".bin" / "sharp"
SETTINGS = ImageSettings()


# -- the corpus ---------------------------------------------------------------------------


def _photo(size: tuple[int, int], seed: int) -> Image.Image:
    """Photo-like: a sky-to-ground gradient, soft shapes, and sensor noise."""
    rng = random.Random(seed)
    width, height = size
    top = tuple(rng.randint(60, 200) for _ in range(3))
    bottom = tuple(rng.randint(20, 140) for _ in range(3))
    mask = Image.linear_gradient("L").resize(size)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randint(width // 30, width // 6)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape([x - r, y - r // 2, x + r, y + r // 2], fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(3))
    noise = Image.effect_noise(size, 18).convert("RGB")
    return Image.blend(image, noise, 0.12)


def _graphic(size: tuple[int, int], seed: int) -> Image.Image:
    """A chart or diagram: flat colours, lines and text-like bars."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    bars = 12
    for i in range(bars):
        h = rng.randint(size[1] // 8, size[1] * 3 // 4)
        x = 80 + i * (size[0] - 160) // bars
        colour = [(30, 110, 190), (240, 140, 40), (60, 160, 90)][i % 3]
        draw.rectangle([x, size[1] - 60 - h, x + (size[0] - 160) // bars - 16, size[1] - 60],
                       fill=colour)  # fmt: skip
    for y in range(60, size[1] - 60, 80):
        draw.line([(60, y), (size[0] - 60, y)], fill=(220, 220, 220), width=2)
    return image


def _exif(seed: int) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "BenchCam"
    exif[ExifTags.Base.Orientation] = (1, 6, 1, 8)[seed % 4]
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (30.0, 15.0, float(seed)),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (120.0, 10.0, 5.0),
    }
    return exif


def build_corpus(folder: Path) -> list[Path]:
    """50 images: 20 photos at 4000×3000, 20 at 3000×2000, 8 PNG graphics, 2 GIFs."""
    done = folder / ".complete"
    if done.is_file():
        return sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for n in range(40):
        size = (4000, 3000) if n < 20 else (3000, 2000)
        _photo(size, n).save(folder / f"photo-{n:02d}.jpg", "JPEG", quality=90, exif=_exif(n))
    for n in range(8):
        _graphic((1600, 1000), 100 + n).save(folder / f"chart-{n}.png", optimize=False)
    frames = [_graphic((480, 300), 200 + n).convert("P") for n in range(6)]
    frames[0].save(folder / "anim.gif", save_all=True, append_images=frames[1:], duration=200)
    _graphic((800, 500), 300).convert("P").save(folder / "still.gif")
    done.write_text("ok")
    return build_corpus(folder)


# -- the two contenders -------------------------------------------------------------------


def run_pipeline(corpus: list[Path], workers: int, cache: Path) -> tuple[float, int, int]:
    settings = ImageSettings(workers=workers)
    started = time.perf_counter()
    summary = process_images(corpus, settings, cache)
    seconds = time.perf_counter() - started
    return seconds, summary.encoded, summary.bytes_written


def ensure_sharp() -> bool:
    if SHARP.exists():
        return True
    NODE.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NODE), "sharp-cli"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print("could not install sharp-cli:", result.stderr[-400:])
    return SHARP.exists()


def _sharp_jobs(corpus: list[Path]) -> list[tuple[list[Path], int, str, list[str]]]:
    """The same outputs as the pipeline: each width up to the original, every format, with
    the same qualities and comparable effort (libavif speed s = sharp effort 9 - s)."""
    formats = {
        "webp": ["-f", "webp", "-q", str(SETTINGS.webp_quality), "--effort", str(WEBP_METHOD)],
        "avif": [
            "-f", "avif", "-q", str(SETTINGS.avif_quality), "--effort", str(9 - AVIF_SPEED),
            "--chromaSubsampling", "4:2:0",
        ],
        "jpg": ["-f", "jpeg", "-q", str(SETTINGS.jpeg_quality), "--progressive"],
        "png": ["-f", "png", "--compressionLevel", "9"],
    }  # fmt: skip
    jobs = []
    stills = [p for p in corpus if p.name != "anim.gif"]
    for width in SETTINGS.widths:
        for fmt in ("avif", "webp", "jpg", "png"):
            if fmt == "jpg":
                inputs = [p for p in stills if p.suffix == ".jpg"]
            elif fmt == "png":
                inputs = [p for p in stills if p.suffix in (".png", ".gif")]
            else:
                inputs = stills
            inputs = [p for p in inputs if _wanted(_width(p), width)]
            if inputs:
                jobs.append((inputs, width, fmt, formats[fmt]))
    return jobs


def _wanted(original: int, width: int) -> bool:
    """As the pipeline: widths below the top, and the top (the original, at most max_width)
    from the first configured width at or above it (sharp's withoutEnlargement gives it)."""
    top = min(original, SETTINGS.max_width)
    return width < top or width == min(w for w in SETTINGS.widths if w >= top)


_WIDTHS: dict[Path, int] = {}


def _width(path: Path) -> int:
    if path not in _WIDTHS:
        with Image.open(path) as image:
            _WIDTHS[path] = image.width
    return _WIDTHS[path]


def run_sharp(corpus: list[Path], out: Path) -> tuple[float, int]:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    for inputs, width, fmt, options in _sharp_jobs(corpus):
        target = out / f"w{width}-{fmt}"
        target.mkdir(parents=True)
        command = [str(SHARP), "-i", *map(str, inputs), "-o", str(target), "--autoOrient",
                   *options, "resize", str(width), "--withoutEnlargement"]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
    # the animated GIF, kept animated: GIF and WebP at its own width
    for fmt in ("gif", "webp"):
        target = out / f"anim-{fmt}"
        target.mkdir(parents=True)
        anim = [p for p in corpus if p.name == "anim.gif"]
        subprocess.run([str(SHARP), "-i", *map(str, anim), "-o", str(target), "--animated",
                        "-f", fmt], check=True, capture_output=True)  # fmt: skip
    seconds = time.perf_counter() - started
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return seconds, total


# -- the report ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-sharp", action="store_true", help="skip the sharp-cli baseline")
    args = parser.parse_args()

    started = time.perf_counter()
    corpus = build_corpus(WORK / "corpus")
    megabytes = sum(p.stat().st_size for p in corpus) / 1e6
    made = time.perf_counter() - started
    photos = sum(p.suffix == ".jpg" for p in corpus)
    print(f"corpus: {len(corpus)} images ({photos} photos 4000×3000 / 3000×2000, "
          f"{len(corpus) - photos} PNG/GIF graphics), {megabytes:.1f} MB "
          f"[{made:.1f} s to make or find]")  # fmt: skip
    print(f"settings: widths {list(SETTINGS.widths)}, formats {list(SETTINGS.formats)} + "
          f"original, quality jpeg {SETTINGS.jpeg_quality} / webp {SETTINGS.webp_quality} / "
          f"avif {SETTINGS.avif_quality}, avif speed {AVIF_SPEED}, "
          f"webp method {WEBP_METHOD}")  # fmt: skip

    rows = []
    output_bytes = 0
    for workers in (1, 2):
        cache = WORK / f"cache-{workers}"
        shutil.rmtree(cache, ignore_errors=True)
        cold, encoded, output_bytes = run_pipeline(corpus, workers, cache)
        warm, reencoded, _ = run_pipeline(corpus, workers, cache)
        rows.append(
            (f"pipeline, {workers} worker{'s' if workers > 1 else ''}, cold", cold, encoded)
        )
        rows.append(
            (f"pipeline, {workers} worker{'s' if workers > 1 else ''}, warm", warm, reencoded)
        )

    sharp = None
    if not args.no_sharp and ensure_sharp():
        sharp_seconds, sharp_bytes = run_sharp(corpus, WORK / "sharp-out")
        sharp = (sharp_seconds, sharp_bytes)
        rows.append(("sharp-cli (libvips, all cores)", sharp_seconds, len(corpus)))

    print(f"\n{'run':<34} {'seconds':>8} {'images/s':>9} {'MB/s':>7} {'encoded':>8}")
    for name, seconds, encoded in rows:
        print(f"{name:<34} {seconds:8.2f} {len(corpus) / seconds:9.2f} "
              f"{megabytes / seconds:7.1f} {encoded:8d}")  # fmt: skip
    print(f"\noutput bytes, pipeline: {output_bytes / 1e6:.1f} MB")
    if sharp:
        print(f"output bytes, sharp-cli: {sharp[1] / 1e6:.1f} MB "
              f"(pipeline / sharp: {output_bytes / sharp[1]:.2f})")  # fmt: skip
        best = min(seconds for name, seconds, _ in rows if "cold" in name)
        print(f"time per image, pipeline (best cold) / sharp-cli: {best / sharp[0]:.2f} "
              f"(< 1 means the pipeline is faster)")  # fmt: skip
    warm_best = min(seconds for name, seconds, _ in rows if "warm" in name)
    print(f"warm rebuild: {warm_best:.3f} s, target < 1 s: {'met' if warm_best < 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
