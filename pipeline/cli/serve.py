"""`pipeline serve`: the live preview; problems are shown and the preview keeps running."""

from __future__ import annotations

import errno

import click

from pipeline.cli.shared import State, config_errors, now_option
from pipeline.content.schema import parse_now
from pipeline.core.i18n import ui
from pipeline.engine.serve import parse_address, serve_preview


def _dev_addr(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, int]:
    """IP:PORT, checked before any build, so a typo is a usage error."""
    try:
        return parse_address(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("serve")
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
@click.option(
    "--full-rebuilds",
    is_flag=True,
    help="Build every page on every save (by default a save that changed only text "
    "renders only the pages that show it).",
)
@click.pass_obj
def serve_command(
    state: State, drafts: bool, now: str | None, dev_addr: tuple[str, int], full_rebuilds: bool
) -> None:
    """Preview the site with live reload; problems are shown and the preview keeps running."""
    host, port = dev_addr
    with config_errors(state):
        project = state.open()
        moment = parse_now(now, project.site_config) if now else None
        try:
            serve_preview(
                project.config_file, drafts=drafts, now=moment, lang=state.lang, host=host,
                port=port, warm=not full_rebuilds,
            )  # fmt: skip
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
                raise
            address = f"{host}:{port}"
            state.fail(ui("serve.address-in-use", state.lang, address=address,
                          reason=exc.strerror))  # fmt: skip
