"""What every notice shares: its number line, its issuer, the legal citations it prints."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache

from workflows.core.config import RESOURCES
from workflows.core.policy import RulesProfile
from workflows.core.text import chinese_number


@cache
def citations() -> dict[str, str]:
    """How rule IDs are cited on paper (resources/citations.json)."""
    data = json.loads((RESOURCES / "citations.json").read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def cite(rule_ids: tuple[str, ...]) -> str:
    """The printed basis of a milestone: the distinct citations of its legal rules.

    Counting conventions (CONV-*) are how the program counts days, not a basis a villager
    needs on the wall, so they are left out when a substantive rule is cited.
    """
    substantive = tuple(rule for rule in rule_ids if not rule.startswith("CONV-")) or rule_ids
    seen: list[str] = []
    for rule in substantive:
        text = citations().get(rule)
        if text and text not in seen:
            seen.append(text)
    return "、".join(seen) or "—"


def short_village_name(name: str) -> str:
    """石桥村 → 石桥 (for “石桥选字第1号”)."""
    return name[:-1] if len(name) > 2 and name.endswith("村") else name


def number_format(profile: RulesProfile, village_name: str) -> Callable[[int], str]:
    """The township's style of the notice number line (paper-formats §13)."""
    style = profile.get("notice_number_style")
    if style == "xuanzi":
        return lambda n: f"{short_village_name(village_name)}选字第{n}号"
    if style == "chinese":
        return lambda n: f"第{chinese_number(n)}号"
    return lambda n: f"（第{n}号）"


def election_committee_name(village_name: str) -> str:
    """The issuer of election notices: the village election committee."""
    return f"{village_name}村民选举委员会"
