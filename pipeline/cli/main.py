"""The `pipeline` command: a group of commands, each in its own module, loaded only when
it runs (click's lazy-loading pattern), so that a command starts without importing the
others (and MkDocs with them).

Exit status: 0 when nothing blocks publishing, 1 when something does, 2 for usage
or configuration errors.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from pathlib import Path

import click

from pipeline import __version__
from pipeline.cli.shared import State, load_named

# name -> "module:attribute" of the command
COMMANDS: dict[str, str] = {
    "check": "pipeline.cli.check:check_command",
    "build": "pipeline.cli.build:build_command",
    "serve": "pipeline.cli.serve:serve_command",
    "new": "pipeline.cli.new:new_command",
    "edit": "pipeline.editor.commands:edit_command",
    "log": "pipeline.records.commands:log_command",
    "archive": "pipeline.records.commands:archive_command",
    "terms": "pipeline.guard.commands:terms_command",
    "ci": "pipeline.ci.commands:ci_group",
    "roles": "pipeline.roles.commands:roles_command",
    "links": "pipeline.links.commands:links_command",
    "stats": "pipeline.stats.commands:stats_command",
    "deploy": "pipeline.deploy.commands:deploy_command",
}
# what `State.open()` reads a project with: mkdocs.yml through MkDocs (the engine)
ENGINE_OPENER = "pipeline.engine.project:open_project"


class LazyGroup(click.Group):
    """A group whose commands are imported when one runs or is asked for its help. The
    group's own ``--help`` lists them all with their short help, so it imports them all
    (the help texts stay in the commands' own modules, in one place)."""

    def __init__(self, *args, lazy: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            command = load_named(self.lazy[cmd_name])
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy[cmd_name]} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


def _open_with_engine(config_file: Path | None):
    return load_named(ENGINE_OPENER)(config_file)


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
    ctx.obj = State(config_file, lang, _open_with_engine)


# A build holds millions of long-lived objects (the site's items, MkDocs' pages, the
# caches); with the default thresholds every tenth young collection walks all of them:
# about 2.5 s of a 3,000-item one-edit build in ten full collections. Ten times fewer full
# collections (cyclic garbage is still collected, a little later) cost no measurable memory.
FULL_COLLECTION_EVERY = 100  # middle-generation collections per full one (default 10)


def main(argv: list[str] | None = None) -> None:
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
    cli.main(args=argv, prog_name="pipeline")


def run() -> None:
    """The `pipeline` program (its console script, ``python -m pipeline``): ``main``, then
    the process ends without tearing its objects down (``exit_without_teardown``). Code
    that calls ``main`` itself goes on after it as before."""
    try:
        main()
    except SystemExit as done:
        exit_without_teardown(done.code)
        raise


def exit_without_teardown(code) -> None:
    """End the process as Python's own exit does (its exit handlers run: logs flushed,
    pools ended, temporary folders removed; output flushed), but without freeing every
    object one by one first: a build leaves millions (0.8-1.0 s of a one-edit build at
    3,000 items), which the system takes back with the process at once. Returns (and the
    caller exits the usual way) when a thread other than the daemons is still running,
    whose end Python's exit would wait for, or where the exit handlers cannot be run."""
    run_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's own exit runs these
    if run_handlers is None or not (code is None or isinstance(code, int)):
        return
    if any(t is not threading.main_thread() and not t.daemon for t in threading.enumerate()):
        return
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 120  # as Python exits when its output cannot be flushed
    os._exit(code or 0)
