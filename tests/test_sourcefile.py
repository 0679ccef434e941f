"""Reading editors' files: encodings, line endings, front matter and YAML errors with lines."""

from __future__ import annotations

import json

import pytest
from conftest import Project, front_matter

from pipeline.core.sourcefile import (
    DecodeError,
    YamlSyntaxError,
    decode_text,
    find_slips,
    parse_front_matter,
    parse_yaml_mapping,
    split_front_matter,
)

ITEM = "content/news/posts/2026/file.md"
SUMMARY = "这是一条用于测试的新闻摘要，长度足够通过摘要长度检查。"
VALID_ITEM = (
    "---\n"
    "slug: file-reading\n"
    "title: 澜石科技发布测试新闻标题\n"
    f"summary: {SUMMARY}\n"
    "date: 2026-03-12 10:00\n"
    "author: zhangwei\n"
    "categories: [公司动态]\n"
    "---\n"
    "\n"
    "# 小标题\n"
    "\n"
    "正文第一段。\n"
)


def check(project: Project, *args: str) -> tuple[int, list[dict]]:
    result = project.cli(*args, "check", "--format", "json")
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def located(findings: list[dict]) -> list[tuple[str, int | None, str]]:
    return [(f["path"], f["line"], f["rule"]) for f in findings]


# --- encodings and line endings ---------------------------------------------------------------


def test_gbk_file_gets_the_gbk_message_at_the_first_bad_line(empty_project: Project) -> None:
    # lines 1-2 are ASCII, so the first byte that is not UTF-8 is on line 3 (the title)
    empty_project.write(ITEM, VALID_ITEM.encode("gbk"))
    status, findings = check(empty_project)
    assert status == 1
    assert located(findings) == [(ITEM, 3, "encoding/gbk")]
    assert "GBK" in findings[0]["message"]
    assert "UTF-8" in findings[0]["hint"]


def test_gbk_message_in_english(empty_project: Project) -> None:
    empty_project.write(ITEM, VALID_ITEM.encode("gbk"))
    _, findings = check(empty_project, "--lang", "en")
    assert findings[0]["message"].startswith("the file is not UTF-8; it looks like")


def test_non_utf8_file_without_chinese_is_not_called_gbk(empty_project: Project) -> None:
    text = VALID_ITEM.replace("# 小标题", "# Café Menü")
    empty_project.write(
        ITEM, text.encode("utf-8").replace("Café".encode(), "Caf\xe9".encode("latin-1"))
    )
    _, findings = check(empty_project)
    assert located(findings) == [(ITEM, 10, "encoding/not-utf8")]


def test_utf8_bom_and_crlf_line_endings_check_clean(empty_project: Project) -> None:
    data = b"\xef\xbb\xbf" + VALID_ITEM.replace("\n", "\r\n").encode("utf-8")
    empty_project.write(ITEM, data)
    assert check(empty_project) == (0, [])


def test_lines_are_counted_the_same_with_crlf(empty_project: Project) -> None:
    data = b"\xef\xbb\xbf" + VALID_ITEM.replace("\n", "\r\n").replace("zhangwei", "张伟").encode()
    empty_project.write(ITEM, data)
    _, findings = check(empty_project)
    assert located(findings) == [(ITEM, 6, "schema/unknown-author")]


def test_utf8_bom_and_crlf_file_builds(empty_project: Project) -> None:
    data = b"\xef\xbb\xbf" + VALID_ITEM.replace("\n", "\r\n").encode("utf-8")
    empty_project.write(ITEM, data)
    result = empty_project.cli("build")
    assert result.exit_code == 0, result.output
    html = empty_project.html("news/2026/03/12/file-reading/")
    assert "正文第一段。" in html
    assert "小标题" in html
    assert "\ufeff" not in html
    assert "author: zhangwei" not in html  # the front matter was recognised, not rendered


def test_decode_text_strips_bom_and_normalises_line_endings() -> None:
    assert decode_text(b"\xef\xbb\xbfa\r\nb\rc\n", "x.md") == "a\nb\nc\n"


def test_decode_error_carries_a_finding_with_path_and_line() -> None:
    with pytest.raises(DecodeError) as caught:
        decode_text("第一行\n第二行\n".encode("gb18030"), "content/x.md")
    finding = caught.value.finding
    assert (finding.path, finding.line, finding.rule) == ("content/x.md", 1, "encoding/gbk")


# --- YAML errors name the line of the file -----------------------------------------------------


