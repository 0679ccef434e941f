"""Reading editors' files: text decoding, front matter splitting, YAML with line numbers.

Editors work on Windows and macOS with whatever editor they have, so this module
accepts a UTF-8 byte-order mark and CRLF line endings, and recognises files saved
as GBK/GB18030 so that the message can tell them exactly how to re-save.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from pipeline.core.findings import Finding, error

_UTF8_BOM = b"\xef\xbb\xbf"
_HAN = re.compile(r"[\u4e00-\u9fff]")
_YAML_HANDLER = frontmatter.default_handlers.YAMLHandler()


class _TextDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as text.

    PyYAML turns ``2026-02-30`` into a ValueError with no position, and reads
    ``2026-03-01 10:00`` as a naive datetime; the schema parses dates itself so it
    can name the line and read them in the site's time zone.
    """


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml reads front matter several times faster; the pure-Python loader above stays for
# text libyaml rejects, since its messages and positions are the ones editors are shown
_FastTextDatesLoader = None
if getattr(yaml, "__with_libyaml__", False):

    class _FastTextDatesLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        pass

    _FastTextDatesLoader.yaml_implicit_resolvers = _TextDatesLoader.yaml_implicit_resolvers


class DecodeError(Exception):
    """The file is not valid UTF-8; ``finding`` says where and how to fix it."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.rule)
        self.finding = finding


def decode_text(data: bytes, rel_path: str) -> str:
    """Decode an editor's file to text with ``\\n`` line endings.

    Raises :class:`DecodeError` naming the first bad line when the file is not
    UTF-8, and says so specifically when it reads as GBK (the usual Windows default).
    """
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            as_gbk = data.decode("gb18030")
        except UnicodeDecodeError:
            as_gbk = None
        rule = "encoding/gbk" if as_gbk and _HAN.search(as_gbk) else "encoding/not-utf8"
        raise DecodeError(error(rel_path, line, rule)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class YamlMapping:
    """A parsed YAML mapping with the 1-based line of every top-level key."""

    values: dict[str, Any]
    key_lines: dict[str, int] = field(default_factory=dict)
    # line of each item of a top-level sequence value, e.g. key_item_lines["categories"][1]
    key_item_lines: dict[str, list[int]] = field(default_factory=dict)
    # line of every key of nested mappings, by dotted path, e.g. nested_lines["limits.title"]
    nested_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str, default: int | None = None) -> int | None:
        return self.key_lines.get(key, default)

    def line_of_item(self, key: str, index: int) -> int | None:
        lines = self.key_item_lines.get(key, [])
        return lines[index] if index < len(lines) else self.line_of(key)


_SURROGATE = re.compile("[\ud800-\udfff]")


class YamlSyntaxError(Exception):
    """YAML that does not parse; ``line`` is 1-based within the whole file. ``slips`` are
    the findings of slips found (and repaired) before this problem, if any."""

    def __init__(self, line: int | None, problem: str, rule: str = "yaml/syntax") -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem
        self.rule = rule
        self.slips: list[Finding] = []


# Errors PyYAML notices only after the line at fault: a quote or bracket left open.
_OPENED_AT = ("while scanning a quoted scalar", "while parsing a flow")


def _error_mark(exc: yaml.MarkedYAMLError, text: str):
    """Where the editor has to look: where PyYAML noticed the problem, unless that is the end
    of the text or the problem is something opened earlier and never closed."""
    mark = exc.problem_mark
    opened_earlier = (exc.context or "").startswith(_OPENED_AT)
    at_end = mark is None or mark.index >= len(text.rstrip())
    if exc.context_mark is not None and (opened_earlier or at_end):
        return exc.context_mark
    return mark


def parse_yaml_mapping(text: str, first_line: int = 1) -> YamlMapping:
    """Parse YAML text that must be a mapping, keeping key lines.

    ``first_line`` is the line of the file on which ``text`` starts, so lines in
    results and errors are lines of the file the editor has open.
    """
    if _FastTextDatesLoader is not None:
        fast = _FastTextDatesLoader(text)
        try:
            node = fast.get_single_node()
            values = fast.construct_document(node) if node is not None else {}
            return _whole_characters(_mapping_from(node, values, first_line), text, first_line)
        except (yaml.YAMLError, ValueError, TypeError):
            pass  # read again below, for the pure-Python loader's message and position
        finally:
            fast.dispose()
    loader = _TextDatesLoader(text)
    try:
        node = loader.get_single_node()
        values = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = _error_mark(exc, text)
        line = first_line + mark.line if mark is not None else first_line
        raise YamlSyntaxError(line, exc.problem or str(exc)) from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise YamlSyntaxError(first_line, str(exc)) from None
    finally:
        loader.dispose()
    return _whole_characters(_mapping_from(node, values, first_line), text, first_line)


def _whole_characters(mapping: YamlMapping, text: str, first_line: int) -> YamlMapping:
    """``mapping``, unless a double-quoted escape made half a character (``"\\ud800"``, a
    lone surrogate): no file, page or search index can hold one, and the build would
    stop with an encoding error far from the line that wrote it."""
    if "\\u" not in text and "\\U" not in text:
        return mapping  # only such an escape can make one: the text itself is UTF-8
    for key, value in mapping.values.items():
        if _has_surrogate(key) or _has_surrogate(value):
            line = mapping.key_lines.get(key, first_line)
            raise YamlSyntaxError(line, key, rule="yaml/lone-surrogate")
    return mapping


def _has_surrogate(value) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_surrogate(v) for v in value)
    return False


def _mapping_from(node, values, first_line: int) -> YamlMapping:
    if values is None:
        return YamlMapping({})
    if not isinstance(node, yaml.MappingNode) or not isinstance(values, dict):
        raise YamlSyntaxError(first_line, "", rule="yaml/not-a-mapping")
    mapping = YamlMapping({str(k): v for k, v in values.items()})
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in mapping.key_lines:
            # PyYAML keeps the last value silently; an editor expects the first one to count
            raise YamlSyntaxError(
                first_line + key_node.start_mark.line, key, rule="yaml/duplicate-key"
            )
        mapping.key_lines[key] = first_line + key_node.start_mark.line
        if isinstance(value_node, yaml.SequenceNode):
            mapping.key_item_lines[key] = [
                first_line + item.start_mark.line for item in value_node.value
            ]
        _add_nested_lines(value_node, f"{key}.", first_line, mapping.nested_lines)
    return mapping


def _add_nested_lines(node: yaml.Node, prefix: str, first_line: int, lines: dict) -> None:
    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, value_node in node.value:
        path = f"{prefix}{key_node.value}"
        lines[path] = first_line + key_node.start_mark.line
        _add_nested_lines(value_node, f"{path}.", first_line, lines)


# -- slips newcomers make in front matter -----------------------------------------------------
#
# A full-width colon (author：zhangwei), a tab, an unquoted value with ": " in it and a list
# item without a space after "-" are named by their character and line, not by the YAML
# parser's English, and repaired in memory so that the rest of the file is still checked.
# They are looked for where YAML fails, and where YAML reads them silently as something else:
# "-新闻" as text instead of a list item, "title：会议: 开幕" as the key "title：会议".

_KEY = r"[A-Za-z_][A-Za-z0-9_.-]*"
_FULL_WIDTH_COLON = re.compile(rf"^(?P<head> *(?:- +)?(?P<key>{_KEY}))[ \t]*\uff1a")
_KEY_AND_VALUE = re.compile(
    rf"^(?P<head> *(?:- +)?(?P<key>{_KEY}) *:)(?P<gap>[ \t]+)(?P<value>.*)$"
)
_OPENS_BLOCK = re.compile(rf"^ *+(?:- ++)?(?:{_KEY} *+:)?[ \t]*+(?:#.*)?$")  # "tags:", "-"
_TAB_AFTER_COLON = re.compile(rf"^(?P<head> *(?:- +)?{_KEY} *:)(?P<gap> *\t[ \t]*)(?=\S)")
_DASH_NO_SPACE = re.compile(r"^(?P<indent> *)-(?P<item>[^\s-].*)$")
# what a slip YAML reads without an error needs: a full-width colon, or a dash and no space
_QUIET_SLIP_SIGN = re.compile(r"\uff1a|^ *-[^\s-]", re.MULTILINE)
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_BLOCK_SCALAR = re.compile(r"^[|>][+-]?\d?[+-]?[ \t]*(?:#.*)?$")
_SPECIAL_START = tuple("\"'[{|>&*!%@`")


@dataclass(frozen=True)
class Slip:
    """One slip: where (1-based line of the file and column), its rule and parameters."""

    line: int
    column: int
    rule: str
    params: dict[str, Any]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _plain_comment(value: str) -> int:
    """Where a comment starts in a plain value (" #"), or the value's length."""
    index = value.find(" #")
    return len(value) if index < 0 else index


