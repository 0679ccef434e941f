"""Chinese word segmentation for the search index: each distinct text once, cached, in parallel.

Material's search plugin segments every section of every page with jieba as the page
is rendered, one string at a time, on one core; the same summaries appear again on
every list page. Here the plugin's segmenter only marks its input; just before the
index is written, the distinct runs of Chinese characters of the whole site are
segmented once each: from the cache when an earlier build saw them, the rest split
over worker processes. Each run is joined exactly as the plugin joins it, so the
index is the same, byte for byte.

Loading jieba's dictionary takes about a second, which a build that changed one page
spends on a handful of new runs. ``Segmenter`` therefore looks at each text as the
search plugin marks it: a run the cache does not know is sent at once to one spawned
worker (started on the first such run, loading the dictionary while the other pages
render); ``segment_index`` then takes the worker's words instead of loading the
dictionary itself. A build whose runs are all cached starts no worker.

Most texts of a build that changed one item are those of the build before, to the byte
(pages skipped, their entries replayed): ``TextCache`` keeps each text of the last whole
build segmented, by its digest, and such a text is taken as it is, not scanned for runs
and joined again. Each text left is scanned once (``HAN_RUN.split``) for its runs and
joined from their words.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import backrefs.bre as bre
import jieba
from material.plugins.search.plugin import SearchPlugin

from pipeline.core import safepickle
from pipeline.core.cachefile import read_pickled_dict, write_atomic
from pipeline.engine import compat
from pipeline.engine.speedups.jiebaworker import SEPARATOR, load_dictionaries, segment_chunk

CACHE_DIR = Path(".cache") / "pipeline" / "search-words"
# what the search plugin matches: a run of Han characters (material/plugins/search/plugin.py)
HAN_RUN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)
# below this many uncached characters, starting workers costs more than it saves
PARALLEL_FROM_CHARS = 150_000
TEXTS_SUFFIX = ".texts"  # the segmented texts (TextCache), beside the words' .json
TEXTS_FORMAT = b"pipeline-search-texts 1\n"


class Pending(str):
    """Text the search plugin handed to its segmenter, segmented before the index is written."""


def mark_pending(data: str) -> str:
    return Pending(data)


class Segmenter:
    """The search plugin's segmenter for one build: marks text (``Pending``) and sends the
    runs the word cache does not know to a worker started on the first of them, so that
    ``segment_index`` finds them segmented."""

    def __init__(self, root: Path | None, search_config) -> None:
        self.cache = WordCache(root, dictionary_fingerprint(search_config))
        self.dictionaries = (search_config.get("jieba_dict"), search_config.get("jieba_dict_user"))
        self.asked: set[str] = set()  # runs sent to the worker
        self.sent: list[tuple[list[str], Future]] = []
        self._pool: ProcessPoolExecutor | None = None
        self.open = True  # until segment_index took the words (or the build ended)

    def mark(self, data: str) -> str:
        if self.open:
            new = [
                run
                for run in dict.fromkeys(HAN_RUN.findall(data))
                if run not in self.cache.known and run not in self.asked
            ]
            if new:
                self._send(new)
        return Pending(data)

    def _send(self, runs: list[str]) -> None:
        try:
            if self._pool is None:  # spawned, not forked: the build has threads
                self._pool = ProcessPoolExecutor(
                    1, mp_context=get_context("spawn"), initializer=load_dictionaries,
                    initargs=self.dictionaries,
                )  # fmt: skip
            self.sent.append((runs, self._pool.submit(segment_chunk, runs)))
        except (OSError, RuntimeError):  # no worker: segment_index segments them itself
            self.open = False
            return
        self.asked.update(runs)

    def words(self) -> dict[str, str]:
        """What the worker segmented (a chunk it failed on is left out: segmented again)."""
        found: dict[str, str] = {}
        for runs, future in self.sent:
            try:
                found.update(zip(runs, future.result(), strict=True))
            except Exception:  # the same runs are segmented in this process
                continue
        return found

    def close(self) -> None:
        self.open = False
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def defer_segmentation(search_plugin, root: Path | None = None) -> Segmenter | None:
    """Make the search plugin's index mark text instead of segmenting it on the spot; the
    segmenter returned goes to ``segment_index`` (and is closed by whoever holds it)."""
    index = getattr(search_plugin, "search_index", None)
    if index is None:
        return None
    segmenter = Segmenter(root, search_plugin.config)
    compat.replace_search_segmenter(index, segmenter.mark)
    return segmenter


def find_search_plugin(config):
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
            return plugin
    return None


class WordCache:
    """Segmented runs from earlier builds, for one jieba dictionary set-up."""

    def __init__(self, root: Path | None, fingerprint: str) -> None:
        self.root = root
        self.fingerprint = fingerprint
        self.path = root / CACHE_DIR / f"{fingerprint[:32]}.json" if root else None
        self.known: dict[str, str] = {}
        if self.path and self.path.is_file():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = {}
            if isinstance(loaded, dict):
                self.known = loaded

    def save(self, used: dict[str, str]) -> None:
        """Keep ``used``: what this build used, so that the cache follows the site and does
        not grow forever; or, from a build that took texts whole (``TextCache``), the words
        known with its new ones (a handful an edit, until a build takes none)."""
        if not self.path or used == self.known:
            return
        payload = json.dumps(used, ensure_ascii=False, separators=(",", ":"))
        if not write_atomic(self.path, payload.encode("utf-8")):
            return  # a cache that cannot be written is simply not used
        for old in self.path.parent.glob("*.json"):
            if old != self.path:
                old.unlink(missing_ok=True)


class TextCache:
    """Each title and text of the last build's index, segmented, by the digest of the text
    as the search plugin handed it over: a text the same to the byte (most of a site's, on
    a build that changed one item) is taken, not scanned for runs and joined again. The
    file's header names its format and the code that segments (this module and the
    worker's), its name the dictionary set-up (``dictionary_fingerprint``): a text is
    segmented the same under the same three. A file of another header, damaged or foreign,
    reads as empty (``pipeline.core.cachefile``); it holds only the last build's texts."""

    def __init__(self, root: Path | None, fingerprint: str) -> None:
        name = f"{fingerprint[:32]}{TEXTS_SUFFIX}"
        self.path = root / CACHE_DIR / name if root else None
        self.header = TEXTS_FORMAT + _code_fingerprint().encode() + b"\n"
        self.known: dict = read_pickled_dict(self.path, self.header) if self.path else {}

    def get(self, digest: bytes) -> str | None:
        found = self.known.get(digest)
        return found if isinstance(found, str) else None

    def save(self, texts: dict[bytes, str]) -> None:
        """Keep this build's texts only; unchanged: left as it is."""
        if not self.path or texts == self.known:
            return
        try:
            data = safepickle.dumps(texts)
        except safepickle.LoadError:
            return
        if not write_atomic(self.path, self.header, data):
            return
        for old in self.path.parent.glob(f"*{TEXTS_SUFFIX}"):
            if old != self.path:
                old.unlink(missing_ok=True)


