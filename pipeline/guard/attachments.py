"""The text and document properties of a PDF, DOCX, XLSX or PPTX attachment, within bounds.

Readers see every page, sheet (hidden ones included) and slide (notes included) of a
published attachment, the comments on its cells and slides, the values filled into its
form fields, and anyone can read its properties (author, company, comments). All of it is
extracted here as plain data for the guard to scan and report.

Work is bounded before any parser runs: a size limit per file, the uncompressed size of an
Office file read from its zip directory (so a zip bomb is never inflated), caps on pages,
sheets, cells, slides, form fields and the size of each comment part read from the zip,
and a time budget checked between pages and parts. A file that cannot be opened (damaged,
or protected by a password) is a problem, never a traceback.
"""

from __future__ import annotations

import logging
import posixpath
import time
import warnings
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.lazyimport import lazy_module
from pipeline.guard.filekinds import OLE_MAGIC

# loaded when a file of their kind is read: most checks have none of some kind
docx = lazy_module("docx")
openpyxl = lazy_module("openpyxl")
pptx = lazy_module("pptx")
pypdf = lazy_module("pypdf")

MAX_PAGES = 500
MAX_SHEETS = 100
MAX_CELLS = 1_000_000
MAX_SLIDES = 500
MAX_FIELDS = 10_000  # PDF form fields, the /Kids of every field included
MAX_XML_PART = 20 * 1024 * 1024  # one comment or relationship part, inflated
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
_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# relationship types ending so point at comments: legacy ones (Office 2007 on), threaded
# Excel comments and PowerPoint's modern comments (Office 365)
_COMMENT_TYPES = ("/comments", "/threadedComment")
# where Office keeps comment parts: one a linked sheet or slide does not name is still in
# the published file, so it is read too
_XLSX_COMMENTS = ("xl/comments", "xl/threadedComments/")
_PPTX_COMMENTS = ("ppt/comments/",)
# elements that start a new line of a comment: paragraphs, replies, Excel's text
_BREAKS = frozenset(["p", "reply", "text", "txBody"])
# who wrote comments, as Office names them: legacy and modern PowerPoint, threaded Excel
_AUTHOR_PARTS = ("ppt/commentAuthors.xml", "ppt/authors.xml", "xl/persons/person.xml")


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
            root = _xml_member(archive, _APP_PROPERTIES)
        except _Limit:
            return  # properties are reported when they can be read; the text is what counts
    if root is None:
        return
    for element in root:
        name = _APP_FIELDS.get(element.tag.rsplit("}", 1)[-1])
        if name:
            _keep(result, **{name: element.text})


def _xml_member(archive: zipfile.ZipFile, name: str) -> ET.Element | None:
    """One XML part of an Office file, inflated within a bound and parsed without a DTD (so
    no entity can expand); None when the file has no such part."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_XML_PART:
        raise _Limit("limit", limit=f"{_mb(MAX_XML_PART)} ({name})")
    data = archive.read(info)
    if b"<!DOCTYPE" in data.upper():
        # Office never writes one; a DTD is how an entity bomb would get in
        raise _Limit("unreadable", reason=f"DOCTYPE in {name}")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise _Limit("unreadable", reason=f"{name}: {_reason(exc)}") from None


def _rels_of(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, member name) of every internal relationship of one part."""
    folder, name = posixpath.split(part.lstrip("/"))
    root = _xml_member(archive, posixpath.join(folder, "_rels", f"{name}.rels"))
    found = []
    for rel in root.iter(f"{_REL_NS}Relationship") if root is not None else ():
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        # targets are relative to the part's folder, or absolute within the package
        member = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found.append((rel.get("Id") or "", rel.get("Type") or "", posixpath.normpath(member)))
    return found


def _comments(
    archive: zipfile.ZipFile, member: str, where: dict[str, Any], result: Extracted
) -> None:
    """The comments of one comment part: each one a Part (with its cell where it has one);
    their authors are properties."""
    root = _xml_member(archive, member)
    if root is None:
        return
    authors = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if tag == "author":
            authors.append(element.text or "")
        elif tag in ("comment", "threadedComment", "cm"):
            text = _text_of(element)
            if text:
                cell = {"cell": element.get("ref")} if element.get("ref") else {}
                result.parts.append(Part({**where, **cell}, text))
    names = [result.metadata.get("comment_authors", ""), *authors]
    _keep(result, comment_authors=", ".join(dict.fromkeys(n for n in names if n.strip())))


