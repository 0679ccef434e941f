"""`pipeline edit`: the web editor on this computer, committing to the working copy.

Starts Decap's local proxy (pinned decap-server, Node 20+) in git mode against the
project's repository, then the live preview (`pipeline serve`, drafts shown), whose
``/admin/`` is the editor, and opens it in the browser.
"""

from __future__ import annotations

import errno
import signal
import socket
import threading
import time
import webbrowser

import click

from pipeline.cli.shared import State, config_errors
from pipeline.core.i18n import ui
from pipeline.editor.admin import ADMIN_DIR
from pipeline.editor.proxy import PROXY_HOST, start_proxy, stop_proxy, wait_for_port
from pipeline.editor.settings import EditorSettings
from pipeline.editor.vendor import VendorError, fetch_editor, install_server, read_lock
from pipeline.engine.serve import parse_address, serve_preview


def _dev_addr(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, int]:
    try:
        return parse_address(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _open_when_ready(host: str, port: int, url: str, timeout: float = 120.0) -> None:
    """Open ``url`` in the browser once the preview answers (its first build takes a while)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                webbrowser.open(url)
                return
        except OSError:
            time.sleep(0.5)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


@click.command("edit")
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    callback=_dev_addr,
    help="Address of the preview; the editor is its /admin/.",
)
@click.option("--no-browser", is_flag=True, help="Do not open the editor in the browser.")
@click.pass_obj
def edit_command(state: State, dev_addr: tuple[str, int], no_browser: bool) -> None:
    """Write and preview items in the web editor (Decap CMS); it commits to this repository."""
    host, port = dev_addr
    with config_errors(state):
        project = state.open()
    settings = project.site_config.editor or EditorSettings()
    try:
        fetch_editor(read_lock())
        entry = install_server()
    except VendorError as exc:
        state.fail(ui(exc.key, state.lang, **exc.params))
    origin = f"http://{host}:{port}"
    proxy = start_proxy(entry, project.root, settings.local_port, origin)
    # ended by a signal (a closed terminal, a service manager): the proxy is stopped too
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if not wait_for_port(settings.local_port, proxy):
            state.fail(ui("editor.proxy-failed", state.lang, port=settings.local_port,
                          reason=f"{PROXY_HOST}:{settings.local_port}"))  # fmt: skip
        url = f"{origin}/{ADMIN_DIR}/"
        state.out.print(ui("editor.ready", state.lang, url=url, port=settings.local_port,
                           repo=project.root))  # fmt: skip
        if not no_browser:
            threading.Thread(target=_open_when_ready, args=(host, port, url), daemon=True).start()
        with config_errors(state):
            try:
                serve_preview(project.config_file, drafts=True, now=None, lang=state.lang,
                              host=host, port=port)  # fmt: skip
            except OSError as exc:
                if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
                    raise
                state.fail(ui("serve.address-in-use", state.lang, address=f"{host}:{port}",
                              reason=exc.strerror))  # fmt: skip
    finally:
        stop_proxy(proxy)
