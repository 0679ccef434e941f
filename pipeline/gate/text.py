"""The text a reader sees on a built page, run through the content guard's own rules.

Whatever markup produced it (``内<b></b>部资料``, ``内<!---->部资料``, ``内&#37096;资料``,
a soft hyphen, a line break inside a paragraph, a title the templates print), a term
that displays is found here: text nodes as the parser decoded them, tags and comments
gone, the lines of one block joined; then alt, title and aria-label texts, the meta
description and the links' addresses (percent-decoded). Only what blocks at its level
is reported, and the exceptions of the page's source file apply to its page.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser

from pipeline.core.personal import find_personal_data
from pipeline.gate.html import Problem, comment_problem, element_problems
from pipeline.guard.matcher import Matcher
from pipeline.guard.secrets import find_secrets
from pipeline.guard.settings import GuardConfig

# elements that start a line of their own: a term never bridges two of them
BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "label", "legend",
        "li", "main", "nav", "ol", "option", "p", "pre", "section", "select", "summary",
        "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "title", "tr", "ul",
        "button", "input", "img", "picture", "svg",
    }
)  # fmt: skip
SKIPPED = frozenset({"script", "style", "template", "noscript"})
_ATTRIBUTE_TEXTS = ("alt", "title", "aria-label", "placeholder")


@dataclass(frozen=True)
class Shown:
    """Something that blocks in the page's visible text: ``rule`` (gate/term,
    gate/personal, gate/secret), the text as shown, and the finding's parameters."""

    rule: str
    needle: str  # the text as shown, to find its line in the source (never reported)
    params: dict
    key: str | None = None  # a term's folded form (what exceptions waive)


def visible_text(tree: LexborHTMLParser) -> str:
    """The page's text as a reader sees it, one line per block, then its attribute texts."""
    return read_page(tree)[1]


def read_page(tree: LexborHTMLParser) -> tuple[list[Problem], str]:
    """One walk of a parsed page: what it has that must not be published (as
    ``pipeline.gate.html.check_tree`` finds it) and the text a reader sees (one line per
    block, then alt, title and aria-label texts, the meta description and the links'
    addresses)."""
    return PageReader(remember=False).read(tree)


# the page's header, footer and navigation blocks are looked up by their HTML: the site's
# header and footer repeat on every page
_REMEMBERED = frozenset({"header", "footer", "nav", "aside"})
_REMEMBERED_MAX = 4096  # distinct blocks kept per reader


class PageReader:
    """``read_page`` over many pages of one site. A header, footer or navigation block
    whose serialized HTML was read before (the site's header and footer, the same on
    every page) is not walked again: what its walk found is taken as it was. The HTML is
    the whole block, tags, attributes and text, so the same HTML is the same block."""

    def __init__(self, remember: bool = True) -> None:
        self.remember = remember
        self.blocks: dict[str, tuple[tuple[Problem, ...], tuple[str, ...], tuple[str, ...]]] = {}

    def read(self, tree: LexborHTMLParser) -> tuple[list[Problem], str]:
        """Walked with a stack of its own: a page nested 100,000 deep costs no recursion;
        scripts, styles and templates show no text but are judged inside too."""
        problems: list[Problem] = []
        root = tree.root
        if root is None:
            return problems, ""
        start = root.parent if root.parent is not None else root
        lines: list[str] = []
        current: list[str] = []
        extras: list[str] = []
        blocks = self.blocks
        remember = self.remember

        def close_line() -> None:
            line = " ".join("".join(current).split())  # as the browser collapses spaces
            if line:
                lines.append(line)
            current.clear()

        # (node, leaving, hidden, marks): a leaving entry's marks are those of a block
        # to remember (its HTML, where its findings start), else None
        stack: list[tuple] = [(start, False, False, None)]
        while stack:
            node, leaving, hidden, marks = stack.pop()
            if leaving:
                if current:
                    close_line()
                if marks is not None and len(blocks) < _REMEMBERED_MAX:
                    html, first_problem, first_line, first_extra = marks
                    blocks[html] = (
                        tuple(problems[first_problem:]),
                        tuple(lines[first_line:]),
                        tuple(extras[first_extra:]),
                    )
                continue
            tag = (node.tag or "").lower()
            if tag == "-text":
                if not hidden:
                    current.append(node.text_content or "")
                continue
            if tag == "-comment":
                problems.append(comment_problem(node))
                continue
            if node is not start:
                if tag.startswith("-"):
                    continue
                marks = None
                if remember and tag in _REMEMBERED and not hidden:
                    html = node.html or ""
                    known = blocks.get(html)
                    if known is not None:
                        if current:
                            close_line()
                        problems += known[0]
                        lines += known[1]
                        extras += known[2]
                        continue
                    marks = [html, len(problems), 0, len(extras)]
                attributes = node.attributes
                element_problems(node, tag, attributes, problems)
                if hidden or tag in SKIPPED:
                    hidden = True
                else:
                    if attributes:
                        _attribute_texts(tag, attributes, extras)
                    if tag in BLOCKS:
                        if current:
                            close_line()
                        if marks is not None:
                            marks[2] = len(lines)
                        stack.append((node, True, False, marks))
            children = list(node.iter(include_text=True))
            stack.extend((child, False, hidden, None) for child in reversed(children))
        if current:
            close_line()
        return problems, "\n".join(lines + extras)


