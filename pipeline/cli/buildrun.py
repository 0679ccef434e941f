"""What `pipeline build` does when the site is not up to date: check, build, report.

Kept apart from the command (``pipeline.cli.build``), which imports only what judging
"up to date" needs: this module brings the checks and the engine (MkDocs, Material),
and the command loads it by name only when it builds.
"""

from __future__ import annotations

import gc
from pathlib import Path

from rich.markup import escape

from pipeline.cli.shared import EXIT_BLOCKED, State, build_progress, config_errors, emit
from pipeline.content.schema import parse_now
from pipeline.core.collector import no_full_collections
from pipeline.core.i18n import ui
from pipeline.engine.build import build_site
from pipeline.images.runner import summary_line
from pipeline.stages import check_project


def build_and_report(
    state: State, fmt: str, summary: Path | None, now: str | None, drafts: bool, speedups: bool
) -> None:
    """Check the content, then build the site; ends with the build's exit status."""
    with config_errors(state):
        project = state.open()
        result = check_project(project, parse_now(now, project.site_config))
    # the loaded and checked site lives as long as the build: the garbage collector's full
    # collections (one or two a build, 0.3 s each at 3,000 items) no longer walk it
    gc.freeze()
    if result.findings.blocking:
        emit(state, result.findings, fmt, result.file_count, summary)
        site_rel = project.site_config.rel(project.site_dir)
        state.fail(ui("build.failed", state.lang, path=site_rel), EXIT_BLOCKED)

    preview = drafts or now is not None
    with build_progress(state) as progress, config_errors(state), no_full_collections():
        outcome = build_site(
            result, drafts=drafts, preview=preview, progress=progress, speedups=speedups
        )
    emit(state, outcome.findings, fmt, result.file_count, summary)
    if outcome.images is not None:
        state.err.print(escape(summary_line(outcome.images, state.lang)))
    site_rel = project.site_config.rel(outcome.site_dir)
    if not outcome.built:
        state.fail(ui("build.failed", state.lang, path=site_rel), EXIT_BLOCKED)
    done = ui("build.done", state.lang, path=site_rel + "/", pages=outcome.pages,
              seconds=outcome.seconds)  # fmt: skip
    state.err.print(done)
    if preview:
        state.err.print(f"[yellow]{escape(ui('build.preview-only', state.lang, path=site_rel))}[/]")
    state.err.print(ui("build.preview", state.lang, path=site_rel))
    raise SystemExit(outcome.findings.exit_status())