def _still_open(value: str) -> str | None:
    """The closing character a multi-line quoted or flow value still waits for."""
    if value.startswith('"'):
        closed = re.search(r'(?<!\\)"', value[1:])
        return None if closed else '"'
    if value.startswith("'"):
        return None if value.replace("''", "").count("'") >= 2 else "'"
    if value.startswith(("[", "{")):
        depth = value.count("[") + value.count("{") - value.count("]") - value.count("}")
        return ("]" if value[0] == "[" else "}") if depth > 0 else None
    return None


def find_slips(text: str, first_line: int = 1, *, quiet: bool = False) -> tuple[list[Slip], str]:
    """The slips in front matter ``text`` and the text with them repaired (same lines).

    ``quiet``: only those YAML reads without an error (for text that parsed).
    """
    lines = text.split("\n")
    slips: list[Slip] = []
    indent, opens, after_item, seen = 0, False, False, False  # of the last meaningful line
    block: int | None = None  # a block scalar's key indent: deeper lines are its text
    waiting: str | None = None  # a quoted or flow value runs on to this closing character
    for index, raw in enumerate(lines):
        number = first_line + index
        line = raw
        if waiting is not None:  # inside a multi-line quoted or flow value
            if waiting in line:
                waiting = None
            continue
        if block is not None:
            if not line.strip(" \t") or (_indent(line) > block and not line.startswith("\t")):
                continue
            block = None
        stripped = line.strip(" \t")
        if not stripped:
            if "\t" in line and not quiet:
                slips.append(Slip(number, line.index("\t") + 1, "yaml/tab", {}))
                lines[index] = ""
            continue
        if stripped.startswith("#"):
            continue
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in lead and not quiet:
            slips.append(Slip(number, lead.index("\t") + 1, "yaml/tab", {}))
            line = " " * (indent + 2 if opens else indent) + line.lstrip(" \t")
        tab = None if quiet else _TAB_AFTER_COLON.match(line)
        if tab:
            column = len(tab["head"]) + tab["gap"].index("\t") + 1
            slips.append(Slip(number, column, "yaml/tab", {}))
            line = tab["head"] + " " + line[tab.end() :]
        # deeper than the line before, which opened nothing: the text of a value runs on
        running_on = seen and _indent(line) > indent and not opens
        if not running_on:
            fixed = _full_width_colon(line, number, slips, quiet)
            if fixed != line or not quiet:
                line = _colon_in_value(fixed, number, slips)
        dash = _DASH_NO_SPACE.match(line)
        if (
            dash
            and not _NUMBER.match(dash["item"].strip())
            and ((opens and _indent(line) >= indent) or (after_item and _indent(line) == indent))
        ):
            slips.append(
                Slip(
                    number, len(dash["indent"]) + 1, "yaml/list-dash-space", {"item": dash["item"]}
                )
            )
            line = f"{dash['indent']}- {dash['item']}"
        lines[index] = line
        indent, seen = _indent(line), True
        opens = bool(_OPENS_BLOCK.match(line))
        after_item = line.lstrip(" ").startswith("- ")
        pair = _KEY_AND_VALUE.match(line)
        if pair:
            value = pair["value"]
            if _BLOCK_SCALAR.match(value):
                block = indent
            else:
                waiting = _still_open(value)
    for slip in slips:
        slip.params["line_number"] = slip.line
    return slips, "\n".join(lines)


