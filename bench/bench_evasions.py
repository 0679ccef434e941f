"""Evasion benchmark: the sensitive-word libraries' evasion cases, caught or not.

    .venv/bin/python bench/bench_evasions.py

Reads bench/corpora/evasions/ (its README says where every case comes from): the term
lists and their options (site_config/guard.yml, read by the real settings reader), and
cases.jsonl, each an evasion that must report its term or a near miss that must report
nothing. Prints, measured in the same run:

- the catch rate of the guard, by source and by class, against two baselines: a plain
  lower-case substring search, and the guard with the lists' pinyin and repeated-letter
  options turned off;
- the near misses flagged;
- the pinyin minimum: for each length a letter-only pinyin form must have, the pinyin cases
  it catches and the lines of the project's own prose (docs/, content/, README.md) that
  letter-only forms of the pinyin lists (the corpus's and the shipped ones) would flag.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from pypinyin import lazy_pinyin

from pipeline.guard.matcher import PINYIN_LATIN_MIN, Matcher, pinyin_forms
from pipeline.guard.normalize import fold_term
from pipeline.guard.settings import GuardConfig, load_guard_config

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpora" / "evasions"
TARGET = 0.90


def load_cases() -> list[dict]:
    lines = (CORPUS / "cases.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def caught(matcher: Matcher, case: dict) -> bool:
    wanted = fold_term(case["expect"])
    return any(hit.key == wanted for hit in matcher.find(case["text"]))


def substring_caught(config: GuardConfig, case: dict) -> bool:
    """What a filter without normalization finds: the term, lower case, as it is written."""
    text = case["text"].lower()
    return case["expect"].lower() in text and any(
        term.text.lower() == case["expect"].lower()
        for category in config.categories.values()
        for term in category.terms
    )


def without_options(config: GuardConfig) -> GuardConfig:
    plain = {
        name: replace(category, pinyin=False, repeated_letters=False)
        for name, category in config.categories.items()
    }
    return replace(config, categories=plain)


def rate(hits: int, total: int) -> str:
    return f"{hits}/{total} = {hits / total:.0%}" if total else "-"


def prose_lines() -> list[str]:
    """The project's prose, without the lines that show pinyin forms on purpose."""
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    files += sorted((ROOT / "content").rglob("*.md"))
    # a copy of the project may lack some (the docs test copies content/ without docs/)
    texts = [path.read_text("utf-8") for path in files if path.is_file()]
    lines = [line for text in texts for line in text.splitlines()]
    return [line for line in lines if not _about_pinyin(line)]


def _about_pinyin(line: str) -> bool:
    return "pinyin" in line.lower() or "拼音" in line


# where pinyin forms are written on purpose (docstrings and tests of the pinyin matching)
_ABOUT_PINYIN = ("matcher.py", "test_guard_evasions.py")


