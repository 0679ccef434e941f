"""Which built pages a change touches: the pages built from the changed files and the
pages that link them (list pages, the home page, any page linking them with an anchor).

MkDocs' strict build already validates every Markdown link and anchor; what it cannot
see (raw HTML, theme and generated pages, anchors into generated pages) is what the link
check looks at, so a pull request checks only these pages, not the whole site.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.content.model import MARKDOWN_SUFFIXES, Item, Page, load_markdown
from pipeline.content.project import Project

# a change to these can change every page
SITE_WIDE = ("mkdocs.yml", "site_config/", "pipeline/")


@dataclass(frozen=True)
class Scope:
    own: frozenset[str]  # URL paths of the pages built from the changed files
    clues: frozenset[bytes]  # text of links to the changed pages and files
    whole_site: bool = False  # a change that can touch any page

    def select(self, pages: list[str], site_dir: Path) -> list[str]:
        """The pages to check, from all ``pages`` (URL paths) of the built site."""
        if self.whole_site:
            return pages
        chosen = []
        for page in pages:
            if page in self.own:
                chosen.append(page)
                continue
            if not self.clues:
                continue
            data = page_file(site_dir, page).read_bytes()
            if any(clue in data for clue in self.clues):
                chosen.append(page)
        return chosen


def page_file(site_dir: Path, page: str) -> Path:
    return site_dir / (page + "index.html" if page.endswith("/") or not page else page)


def changed_since(project: Project, rev: str) -> list[str]:
    """Project-relative paths changed since ``rev``: committed, staged or not, and new files."""
    root = project.root
    # -z: paths as they are (git quotes non-ASCII names otherwise); --end-of-options: a
    # REV that starts with "-" is a revision, never an option such as --output=FILE
    diff = _git(
        root,
        "diff",
        "-z",
        "--name-only",
        "--no-renames",
        "--relative",
        "--end-of-options",
        rev,
        "--",
        ".",
    )
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", ".")
    return sorted({name for name in (diff + untracked).split("\0") if name.strip()})


class GitError(Exception):
    pass


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise GitError(str(exc)) from None
    if done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {args[0]} failed")
    return done.stdout


def scope_of(paths: list[str], project: Project) -> Scope:
    """The scope of a change to ``paths`` (relative to the project root)."""
    config = project.site_config
    docs = config.rel(project.layout.docs_dir).rstrip("/") + "/"
    own: set[str] = set()
    clues: set[str] = set()
    for raw in paths:
        if Path(raw).is_absolute():  # a file dragged into the terminal gives its full path
            try:
                raw = Path(raw).resolve().relative_to(project.root.resolve()).as_posix()
            except ValueError:
                continue  # outside the project: not part of the site
        path = PurePosixPath(raw.replace("\\", "/")).as_posix().removeprefix("./")
        if path.startswith(SITE_WIDE) or path + "/" in SITE_WIDE:
            return Scope(frozenset(), frozenset(), whole_site=True)
        if not path.startswith(docs):
            continue  # README, tests, workflows: not part of the site
        docs_path = path[len(docs) :]
        if PurePosixPath(docs_path).suffix.lower() not in MARKDOWN_SUFFIXES:
            clues.add(PurePosixPath(docs_path).name)  # an image or a download
            continue
        file = project.root / path
        if file.is_file():
            loaded, _ = load_markdown(file, docs_path, config, project.layout)
        else:
            # a removed page: the pages that still link its old URL are the ones to check
            loaded = _removed(project, path, docs_path)
            if loaded is None:  # its URL cannot be known: any page may link it
                return Scope(frozenset(), frozenset(), whole_site=True)
        if isinstance(loaded, Item):
            url = loaded.url(config.timezone)
            own.add(url)
            clues.add(url.split("/", 1)[1])  # yyyy/MM/dd/slug/: every list links it so
        elif isinstance(loaded, Page):
            own.add(loaded.url)
            if loaded.url:
                # fixed pages are linked from every page's navigation; only links with an
                # anchor into them can break when they change
                clues.add(loaded.url + "#")
    encoded = frozenset(c.encode("utf-8") for c in clues if c)
    return Scope(frozenset(own), encoded)


def _removed(project: Project, path: str, docs_path: str) -> Item | Page | None:
    """A removed Markdown file as it last was in git (HEAD, else before the commit that
    removed it), loaded to learn its URL; None when git does not know it."""
    text = None
    for rev in ("HEAD", None):
        try:
            if rev is None:
                last = _git(project.root, "log", "-1", "--format=%H", "--", path).strip()
                if not last:
                    return None
                rev = f"{last}^"
            text = _git(project.root, "show", f"{rev}:./{path}")
            break
        except GitError:
            continue
    if text is None:
        return None
    with tempfile.TemporaryDirectory(prefix="pipeline-links-") as folder:
        copy = Path(folder) / PurePosixPath(path).name
        copy.write_text(text, encoding="utf-8")
        loaded, _ = load_markdown(copy, docs_path, project.site_config, project.layout)
    return loaded if isinstance(loaded, Item | Page) else None
