"""A built page as the browser reads it: every executable construct the theme did not put
there, and every HTML comment.

The page is parsed with Lexbor (selectolax), a real HTML5 parser, so what is judged is
the tree a browser builds, whatever the Markdown, the templates and the editor's raw HTML
made of the text. The theme's own scripts are an explicit allow-list: Material's bundle
by its path, its JSON configuration by id and type, the SEO stage's JSON-LD by type, and
Material's three inline scripts by the digest of their exact text; and the web editor's
page (admin/) its two pinned scripts by their path.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Material's bundle (assets/javascripts/bundle.<hash>.min.js), relative from any page depth
# (the 404 page links it from the site's root path, as it may be served at any depth)
# the quarterly archive's search worker (pipeline/engine/offline-worker.js) and the pipeline
# theme's own scripts (pipeline/engine/theme/assets/javascripts/site/); the files at
# these paths are themselves held to the theme's and the engine's own (pipeline.gate.files)
_BUNDLE = re.compile(
    r"(?<![A-Za-z0-9._~%/-])(?:(?:\.\./)*|\./|/(?:[A-Za-z0-9._~%-]+/)*)assets/javascripts/"
    r"(?:bundle\.[0-9a-f]{8}\.min\.js|iframe-worker-offline\.js|site/[a-z][a-z0-9-]{0,40}\.js)"
)
# the web editor's page (admin/index.html, pipeline.editor.admin) loads exactly two scripts,
# the pinned Decap CMS and the pipeline's own, as that page names them; the files at these
# paths must be byte for byte the pinned ones (pipeline.gate.files); a script in a page's
# content is refused by the sanitizer whatever it loads
_EDITOR = re.compile(r"\.\./admin/(?:decap-cms|editor)\.js")
# the inline scripts of Material's base.html, with the site root of __md_scope made "."
_SCOPE = re.compile(r'^__md_scope=new URL\("[./]{0,400}",location\)')
_KNOWN_INLINE = frozenset(
    {
        # __md_scope, __md_hash, __md_get, __md_set: the local-storage helpers
        "6a9a103c779f08d5a3c5b0a6f87cd50ce016e024955a163b5729508e0385c9f9",
        # the palette kept from the reader's last visit
        "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e",
        # content tabs opened by the address's #anchor
        "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f",
    }
)
_DATA_TYPES = {"application/ld+json"}  # data, never run: the SEO stage's JSON-LD

# elements that load or embed active content, or change where the page's links go
FORBIDDEN = frozenset(
    {
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "base",
        "template",
        "portal",
        "math",
    }
)
_ANIMATIONS = frozenset({"set", "animate", "animatetransform", "animatemotion"})
_URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "background",
        "data",
        "cite",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "manifest",
        "ping",
        "codebase",
        "icon",
        "to",
        "from",
        "values",
        "by",
    }
)
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:application/xhtml")
_NOT_IN_URL = re.compile(r"[\x00-\x20\x7f-\xa0\u00ad\u200b-\u200f\u2028-\u202e\u2060\ufeff]+")


@dataclass(frozen=True)
class Problem:
    """One construct that must not be published: ``rule`` is a gate rule id, ``detail``
    what the page has (shortened), ``needle`` text to look for in the source file."""

    rule: str
    detail: str
    needle: str


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bad_url(value: str) -> bool:
    """A javascript:, vbscript: or HTML data: URL, as the browser reads the attribute:
    whitespace and control characters anywhere are ignored, case does not matter."""
    if ":" not in value or value[0] in "./#?" or value.startswith(("https://", "http://")):
        return False  # (most addresses of a page) no scheme, or a harmless one
    folded = _NOT_IN_URL.sub("", value).lower()
    return folded.startswith(_BAD_SCHEMES)


def inline_digest(text: str) -> str:
    """The allow-list's key of an inline script: its text with __md_scope's path made "."."""
    normalized = _SCOPE.sub('__md_scope=new URL(".",location)', text.strip())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def _script_problem(node: LexborNode) -> Problem | None:
    attributes = {k.lower(): (v or "") for k, v in node.attributes.items()}
    names = set(attributes)
    kind = attributes.get("type", "").strip().lower()
    src = attributes.get("src")
    if src is not None:
        if names == {"src"} and (_BUNDLE.fullmatch(src.strip()) or _EDITOR.fullmatch(src)):
            return None
        return Problem("gate/script", _short(f"src={src}"), src or "<script")
    text = node.text() or ""
    if kind == "application/json" and names == {"id", "type"} and attributes["id"] == "__config":
        return None
    if kind in _DATA_TYPES and names == {"type"}:
        return None
    if not names and inline_digest(text) in _KNOWN_INLINE:
        return None
    return Problem("gate/script", _short(text) or "<script>", "<script")


def _form_is_search(node: LexborNode) -> bool:
    """Material's search box: a form that submits nowhere (its script searches)."""
    attributes = dict(node.attributes)
    return attributes == {"class": "md-search__form", "name": "search"}


