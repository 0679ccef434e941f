"""Reading editors' files: text decoding, front matter splitting, YAML with line numbers.

Editors work on Windows and macOS with whatever editor they have, so this module
accepts a UTF-8 byte-order mark and CRLF line endings, and recognises files saved
as GBK/GB18030 so that the message can tell them exactly how to re-save.
"""

from __future__ import annotations

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


class YamlSyntaxError(Exception):
    """YAML that does not parse; ``line`` is 1-based within the whole file."""

    def __init__(self, line: int | None, problem: str, rule: str = "yaml/syntax") -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem
        self.rule = rule


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
            return _mapping_from(node, values, first_line)
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
    return _mapping_from(node, values, first_line)


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


def read_markdown(path: Path, rel_path: str) -> MarkdownSource:
    """Read a Markdown file with front matter.

    Raises :class:`DecodeError` or :class:`YamlSyntaxError`; every other problem
    is for the schema to judge.
    """
    text = decode_text(path.read_bytes(), rel_path)
    front, front_line, body, body_line, closing_line = split_front_matter(text)
    if front is None:
        return MarkdownSource(path, rel_path, text, YamlMapping({}), text, False, 1)
    meta = parse_yaml_mapping(front, first_line=front_line)
    return MarkdownSource(path, rel_path, text, meta, body, True, body_line, closing_line)
