"""What a file published as it is really is: its extension and, where it matters, its bytes.

Every file under content/ that is not Markdown is published by MkDocs exactly as it is, on
the site's own origin. Each one is put in one kind, and each kind has its check:

- ``image``: a raster image or an SVG; the image pipeline processes it (metadata stripped,
  SVG sanitized) or refuses it (``pipeline.images.checks``);
- ``text``: txt, csv, json, css, yml and XML that no browser renders as a page; scanned line
  by line with the guard's rules;
- ``attachment``: PDF, DOCX, XLSX, PPTX whose header says they are what they claim; their text
  is extracted and scanned (``pipeline.guard.attachments``);
- ``as-is``: an extension the administrator allows in guard.yml (``publish_as_is``);
- ``refused``: everything else, with the rule that says why and how to publish it instead.

Files a browser can run script from (HTML, XHTML, JavaScript, compressed SVG, and XML that
a browser renders as XHTML or SVG or transforms with a stylesheet) are always refused.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from pipeline.guard.settings import SCRIPT_SUFFIXES

# What the image pipeline takes (pipeline.images.probe: RASTER_SUFFIXES, OTHER_IMAGE_SUFFIXES
# and SVG_SUFFIX; a stage does not import another, so tests/test_published_files.py keeps the
# two lists equal): processed, sanitized, or refused there with its own finding.
IMAGE_SUFFIXES = (
    ".jpg",
    ".jpeg",
    ".jfif",
    ".jpe",
    ".jif",
    ".png",
    ".gif",
    ".webp",
    ".avif",
    ".heic",
    ".heif",
    ".bmp",
    ".tif",
    ".tiff",
    ".psd",
    ".ico",
    ".jp2",
    ".raw",
    ".dng",
    ".cr2",
    ".svg",
)
TEXT_SUFFIXES = (
    ".txt",
    ".csv",
    ".tsv",
    ".json",
    ".jsonl",
    ".ndjson",
    ".xml",
    ".yml",
    ".yaml",
    ".css",
)
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF-"
ATTACHMENT_SUFFIXES = {
    ".pdf": PDF_MAGIC,
    ".docx": ZIP_MAGIC,
    ".xlsx": ZIP_MAGIC,
    ".pptx": ZIP_MAGIC,
}
# configuration, logs, database exports, keys, server scripts, editors' backups
PRIVATE_SUFFIXES = (
    ".log",
    ".sql",
    ".ini",
    ".conf",
    ".cfg",
    ".config",
    ".toml",
    ".properties",
    ".env",
    ".htaccess",
    ".htpasswd",
    ".bak",
    ".orig",
    ".old",
    ".rej",
    ".swp",
    ".swo",
    ".tmp",
    ".db",
    ".sqlite",
    ".sqlite3",
    ".dump",
    ".pem",
    ".key",
    ".p12",
    ".pfx",
    ".jks",
    ".kdbx",
    ".sh",
    ".bat",
    ".cmd",
    ".ps1",
    ".py",
    ".php",
    ".asp",
    ".aspx",
    ".jsp",
    ".cgi",
    ".pl",
)
OFFICE_SUFFIXES = (".doc", ".xls", ".ppt", ".wps", ".et", ".dps", ".rtf", ".odt", ".ods", ".odp")
# XML a browser renders as a page (and so runs its scripts) or transforms into one
_SCRIPTED_NAMESPACES = (
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/1999/XSL/Transform",
)
_STYLESHEET_PI = b"<?xml-stylesheet"

IMAGE = "image"
TEXT = "text"
ATTACHMENT = "attachment"
AS_IS = "as-is"
REFUSED = "refused"


@dataclass(frozen=True)
class FileKind:
    kind: str
    reason: str | None = None  # for a refused file: script, private, office, image, unknown,
    # mismatch (pipeline.guard.scan turns it into its rule)
    params: dict[str, Any] = field(default_factory=dict)


def suffix_of(name: str) -> str:
    """The extension as people say it: ``.pdf``; ``""`` for none (``notes~`` has none)."""
    base = name.rsplit("/", 1)[-1].lower()
    stem, dot, suffix = base.rpartition(".")
    return f".{suffix}" if dot and stem else ""


def _pillow_suffixes() -> frozenset[str]:
    """Every extension Pillow reads or writes: images the site does not serve as they are."""
    return frozenset(s.lower() for s in Image.registered_extensions()) - {".pdf"}


def _has_header(suffix: str, head: bytes) -> bool:
    """A PDF says %PDF- within its first kilobyte; DOCX, XLSX and PPTX are zip files."""
    magic = ATTACHMENT_SUFFIXES[suffix]
    if magic == PDF_MAGIC:
        return magic in head[:1024]
    # a password-protected DOCX/XLSX/PPTX is an OLE container: opened, it says "encrypted"
    return head.startswith((magic, OLE_MAGIC))


def xml_problem(data: bytes) -> str | None:
    """Why an .xml file cannot be published as it is: ``script`` when a browser would render
    it as XHTML, SVG or MathML or transform it with a stylesheet; ``mismatch`` when it is not
    well-formed UTF-8 XML (a browser renders what precedes an error, and other encodings or
    entities could hide a namespace from a plain search)."""
    if _STYLESHEET_PI in data.lower():
        return "script"
    if b"<!ENTITY" in data.upper():
        return "mismatch"
    try:
        text = data.decode("utf-8-sig")
        root = ET.fromstring(text)
    except (UnicodeDecodeError, ET.ParseError, ValueError):
        return "mismatch"
    for element in root.iter():
        names = [element.tag, *element.attrib] if isinstance(element.tag, str) else []
        if any(
            name.startswith("{") and name[1:].split("}", 1)[0] in _SCRIPTED_NAMESPACES
            for name in names
        ):
            return "script"
    return None


def classify(name: str, head: bytes, allowed: tuple[str, ...] = ()) -> FileKind:
    """The kind of one file, from its docs path and its first bytes (or all of a text file)."""
    base = name.rsplit("/", 1)[-1]
    suffix = suffix_of(base)
    lower = base.lower()
    if suffix in SCRIPT_SUFFIXES:
        return FileKind(REFUSED, "script", {"suffix": suffix})
    if suffix in IMAGE_SUFFIXES:
        return FileKind(IMAGE)
    if suffix in ATTACHMENT_SUFFIXES:
        if not _has_header(suffix, head):
            return FileKind(REFUSED, "mismatch", {"suffix": suffix})
        return FileKind(ATTACHMENT)
    if suffix in TEXT_SUFFIXES:
        if suffix == ".xml":
            problem = xml_problem(head)
            if problem:
                return FileKind(REFUSED, problem, {"suffix": suffix})
        return FileKind(TEXT)
    if suffix and suffix in allowed:
        return FileKind(AS_IS)
    if lower.endswith("~") or (lower.startswith("#") and lower.endswith("#")):
        return FileKind(REFUSED, "private", {"suffix": lower[-1]})
    if suffix in PRIVATE_SUFFIXES:
        return FileKind(REFUSED, "private", {"suffix": suffix})
    if suffix in OFFICE_SUFFIXES:
        return FileKind(REFUSED, "office", {"suffix": suffix})
    if suffix in _pillow_suffixes():
        return FileKind(REFUSED, "image", {"suffix": suffix})
    return FileKind(REFUSED, "unknown", {"suffix": suffix or base})