def _full_width_colon(line: str, number: int, slips: list[Slip], quiet: bool) -> str:
    match = _FULL_WIDTH_COLON.match(line)
    if not match:
        return line
    colon = match.end() - 1
    if quiet and not re.search(r":(?: |$)", line[colon:]):
        return line  # YAML read the line as text, not as a key with "：" in it
    slips.append(Slip(number, colon + 1, "yaml/full-width-colon", {"key": match["key"]}))
    rest = line[colon + 1 :].lstrip(" ")
    return f"{match['head']}: {rest}" if rest else f"{match['head']}:"


def _colon_in_value(line: str, number: int, slips: list[Slip]) -> str:
    match = _KEY_AND_VALUE.match(line)
    if not match or match["value"].startswith(_SPECIAL_START):
        return line
    value = match["value"]
    end = _plain_comment(value)
    plain, comment = value[:end].rstrip(), value[end:].strip()
    at = plain.find(": ")
    if at < 0 and plain.endswith(":"):
        at = len(plain) - 1
    if at < 0:
        return line
    quoted = json.dumps(plain, ensure_ascii=False)
    column = len(match["head"]) + len(match["gap"]) + at + 1
    params = {"key": match["key"], "value": plain, "quoted": quoted}
    slips.append(Slip(number, column, "yaml/colon-in-value", params))
    return f"{match['head']} {quoted}" + (f" {comment}" if comment else "")


