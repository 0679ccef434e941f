"""The page's content region held to an allow-list with nh3 (Ammonia): whatever the
sanitizer would remove from it is reported.

The region is MkDocs' and Material's ``.md-content``: the article body an editor wrote,
with the titles, tags, summaries and covers the templates put around it. The allow-list
is what Markdown (with this site's extensions) and the theme produce there. Elements and
attributes are counted before and after cleaning; what the cleaned copy lacks is what the
sanitizer removed. Scripts, event handlers and script addresses are left to
``pipeline.gate.html``, which reports them by name.
"""

from __future__ import annotations

import re
from collections import Counter

import nh3
from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.gate.html import FORBIDDEN, bad_url

_GLOBAL = {"class", "id", "title", "lang", "dir", "aria-hidden", "aria-label", "tabindex"}
TAGS = frozenset(
    {
        # Markdown and its extensions (tables, footnotes, abbr, def_list, admonition,
        # details, superfences, tilde, toc permalinks, attr_list, md_in_html)
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd",
        "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
        "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr",
        # the theme: responsive pictures, list pages' posts, icons
        "article", "header", "footer", "nav", "section", "aside", "time", "picture",
        "source", "svg", "path",
    }
)  # fmt: skip
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes",
            "fetchpriority"},
    "source": {"srcset", "sizes", "type", "media"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "col": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "abbr": set(),
    "q": {"cite"},
    "blockquote": {"cite"},
    "div": {"data-md-component", "data-md-type"},
    "svg": {"viewbox", "viewBox", "xmlns", "width", "height", "fill"},
    "path": {"d", "fill", "fill-rule", "clip-rule"},
}  # fmt: skip
STYLE_PROPERTIES = frozenset({"text-align"})  # what Markdown tables write
_SCHEMES = {"http", "https", "mailto", "tel"}
_URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "longdesc"})
_SCHEME = re.compile(r"\A\s*([A-Za-z][A-Za-z0-9+.\-]{0,30}):")  # \A: linear in any search
# removed with what they hold: the text of a script or a style sheet is no text of the page
_WITH_CONTENT = frozenset({"script", "style", "template", "noscript"})
# pipeline.gate.html reports these by name; a <style> or <noscript> is reported here, as
# anything else the allow-list lacks (a style sheet restyles the whole page)
_REPORTED_BY_HTML = FORBIDDEN | {"script"}


def _allowed_attributes() -> dict[str, set[str]]:
    return {tag: ATTRIBUTES.get(tag, set()) | _GLOBAL for tag in TAGS}


_ALLOWED = _allowed_attributes()


def _inventory(tree: LexborHTMLParser) -> Counter:
    """Every element, attribute and style property of the fragment, counted."""
    body = tree.body
    return _counted(body, skip=body) if body is not None else Counter()


def _counted(top: LexborNode, skip: LexborNode | None = None) -> Counter:
    counts: Counter = Counter()
    for node in top.traverse(include_text=False):
        if skip is not None and node is skip:
            continue
        tag = (node.tag or "").lower()
        if tag.startswith("-"):
            continue
        counts[(f"<{tag}>",)] += 1
        for name, value in node.attributes.items():
            lower = name.lower()
            if lower.startswith("on") or lower == "srcdoc" or (value and bad_url(value)):
                continue  # reported by pipeline.gate.html
            counts[(f"<{tag} {lower}>", lower)] += 1
            if lower in _URL_ATTRIBUTES and value and (scheme := _SCHEME.match(value)):
                counts[("scheme", scheme.group(1).lower())] += 1
            if lower == "style" and value:
                for declaration in value.split(";"):
                    prop = declaration.split(":", 1)[0].strip().lower()
                    if prop:
                        counts[(f"<{tag} style=“{prop}: …”>", "style")] += 1
    return counts


def _within_allow_list(counts: Counter) -> bool:
    """True when nothing counted is outside the allow-list but what ``removed`` would not
    report anyway: the sanitizer would remove nothing else (it removes only elements,
    attributes, addresses' schemes and style properties the allow-list lacks, and comments,
    which pipeline.gate.html reports, as it reports scripts and the elements it forbids),
    so it need not run. Most pages: the sanitizer runs only where there is something to
    find."""
    for key in counts:
        what = key[0]
        if what == "scheme":
            if key[1] not in _SCHEMES:
                return False
            continue
        tag = what[1:].split(" ", 1)[0].rstrip(">")
        if tag in _REPORTED_BY_HTML:
            continue  # (a page's JSON-LD among them) what the sanitizer removes is not reported
        if tag not in TAGS:
            return False
        if len(key) == 2 and key[1] not in _ALLOWED[tag]:
            return False
        if " style=“" in what and what.split("“", 1)[1].split(":", 1)[0] not in STYLE_PROPERTIES:
            return False
    return True


def region(tree: LexborHTMLParser) -> LexborNode | None:
    """The content region of a built page, if it has one."""
    return tree.css_first(".md-content")


def removed(fragment: str | None, parsed: LexborNode | None = None) -> list[tuple[str, str]]:
    """(what, needle) for each kind of element, attribute or style property the sanitizer
    removes from ``fragment``; ``needle`` is text to look for in the source. ``parsed``:
    the fragment's node in a page already parsed (it is not parsed again, and with
    ``fragment`` None it is serialized only when the sanitizer has to run)."""
    before = _counted(parsed) if parsed is not None else _inventory(LexborHTMLParser(fragment))
    if _within_allow_list(before):
        return []
    if fragment is None:
        fragment = (parsed.html if parsed is not None else None) or ""
    cleaned = nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags=set(_WITH_CONTENT),
        attributes=_ALLOWED,
        url_schemes=_SCHEMES,
        strip_comments=True,
        link_rel=None,
        filter_style_properties=set(STYLE_PROPERTIES),
    )
    after = _inventory(LexborHTMLParser(cleaned))
    found = []
    for key in sorted(before - after):
        what = key[0]
        if what == "scheme":
            continue  # the attribute that held the address is reported
        tag = what[1:].split(" ", 1)[0].rstrip(">")
        if tag in _REPORTED_BY_HTML:
            continue
        if len(key) == 1:
            found.append((what, f"<{tag}"))
        elif tag in TAGS and (" style=" not in what or "style" in _ALLOWED[tag]):
            # (a removed element's attributes went with it, a style's properties too)
            found.append((what, key[1]))
    return found
