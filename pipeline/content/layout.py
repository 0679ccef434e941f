"""Where a project's content is: the docs folder and each section's items folder.

Kept apart from the content model so that opening a project (every command does) reads
no more than it needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Layout:
    """Where things are: the docs folder and, per section, the folder of its items."""

    docs_dir: Path
    posts_dirs: dict[str, str]  # section name -> posts folder relative to docs_dir

    def section_of(self, docs_path: str) -> str | None:
        for name, posts in self.posts_dirs.items():
            if docs_path.startswith(posts.rstrip("/") + "/"):
                return name
        return None
