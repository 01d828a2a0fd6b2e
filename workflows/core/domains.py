"""Finding every domain's stage rules: a domain package registers them by existing.

Each domain package of ``workflows`` (township, voters, party, …) may hold a
``stage_rules`` package whose modules register blockers (``stages.register_blockers``),
milestones (``calendar.register_milestones``) and audit labels when imported. They are
imported once, here, so a new procedure is added by creating its package — no central
list of stages or domains exists.
"""

from __future__ import annotations

import importlib
import pkgutil

import workflows

_loaded = False


def load_stage_rules() -> None:
    """Import every ``workflows.<domain>.stage_rules.*`` module (once)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for domain in pkgutil.iter_modules(workflows.__path__):
        if not domain.ispkg or domain.name == "core":
            continue
        try:
            rules = importlib.import_module(f"workflows.{domain.name}.stage_rules")
        except ModuleNotFoundError as missing:
            if missing.name != f"workflows.{domain.name}.stage_rules":
                raise
            continue
        for module in pkgutil.iter_modules(rules.__path__):
            importlib.import_module(f"{rules.__name__}.{module.name}")
