"""What a source image really is, or what is wrong with it, as plain data.

A probe opens the file the way the encoder will, decodes it (JPEG in draft mode, so a
camera photo costs milliseconds) to catch truncation, and compares the real format
with the extension. Problems are returned as a rule id and parameters, never raised,
so one bad file never stops the run.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError
from pillow_heif import register_heif_opener

from pipeline.images.problem import Problem
from pipeline.images.settings import ImageSettings
from pipeline.images.svg import sanitize_svg

# The formats each extension may hold; MPO is what many phones write for .jpg.
EXTENSION_FORMATS = {
    ".jpg": ("JPEG", "MPO"),
    ".jpeg": ("JPEG", "MPO"),
    # JPEG under the names cameras and browsers also save it with: processed (and stripped of
    # EXIF and GPS) like any .jpg
    ".jfif": ("JPEG",),
    ".jpe": ("JPEG",),
    ".jif": ("JPEG",),
    ".png": ("PNG",),
    ".gif": ("GIF",),
    ".webp": ("WEBP",),
    ".avif": ("AVIF",),
    ".heic": ("HEIF",),
    ".heif": ("HEIF",),
}
RASTER_SUFFIXES = tuple(EXTENSION_FORMATS)
# what Pillow may recognise but the site will not serve: named in the finding
OTHER_IMAGE_SUFFIXES = (".bmp", ".tif", ".tiff", ".psd", ".ico", ".jp2", ".raw", ".dng", ".cr2")
SVG_SUFFIX = ".svg"
FORMAT_EXTENSION = {
    "JPEG": ".jpg",
    "MPO": ".jpg",
    "PNG": ".png",
    "GIF": ".gif",
    "WEBP": ".webp",
    "AVIF": ".avif",
    "HEIF": ".heic",
}


def is_image_path(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(RASTER_SUFFIXES + OTHER_IMAGE_SUFFIXES + (SVG_SUFFIX,))


@dataclass(frozen=True)
class Facts:
    format: str  # Pillow's name, or "SVG"
    width: int  # as shown, after the EXIF orientation
    height: int
    animated: bool
    bytes: int


def register_heif() -> None:
    """HEIC/HEIF (iPhone photos) open through pillow-heif; they are converted for the web."""
    register_heif_opener()


def open_image(path: Path, settings: ImageSettings) -> Image.Image | Problem:
    """Open a raster image lazily (header only), or say why it cannot be used."""
    suffix = path.suffix.lower()
    if suffix in OTHER_IMAGE_SUFFIXES:
        return Problem("images/unsupported", {"format": suffix.lstrip(".").upper()})
    register_heif()
    Image.MAX_IMAGE_PIXELS = settings.max_pixels
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _bomb(path, settings)
    except UnidentifiedImageError:
        return Problem("images/corrupt", {"reason": "unidentified"})
    except (OSError, SyntaxError, ValueError) as exc:
        return Problem("images/corrupt", {"reason": _reason(exc)})
    expected = EXTENSION_FORMATS.get(suffix, ())
    if image.format not in expected:
        image.close()
        actual = FORMAT_EXTENSION.get(image.format or "", f".{(image.format or '?').lower()}")
        if image.format not in {f for formats in EXTENSION_FORMATS.values() for f in formats}:
            return Problem("images/unsupported", {"format": image.format or "?"})
        return Problem(
            "images/wrong-extension",
            {"format": image.format, "suffix": suffix, "expected": actual},
        )
    if image.width * image.height > settings.max_pixels:
        image.close()
        return _bomb(path, settings)
    return _animation_problem(image, settings) or image


def _animation_problem(image: Image.Image, settings: ImageSettings) -> Problem | None:
    """An animation with too many frames, or too many pixels in all its frames together
    (every frame is decoded to process it), refused like a decompression bomb. The frames
    are counted from the file's structure, without decoding them."""
    if not getattr(image, "is_animated", False):
        return None
    try:
        frames = image.n_frames
        image.seek(0)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        image.close()
        return Problem("images/corrupt", {"reason": _reason(exc)})
    total = frames * image.width * image.height
    if frames <= settings.max_frames and total <= settings.max_total_pixels:
        return None
    image.close()
    params = {
        "frames": frames,
        "size": f"{image.width}×{image.height}",
        "max_frames": settings.max_frames,
        "megapixels": round(total / 1_000_000),
        "max_megapixels": round(settings.max_total_pixels / 1_000_000),
    }
    rule = "images/too-many-frames" if frames > settings.max_frames else "images/animation-bomb"
    return Problem(rule, params)


def _bomb(path: Path, settings: ImageSettings) -> Problem:
    size = ""
    Image.MAX_IMAGE_PIXELS = None  # the header alone is read here: nothing is decoded
    try:
        with Image.open(path) as image:
            size = f"{image.width}×{image.height}"
    except Exception:
        pass
    finally:
        Image.MAX_IMAGE_PIXELS = settings.max_pixels
    return Problem(
        "images/bomb",
        {"size": size, "megapixels": round(settings.max_pixels / 1_000_000)},
    )


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120] or type(exc).__name__


def decode_check(image: Image.Image) -> Problem | None:
    """Decode the pixels (at 1/8 size for JPEG) so a truncated or damaged file shows."""
    try:
        if image.format in ("JPEG", "MPO"):
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
        if getattr(image, "is_animated", False):
            image.seek(image.n_frames - 1)
            image.load()
            image.seek(0)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        text = str(exc)
        rule = (
            "images/truncated" if "truncated" in text or "broken data" in text else "images/corrupt"
        )
        return Problem(rule, {"reason": _reason(exc)})
    return None


def shown_size(image: Image.Image) -> tuple[int, int]:
    """Width and height as displayed: orientations 5 to 8 swap the axes."""
    orientation = image.getexif().get(0x0112, 1)
    if orientation in (5, 6, 7, 8):
        return image.height, image.width
    return image.width, image.height


def probe(path: Path, settings: ImageSettings) -> Facts | Problem:
    """The facts about one source image, or its problem."""
    size = path.stat().st_size
    if path.suffix.lower() == SVG_SUFFIX:
        result = sanitize_svg(path.read_bytes())
        if isinstance(result, Problem):
            return result
        return Facts("SVG", result.width, result.height, False, size)
    opened = open_image(path, settings)
    if isinstance(opened, Problem):
        return opened
    with opened as image:
        shown = shown_size(image)
        animated = bool(getattr(image, "is_animated", False))
        image_format = image.format or "?"
        problem = decode_check(image)
    if problem is not None:
        return problem
    return Facts(image_format, shown[0], shown[1], animated, size)
