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


COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "端木", "西门", "南宫", "独孤", "百里", "呼延", "万俟", "闻人", "东郭",
    "申屠", "公羊", "澹台", "濮阳", "钟离", "太史", "赫连", "第五"))


def masked_name(name: str) -> str:
    """A private person's name on a posted notice: the surname and 某 (王建国 → 王某, 欧阳志远 → 欧阳某).

    Used for people a notice mentions but need not identify, such as the villager who
    raised an objection (DESIGN.md privacy rule; paper-formats §13 “Privacy”).
    """
    name = name.strip()
    if len(name) < 2:
        return name
    surname = name[:2] if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else name[0]
    return f"{surname}某"


def election_committee_name(village_name: str) -> str:
    """The issuer of election notices: the village election committee."""
    return f"{village_name}村民选举委员会"
