"""Unsafe HTML: raw HTML is judged by a real parser (html.parser), against an allow-list.

Code blocks and code spans are blanked first (they are shown, not run), keeping
every offset. Markdown link and image URLs and attr_list blocks ({: onclick=...})
are checked for the same dangerous schemes and event handlers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from pipeline.core.markdownscan import iter_references


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


DANGEROUS_TAGS = _names(
    "script iframe frame frameset object embed form style applet base meta link svg math "
    "template input button textarea select"
)
ALLOWED_TAGS = _names(
    "a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em "
    "figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q s samp "
    "small source span strong sub summary sup table tbody td tfoot th thead time tr u ul var "
    "video audio track center font"
)
ALLOWED_ATTRIBUTES = _names(
    "href src srcset sizes alt title width height class id align colspan rowspan target rel "
    "loading lang dir type media start reversed open datetime cite controls poster muted loop "
    "playsinline preload decoding markdown name border cellpadding cellspacing valign color "
    "size scope headers abbr kind srclang label default"
)
URL_ATTRIBUTES = _names("href src srcset action formaction poster background data xlink:href cite")
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2060\ufeff]+")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.MULTILINE)
_CODE_SPAN = re.compile(r"(?<!`)(`++)(?:.|\n(?!\n))*?(?<!`)\1(?!`)")
_ATTR_LIST = re.compile(r"\{:?\s*([^{}\n]*?)\s*\}")
_ATTR_IN_LIST = re.compile(
    r"(?<![\w:-])(?P<name>[\w:-]+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>\S+))"
)


def dangerous_url(value: str) -> bool:
    """javascript:/vbscript:/data: also entity-encoded, mixed case, with blanks inside."""
    cleaned = _IGNORED_IN_SCHEME.sub("", html.unescape(value)).lower()
    return cleaned.startswith(_BAD_SCHEMES)


# Markdown, not HTML: <https://…> and <name@example.com> become links, and a link may
# wrap its address in <…> ([手册](<product manual.pdf>)); Python-Markdown reads these
# before raw HTML, so the HTML parser must not see them as tags.
_AUTOLINK = re.compile(r"<(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*>|<[^<> !]+@[^@<> ]+>")
_BRACKETED_DESTINATION = re.compile(r"\]\(\s*(<[^<>\n]*>)")


def blank_markdown_links(text: str) -> str:
    """Autolinks and <…> link addresses replaced by spaces: offsets stay right."""
    spans = [m.span() for m in _AUTOLINK.finditer(text)]
    spans += [m.span(1) for m in _BRACKETED_DESTINATION.finditer(text)]
    out = list(text)
    for start, end in spans:
        out[start:end] = " " * (end - start)
    return "".join(out)


def blank_code(text: str) -> str:
    """Code blocks and spans replaced by spaces (line breaks kept): offsets stay right."""
    out = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if out[i] != "\n":
                out[i] = " "

    position = 0
    while True:
        opening = _FENCE.search(text, position)
        if not opening:
            break
        fence = opening.group(1)
        closing = re.compile(rf"^[ \t]{{0,3}}{fence[0]}{{{len(fence)},}}[ \t]*$", re.MULTILINE)
        line_end = text.find("\n", opening.end())
        body_start = len(text) if line_end < 0 else line_end + 1
        close = closing.search(text, body_start)
        end = len(text) if close is None else close.end()
        blank(opening.start(), end)
        position = end
    masked = "".join(out)
    for match in _CODE_SPAN.finditer(masked):
        blank(*match.span())
    return "".join(out)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], str, str, str]] = []  # pos, kind, what, detail

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        position = self.getpos()
        if tag in DANGEROUS_TAGS:
            self.found.append((position, "tag", tag, ""))
        elif tag not in ALLOWED_TAGS:
            self.found.append((position, "tag-not-allowed", tag, ""))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((position, "event", tag, name))
            elif name in URL_ATTRIBUTES and value and dangerous_url(value):
                self.found.append((position, "url", tag, f"{name}={value.strip()[:40]}"))
            elif name == "style" and value and re.search(r"(?i)expression\(|url\(", value):
                self.found.append((position, "url", tag, f"style={value[:40]}"))
            elif name not in ALLOWED_ATTRIBUTES and not name.startswith(("data-", "aria-")):
                self.found.append((position, "attr-not-allowed", tag, name))

    handle_startendtag = handle_starttag


def find_unsafe_html(text: str, body_offset: int, first_line: int) -> Iterator[tuple]:
    """(line, column, kind, tag, detail) for the body of a Markdown file."""
    body = blank_code(text[body_offset:])
    parser = _Parser()
    try:
        parser.feed(blank_markdown_links(body))
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        pass
    for (line, column), kind, tag, detail in parser.found:
        yield first_line + line - 1, column + 1, kind, tag, detail
    for ref in iter_references(body, first_line):
        if dangerous_url(ref.target):
            yield ref.line, ref.column, "link", "", ref.target[:40]
    for number, line in enumerate(body.split("\n"), first_line):
        for block in _ATTR_LIST.finditer(line):
            for attr in _ATTR_IN_LIST.finditer(block.group(1)):
                name = attr.group("name").lower()
                value = attr.group("dq") or attr.group("sq") or attr.group("bare") or ""
                column = block.start(1) + attr.start() + 1
                if name.startswith("on"):
                    yield number, column, "event", "attr_list", name
                elif name in URL_ATTRIBUTES and dangerous_url(value):
                    yield number, column, "url", "attr_list", f"{name}={value[:40]}"