def latin_words() -> set[str]:
    """Every Latin word (acronyms, identifiers, English) of the project's prose and Python
    sources and of the installed packages' Python sources: a large vocabulary of what
    Latin text really contains."""
    paths = [*(ROOT / "pipeline").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    paths += sorted((ROOT / ".venv").glob("lib/python3*/site-packages/**/*.py"))
    texts = [p.read_text("utf-8", errors="replace") for p in paths if p.name not in _ABOUT_PINYIN]
    texts += prose_lines()
    words: set[str] = set()
    for text in texts:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    return words


def pinyin_minimum(config: GuardConfig, cases: list[dict]) -> None:
    """Letter-only pinyin forms (initials "bj", whole "jimi") against the project's prose."""
    shipped = load_guard_config(ROOT / "site_config", ROOT)
    lists = {
        name: replace(category, pinyin=True, repeated_letters=False)
        for source in (config, shipped)
        for name, category in source.categories.items()
        if category.pinyin or source is shipped
    }
    spelled = replace(config, categories=lists, allowed_phrases=())
    lines = prose_lines()
    words = latin_words()
    keys = [fold_term(t.text) for c in lists.values() for t in c.terms if not t.marking]
    whole = {"".join(lazy_pinyin(key)) for key in keys}
    pinyin_cases = [c for c in cases if c["class"].startswith("pinyin") and c["expect"]]
    terms = sum(len(c.terms) for c in lists.values())
    print(f"\npinyin minimum: letter-only forms of {terms} terms ({', '.join(lists)}) "
          f"against {len(lines):,} lines of the project's prose")  # fmt: skip
    for minimum in (2, 3, 4, 5, 6):
        matcher = Matcher(spelled, pinyin_latin_min=minimum)
        flagged = [
            line
            for line in lines
            for hit in matcher.find(line)
            if line[hit.start : hit.end].isascii()
        ]
        found = sum(caught(matcher, c) for c in pinyin_cases)
        letters = {f for key in keys for f in pinyin_forms(key, minimum) if f.isascii()}
        # a term's whole pinyin is its name (Beijing); other forms in use are accidents
        clashes = sorted(letters & words - whole)
        chosen = "  <- PINYIN_LATIN_MIN" if minimum == PINYIN_LATIN_MIN else ""
        sample = f" e.g. {flagged[0].strip()[:60]!r}" if flagged else ""
        print(f"  min {minimum}: pinyin cases {rate(found, len(pinyin_cases))}, "
              f"prose lines flagged {len(flagged)}{sample}; {len(clashes)} of {len(words):,} "
              f"Latin words are initials or part-pinyin {clashes[:8]}{chosen}")  # fmt: skip


def main() -> None:
    started = time.perf_counter()
    config = load_guard_config(CORPUS / "site_config", CORPUS)
    cases = load_cases()
    guard = Matcher(config)
    plain = Matcher(without_options(config))
    evasions = [c for c in cases if c["expect"]]
    near = [c for c in cases if not c["expect"]]
    terms = sum(len(c.terms) for c in config.categories.values())
    took = time.perf_counter() - started
    print(f"corpus: {len(evasions)} evasion cases, {len(near)} near misses, {terms} terms in "
          f"{len(config.categories)} lists (read in {took:.1f} s)")  # fmt: skip

    by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    by_class: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed = []
    for case in evasions:
        source = case["source"].split(" ")[0]
        ours, base, off = caught(guard, case), substring_caught(config, case), caught(plain, case)
        row = by_source[source]
        row[0] += ours
        row[1] += base
        row[2] += off
        row[3] += 1
        by_class[case["class"]][0] += ours
        by_class[case["class"]][1] += 1
        if not ours:
            missed.append(case)
    print("\ncatch rate by source: guard | substring baseline | guard without pinyin/repeats")
    totals = [0, 0, 0, 0]
    for source, row in sorted(by_source.items()):
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(f"  {source:28} {rate(row[0], row[3]):>14} | {rate(row[1], row[3]):>14} | "
              f"{rate(row[2], row[3]):>14}")  # fmt: skip
    libraries = [0, 0]
    for source, row in by_source.items():
        if source != "hand":
            libraries = [libraries[0] + row[0], libraries[1] + row[3]]
    print(f"  {'all':28} {rate(totals[0], totals[3]):>14} | {rate(totals[1], totals[3]):>14} | "
          f"{rate(totals[2], totals[3]):>14}")  # fmt: skip
    print("\nby class:")
    for kind, (hits, total) in sorted(by_class.items()):
        print(f"  {kind:20} {rate(hits, total)}")
    for case in missed:
        print(f"  missed ({case['class']}): {case['text']!r} should report {case['expect']}")

    flagged = [(c, guard.find(c["text"])) for c in near]
    flagged = [(c, hits) for c, hits in flagged if hits]
    print(f"\nnear misses flagged: {rate(len(flagged), len(near))}")
    for case, hits in flagged:
        print(f"  {case['text']!r}: {[h.term for h in hits]}")

    libraries_rate = libraries[0] / libraries[1]
    overall = totals[0] / totals[3]
    verdict = "met" if min(libraries_rate, overall) >= TARGET else "NOT met"
    print(f"\ntarget: >= {TARGET:.0%} of the libraries' evasion cases: "
          f"{rate(*libraries)}; all cases with the hand-tried ones {rate(totals[0], totals[3])} "
          f"({verdict}); the substring baseline catches {rate(totals[1], totals[3])}")  # fmt: skip
    pinyin_minimum(config, cases)


if __name__ == "__main__":
    main()
