"""The text and document properties of a PDF, DOCX, XLSX or PPTX attachment, within bounds.

Readers see every page, sheet (hidden ones included) and slide (notes included) of a
published attachment, and anyone can read its properties (author, company, comments). Both
are extracted here as plain data for the guard to scan and report.

Work is bounded before any parser runs: a size limit per file, the uncompressed size of an
Office file read from its zip directory (so a zip bomb is never inflated), caps on pages,
sheets, cells and slides, and a time budget checked between pages. A file that cannot be
opened (damaged, or protected by a password) is a problem, never a traceback.
"""

from __future__ import annotations

import logging
import time
import warnings
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pptx
from pypdf import PdfReader

from pipeline.guard.filekinds import OLE_MAGIC

MAX_PAGES = 500
MAX_SHEETS = 100
MAX_CELLS = 1_000_000
MAX_SLIDES = 500
MAX_ZIP_MEMBERS = 5_000
MAX_UNCOMPRESSED = 300 * 1024 * 1024  # every member of an Office file, inflated
MAX_RATIO = 200  # a member inflating more than this (and past 10 MB) is a bomb
TIME_BUDGET = 30.0  # seconds per attachment
_APP_PROPERTIES = "docProps/app.xml"
_APP_FIELDS = {"Company": "company", "Manager": "manager"}
_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DRAWING_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# parts of a Word file that hold no text a reader sees
_WORD_SKIPPED = ("styles", "settings", "fontTable", "webSettings", "theme", "numbering")


@dataclass(frozen=True)
class Part:
    """One page, sheet, slide or property: where it is (message parameters) and its text."""

    where: dict[str, Any]
    text: str


@dataclass
class Extracted:
    parts: list[Part] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # author, company, comments...
    problem: tuple[str, dict[str, Any]] | None = None  # a reason and its parameters


class _Limit(Exception):
    def __init__(self, kind: str, **params: Any) -> None:
        super().__init__(kind)
        self.kind = kind
        self.params = params


class _Clock:
    def __init__(self) -> None:
        self.start = time.monotonic()

    def check(self) -> None:
        if time.monotonic() - self.start > TIME_BUDGET:
            raise _Limit("limit", limit=f"{TIME_BUDGET:.0f} s")


def extract(path: Path, max_bytes: int) -> Extracted:
    """Every text a reader of the attachment sees, and its properties; or its problem."""
    result = Extracted()
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _Limit("too-large", size=_mb(size), limit=_mb(max_bytes))
        suffix = path.suffix.lower()
        clock = _Clock()
        with path.open("rb") as handle:
            if handle.read(len(OLE_MAGIC)) == OLE_MAGIC:
                # an Office file protected by a password is an OLE container, not a zip
                raise _Limit("unreadable", reason="encrypted")
        with warnings.catch_warnings(), _quiet_pypdf():
            warnings.simplefilter("ignore")
            if suffix == ".pdf":
                _pdf(path, result, clock)
            else:
                _check_zip(path)
                _app_properties(path, result)
                {".docx": _docx, ".xlsx": _xlsx, ".pptx": _pptx}[suffix](path, result, clock)
    except _Limit as limit:
        result.problem = (limit.kind, limit.params)
    except Exception as exc:  # any parser's failure on a bad file is the same finding
        result.problem = ("unreadable", {"reason": _reason(exc)})
    return result


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs what it repairs in a damaged file: the finding says it once, in words."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120] or type(exc).__name__


def _check_zip(path: Path) -> None:
    """The zip directory, read before anything is inflated: a bomb is refused unopened."""
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise _Limit("bomb", size=f"{len(members)} files")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise _Limit("bomb", size=_mb(total))
    for member in members:
        if member.file_size > 10 * 1024 * 1024 and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise _Limit("bomb", size=_mb(member.file_size))


def _keep(result: Extracted, **values: Any) -> None:
    for name, value in values.items():
        text = " ".join(str(value).split()) if value is not None else ""
        if text:
            result.metadata[name] = text[:200]


def _properties(result: Extracted, core) -> None:
    """Core properties: python-docx and python-pptx name them author, last_modified_by,
    comments; openpyxl creator, lastModifiedBy, description."""
    _keep(
        result,
        author=getattr(core, "author", None) or getattr(core, "creator", None),
        modified_by=getattr(core, "last_modified_by", None)
        or getattr(core, "lastModifiedBy", None),
        comments=getattr(core, "comments", None) or getattr(core, "description", None),
    )
    for name in ("title", "subject", "keywords", "category"):
        value = getattr(core, name, None)
        if value:
            result.parts.append(Part({"field": name}, str(value)))


