"""Showing findings: a grouped terminal report, JSON, GitHub annotations, plain text."""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from pipeline import __version__
from pipeline.core.findings import Finding, Findings, Severity
from pipeline.core.i18n import ui

FORMATS = ("text", "json", "github", "sarif")
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
    if not findings.errors and not findings.warnings:
        clean = ui("summary.clean", lang, files=files)
        notes = len(findings.notes)
        return clean + ui("summary.notes", lang, count=notes) if notes else clean
    counts = ui(
        "summary.counts",
        lang,
        files=len({f.path for f in findings}),
        errors=len(findings.errors),
        warnings=len(findings.warnings),
    )
    verdict = ui("summary.blocking" if findings.blocking else "summary.warnings-only", lang)
    return ui("summary.line", lang, counts=counts, verdict=verdict)


def _capped(findings: Iterable[Finding]) -> tuple[list[Finding], Counter]:
    """Errors all shown; each warning rule shown at most MAX_REPEATS times."""
    shown: list[Finding] = []
    seen: Counter = Counter()
    hidden: Counter = Counter()
    for finding in findings:
        if finding.severity is Severity.WARNING:
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
            style = {"error": "red", "warning": "yellow"}.get(finding.severity.value, "cyan")
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
    style = (
        "bold red" if findings.blocking else ("bold yellow" if findings.warnings else "bold green")
    )
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


# GitHub shows at most 10 annotations of each kind per step and drops the rest silently.
GITHUB_LIMIT = 10
# Which findings to annotate first when there are more: leaks before everything else.
_IMPORTANCE = (
    "guard/private-key",
    "guard/token",
    "guard/password",
    "guard/high-entropy",
    "guard/id-number",
    "guard/bank-card",
    "guard/mobile",
    "guard/email",
    "guard/term",
    "guard/html-",
    "guard/link-url",
)


def _importance(finding: Finding) -> tuple:
    rank = next((i for i, r in enumerate(_IMPORTANCE) if finding.rule.startswith(r)), 99)
    return (rank, *finding.sort_key())


def render_github(findings: Findings, lang: str) -> str:
    """Workflow commands that GitHub shows as annotations on the changed lines: the most
    important 10 errors, 10 warnings and 10 notes, and a count of the rest."""
    lines = []
    chosen: list[Finding] = []
    left: Counter = Counter()
    for severity in ("error", "warning", "note"):
        group = sorted((f for f in findings if f.severity.value == severity), key=_importance)
        chosen += group[:GITHUB_LIMIT]
        left[severity] = max(0, len(group) - GITHUB_LIMIT)
    for finding in sorted(chosen, key=Finding.sort_key):
        command = {"error": "error", "warning": "warning"}.get(finding.severity.value, "notice")
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
    if left["error"] or left["warning"]:
        lines.append(ui("github.more", lang, errors=left["error"], warnings=left["warning"]))
    return "\n".join(lines)


# Their span is a mask, not the original text: its length is not the original's (138 1234 5678
# is shown as 138****5678), and a password's must not even tell how long the password is.
_MASKED = {"guard/password", "guard/mobile", "guard/bank-card", "guard/id-number", "guard/email"}


def render_sarif(findings: Findings, lang: str) -> str:
    """SARIF 2.1.0 for code scanning; spans of personal data and secrets are already masked."""
    rules = sorted({f.rule for f in findings})
    results = []
    for finding in findings:
        region: dict = {}
        if finding.line:
            region["startLine"] = finding.line
            if finding.column:
                region["startColumn"] = finding.column
                if finding.span and "\n" not in finding.span and finding.rule not in _MASKED:
                    region["endColumn"] = finding.column + len(finding.span)
            if finding.span:
                region["snippet"] = {"text": finding.span}
        location: dict = {"artifactLocation": {"uri": finding.path}}
        if region:
            location["region"] = region
        hint = finding.hint(lang)
        text = finding.message(lang) + (f" — {ui('fix', lang)}: {hint}" if hint else "")
        results.append(
            {
                "ruleId": finding.rule,
                "ruleIndex": rules.index(finding.rule),
                "level": finding.severity.value,
                "message": {"text": text},
                "locations": [{"physicalLocation": location}],
            }
        )
    driver = {
        "name": "pipeline",
        "version": __version__,
        "informationUri": "https://www.mkdocs.org/",
        "rules": [{"id": rule, "name": rule.replace("/", "-")} for rule in rules],
    }
    payload = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _cell(text: str) -> str:
    # messages quote HTML ("<script> is not allowed") and reasons are editors' text: GitHub
    # would render or drop tags, so they are shown as text
    cell = html.escape(" ".join(str(text).split()), quote=False)
    return cell.replace("|", "\\|")


def render_markdown_summary(findings: Findings, lang: str, files: int, limit: int = 50) -> str:
    """A Markdown report for a CI job summary: counts, problems, every exception used."""
    lines = [f"## {ui('md.title', lang)}", ""]
    counts = ui(
        "md.counts",
        lang,
        files=files,
        errors=len(findings.errors),
        warnings=len(findings.warnings),
        notes=len(findings.notes),
    )
    verdict = ui("md.blocking" if findings.blocking else "md.clean", lang)
    lines += [f"{counts} {verdict}", ""]
    problems = [f for f in findings if f.severity.value != "note"]
    if problems:
        by_rule = Counter(f.rule for f in problems)
        lines += [f"### {ui('md.by-rule', lang)}", ""]
        lines += [f"| {ui('md.rule', lang)} | {ui('md.count', lang)} |", "| --- | ---: |"]
        lines += [f"| `{rule}` | {count} |" for rule, count in by_rule.most_common()]
        lines += ["", f"### {ui('md.problems', lang)}", ""]
        head = f"| {ui('md.where', lang)} | {ui('md.severity', lang)} | {ui('md.message', lang)} |"
        lines += [head, "| --- | --- | --- |"]
        for finding in sorted(problems, key=_importance)[:limit]:
            label = ui(f"severity.{finding.severity.value}", lang)
            message = _cell(finding.message(lang))
            lines.append(f"| `{location(finding)}` | {label} | {message} (`{finding.rule}`) |")
        if len(problems) > limit:
            lines += ["", ui("md.more", lang, count=len(problems) - limit)]
        lines.append("")
    if findings.notes:
        lines += [f"### {ui('md.exceptions', lang)}", ""]
        lines += [
            f"| {ui('md.where', lang)} | {ui('md.term', lang)} | {ui('md.reason', lang)} |",
            "| --- | --- | --- |",
        ]
        for finding in findings.notes:
            term, reason = finding.params.get("term", ""), finding.params.get("reason", "")
            lines.append(f"| `{location(finding)}` | {_cell(term)} | {_cell(reason)} |")
        lines.append("")
    return "\n".join(lines)
