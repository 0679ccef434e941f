"""Bad links as findings: on the content file the page is built from, at the line where
the link is written when it is written there, else on the built page itself."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from pipeline.content.model import load_site
from pipeline.content.project import Project
from pipeline.core.findings import Findings, error
from pipeline.links.driver import Row
from pipeline.links.occurrences import Occurrence
from pipeline.links.scope import page_file


@dataclass(frozen=True)
class Problem:
    rule: str  # links/broken, links/missing-anchor, links/external
    row: Row | None  # linkchecker's own report (the first page it met the link on), if any
    status: str = ""
    anchor: str = ""


class Sources:
    """The content file behind each built page, loaded only when there is something to report."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._by_url: dict[str, str] | None = None
        self._lines: dict[str, list[str]] = {}

    def of(self, page: str) -> str | None:
        if self._by_url is None:
            config = self.project.site_config
            site = load_site(config, self.project.layout)
            self._by_url = {item.url(config.timezone): item.rel_path for item in site.items}
            self._by_url.update({p.url: p.rel_path for p in site.pages})
        return self._by_url.get(page)

    def locate(self, rel: str, written: str, anchor: str) -> tuple[int, int] | None:
        """Line and column where ``written`` (or the ``#anchor``) appears in the file."""
        if rel not in self._lines:
            try:
                text = (self.project.root / rel).read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            self._lines[rel] = text.splitlines()
        # the link as an attribute value or a Markdown target first: a bare match may be
        # part of a longer link on an earlier line
        quoted = (f'"{written}"', f"'{written}'", f"({written})", f"<{written}>")
        for needle in (*quoted, written, f"#{anchor}" if anchor else ""):
            if not needle or needle == "#":
                continue
            for number, line in enumerate(self._lines[rel], start=1):
                column = line.find(needle)
                if column >= 0:
                    return number, column + 1 + (needle[0] in "\"'(<" and needle != written)
        return None


def _page_of(url: str, root_url: str) -> str:
    return urllib.parse.unquote(url.removeprefix(root_url).split("#", 1)[0])


def findings_for(
    problems: dict[str, Problem],
    found: dict[str, list[Occurrence]],
    project: Project,
    site_dir: Path,
    root_url: str,
) -> Findings:
    """One finding per page whose content holds the bad link; a link the theme puts on many
    pages is one finding, on the first of them, with the number of the others."""
    sources = Sources(project)
    site_rel = project.site_config.rel(site_dir)
    findings = Findings()
    for url, problem in problems.items():
        places = found.get(url) or [
            Occurrence(_page_of(row.parent, root_url), row.written, row.line, row.column)
            for row in (problem.row,)
            if row is not None
        ]
        internal = url.startswith(root_url)
        target = "/" + urllib.parse.unquote(url.removeprefix(root_url)) if internal else url
        if problem.rule == "links/broken":
            target = target.split("#", 1)[0]
        templated = []
        for place in sorted(places, key=lambda p: (p.page, p.line or 0, p.column or 0)):
            params = {
                "link": place.written,
                "target": target,
                "status": problem.status,
                "anchor": problem.anchor,
                "page": "/" + place.page,
            }
            source = sources.of(place.page)
            at = sources.locate(source, place.written, problem.anchor) if source else None
            if source and at:
                findings.add(error(source, at[0], problem.rule, column=at[1], **params))
            else:
                templated.append((place, source, params))
        if templated:
            place, source, params = templated[0]
            params["others"] = len({p.page for p, _, _ in templated}) - 1 or None
            html = f"{site_rel}/{page_file(Path(), place.page).as_posix()}"
            if source:
                params.update(html=html, html_line=place.line)
                findings.add(error(source, None, problem.rule, **params))
            else:
                findings.add(error(html, place.line, problem.rule, column=place.column, **params))
    return findings
