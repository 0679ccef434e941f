"""No regular expression of the pipeline backtracks super-linearly.

Every compiled pattern at module or class level in ``pipeline`` (also inside tuples,
lists and dicts there) is fed adversarial 100 KB inputs: long runs of the characters
the pattern itself uses, pairs of them, and generic runs (brackets, spaces, letters,
backslashes, dashes, digits). Each ``finditer`` over each input must finish within
BOUND seconds; a timer interrupts a runaway match so the test itself stays bounded.
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


def adversarial_inputs(source: str) -> Iterator[str]:
    chars = candidate_chars(source)
    for char in chars:
        run = char * SIZE
        yield run
        yield run + "\x00"  # a run the pattern cannot finish on
    for char in chars:
        for other in (" ", "a", "\n", "1"):
            if other != char:
                yield (char + other) * (SIZE // 2)
    yield "{: " + "a" * SIZE
    yield "{ " * (SIZE // 2)
    yield "<span>" * (SIZE // 6)
    yield "[" * SIZE + "]"
    yield "*a" * (SIZE // 2)
    yield "_a" * (SIZE // 2)
    yield "&#" + "1" * SIZE
    yield "<!--" + "-" * SIZE
    yield "a=" * (SIZE // 2)
    yield '"' + "\\" * SIZE


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


def test_no_pattern_backtracks_super_linearly() -> None:
    slow: list[str] = []
    for label, pattern in sorted(all_patterns().items()):
        for text in adversarial_inputs(pattern.pattern if isinstance(pattern.pattern, str) else ""):
            subject = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text
            took = timed_scan(pattern, subject)
            if took is None or took > BOUND:
                shown = "overran" if took is None else f"{took:.2f} s"
                slow.append(f"{label} /{pattern.pattern}/ on {text[:12]!r}×{len(text)}: {shown}")
                break  # one slow input is enough to name the pattern
    assert not slow, "\n".join(slow)