def test_unquoted_colon_in_value_is_named_on_its_line(empty_project: Project) -> None:
    text = VALID_ITEM.replace(
        "title: 澜石科技发布测试新闻标题", "title: 澜石科技: 发布测试新闻标题"
    )
    empty_project.write(ITEM, text)
    status, findings = check(empty_project)
    assert status == 1
    assert located(findings) == [(ITEM, 3, "yaml/colon-in-value")]
    (finding,) = findings
    assert finding["column"] == len("title: 澜石科技") + 1
    assert finding["message"] == "第 3 行“title”的值里有冒号加空格“: ”，会被误当成新的字段"
    assert finding["hint"] == '用英文双引号把整个值括起来：title: "澜石科技: 发布测试新闻标题"'


def test_other_yaml_errors_keep_the_parsers_own_words(empty_project: Project) -> None:
    text = VALID_ITEM.replace("author: zhangwei", "author: [zhangwei")
    empty_project.write(ITEM, text)
    status, findings = check(empty_project)
    assert status == 1
    assert located(findings) == [(ITEM, 6, "yaml/syntax")]  # where the bracket opens
    assert findings[0]["message"].startswith("文件开头的 front matter（两行 --- 之间）写法有误：")


def test_unclosed_quote_is_reported_where_it_opens(empty_project: Project) -> None:
    text = VALID_ITEM.replace("title: 澜石科技发布测试新闻标题", 'title: "澜石科技发布测试新闻标题')
    empty_project.write(ITEM, text)
    _, findings = check(empty_project)
    assert located(findings) == [(ITEM, 3, "yaml/syntax")]


def test_unclosed_bracket_is_reported_where_it_opens(empty_project: Project) -> None:
    text = VALID_ITEM.replace("categories: [公司动态]", "categories: [公司动态, 产品发布")
    empty_project.write(ITEM, text)
    _, findings = check(empty_project)
    assert located(findings) == [(ITEM, 7, "yaml/syntax")]


def test_tab_indentation_is_named_on_its_line(empty_project: Project) -> None:
    text = VALID_ITEM.replace("author: zhangwei\n", "author: zhangwei\n\tpin: true\n")
    empty_project.write(ITEM, text)
    _, findings = check(empty_project)
    assert located(findings) == [(ITEM, 7, "yaml/tab")]
    assert findings[0]["column"] == 1
    assert findings[0]["message"] == "第 7 行用了制表符（Tab），front matter 里只能用空格"


def test_front_matter_that_is_a_list_is_not_a_mapping(empty_project: Project) -> None:
    empty_project.write(ITEM, "---\n- title\n- summary\n---\n\n正文。\n")
    _, findings = check(empty_project)
    assert [f["rule"] for f in findings] == ["yaml/not-a-mapping"]


def test_item_without_front_matter(empty_project: Project) -> None:
    empty_project.write(ITEM, "# 只有正文\n\n正文。\n")
    _, findings = check(empty_project)
    assert located(findings) == [(ITEM, 1, "schema/no-front-matter-item")]


def test_page_without_front_matter(empty_project: Project) -> None:
    empty_project.write("content/about.md", "# 关于我们\n")
    _, findings = check(empty_project)
    assert located(findings) == [("content/about.md", 1, "schema/no-front-matter")]


def test_front_matter_without_closing_line_reports_missing_keys_at_the_end(
    empty_project: Project,
) -> None:
    empty_project.write(ITEM, "---\ntitle: 澜石科技发布测试新闻标题\nslug: open-ended\n")
    _, findings = check(empty_project)
    required = {f["key"] for f in findings if f["rule"] == "schema/required"}
    assert required == {"summary", "date", "author", "categories"}
    assert {f["line"] for f in findings} == {3}  # the last line of the file


def test_missing_key_points_at_the_closing_line_not_the_blank_after_it(
    empty_project: Project,
) -> None:
    text = VALID_ITEM.replace("author: zhangwei\n", "")
    empty_project.write(ITEM, text)
    _, findings = check(empty_project)
    assert located(findings) == [(ITEM, 7, "schema/required")]  # line 7 is the closing '---'


def test_body_references_are_counted_from_the_file_start(empty_project: Project) -> None:
    text = VALID_ITEM.replace("\n\n# 小标题", "\n\n\n\n# 小标题") + "\n![图](nope.png)\n"
    empty_project.write(ITEM, text)
    _, findings = check(empty_project)
    lines = text.split("\n")
    assert located(findings) == [(ITEM, lines.index("![图](nope.png)") + 1, "ref/missing-image")]


# --- the pieces --------------------------------------------------------------------------------


