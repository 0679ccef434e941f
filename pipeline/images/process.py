"""Encoding one source image into every width and format the site serves (Pillow).

Every output is upright (EXIF orientation applied), in sRGB, and carries no metadata:
``info`` is emptied before saving, because Pillow copies EXIF, XMP, ICC and comments
from the source into outputs otherwise. Images are never upscaled.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, ImageSequence

from pipeline.images.probe import decode_check, open_image, shown_size
from pipeline.images.problem import Problem
from pipeline.images.settings import ImageSettings
from pipeline.images.svg import sanitize_svg

# libavif speed 0 (slowest, smallest) .. 10; 7 keeps AVIF the same order of cost as WebP
AVIF_SPEED = 7
WEBP_METHOD = 4
MIME = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "svg": "image/svg+xml",
}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class Output:
    file: str  # name inside the cache entry
    width: int
    height: int
    format: str  # file extension: jpg, png, gif, webp, avif, svg
    bytes: int


@dataclass(frozen=True)
class Encoded:
    width: int  # of the largest output, as displayed
    height: int
    fallback: str  # the format served to browsers without WebP/AVIF
    animated: bool
    outputs: tuple[Output, ...]
    source_format: str = ""
    source_width: int = 0  # as displayed, before any downscaling
    source_height: int = 0


def encode(source: Path, settings: ImageSettings, out_dir: Path) -> Encoded | Problem:
    """Write every output of ``source`` into ``out_dir``; a Problem when it cannot be used."""
    if source.suffix.lower() == ".svg":
        return _encode_svg(source, out_dir)
    opened = open_image(source, settings)
    if isinstance(opened, Problem):
        return opened
    with opened as image:
        fallback = _fallback_format(image)
        source = {"source_format": image.format or "?"}
        source["source_width"], source["source_height"] = shown_size(image)
        if getattr(image, "is_animated", False) and image.format in ("GIF", "WEBP"):
            problem = decode_check(image)
            if problem:
                return problem
            return replace(_encode_animated(image, settings, out_dir, fallback), **source)
        try:
            still = _upright_srgb(image, settings)
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            problem = decode_check(image)
            return problem or Problem("images/corrupt", {"reason": str(exc)[:120]})
    return replace(_encode_still(still, settings, out_dir, fallback), **source)


def _fallback_format(image: Image.Image) -> str:
    if image.format in ("JPEG", "MPO", "HEIF"):
        return "jpg"  # HEIC is converted: only Safari shows it
    if image.format == "GIF":
        return "png" if not getattr(image, "is_animated", False) else "gif"
    if image.format in ("WEBP", "AVIF"):
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        return "png" if has_alpha else "jpg"
    return "png"


def _upright_srgb(image: Image.Image, settings: ImageSettings) -> Image.Image:
    top = min(shown_size(image)[0], settings.max_width)
    if image.format in ("JPEG", "MPO"):
        # decode at the smallest DCT scale still at least as large as the largest output
        scale = top / shown_size(image)[0]
        image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    icc = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    if upright.mode.startswith("I"):
        # 16-bit greyscale PNG: Pillow's convert would clip every value above 255 to white
        upright = upright.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    mode = "RGBA" if has_alpha else "RGB"
    if upright.mode == "CMYK" or not icc:
        converted = upright.convert(mode)
    else:
        converted = _to_srgb(upright, icc, mode)
    converted.info = {}
    return converted


def _to_srgb(image: Image.Image, icc: bytes, mode: str) -> Image.Image:
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        working = image.convert(mode) if image.mode != mode else image
        return ImageCms.profileToProfile(working, source, _SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image.convert(mode)  # a broken profile: the pixels are still usable as they are


def _resized(image: Image.Image, width: int) -> Image.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    resized = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    resized.info = {}
    return resized


def _save(image: Image.Image, path: Path, fmt: str, settings: ImageSettings) -> None:
    image.info = {}
    if fmt == "jpg":
        image.convert("RGB").save(
            path, "JPEG", quality=settings.jpeg_quality, optimize=True, progressive=True
        )
    elif fmt == "png":
        _palette_if_lossless(image).save(path, "PNG", optimize=True)
    elif fmt == "webp":
        image.save(path, "WEBP", quality=settings.webp_quality, method=WEBP_METHOD)
    elif fmt == "avif":
        image.save(path, "AVIF", quality=settings.avif_quality, speed=AVIF_SPEED)


def _palette_if_lossless(image: Image.Image) -> Image.Image:
    """A palette PNG only when the image has at most 256 colours: then it is exact."""
    if image.width * image.height > 4_000_000 or image.getcolors(256) is None:
        return image
    palette = image.quantize(
        colors=256,
        method=Image.Quantize.FASTOCTREE if image.mode == "RGBA" else Image.Quantize.MEDIANCUT,
        dither=Image.Dither.NONE,
    )
    if palette.convert(image.mode).tobytes() != image.tobytes():
        return image
    return palette


def _encode_still(
    image: Image.Image, settings: ImageSettings, out_dir: Path, fallback: str
) -> Encoded:
    outputs: list[Output] = []
    for width in reversed(settings.output_widths(image.width)):
        scaled = _resized(image, width)
        for fmt in (*settings.formats, fallback):
            name = f"w{scaled.width}.{fmt}"
            _save(scaled, out_dir / name, fmt, settings)
            size = (out_dir / name).stat().st_size
            outputs.append(Output(name, scaled.width, scaled.height, fmt, size))
    top = max(outputs, key=lambda o: o.width)
    return Encoded(top.width, top.height, fallback, False, tuple(outputs))


def _encode_animated(
    image: Image.Image, settings: ImageSettings, out_dir: Path, fallback: str
) -> Encoded:
    """Animated GIF/WebP stay animated: a GIF fallback plus an animated WebP, one width."""
    width = min(image.width, settings.max_width)
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        converted = frame.convert("RGBA")
        converted.info = {}  # frames carry the file's comment and XMP otherwise
        frames.append(_resized(converted, width))
    loop = image.info.get("loop", 0)
    outputs = []
    formats = [f for f in ("webp",) if f in settings.formats] + [fallback]
    for fmt in formats:
        name = f"w{frames[0].width}.{fmt}"
        path = out_dir / name
        first, rest = frames[0], frames[1:]
        if fmt == "gif":
            first.save(
                path,
                "GIF",
                save_all=True,
                append_images=rest,
                duration=durations,
                loop=loop,
                optimize=True,
                disposal=2,
            )
        else:
            first.save(
                path,
                "WEBP",
                save_all=True,
                append_images=rest,
                duration=durations,
                loop=loop,
                quality=settings.webp_quality,
                method=WEBP_METHOD,
            )
        outputs.append(Output(name, first.width, first.height, fmt, path.stat().st_size))
    return Encoded(frames[0].width, frames[0].height, fallback, True, tuple(outputs))


def _encode_svg(source: Path, out_dir: Path) -> Encoded | Problem:
    clean = sanitize_svg(source.read_bytes())
    if isinstance(clean, Problem):
        return clean
    (out_dir / "w0.svg").write_bytes(clean.data)
    output = Output("w0.svg", clean.width, clean.height, "svg", len(clean.data))
    return Encoded(
        clean.width, clean.height, "svg", False, (output,), "SVG", clean.width, clean.height
    )
