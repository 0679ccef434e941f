"""The live preview tells editors what is wrong, on the pages themselves.

Only in a preview (``BuildRequest.serving``: ``pipeline serve`` and a plain ``mkdocs
serve``), three things are added to MkDocs' files once the blogs have given posts their
URLs:

- a stand-in page for each Markdown file refused for its errors (``pipeline.content.
  standins``), at the address the file would have: its title and its findings (file:line,
  message, fix) in the preview's language, never its body;
- the findings page, ``/.preview/findings/``: every finding of the check, errors first,
  then warnings, grouped by file (the publish gate's are added to the written page by
  ``add_gate_findings`` once the serve has gated the build). MkDocs never takes a content
  file under a folder whose name starts with a dot, so no content can take its place;
- the banner every page shows when the check found errors (``theme/main.html``'s
  ``announce`` block, ``theme/partials/preview-banner.html``), from ``config.extra``.

The pages are kept out of search, the sitemap and the navigation, and the publish gate
judges them as any page: whatever in a message or a title its rules would block (a term an
editor wrote, quoted by the message) is masked first, so these pages add no finding of
their own. A build that is not a preview gets none of this, and not the banner's style
sheet either (``without_preview_assets``).
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

import yaml
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from pipeline.content.model import Site
from pipeline.content.standins import ITEM, StandIn, stand_ins
from pipeline.core.findings import Finding, Findings, Severity
from pipeline.core.i18n import ui
from pipeline.core.report import location
from pipeline.engine.seo import UNLISTED
from pipeline.gate.text import ShownScanner
from pipeline.guard.scan import guard_config, matcher_for
from pipeline.prepare import Prepared

PREVIEW_DIR = ".preview/"  # MkDocs leaves out every content file under a dot folder
FINDINGS_PAGE = f"{PREVIEW_DIR}findings.md"
FINDINGS_URL = f"{PREVIEW_DIR}findings/"  # with directory URLs (findings.html without)
STANDINS = f"{PREVIEW_DIR}standins/"  # src_uri of a stand-in: this + the file's docs path
STYLESHEET = "assets/stylesheets/preview.css"  # the theme's, only in previews
EXTRA_KEY = "pipeline_preview"  # config.extra: what the banner shows
GATE_MARK = '<div class="pipeline-preview-gate"></div>'  # replaced once the gate has run
_MASK_ROUNDS = 3


class Shield:
    """Text made safe to show in a preview page: whatever the publish gate's rules would
    block in it (a blocked term, personal data, a secret) masked, or the whole text
    replaced when masking does not do it."""

    def __init__(self, site: Site, lang: str) -> None:
        config = guard_config(site)
        self.scanner = ShownScanner(config, matcher_for(config))
        self.lang = lang

    def blocks(self, text: str) -> bool:
        """Whether the gate's rules block something in ``text``."""
        return bool(self.scanner.problems(" ".join(text.split("\n")), ()))

    def __call__(self, text: str) -> str:
        text = " ".join(text.split("\n"))
        for _ in range(_MASK_ROUNDS):
            found = self.scanner.problems(text, ())
            if not found:
                return text
            for shown in found:
                if shown.needle:
                    masked = shown.needle[0] + "*" * (len(shown.needle) - 1)
                    if len(shown.needle) == 1:
                        masked = "*"
                    pattern = re.compile(re.escape(shown.needle), re.IGNORECASE)
                    text = pattern.sub(lambda _match, masked=masked: masked, text)
        return text if not self.scanner.problems(text, ()) else ui("preview.hidden", self.lang)


def add_preview_pages(files: Files, config, prepared: Prepared, lang: str) -> Files:
    """The stand-ins and the findings page added to ``files``, the banner's facts to
    ``config.extra``; a fixed page's entry in the navigation points at its stand-in."""
    site = prepared.site
    findings = Findings(f for f in prepared.check.findings if f.severity is not Severity.NOTE)
    shield = Shield(site, lang)
    now, drafts = prepared.check.now, prepared.drafts
    report = File.generated(config, FINDINGS_PAGE, content="", inclusion=InclusionLevel.NOT_IN_NAV)
    taken = {file.dest_uri for file in files} | {report.dest_uri}
    placed: dict[str, str] = {}  # rel_path -> the stand-in's URL
    for stand_in in stand_ins(site, findings, prepared.left_out, now, drafts):
        dest = _dest_uri(stand_in, config)
        if dest in taken:  # something else is served there: the findings page lists it
            continue
        taken.add(dest)
        src_uri = STANDINS + stand_in.docs_path
        in_nav = stand_in.kind != ITEM and isinstance(config.nav, list)
        file = File.generated(
            config,
            src_uri,
            content="",
            inclusion=InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV,
        )
        file.dest_uri = dest
        file.content_string = _stand_in_markdown(stand_in, file.url, report.url, lang, shield)
        files.append(file)
        placed[stand_in.rel_path] = file.url
        if in_nav:
            config.nav[:] = _repointed(config.nav, stand_in.docs_path, src_uri)
    report.content_string = _findings_markdown(findings, placed, report.url, lang, shield)
    files.append(report)
    config.extra[EXTRA_KEY] = _banner(findings, report.url, lang)
    return files


