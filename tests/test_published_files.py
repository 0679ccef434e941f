"""Files published as they are (issue 14): every file under content/ that is not Markdown is
of a known kind and checked, or refused with a finding at the file.

Every file here is real: PDFs written with pypdf, DOCX/XLSX/PPTX with python-docx, openpyxl
and python-pptx, a JPEG with GPS EXIF written with Pillow.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pptx
import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from pipeline.guard.filekinds import ATTACHMENT, IMAGE, IMAGE_SUFFIXES, REFUSED, TEXT, classify
from pipeline.images.probe import OTHER_IMAGE_SUFFIXES, RASTER_SUFFIXES, SVG_SUFFIX
from pipeline.images.problem import Problem
from pipeline.images.svg import sanitize_svg
from tests.conftest import Project

MOBILE = "13912345678"
ID_NUMBER = "11010519491231002X"
PASSWORD_LINE = "密码：Lx9#kq2Wz!"
MARKING = "内部资料"
POSTS = "content/news/posts/2026"


def findings_of(project: Project) -> tuple[int, list[dict]]:
    result = project.cli("--lang", "en", "check", "--format", "json")
    payload = json.loads(result.stdout)
    return result.exit_code, [f for f in payload["findings"] if f["rule"].startswith("guard/")]


def zh_report(project: Project) -> str:
    return project.cli("check").stdout


# --- real files ----------------------------------------------------------------------------


def make_pdf(text: str, *, author: str | None = None, password: str | None = None) -> bytes:
    """A one-page PDF whose text extracts as `text` (Chinese included): a Type0 font whose
    ToUnicode map gives each glyph id its character, as real exports do."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    chars = sorted(set(text))
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Test def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n"
        + "".join(f"<{i + 1:04X}> <{ord(c):04X}>\n" for i, c in enumerate(chars))
        + "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    to_unicode = DecodedStreamObject()
    to_unicode.set_data(cmap.encode())
    descendant = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): NameObject("/TestFont"),
            NameObject("/CIDSystemInfo"): DictionaryObject(
                {
                    NameObject("/Registry"): TextStringObject("Adobe"),
                    NameObject("/Ordering"): TextStringObject("Identity"),
                    NameObject("/Supplement"): NumberObject(0),
                }
            ),
            NameObject("/DW"): NumberObject(1000),
        }
    )
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): NameObject("/TestFont"),
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([writer._add_object(descendant)]),
            NameObject("/ToUnicode"): writer._add_object(to_unicode),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    lines = []
    for number, line in enumerate(text.split("\n")):
        glyphs = "".join(f"{chars.index(c) + 1:04X}" for c in line)
        lines.append(f"BT /F1 12 Tf 50 {780 - 20 * number} Td <{glyphs}> Tj ET")
    content = DecodedStreamObject()
    content.set_data("\n".join(lines).encode())
    page[NameObject("/Contents")] = writer._add_object(content)
    if author:
        writer.add_metadata({"/Author": author})
    if password:
        writer.encrypt(user_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_company(data: bytes, company: str) -> bytes:
    """The same Office file with docProps/app.xml naming a company (as Office writes it)."""
    app = (
        '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats'
        f'.org/officeDocument/2006/extended-properties"><Company>{company}</Company></Properties>'
    ).encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "docProps/app.xml":
                target.writestr(info, source.read(info))
        target.writestr("docProps/app.xml", app)
    return out.getvalue()


def make_docx(*paragraphs: str, author: str = "", company: str | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.author = author
    document.core_properties.last_modified_by = ""
    document.core_properties.comments = ""
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    return with_company(data, company) if company else data


def make_xlsx(rows: list[list[str]], *, sheet: str = "名单") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    book.properties.creator = ""
    book.properties.lastModifiedBy = ""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def make_pptx(*slides: str, notes: str = "") -> bytes:
    presentation = pptx.Presentation()
    for text in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[5])
        slide.shapes.title.text = text
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    presentation.core_properties.author = ""
    presentation.core_properties.last_modified_by = ""
    presentation.core_properties.comments = ""
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def gps_jpeg() -> bytes:
    image = Image.new("RGB", (640, 360), (40, 110, 170))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (30.0, 15.0, 0.0)
    gps[3] = "E"
    gps[4] = (120.0, 10.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def rules_at(found: list[dict], path: str) -> set[str]:
    return {f["rule"] for f in found if f["path"] == path}


# --- classification ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind", "reason"),
    [
        ("a/photo.jfif", b"", IMAGE, None),
        ("a/logo.svg", b"", IMAGE, None),
        ("a/logo.svgz", b"\x1f\x8b", REFUSED, "script"),
        ("a/page.xht", b"<html/>", REFUSED, "script"),
        ("a/app.mjs", b"", REFUSED, "script"),
        (
            "a/feed.xml",
            b'<html xmlns="http://www.w3.org/1999/xhtml"><script>1</script></html>',
            REFUSED,
            "script",
        ),
        ("a/draw.xml", b'<svg xmlns="http://www.w3.org/2000/svg"/>', REFUSED, None),
        ("a/x.xml", b'<?xml-stylesheet href="x.xsl"?><a/>', REFUSED, None),
        ("a/esc.xml", b'<a xmlns="http&#x3a;//www.w3.org/1999/xhtml"/>', REFUSED, "script"),
        ("a/ent.xml", b'<!DOCTYPE a [<!ENTITY n "x">]><a>&n;</a>', REFUSED, "mismatch"),
        ("a/u16.xml", '<a xmlns="http://www.w3.org/1999/xhtml"/>'.encode("utf-16"), REFUSED, None),
        ("a/bad.xml", b"<a><b>", REFUSED, "mismatch"),
        ("a/feed.rss", b"<rss/>", REFUSED, "script"),
        ("a/data.xml", b"<items><item>1</item></items>", TEXT, None),
        ("a/data.json", b"{}", TEXT, None),
        ("a/db.sql", b"", REFUSED, "private"),
        ("a/prod.env", b"", REFUSED, "private"),
        ("a/site.conf.bak", b"", REFUSED, "private"),
        ("a/notes~", b"", REFUSED, "private"),
        ("a/old.doc", b"", REFUSED, "office"),
        ("a/scan.pcx", b"", REFUSED, "image"),
        ("a/movie.mp4", b"", REFUSED, "unknown"),
        ("a/LICENSE", b"", REFUSED, "unknown"),
        ("a/fake.pdf", b"<html>", REFUSED, "mismatch"),
        ("a/real.pdf", b"%PDF-1.7\n", ATTACHMENT, None),
        ("a/fake.docx", b"%PDF-1.7", REFUSED, "mismatch"),
        ("a/real.xlsx", b"PK\x03\x04", ATTACHMENT, None),
    ],
)
def test_every_file_has_a_kind(name: str, data: bytes, kind: str, reason: str | None) -> None:
    found = classify(name, data)
    assert found.kind == kind
    if reason:
        assert found.reason == reason


def test_an_allowed_extension_is_published_as_is_but_never_a_script() -> None:
    assert classify("a/cal.ics", b"", (".ics",)).kind == "as-is"
    assert classify("a/cal.ics", b"").kind == REFUSED
    assert classify("a/x.html", b"", (".html",)).kind == REFUSED


# --- refused files -------------------------------------------------------------------------


def test_files_that_run_script_or_hold_configuration_are_refused(project: Project) -> None:
    refused = {
        f"{POSTS}/feed.xml": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)'
        "</script></html>",
        f"{POSTS}/page.xht": "<html><script>alert(1)</script></html>",
        f"{POSTS}/logo.svgz": b"\x1f\x8b\x08\x00",
        f"{POSTS}/dump.sql": "INSERT INTO users VALUES (1);\n",
        f"{POSTS}/prod.env": "DB_HOST=db\n",
        f"{POSTS}/site.bak": "x\n",
        f"{POSTS}/notes~": "x\n",
        f"{POSTS}/server.log": "x\n",
        f"{POSTS}/app.ini": "x\n",
    }
    for rel, data in refused.items():
        project.write(rel, data)
    status, found = findings_of(project)
    assert status == 1
    errors = {f["path"]: f for f in found if f["severity"] == "error"}
    assert set(refused) <= set(errors)
    assert errors[f"{POSTS}/feed.xml"]["rule"] == "guard/published-as-is"
    assert errors[f"{POSTS}/dump.sql"]["rule"] == "guard/file-private"
    report = zh_report(project)
    assert "不要把配置文件放进 content/" in report
    assert "可以在网站域名下运行脚本" in report
    result = project.pipeline("build")
    assert result.returncode == 1
    assert not (project.site / "news").exists() or not list(project.site.rglob("*.sql"))


