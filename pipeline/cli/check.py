"""`pipeline check`: every content check, every problem reported at once."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.shared import (
    State,
    config_errors,
    emit,
    format_option,
    now_option,
    summary_option,
)
from pipeline.content.schema import parse_now
from pipeline.core.findings import Findings, PathSelection
from pipeline.core.i18n import ui
from pipeline.stages import check_project


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option
@summary_option
@now_option
@click.pass_obj
def check_command(
    state: State, paths: tuple[Path, ...], fmt: str, summary: Path | None, now: str | None
) -> None:
    """Run every content check; report all problems at once.

    With PATHS, report only on those files (the whole site is still loaded, since
    some checks compare files with each other).
    """
    with config_errors(state):
        project = state.open()
        result = check_project(project, parse_now(now, project.site_config))
    findings, files = result.findings, result.file_count
    if paths:
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            state.fail(ui("check.no-such-path", state.lang, paths=", ".join(missing)))
        selection = PathSelection(project.site_config.rel(p) for p in paths)
        findings = Findings(f for f in findings if selection.selects(f.path))
        files = sum(1 for path in result.content_paths() if selection.selects(path))
    emit(state, findings, fmt, files, summary)
    raise SystemExit(findings.exit_status())
