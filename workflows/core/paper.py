"""What every notice shares: its number line, its issuer, the legal citations it prints."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from workflows.core.config import RESOURCES
from workflows.core.policy import RulesProfile
from workflows.core.text import chinese_number


@cache
def citations() -> dict[str, str]:
    """How rule IDs are cited on paper (resources/citations.json)."""
    data = json.loads((RESOURCES / "citations.json").read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


ORGANIC_LAW = "《中华人民共和国村民委员会组织法》"
PARTY_ELECTION_RULES = "《中国共产党基层组织选举工作条例》"
PROVINCE, TOWNSHIP = "{省份}", "{乡镇}"  # placeholders in the basis_* parameters
ARTICLE = re.compile(r"^(《[^》]+》)((?:第[一二三四五六七八九十百零〇]+条、?)+)$")


@dataclass(frozen=True)
class References:
    """The township's own documents a notice is based on, as printed (in 《》).

    Taken from the rules profile (``basis_province_measures``, ``basis_township_plan``);
    a title whose placeholder has nothing to fill (no province entered) is left out.
    """

    province_measures: tuple[str, ...]
    township_plan: tuple[str, ...]

    def fill(self, citation: str) -> str:
        """A citation template of citations.json with the township's titles filled in."""
        return (citation.replace("{province_measures}", "".join(self.province_measures))
                .replace("{township_plan}", "".join(self.township_plan)))


def _titles(profile: RulesProfile, key: str, township: str, province: str) -> tuple[str, ...]:
    titles = []
    for raw in profile.get(key):
        text = raw.strip().strip("《》").strip()
        if not text or (PROVINCE in text and not province) or (TOWNSHIP in text and not township):
            continue
        titles.append(f"《{text.replace(PROVINCE, province).replace(TOWNSHIP, township)}》")
    return tuple(titles)


def references(profile: RulesProfile, township: str, province: str) -> References:
    """The province's measures and the township's plan by their titles (VC-20, SD-22)."""
    township, province = township.strip(), province.strip()
    return References(_titles(profile, "basis_province_measures", township, province),
                      _titles(profile, "basis_township_plan", township, province))


def join_titles(titles: list[str]) -> str:
    """《A》《B》和《C》: titles in 《》 take no 顿号 between them (GB/T 15834-2011 §4.5.3.5)."""
    if len(titles) < 2:
        return "".join(titles)
    return "".join(titles[:-1]) + "和" + titles[-1]


def cite(rule_ids: tuple[str, ...], refs: References | None = None) -> list[str]:
    """The printed basis of a milestone: the distinct citations of its legal rules, one per
    document (articles of one law merged: 《村民委员会组织法》第十四条、第十五条).

    Counting conventions (CONV-*) are how the program counts days, not a basis a villager
    needs on the wall, so they are left out when a substantive rule is cited. A citation of
    the township's own documents that the profile does not name is left out.
    """
    substantive = tuple(rule for rule in rule_ids if not rule.startswith("CONV-")) or rule_ids
    seen: list[str] = []
    for rule in substantive:
        text = citations().get(rule, "")
        text = refs.fill(text) if refs else text
        if "{" in text or not text:
            continue
        article = ARTICLE.match(text)
        merged = next((i for i, old in enumerate(seen) if article and ARTICLE.match(old)
                       and ARTICLE.match(old).group(1) == article.group(1)), None)
        if merged is not None:
            if article.group(2) not in seen[merged]:
                seen[merged] += "、" + article.group(2)
        elif text not in seen:
            seen.append(text)
    return seen


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


RULE_REFERENCE = re.compile(r"[（(]((?:(?:VC|SD|PT|GC|SO|PV|CONV)-\d+[a-z]?[、，,\s]*)+)[）)]")


# Words of the project's own notes (the rules reference, the seed plan) as a clerk says them.
PLAIN_WORDS = (("种子003", "江西市山镇2021年实施方案"), ("种子方案", "实施方案"), ("种子日程", "实施方案的日程"),
               ("种子", "实施方案"), ("宽口径", "“前第N日”算法"), ("严口径", "“相隔满N日”算法"),
               ("本程序解释", "本程序的理解"))


def clerk_text(text: str) -> str:
    """A message as the clerk reads it: a parenthesised rule ID (“（VC-09）”) becomes the law
    it cites where there is one (“（《村民委员会组织法》第十五条）”), otherwise it goes;
    insider words of the project's notes are said plainly. Rule IDs stay in tooltips, the
    audit log and the code."""
    def replace(match: re.Match) -> str:
        ids = tuple(re.findall(r"[A-Z]+-\d+[a-z]?", match.group(1)))
        laws = [citation for citation in cite(ids) if citation.startswith("《")]
        return f"（{'、'.join(laws)}）" if laws else ""

    text = RULE_REFERENCE.sub(replace, text)
    for insider, plain in PLAIN_WORDS:
        text = text.replace(insider, plain)
    return text
