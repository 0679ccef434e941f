"""No regular expression of the pipeline backtracks super-linearly.

Every compiled pattern at module or class level in ``pipeline`` (also inside tuples,
lists and dicts there) is fed adversarial 100 KB inputs: long runs of the characters
the pattern itself uses, pairs of them, and generic runs (brackets, spaces, letters,
backslashes, dashes, digits). Each ``finditer`` over each input must finish within
BOUND seconds; a timer interrupts a runaway match so the test itself stays bounded.

Every input is first scanned at SCREEN characters: a linear pattern takes well under a
millisecond there, a quadratic one tens of milliseconds (SCREEN squared steps). Only an
input slower than SCREEN_BOUND there is scanned again at SIZE, which is what is judged:
the same verdicts as scanning everything at SIZE, for a tenth of the time.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import signal
import time
from collections.abc import Iterator

import pipeline

SIZE = 100_000  # characters per input
BOUND = 1.0  # seconds per search (linear patterns take a few milliseconds)
SCREEN = 10_000  # characters per first scan
SCREEN_BOUND = 0.005  # seconds: slower than this at SCREEN, the input is judged at SIZE
SKIP_MODULES = {"pipeline.__main__"}  # runs the command line on import

GENERIC = " \t\n{}[]()<>\\-_*`'\"=:;,./#!&|~+%@a1Z中。"
ESCAPES = {"s": " \t\n", "d": "19", "w": "a_中", "S": "x", "D": "x", "W": "-", "b": "a "}


class Overrun(Exception):
    pass


def _alarm(signum, frame):
    raise Overrun


def all_modules() -> list[str]:
    names = [pipeline.__name__]
    for info in pkgutil.walk_packages(pipeline.__path__, prefix="pipeline."):
        if info.name not in SKIP_MODULES:
            names.append(info.name)
    return sorted(names)


def _patterns_in(value, where: str, depth: int = 0) -> Iterator[tuple[str, re.Pattern]]:
    if isinstance(value, re.Pattern):
        yield where, value
    elif depth < 3 and isinstance(value, tuple | list | set | frozenset):
        for index, inner in enumerate(value):
            yield from _patterns_in(inner, f"{where}[{index}]", depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for key, inner in value.items():
            yield from _patterns_in(inner, f"{where}[{key!r}]", depth + 1)
    elif depth < 2 and hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        for name in value.__dataclass_fields__:
            yield from _patterns_in(getattr(value, name, None), f"{where}.{name}", depth + 1)


def all_patterns() -> dict[str, re.Pattern]:
    found: dict[str, re.Pattern] = {}
    seen: set[tuple] = set()
    for name in all_modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            places = [(f"{name}.{attr}", value)]
            if isinstance(value, type) and value.__module__ == name:
                places += [(f"{name}.{attr}.{a}", v) for a, v in vars(value).items()]
            for where, candidate in places:
                for label, pattern in _patterns_in(candidate, where):
                    key = (pattern.pattern, pattern.flags)
                    if key not in seen:
                        seen.add(key)
                        found[label] = pattern
    return found


def candidate_chars(source: str) -> list[str]:
    chars = set(GENERIC)
    for index, char in enumerate(source):
        if char == "\\" and index + 1 < len(source):
            chars.update(ESCAPES.get(source[index + 1], source[index + 1]))
        chars.add(char)
    for start, end in re.findall(r"\\u([0-9a-fA-F]{4})-\\u([0-9a-fA-F]{4})", source):
        chars.update({chr(int(start, 16)), chr(int(end, 16))})
    return sorted(chars)


def adversarial_inputs(source: str, size: int = SIZE) -> Iterator[str]:
    chars = candidate_chars(source)
    for char in chars:
        run = char * size
        yield run
        yield run + "\x00"  # a run the pattern cannot finish on
    for char in chars:
        for other in (" ", "a", "\n", "1"):
            if other != char:
                yield (char + other) * (size // 2)
    yield "{: " + "a" * size
    yield "{ " * (size // 2)
    yield "<span>" * (size // 6)
    yield "[" * size + "]"
    yield "*a" * (size // 2)
    yield "_a" * (size // 2)
    yield "&#" + "1" * size
    yield "<!--" + "-" * size
    yield "a=" * (size // 2)
    yield '"' + "\\" * size


def timed_scan(pattern: re.Pattern, text: str | bytes) -> float | None:
    """Seconds one finditer over ``text`` took, or None when it overran BOUND."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    started = time.perf_counter()
    try:
        signal.setitimer(signal.ITIMER_REAL, BOUND * 2)
        for _ in pattern.finditer(text):
            pass
    except Overrun:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - started


def test_patterns_are_found() -> None:
    patterns = all_patterns()
    assert len(patterns) > 40  # the collector sees the pipeline's patterns
    assert any(label.startswith("pipeline.guard.") for label in patterns)


def slow_inputs(pattern: re.Pattern) -> str | None:
    """How the pattern is too slow on one of its inputs, or None."""
    source = pattern.pattern if isinstance(pattern.pattern, str) else ""
    screens = adversarial_inputs(source, SCREEN)
    for screen, text in zip(screens, adversarial_inputs(source, SIZE), strict=True):
        if isinstance(pattern.pattern, bytes):
            screen, subject = screen.encode("utf-8"), text.encode("utf-8")
        else:
            subject = text
        took = timed_scan(pattern, screen)
        if took is not None and took <= SCREEN_BOUND:
            continue
        took = timed_scan(pattern, subject)
        if took is None or took > BOUND:
            shown = "overran" if took is None else f"{took:.2f} s"
            return f"/{pattern.pattern}/ on {text[:12]!r}×{len(text)}: {shown}"
    return None


def test_a_quadratic_pattern_is_caught() -> None:
    assert slow_inputs(re.compile(r"\s*x\s*y")) is not None
    assert slow_inputs(re.compile(r"[a-z]+")) is None


def test_no_pattern_backtracks_super_linearly() -> None:
    slow: list[str] = []
    for label, pattern in sorted(all_patterns().items()):
        found = slow_inputs(pattern)
        if found is not None:
            slow.append(f"{label} {found}")
    assert not slow, "\n".join(slow)
