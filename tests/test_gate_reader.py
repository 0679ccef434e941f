"""The gate's page reader remembers the header, footer and navigation it has read: what it
finds on a page is the same as a fresh walk finds, on every page, whatever came before."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from pipeline.gate.text import PageReader, read_page

HEADER = (
    '<header class="site"><a href="../">澜石科技</a>'
    '<nav><a href="../news/">公司新闻</a></nav></header>'
)
FOOTER = '<footer><p>浙ICP备2026000000号-1</p><a href="../privacy/">隐私政策</a></footer>'


def page(body: str, header: str = HEADER, footer: str = FOOTER) -> LexborHTMLParser:
    return LexborHTMLParser(f"<html><body>{header}<main>{body}</main>{footer}</body></html>")


def test_remembered_blocks_read_as_a_fresh_walk_reads_them() -> None:
    pages = [
        page("<p>第一篇</p>"),
        page("<p>第二篇<img alt='图' src='a.png'></p>"),
        page("<p>第三篇</p>", header=HEADER.replace("公司新闻", "行业资讯")),
        page("<p>第四篇</p>"),
    ]
    reader = PageReader()
    for tree in pages:
        assert reader.read(tree) == read_page(tree)
    # the header in two forms and the footer, each read once; the second time remembered
    assert len(reader.blocks) >= 3


def test_a_block_that_differs_by_one_attribute_is_walked_again() -> None:
    reader = PageReader()
    clean = page("<p>正文</p>")
    handler = page(
        "<p>正文</p>", footer=FOOTER.replace("<footer>", '<footer onmouseover="alert(1)">')
    )
    assert reader.read(clean)[0] == []
    problems, _text = reader.read(handler)
    assert [p.rule for p in problems] == ["gate/handler"]


def test_what_a_remembered_block_has_is_reported_on_every_page() -> None:
    reader = PageReader()
    footer = FOOTER.replace("</footer>", "<!-- 内部备注 --></footer>")
    first = reader.read(page("<p>一</p>", footer=footer))
    second = reader.read(page("<p>二</p>", footer=footer))
    assert [p.rule for p in first[0]] == [p.rule for p in second[0]] == ["gate/comment"]
    assert "浙ICP备2026000000号-1" in second[1] and "二" in second[1]
    # the text keeps its order: header, body, footer
    lines = second[1].split("\n")
    assert lines.index("二") < lines.index("浙ICP备2026000000号-1")
