"""The one seam between the pipeline and the engine: what a build is asked to do.

``pipeline build`` and ``pipeline serve`` make a ``BuildRequest`` and hand it to the
plugin before MkDocs runs (``PipelinePlugin.accept``); a plain ``mkdocs build`` makes one
from the plugin's own options in mkdocs.yml. The plugin reads nothing else: no
environment variables, no attributes set on it from outside.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.gate.files import SiteFiles
from pipeline.prepare import Prepared, Progress


@dataclass(frozen=True)
class BuildRequest:
    drafts: bool = False  # show drafts (a preview)
    # build the internal records' pages (update log, team figures) even when their settings
    # do not publish them: previews and the archive bundle, never the public site
    internal: bool = False
    now: datetime | None = None  # publish as of this moment; None: when the build runs
    lang: str | None = None  # language of messages; None: site.yml's
    serving: bool = False  # the live preview: problems are shown, the preview keeps running
    speedups: bool = True  # False: build exactly as the plugins would on their own
    previous_site: Path | None = None  # the site this build replaces (unchanged pages reused)
    # where the publish gate keeps the pages it judged for this site folder: pages are
    # judged there while the next ones render (pipeline.gate.ahead); None: after the build
    gate_cache: Path | None = None
    prepared: Prepared | None = None  # loaded, checked, copies and images made; None: do it
    progress: Progress | None = None
    # told what made each file of the built site, for the publish gate that follows
    record_files: Callable[[SiteFiles], None] | None = None
    # the live preview's share QR codes by URL, kept from one of its builds to the next
    qr_codes: dict[str, str] | None = None
