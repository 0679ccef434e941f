"""The engine adapter: everything that knows MkDocs and Material lives in this package.

The rest of the pipeline hands a build over through one seam (``request.BuildRequest``,
given to the plugin by ``build`` and ``serve``) and gets findings and files back; no
other package imports MkDocs or Material (tests/test_architecture.py).

The engine is MkDocs 1.6, or ProperDocs (its maintained drop-in fork) when that is
installed: ProperDocs answers every ``mkdocs.*`` import once ``properdocs.replacement``
is imported, so it must be chosen here, before any module of this package imports MkDocs.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys


def _choose_engine() -> str:
    running = sys.modules.get("mkdocs")
    if running is not None:  # inside `mkdocs build` or `properdocs build`: that one
        return "properdocs" if running.__name__ == "properdocs" else "mkdocs"
    if importlib.util.find_spec("properdocs") is not None:
        importlib.import_module("properdocs.replacement")
        return "properdocs"
    return "mkdocs"


ENGINE = _choose_engine()

# the engine logs under its own name ("properdocs.structure.pages" ...); so do we, so that
# its command line shows our lines and counts our warnings in strict mode
LOG_NAMESPACE = ENGINE
PLUGIN_LOGGER = f"{ENGINE}.plugins.pipeline"
