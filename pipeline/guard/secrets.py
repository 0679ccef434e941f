"""Secrets: private keys, password assignments, token formats, high-entropy values.

Values are masked before they leave this module, so no output ever shows them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator

_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
_TOKENS = {
    "github": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b"),
    "aws": re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b"),
    "alibaba-cloud": re.compile(r"\bLTAI[0-9A-Za-z]{12,24}\b"),
    "tencent-cloud": re.compile(r"\bAKID[0-9A-Za-z]{32}\b"),
    "google": re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b"),
    "slack": re.compile(r"\bxox[abprs]-[0-9A-Za-z\-]{10,}\b"),
    "stripe": re.compile(r"\b[sr]k_live_[0-9A-Za-z]{20,}\b"),
    "jwt": re.compile(r"\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}"),
}
_PASSWORD = re.compile(
    r"(?i)(?:password|passwd|pwd|pass|密码|口令)\s*(?:[:=：]|是|为)\s*[\"'“]?"
    r"(?P<value>[^\s\"'”，。；,;<>]{6,64})"
)
_KEYWORD_VALUE = re.compile(
    r"(?i)(?:secret|token|api[_\-]?key|access[_\-]?key(?:[_\-]?id)?|private[_\-]?key|"
    r"client[_\-]?secret|密钥|秘钥|令牌)[\w\-]{0,20}\s*(?:[:=：]|是|为)\s*[\"'“]?"
    r"(?P<value>[A-Za-z0-9+/=_\-.]{16,})"
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_PLACEHOLDER = re.compile(r"(?i)^(?:\*+|x+|\.+|-+|<.*>|\$\{.*\}|\{\{.*\}\}|your.*|example.*)$")


def entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def mask_secret(value: str) -> str:
    """A token keeps its first four characters: they name its kind (ghp_, AKIA, LTAI)."""
    return value[:4] + "*" * max(4, len(value) - 4) if len(value) > 8 else "*" * len(value)


# A password shows nothing of itself, not even its length.
PASSWORD_MASK = "********"


def _looks_real(value: str) -> bool:
    return not (
        _PLACEHOLDER.match(value)
        or _CJK.search(value)
        or "EXAMPLE" in value.upper()
        or len(set(value)) < 4
    )


def find_secrets(text: str) -> Iterator[tuple[int, int, str, str]]:
    for match in _PRIVATE_KEY.finditer(text):
        yield (*match.span(), "private-key", match.group(0))
    taken: list[tuple[int, int]] = []
    for kind, pattern in _TOKENS.items():
        for match in pattern.finditer(text):
            if _looks_real(match.group(0)):
                taken.append(match.span())
                yield (*match.span(), kind, mask_secret(match.group(0)))
    for match in _PASSWORD.finditer(text):
        value = match.group("value")
        if _looks_real(value) and not any(s <= match.start("value") < e for s, e in taken):
            taken.append(match.span("value"))
            yield (*match.span("value"), "password", PASSWORD_MASK)
    for match in _KEYWORD_VALUE.finditer(text):
        value = match.group("value")
        if any(s <= match.start("value") < e for s, e in taken) or not _looks_real(value):
            continue
        classes = sum(bool(re.search(p, value)) for p in ("[a-z]", "[A-Z]", "[0-9]"))
        if entropy(value) >= 3.5 and classes >= 2:
            yield (*match.span("value"), "high-entropy", mask_secret(value))