def refresh_preview_pages(files: Files, config, prepared: Prepared, lang: str) -> list[File] | None:
    """A kept preview build (engine/warm.py) whose new check refuses the same files: the
    texts of the findings page and the stand-ins made again for ``prepared``'s findings;
    the files whose text changed. None when the banner would change (every page shows it)
    or a stand-in would move: only a full build can show that."""
    report = files.get_file_from_path(FINDINGS_PAGE)
    site = prepared.site
    findings = Findings(f for f in prepared.check.findings if f.severity is not Severity.NOTE)
    if report is None or config.extra.get(EXTRA_KEY) != _banner(findings, report.url, lang):
        return None
    shield = Shield(site, lang)
    now, drafts = prepared.check.now, prepared.drafts
    changed: list[File] = []
    placed: dict[str, str] = {}
    for stand_in in stand_ins(site, findings, prepared.left_out, now, drafts):
        file = files.get_file_from_path(STANDINS + stand_in.docs_path)
        if file is None:
            continue  # it had no place of its own: the findings page lists it
        if file.dest_uri != _dest_uri(stand_in, config):
            return None
        placed[stand_in.rel_path] = file.url
        text = _stand_in_markdown(stand_in, file.url, report.url, lang, shield)
        if text != file.content_string:
            file.content_string = text
            changed.append(file)
    text = _findings_markdown(findings, placed, report.url, lang, shield)
    if text != report.content_string:
        report.content_string = text
        changed.append(report)
    return changed


def _banner(findings: Findings, url: str, lang: str) -> dict:
    """What the banner shows; without errors there is no banner: only that is said (so a
    preview whose warnings change still has the same pages, engine/warm.py)."""
    if not findings.errors:
        return {"errors": 0, "url": url}
    return {
        "errors": len(findings.errors),
        "text": ui(
            "preview.banner",
            lang,
            errors=len(findings.errors),
            warnings=len(findings.warnings) or None,
        ),
        "link": ui("preview.banner-link", lang),
        "url": url,
    }


def without_preview_assets(files: Files) -> Files:
    """A build that is not a preview: the banner's style sheet is not published."""
    sheet = files.get_file_from_path(STYLESHEET)
    if sheet is not None:
        files.remove(sheet)
    return files


def add_gate_findings(site_dir: Path, findings: Iterable[Finding], site: Site, lang: str) -> None:
    """The publish gate's findings, once the serve has gated the built preview, written
    into its findings page (the gate has judged the page already)."""
    findings = Findings(f for f in findings if f.severity is not Severity.NOTE)
    page = site_dir / FINDINGS_URL / "index.html"
    if not page.is_file():  # built without directory URLs
        page = site_dir / f"{FINDINGS_URL.rstrip('/')}.html"
    if not findings or not page.is_file():
        return
    shield = Shield(site, lang)
    section = [
        '<section class="pipeline-preview-gate">',
        f"<h2>{_text(ui('preview.gate-heading', lang, count=len(findings)), shield)}</h2>",
        *_grouped(findings, {}, FINDINGS_URL, lang, shield),
        "</section>",
    ]
    text = page.read_text("utf-8")
    if GATE_MARK in text:
        page.write_text(text.replace(GATE_MARK, "\n".join(section), 1), encoding="utf-8")


# -- the pages' Markdown ------------------------------------------------------------------


def _dest_uri(stand_in: StandIn, config) -> str:
    if stand_in.kind == ITEM:
        url = stand_in.url or ""
        return f"{url}index.html" if config.use_directory_urls else f"{url.rstrip('/')}.html"
    # a fixed page: where MkDocs puts the file itself
    original = File(stand_in.docs_path, config.docs_dir, config.site_dir, config.use_directory_urls)
    return original.dest_uri