def _text_of(element: ET.Element) -> str:
    """The text of a comment, a line per paragraph or reply (runs of one paragraph joined,
    so a word split across runs stays one word)."""
    chunks = []
    for node in element.iter():
        if isinstance(node.tag, str) and node.tag.rsplit("}", 1)[-1] in _BREAKS:
            chunks.append("\n")
        chunks.append(node.text or "")
    lines = ("".join(chunks)).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def _comment_authors(archive: zipfile.ZipFile, result: Extracted) -> None:
    names = [result.metadata.get("comment_authors", "")]
    for member in _AUTHOR_PARTS:
        root = _xml_member(archive, member)
        for element in root.iter() if root is not None else ():
            names.append(element.get("name") or element.get("displayName") or "")
    _keep(result, comment_authors=", ".join(dict.fromkeys(n for n in names if n.strip())))


def _orphan_comments(
    archive: zipfile.ZipFile, prefixes: tuple[str, ...], read: set[str], result: Extracted
) -> None:
    """Comment parts no sheet or slide links to: no program shows them, but they are in the
    published file for anyone who unzips it."""
    for name in archive.namelist():
        if name.startswith(prefixes) and name.endswith(".xml") and name not in read:
            read.add(name)
            _comments(archive, name, {"member": name}, result)


def _pdf(path: Path, result: Extracted, clock: _Clock) -> None:
    reader = pypdf.PdfReader(path)
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
    _pdf_fields(reader, result, clock)


def _pdf_fields(reader: pypdf.PdfReader, result: Extracted, clock: _Clock) -> None:
    """The values filled into a PDF form, field by field (a viewer shows them in the form's
    boxes, which page text extraction does not read). Walked with a stack, each object once,
    so a deep or cyclic /Kids tree costs no more than MAX_FIELDS fields."""
    form = reader.trailer["/Root"].get("/AcroForm")
    form = form.get_object() if form is not None else None
    fields = form.get("/Fields") if form is not None else None
    stack = [(field, "") for field in reversed(fields.get_object())] if fields else []
    seen: set[int] = set()
    visited = 0
    while stack:
        reference, parent = stack.pop()
        number = getattr(reference, "idnum", None)
        if number is not None:
            if number in seen:
                continue
            seen.add(number)
        visited += 1
        if visited > MAX_FIELDS:
            raise _Limit("limit", limit=f"{MAX_FIELDS} form fields")
        if visited % 500 == 0:
            clock.check()
        node = reference.get_object()
        if not hasattr(node, "get"):
            continue
        partial = node.get("/T")
        name = ".".join(n for n in (parent, str(partial) if partial else "") if n)
        value = node.get("/V")
        value = value.get_object() if value is not None else None
        if isinstance(value, list):
            text = "\n".join(str(v) for v in value)
        elif hasattr(value, "get_data"):  # a rich-text value is a stream
            text = value.get_data().decode("utf-8", "replace")
        else:
            text = "" if value is None else str(value).removeprefix("/")
        if text.strip():
            result.parts.append(Part({"form_field": name or "?"}, text))
        kids = node.get("/Kids")
        if kids:
            stack.extend((kid, name) for kid in reversed(kids.get_object()))


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
    _xlsx_comments(path, result, clock)


def _xlsx_comments(path: Path, result: Extracted, clock: _Clock) -> None:
    """Cell comments (openpyxl's cell.comment, and Excel's threaded comments), sheet by
    sheet: read from the zip, since openpyxl's read-only mode, the bounded one, skips them."""
    read: set[str] = set()
    with zipfile.ZipFile(path) as archive:
        book = _xml_member(archive, "xl/workbook.xml")
        sheets = {rel_id: member for rel_id, _t, member in _rels_of(archive, "xl/workbook.xml")}
        for sheet in book.iter(f"{_SHEET_NS}sheet") if book is not None else ():
            member = sheets.get(sheet.get(f"{_DOC_REL_NS}id") or "")
            if member is None:
                continue
            for _id, kind, target in _rels_of(archive, member):
                if kind.endswith(_COMMENT_TYPES) and target not in read:
                    clock.check()
                    read.add(target)
                    _comments(archive, target, {"sheet": sheet.get("name") or "?"}, result)
        _orphan_comments(archive, _XLSX_COMMENTS, read, result)
        _comment_authors(archive, result)


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
    _pptx_comments(path, [str(slide.part.partname) for slide in slides], result, clock)


def _pptx_comments(path: Path, slides: list[str], result: Extracted, clock: _Clock) -> None:
    """Comments on slides, legacy (ppt/comments/comment1.xml) and modern
    (ppt/comments/modernComment_*.xml): python-pptx has no API for them, so they are read
    from the zip."""
    read: set[str] = set()
    with zipfile.ZipFile(path) as archive:
        for number, slide in enumerate(slides, 1):
            for _id, kind, target in _rels_of(archive, slide):
                if kind.endswith(_COMMENT_TYPES) and target not in read:
                    clock.check()
                    read.add(target)
                    _comments(archive, target, {"comment_slide": number}, result)
        _orphan_comments(archive, _PPTX_COMMENTS, read, result)
        _comment_authors(archive, result)
