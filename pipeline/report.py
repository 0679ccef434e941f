"""Showing findings: a grouped terminal report, JSON, GitHub annotations, plain text."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from pipeline.findings import Finding, Findings
from pipeline.i18n import ui

FORMATS = ("text", "json", "github")
# Pelican caps repeated warnings; a site with many items can repeat one warning hundreds of times.
MAX_REPEATS = 5


def location(finding: Finding) -> str:
    parts = [finding.path]
    if finding.line:
        parts.append(str(finding.line))
        if finding.column:
            parts.append(str(finding.column))
    return ":".join(parts)


def summary_line(findings: Findings, lang: str, files: int) -> str:
    if not findings:
        return ui("summary.clean", lang, files=files)
    counts = ui(
        "summary.counts",
        lang,
        files=len({f.path for f in findings}),
        errors=len(findings.errors),
        warnings=len(findings.warnings),
    )
    verdict = ui("summary.blocking" if findings.blocking else "summary.warnings-only", lang)
    return f"{counts}{verdict}" if lang == "zh" else f"{counts} {verdict}"


def _capped(findings: Iterable[Finding]) -> tuple[list[Finding], Counter]:
    """Errors all shown; each warning rule shown at most MAX_REPEATS times."""
    shown: list[Finding] = []
    seen: Counter = Counter()
    hidden: Counter = Counter()
    for finding in findings:
        if not finding.blocks:
            seen[finding.rule] += 1
            if seen[finding.rule] > MAX_REPEATS:
                hidden[finding.rule] += 1
                continue
        shown.append(finding)
    return shown, hidden


def render_terminal(findings: Findings, lang: str, console: Console, files: int) -> None:
    shown, hidden = _capped(findings)
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in shown:
        by_path[finding.path].append(finding)
    for path, group in by_path.items():
        console.print(Text(path, style="bold underline"))
        for finding in group:
            style = "red" if finding.blocks else "yellow"
            label = ui(f"severity.{finding.severity.value}", lang)
            where = (
                f"{finding.line or '-'}:{finding.column}"
                if finding.column
                else f"{finding.line or '-'}"
            )
            console.print(
                f"  [dim]{where:>7}[/]  [{style}]{label}[/]  {escape(finding.message(lang))}"
                f"  [dim]{finding.rule}[/]",
                highlight=False,
            )
            hint = finding.hint(lang)
            if hint:
                console.print(
                    f"           [cyan]{ui('fix', lang)}:[/] {escape(hint)}", highlight=False
                )
        console.print()
    for rule, count in hidden.items():
        console.print(f"[yellow]{escape(ui('more-like-this', lang, count=count, rule=rule))}[/]")
    style = "bold red" if findings.blocking else ("bold yellow" if findings else "bold green")
    console.print(f"[{style}]{escape(summary_line(findings, lang, files))}[/]", highlight=False)


def format_plain(findings: Iterable[Finding], lang: str) -> str:
    """One line per finding plus its fix, for logs (the MkDocs plugin uses this)."""
    lines = []
    shown, hidden = _capped(findings)
    for finding in shown:
        label = ui(f"severity.{finding.severity.value}", lang)
        lines.append(f"{location(finding)}: {label}: {finding.message(lang)} [{finding.rule}]")
        hint = finding.hint(lang)
        if hint:
            lines.append(f"    {ui('fix', lang)}: {hint}")
    for rule, count in hidden.items():
        lines.append(ui("more-like-this", lang, count=count, rule=rule))
    return "\n".join(lines)


def render_json(findings: Findings, lang: str, files: int) -> str:
    payload = {
        "summary": {
            "files": files,
            "errors": len(findings.errors),
            "warnings": len(findings.warnings),
            "blocking": findings.blocking,
        },
        "findings": [f.to_dict(lang) for f in findings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Findings, lang: str) -> str:
    """Workflow commands that GitHub shows as annotations on the changed lines."""
    lines = []
    for finding in findings:
        command = "error" if finding.blocks else "warning"
        props = [f"file={_escape_property(finding.path)}"]
        if finding.line:
            props.append(f"line={finding.line}")
        if finding.column:
            props.append(f"col={finding.column}")
        props.append(f"title={_escape_property(finding.rule)}")
        message = finding.message(lang)
        hint = finding.hint(lang)
        if hint:
            message = f"{message}\n{ui('fix', lang)}: {hint}"
        lines.append(f"::{command} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines)
