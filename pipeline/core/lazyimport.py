"""Modules bound at import time, loaded on first use (``importlib.util.LazyLoader``).

The readers of attachments (pypdf, python-docx, openpyxl, python-pptx) cost a third of a
second and about 27 MB to import; most builds and checks have no attachment of one kind
or another, and every command that checks content imports the guard. A module bound with
``lazy_module`` is a real module object whose code runs when an attribute is first read
(the standard library's documented recipe), so nothing is imported inside a function.
Python 3.11's LazyLoader takes no lock: a module bound here is first used from one thread.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """``name``, imported for real when one of its attributes is first used; the module
    already loaded when something imported it before."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