def test_an_unknown_kind_says_how_to_publish_it(project: Project) -> None:
    project.write(f"{POSTS}/promo.mp4", b"\x00\x00\x00\x18ftypmp42")
    status, found = findings_of(project)
    assert status == 1
    assert [(f["path"], f["rule"]) for f in found] == [(f"{POSTS}/promo.mp4", "guard/file-unknown")]
    assert "publish_as_is" in found[0]["hint"]
    assert "把它转成 PDF" in zh_report(project)


def test_file_names_are_scanned_like_text(project: Project) -> None:
    project.write(f"{POSTS}/{MARKING}.txt", "正文\n")
    project.write(f"{POSTS}/名单-{ID_NUMBER}.txt", "正文\n")
    _status, found = findings_of(project)
    assert rules_at(found, f"{POSTS}/{MARKING}.txt") == {"guard/file-name-term"}
    masked = [f for f in found if f["rule"] == "guard/file-name-personal"]
    assert len(masked) == 1
    assert ID_NUMBER not in masked[0]["message"]  # the path names the file to rename


def test_folder_names_are_scanned_like_file_names(project: Project) -> None:
    """A folder's name is in the address of every file in it: a finding at the folder, once,
    whatever it holds (Markdown or attachments)."""
    project.write(f"content/{MARKING}/a.txt", "正文\n")
    project.write(f"content/{MARKING}/b.txt", "正文\n")
    project.write(f"content/名单-{ID_NUMBER}/c.txt", "正文\n")
    project.write_page(
        f"{MARKING}/更深/index.md", "一个普通的页面标题", "这是一个用于测试的普通页面摘要内容。"
    )
    status, found = findings_of(project)
    assert status == 1
    folder = [f for f in found if f["rule"] == "guard/folder-name-term"]
    assert [f["path"] for f in folder] == [f"content/{MARKING}"]
    assert f"folder {MARKING}" in folder[0]["message"]
    assert "rename the folder" in folder[0]["hint"]
    masked = [f for f in found if f["rule"] == "guard/folder-name-personal"]
    assert len(masked) == 1 and ID_NUMBER not in masked[0]["message"]
    assert masked[0]["severity"] == "error"
    assert "文件夹名中的“内部资料”命中" in zh_report(project)


