"""`pipeline ci pull-request|publish|archive`: thin click commands over the steps in
pipeline.ci.steps."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from pipeline.ci.steps import archive, publish, pull_request
from pipeline.ci.summary import publish_summary, pull_request_summary
from pipeline.cli.shared import EXIT_BLOCKED as EXIT_FAILED
from pipeline.cli.shared import EXIT_OK, append_to, config_errors
from pipeline.content.schema import parse_now
from pipeline.core.i18n import render_hint, render_message, ui
from pipeline.core.report import render_github, render_terminal
from pipeline.deploy.errors import DeployError
from pipeline.deploy.settings import load_deploy_settings
from pipeline.records.updatelog import unreviewed_warning

summary_option = click.option(
    "--summary",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GITHUB_STEP_SUMMARY",
    help="Append the Markdown job summary to FILE (default: $GITHUB_STEP_SUMMARY).",
)
now_option = click.option("--now", metavar="TIME", help="Act as of this time (tests, previews).")
push_option = click.option(
    "--push", is_flag=True, help="Push to the remote (CI does; by default nothing is pushed)."
)
remote_option = click.option("--remote", default="origin", show_default=True, help="Git remote.")


@click.group("ci")
def ci_group() -> None:
    """The steps of the GitHub workflows, runnable locally too."""


@ci_group.command("pull-request")
@click.option("--base", default="origin/main", show_default=True, help="The pull request's base.")
@click.option("--head", default="HEAD", show_default=True, help="The pull request's head.")
@summary_option
@now_option
@click.pass_obj
def pull_request_command(
    state, base: str, head: str, summary: Path | None, now: str | None
) -> None:
    """Check the files the pull request changes (annotations on its lines), build the site,
    check the links of the changed pages and write the job summary."""

    with config_errors(state):
        project = state.open()
        result = pull_request(project, base, head, parse_now(now, project.site_config), state.lang)
    _report(state, result.findings, result.annotated, result.files)
    if result.images_line:
        state.err.print(result.images_line, markup=False)
    if summary is not None:
        append_to(state, summary, pull_request_summary(result, project.site_config, state.lang))
    raise SystemExit(EXIT_OK if result.ok else EXIT_FAILED)


@ci_group.command("publish")
@click.option(
    "--reviews",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="PIPELINE_REVIEWS",
    metavar="FILE",
    help="The pull requests' reviews of the commits to log (JSON; default: "
    "$PIPELINE_REVIEWS). Without it every new entry is recorded as not reviewed.",
)
@push_option
@remote_option
@summary_option
@now_option
@click.pass_obj
def publish_command(
    state,
    reviews: Path | None,
    push: bool,
    remote: str,
    summary: Path | None,
    now: str | None,
) -> None:
    """Update the log, build, check every link; then commit the log as the bot and push it."""

    with config_errors(state):
        project = state.open()
        moment = parse_now(now, project.site_config)
        result = publish(project, reviews, moment, state.lang, remote if push else None)
    _report(state, result.findings, result.findings, result.files)
    if result.images_line:
        state.err.print(result.images_line, markup=False)
    if summary is not None:
        append_to(state, summary, publish_summary(result, state.lang))
    if not result.ok:
        state.err.print(f"[red]{ui('ci.publish-failed', state.lang)}[/]")
        raise SystemExit(EXIT_FAILED)
    for entry in result.unreviewed:
        text = unreviewed_warning(entry, state.lang)
        click.echo(f"::warning title={ui('ci.md.unreviewed', state.lang)}::{_escaped(text)}")
        state.err.print(f"[yellow]{escape(text)}[/]")
    if result.log_commit:
        first, last = result.added[0].seq, result.added[-1].seq
        key = "ci.log-pushed" if push else "ci.log-committed"
        state.out.print(
            ui(
                key,
                state.lang,
                first=first,
                last=last,
                commit=result.log_commit[:12],
                remote=remote,
            )
        )
    else:
        state.out.print(ui("ci.log-unchanged", state.lang))
    site = project.site_config.rel(result.build.site_dir)
    state.out.print(ui("ci.published", state.lang, path=site + "/"))


@ci_group.command("archive")
@click.argument("quarter", required=False)
@push_option
@remote_option
@click.option(
    "--github-output",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GITHUB_OUTPUT",
    help="Append tag=, bundle=, notes=, created= for the next steps (default: $GITHUB_OUTPUT).",
)
@click.option(
    "--live-deploy",
    metavar="DEPLOY_ID",
    help="The storage deploy live at the quarter's end, recorded in the bundle and the tag; "
    "'storage': ask deploy.yml's bucket (`pipeline deploy history --at`).",
)
@now_option
@click.pass_obj
def archive_command(
    state,
    quarter: str | None,
    push: bool,
    remote: str,
    github_output: Path | None,
    live_deploy: str | None,
    now: str | None,
) -> None:
    """Archive the last completed quarter (or QUARTER), push its tag, and say what the
    GitHub Release needs. Safe to re-run: an archived quarter is verified, never re-tagged."""

    with config_errors(state):
        project = state.open()
        moment = parse_now(now, project.site_config)
        try:
            result = archive(project, quarter, moment, remote if push else None, live_deploy)
        except DeployError as exc:
            text = render_message(exc.rule, state.lang, exc.params)
            state.fail(f"{text}\n  → {render_hint(exc.rule, state.lang, exc.params)}")
    outcome = result.outcome
    rel = project.site_config.rel
    values = {
        "tag": outcome.tag,
        "quarter": str(outcome.quarter),
        "bundle": rel(outcome.bundle),
        "notes": rel(result.notes),
        "sha256": outcome.sha256,
        "created": "true" if outcome.created else "false",
    }
    for key, value in values.items():
        click.echo(f"{key}={value}")
    if github_output is not None:
        append_to(state, github_output, "\n".join(f"{k}={v}" for k, v in values.items()))
    if not result.ok:
        state.err.print(f"[red]{ui('ci.archive-failed', state.lang, bundle=values['bundle'])}[/]")
        raise SystemExit(EXIT_FAILED)
    key = "ci.archive-created" if outcome.created else "ci.archive-verified"
    state.err.print(ui(key, state.lang, tag=outcome.tag, bundle=values["bundle"]), markup=False)
    if result.pushed:
        state.err.print(ui("ci.tag-pushed", state.lang, tag=outcome.tag, remote=remote))


@ci_group.command("deploy-target")
@click.option(
    "--github-output",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GITHUB_OUTPUT",
    help="Append target= and storage= for the next jobs (default: $GITHUB_OUTPUT).",
)
@click.pass_obj
def deploy_target_command(state, github_output: Path | None) -> None:
    """Say where the publish workflow deploys: site_config/deploy.yml's target
    (github-pages, s3, oss, cos) and whether that is object storage."""
    with config_errors(state):
        project = state.open()
        settings = load_deploy_settings(project.root, project.site_config.config_dir)
    values = {"target": settings.target, "storage": str(settings.target != "github-pages").lower()}
    for key, value in values.items():
        click.echo(f"{key}={value}")
    if github_output is not None:
        append_to(state, github_output, "\n".join(f"{k}={v}" for k, v in values.items()))


def _escaped(text: str) -> str:
    """A workflow command's message: GitHub reads %, CR and LF as escapes."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _report(state, findings, annotated, files: int) -> None:
    """Annotations for GitHub on stdout; the full report for people on stderr."""
    text = render_github(annotated, state.lang)
    if text:
        click.echo(text)
    render_terminal(findings, state.lang, state.err, files)
