"""The update log as a page: Markdown for the site (/update-log/), HTML for the archive bundle.

Latest first, grouped by quarter. The page is in the site's language, whatever language
the messages are shown in. People appear by their display names from authors.yml (a git
name that is an author's id, display name or e-mail address with the id before the @),
else by their git name, and never by an e-mail address (``for_people``).
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import replace
from itertools import groupby

from pipeline.config.site import SiteConfig
from pipeline.content.homepage import escape_markdown
from pipeline.core.i18n import ui
from pipeline.records.updatelog import (
    Entry,
    approvers_text,
    column_headers,
    describe_change,
    describe_entry,
    local_time,
    remarks,
    sections_text,
)

PAGE_DOCS_PATH = "update-log.md"
# the name starts where a run of name characters starts (the look-behind): a long run with
# no @ is read once, not once from each of its characters
_EMAIL = re.compile(r"<?(?<![^\s<>@,;])([^\s<>@,;]+)@[^\s<>@,;]+>?")


def display_name(name: str, site_config: SiteConfig) -> str:
    """A git author's name as people read it: the display name of the authors.yml entry
    it names (by id, display name, or an address whose local part is the id), else the
    git name with any e-mail address cut to its local part."""
    by_key: dict[str, str] = {}
    for author in site_config.authors.values():
        by_key.setdefault(author.id.casefold(), author.name)
        by_key.setdefault(author.name.casefold(), author.name)
    text = name.strip()
    candidates = [text, _no_address(text), *(m.group(1) for m in _EMAIL.finditer(text))]
    for candidate in candidates:
        found = by_key.get(candidate.casefold())
        if found:
            return found
    return _no_address(text)


def _no_address(text: str) -> str:
    """The text without its e-mail addresses ("Li Na <li@x.cn>": "Li Na"); a text that
    is only an address becomes the address's local part ("li@x.cn": "li")."""
    rest = " ".join(_EMAIL.sub(" ", text).split())
    if rest:
        return rest
    found = _EMAIL.search(text)
    return found.group(1) if found else text.strip()


def for_people(entries: list[Entry], site_config: SiteConfig) -> list[Entry]:
    """Entries as the log's readers see them: authors by display name, no e-mail address
    in any name (approvers are GitHub logins; an address there is cut too)."""
    return [
        replace(
            entry,
            authors=list(dict.fromkeys(display_name(a, site_config) for a in entry.authors)),
            approvers=[_no_address(a) for a in entry.approvers],
        )
        for entry in entries
    ]


def _by_quarter(entries: list[Entry], site_config: SiteConfig):
    latest_first = sorted(entries, key=lambda e: e.seq, reverse=True)
    return groupby(latest_first, key=lambda e: e.quarter(site_config))


def log_markdown(
    entries: list[Entry], site_config: SiteConfig, existing_docs: set[str], docs_prefix: str
) -> str:
    """The site's page; items that still exist in this build are linked to their page."""
    lang = site_config.language
    title = ui("log.page-title", lang)
    lines = [
        "---",
        f"title: {title}",
        "hide: [navigation]",
        "---",
        "",
        f"# {title}",
        "",
        ui("log.page-intro", lang),
        "",
    ]
    if not entries:
        lines.append(ui("log.page-empty", lang))
    names = ui("separator.list", lang)
    by_commit = {e.commit: e for e in entries}
    entries = for_people(entries, site_config)
    for quarter, group in _by_quarter(entries, site_config):
        lines += ["", f"## {quarter.label(lang)}", ""]
        lines.append("| " + " | ".join(column_headers(lang)[:7]) + " |")
        lines.append("|" + " --- |" * 7)
        for entry in group:
            what = "<br>".join(
                _linked(c, lang, existing_docs, docs_prefix) for c in entry.changes
            ) or escape_markdown(describe_entry(entry, lang))
            if entry.changes and entry.other_files:
                what += "<br>" + escape_markdown(describe_entry(_files_only(entry), lang))
            cells = (
                str(entry.seq),
                local_time(entry, site_config),
                escape_markdown(sections_text(entry, site_config, lang)),
                what,
                escape_markdown(names.join(entry.authors)),
                escape_markdown(approvers_text(entry, lang)) or "—",
                escape_markdown(remarks(entry, by_commit, lang)),
            )
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _files_only(entry: Entry) -> Entry:
    return replace(entry, changes=[])


def _linked(change: dict, lang: str, existing_docs: set[str], docs_prefix: str) -> str:
    path = change.get("path", "")
    docs_path = path[len(docs_prefix) + 1 :] if docs_prefix else path
    if change.get("action") != "removed" and docs_path in existing_docs:
        text = escape_markdown(describe_change(change, lang, where=False))
        link = posixpath.relpath(docs_path, posixpath.dirname(PAGE_DOCS_PATH) or ".")
        return f"[{text}](<{link}>)"
    return escape_markdown(describe_change(change, lang))


def log_html(
    entries: list[Entry], all_entries: list[Entry], site_config: SiteConfig, title: str
) -> str:
    """A standalone page for the archive: opens in any browser, no site needed."""
    lang = site_config.language
    by_commit = {e.commit: e for e in all_entries}
    names = ui("separator.list", lang)
    rows = []
    for entry in sorted(for_people(entries, site_config), key=lambda e: e.seq, reverse=True):
        cells = (
            str(entry.seq),
            local_time(entry, site_config),
            sections_text(entry, site_config, lang),
            describe_entry(entry, lang),
            names.join(entry.authors),
            approvers_text(entry, lang) or "—",
            remarks(entry, by_commit, lang),
            entry.commit,
        )
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{html.escape(h)}</th>" for h in column_headers(lang))
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:4px 8px;vertical-align:top}</style>\n"
        f"</head>\n<body>\n<h1>{html.escape(title)}</h1>\n"
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</body>\n</html>\n"
    )
