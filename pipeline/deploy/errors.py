"""DeployError: a deploy that cannot go on, with the catalogue rule that says why."""

from __future__ import annotations

from typing import Any


class DeployError(Exception):
    """A deploy that cannot go on; carries a catalogue rule and its parameters."""

    def __init__(self, rule: str, **params: Any) -> None:
        super().__init__(rule)
        self.rule = rule
        self.params = params
