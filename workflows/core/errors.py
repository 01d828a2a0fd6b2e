"""Refusals that carry one Chinese message per input field (kept free of heavy imports)."""

from __future__ import annotations

from workflows.core.text import Msg


class InvalidInput(ValueError):
    """Input refused; ``errors`` maps each field name to its message."""

    def __init__(self, errors: dict[str, Msg]) -> None:
        super().__init__("；".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
