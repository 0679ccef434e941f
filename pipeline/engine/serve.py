"""`pipeline serve`: a live-reloading preview built the way `pipeline build` builds.

Each rebuild (``engine.livebuild``) reads the configuration again, checks the content,
prints what is wrong and leaves the files with errors out (Markdown and files published as
they are alike, so the preview never serves a file a build would refuse; the preview keeps
running), then renders with the same ``BuildRequest`` seam as a build, into a folder
served by MkDocs' live-reload server, which reloads open pages after each rebuild. When a
save changed only text, only the pages that show it are rendered again.
"""

from __future__ import annotations

import logging
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from os.path import isfile, join
from pathlib import Path

from mkdocs.config.base import ValidationError
from mkdocs.config.config_options import IpAddress
from mkdocs.livereload import LiveReloadServer

from pipeline.config.base import ConfigError
from pipeline.core.i18n import ui
from pipeline.engine import LOG_NAMESPACE, PLUGIN_LOGGER, compat
from pipeline.engine.livebuild import LiveBuilds
from pipeline.engine.project import open_project

log = logging.getLogger(PLUGIN_LOGGER)


def parse_address(value: str) -> tuple[str, int]:
    """IP:PORT as MkDocs reads ``dev_addr``; ValueError with MkDocs' message otherwise."""
    try:
        address = IpAddress().validate(value)
    except ValidationError as exc:
        raise ValueError(str(exc)) from None
    return address.host, address.port


def serve_preview(
    config_file: Path,
    *,
    drafts: bool,
    now: datetime | None,
    lang: str,
    host: str,
    port: int,
    warm: bool = True,
) -> None:
    """Serve the preview until interrupted. ``now``: publish as of then (None: the clock).
    ``warm``: after a save that changed only text, render only the pages that show it
    (engine/livebuild.py); False: every save builds everything."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s %(message)s"))
    logger = logging.getLogger(LOG_NAMESPACE)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        with _stopped_like_ctrl_c(), _scratch_folder() as scratch:
            _serve(config_file, scratch / "site", drafts, now, lang, host, port, warm)
    except KeyboardInterrupt:  # Ctrl+C, or a stop signal, at any moment
        log.info(ui("serve.stopped", lang))


def _serve(
    config_file: Path,
    site_dir: Path,
    drafts: bool,
    now: datetime | None,
    lang: str,
    host: str,
    port: int,
    warm: bool,
) -> None:
    site_dir.mkdir()
    builds = LiveBuilds(
        config_file=config_file,
        site_dir=site_dir,
        serve_url=f"http://{host}:{port}/",
        drafts=drafts,
        now=now,
        lang=lang,
        speedups=compat.speedup_support().on,
        warm=warm,
    )

    def builder() -> None:
        try:
            builds.build()
        except ConfigError as exc:  # shown; the preview keeps the last good build
            log.error(exc.render(lang))

    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir))
    server.error_handler = lambda code: _error_page(site_dir, code)
    compat.watch_natively(server)
    try:
        builder()
        project = open_project(config_file)
        for watched in (project.layout.docs_dir, config_file, project.site_config.config_dir):
            server.watch(str(watched))
        try:
            server.serve()
        finally:
            server.shutdown()
    finally:
        builds.close()


@contextmanager
def _scratch_folder() -> Iterator[Path]:
    """One folder for everything the preview writes to the temp folder (the served site,
    the items' copies, the blog plugin's folder from each loaded configuration), removed
    as a whole when it stops. A stop can arrive between any two statements of a build;
    folders made and removed one by one would leak from the gaps."""
    before = tempfile.tempdir
    folder: Path | None = None
    try:
        with _signals_held():  # the folder exists only once it is known, to be removed
            folder = Path(tempfile.mkdtemp(prefix="pipeline-preview-"))
            (folder / "tmp").mkdir()
            tempfile.tempdir = str(folder / "tmp")
        yield folder
    finally:
        tempfile.tempdir = before
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _signals_held() -> Iterator[None]:
    """The stop signals wait until the block has run (then arrive as they would have)."""
    held = {signal.SIGINT, signal.SIGTERM} | (
        {signal.SIGHUP} if hasattr(signal, "SIGHUP") else set()
    )
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


@contextmanager
def _stopped_like_ctrl_c() -> Iterator[None]:
    """SIGTERM (``kill``, an editor's or container's stop) and SIGHUP (the terminal
    closed) end the preview as Ctrl+C does, so its folders (the served site, the items'
    copies: hundreds of MB at 3,000 items) are removed instead of left in the temp folder."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (a preview run inside a test)
        return
    wanted = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    before = {number: signal.getsignal(number) for number in wanted}
    for number in wanted:
        signal.signal(number, signal.default_int_handler)
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = join(site_dir, f"{code}.html")
    if code in (404, 500) and isfile(page):
        with open(page, "rb") as handle:
            return handle.read()
    return None
