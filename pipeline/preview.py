"""`pipeline serve`: MkDocs' live-reloading preview with the pipeline's options."""

from __future__ import annotations

import logging
import os

from pipeline.mkdocs_plugin import ENV_DRAFTS, ENV_LANG, ENV_NOW
from pipeline.project import Project


def serve_preview(
    project: Project, *, drafts: bool, now: str | None, lang: str, dev_addr: str
) -> None:
    from mkdocs.commands.serve import serve

    # MkDocs reloads mkdocs.yml on every rebuild, so options travel in the environment.
    os.environ[ENV_DRAFTS] = "1" if drafts else "0"
    os.environ[ENV_LANG] = lang
    if now:
        os.environ[ENV_NOW] = now
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    serve(
        config_file=str(project.config_file),
        livereload=True,
        watch=[str(project.site_config.config_dir)],
        dev_addr=dev_addr,
        strict=False,
    )
