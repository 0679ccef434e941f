"""SVG is served only when it is safe: no scripts, no event handlers, no external references.

An unsafe SVG is rejected with the reason, rather than silently rewritten: the editor
learns what the file carries (often a tracking pixel or an embedded font link from the
drawing program) and exports it again. A safe SVG is re-serialized without comments,
metadata and editor namespaces, which also strips private data such as author names.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from pipeline.images.problem import Problem

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# elements that run code, embed other documents or carry metadata
_FORBIDDEN = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
_DROPPED = {"metadata", "title", "desc"}
_HREF_ATTRS = {"href", f"{{{XLINK_NS}}}href"}
# SMIL animation can set any attribute of another element: a link's href to javascript:,
# or an event handler; such an animation is refused (colour, position... animations stay)
_ANIMATIONS = {"set", "animate", "animateMotion", "animateTransform", "animateColor"}
_SCRIPT_URL = re.compile(r"(?:java|vb)script:|data:text/html", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0\u200b-\u200f\u2028\u2029\ufeff]+")
_URL_IN_STYLE = re.compile(r"url\(\s*['\"]?\s*(?!#)([^)'\"]+)", re.IGNORECASE)
_IMPORT = re.compile(r"@import", re.IGNORECASE)
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px)?\s*$")


@dataclass(frozen=True)
class CleanSvg:
    data: bytes
    width: int
    height: int


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _animation_reason(name: str, element: ET.Element) -> str | None:
    target = (element.get("attributeName") or "").strip()
    local = target.rsplit(":", 1)[-1].lower()
    if local == "href" or local.startswith("on"):
        return f'<{name} attributeName="{target[:40]}">'
    return None


def _unsafe_reason(element: ET.Element) -> str | None:
    name = _local(element.tag)
    if name in _FORBIDDEN:
        return f"<{name}>"
    if name in _ANIMATIONS:
        reason = _animation_reason(name, element)
        if reason:
            return reason
    for attr, value in element.attrib.items():
        if _SCRIPT_URL.search(_INVISIBLE.sub("", value)):
            return f'{_local(attr)}="{value.strip()[:60]}"'
    for attr, value in element.attrib.items():
        local = _local(attr)
        if local.lower().startswith("on"):
            return f'{local}="…"'
        if attr in _HREF_ATTRS or local == "href":
            target = value.strip()
            if not target.startswith("#") and not target.startswith("data:image/"):
                return f'{local}="{target[:60]}"'
        if local == "style" and (_URL_IN_STYLE.search(value) or _IMPORT.search(value)):
            return f'style="{value[:60]}"'
    text = element.text or ""
    if name == "style" and (_URL_IN_STYLE.search(text) or _IMPORT.search(text)):
        return "<style> url()/@import"
    return None


def _dimension(root: ET.Element, key: str, index: int) -> int:
    match = _LENGTH.match(root.get(key, ""))
    if match:
        return max(1, round(float(match.group(1))))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return max(1, round(float(box[index])))
        except ValueError:
            pass
    return 300 if key == "width" else 150  # the browser's default for a replaced element


def sanitize_svg(data: bytes) -> CleanSvg | Problem:
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data.upper():
        # entities can expand without bound or pull in files: never needed in a web graphic
        return Problem("images/svg-unsafe", {"reason": "<!DOCTYPE>/<!ENTITY>"})
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return Problem("images/corrupt", {"reason": str(exc)})
    if _local(root.tag) != "svg":
        return Problem("images/corrupt", {"reason": f"<{_local(root.tag)}> is not <svg>"})
    for element in root.iter():
        reason = _unsafe_reason(element)
        if reason:
            return Problem("images/svg-unsafe", {"reason": reason})
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or _local(child.tag) in _DROPPED:
                parent.remove(child)
            elif not child.tag.startswith(("{" + SVG_NS, "{" + XLINK_NS)) and "}" in child.tag:
                parent.remove(child)  # editor namespaces (Inkscape, Illustrator) hold metadata
    for element in root.iter():
        for attr in [a for a in element.attrib if "}" in a and not a.startswith("{" + XLINK_NS)]:
            del element.attrib[attr]
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    clean = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return CleanSvg(clean, _dimension(root, "width", 2), _dimension(root, "height", 3))
