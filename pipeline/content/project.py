"""A project as every stage sees it: where things are and both configurations' facts.

The engine reads mkdocs.yml and site_config/ and hands out this plain record; no stage
holds an engine object.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.config.site import SiteConfig
from pipeline.content.layout import Layout


@dataclass(frozen=True)
class Project:
    config_file: Path  # mkdocs.yml
    site_config: SiteConfig
    layout: Layout
    site_dir: Path  # where the public site is built
    site_url: str | None  # mkdocs.yml's site_url (site.yml's base_url wins in builds)
    site_name: str

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def preview_dir(self) -> Path:
        """Where preview builds go (drafts shown, another publishing time): never deployed."""
        return self.site_dir.with_name(f"{self.site_dir.name}-preview")
