"""jieba's dictionary in parts (pipeline/engine/speedups/jiebadict.py): a segmentation
worker that loads only the parts its runs can look up splits every run into the words
jieba gives with the whole dictionary.

Each side runs in its own real process, as a worker does (jieba's tokenizer is one per
process), with the user cache folder in a temporary directory: the first process loads the
whole dictionary and writes the store, the second reads the store.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from conftest import REPO

from pipeline.engine.speedups import jiebadict
from pipeline.engine.speedups.segmentation import HAN_RUN

WORKER = """
import json, sys
import jieba
from pipeline.engine.speedups import jiebaworker
main_dict, user_dict, runs_file = sys.argv[1:4]
jiebaworker.load_dictionaries(main_dict or None, user_dict or None)
parts = jiebaworker._parts
entries = len(jieba.dt.FREQ)
runs = json.loads(open(runs_file, encoding="utf-8").read())
words = []
for start in range(0, len(runs), 500):  # in chunks, as the build hands them over
    words += jiebaworker.segment_chunk(runs[start : start + 500])
print(json.dumps({"parts": parts is not None, "entries_at_start": entries,
                  "entries_at_end": len(jieba.dt.FREQ), "words": words}, ensure_ascii=False))
"""


def sample_runs(seed: int = 7) -> list[str]:
    """Every run of Han characters in the sample site and the docs, and runs made up to
    reach the dictionary's corners: its words strung together (boundaries jieba must
    choose between), single characters, rare characters (CJK extension A) and characters
    of words whose prefix it holds but not the word."""
    texts = [p.read_text("utf-8") for p in sorted((REPO / "content").rglob("*.md"))]
    texts += [p.read_text("utf-8") for p in sorted((REPO / "docs").rglob("*.md"))]
    runs = {run for text in texts for run in HAN_RUN.findall(text)}
    words = [
        line.split(" ", 1)[0]
        for line in jiebadict.default_dictionary().read_text("utf-8").splitlines()
    ]
    rng = random.Random(seed)
    for _ in range(3000):
        runs.add("".join(rng.choice(words) for _ in range(rng.randint(1, 8))))
    for _ in range(500):
        word = rng.choice([w for w in rng.sample(words, 50) if len(w) > 2] or ["中华人民共和国"])
        runs.add(word[:-1] + rng.choice("的了是在我有他这中大"))  # a prefix, then a turn
    runs.update(chr(code) for code in range(0x4E00, 0x4E00 + 300))
    runs.add("".join(chr(code) for code in range(0x3400, 0x3420)))  # extension A
    runs.add("㐀一丁七㐁万丈")
    return sorted(runs)


def run_worker(
    tmp_path: Path, runs: list[str], *, user_dict: str = "", cache: str | None = None
) -> dict:
    runs_file = tmp_path / "runs.json"
    runs_file.write_text(json.dumps(runs, ensure_ascii=False), "utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": cache or str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", WORKER, "", user_dict, str(runs_file)],
        capture_output=True, text=True, env=env, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def stores(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "pipeline" / "jieba").glob("*.parts"))


def test_a_worker_with_the_dictionary_in_parts_splits_runs_as_the_whole_one(tmp_path):
    runs = sample_runs()
    whole = run_worker(tmp_path, runs)
    assert not whole["parts"] and whole["entries_at_start"] > 400_000
    assert len(stores(tmp_path)) == 1  # written by the worker that loaded it whole

    parted = run_worker(tmp_path, runs)
    assert parted["parts"]
    assert parted["entries_at_start"] < 20_000  # the one-character entries only
    assert parted["entries_at_end"] < whole["entries_at_start"]
    differing = [
        (run, a, b)
        for run, a, b in zip(runs, whole["words"], parted["words"], strict=True)
        if a != b
    ]
    assert not differing, differing[:10]
    assert len(runs) > 5000


def test_a_few_runs_load_a_small_part(tmp_path):
    run_worker(tmp_path, ["准备"])
    few = run_worker(tmp_path, ["澜石科技发布新一代工业网关", "公司新闻"])
    assert few["parts"] and few["entries_at_end"] < 20_000


def test_a_damaged_or_foreign_store_is_not_used_and_is_written_again(tmp_path):
    runs = ["澜石科技发布新一代工业网关", "年度工作会议在上海召开"]
    right = run_worker(tmp_path, runs)["words"]
    (store,) = stores(tmp_path)
    good = store.read_bytes()
    for damaged in (good[:-100], good[:-100] + bytes(100), b"pipeline-jieba-parts 1\n" + b"x" * 99):
        store.write_bytes(damaged)
        again = run_worker(tmp_path, runs)
        assert not again["parts"] and again["words"] == right
        assert store.read_bytes() == good  # the whole dictionary written out again
    assert run_worker(tmp_path, runs)["parts"]


def test_a_user_dictionary_loads_the_whole_dictionary(tmp_path):
    run_worker(tmp_path, ["准备"])  # the store exists
    user = tmp_path / "userdict.txt"
    user.write_text("年度工作会议 1000000\n", "utf-8")
    result = run_worker(tmp_path, ["年度工作会议在上海召开"], user_dict=str(user))
    assert not result["parts"]
    assert result["words"] == ["\u200b年度工作会议\u200b在\u200b上海\u200b召开\u200b"]


def test_an_unwritable_cache_folder_still_segments(tmp_path):
    (tmp_path / "cache").write_text("a file where the folder would be", "utf-8")
    result = run_worker(tmp_path, ["年度工作会议在上海召开"])
    assert not result["parts"] and result["words"]


def test_a_relative_cache_folder_is_not_used(tmp_path):
    """XDG_CACHE_HOME must be absolute (the XDG rules): a relative one would put the store
    in whatever folder the build runs in, the project's."""
    result = run_worker(tmp_path, ["年度工作会议在上海召开"], cache="relative-cache")
    assert result["words"]
    assert not (tmp_path / "relative-cache").exists()


def test_the_cache_folder_keeps_the_last_three_stores(tmp_path):
    """One store per jieba version in use (environments may share the folder), about
    10 MB each: the folder does not grow with every upgrade."""
    freq = {"工": 5, "工业": 3, "工业网": 0, "工业网关": 2}
    for n in range(5):
        path = tmp_path / f"version-{n}.parts"
        assert jiebadict.write_store(path, freq, 10)
        os.utime(path, ns=(n * 10**9, n * 10**9))  # written in this order
    kept = sorted(p.name for p in tmp_path.glob("*.parts"))
    assert kept == ["version-2.parts", "version-3.parts", "version-4.parts"]
    parts = jiebadict.PartialDictionary.read(tmp_path / "version-4.parts")
    filled = dict(parts.singles)
    parts.fill(filled, ["工业网关"])
    assert filled == freq and parts.total == 10


def test_an_old_store_that_cannot_be_removed_is_left(tmp_path):
    """A worker writing its store must not fail on an old one it may not remove (another
    user's in a shared folder; here a folder of that name)."""
    stuck = tmp_path / "old.parts"
    stuck.mkdir()
    os.utime(stuck, ns=(0, 0))
    freq = {"工": 5, "工业": 3}
    for n in range(4):
        assert jiebadict.write_store(tmp_path / f"version-{n}.parts", freq, 10)
    assert stuck.is_dir()