# --- text formats --------------------------------------------------------------------------


def test_text_formats_are_scanned_at_the_line(project: Project) -> None:
    project.write(f"{POSTS}/data.xml", f"<items>\n<item>{MARKING}</item>\n</items>\n")
    project.write(f"{POSTS}/data.json", f'{{\n"a": 1,\n"phone": "{MOBILE}"\n}}\n')
    project.write(f"{POSTS}/read.txt", f"说明\n\n{PASSWORD_LINE}\n")
    _status, found = findings_of(project)
    at = {(f["path"], f["line"], f["rule"]) for f in found}
    assert (f"{POSTS}/data.xml", 2, "guard/term") in at
    assert (f"{POSTS}/data.json", 3, "guard/mobile") in at
    assert (f"{POSTS}/read.txt", 3, "guard/password") in at


# --- attachments ---------------------------------------------------------------------------


def test_attachments_with_personal_data_secrets_or_markings_fail(project: Project) -> None:
    project.write(f"{POSTS}/a.pdf", make_pdf(f"产品手册\n联系 {MOBILE}\n{MARKING}"))
    project.write(f"{POSTS}/b.docx", make_docx("说明", f"身份证 {ID_NUMBER}"))
    project.write(f"{POSTS}/c.xlsx", make_xlsx([["姓名", "备注"], ["王五", PASSWORD_LINE]]))
    project.write(f"{POSTS}/d.pptx", make_pptx("封面", f"{MARKING} 第二页"))
    status, found = findings_of(project)
    assert status == 1
    by_file = {}
    for f in found:
        by_file.setdefault(f["path"], []).append(f)
    pdf = {f["rule"] for f in by_file[f"{POSTS}/a.pdf"]}
    assert {"guard/attachment-personal", "guard/attachment-term"} <= pdf
    assert {f["rule"] for f in by_file[f"{POSTS}/b.docx"]} >= {"guard/attachment-personal"}
    assert {f["rule"] for f in by_file[f"{POSTS}/c.xlsx"]} >= {"guard/attachment-secret"}
    slide = [f for f in by_file[f"{POSTS}/d.pptx"] if f["rule"] == "guard/attachment-term"]
    assert slide and "slide 2" in slide[0]["message"]
    report = zh_report(project)
    assert "第 1 页" in report and "工作表“名单”" in report and "第 2 张幻灯片" in report
    assert MOBILE not in report and ID_NUMBER not in report and "Lx9#kq2Wz!" not in report


