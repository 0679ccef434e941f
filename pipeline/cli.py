"""The `pipeline` command: a thin click layer over the pipeline's functions.

Exit status: 0 when nothing blocks publishing, 1 when something does, 2 for usage
or configuration errors.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console

from pipeline import __version__
from pipeline.ci.commands import ci_group, roles_command
from pipeline.cliopts import EXIT_BLOCKED, EXIT_USAGE, format_option, summary_option
from pipeline.findings import Findings, PathSelection
from pipeline.guard.commands import terms_command
from pipeline.i18n import ui
from pipeline.links.commands import links_command
from pipeline.records.commands import archive_command, log_command
from pipeline.report import (
    render_github,
    render_json,
    render_markdown_summary,
    render_sarif,
    render_terminal,
)
from pipeline.settings import ConfigError
from pipeline.stats.commands import stats_command


class State:
    def __init__(self, config_file: Path | None, lang: str | None) -> None:
        self.config_file = config_file
        self.requested_lang = lang
        self.lang = lang or "zh"
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)
        self.out = Console(highlight=False, soft_wrap=True)

    def open(self, *, serve: bool = False, **overrides):
        from pipeline.project import open_project

        project = open_project(self.config_file, **overrides)
        self.lang = self.requested_lang or project.site_config.language
        if not serve:  # read only: `pipeline build` renders with a project of its own
            project.release_plugins()
        return project


def _quiet() -> bool:
    """No progress display in CI or when output is not a terminal."""
    return bool(os.environ.get("CI")) or not sys.stderr.isatty()


@contextmanager
def _config_errors(state: State):
    try:
        yield
    except ConfigError as exc:
        state.err.print(f"[red]{_escape(exc.render(state.lang))}[/]")
        raise SystemExit(EXIT_USAGE) from None


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="mkdocs.yml of the site (default: found from the current folder).",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    help="Language of messages (default: site_config/site.yml `language`).",
)
@click.version_option(__version__, prog_name="pipeline")
@click.pass_context
def cli(ctx: click.Context, config_file: Path | None, lang: str | None) -> None:
    """Content pipeline of the corporate website: check, build, preview, write."""
    ctx.obj = State(config_file, lang)


def _emit(
    state: State, findings: Findings, fmt: str, files: int, summary: Path | None = None
) -> None:
    if summary is not None:
        _write_summary(state, summary, render_markdown_summary(findings, state.lang, files))
    if fmt == "json":
        click.echo(render_json(findings, state.lang, files))
    elif fmt == "sarif":
        click.echo(render_sarif(findings, state.lang))
        render_terminal(findings, state.lang, state.err, files)
    elif fmt == "github":
        text = render_github(findings, state.lang)
        if text:
            click.echo(text)
        render_terminal(findings, state.lang, state.err, files)
    else:
        render_terminal(findings, state.lang, state.out, files)


def _write_summary(state: State, path: Path, text: str) -> None:
    """Appended, as GitHub's $GITHUB_STEP_SUMMARY expects (other steps write to it too)."""
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    except OSError as exc:
        state.err.print(f"[red]{_escape(f'{path}: {exc.strerror}')}[/]")
        raise SystemExit(EXIT_USAGE) from None


now_option = click.option(
    "--now",
    metavar="TIME",
    help="Publish as of this time (preview a schedule), e.g. 2026-12-01 08:00.",
)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option
@summary_option
@now_option
@click.pass_obj
def check(
    state: State, paths: tuple[Path, ...], fmt: str, summary: Path | None, now: str | None
) -> None:
    """Run every content check; report all problems at once.

    With PATHS, report only on those files (the whole site is still loaded, since
    some checks compare files with each other).
    """
    from pipeline.build import check_project
    from pipeline.project import parse_now

    with _config_errors(state):
        project = state.open()
        result = check_project(project, parse_now(now, project.site_config))
    findings, files = result.findings, result.file_count
    if paths:
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            state.err.print(
                f"[red]{_escape(ui('check.no-such-path', state.lang, paths=', '.join(missing)))}[/]"
            )
            raise SystemExit(EXIT_USAGE)
        selection = PathSelection(project.site_config.rel(p) for p in paths)
        findings = Findings(f for f in findings if selection.selects(f.path))
        files = sum(1 for path in result.content_paths() if selection.selects(path))
    _emit(state, findings, fmt, files, summary)
    raise SystemExit(findings.exit_status())