def _attribute_texts(tag: str, attributes: dict, extras: list[str]) -> None:
    for name in _ATTRIBUTE_TEXTS:
        value = attributes.get(name)
        if value and value.strip():
            extras.append(" ".join(value.split()))
    if tag == "meta" and (attributes.get("name") or "").lower() == "description":
        extras.append(" ".join((attributes.get("content") or "").split()))
    if tag == "a" and attributes.get("href"):
        extras.append(" ".join(unquote(attributes["href"]).split()))


def shown_problems(
    text: str, config: GuardConfig, matcher: Matcher, allowed: Iterable[str]
) -> Iterator[Shown]:
    """What in ``text`` blocks publishing. ``allowed``: folded terms the page's source
    waives (``allow_terms``, inline exceptions with a reason)."""
    yield from ShownScanner(config, matcher).problems(text, allowed)


def _blocking(text: str, config: GuardConfig, matcher: Matcher) -> Iterator[tuple[int, Shown]]:
    """(offset, problem) for everything in ``text`` that blocks at its level, waived or not."""
    for hit in matcher.find(text):
        if hit.category.level != "block":
            continue
        found = text[hit.start : hit.end]
        params = {
            "found": found,
            "term": hit.term,
            "category": hit.category.title,
            "replacement": hit.category.replacement,
        }
        yield hit.start, Shown("gate/term", found, params, hit.key)
    if config.level("personal_data") == "block":
        for start, end, _kind, masked in find_personal_data(
            text, config.company_domains, config.public_addresses
        ):
            yield start, Shown("gate/personal", text[start:end], {"value": masked})
    if config.level("secrets") == "block":
        for start, end, kind, masked in find_secrets(text):
            yield start, Shown("gate/secret", text[start:end], {"value": masked, "kind": kind})


# between two lines scanned together: neither a space nor a digit nor a letter, so no
# number, address or key pattern runs from one line into the next (and no term does)
_BETWEEN_LINES = "\n\ue000\n"


class ShownScanner:
    """``shown_problems`` over many pages that share most of their lines (navigation,
    footer, the titles and summaries lists repeat): each distinct line is scanned once,
    the lines new to a page together, kept apart so that no pattern runs from one into the
    next: what is found does not depend on which pages came first."""

    def __init__(
        self,
        config: GuardConfig,
        matcher: Matcher,
        known: dict[str, tuple[Shown, ...]] | None = None,
    ) -> None:
        self.config = config
        self.matcher = matcher
        # ``known``: lines judged before under the same rules and guard configuration
        # (``pipeline.gate.cache.GeneratedMemo``); then ``used`` collects every line looked at
        self.seen: dict[str, tuple[Shown, ...]] = known if known is not None else {}
        self.used: set[str] | None = set() if known is not None else None

    def problems(self, text: str, allowed: Iterable[str]) -> list[Shown]:
        lines = list(dict.fromkeys(text.split("\n")))
        if self.used is not None:
            self.used.update(lines)
        new = [line for line in lines if line not in self.seen]
        if new:
            joined = _BETWEEN_LINES.join(new)
            starts = [0]
            for line in new[:-1]:
                starts.append(starts[-1] + len(line) + len(_BETWEEN_LINES))
            found: dict[int, list[Shown]] = {}
            for offset, shown in _blocking(joined, self.config, self.matcher):
                found.setdefault(bisect.bisect_right(starts, offset) - 1, []).append(shown)
            for index, line in enumerate(new):
                self.seen[line] = tuple(found.get(index, ()))
        waived = set(allowed)
        return [
            shown
            for line in lines
            for shown in self.seen[line]
            if shown.key is None or shown.key not in waived
        ]
