"""The Markdown job summary a reviewer reads on the pull request's checks page: what the
pull request adds and changes, the findings table, image savings, build and link results."""

from __future__ import annotations

from pipeline.config.site import SiteConfig
from pipeline.core.i18n import ui
from pipeline.core.report import render_markdown_summary
from pipeline.records.history import ItemChange
from pipeline.records.updatelog import (
    PAGES,
    approvers_text,
    describe_change,
    section_label,
    unreviewed_text,
)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def changes_table(changes: tuple[ItemChange, ...], site_config: SiteConfig, lang: str) -> list[str]:
    lines = [f"## {ui('ci.md.changes', lang)}", ""]
    if not changes:
        return [*lines, ui("ci.md.no-changes", lang), ""]
    head = (
        f"| {ui('ci.md.section', lang)} | {ui('ci.md.change', lang)} | {ui('ci.md.file', lang)} |"
    )
    lines += [head, "| --- | --- | --- |"]
    for change in changes:
        section = section_label(change.section or PAGES, site_config, lang)
        described = describe_change(change.as_dict(), lang, where=False)
        path = f"{change.old_path} → {change.path}" if change.old_path else change.path
        lines.append(f"| {_cell(section)} | {_cell(described)} | `{_cell(path)}` |")
    return [*lines, ""]


def step_lines(result, lang: str) -> list[str]:
    """The build's image savings and outcome, and the link check's result and report."""
    lines = [f"## {ui('ci.md.build', lang)}", ""]
    if result.images_line:
        lines.append(f"- {result.images_line}")
    if result.build is None:
        lines.append(f"- {ui('ci.md.build-skipped', lang)}")
    else:
        lines.append(f"- {ui('ci.md.built' if result.build.built else 'ci.md.build-failed', lang)}")
    if result.links is None:
        lines.append(f"- {ui('ci.md.links-skipped', lang)}")
    else:
        key = "ci.md.links-ok" if result.links == 0 else "ci.md.links-failed"
        lines.append(f"- {ui(key, lang)}")
    lines.append("")
    if result.links_summary and result.links:
        # `pipeline links` titles its report like the content checks': name it here
        head, _, rest = result.links_summary.partition("\n")
        title = f"## {ui('ci.md.links-report', lang)}" if head.startswith("## ") else head
        lines += [title, rest]
    return lines


def pull_request_summary(result, site_config: SiteConfig, lang: str) -> str:
    """Changes, findings of the changed files, build and links: ``result`` of steps."""
    lines = changes_table(result.changes, site_config, lang)
    lines.append(render_markdown_summary(result.findings, lang, result.files))
    lines += step_lines(result, lang)
    return "\n".join(lines)


def publish_summary(result, lang: str) -> str:
    """What a publish run did: the new update-log entries, the build and the link check."""
    lines = [f"## {ui('ci.md.published', lang)}", ""]
    added = result.added if result.ok else []
    for entry in added:
        changes = (describe_change(c, lang) for c in entry.changes)
        text = ui("separator.clause", lang).join(changes) or entry.subject
        approvers = approvers_text(entry, lang) or "-"
        who = ui("ci.md.approvers", lang)
        lines.append(f"- #{entry.seq} {_cell(text)} ({who}: {_cell(approvers)})")
    if not added:
        lines.append(ui("ci.md.no-entries", lang))
    lines.append("")
    unreviewed = result.unreviewed
    if unreviewed:
        lines += [
            f"## ⚠️ {ui('ci.md.unreviewed', lang)}",
            "",
            ui("ci.md.unreviewed-intro", lang),
            "",
        ]
        for entry in unreviewed:
            why = unreviewed_text(entry, lang)
            lines.append(
                f"- #{entry.seq} `{entry.commit[:12]}` {_cell(entry.subject)}: {_cell(why)}"
            )
        lines.append("")
    if result.findings.blocking:
        lines.append(render_markdown_summary(result.findings, lang, result.files))
    lines += step_lines(result, lang)
    return "\n".join(lines)
