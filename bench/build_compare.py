"""Same pages and same search results: the pipeline's site/ against the bare site-bare/.

Pages are compared as sets of HTML files, with category pages matched by name (the
pipeline's category URLs are pinyin, the bare blog's keep the Chinese), and what only
one side has is counted by kind. The search indexes are compared by location, by title
and text, and by the documents a few query words find, segmented with jieba like the
index.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import yaml

# words readers search for; the comparison counts the documents each one finds
QUERY_WORDS = ("能源管理", "边缘计算", "数字孪生", "工业物联网网关", "节能改造", "合作协议", "杭州")


def _category_renames(root: Path) -> dict[str, str]:
    """Category slugs: the bare blog's (pymdownx, Chinese kept) -> the pipeline's (pinyin)."""
    from pymdownx.slugs import slugify as pymdownx_slugify

    from pipeline.core.slugs import slugify

    bare = pymdownx_slugify(case="lower")
    sections = yaml.safe_load((root / "site_config/site.yml").read_text("utf-8"))["sections"]
    names = {c for s in sections.values() for c in s.get("categories") or ()}
    return {bare(name, "-"): slugify(name) or name for name in names}


def _as_pipeline_path(path: str, renames: dict[str, str]) -> str:
    match = re.search(r"(^|/)category/([^/]+)/", path)
    if match and match.group(2) in renames:
        start, end = match.span(2)
        return path[:start] + renames[match.group(2)] + path[end:]
    return path


def _page_kind(path: str) -> str:
    for pattern, kind in (
        (r"^update-log/", "update log page"),
        (r"/category/", "category pages"),
        (r"/archive/", "archive pages"),
        (r"/page/\d+/", "pagination pages"),
        (r"^\w+/\d{4}/\d\d/\d\d/", "item pages"),
    ):
        if re.search(pattern, path):
            return kind
    return "other pages"


def _html_pages(site: Path, renames: dict[str, str]) -> set[str]:
    pages = (p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return {_as_pipeline_path(page, renames) for page in pages}


def _suffix_counts(site: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in site.rglob("*"):
        if path.is_file():
            counts[path.suffix or path.name] = counts.get(path.suffix or path.name, 0) + 1
    return dict(sorted(counts.items()))


def _search_docs(site: Path, renames: dict[str, str]) -> dict[str, dict]:
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    docs = {}
    for doc in index["docs"]:
        docs[_as_pipeline_path(unquote(doc["location"]), renames)] = doc
    return docs


def _tokens(doc: dict, separator: re.Pattern) -> set[str]:
    return {t for t in separator.split(f"{doc.get('title', '')} {doc.get('text', '')}") if t}


def compare(root: Path) -> dict:
    """The pipeline's site/ against the bare build's site-bare/: pages and search."""

    renames = _category_renames(root)
    ours, bare = root / "site", root / "site-bare"
    ours_pages, bare_pages = _html_pages(ours, renames), _html_pages(bare, renames)
    only: dict[str, dict[str, int]] = {"pipeline": {}, "bare": {}}
    examples: dict[str, list[str]] = {"pipeline": [], "bare": []}
    for side, extra in (("pipeline", ours_pages - bare_pages), ("bare", bare_pages - ours_pages)):
        for page in sorted(extra):
            kind = _page_kind(page)
            only[side][kind] = only[side].get(kind, 0) + 1
            if len(examples[side]) < 8:
                examples[side].append(page)
    ours_docs, bare_docs = _search_docs(ours, renames), _search_docs(bare, renames)
    shared = ours_docs.keys() & bare_docs.keys()
    same_text = sum(
        1
        for location in shared
        if ours_docs[location].get("text") == bare_docs[location].get("text")
        and ours_docs[location].get("title") == bare_docs[location].get("title")
    )
    text = (root / "mkdocs.yml").read_text("utf-8")
    config = yaml.load(text, Loader=_TolerantLoader)
    search = next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)
    separator = re.compile(search.get("separator") or r"[\s\-]+")
    import jieba

    jieba.setLogLevel(60)
    ours_tokens = {loc: _tokens(doc, separator) for loc, doc in ours_docs.items()}
    bare_tokens = {loc: _tokens(doc, separator) for loc, doc in bare_docs.items()}
    queries = {}
    for word in QUERY_WORDS:
        # the query segmented like the index: a document matches when it has every word
        needed = {t for t in jieba.lcut(word) if t.strip()}
        found_ours = {loc for loc, tokens in ours_tokens.items() if needed <= tokens}
        found_bare = {loc for loc, tokens in bare_tokens.items() if needed <= tokens}
        queries[word] = {
            "pipeline": len(found_ours),
            "bare": len(found_bare),
            "differ": len(found_ours ^ found_bare),
        }
    return {
        "pages": {
            "pipeline": len(ours_pages),
            "bare": len(bare_pages),
            "same": len(ours_pages & bare_pages),
        },
        "only_in": only,
        "examples": examples,
        "files_by_suffix": {"pipeline": _suffix_counts(ours), "bare": _suffix_counts(bare)},
        "search": {
            "locations": {"pipeline": len(ours_docs), "bare": len(bare_docs), "same": len(shared)},
            "only_pipeline": sorted(ours_docs.keys() - bare_docs.keys())[:8],
            "only_bare": sorted(bare_docs.keys() - ours_docs.keys())[:8],
            "same_text": same_text,
            "queries": queries,
        },
    }


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml has !!python tags; the comparison only needs the search settings."""


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
