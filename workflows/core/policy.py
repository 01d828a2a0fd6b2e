"""The rules profile: every rule number a stage needs, with its source, per township.

A profile starts from a preset in ``resources/rules/`` (national law only, or a
township's own plan) and keeps a full copy of every value, so a later change to a
preset file never silently changes the rules of a running election. Each value carries
where it comes from and whether it was checked against the source text (未核对).
The parameters themselves are described in :mod:`workflows.policy_catalog`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from functools import cache, lru_cache
from typing import Any

from workflows.core.config import RESOURCES
from workflows.core.policy_catalog import BY_KEY, CATALOG, Kind, Param
from workflows.core.text import Msg, format_date, msg

PRESETS_DIR = RESOURCES / "rules"
DEFAULT_PRESET = "national"


@dataclass(frozen=True)
class Setting:
    """A parameter's value in one profile, with its source and verification mark.

    ``deviation`` names the local rule (document and article) under which a value departs
    from what the law fixes (:data:`LAW`); without it such a value cannot be 已核对.
    """

    value: Any
    source: str
    verified: bool
    deviation: str = ""


@dataclass(frozen=True)
class Preset:
    """A bundled starting point for a township's rules."""

    key: str
    name: str
    description: str
    values: dict[str, Setting]
    province: str = ""  # the province whose measures it follows ("" for national law only)


