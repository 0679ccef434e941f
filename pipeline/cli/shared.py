"""What every `pipeline` command shares: the session state, exit statuses, the common
options, configuration errors as messages, and the report outputs.

Every command module (``pipeline.cli.*`` and each stage's ``commands``) imports this
module; none imports the group in ``pipeline.cli.main``, which adds them all. This module
does not import the engine: the group hands the state the engine's opener
(``State.open``), and a command that needs only where things are opens the project
without MkDocs (``State.open_plain``), so that it starts without loading MkDocs.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from pipeline.config.base import ConfigError
from pipeline.content.opening import open_without_engine
from pipeline.content.project import Project
from pipeline.core.findings import Findings
from pipeline.core.i18n import ui
from pipeline.core.report import (
    FORMATS,
    render_github,
    render_json,
    render_markdown_summary,
    render_sarif,
    render_terminal,
)

# 0: nothing blocks publishing; 1: something does (or a check failed); 2: usage or configuration
EXIT_OK, EXIT_BLOCKED, EXIT_USAGE = 0, 1, 2

summary_option = click.option(
    "--summary",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also append a Markdown report to FILE (e.g. $GITHUB_STEP_SUMMARY).",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format.",
)
now_option = click.option(
    "--now",
    metavar="TIME",
    help="Publish as of this time (preview a schedule), e.g. 2026-12-01 08:00.",
)


# mkdocs.yml (None: found from the current folder) -> the project, read and checked
Opener = Callable[[Path | None], Project]


class State:
    """One run of `pipeline`: which project, which language, where output goes.
    ``opener``: how ``open()`` reads the project (the engine's, given by the group)."""

    def __init__(self, config_file: Path | None, lang: str | None, opener: Opener) -> None:
        self.config_file = config_file
        self.opener = opener
        self.requested_lang = lang
        self.lang = lang or "zh"
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)
        self.out = Console(highlight=False, soft_wrap=True)

    def open(self) -> Project:
        """The project with mkdocs.yml validated by MkDocs (what checks and builds need)."""
        project = self.opener(self.config_file)
        self.lang = self.requested_lang or project.site_config.language
        return project

    def open_plain(self) -> Project:
        """The project without the engine: mkdocs.yml's plain keys and site_config/
        (``pipeline.content.opening``), for commands on a site already built."""
        project = open_without_engine(self.config_file)
        self.lang = self.requested_lang or project.site_config.language
        return project

    def fail(self, text: str, status: int = EXIT_USAGE) -> None:
        """Say what is wrong (red, on stderr) and end with ``status``."""
        self.err.print(f"[red]{escape(text)}[/]")
        raise SystemExit(status)


@contextmanager
def config_errors(state: State) -> Iterator[None]:
    """A configuration error ends the command with its message and exit status 2."""
    try:
        yield
    except ConfigError as exc:
        state.fail(exc.render(state.lang))


def load_named(spec: str):
    """The object named ``"module:attribute"``, its module imported now: commands and the
    build behind `pipeline build` are loaded only when they run."""
    module, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module), attribute)


def quiet() -> bool:
    """No progress display in CI or when output is not a terminal."""
    return bool(os.environ.get("CI")) or not sys.stderr.isatty()


def emit(
    state: State, findings: Findings, fmt: str, files: int, summary: Path | None = None
) -> None:
    """The report in the format asked for; people's copy goes to the terminal."""
    if summary is not None:
        append_to(state, summary, render_markdown_summary(findings, state.lang, files))
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


def append_to(state: State, path: Path, text: str) -> None:
    """Appended, as GitHub's $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT expect (other steps
    write to them too)."""
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text.rstrip("\n") + "\n")
    except OSError as exc:
        state.fail(f"{path}: {exc.strerror}")


class BuildProgress:
    """Called by the build as it goes: a bar per stage on a terminal (none in CI); it keeps
    the image summary, which is printed in CI too."""

    def __init__(self, bar: Progress | None = None, lang: str = "zh") -> None:
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
def build_progress(state: State) -> Iterator[BuildProgress]:
    """A progress bar on a terminal; nothing in CI."""
    if quiet():
        yield BuildProgress()
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=state.err,
        transient=True,
    ) as bar:
        yield BuildProgress(bar, state.lang)
