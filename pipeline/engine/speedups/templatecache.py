"""Compiled templates kept across builds: Jinja's own bytecode cache.

MkDocs makes a new Jinja environment for every build, which compiles every template it
renders from source again (about 60 templates, a few tenths of a second, in every
`pipeline build` and every full build of the live preview). Jinja's
``FileSystemBytecodeCache`` keeps each compiled template by its name and file and takes it
only while the template's source has the same checksum. What else the compiled code depends
on — Jinja's version, the environment's extensions and syntax settings — names the folder
the entries live in, so a change there starts an empty folder (the others are removed).
"""

from __future__ import annotations

import hashlib
import shutil
from importlib.metadata import version
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache

CACHE_DIR = Path(".cache") / "pipeline" / "templates"
FORMAT = "1"


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
    folder = root / CACHE_DIR / settings_key(env)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # a cache that cannot be written is simply not used
    for other in folder.parent.iterdir():
        if other != folder and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
