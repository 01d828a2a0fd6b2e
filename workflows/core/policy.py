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
from workflows.core.text import Msg, msg

PRESETS_DIR = RESOURCES / "rules"
DEFAULT_PRESET = "national"


@dataclass(frozen=True)
class Setting:
    """A parameter's value in one profile, with its source and verification mark."""

    value: Any
    source: str
    verified: bool


@dataclass(frozen=True)
class Preset:
    """A bundled starting point for a township's rules."""

    key: str
    name: str
    description: str
    values: dict[str, Setting]


@cache
def presets() -> dict[str, Preset]:
    """All bundled presets, by key."""
    found = {}
    for path in sorted(PRESETS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        values = {key: Setting(**setting) for key, setting in data["values"].items()}
        found[data["key"]] = Preset(data["key"], data["name"], data["description"], values)
    return found


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
    if profile.get("vc_women_min") > (size["max"] or 99):
        errors.append(ProfileError("vc_women_min", msg("女性成员人数不能多于村委会最多人数")))
    if profile.get("objection_filing_days") >= profile.get("voter_list_days") > 0:
        errors.append(ProfileError("objection_filing_days", msg(
            "异议期限不应长于选民名单提前公布的天数，否则异议期跨过选举日")))
    return errors


def initial_candidates_required(profile: RulesProfile, seats: int) -> int:
    """Minimum number of Party initial candidates for ``seats`` (PT-10, SD-10, CONV-08)."""
    if profile.get("party_initial_method") == "plus":
        return seats + profile.get("party_initial_plus")
    return profile.ratio("party_initial_ratio").apply(seats)


def describe(param_key: str) -> Param:
    """The catalog entry of a parameter."""
    return BY_KEY[param_key]
