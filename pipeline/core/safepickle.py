"""Reading the pipeline's own cache files written with pickle: only its records and plain
values are made, so a file put there by anything else fails to load instead of running
code. Callers treat every failure as "no cache" (``LoadError``)."""

from __future__ import annotations

import io
import pickle
import zoneinfo

# what a stored value may be made of besides the pipeline's own records
_MODULES = frozenset({"datetime", "zoneinfo", "pathlib", "collections", "copyreg", "enum"})
_BUILTINS = frozenset(
    {"set", "frozenset", "tuple", "list", "dict", "bytes", "bytearray", "str", "int", "float",
     "complex", "bool", "slice", "range", "object"}
)  # fmt: skip


class LoadError(Exception):
    """The data is not a pickle of allowed values (corrupt, truncated or foreign)."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        allowed = (
            module == "pipeline"
            or module.startswith("pipeline.")
            or module in _MODULES
            or (module == "builtins" and name in _BUILTINS)
        )
        if not allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a pipeline cache")
        return super().find_class(module, name)


def loads(data: bytes | memoryview) -> object:
    """The value pickled in ``data``; ``LoadError`` for anything else."""
    try:
        return _Unpickler(io.BytesIO(data)).load()
    except Exception as exc:  # a corrupt file fails in many ways: each is "no cache"
        raise LoadError(str(exc)) from None


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        # a time zone by its name, as ZoneInfo(key) makes it (its own pickling names a
        # class method, which only getattr, not allowed when loading, could find)
        if isinstance(obj, zoneinfo.ZoneInfo):
            if obj.key is None:
                raise pickle.PicklingError("a time zone read from a file has no name")
            return zoneinfo.ZoneInfo, (obj.key,)
        return NotImplemented


def dumps(value: object) -> bytes:
    """``value`` pickled; ``LoadError`` when it cannot be (a value of no picklable kind)."""
    out = io.BytesIO()
    try:
        _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    except Exception as exc:  # pickle raises several kinds for an unpicklable value
        raise LoadError(str(exc)) from None
    return out.getvalue()