def test_parse_yaml_mapping_keeps_lines_of_keys_items_and_nested_keys() -> None:
    text = "title: 标题\ncategories:\n  - 公司动态\n  - 产品发布\nsource:\n  name: 观察\n  url: x\n"
    mapping = parse_yaml_mapping(text, first_line=2)
    assert mapping.line_of("title") == 2
    assert mapping.line_of_item("categories", 1) == 5
    assert mapping.nested_lines["source.url"] == 8


def test_parse_yaml_mapping_leaves_dates_as_text() -> None:
    mapping = parse_yaml_mapping("date: 2026-02-30\npublish: 2026-03-12 10:00\n")
    assert mapping.values == {"date": "2026-02-30", "publish": "2026-03-12 10:00"}


def test_yaml_syntax_error_line_is_a_line_of_the_file() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml_mapping("\ntitle: a\nsummary: b: c\n", first_line=1)
    assert caught.value.line == 3


def test_split_front_matter_lines() -> None:
    text = front_matter({"title": "标题"}) + "\n正文\n"
    front, front_line, body, body_line, closing_line = split_front_matter(text)
    assert (front_line, body, body_line, closing_line) == (1, "正文\n", 5, 3)
    assert "title: 标题" in front


# --- slips newcomers make: named, repaired in memory, the rest of the file still read ---------


@pytest.mark.parametrize(
    ("front", "rule", "line", "column", "values"),
    [
        ("title: 标题\nauthor：zhangwei\n", "yaml/full-width-colon", 3, 7, {"author": "zhangwei"}),
        ("title: 标题\n\tpin: true\n", "yaml/tab", 3, 1, {"pin": True}),
        ("source:\n\tname: 观察\n", "yaml/tab", 3, 1, {"source": {"name": "观察"}}),
        ("title: 会议: 开幕\n", "yaml/colon-in-value", 2, 10, {"title": "会议: 开幕"}),
        ("tags:\n  -新闻\n", "yaml/list-dash-space", 3, 3, {"tags": ["新闻"]}),
        ("tags:\n-新闻\nb: 1\n", "yaml/list-dash-space", 3, 1, {"tags": ["新闻"], "b": 1}),
        ("title：会议开幕\nb: 1\n", "yaml/full-width-colon", 2, 6, {"title": "会议开幕"}),
    ],
)
def test_a_slip_is_found_at_its_line_and_column_and_repaired(
    front: str, rule: str, line: int, column: int, values: dict
) -> None:
    mapping, slips = parse_front_matter(front, 2, "content/x.md")
    assert [(s.line, s.column, s.rule) for s in slips] == [(line, column, rule)]
    assert values.items() <= mapping.values.items()
    assert slips[0].params["line_number"] == line
    assert slips[0].blocks


def test_repairing_keeps_every_line_where_it_was() -> None:
    front = "title: 会议: 开幕\nauthor：zhangwei\n\tpin: true\ntags:\n  -新闻\n  -行业\n"
    slips, repaired = find_slips(front, 2)
    assert [(s.line, s.rule) for s in slips] == [
        (2, "yaml/colon-in-value"),
        (3, "yaml/full-width-colon"),
        (4, "yaml/tab"),
        (6, "yaml/list-dash-space"),
        (7, "yaml/list-dash-space"),
    ]
    assert repaired.count("\n") == front.count("\n")
    mapping = parse_yaml_mapping(repaired, first_line=2)
    assert (mapping.line_of("author"), mapping.line_of_item("tags", 1)) == (3, 7)


@pytest.mark.parametrize(
    "front",
    [
        "summary: |\n  注意：a: b: c\n  -不是列表\n",  # a block scalar's text
        'summary: "开幕\n  时间: 上午"\n',  # a quoted value over two lines
        "summary: 这是一段\n    Note：abc\n",  # a plain value running on
        "title: 会议：开幕\n",  # a full-width colon inside a value is text
        "date: 2026-03-12 10:00\nsource:\n  url: https://example.org/a\n",
        "title: 标题 # 备注: 见下\n",  # ": " in a comment
        "offsets:\n  -5\n",  # a negative number, not a list item
    ],
)
def test_text_that_only_looks_like_a_slip_is_left_alone(front: str) -> None:
    mapping, slips = parse_front_matter(front, 2, "content/x.md")
    assert slips == []
    assert mapping.values == parse_yaml_mapping(front).values


def test_a_slip_before_another_yaml_error_is_named_too() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_front_matter('author：zhangwei\ntitle: "开放日\n', 2, "content/x.md")
    assert caught.value.rule == "yaml/syntax" and caught.value.line == 3
    assert [(f.line, f.rule) for f in caught.value.slips] == [(2, "yaml/full-width-colon")]