def _front_matter(title: str) -> str:
    meta = {"title": title, "search": {"exclude": True}, UNLISTED: True}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def _stand_in_markdown(
    stand_in: StandIn, url: str, report_url: str, lang: str, shield: Shield
) -> str:
    own = Findings(f for f in stand_in.findings if f.severity is not Severity.NOTE)
    findings_link = get_relative_url(report_url, url)
    lines = [
        '<div class="pipeline-preview-standin">',
        f'<p class="pipeline-preview-lead">'
        f"{_text(ui('preview.standin-lead', lang, errors=len(own.errors)), shield)}</p>",
        '<ul class="pipeline-preview-findings">',
        *(_finding_html(f, lang, shield) for f in (*own.errors, *own.warnings)),
        "</ul>",
        f'<p><a href="{html.escape(findings_link)}">'
        f"{_text(ui('preview.all-findings', lang), shield)}</a></p>",
        "</div>",
    ]
    return _front_matter(shield(stand_in.title)) + "\n".join(lines) + "\n"


def _findings_markdown(
    findings: Findings, placed: dict[str, str], url: str, lang: str, shield: Shield
) -> str:
    lines = [
        '<div class="pipeline-preview-report">',
        f'<p class="pipeline-preview-lead">{_text(ui("preview.findings-lead", lang), shield)}</p>',
    ]
    if not findings.errors and not findings.warnings:
        lines.append(f"<p>{_text(ui('preview.none', lang), shield)}</p>")
    for key, chosen in (
        ("preview.errors-heading", findings.errors),
        ("preview.warnings-heading", findings.warnings),
    ):
        if chosen:
            lines.append(f"<h2>{_text(ui(key, lang, count=len(chosen)), shield)}</h2>")
            lines += _grouped(chosen, placed, url, lang, shield)
    lines += [GATE_MARK, "</div>"]
    title = ui("preview.findings-title", lang)
    return _front_matter(title) + "\n".join(lines) + "\n"


def _grouped(
    findings: Iterable[Finding],
    placed: dict[str, str],
    url: str,
    lang: str,
    shield: Shield,
) -> list[str]:
    """The findings by file: the file, a link to its stand-in if it has one, its
    findings."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_path[finding.path].append(finding)
    lines = []
    for path, group in by_path.items():
        lines.append(f'<h3 class="pipeline-preview-file"><code>{_text(path, shield)}</code></h3>')
        stand_in = placed.get(path)
        # an address made of a blocked title (its pinyin) is not linked: the gate reads links
        if stand_in is not None and not shield.blocks(unquote(stand_in)):
            href = get_relative_url(stand_in, url)
            label = _text(ui("preview.open-standin", lang), shield)
            lines.append(f'<p><a href="{html.escape(href)}">{label}</a></p>')
        lines += ['<ul class="pipeline-preview-findings">']
        lines += [_finding_html(f, lang, shield) for f in group]
        lines.append("</ul>")
    return lines


def _finding_html(finding: Finding, lang: str, shield: Shield) -> str:
    label = ui("severity.error", lang) if finding.blocks else ui("severity.warning", lang)
    where = _text(location(finding), shield)
    rule = _text(finding.rule, shield)
    parts = [
        f'<li class="pipeline-preview-finding pipeline-preview-finding--{finding.severity.value}">',
        f'<span class="pipeline-preview-where"><code>{where}</code>'
        f" <strong>{_text(label, shield)}</strong> <code>{rule}</code></span>",
        f'<span class="pipeline-preview-message">{_text(finding.message(lang), shield)}</span>',
    ]
    hint = finding.hint(lang)
    if hint:
        fix, hint = _text(ui("fix", lang), shield), _text(hint, shield)
        parts.append(f'<span class="pipeline-preview-fix"><strong>{fix}:</strong> {hint}</span>')
    parts.append("</li>")
    return "".join(parts)


def _text(text: str, shield: Shield) -> str:
    return html.escape(shield(text), quote=True)


def _repointed(nav: list, docs_path: str, src_uri: str) -> list:
    """The navigation with every entry for ``docs_path`` pointing at ``src_uri``."""
    result = []
    for entry in nav:
        if isinstance(entry, dict):
            entry = {
                title: _repointed(value, docs_path, src_uri)
                if isinstance(value, list)
                else (src_uri if value == docs_path else value)
                for title, value in entry.items()
            }
        elif entry == docs_path:
            entry = src_uri
        result.append(entry)
    return result