def _code_fingerprint() -> str:
    """The source of what turns a text into its segmented form: this module, the
    worker's (``jiebaworker``) and its dictionary in parts (``jiebadict``)."""
    digest = hashlib.blake2b(digest_size=16)
    here = Path(__file__)
    for path in (here, here.with_name("jiebaworker.py"), here.with_name("jiebadict.py")):
        try:
            digest.update(path.read_bytes() + b"\0")
        except OSError:
            digest.update(b"\0unreadable")
    return digest.hexdigest()


def text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()


def dictionary_fingerprint(search_config) -> str:
    """jieba's version and every dictionary file the search plugin loads."""
    digest = hashlib.sha256(f"jieba {jieba.__version__}".encode())
    for key in ("jieba_dict", "jieba_dict_user"):
        value = search_config.get(key)
        digest.update(f"{key}={value}".encode())
        if value and os.path.isfile(value):
            digest.update(Path(value).read_bytes())
    return digest.hexdigest()


def segment_index(
    search_plugin,
    root: Path | None,
    *,
    parallel: bool = True,
    segmenter: Segmenter | None = None,
    use_texts: bool | None = None,
) -> None:
    """Replace every pending title and text of the index with its segmented form.
    ``segmenter``: the build's (``defer_segmentation``), with the words its worker made;
    closed here. ``use_texts``: a text segmented by the last build is taken from its
    cache (``TextCache``), which then keeps this build's; None: so for a whole build (one
    with a ``segmenter``), not for a few pages rendered again (``finish_pages``), whose
    texts would push the site's out; False: every text scanned and joined."""
    entries = search_plugin.search_index.entries
    pending = [
        (entry, key)
        for entry in entries
        for key in ("title", "text")
        if isinstance(entry.get(key), Pending)
    ]
    sent = segmenter.words() if segmenter is not None and pending else {}
    if segmenter is not None:
        segmenter.close()
    if not pending:
        return
    if segmenter is not None:
        cache = segmenter.cache
    else:
        cache = WordCache(root, dictionary_fingerprint(search_plugin.config))
    if use_texts is None:
        use_texts = segmenter is not None
    texts = TextCache(root, cache.fingerprint) if use_texts and root is not None else None
    done: dict[bytes, str] = {}  # this build's texts, segmented, by digest
    todo: list[tuple[dict, str, bytes | None, list[str]]] = []
    for entry, key in pending:
        text = str(entry[key])
        digest = text_digest(text) if texts is not None else None
        found = done.get(digest) if digest is not None else None
        if found is None and texts is not None:
            found = texts.get(digest)
        if found is not None:
            entry[key] = done[digest] = found
            continue
        # one scan of the text: its runs of Han characters at the odd places, the text
        # between them at the even ones (what ``HAN_RUN.sub`` would go through twice)
        todo.append((entry, key, digest, HAN_RUN.split(text)))
    runs = {run for _entry, _key, _digest, parts in todo for run in parts[1::2]}
    known = cache.known
    words = {run: known[run] if run in known else sent[run] for run in runs
             if run in known or run in sent}  # fmt: skip
    missing = sorted(runs - words.keys())
    words.update(_segment_runs(missing, search_plugin.config, parallel=parallel))
    # texts taken whole did not say which runs they hold: the words known are kept with
    # this build's (the word cache then follows the site again on a build without any)
    cache.save({**known, **words} if len(todo) < len(pending) else words)
    for entry, key, digest, parts in todo:
        parts[1::2] = [words[run] for run in parts[1::2]]
        entry[key] = "".join(parts).strip(SEPARATOR)
        if digest is not None:
            done[digest] = entry[key]
    if texts is not None:
        texts.save(done)


def _segment_runs(runs: list[str], search_config, *, parallel: bool) -> dict[str, str]:
    if not runs:
        return {}
    dictionaries = (search_config.get("jieba_dict"), search_config.get("jieba_dict_user"))
    workers = min(os.cpu_count() or 1, 4)
    if not parallel or workers < 2 or sum(map(len, runs)) < PARALLEL_FROM_CHARS:
        return dict(zip(runs, segment_chunk(runs), strict=True))
    # spawned, not forked: the build may have threads (progress display, live reload)
    size = max(1, len(runs) // (workers * 4) + 1)
    chunks = [runs[at : at + size] for at in range(0, len(runs), size)]
    with ProcessPoolExecutor(
        workers, mp_context=get_context("spawn"), initializer=load_dictionaries,
        initargs=dictionaries,
    ) as pool:  # fmt: skip
        results = pool.map(segment_chunk, chunks)
        return {
            run: words
            for chunk, segmented in zip(chunks, results, strict=True)
            for run, words in zip(chunk, segmented, strict=True)
        }
