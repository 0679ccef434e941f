"""Term lists test themselves: terms/<category>.test.txt holds sentences that must match
("+ sentence => term") and must not ("- sentence"); an edit that breaks one is caught by
`pipeline terms test` and by the test suite."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.config.base import ConfigError
from pipeline.core.sourcefile import DecodeError, decode_text
from pipeline.guard.matcher import Matcher
from pipeline.guard.normalize import fold_term
from pipeline.guard.settings import GuardConfig


@dataclass(frozen=True)
class Failure:
    path: str
    line: int
    key: str  # UI message key
    params: dict


@dataclass
class SelfTestResult:
    categories: int = 0
    cases: int = 0
    failures: list[Failure] = None
    untested: list[tuple[str, str]] = None  # (list path, missing test file name)


def run_self_tests(config: GuardConfig, matcher: Matcher | None = None) -> SelfTestResult:
    matcher = matcher or Matcher(config)
    result = SelfTestResult(failures=[], untested=[])
    for category in config.categories.values():
        path = category.test_path
        rel = category.rel[: -len(".txt")] + ".test.txt"
        if not path.is_file():
            result.untested.append((category.rel, path.name))
            continue
        result.categories += 1
        try:
            text = decode_text(path.read_bytes(), rel)
        except DecodeError as exc:
            raise ConfigError(rel, exc.finding.line, exc.finding.rule) from None
        for number, raw in enumerate(text.split("\n"), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            sign, _, case = line.partition(" ")
            if sign not in "+-" or not sign or not case.strip():
                result.failures.append(Failure(rel, number, "terms.bad-line", {}))
                continue
            result.cases += 1
            sentence, _, expected = case.partition("=>")
            sentence, expected = sentence.strip(), expected.strip()
            hits = [h for h in matcher.find(sentence) if h.category.name == category.name]
            # a list: `pipeline terms test` joins it in the reader's language
            found = tuple(f"“{sentence[h.start : h.end]}”→{h.term}" for h in hits)
            if sign == "+":
                wanted = fold_term(expected) if expected else None
                if not hits or (wanted and not any(h.key == wanted for h in hits)):
                    params = {"expected": expected, "found": found}
                    result.failures.append(Failure(rel, number, "terms.must-match", params))
            elif hits:
                result.failures.append(
                    Failure(rel, number, "terms.must-not-match", {"found": found})
                )
    return result
