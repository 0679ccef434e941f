"""What is wrong with a source image: a catalogue rule and its parameters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    rule: str
    params: dict[str, Any] = field(default_factory=dict)