def test_attachment_properties_are_reported_for_reviewers(project: Project) -> None:
    project.write(f"{POSTS}/plan.docx", make_docx("正文", author="张伟", company="澜石智能"))
    project.write(f"{POSTS}/manual.pdf", make_pdf("Manual", author="Li Lei"))
    status, found = findings_of(project)
    assert status == 0
    report = zh_report(project)
    assert "作者: 张伟" in report and "公司: 澜石智能" in report
    assert "作者: Li Lei" in report
    assert {f["severity"] for f in found if f["rule"] == "guard/attachment-metadata"} == {"warning"}


def test_encrypted_corrupt_and_bomb_attachments_are_clear_findings(project: Project) -> None:
    project.write(f"{POSTS}/locked.pdf", make_pdf("secret", password="s3cret"))
    project.write(f"{POSTS}/broken.docx", b"PK\x03\x04" + b"\x00" * 100)
    project.write(f"{POSTS}/locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (40 * 1024 * 1024))  # 1000:1
    project.write(f"{POSTS}/bomb.docx", bomb.getvalue())
    started = time.monotonic()
    status, found = findings_of(project)
    assert time.monotonic() - started < 20
    assert status == 1
    assert rules_at(found, f"{POSTS}/locked.pdf") == {"guard/attachment-unreadable"}
    assert rules_at(found, f"{POSTS}/broken.docx") == {"guard/attachment-unreadable"}
    assert rules_at(found, f"{POSTS}/locked.xlsx") == {"guard/attachment-unreadable"}
    assert rules_at(found, f"{POSTS}/bomb.docx") == {"guard/attachment-bomb"}
    report = zh_report(project)
    assert "打不开：文件损坏或加了密码（encrypted）" in report


def test_an_attachment_over_the_size_limit_is_not_opened(project: Project) -> None:
    project.write("site_config/guard.yml", "attachment_max_mb: 1\n")
    project.write(f"{POSTS}/big.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    _status, found = findings_of(project)
    assert rules_at(found, f"{POSTS}/big.pdf") == {"guard/attachment-too-large"}


# --- settings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("publish_as_is: [ics]\n", "guard/bad-suffix"),
        ('publish_as_is: [".html"]\n', "guard/suffix-never-as-is"),
        ("attachment_max_mb: 0\n", "guard/bad-setting"),
        ("publish_as_it_is: []\n", "publish_as_is"),
    ],
)
def test_bad_settings_are_configuration_errors(project: Project, text: str, expected: str) -> None:
    project.write("site_config/guard.yml", text)
    result = project.cli("--lang", "en", "check")
    assert result.exit_code == 2
    output = result.stdout + (result.stderr or "")
    if expected.startswith("guard/"):
        assert "guard.yml" in output
    else:
        assert expected in output  # did you mean