def _comment_needle(node: LexborNode) -> str:
    """The comment's first line of text, to find it in the source by: what is left as a
    comment (``<![CDATA[ … >``, ``<?xml … ?>``, ``</ x>``) has no ``<!--`` there, and
    another file's ``<!-- pipeline:latest -->`` must not take the finding. Empty: the
    page's own file, without a line."""
    body = (node.html or "").removeprefix("<!--").removesuffix("-->")
    line = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return line[:80]


def check_html(text: str) -> list[Problem]:
    """Every construct of the page that could run script or that must not be published."""
    return check_tree(LexborHTMLParser(text))


def check_tree(tree: LexborHTMLParser) -> list[Problem]:
    """``check_html`` of a page already parsed."""
    problems: list[Problem] = []
    document = tree.root.parent if tree.root is not None else None
    if document is None:
        return problems
    for node in document.traverse(include_text=False):
        tag = (node.tag or "").lower()
        if tag == "-comment":
            problems.append(comment_problem(node))
        elif not tag.startswith("-"):
            element_problems(node, tag, node.attributes, problems)
    return problems


def comment_problem(node: LexborNode) -> Problem:
    return Problem("gate/comment", "<!-- … -->", _comment_needle(node))


def element_problems(node: LexborNode, tag: str, attributes: dict, problems: list) -> None:
    """What one element (``tag`` lower case, its ``attributes``) has that must not be
    published, added to ``problems``; shared by ``check_tree`` and the one walk of a page
    that also reads its text (``pipeline.gate.text.read_page``)."""
    if tag == "script":
        problem = _script_problem(node)
        if problem is not None:
            problems.append(problem)
    elif tag in FORBIDDEN and not (tag == "form" and _form_is_search(node)):
        problems.append(Problem("gate/element", f"<{tag}>", f"<{tag}"))
    if not attributes:
        return
    if tag == "meta":
        equiv = (attributes.get("http-equiv") or "").strip().lower()
        if equiv in ("refresh", "set-cookie", "content-security-policy"):
            problems.append(Problem("gate/refresh", f'http-equiv="{equiv}"', "http-equiv"))
    if tag in _ANIMATIONS:
        target = attributes.get("attributeName") or attributes.get("attributename") or ""
        if _NOT_IN_URL.sub("", target).lower() in ("href", "xlink:href"):
            problems.append(Problem("gate/animate", f"<{tag} attributeName={target}>", tag))
    for name, value in attributes.items():
        lower = name.lower()
        if lower.startswith("on"):
            problems.append(Problem("gate/handler", _short(f"{name}={value}"), name))
        elif lower == "srcdoc":
            problems.append(Problem("gate/srcdoc", _short(f"srcdoc={value}"), "srcdoc"))
        elif value and lower == "srcset":
            for entry in value.split(","):
                url = entry.strip().split(" ", 1)[0]
                if bad_url(url):
                    problems.append(Problem("gate/url", _short(f"{name}={url}"), url))
        elif (lower in _URL_ATTRIBUTES or lower.endswith(":href")) and bad_url(value or ""):
            problems.append(Problem("gate/url", _short(f"{name}={value}"), value))


def strip_comments(html: str) -> str:
    """``html`` without its comments, read as the HTML tokenizer reads them: ``<!-->`` and
    ``<!--->`` end at once, ``-->`` or ``--!>`` ends one, and an unclosed one runs to the
    end. One pass: each search starts where the last one stopped."""
    if "<!--" not in html:
        return html
    parts: list[str] = []
    position = 0
    size = len(html)
    next_close = -1  # where the next "-->" / "--!>" starts, kept while still ahead
    next_bang = -1
    while position < size:
        start = html.find("<!--", position)
        if start < 0:
            break
        parts.append(html[position:start])
        body = start + 4
        if html.startswith(">", body):
            position = body + 1
            continue
        if html.startswith("->", body):
            position = body + 2
            continue
        if next_close != size and next_close < body:
            found = html.find("-->", body)
            next_close = size if found < 0 else found
        if next_bang != size and next_bang < body:
            found = html.find("--!>", body)
            next_bang = size if found < 0 else found
        if next_close <= next_bang:
            position = size if next_close == size else next_close + 3
        else:
            position = next_bang + 4
    else:
        return "".join(parts)
    parts.append(html[position:])
    return "".join(parts)
