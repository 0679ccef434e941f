"""`pipeline log` and `pipeline archive`: thin click commands over the records functions."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from pipeline.cli.shared import EXIT_BLOCKED as EXIT_FAILED
from pipeline.cli.shared import EXIT_OK, EXIT_USAGE, config_errors
from pipeline.config.base import ConfigError
from pipeline.content.schema import parse_now
from pipeline.core.i18n import render_hint, render_message, ui
from pipeline.engine.offline import build_offline_site
from pipeline.records.archive import archive_quarter, choose_quarter
from pipeline.records.bagit import NotABundle, verify_bundle
from pipeline.records.history import History
from pipeline.records.logpage import for_people
from pipeline.records.logrepair import repair_log
from pipeline.records.quarters import Quarter
from pipeline.records.reviews import read_reviews
from pipeline.records.settings import RecordsConfig
from pipeline.records.updatelog import (
    pending_commits,
    read_log,
    to_csv,
    unreviewed_warning,
    update_log,
)


def _open(state):
    project = state.open()
    return project, project.site_config.records or RecordsConfig()


@click.command("log")
@click.option(
    "--csv", "as_csv", is_flag=True, help="Print the log as CSV (UTF-8) instead of updating it."
)
@click.option("--quarter", metavar="QUARTER", help="With --csv: only this quarter, e.g. 2026Q3.")
@click.option(
    "--reviews",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="The pull requests' reviews of the new commits (JSON, written by the publish "
    "workflow); without it every new entry is recorded as not reviewed.",
)
@click.option(
    "--pending",
    is_flag=True,
    help="Print the SHAs of the commits the next run would log, one a line; write nothing.",
)
@click.option(
    "--repair",
    is_flag=True,
    help="Make a damaged log readable: renumber or drop only the damaged lines.",
)
@click.pass_obj
def log_command(
    state,
    as_csv: bool,
    quarter: str | None,
    reviews: Path | None,
    pending: bool,
    repair: bool,
) -> None:
    """Add every change that reached main to the update log (网站更新记录表).

    Entries are appended, never rewritten; a second run adds nothing. A change counts as
    reviewed only when an A or B owner of its area, not its author, approved its pull
    request (--reviews). With --csv the log is printed as CSV for the records keeper and
    nothing is written.
    """
    if quarter is not None and not as_csv:
        state.err.print(ui("log.quarter-needs-csv", state.lang), markup=False)
        raise SystemExit(EXIT_USAGE)
    if sum(map(bool, (as_csv, pending, repair, reviews is not None))) > 1:
        state.err.print(ui("log.usage", state.lang), markup=False)
        raise SystemExit(EXIT_USAGE)
    with config_errors(state):
        project, records = _open(state)
        log_path = project.root / records.log_file
        rel = project.site_config.rel(log_path)
        if as_csv:
            entries = read_log(log_path, rel)
            chosen = entries
            if quarter:
                wanted = Quarter.parse(quarter)
                if wanted is None:
                    raise ConfigError("--quarter", None, "records/bad-quarter", value=quarter)
                chosen = [e for e in entries if e.quarter(project.site_config) == wanted]
            chosen = for_people(chosen, project.site_config)  # display names, no e-mail
            click.echo(to_csv(chosen, entries, project.site_config, state.lang), nl=False)
            return
        if repair:
            raise SystemExit(_repair(state, log_path, rel))
        history = History(project.site_config, project.layout, records)
        if pending:
            for sha in pending_commits(history, records, log_path, rel):
                click.echo(sha)
            return
        judged = read_reviews(reviews, str(reviews)) if reviews is not None else None
        update = update_log(history, records, log_path, rel, judged)
    if update.added:
        first, last = update.added[0].seq, update.added[-1].seq
        state.out.print(
            ui("log.added", state.lang, path=rel, count=len(update.added), first=first, last=last)
        )
    else:
        state.out.print(ui("log.nothing", state.lang, path=rel))
    warn_unreviewed(state, update.unreviewed)
    if update.unreviewed and reviews is None:
        state.err.print(ui("log.no-reviews-hint", state.lang), markup=False)


def warn_unreviewed(state, entries: list) -> None:
    """One warning a line for every new entry nobody validly approved."""
    for entry in entries:
        text = unreviewed_warning(entry, state.lang)
        state.err.print(f"[yellow]{escape(text)}[/]")


def _repair(state, log_path: Path, rel: str) -> int:
    outcome = repair_log(log_path, rel)
    if not outcome.changed:
        state.out.print(ui("log.repair-nothing", state.lang, path=rel), markup=False)
        return EXIT_OK
    for line, old, new in outcome.renumbered:
        text = ui("log.repair-renumbered", state.lang, path=rel, line=line, old=old, new=new)
        state.out.print(text, markup=False)
    for line in outcome.dropped:
        first = outcome.duplicates.get(line)
        key = "log.repair-dropped-duplicate" if first else "log.repair-dropped-bad"
        text = ui(key, state.lang, path=rel, line=line, first=first)
        problem = outcome.problems.get(line)
        if problem is not None:
            text += "\n  " + problem.render(state.lang).split("\n")[0]
        state.out.print(text, markup=False)
    state.out.print(ui("log.repair-done", state.lang, path=rel), markup=False)
    return EXIT_OK


@click.command("archive", context_settings={"ignore_unknown_options": False})
@click.argument("words", nargs=-1, metavar="[QUARTER] | verify BUNDLE")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for bundles (default: archive_dir in site_config/records.yml).",
)
@click.option("--now", metavar="TIME", help="Judge which quarters have ended as of this time.")
@click.pass_obj
def archive_command(state, words: tuple[str, ...], output: Path | None, now: str | None) -> None:
    """Archive a quarter: tag its last commit and write a verifiable bundle.

    pipeline archive [QUARTER] tags archive/2026-Q3 and writes the bundle (default: the
    last completed quarter); pipeline archive verify BUNDLE checks every checksum.
    """
    if words and words[0] == "verify":
        if len(words) != 2:
            state.err.print(ui("archive.usage", state.lang))
            raise SystemExit(EXIT_USAGE)
        raise SystemExit(_verify(state, Path(words[1])))
    if len(words) > 1:
        state.err.print(ui("archive.usage", state.lang))
        raise SystemExit(EXIT_USAGE)
    raise SystemExit(_archive(state, words[0] if words else None, output, now))


def _archive(state, quarter_text: str | None, output: Path | None, now_text: str | None) -> int:
    with config_errors(state):
        project, records = _open(state)
        now = parse_now(now_text, project.site_config)
        quarter = choose_quarter(quarter_text, now, project)
        folder = output or project.root / records.archive_dir
        outcome = archive_quarter(project, records, quarter, folder, build_offline_site)
    rel = project.site_config.rel(outcome.bundle)
    if outcome.created:
        state.out.print(
            ui(
                "archive.created",
                state.lang,
                tag=outcome.tag,
                commit=outcome.commit[:12],
                bundle=rel,
                sha=outcome.sha256,
            )
        )
        return EXIT_OK
    state.out.print(
        ui(
            "archive.exists",
            state.lang,
            quarter=str(quarter),
            tag=outcome.tag,
            commit=outcome.commit[:12],
        )
    )
    if outcome.recreated:
        state.out.print(ui("archive.recreated", state.lang, bundle=rel))
    status = _report(state, outcome.verification, rel)
    if outcome.tag_sha256 is not None:
        if outcome.matches_tag:
            state.out.print(ui("archive.sha-match", state.lang, sha=outcome.sha256))
        else:
            text = ui(
                "archive.sha-mismatch", state.lang, sha=outcome.sha256, recorded=outcome.tag_sha256
            )
            state.err.print(f"[red]{text}[/]")
            status = EXIT_FAILED
    return status


def _verify(state, bundle: Path) -> int:
    if not bundle.exists():
        state.err.print(f"[red]{ui('verify.no-such-file', state.lang, path=str(bundle))}[/]")
        return EXIT_USAGE
    try:
        result = verify_bundle(bundle)
    except NotABundle as exc:
        _print_rule(state, str(bundle), "records/not-a-bundle", {"problem": str(exc)})
        return EXIT_FAILED
    return _report(state, result, str(bundle))


def _report(state, result, shown: str) -> int:
    if result.ok:
        state.out.print(
            ui(
                "verify.ok",
                state.lang,
                path=shown,
                files=result.files,
                quarter=result.info.get("Archive-Quarter", "?"),
                commit=result.info.get("Git-Commit", "?")[:12],
            )
        )
        return EXIT_OK
    state.err.print(f"[red]{ui('verify.failed', state.lang, path=shown)}[/]")
    for key, paths in (
        ("verify.changed", result.changed),
        ("verify.added", result.added),
        ("verify.removed", result.removed),
    ):
        for path in paths:
            state.err.print(ui(key, state.lang, file=path), markup=False)
    for rule, params in result.problems:
        _print_rule(state, shown, rule, params)
    return EXIT_FAILED


def _print_rule(state, where: str, rule: str, params: dict) -> None:
    text = f"{where}: {render_message(rule, state.lang, params)}"
    hint = render_hint(rule, state.lang, params)
    state.err.print(text + (f"\n  → {hint}" if hint else ""), markup=False)
