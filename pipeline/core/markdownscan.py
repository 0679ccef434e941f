"""Reading a Markdown body line by line as prose: outside code, without comments.

Several checks look for links and images in what an editor wrote (references,
alt text). They share this one reading, so that code blocks, code spans and HTML
comments (which may span lines) are skipped the same way everywhere, and columns
stay those of the original line.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(?<!`)(`++)(?:(?!\1).)+?\1")  # a whole backtick run opens
# [text](target "title") and ![alt](target); the target may be <in angle brackets>
INLINE_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]\(\s*"
    r"(?:<(?P<angle>[^>]*)>|(?P<target>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)


def blank_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """Replace HTML comments with spaces (columns stay right); comments may span lines."""
    out: list[str] = []
    position = 0
    while position < len(line):
        if in_comment:
            end = line.find("-->", position)
            stop = len(line) if end < 0 else end + 3
            out.append(" " * (stop - position))
            position, in_comment = stop, end < 0
        else:
            start = line.find("<!--", position)
            stop = len(line) if start < 0 else start
            out.append(line[position:stop])
            position, in_comment = stop, start >= 0
    return "".join(out), in_comment


def prose_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line number, line) for every line outside fenced code, code spans and comments blanked."""
    in_fence: str | None = None
    in_comment = False
    for offset, raw_line in enumerate(body.split("\n")):
        if in_comment:
            raw_line, in_comment = blank_comments(raw_line, in_comment)
        # a fence needs a backtick or tilde, a code span a backtick, a comment "<!--"
        fence = FENCE.match(raw_line) if "`" in raw_line or "~" in raw_line else None
        if in_fence:
            if fence and fence.group(1)[0] == in_fence[0] and len(fence.group(1)) >= len(in_fence):
                in_fence = None
            continue
        if fence:
            in_fence = fence.group(1)
            continue
        line = raw_line
        if "`" in line:
            line = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        if "<!--" in line:
            line, in_comment = blank_comments(line, in_comment)
        yield first_line + offset, line


@dataclass(frozen=True)
class Reference:
    """A link or image target written in a Markdown body."""

    target: str
    line: int
    column: int
    is_image: bool


_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<target>[^\s>]+)>?")
_HTML_ATTR = re.compile(
    r"<(?P<tag>img|a|source)\b[^<>]*?\b(?P<attr>src|href|srcset)\s*=\s*(?P<q>[\"'])(?P<target>[^<>]*?)(?P=q)",
    re.IGNORECASE,
)


def iter_references(body: str, first_line: int) -> Iterator[Reference]:
    """Links and images in Markdown or inline HTML, outside code and comments, with positions."""
    return references_in(prose_lines(body, first_line))


def references_in(lines: Iterable[tuple[int, str]]) -> Iterator[Reference]:
    """``iter_references`` over lines already read by ``prose_lines``."""
    for number, line in lines:
        if "[" in line:  # a link, an image and a definition all need one
            for match in INLINE_LINK.finditer(line):
                group = "angle" if match.group("angle") is not None else "target"
                target = match.group(group)
                if target:
                    yield Reference(
                        target, number, match.start(group) + 1, bool(match.group("bang"))
                    )
            definition = _DEFINITION.match(line)
            if definition:
                yield Reference(
                    definition.group("target"), number, definition.start("target") + 1, False
                )
        if "<" not in line:
            continue
        for match in _HTML_ATTR.finditer(line):
            is_image = match.group("tag").lower() in ("img", "source")
            target = (
                match.group("target").strip().split()[0] if match.group("target").strip() else ""
            )
            if target:
                yield Reference(target, number, match.start("target") + 1, is_image)


@dataclass(frozen=True)
class Body:
    """A Markdown body read once: its prose lines (``prose_lines``) and the links and images
    in them (``iter_references``), for every check that needs them."""

    lines: tuple[tuple[int, str], ...]
    references: tuple[Reference, ...]


def read_body(body: str, first_line: int) -> Body:
    lines = tuple(prose_lines(body, first_line))
    return Body(lines, tuple(references_in(lines)))


def relative_link(from_docs_path: str, to_docs_path: str) -> str:
    """The link to write in ``from_docs_path`` to reach ``to_docs_path`` (both docs-relative)."""
    start = posixpath.dirname(from_docs_path) or "."
    return posixpath.relpath(to_docs_path, start)
