"""What a segmentation worker process runs: kept apart so that a spawned worker imports
jieba and nothing of MkDocs."""

from __future__ import annotations

import os

import jieba

SEPARATOR = "\u200b"


def load_dictionaries(main_dict: str | None, user_dict: str | None) -> None:
    """A worker loads the same dictionaries as the search plugin did in the build."""
    jieba.setLogLevel(60)
    if main_dict:
        jieba.set_dictionary(os.path.normpath(main_dict))
    if user_dict:
        jieba.load_userdict(os.path.normpath(user_dict))
    jieba.initialize()


def segment_chunk(runs: list[str]) -> list[str]:
    """Each run as the search plugin writes it: words joined and framed by zero-width spaces."""
    return [SEPARATOR + SEPARATOR.join(jieba.cut(run.encode("utf-8"))) + SEPARATOR for run in runs]
