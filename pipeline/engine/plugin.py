"""The MkDocs plugin: a thin adapter that runs the pipeline inside any MkDocs build.

A plain ``mkdocs build`` runs the same checks as ``pipeline build``: it loads and checks
the content, builds beside the site folder, runs the publish gate once every plugin has
written its files, and only then swaps the new site in, so bad content never costs the
previous site. It hides drafts, scheduled and expired items, hands the blog plugin
normalized copies of items, fills the latest-items lists and writes the feeds.

Each event is handed to the build's ``BuildRun``; the work itself lives in plain
functions of the other packages. ``pipeline build`` and ``pipeline serve`` give the
plugin a ``BuildRequest`` through ``accept``; a plain ``mkdocs build`` makes one from
the options below.
"""

from __future__ import annotations

import logging

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from pipeline.engine import PLUGIN_LOGGER, compat
from pipeline.engine.request import BuildRequest
from pipeline.engine.run import BuildRun

log = logging.getLogger(PLUGIN_LOGGER)


class PipelineConfig(Config):
    site_config = opt.Type(str, default="site_config")
    drafts = opt.Type(bool, default=False)
    now = opt.Optional(opt.Type(str))
    lang = opt.Optional(opt.Choice(("zh", "en")))
    # False builds exactly as the plugins would on their own (tests compare the two)
    speedups = opt.Type(bool, default=True)


class PipelinePlugin(BasePlugin[PipelineConfig]):
    def __init__(self) -> None:
        super().__init__()
        self._request: BuildRequest | None = None
        self._command = "build"
        self.run: BuildRun | None = None

    def accept(self, request: BuildRequest) -> None:
        """The seam: the request of the next build (``pipeline build``, ``pipeline serve``)."""
        self._request = request

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command

    def _request_from_options(self, config) -> BuildRequest:
        """A plain ``mkdocs build`` or ``mkdocs serve``: mkdocs.yml's options."""
        support = compat.speedup_support()
        if self.config.speedups and not support.on:
            # a warning would abort a strict build that is otherwise correct
            level = logging.INFO if config.strict else logging.WARNING
            log.log(level, "pipeline: build speed-ups are off: %s", support.reason)
        return BuildRequest(
            drafts=self.config.drafts,
            internal=self.config.drafts or self._command == "serve",  # previews only
            lang=self.config.lang,
            serving=self._command == "serve",
            speedups=self.config.speedups and support.on,
        )

    @event_priority(100)  # before the blog plugins read their settings
    def on_config(self, config):
        if self.run is not None:
            self.run.abandon()
            self.run.close()  # the live preview of a plain `mkdocs serve` builds again
        # a request is for one build: MkDocs keeps plugin instances for the whole process,
        # and a later plain `mkdocs build` must load and check the content itself
        given, self._request = self._request, None
        if given is None:  # mkdocs.yml's `now:` is read in the site's time zone, like --now
            request, now_text = self._request_from_options(config), self.config.now
        else:
            request, now_text = given, None
        self.run = BuildRun.start(config, request, self.config.site_config, now_text)
        if given is None and self._command == "build":
            self.run.stage(config)  # never into the site itself: built beside, gated, swapped
        return config

    def on_pre_build(self, *, config) -> None:
        self.run.load(config)

    @event_priority(100)  # before the blog plugins collect their posts
    def _on_files_early(self, files, *, config):
        return self.run.files_early(files, config)

    @event_priority(-100)  # after the blog plugins have given posts their URLs
    def _on_files_late(self, files, *, config):
        return self.run.files_late(files, config)

    on_files = CombinedEvent(_on_files_early, _on_files_late)

    @event_priority(-100)  # after the blog plugins have attached their views
    def on_nav(self, nav, *, config, files):
        return self.run.navigation(nav, config, files)

    def on_env(self, env, *, config, files):
        return self.run.environment(env, config, files)

    def on_page_markdown(self, markdown, *, page, config, files):
        return self.run.page_markdown(markdown, page, files)

    def on_page_content(self, html, *, page, config, files):
        return self.run.page_content(html, page)

    @event_priority(-110)  # after the blog plugins (-100) have rendered a list page's excerpts
    def _on_page_context(self, context, *, page, config, nav):
        return self.run.page_context(context, page)

    @event_priority(-1000)  # last: the page's whole context is known
    def _on_page_context_last(self, context, *, page, config, nav):
        return self.run.page_reuse(context, page)

    on_page_context = CombinedEvent(_on_page_context, _on_page_context_last)

    def on_post_page(self, output, *, page, config):
        return self.run.post_page(output, page)

    @event_priority(50)  # before the search plugin writes its index
    def _on_post_build(self, *, config) -> None:
        self.run.finish(config)

    @event_priority(-1000)  # last: every plugin has written its files
    def _on_post_build_last(self, *, config) -> None:
        self.run.publish(config)

    on_post_build = CombinedEvent(_on_post_build, _on_post_build_last)

    def on_build_error(self, *, error) -> None:
        if self.run is not None:
            self.run.abandon()
            self.run.close()

    def on_shutdown(self) -> None:
        if self.run is not None:
            self.run.abandon()
            self.run.close()