# --- a real build --------------------------------------------------------------------------


def test_clean_files_of_every_kind_are_published(project: Project) -> None:
    guard = (project.root / "site_config/guard.yml").read_text("utf-8")
    assert "publish_as_is: []" in guard
    project.write(
        "site_config/guard.yml", guard.replace("publish_as_is: []", 'publish_as_is: [".ics"]')
    )
    files = {
        "manual.pdf": make_pdf("Product manual 2026"),
        "plan.docx": make_docx("产品说明"),
        "prices.xlsx": make_xlsx([["型号", "价格"], ["A1", "100"]]),
        "deck.pptx": make_pptx("产品介绍"),
        "data.csv": "型号,价格\nA1,100\n",
        "data.json": '{"a": 1}\n',
        "data.xml": "<items><item>1</item></items>\n",
        "event.ics": "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
        "photo.jfif": gps_jpeg(),
    }
    for name, data in files.items():
        project.write(f"{POSTS}/{name}", data)
    project.write_item("news", "2026-03-12-files", body="![照片](photo.jfif)\n")
    result = project.pipeline("build")
    assert result.returncode == 0, result.stdout + result.stderr
    published = {p.name: p for p in project.site.rglob("*") if p.is_file()}
    for name in files:
        if name != "photo.jfif":
            assert name in published, name
    assert "photo.jfif" not in published
    photos = [p for n, p in published.items() if n.startswith("photo.") and n.endswith(".jpg")]
    assert photos
    for photo in photos:
        with Image.open(photo) as image:
            exif = image.getexif()
            assert not exif.get_ifd(0x8825) and 0x010F not in exif
    assert not any(Path(n).suffix == ".jfif" for n in published)
    page = next(
        p.read_text("utf-8")
        for p in project.site.rglob("index.html")
        if 'alt="照片"' in p.read_text("utf-8")
    )
    assert 'src="photo.jfif"' not in page and "photo.jfif.jpg" in page


# --- SVG animation -------------------------------------------------------------------------

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


@pytest.mark.parametrize(
    "inner",
    [
        '<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>',
        '<a xlink:href="#a"><animate attributeName="xlink:href" values="#a;javascript:1"/></a>',
        '<a><animateTransform attributeName="HREF" to="#x"/></a>',
        '<rect><set attributeName="onclick" to="alert(1)"/></rect>',
        '<rect><animate attributeName="fill" values="java&#x09;script:alert(1)"/></rect>',
    ],
)
def test_svg_animation_that_can_set_a_url_is_refused(inner: str) -> None:
    result = sanitize_svg(f"{SVG_OPEN}{inner}</svg>".encode())
    assert isinstance(result, Problem) and result.rule == "images/svg-unsafe"


def test_svg_animation_of_shapes_stays() -> None:
    inner = '<rect width="10" height="10"><animate attributeName="x" to="10" dur="1s"/></rect>'
    assert not isinstance(sanitize_svg(f"{SVG_OPEN}{inner}</svg>".encode()), Problem)