def parse_front_matter(
    text: str, first_line: int, rel_path: str
) -> tuple[YamlMapping, list[Finding]]:
    """``parse_yaml_mapping`` for an editor's front matter, forgiving the slips of
    :func:`find_slips`: they come back as error findings, and the mapping is read from
    the repaired text, so that the file's other problems are found too.

    Raises :class:`YamlSyntaxError` (with the slips found) when the text does not parse
    even with them repaired.
    """
    try:
        mapping = parse_yaml_mapping(text, first_line)
    except YamlSyntaxError as exc:
        if exc.rule == "yaml/duplicate-key":
            raise
        slips, repaired = find_slips(text, first_line)
        if not slips:
            raise
        findings = _slip_findings(slips, rel_path)
        try:
            return parse_yaml_mapping(repaired, first_line), findings
        except YamlSyntaxError as still:
            still.slips = findings
            raise still from None
    if not _QUIET_SLIP_SIGN.search(text):
        return mapping, []  # nothing find_slips could find quietly: it needs one of these
    slips, repaired = find_slips(text, first_line, quiet=True)
    if not slips:
        return mapping, []
    try:
        return parse_yaml_mapping(repaired, first_line), _slip_findings(slips, rel_path)
    except YamlSyntaxError:
        return mapping, []  # not slips after all: the text stays as it was written


def _slip_findings(slips: list[Slip], rel_path: str) -> list[Finding]:
    return [error(rel_path, s.line, s.rule, column=s.column, **s.params) for s in slips]


@dataclass
class MarkdownSource:
    """A Markdown file split into front matter and body, with line bookkeeping."""

    path: Path
    rel_path: str
    text: str
    meta: YamlMapping
    body: str
    has_front_matter: bool
    body_first_line: int  # line of the file on which the body starts
    # line of the closing '---' (the last line, when it is missing); blank lines may follow it
    front_matter_last_line: int = 0
    # errors for slips in the front matter that were repaired in memory to read it
    slips: list[Finding] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[str | None, int, str, int, int]:
    """Split off YAML front matter the way python-frontmatter recognises it.

    Returns (front matter or None, its first line, body, first line of body, line of
    the closing boundary); lines are 1-based lines of ``text``.
    """
    boundary = _YAML_HANDLER.FM_BOUNDARY
    opening = boundary.match(text)
    if opening is None:
        return None, 1, text, 1, 0
    closing = boundary.search(text, opening.end())
    if closing is None:
        # an opening '---' with no closing one: treat the whole file as front matter
        # so the YAML error (or the missing body) is reported at the right line
        front = text[opening.end() :]
        last_line = text.rstrip("\n").count("\n") + 1
        return front, text[: opening.end()].count("\n") + 1, "", text.count("\n") + 1, last_line
    front = text[opening.end() : closing.start()]
    body_start = closing.end()
    if text.startswith("\n", body_start):
        body_start += 1
    front_line = text[: opening.end()].count("\n") + 1
    closing_line = text[: closing.start()].count("\n") + 1
    return front, front_line, text[body_start:], text[:body_start].count("\n") + 1, closing_line


# -- bounded work ---------------------------------------------------------------------
# Checked on the raw text before any parser (YAML, Markdown, the guard's scanners) runs:
# a file past a limit is reported and read no further.

_VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


@dataclass(frozen=True)
class SourceLimits:
    """What one editor's file may hold (site.yml ``limits:``)."""

    file_size_kb: int = 1024
    line_length: int = 10_000
    nesting_depth: int = 20  # Markdown lists and quotes, brackets [ and {, HTML tags
    yaml_depth: int = 20


class LimitError(Exception):
    """A file past a limit of SourceLimits; ``finding`` says which, where and how to fix."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.rule)
        self.finding = finding


def check_file_size(size: int, limits: SourceLimits, rel_path: str) -> None:
    if size > limits.file_size_kb * 1024:
        raise LimitError(
            error(
                rel_path,
                None,
                "limit/file-size",
                size=f"{size / 1024:.0f} KB",
                limit=f"{limits.file_size_kb} KB",
            )
        )


def check_limits(text: str, limits: SourceLimits, rel_path: str) -> None:
    """Raise :class:`LimitError` at the first line past a limit: its length, how deep its
    lists, quotes, brackets or HTML tags nest, or (in the front matter) its YAML."""
    lines = text.split("\n")
    breaches: list[LimitError] = []
    for number, line in enumerate(lines, 1):
        if len(line) > limits.line_length:
            breaches.append(_limit(rel_path, number, "limit/line-length", len(line), limits))
            break
    front, front_line, _, body_line, _ = split_front_matter(text)
    if front is not None:
        depth, offset = _yaml_depth(front.split("\n"), limits.yaml_depth)
        if depth > limits.yaml_depth:
            breaches.append(
                _limit(rel_path, front_line + offset, "limit/yaml-depth", depth, limits)
            )
    body_lines = lines[body_line - 1 :] if front is not None else lines
    try:
        _check_markdown_depth(body_lines, limits.nesting_depth, rel_path, body_line)
    except LimitError as breach:
        breaches.append(breach)
    if breaches:
        # the first line past any limit: a list that grows too deep is named where it does,
        # not thousands of lines later where its indentation makes a line too long
        raise min(breaches, key=lambda b: b.finding.line or 0)


def _limit(rel_path: str, line: int, rule: str, found: int, limits: SourceLimits) -> LimitError:
    limit = limits.yaml_depth if rule == "limit/yaml-depth" else limits.line_length
    return LimitError(error(rel_path, line, rule, found=found, limit=limit))


def _breach(rel_path: str, line: int, rule: str, found: int, limit: int) -> None:
    raise LimitError(error(rel_path, line, rule, found=found, limit=limit))


_YAML_DEPTH_CHARS = re.compile(r"[\"'\[\]{}#]")
_MARKDOWN_DEPTH_CHARS = re.compile(r"[\[\]{}<]")
_CONTAINER_START = frozenset(" \t>-*+")


def _yaml_depth(lines: list[str], limit: int) -> tuple[int, int]:
    """How deep YAML nests, estimated from indentation, "- " items and flow brackets,
    without parsing; (depth, 0-based line) of the first line past ``limit``."""
    indents: list[int] = []
    flow = 0
    for offset, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if not flow:
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
        dashes = 0
        rest = stripped
        while rest.startswith(("- ", "-\t")) or rest == "-":
            dashes += 1
            rest = rest[1:].lstrip(" \t")
        deepest = flow
        quote = ""
        # only quotes, brackets and "#" change anything: the other characters are skipped
        for found in _YAML_DEPTH_CHARS.finditer(rest):
            char = found.group()
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char in "[{":
                flow += 1
                deepest = max(deepest, flow)
            elif char in "]}":
                flow = max(flow - 1, 0)
            elif char == "#":
                break
        depth = len(indents) + dashes + deepest
        if depth > limit:
            return depth, offset
    return 0, 0


def _fenced_lines(lines: list[str]) -> set[int]:
    """0-based lines inside fenced code blocks that are closed (an unclosed fence is
    read as Markdown, so its lines are not spared)."""
    inside: set[int] = set()
    opened: tuple[int, str] | None = None
    for offset, line in enumerate(lines):
        if "```" not in line and "~~~" not in line:
            continue
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) > 3 or stripped[:3] not in ("```", "~~~"):
            continue
        mark = stripped[0]
        run = len(stripped) - len(stripped.lstrip(mark))
        if opened is None:
            opened = (offset, stripped[:run])
        elif mark == opened[1][0] and run >= len(opened[1]) and not stripped[run:].strip():
            inside.update(range(opened[0], offset + 1))
            opened = None
    return inside


def _container_depth(line: str) -> int:
    """Lists and quotes opened at the start of a line, with its indentation (two columns
    a level; a tab reaches the next multiple of four columns, as Markdown reads it)."""
    position, size, columns = 0, len(line), 0
    while position < size and line[position] in " \t":
        columns = columns + 1 if line[position] == " " else (columns // 4 + 1) * 4
        position += 1
    depth = columns // 2
    while position < size:
        char = line[position]
        if char == ">":
            position += 1
        elif char in "-*+" and line[position + 1 : position + 2] in (" ", "\t"):
            position += 2
        elif char.isdigit():
            end = position
            while end < size and end - position < 9 and line[end].isdigit():
                end += 1
            if line[end : end + 1] not in (".", ")") or line[end + 1 : end + 2] not in (" ", "\t"):
                break
            position = end + 2
        else:
            break
        depth += 1
        columns = 0
        while position < size and line[position] in " \t":
            columns = columns + 1 if line[position] == " " else (columns // 4 + 1) * 4
            position += 1
        if char == ">":  # past the quote's own space, indentation nests lists in the quote
            depth += max(columns - 1, 0) // 2
    return depth


def _check_markdown_depth(lines: list[str], limit: int, rel_path: str, first: int) -> None:
    """Raise at the first line (``first`` is the file's line of lines[0]) where lists or
    quotes, brackets or HTML tags nest past ``limit``; brackets and tags are counted
    through a paragraph."""
    fenced = _fenced_lines(lines)
    brackets = tags = 0
    for offset, line in enumerate(lines):
        if offset in fenced:
            continue
        if not line.strip():
            brackets = tags = 0
            continue
        first_char = line[0]
        # lists and quotes open only with one of these (or a digit) at the line's start
        if first_char in _CONTAINER_START or first_char.isdigit():
            depth = _container_depth(line)
            if depth > limit:
                _breach(rel_path, first + offset, "limit/list-depth", depth, limit)
        size = len(line)
        # only brackets and "<" count: the other characters are skipped (a tag's name holds
        # none of these, so the next match is past it)
        for found in _MARKDOWN_DEPTH_CHARS.finditer(line):
            position = found.start()
            char = found.group()
            if char in "[{":
                brackets += 1
                if brackets > limit:
                    _breach(rel_path, first + offset, "limit/bracket-depth", brackets, limit)
            elif char in "]}":
                brackets = max(brackets - 1, 0)
            else:
                closing = line.startswith("/", position + 1)
                start = position + 1 + closing
                end = start
                while end < size and end - start < 20 and (line[end].isalnum() or line[end] == "-"):
                    end += 1
                name = line[start:end].lower()
                # a tag name ends at a blank, '>' or '/': not an autolink <https://…>
                is_tag = end == size or line[end] in " \t>/"
                if is_tag and name and name[0].isalpha() and name not in _VOID_TAGS:
                    if closing:
                        tags = max(tags - 1, 0)
                    else:
                        tags += 1
                        if tags > limit:
                            _breach(rel_path, first + offset, "limit/html-depth", tags, limit)


def read_markdown(path: Path, rel_path: str, limits: SourceLimits | None = None) -> MarkdownSource:
    """Read a Markdown file with front matter.

    Raises :class:`LimitError` (a file past ``limits``, checked before anything parses
    it), :class:`DecodeError` or :class:`YamlSyntaxError`; every other problem is for the
    schema to judge. Slips repaired to read the front matter are in ``slips``.
    """
    if limits is not None:
        check_file_size(path.stat().st_size, limits, rel_path)
    text = decode_text(path.read_bytes(), rel_path)
    if limits is not None:
        check_limits(text, limits, rel_path)
    front, front_line, body, body_line, closing_line = split_front_matter(text)
    if front is None:
        return MarkdownSource(path, rel_path, text, YamlMapping({}), text, False, 1)
    meta, slips = parse_front_matter(front, front_line, rel_path)
    return MarkdownSource(path, rel_path, text, meta, body, True, body_line, closing_line, slips)
