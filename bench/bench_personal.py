"""Personal-data benchmark: recall and precision per kind, near misses flagged, speed.

    .venv/bin/python bench/bench_personal.py [--mb 5] [--show 5]

Runs the finders of pipeline/core/personal.py and, as the baseline measured in the same
run, the hand-written regex finders they replaced (kept below as they were), over the
corpus in bench/corpora/personal/ (made by make_corpus.py there: ID numbers, mobiles,
bank cards and e-mail addresses in every written form inside Chinese sentences, and
near misses from corporate-news text; plus handwritten.tsv, sentences written by hand).

- recall of a kind: the share of its values in the corpus found as that kind;
- precision of a kind: the share of findings of that kind that are a value of that kind
  (a finding in a near miss, or of another kind, or of a part of a value, is wrong);
- near misses flagged: the share of near-miss sentences with any finding at all.

Targets: recall >= 99% and precision >= 98% per kind, near misses flagged <= 1%. Then the
speed of the new finders on one core over Chinese text with numbers planted in it
(bench_guard.py's generator), target >= 20 million characters per second.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from pipeline.core.personal import find_personal_data

CORPUS = Path(__file__).resolve().parent / "corpora" / "personal"
FILES = ("ids.tsv", "mobiles.tsv", "cards.tsv", "emails.tsv", "mixed.tsv", "handwritten.tsv",
         "near_misses.tsv")  # fmt: skip
KINDS = ("id-number", "mobile", "bank-card", "email")
COMPANY_DOMAINS = ("lanshi-tech.example", "example.com", "example.org")  # as site_config has
PUBLIC_ADDRESSES = ("jubao@12377.cn",)
TARGETS = {"recall": 0.99, "precision": 0.98, "near misses": 0.01, "speed": 20e6}

# --- the baseline: the finders before issue 15, as they were -------------------------

_OLD_ID = re.compile(r"(?<![\dA-Za-z])(\d{17}[\dXx])(?![\dA-Za-z])")
_OLD_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_OLD_ID_CHECK = "10X98765432"
_OLD_MOBILE = re.compile(
    r"(?<![\d+])(?:(?:\+|＋|00)\s?86[\s\-－]?|\(\+86\)\s?)?"
    r"([1１][3-9３-９]\d(?:[\s\-－]?\d){8})(?![\d])"
)
_OLD_MOBILE_PREFIX = re.compile(r"[1１][3-9３-９]")
_OLD_CARD = re.compile(r"(?<![\d\-])(\d(?:[ \-]?\d){15,18})(?![\d])")
_OLD_EMAIL = re.compile(
    r"(?<![\w.+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)


def _old_digits(text: str) -> str:
    return "".join(str(int(c)) if c.isdigit() else c for c in text if c.isalnum())


def _old_mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    if len(value) <= keep_start + keep_end + 1:
        return "*" * max(len(value), 3)
    tail = value[len(value) - keep_end :]
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + tail


def _old_valid_id_number(number: str, today: date) -> bool:
    number = number.upper()
    total = sum(int(d) * w for d, w in zip(number[:17], _OLD_ID_WEIGHTS, strict=True))
    if _OLD_ID_CHECK[total % 11] != number[17]:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= today


def _old_luhn(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def old_find_personal_data(
    text: str, company_domains: tuple[str, ...], public_addresses: tuple[str, ...]
) -> Iterator[tuple[int, int, str, str]]:
    today = date.today()
    ids: list[tuple[int, int]] = []
    for match in _OLD_ID.finditer(text):
        number = _old_digits(match.group(1))
        if len(number) == 18 and _old_valid_id_number(number, today):
            ids.append(match.span(1))
            yield (*match.span(1), "id-number", _old_mask(number, 3, 4))
    for match in _OLD_MOBILE.finditer(text):
        number = _old_digits(match.group(1))
        if len(number) == 11 and _OLD_MOBILE_PREFIX.match(number):
            yield (*match.span(), "mobile", _old_mask(number, 3, 4))
    for match in _OLD_CARD.finditer(text):
        number = _old_digits(match.group(1))
        if 16 <= len(number) <= 19 and _old_luhn(number):
            if any(s <= match.start(1) < e for s, e in ids):
                continue
            yield (*match.span(1), "bank-card", _old_mask(number, 4, 4))
    for match in _OLD_EMAIL.finditer(text):
        local, domain = match.group(1), match.group(2).lower()
        address = f"{local.lower()}@{domain}"
        if address in public_addresses or any(
            domain == d or domain.endswith("." + d) for d in company_domains
        ):
            continue
        yield (*match.span(), "email", f"{_old_mask(local, 1, 0)}@{domain}")


# --- scoring --------------------------------------------------------------------------


def load() -> list[tuple[str, str, list[tuple[str, str]], str]]:
    """(file, form, [(kind, value)], sentence) for every case of the corpus."""
    cases = []
    for name in FILES:
        for line in (CORPUS / name).read_text("utf-8").splitlines():
            form, expected, sentence = line.split("\t")
            values = [] if expected == "-" else [tuple(e.split(":", 1)) for e in expected.split()]
            cases.append((name, form, values, sentence))
    return cases


def found_value(kind: str, span: str) -> str:
    """What a finding's span holds, comparable with the corpus's values."""
    if kind == "email":
        return span.replace("＠", "@").lower()
    value = _old_digits(span).upper().replace("Ｘ", "X")
    return value[2:] if kind == "mobile" and len(value) == 13 and value[:2] == "86" else value


class Score:
    def __init__(self) -> None:
        self.expected: Counter = Counter()
        self.hit: Counter = Counter()
        self.findings: Counter = Counter()
        self.right: Counter = Counter()
        self.near = self.near_flagged = 0
        self.by_form: dict = defaultdict(lambda: [0, 0])  # (file, form) -> [cases, found]
        self.misses: list[str] = []
        self.wrong: list[str] = []

    def add(self, name, form, values, sentence, findings) -> None:
        got = [(kind, found_value(kind, sentence[s:e])) for s, e, kind, _m in findings]
        for kind, value in values:
            self.expected[kind] += 1
            found = (kind, value) in got
            self.hit[kind] += found
            self.by_form[name, form][0] += 1
            self.by_form[name, form][1] += found
            if not found:
                self.misses.append(f"{kind:9} {form:26} {sentence}")
        for kind, value in got:
            self.findings[kind] += 1
            right = (kind, value) in values
            self.right[kind] += right
            if not right:
                self.wrong.append(f"{kind:9} {value:20} {sentence}")
        if not values:
            self.near += 1
            self.near_flagged += bool(got)

    def recall(self, kind: str) -> float:
        return self.hit[kind] / self.expected[kind] if self.expected[kind] else 1.0

    def precision(self, kind: str) -> float:
        return self.right[kind] / self.findings[kind] if self.findings[kind] else 1.0

    def near_rate(self) -> float:
        return self.near_flagged / self.near if self.near else 0.0


def score(finder, cases) -> Score:
    result = Score()
    for name, form, values, sentence in cases:
        findings = list(finder(sentence, COMPANY_DOMAINS, PUBLIC_ADDRESSES))
        result.add(name, form, values, sentence, findings)
    return result


def percent(value: float) -> str:
    return f"{value * 100:5.1f}%"


def report(cases, new: Score, old: Score, show: int) -> bool:
    counts = Counter(kind for *_x, values, _s in cases for kind, _v in values)
    near = sum(1 for *_x, values, _s in cases if not values)
    print(f"corpus: {len(cases)} sentences: "
          + ", ".join(f"{counts[k]} {k}" for k in KINDS)
          + f", {near} near misses (bench/corpora/personal/)")  # fmt: skip
    print(f"\n{'kind':10} {'recall new':>11} {'old':>7} {'precision new':>14} {'old':>7}"
          f" {'findings new':>13} {'old':>5}")  # fmt: skip
    met = True
    for kind in KINDS:
        print(f"{kind:10} {percent(new.recall(kind)):>11} {percent(old.recall(kind)):>7} "
              f"{percent(new.precision(kind)):>14} {percent(old.precision(kind)):>7} "
              f"{new.findings[kind]:>13} {old.findings[kind]:>5}")  # fmt: skip
        met &= new.recall(kind) >= TARGETS["recall"]
        met &= new.precision(kind) >= TARGETS["precision"]
    print(f"{'near misses flagged':21} new {percent(new.near_rate())} "
          f"({new.near_flagged} of {new.near}), old {percent(old.near_rate())} "
          f"({old.near_flagged} of {old.near})")  # fmt: skip
    met &= new.near_rate() <= TARGETS["near misses"]

    print("\nrecall by written form (where new or old is below 100%):")
    for (name, form), (total, found) in sorted(new.by_form.items()):
        old_found = old.by_form[name, form][1]
        if found < total or old_found < total:
            print(f"  {name:12} {form:32} new {found:3}/{total:<3} old {old_found:3}/{total}")
    flagged = Counter(
        form for name, form, values, sentence in cases if not values and _flags(sentence)
    )
    old_flagged = Counter(
        form
        for name, form, values, sentence in cases
        if not values and list(old_find_personal_data(sentence, COMPANY_DOMAINS, PUBLIC_ADDRESSES))
    )
    print("near misses flagged by kind of near miss (new / old):")
    for form in sorted(set(flagged) | set(old_flagged)):
        total = sum(1 for _n, f, values, _s in cases if f == form and not values)
        print(f"  {form:40} {flagged[form]:3} / {old_flagged[form]:3} of {total}")
    for title, lines in (("missed by the new finders", new.misses),
                         ("wrong findings of the new finders", new.wrong)):  # fmt: skip
        if lines and show:
            print(f"\n{title} ({len(lines)}; first {min(show, len(lines))}):")
            for line in lines[:show]:
                print("  " + line)
    return met


def _flags(sentence: str) -> bool:
    return bool(list(find_personal_data(sentence, COMPANY_DOMAINS, PUBLIC_ADDRESSES)))


# --- speed ----------------------------------------------------------------------------


def speed(megabytes: float, cases) -> tuple[float, float, int]:
    """Best-of-3 characters per second of the new finders (wall and CPU time)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_guard import dictionary, make_text

    rng = random.Random(2026)
    words, weights = dictionary()
    text = make_text(min(megabytes, 1.0), words, weights, rng)
    sentences = [sentence for *_x, sentence in cases]
    # one corpus sentence about every 2,000 characters, as a list of customers might have
    pieces, at = [], 0
    while at < len(text):
        step = rng.randrange(1000, 3000)
        pieces += [text[at : at + step], rng.choice(sentences)]
        at += step
    unit = "".join(pieces)
    text = (unit * (int(megabytes * 1e6) // len(unit) + 1))[: int(megabytes * 1e6)]
    walls, cpus, found = [], [], 0
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        found = sum(1 for _f in find_personal_data(text, COMPANY_DOMAINS, PUBLIC_ADDRESSES))
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return len(text) / min(walls), len(text) / min(cpus), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="million characters for speed")
    parser.add_argument("--show", type=int, default=10, help="misses and wrong findings shown")
    args = parser.parse_args()
    cases = load()
    started = time.perf_counter()
    new = score(find_personal_data, cases)
    new_time = time.perf_counter() - started
    old = score(old_find_personal_data, cases)
    met = report(cases, new, old, args.show)
    print(f"\ncorpus scan: {new_time * 1000:.0f} ms for the new finders over {len(cases)} cases")
    if args.mb > 0:
        wall, cpu, found = speed(args.mb, cases)
        print(f"speed: {wall / 1e6:.1f} million chars/s wall, {cpu / 1e6:.1f} million chars/s "
              f"CPU (best of 3, one core, {args.mb:g} million characters, {found:,} findings; "
              f"target >= {TARGETS['speed'] / 1e6:.0f})")  # fmt: skip
        met &= cpu >= TARGETS["speed"]
    print(f"targets: recall >= 99%, precision >= 98% per kind, near misses <= 1%: "
          f"{'met' if met else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