def test_an_svg_setting_a_link_is_not_published(project: Project) -> None:
    project.write(
        f"{POSTS}/logo.svg",
        f'{SVG_OPEN}<a><set attributeName="href" to="javascript:alert(1)"/>'
        '<rect width="10" height="10"/></a></svg>',
    )
    project.write_item("news", "2026-03-12-logo", body="![公司标志](logo.svg)\n")
    result = project.cli("--lang", "en", "check", "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)["findings"]
    assert (f"{POSTS}/logo.svg", "images/svg-unsafe") in {(f["path"], f["rule"]) for f in found}


def test_the_guard_and_the_image_pipeline_take_the_same_images() -> None:
    assert set(IMAGE_SUFFIXES) == {*RASTER_SUFFIXES, *OTHER_IMAGE_SUFFIXES, SVG_SUFFIX}


def test_svg_text_is_scanned_but_not_what_the_sanitizer_drops(project: Project) -> None:
    project.write(
        f"{POSTS}/chart.svg",
        f"{SVG_OPEN}<title>{MOBILE}</title><!-- {MARKING} -->\n"
        f'<text x="1" y="10">客服</text>\n<text x="1" y="20">内&#x90E8;资料</text></svg>',
    )
    project.write_item("news", "2026-03-12-chart", body="![图表](chart.svg)\n")
    _status, found = findings_of(project)
    assert [(f["path"], f["line"], f["rule"]) for f in found] == [
        (f"{POSTS}/chart.svg", 3, "guard/term")
    ]


def test_the_size_limit_applies_to_scanned_files_only(project: Project) -> None:
    project.write("site_config/guard.yml", 'attachment_max_mb: 1\npublish_as_is: [".mp4"]\n')
    project.write(f"{POSTS}/big.xml", "<a>" + "x" * (2 * 1024 * 1024) + "</a>")
    project.write(f"{POSTS}/fake.pdf", b"<html>" + b"x" * (2 * 1024 * 1024))
    project.write(f"{POSTS}/film.mp4", b"\x00" * (2 * 1024 * 1024))
    noise = Image.effect_noise((1500, 1500), 120).convert("RGB")
    photo = io.BytesIO()
    noise.save(photo, "JPEG", quality=95)
    assert len(photo.getvalue()) > 1024 * 1024  # the image pipeline has its own limits
    project.write(f"{POSTS}/photo.jpg", photo.getvalue())
    _status, found = findings_of(project)
    assert {(f["path"], f["rule"]) for f in found} == {
        (f"{POSTS}/big.xml", "guard/attachment-too-large"),
        (f"{POSTS}/fake.pdf", "guard/file-mismatch"),
    }


def test_headers_hidden_sheets_and_notes_are_read_too(project: Project) -> None:
    document = docx.Document()
    document.add_paragraph("正文")
    document.sections[0].header.paragraphs[0].text = MARKING
    document.core_properties.author = ""
    out = io.BytesIO()
    document.save(out)
    project.write(f"{POSTS}/header.docx", out.getvalue())
    book = openpyxl.Workbook()
    book.active.append(["公开"])
    hidden = book.create_sheet("备用")
    hidden.append(["王五", MOBILE])
    hidden.sheet_state = "hidden"
    book.properties.creator = ""
    out = io.BytesIO()
    book.save(out)
    project.write(f"{POSTS}/hidden.xlsx", out.getvalue())
    project.write(f"{POSTS}/notes.pptx", make_pptx("封面", notes=f"讲稿：{PASSWORD_LINE}"))
    _status, found = findings_of(project)
    assert "guard/attachment-term" in rules_at(found, f"{POSTS}/header.docx")
    assert "guard/attachment-personal" in rules_at(found, f"{POSTS}/hidden.xlsx")
    assert "guard/attachment-secret" in rules_at(found, f"{POSTS}/notes.pptx")


# --- comments and form fields (what a reader sees besides the body text) ------------------

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_LEGACY_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_MODERN_COMMENTS = "http://schemas.microsoft.com/office/2018/10/relationships/comments"


def with_members(data: bytes, members: dict[str, str]) -> bytes:
    """The same zip with parts added or replaced (as PowerPoint writes comment parts, which
    python-pptx cannot)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in members:
                target.writestr(info, source.read(info))
        for name, text in members.items():
            target.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def pptx_with_comments(legacy: str, modern: str, orphan: str = "") -> bytes:
    """Two slides: a legacy comment (Office 2007-2019) on slide 1, a modern one (Office 365)
    with a reply on slide 2, and optionally a comment part no slide links to."""
    data = make_pptx("封面", "第二页")
    archive = zipfile.ZipFile(io.BytesIO(data))
    rels = {n: archive.read(n).decode() for n in archive.namelist() if n.endswith(".rels")}

    def linked(slide: int, kind: str, target: str) -> tuple[str, str]:
        name = f"ppt/slides/_rels/slide{slide}.xml.rels"
        rel = f'<Relationship Id="rIdC{slide}" Type="{kind}" Target="{target}"/>'
        return name, rels[name].replace("</Relationships>", rel + "</Relationships>")

    members = dict(
        [
            linked(1, _LEGACY_COMMENTS, "../comments/comment1.xml"),
            linked(2, _MODERN_COMMENTS, "../comments/modernComment_101_5A3C.xml"),
        ]
    )
    members["ppt/commentAuthors.xml"] = (
        f'<p:cmAuthorLst xmlns:p="{_P}"><p:cmAuthor id="0" name="李审阅" initials="L" '
        'lastIdx="1" clrIdx="0"/></p:cmAuthorLst>'
    )
    members["ppt/comments/comment1.xml"] = (
        f'<p:cmLst xmlns:p="{_P}"><p:cm authorId="0" dt="2026-03-01T10:00:00" idx="1">'
        f'<p:pos x="10" y="10"/><p:text>{legacy}</p:text></p:cm></p:cmLst>'
    )
    members["ppt/comments/modernComment_101_5A3C.xml"] = (
        '<p188:cmLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main">'
        '<p188:cm id="{11111111-2222-3333-4444-555555555555}" authorId="{A}" '
        'created="2026-03-01T10:00:00"><p188:replyLst><p188:reply id="{R}" authorId="{A}">'
        f"<p188:txBody><a:bodyPr/><a:p><a:r><a:t>{modern}</a:t></a:r></a:p></p188:txBody>"
        "</p188:reply></p188:replyLst><p188:txBody><a:bodyPr/><a:p><a:r><a:t>请核对</a:t></a:r>"
        "</a:p></p188:txBody></p188:cm></p188:cmLst>"
    )
    if orphan:
        members["ppt/comments/comment9.xml"] = (
            f'<p:cmLst xmlns:p="{_P}"><p:cm authorId="0" idx="2"><p:text>{orphan}</p:text>'
            "</p:cm></p:cmLst>"
        )
    return with_members(data, members)


def xlsx_with_comment(comment: str, *, author: str = "张伟") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "名单"
    book.active.append(["姓名", "备注"])
    book.active["B2"] = "见批注"
    book.active["B2"].comment = openpyxl.comments.Comment(comment, author)
    book.properties.creator = ""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_with_form(values: dict[str, str], *, kids_chain: int = 0, cycle: bool = False) -> bytes:
    """A one-page PDF with a filled-in form: a text field per value (a widget on the page),
    optionally a parent field with a chain of `kids_chain` nested kids, or a /Kids cycle."""
    reader_data = make_pdf("申请表")
    writer = PdfWriter(clone_from=io.BytesIO(reader_data))
    page = writer.pages[0]
    fields = ArrayObject()
    annotations = ArrayObject()
    for name, value in values.items():
        field = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/T"): TextStringObject(name),
                NameObject("/V"): TextStringObject(value),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (50, 600, 300, 620)]),
            }
        )
        reference = writer._add_object(field)
        fields.append(reference)
        annotations.append(reference)
    if kids_chain or cycle:
        top = DictionaryObject({NameObject("/T"): TextStringObject("组")})
        top_ref = writer._add_object(top)
        node = top
        for level in range(kids_chain):
            kid = DictionaryObject({NameObject("/T"): TextStringObject(f"k{level}")})
            node[NameObject("/Kids")] = ArrayObject([writer._add_object(kid)])
            node = kid
        node[NameObject("/V")] = TextStringObject(f"最深处 {MOBILE}")
        if cycle:
            node[NameObject("/Kids")] = ArrayObject([top_ref])
        fields.append(top_ref)
    page[NameObject("/Annots")] = annotations
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): fields})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_cell_comments_are_scanned_at_their_cell(project: Project) -> None:
    project.write(f"{POSTS}/list.xlsx", xlsx_with_comment(f"{MARKING}：联系 {MOBILE}"))
    status, found = findings_of(project)
    assert status == 1
    mine = [f for f in found if f["path"] == f"{POSTS}/list.xlsx"]
    term = [f for f in mine if f["rule"] == "guard/attachment-term"]
    assert term and "in sheet '名单' in the comment on cell B2" in term[0]["message"]
    assert "delete or rewrite the comment on cell B2" in term[0]["hint"]
    assert "guard/attachment-personal" in {f["rule"] for f in mine}
    report = zh_report(project)
    assert "工作表“名单”单元格 B2 的批注中的“内部资料”" in report
    assert "批注作者: 张伟" in report  # who commented is published with the file
    assert MOBILE not in report


def test_slide_comments_legacy_modern_and_unlinked_are_scanned(project: Project) -> None:
    data = pptx_with_comments(
        legacy=f"{MARKING}，先别外发", modern=PASSWORD_LINE, orphan=f"身份证 {ID_NUMBER}"
    )
    project.write(f"{POSTS}/deck.pptx", data)
    status, found = findings_of(project)
    assert status == 1
    mine = {f["rule"]: f["message"] for f in found if f["path"] == f"{POSTS}/deck.pptx"}
    assert "in a comment on slide 1" in mine["guard/attachment-term"]
    assert "in a comment on slide 2" in mine["guard/attachment-secret"]  # the reply
    assert "ppt/comments/comment9.xml" in mine["guard/attachment-personal"]
    assert "comment authors: 李审阅" in mine["guard/attachment-metadata"]
    report = zh_report(project)
    assert "第 1 张幻灯片的批注中的“内部资料”" in report
    assert "Lx9#kq2Wz!" not in report and ID_NUMBER not in report


def test_a_comment_part_with_a_dtd_is_not_parsed(project: Project) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE cmLst [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY a{i} "{"&a;" * 10}">' for i in range(8))
        + f']><p:cmLst xmlns:p="{_P}"><p:cm><p:text>&a7;</p:text></p:cm></p:cmLst>'
    )
    data = with_members(make_pptx("封面"), {"ppt/comments/comment1.xml": bomb})
    project.write(f"{POSTS}/dtd.pptx", data)
    started = time.monotonic()
    _status, found = findings_of(project)
    assert time.monotonic() - started < 20
    unreadable = [f for f in found if f["rule"] == "guard/attachment-unreadable"]
    assert unreadable and "DOCTYPE in ppt/comments/comment1.xml" in unreadable[0]["message"]


def test_pdf_form_field_values_are_scanned(project: Project) -> None:
    data = pdf_with_form({"联系电话": MOBILE, "备注": MARKING}, kids_chain=50)
    project.write(f"{POSTS}/form.pdf", data)
    status, found = findings_of(project)
    assert status == 1
    mine = [f for f in found if f["path"] == f"{POSTS}/form.pdf"]
    messages = {f["rule"]: [] for f in mine}
    for f in mine:
        messages[f["rule"]].append(f["message"])
    assert any("form field '联系电话'" in m for m in messages["guard/attachment-personal"])
    assert any("form field '组.k0.k1." in m for m in messages["guard/attachment-personal"])
    assert any("form field '备注'" in m for m in messages["guard/attachment-term"])
    report = zh_report(project)
    assert "表单字段“联系电话”的填写内容中疑似含有个人信息" in report
    assert MOBILE not in report


def test_pdf_form_trees_are_bounded(project: Project) -> None:
    """A /Kids cycle is walked once; a 3,000-deep chain of fields costs no recursion; past
    10,000 fields the form is not read further (a finding, as for pages and cells)."""
    project.write(f"{POSTS}/cycle.pdf", pdf_with_form({}, kids_chain=5, cycle=True))
    project.write(f"{POSTS}/deep.pdf", pdf_with_form({}, kids_chain=3000))
    project.write(f"{POSTS}/huge.pdf", pdf_with_form({}, kids_chain=10_001))
    started = time.monotonic()
    _status, found = findings_of(project)
    took = time.monotonic() - started
    assert took < 20, f"{took:.1f} s"
    for name in ("cycle.pdf", "deep.pdf"):
        assert rules_at(found, f"{POSTS}/{name}") == {"guard/attachment-personal"}, name
    assert rules_at(found, f"{POSTS}/huge.pdf") == {"guard/attachment-limit"}