@cache
def presets() -> dict[str, Preset]:
    """All bundled presets, by key: national law first, then by province and name."""
    found = []
    for path in sorted(PRESETS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        values = {key: Setting(**setting) for key, setting in data["values"].items()}
        found.append(Preset(data["key"], data["name"], data["description"], values,
                            data.get("province", "")))
    found.sort(key=lambda p: (p.key != DEFAULT_PRESET, p.province, p.name))
    return {preset.key: preset for preset in found}


def presets_for(province: str) -> list[Preset]:
    """The presets a township of ``province`` may start from: its province's, then national."""
    return [p for p in presets().values() if p.province == province.strip()] + [presets()[DEFAULT_PRESET]]


@dataclass(frozen=True)
class RulesProfile:
    """The rule values in force for one township."""

    preset: str
    values: dict[str, Setting]

    @classmethod
    def from_preset(cls, key: str = DEFAULT_PRESET) -> RulesProfile:
        """A fresh profile equal to a bundled preset."""
        return cls(key, dict(presets()[key].values))

    @classmethod
    def from_json(cls, text: str) -> RulesProfile:
        """Load a stored profile; parameters it lacks come from its preset (cached by text:
        profiles are read for every check, and never changed in place)."""
        return _parse_profile(text)

    @classmethod
    def _parse(cls, text: str) -> RulesProfile:
        if not text:
            return cls.from_preset()
        data = json.loads(text)
        preset_key = data.get("preset", DEFAULT_PRESET)
        base = presets().get(preset_key) or presets()[DEFAULT_PRESET]
        values = dict(base.values)
        values.update({key: Setting(**s) for key, s in data["values"].items() if key in BY_KEY})
        return cls(preset_key, values)

    def to_json(self) -> str:
        """Serialise every value (a full copy, not a diff against the preset)."""
        values = {
            key: {"value": s.value, "source": s.source, "verified": s.verified}
            | ({"deviation": s.deviation} if s.deviation else {})
            for key, s in self.values.items()
        }
        return json.dumps({"preset": self.preset, "values": values}, ensure_ascii=False, indent=1)

    def get(self, key: str) -> Any:
        """The value of parameter ``key``."""
        return self.values[key].value

    def setting(self, key: str) -> Setting:
        """The value with its source and verification mark."""
        return self.values[key]

    def with_setting(self, key: str, setting: Setting) -> RulesProfile:
        """A copy with one parameter replaced."""
        values = dict(self.values)
        values[key] = setting
        return replace(self, values=values)

    def unverified(self) -> list[str]:
        """Keys of the values not yet checked against their source (未核对)."""
        return [key for key, s in self.values.items() if not s.verified]

    def deviations(self) -> list[str]:
        """Keys of the values that depart from the law as recorded local deviations."""
        return [key for key, s in self.values.items()
                if s.deviation.strip() and outside_law(key, s.value) is not None]

    def differing_from(self, preset_key: str = DEFAULT_PRESET) -> list[str]:
        """Keys whose value differs from a bundled preset's (the national one by default)."""
        base = presets()[preset_key].values
        return [key for key, s in self.values.items() if key in base and base[key].value != s.value]

    # Typed accessors used by the stages -------------------------------------------
    def days(self, key: str) -> int:
        """An integer day count."""
        return int(self.get(key))

    def threshold(self, key: str) -> Threshold:
        """A threshold parameter as a :class:`Threshold`."""
        return Threshold(**self.get(key))

    def ratio(self, key: str) -> Ratio:
        """A ratio parameter as a :class:`Ratio`."""
        return Ratio(**self.get(key))

    def reference_date(self, key: str) -> date | None:
        """A date parameter, None when empty."""
        value = self.get(key)
        return date.fromisoformat(value) if value else None


@lru_cache(maxsize=64)
def _parse_profile(text: str) -> RulesProfile:
    return RulesProfile._parse(text)


@dataclass(frozen=True)
class Ratio:
    """A multiple of a count with its rounding (CONV-08: 进一法 by default)."""

    value: str
    rounding: str = "ceil"

    @property
    def fraction(self) -> Fraction:
        """The ratio as an exact fraction (no floating point)."""
        return Fraction(self.value)

    def apply(self, count: int) -> int:
        """``count × ratio``, rounded as configured."""
        exact = self.fraction * count
        if self.rounding == "floor":
            return math.floor(exact)
        if self.rounding == "round":
            return math.floor(exact + Fraction(1, 2))
        return math.ceil(exact)


@dataclass(frozen=True)
class Threshold:
    """“超过/不少于 num/den of base”, evaluated in integers (CONV-01, CONV-02)."""

    num: int
    den: int
    comparison: str
    base: str

    def met(self, count: int, base_count: int) -> bool:
        """Whether ``count`` reaches the threshold of ``base_count``."""
        if self.comparison == "ge":
            return count * self.den >= self.num * base_count
        return count * self.den > self.num * base_count

    def minimum(self, base_count: int) -> int:
        """The smallest count that meets the threshold."""
        exact = Fraction(self.num * base_count, self.den)
        if self.comparison == "ge":
            return math.ceil(exact)
        return math.floor(exact) + 1


@dataclass(frozen=True)
class ProfileError:
    """A value the profile editor must refuse, and why."""

    key: str
    message: Msg


def validate(profile: RulesProfile) -> list[ProfileError]:
    """Check every value against its kind and the cross-parameter rules."""
    errors = []
    for param in CATALOG:
        if param.key not in profile.values:
            errors.append(ProfileError(param.key, msg("缺少此项设置")))
            continue
        problem = _check_value(param, profile.get(param.key))
        if problem:
            errors.append(ProfileError(param.key, problem))
    if not errors:
        errors += _cross_checks(profile)
        errors += _law_checks(profile)
    return errors


def value_error(key: str, value: Any) -> Msg | None:
    """Why ``value`` is not acceptable for parameter ``key`` (None when it is)."""
    return _check_value(BY_KEY[key], value)


def _check_value(param: Param, value: Any) -> Msg | None:
    checker = _CHECKERS[param.kind]
    try:
        return checker(param, value)
    except (TypeError, ValueError, KeyError, ZeroDivisionError):
        return msg("“{value}”不是有效的设置值", value=value)


def _check_int(param: Param, value: Any) -> Msg | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return msg("请填写整数")
    if value < 0:
        return msg("不能为负数")
    return _check_bounds(param, value)


def _check_bounds(param: Param, value: int) -> Msg | None:
    if param.minimum is not None and value < param.minimum:
        return msg("不能小于 {minimum}", minimum=param.minimum)
    if param.maximum is not None and value > param.maximum:
        return msg("不能大于 {maximum}", maximum=param.maximum)
    return None


def _check_ratio(param: Param, value: Any) -> Msg | None:
    ratio = Ratio(**value)
    if ratio.fraction < 1:
        return msg("倍数不能小于 1")
    if ratio.fraction > 10:
        return msg("倍数不能大于 10")
    if ratio.rounding not in {"ceil", "floor", "round"}:
        return msg("取整方法无效")
    return None


def _check_threshold(param: Param, value: Any) -> Msg | None:
    threshold = Threshold(**value)
    if threshold.num <= 0 or threshold.den <= 0:
        return msg("比例的分子、分母都应为正整数")
    if threshold.num > threshold.den:
        return msg("比例不能大于 1")
    if threshold.comparison not in {"gt", "ge"}:
        return msg("比较方式只能是“超过”或“不少于”")
    if threshold.base not in param.bases:
        return msg("计算基数无效")
    return None


def _check_range(param: Param, value: Any) -> Msg | None:
    low, high = value["min"], value["max"]
    if not isinstance(low, int) or (high is not None and not isinstance(high, int)):
        return msg("请填写整数")
    if low < 0 or (high is not None and high < 0):
        return msg("不能为负数")
    if high is not None and low > high:
        return msg("下限 {low} 大于上限 {high}", low=low, high=high)
    return _check_bounds(param, low) or (high is not None and _check_bounds(param, high)) or None


def _check_choice(param: Param, value: Any) -> Msg | None:
    if value not in {choice for choice, _label in param.choices}:
        return msg("“{value}”不是可选的值", value=value)
    return None


def _check_bool(param: Param, value: Any) -> Msg | None:
    return None if isinstance(value, bool) else msg("只能是“是”或“否”")


def _check_date(param: Param, value: Any) -> Msg | None:
    if value:
        date.fromisoformat(value)
    return None


def _check_list(param: Param, value: Any) -> Msg | None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return msg("应为文字清单")
    if not [item for item in value if item.strip()]:
        return msg("清单不能为空")
    return None


_CHECKERS = {
    Kind.INT: _check_int,
    Kind.RATIO: _check_ratio,
    Kind.THRESHOLD: _check_threshold,
    Kind.RANGE: _check_range,
    Kind.CHOICE: _check_choice,
    Kind.BOOL: _check_bool,
    Kind.DATE: _check_date,
    Kind.LIST: _check_list,
}


def _cross_checks(profile: RulesProfile) -> list[ProfileError]:
    errors = []
    size = profile.get("vc_size")
    if profile.get("vc_size_odd"):
        even = [n for n in (size["min"], size["max"]) if n is not None and n % 2 == 0]
        if even:
            errors.append(ProfileError("vc_size", msg(
                "已要求村民委员会人数为单数，人数上下限不能是双数 {even}",
                even="、".join(map(str, even)))))
    if profile.get("ec_odd") == "blocker" and profile.get("ec_min_size") % 2 == 0:
        errors.append(ProfileError("ec_min_size", msg(
            "已要求选举委员会人数为单数，最少人数不能是双数 {n}", n=profile.get("ec_min_size"))))
    ec_max = profile.get("ec_max_size")
    if ec_max and ec_max < profile.get("ec_min_size"):
        errors.append(ProfileError("ec_max_size", msg("选举委员会人数上限不能小于下限 {low}",
                                                      low=profile.get("ec_min_size"))))
    if profile.get("vc_women_min") > (size["max"] or 99):
        errors.append(ProfileError("vc_women_min", msg("女性成员人数不能多于村委会最多人数")))
    if profile.get("objection_filing_days") >= profile.get("voter_list_days") > 0:
        errors.append(ProfileError("objection_filing_days", msg(
            "异议期限不应长于选民名单提前公布的天数，否则异议期跨过选举日")))
    return errors


@dataclass(frozen=True)
class Law:
    """What the law fixes for a parameter: bounds (of an int, or of both ends of a range)
    or an exact value, with the article that says so."""

    citation: str
    low: int | None = None
    high: int | None = None
    exact: Any = None

    def allows(self, value: Any) -> bool:
        """Whether ``value`` stays within what the law fixes."""
        if self.exact is not None:
            if isinstance(self.exact, dict):  # a threshold: the same share, comparison, base
                return (Fraction(value["num"], value["den"]) == Fraction(self.exact["num"], self.exact["den"])
                        and value["comparison"] == self.exact["comparison"]
                        and value["base"] == self.exact["base"])
            return value == self.exact
        ends = [value["min"], value["max"]] if isinstance(value, dict) else [value]
        if self.high is not None and None in ends:
            return False
        return all((self.low is None or end >= self.low) and (self.high is None or end <= self.high)
                   for end in ends if end is not None)

    @property
    def text(self) -> str:
        """The law's value in words (“3～7”, “不少于20”, “不超过3”, “18”)."""
        if self.exact is not None:
            if isinstance(self.exact, dict):
                word = "超过" if self.exact["comparison"] == "gt" else "不少于"
                return f"{word}{self.exact['num']}/{self.exact['den']}"
            return str(self.exact)
        if self.low is not None and self.high is not None:
            return f"{self.low}～{self.high}"
        return f"不少于{self.low}" if self.low is not None else f"不超过{self.high}"


_VC_LAW = "《村民委员会组织法》(2018)"
# Values the Villager Committee Organic Law fixes (rules-reference §2, SEEN). A province or
# township may depart from them only as a recorded local deviation (Setting.deviation).
LAW: dict[str, Law] = {
    "voting_age": Law(f"{_VC_LAW}第13条：年满十八周岁", exact=18),
    "vc_size": Law(f"{_VC_LAW}第6条：三至七人", low=3, high=7),
    "vc_women_min": Law(f"{_VC_LAW}第6条：应当有妇女成员", low=1),
    "voter_list_days": Law(f"{_VC_LAW}第14条：选举日的二十日前公布", low=20),
    "objection_filing_days": Law(f"{_VC_LAW}第14条：自名单公布之日起五日内申诉", low=5),
    "objection_decision_days": Law(f"{_VC_LAW}第14条：自收到申诉之日起三日内作出处理决定", high=3),
    "residence_years": Law(f"{_VC_LAW}第13条：在本村居住一年以上", exact=1),
    "handover_days": Law(f"{_VC_LAW}第20条：自新一届村委会产生之日起十日内完成移交", high=10),
    "chair_candidates_extra": Law(f"{_VC_LAW}第15条：候选人名额应当多于应选名额", low=1),
    "member_candidates_extra": Law(f"{_VC_LAW}第15条：候选人名额应当多于应选名额", low=1),
    "vc_valid_threshold": Law(f"{_VC_LAW}第15条：登记参加选举的村民过半数投票，选举有效",
                              exact={"num": 1, "den": 2, "comparison": "gt", "base": "registered"}),
    "vc_elected_threshold": Law(f"{_VC_LAW}第15条：获得参加投票的村民过半数的选票，始得当选",
                                exact={"num": 1, "den": 2, "comparison": "gt", "base": "voters"}),
    "vc_runoff_threshold": Law(f"{_VC_LAW}第15条：另行选举得票不得少于已投选票总数的三分之一",
                               exact={"num": 1, "den": 3, "comparison": "ge", "base": "ballots_cast"}),
}


def outside_law(key: str, value: Any) -> Law | None:
    """The law a value departs from (None when it keeps to it, or no law fixes it)."""
    law = LAW.get(key)
    if law is None or law.allows(value):
        return None
    return law


def law_problem(key: str, setting: Setting) -> Msg | None:
    """Why ``setting`` cannot be stored as it is: outside the law, marked 已核对, and no
    local deviation recorded with its source."""
    law = outside_law(key, setting.value)
    if law is None or not setting.verified or setting.deviation.strip():
        return None
    return msg("取值超出法律规定（{citation}，即{text}），不能标为“已核对”。确为本地规定的，"
               "请在“本地偏离依据”中写明文件和条款；否则请改正取值或取消“已核对”",
               citation=law.citation, text=law.text)


def _law_checks(profile: RulesProfile) -> list[ProfileError]:
    return [ProfileError(key, problem) for key in LAW
            if (problem := law_problem(key, profile.setting(key))) is not None]


def age_reference_problem(profile: RulesProfile, days: list[date]) -> Msg | None:
    """SD-13: the age reference date belongs to the term whose election days are ``days``.

    A date more than a year before the first of them was set for an earlier term (a preset
    of 2021 used in a later term); a date after the last belongs to none of them. None when
    no date is set (ages then count on the election day) or it fits the term.
    """
    reference = profile.reference_date("age_reference_date")
    known = sorted(day for day in days if day is not None)
    if reference is None or not known:
        return None
    first, last = known[0], known[-1]
    try:
        year_before = first.replace(year=first.year - 1)
    except ValueError:  # 29 February
        year_before = first.replace(year=first.year - 1, day=28)
    if reference < year_before:
        return msg("年龄计算截止日{reference}是以往换届的日期：本届选举日为{first}，截止日早了一年以上"
                   "（年龄应计算到本届换届的日期）。请在规则配置中改为本届的日期，或清空后按选举日计算",
                   reference=format_date(reference), first=format_date(first))
    if reference > last:
        return msg("年龄计算截止日{reference}晚于本届选举日{last}，不属于本届换届。"
                   "请在规则配置中改为本届的日期，或清空后按选举日计算",
                   reference=format_date(reference), last=format_date(last))
    return None


def initial_candidates_required(profile: RulesProfile, seats: int) -> int:
    """Minimum number of Party initial candidates for ``seats`` (PT-10, SD-10, CONV-08)."""
    if profile.get("party_initial_method") == "plus":
        return seats + profile.get("party_initial_plus")
    return profile.ratio("party_initial_ratio").apply(seats)


def describe(param_key: str) -> Param:
    """The catalog entry of a parameter."""
    return BY_KEY[param_key]
