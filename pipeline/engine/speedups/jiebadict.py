"""jieba's prefix dictionary kept in parts, so that a segmentation worker loads only the
parts the runs it is handed can look up, not all 498,000 entries.

``jieba.initialize`` unmarshals the whole dictionary (its cache, about 9 MB), which took
0.65 s of CPU in every worker: a build that met a handful of new words, and each of the
test suite's 300 fresh builds, spent most of its segmentation there. Segmenting a run
looks up only substrings of that run (``Tokenizer.get_DAG``, ``calc`` and the check
before the HMM): a one-character key, or a longer one whose first two characters stand
side by side in the run. So the store keeps the one-character entries together and the
longer ones in 65,536 buckets by their first two characters; before a chunk of runs is
segmented, the buckets of every pair of neighbouring characters in it are merged into the
tokenizer's dictionary. Every key a run can ask for is then present with the value the
whole dictionary gives it, or absent from both: the words are the same.

The store is built once per user and dictionary (``store_path``), from the dictionary
jieba loads, and read as "no store" when it is missing, damaged or of another format: the
worker then loads the whole dictionary as before and writes the store for the next one.
Only the worker processes of ``jiebaworker`` use it, and only with jieba's own
dictionary: a user dictionary changes entries after loading (``load_userdict``).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from array import array
from pathlib import Path

import jieba

from pipeline.core.cachefile import write_atomic

FORMAT = b"pipeline-jieba-parts 1\n"
BUCKETS = 1 << 16
DIGEST_SIZE = 32
KEPT_STORES = 3


def bucket_of(first: str, second: str) -> int:
    """A bucket for a two-character prefix, the same in every process (``hash`` of a str
    is salted per process)."""
    return (ord(first) * 65599 + ord(second)) & (BUCKETS - 1)


def default_dictionary() -> Path:
    return Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)


def store_dir() -> Path | None:
    """The user's cache folder: the store follows jieba's dictionary, not a project. None
    without an absolute one (a relative ``XDG_CACHE_HOME`` is ignored, as the XDG rules
    say; no home folder: no store, rather than one inside the project)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "pipeline" / "jieba"


def store_path(dictionary: Path | None = None) -> Path | None:
    """Where the store of ``dictionary`` (jieba's own by default) is kept, named by its
    bytes and jieba's version; None when the dictionary cannot be read or there is no
    cache folder."""
    folder = store_dir()
    if folder is None:
        return None
    dictionary = dictionary or default_dictionary()
    digest = hashlib.blake2b(f"jieba {jieba.__version__}\0".encode(), digest_size=16)
    try:
        digest.update(dictionary.read_bytes())
    except OSError:
        return None
    return folder / f"{digest.hexdigest()}.parts"


def write_store(path: Path, freq: dict[str, int], total: int) -> bool:
    """Split a loaded dictionary (``Tokenizer.FREQ`` and ``total``) into the store."""
    singles: dict[str, int] = {}
    buckets: list[dict[str, int]] = [{} for _ in range(BUCKETS)]
    for key, value in freq.items():
        if len(key) == 1:
            singles[key] = value
        elif key:
            buckets[bucket_of(key[0], key[1])][key] = value
    blobs = [marshal.dumps(bucket) for bucket in buckets]
    offsets = array("Q", [0])
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    head = marshal.dumps((total, singles, offsets.tobytes()))
    body = len(head).to_bytes(8, "little") + head + b"".join(blobs)
    digest = hashlib.blake2b(body, digest_size=DIGEST_SIZE).digest()
    if not write_atomic(path, FORMAT, digest, body):
        return False
    _keep_newest(path.parent, KEPT_STORES)
    return True


def _keep_newest(folder: Path, count: int) -> None:
    """The folder keeps the ``count`` stores written last (one per jieba version in use:
    several environments may share the folder), about 10 MB each."""
    stores = []
    for store in folder.glob("*.parts"):
        try:
            stores.append((store.stat().st_mtime_ns, store))
        except OSError:
            continue
    for _, old in sorted(stores, reverse=True)[count:]:
        # another user's store in a shared folder: left, as a worker must not fail on it
        with contextlib.suppress(OSError):
            old.unlink(missing_ok=True)


class PartialDictionary:
    """A store read into memory; ``fill`` merges what some runs can look up into a dict."""

    def __init__(self, total: int, singles: dict[str, int], offsets: array, blobs: memoryview):
        self.total = total
        self.singles = singles
        self.offsets = offsets
        self.blobs = blobs
        self.loaded: set[int] = set()

    @classmethod
    def read(cls, path: Path) -> PartialDictionary | None:
        """The store at ``path``; None when it is missing, damaged or of another format."""
        try:
            data = path.read_bytes()
        except OSError:
            return None
        start = len(FORMAT) + DIGEST_SIZE
        if not data.startswith(FORMAT) or len(data) < start + 8:
            return None
        body = memoryview(data)[start:]
        if hashlib.blake2b(body, digest_size=DIGEST_SIZE).digest() != data[len(FORMAT) : start]:
            return None
        size = int.from_bytes(body[:8], "little")
        try:
            total, singles, offset_bytes = marshal.loads(body[8 : 8 + size])
            offsets = array("Q")
            offsets.frombytes(offset_bytes)
        except (EOFError, ValueError, TypeError):
            return None
        blobs = body[8 + size :]
        if len(offsets) != BUCKETS + 1 or offsets[-1] != len(blobs):
            return None
        if not isinstance(total, int) or not isinstance(singles, dict):
            return None
        return cls(total, singles, offsets, blobs)

    def fill(self, freq: dict[str, int], runs: list[str]) -> None:
        """Merge into ``freq`` every bucket the neighbouring characters of ``runs`` name."""
        wanted = {bucket_of(run[at], run[at + 1]) for run in runs for at in range(len(run) - 1)}
        for bucket in wanted - self.loaded:
            start, end = self.offsets[bucket], self.offsets[bucket + 1]
            if end > start:
                freq.update(marshal.loads(self.blobs[start:end]))
        self.loaded |= wanted
