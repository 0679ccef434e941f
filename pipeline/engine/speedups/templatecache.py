"""Compiled templates kept across builds: Jinja's own bytecode cache.

MkDocs makes a new Jinja environment for every build, which compiles every template it
renders from source again (about 60 templates, a few tenths of a second, in every
`pipeline build` and every full build of the live preview). Jinja's
``FileSystemBytecodeCache`` keeps each compiled template by its name and file and takes it
only while the template's source has the same checksum. What else the compiled code depends
on — Jinja's version, the environment's extensions and syntax settings — names the folder
the entries live in, so a change there starts an empty folder (the others are removed).

A process also keeps the compiled code it read or wrote, by folder, template and checksum:
a preview that builds again, or a process that builds many projects (the test suite's
fresh projects, each with an empty cache), compiles a template once.
"""

from __future__ import annotations

import hashlib
import shutil
from importlib.metadata import version
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket

CACHE_DIR = Path(".cache") / "pipeline" / "templates"
FORMAT = "1"
KEPT_IN_PROCESS = 2000  # compiled templates; a theme has about a hundred


class KeptBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, with the code compiled in this process taken first. ``kept``:
    (settings key, template key, source checksum) -> code, shared by the environments of
    the process (code objects are immutable; the settings key names what compiling read)."""

    def __init__(self, folder: Path, settings: str, kept: dict) -> None:
        super().__init__(str(folder))
        self.settings = settings
        self.kept = kept

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.kept.get((self.settings, bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code
            return
        super().load_bytecode(bucket)
        self._keep(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        super().dump_bytecode(bucket)
        self._keep(bucket)

    def _keep(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        if len(self.kept) >= KEPT_IN_PROCESS:
            self.kept.clear()  # templates edited again and again in a long preview
        self.kept[(self.settings, bucket.key, bucket.checksum)] = bucket.code


# the process's compiled templates: pure data, the same whichever build reads them
_COMPILED: dict[tuple[str, str, str], object] = {}


def _name(value) -> str:
    """A setting as text that is the same in every process (a function by its name)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"
    return repr(value)


def settings_key(env: Environment) -> str:
    """What compiling a template reads of the environment, besides the template itself."""
    parts = [
        FORMAT,
        version("jinja2"),
        *sorted(env.extensions),
        *(
            _name(getattr(env, attribute, None))
            for attribute in (
                "block_start_string", "block_end_string", "variable_start_string",
                "variable_end_string", "comment_start_string", "comment_end_string",
                "line_statement_prefix", "line_comment_prefix", "trim_blocks",
                "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
                "autoescape", "finalize", "undefined", "newstyle_gettext", "enable_async",
            )
        ),
    ]  # fmt: skip
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def install(env: Environment, root: Path) -> None:
    """Compiled templates read from and written to ``root``'s cache from now on."""
    settings = settings_key(env)
    folder = root / CACHE_DIR / settings
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # a cache that cannot be written is simply not used
    for other in folder.parent.iterdir():
        if other != folder and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
    env.bytecode_cache = KeptBytecodeCache(folder, settings, _COMPILED)
