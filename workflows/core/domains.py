"""Finding every domain's stage rules: a domain package registers them by existing.

Each domain package of ``workflows`` (township, voters, party, …) may hold a
``stage_rules`` package whose modules register blockers (``stages.register_blockers``),
milestones (``calendar.register_milestones``) and audit labels when imported. They are
imported once, here, so a new procedure is added by creating its package — no central
list of stages or domains exists.

Milestones live in a module named ``schedule`` (``<domain>/stage_rules/schedule.py``): the
legal calendar imports only those, so the township overview at start-up does not wait for
every domain's blocker code; the rest is imported when a stage is first evaluated or the
first change is audited.
"""

from __future__ import annotations

import importlib
import pkgutil

import workflows

MILESTONES = "schedule"  # the name of a domain's milestone module
_loaded = {"milestones": False, "all": False}


def load_milestone_rules() -> None:
    """Import every domain's ``stage_rules/schedule.py`` (once)."""
    _load(only_milestones=True)


def load_stage_rules() -> None:
    """Import every ``workflows.<domain>.stage_rules.*`` module (once)."""
    _load(only_milestones=False)


def _load(only_milestones: bool) -> None:
    if _loaded["all"] or (only_milestones and _loaded["milestones"]):
        return
    for rules in _stage_rule_packages():
        for module in pkgutil.iter_modules(rules.__path__):
            if module.name == MILESTONES or not only_milestones:
                importlib.import_module(f"{rules.__name__}.{module.name}")
    _loaded["milestones"] = True
    _loaded["all"] = _loaded["all"] or not only_milestones


def _stage_rule_packages():
    for domain in pkgutil.iter_modules(workflows.__path__):
        if not domain.ispkg or domain.name == "core":
            continue
        try:
            yield importlib.import_module(f"workflows.{domain.name}.stage_rules")
        except ModuleNotFoundError as missing:
            if missing.name != f"workflows.{domain.name}.stage_rules":
                raise