@cli.command()
@format_option
@summary_option
@now_option
@click.option(
    "--drafts", is_flag=True, help="Include drafts (for a preview build, never to publish)."
)
@click.pass_obj
def build(state: State, fmt: str, summary: Path | None, now: str | None, drafts: bool) -> None:
    """Check the content, then build the site into site/ (kept as it was on failure).

    With --drafts or --now the build is a preview and goes to site-preview/ instead.
    """
    from pipeline.build import build_site, check_project
    from pipeline.project import parse_now

    with _config_errors(state):
        project = state.open()
        result = check_project(project, parse_now(now, project.site_config))
    if result.findings.blocking:
        _emit(state, result.findings, fmt, result.file_count, summary)
        site_rel = project.site_config.rel(project.site_dir)
        state.err.print(f"[red]{ui('build.failed', state.lang, path=site_rel)}[/]")
        raise SystemExit(EXIT_BLOCKED)

    preview = drafts or now is not None
    with _progress(state) as progress, _config_errors(state):
        outcome = build_site(result, drafts=drafts, preview=preview, progress=progress)
    _emit(state, outcome.findings, fmt, result.file_count, summary)
    if progress.images is not None:
        from pipeline.images.site import summary_line

        state.err.print(_escape(summary_line(progress.images, state.lang)))
    site_rel = project.site_config.rel(outcome.site_dir)
    if not outcome.built:
        state.err.print(f"[red]{ui('build.failed', state.lang, path=site_rel)}[/]")
        raise SystemExit(EXIT_BLOCKED)
    state.err.print(
        ui(
            "build.done",
            state.lang,
            path=site_rel + "/",
            pages=outcome.pages,
            seconds=outcome.seconds,
        )
    )
    if preview:
        state.err.print(
            f"[yellow]{_escape(ui('build.preview-only', state.lang, path=site_rel))}[/]"
        )
    state.err.print(
        ui(
            "build.preview",
            state.lang,
            command=f"pipeline serve  (或 python -m http.server -d {site_rel})"
            if state.lang == "zh"
            else f"pipeline serve  (or python -m http.server -d {site_rel})",
        )
    )
    raise SystemExit(outcome.findings.exit_status())


class _BuildProgress:
    """Called by the build as it goes: a bar per stage on a terminal (none in CI); it keeps
    the image summary, which is printed in CI too."""

    def __init__(self, bar=None, lang: str = "zh") -> None:
        self.bar, self.lang, self.tasks, self.images = bar, lang, {}, None

    def __call__(self, done: int, total: int, stage: str = "pages", summary=None) -> None:
        if summary is not None:
            self.images = summary
        if self.bar is None:
            return
        if stage not in self.tasks:
            label = "images.progress" if stage == "images" else "build.rendering"
            self.tasks[stage] = self.bar.add_task(ui(label, self.lang), total=None)
        self.bar.update(self.tasks[stage], completed=done, total=total or None)


@contextmanager
def _progress(state: State):
    """A progress bar on a terminal; nothing in CI."""
    if _quiet():
        yield _BuildProgress()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=state.err,
        transient=True,
    ) as bar:
        yield _BuildProgress(bar, state.lang)


def _dev_addr(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """IP:PORT, checked as MkDocs checks it, so a typo is a usage error before any build."""
    from mkdocs.config.base import ValidationError
    from mkdocs.config.config_options import IpAddress

    try:
        IpAddress().validate(value)
    except ValidationError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


@cli.command()
@click.option("--drafts", is_flag=True, help="Show drafts in the preview.")
@now_option
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    callback=_dev_addr,
    help="Address to serve the preview on.",
)
@click.pass_obj
def serve(state: State, drafts: bool, now: str | None, dev_addr: str) -> None:
    """Preview the site with live reload; problems are shown and the preview keeps running."""
    from pipeline.preview import serve_preview
    from pipeline.project import parse_now

    with _config_errors(state):
        project = state.open(serve=True)
        parse_now(now, project.site_config)  # a bad --now is a usage error, not a failed build
        try:
            serve_preview(project, drafts=drafts, now=now, lang=state.lang, dev_addr=dev_addr)
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
                raise
            message = ui("serve.address-in-use", state.lang, address=dev_addr, reason=exc.strerror)
            state.err.print(f"[red]{_escape(message)}[/]")
            raise SystemExit(EXIT_USAGE) from None


@cli.command()
@click.argument("section")
@click.argument("title")
@click.option("--author", help="Author id from site_config/authors.yml (default: from git config).")
@click.option("--slug", help="URL slug (default: the title in pinyin).")
@click.pass_obj
def new(state: State, section: str, title: str, author: str | None, slug: str | None) -> None:
    """Start a new item: pipeline new news|industry "标题"."""
    from pipeline.content import load_site
    from pipeline.newitem import NewItemError, author_from_git, choose_author, create_item
    from pipeline.project import parse_now

    with _config_errors(state):
        project = state.open()
        now = parse_now(None, project.site_config)
    site = load_site(project.site_config, project.layout)
    try:
        chosen = choose_author(project.site_config, author, author_from_git(project.root))
        item = create_item(site, section, title, chosen, now, state.lang, slug)
    except NewItemError as exc:
        state.err.print(f"[red]{_escape(ui(exc.key, state.lang, **exc.params))}[/]")
        raise SystemExit(EXIT_USAGE if exc.key != "new.exists" else EXIT_BLOCKED) from None
    state.out.print(ui("new.created", state.lang, path=project.site_config.rel(item.path)))


cli.add_command(log_command)
cli.add_command(archive_command)
cli.add_command(terms_command)
cli.add_command(ci_group)
cli.add_command(roles_command)
cli.add_command(links_command)
cli.add_command(stats_command)


def main(argv: list[str] | None = None) -> Callable | None:
    return cli.main(args=argv, prog_name="pipeline")
