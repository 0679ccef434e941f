"""Content-guard benchmark: scan speed over >= 20 MB of Chinese text with 20,000 terms.

    .venv/bin/python bench/bench_guard.py [--mb 20] [--terms 20000]

Prints the time to load the term list (read + fold + build the automaton), the scan
speed with every normalization on (traditional/simplified, full-width, case, number
forms, look-alike letters, invisible characters and inserted symbols), and, measured
in the same run, a naive per-term search over a slice, with the ratio between the two.

The text is made of jieba's dictionary words drawn by their frequency, with Chinese
punctuation, some traditional paragraphs, full-width digits and planted evasions.
Terms are drawn from the rarer dictionary words (as sensitive terms are rare in a
company's copy) plus a few planted ones, so the scan finds real matches.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

import jieba
import opencc

from pipeline.guard.matcher import Matcher
from pipeline.guard.normalize import fold_term
from pipeline.guard.settings import Category, GuardConfig, read_terms

# Punctuation at the rates of the sample site's own Chinese text (per 10,000 characters).
PUNCTUATION = {"，": 340, "。": 200, "、": 113, "；": 22, "：": 28, "“": 11, "”": 11, "《": 15,
               "》": 15, "（": 3, "）": 3, " ": 20, "\n": 60}  # fmt: skip
PLANTED = ["内 部*资.料", "內部資料", "第１", "ＦＡＬＣＯＮ", "内\u200b部资料", "國家級"]


def dictionary() -> tuple[list[str], list[int]]:
    words, weights = [], []
    path = Path(jieba.__file__).parent / "dict.txt"
    for line in path.read_text("utf-8").splitlines():
        word, freq, *_ = line.split()
        words.append(word)
        weights.append(int(freq))
    return words, weights


def make_text(megabytes: float, words: list[str], weights: list[int], rng) -> str:
    """``megabytes`` million characters: a 5-million-character body repeated as needed."""
    unit = min(5_000_000, int(megabytes * 1_000_000))
    t2s = opencc.OpenCC("s2t")
    parts: list[str] = []
    size = 0
    while size < unit:
        tokens = rng.choices(words, weights=weights, k=4000)
        marks = rng.choices(list(PUNCTUATION), weights=list(PUNCTUATION.values()), k=4000)
        paragraph = []
        for index, token in enumerate(tokens):
            paragraph.append(token)
            if rng.random() < 0.17:  # about one mark per 12 characters, as in the sample site
                paragraph.append(marks[index])
            if index % 500 == 0:
                paragraph.append(rng.choice(PLANTED) + "，")
            if index % 700 == 0:
                paragraph.append(f"２０２６年{rng.randint(1, 12)}月")
        text = "".join(paragraph) + "\n"
        if rng.random() < 0.05:
            text = t2s.convert(text)
        parts.append(text)
        size += len(text)
    body = "".join(parts)[:unit]
    copies = -(-int(megabytes * 1_000_000) // unit)
    return (body * copies)[: int(megabytes * 1_000_000)]


def make_terms(count: int, words: list[str], weights: list[int], rng) -> list[str]:
    rare = [w for w, f in zip(words, weights, strict=True) if f <= 3 and 2 <= len(w) <= 8]
    terms = {"内部资料", "第一", "Falcon", "国家级"}
    while len(terms) < count:
        terms.add(rng.choice(rare))
    return sorted(terms)


def naive_scan(text: str, terms: list[str], table: dict) -> int:
    """What a straightforward filter does: normalize with str.translate, then look for each
    term in turn (no separators removed, so it even finds less)."""
    folded = text.translate(table).lower()
    found = 0
    for term in terms:
        start = folded.find(term)
        while start >= 0:
            found += 1
            start = folded.find(term, start + 1)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="million characters to scan")
    parser.add_argument("--terms", type=int, default=20_000)
    parser.add_argument("--slice", type=int, default=200_000, help="characters for the naive run")
    args = parser.parse_args()
    rng = random.Random(2026)

    started = time.perf_counter()
    words, weights = dictionary()
    text = make_text(args.mb, words, weights, rng)
    terms = make_terms(args.terms, words, weights, rng)
    print(f"corpus: {len(text):,} characters, {args.terms:,} terms "
          f"(generated in {time.perf_counter() - started:.1f} s)")  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.txt"
        path.write_text("\n".join(terms) + "\n", "utf-8")
        started = time.perf_counter()
        loaded = read_terms(path.read_bytes(), "bench.txt")
        category = Category("bench", "bench", "block", "", path, "bench.txt", loaded)
        matcher = Matcher(GuardConfig({"bench": category}, allowed_phrases=("第一季度",)))
        load = time.perf_counter() - started
    print(f"load:  {len(loaded):,} terms read, folded and compiled in {load * 1000:.0f} ms "
          f"({len(matcher.patterns):,} patterns with number-form variants)")  # fmt: skip

    runs = []
    for _ in range(3):
        started = time.perf_counter()
        hits = matcher.find(text)
        runs.append(time.perf_counter() - started)
    best = min(runs)
    speed = len(text) / best
    print(f"guard: {len(hits):,} matches in {best:.3f} s (best of 3; runs "
          f"{', '.join(f'{r:.3f}' for r in runs)}) = {speed / 1e6:.1f} million chars/s "
          f"on one core")  # fmt: skip

    from pipeline.guard.normalize import Squeezed, fold_table

    started = time.perf_counter()
    squeezed = Squeezed(text)
    squeezing = time.perf_counter() - started
    matcher.automaton.find_matches_as_indexes(squeezed.data, overlapping=True)
    automaton = time.perf_counter() - started - squeezing
    print(f"where: fold + drop separators {squeezing:.3f} s, "
          f"automaton {automaton:.3f} s ({len(squeezed.data) / automaton / 1e6:.0f} MB/s), "
          f"mapping {len(hits):,} matches back to their spans and judging them "
          f"{max(best - squeezing - automaton, 0):.3f} s (from the best run)")  # fmt: skip

    table = {ord(k): v for k, v in fold_table().items()}
    folded_terms = [fold_term(t) for t in terms]
    piece = text[: args.slice]
    started = time.perf_counter()
    naive_found = naive_scan(piece, folded_terms, table)
    naive = time.perf_counter() - started
    naive_speed = len(piece) / naive
    print(f"naive: {naive_found:,} matches in a {len(piece):,}-character slice in {naive:.2f} s "
          f"= {naive_speed / 1e6:.3f} million chars/s")  # fmt: skip
    print(f"ratio: the guard is {speed / naive_speed:,.0f}x the naive per-term search "
          f"(target: >= 20 million chars/s; {'met' if speed >= 20e6 else 'NOT met'})")  # fmt: skip
    print(f"cpu:   {os.cpu_count()} logical cores visible; the scan uses one")


if __name__ == "__main__":
    main()
