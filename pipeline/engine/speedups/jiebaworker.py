"""What a segmentation worker process runs: kept apart so that a spawned worker imports
jieba and nothing of MkDocs."""

from __future__ import annotations

import os

import jieba

from pipeline.engine.speedups.jiebadict import PartialDictionary, store_path, write_store

SEPARATOR = "\u200b"

# The dictionary in parts (``jiebadict``) when this worker loaded it so: an executor's
# initializer can hand its tasks nothing but process state, as jieba's own ``jieba.dt``.
# Never set in a build's own process, whose jieba Material's search plugin may use.
_parts: PartialDictionary | None = None


def load_dictionaries(main_dict: str | None, user_dict: str | None) -> None:
    """A worker loads the same dictionaries as the search plugin did in the build: jieba's
    own in parts when its store can be read, else whole (and the store written)."""
    global _parts
    jieba.setLogLevel(60)
    if main_dict or user_dict:
        if main_dict:
            jieba.set_dictionary(os.path.normpath(main_dict))
        if user_dict:
            jieba.load_userdict(os.path.normpath(user_dict))
        jieba.initialize()
        return
    path = store_path()
    parts = PartialDictionary.read(path) if path is not None else None
    if parts is None:
        jieba.initialize()
        if path is not None:
            write_store(path, jieba.dt.FREQ, jieba.dt.total)
        return
    tokenizer = jieba.dt
    tokenizer.FREQ, tokenizer.total = dict(parts.singles), parts.total
    tokenizer.initialized = True
    _parts = parts


def segment_chunk(runs: list[str]) -> list[str]:
    """Each run as the search plugin writes it: words joined and framed by zero-width spaces."""
    if _parts is not None:
        _parts.fill(jieba.dt.FREQ, runs)
    return [SEPARATOR + SEPARATOR.join(jieba.cut(run.encode("utf-8"))) + SEPARATOR for run in runs]