def _app_properties(path: Path, result: Extracted) -> None:
    """Company and manager live in docProps/app.xml, which the libraries do not read."""
    with zipfile.ZipFile(path) as archive:
        try:
            info = archive.getinfo(_APP_PROPERTIES)
        except KeyError:
            return
        if info.file_size > 1024 * 1024:
            return
        data = archive.read(info)
    if b"<!DOCTYPE" in data.upper():
        return
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return
    for element in root:
        name = _APP_FIELDS.get(element.tag.rsplit("}", 1)[-1])
        if name:
            _keep(result, **{name: element.text})


def _pdf(path: Path, result: Extracted, clock: _Clock) -> None:
    reader = PdfReader(path)
    if reader.is_encrypted and not reader.decrypt(""):
        raise _Limit("unreadable", reason="encrypted")
    info = reader.metadata or {}
    _keep(
        result,
        author=info.get("/Author"),
        company=info.get("/Company"),
        comments=info.get("/Comments"),
    )
    for key in ("/Title", "/Subject", "/Keywords"):
        if info.get(key):
            result.parts.append(Part({"field": key[1:].lower()}, str(info.get(key))))
    if len(reader.pages) > MAX_PAGES:
        raise _Limit("limit", limit=f"{MAX_PAGES} pages")
    for number, page in enumerate(reader.pages, 1):
        clock.check()
        texts = [page.extract_text() or ""]
        annotations = page.get("/Annots")
        for annotation in annotations.get_object() if annotations else []:
            contents = annotation.get_object().get("/Contents")
            if contents:
                texts.append(str(contents))
        result.parts.append(Part({"page": number}, "\n".join(texts)))


def _docx(path: Path, result: Extracted, clock: _Clock) -> None:
    document = docx.Document(str(path))
    _properties(result, document.core_properties)
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if not name.startswith("/word/") or not name.endswith(".xml"):
            continue
        if any(skip in name for skip in _WORD_SKIPPED):
            continue
        clock.check()
        element = getattr(part, "element", None)
        if element is None:  # footnotes, endnotes: parts python-docx keeps as bytes
            if b"<!DOCTYPE" in part.blob.upper():
                continue
            element = ET.fromstring(part.blob)
        lines = [
            "".join(t.text or "" for t in p.iter(f"{_WORD_NS}t"))
            for p in element.iter(f"{_WORD_NS}p")
        ]
        text = "\n".join(lines)
        if text.strip():
            result.parts.append(Part({"part": name.rsplit("/", 1)[-1]}, text))


def _xlsx(path: Path, result: Extracted, clock: _Clock) -> None:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        _properties(result, book.properties)
        if len(book.worksheets) > MAX_SHEETS:
            raise _Limit("limit", limit=f"{MAX_SHEETS} sheets")
        cells = 0
        for sheet in book.worksheets:
            clock.check()
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # a forged dimension never pads rows with blanks
            lines = []
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                if cells > MAX_CELLS:
                    raise _Limit("limit", limit=f"{MAX_CELLS} cells")
                lines.append("\t".join("" if v is None else str(v) for v in row))
                if len(lines) % 1000 == 0:
                    clock.check()
            result.parts.append(Part({"sheet": sheet.title}, "\n".join(lines)))
    finally:
        book.close()


def _pptx(path: Path, result: Extracted, clock: _Clock) -> None:
    presentation = pptx.Presentation(str(path))
    _properties(result, presentation.core_properties)
    slides = list(presentation.slides)
    if len(slides) > MAX_SLIDES:
        raise _Limit("limit", limit=f"{MAX_SLIDES} slides")
    for number, slide in enumerate(slides, 1):
        clock.check()
        elements = [slide.element]
        if slide.has_notes_slide:
            elements.append(slide.notes_slide.element)
        lines = [
            "".join(t.text or "" for t in p.iter(f"{_DRAWING_NS}t"))
            for element in elements
            for p in element.iter(f"{_DRAWING_NS}p")
        ]
        result.parts.append(Part({"slide": number}, "\n".join(lines)))
