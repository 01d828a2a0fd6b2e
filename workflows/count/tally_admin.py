"""``main.py tally FILE.json``: the count decided from a file of numbers, by anyone.

An independent check of the count, and the count tested from outside: the same functions
the GUI uses, without a database. Input (UTF-8 JSON)::

    {"track": "villager" | "party", "round": "first" | "runoff",
     "registered", "voters", "issued", "returned", "ballots_cast", "expected", "attended",
     "quorum": "超过" | "不少于", "profile": "national" | …,
     "contests": [{"office": "主任" | "副主任" | "委员" | "委员会委员" | "书记" | "副书记",
                   "seats": n, "candidates": [{"name": "姓名", "votes": n, "female": bool}]}]}

each field only where it applies; also optional: ``women_seat`` (reserved | runoff | none,
GC-18; default: the profile's ``vc_women_seat_form``), ``elected_before`` and ``chair_elected`` (PV-12 after a 另行选举), per candidate
``id`` (the same person in two contests, when names are not enough), the office
``妇女委员`` (the separate women's seat) in a villager 另行选举, and per contest of a villager
runoff ``"tie_revote": true`` (a re-vote among candidates tied for the last seats, PV-10: most
votes wins, no ⅓ threshold), and ``"relatives": [["张三", "李梅"], …]`` — candidates (by ``id``
where given, else by name) who are close relatives, kept apart once elected where the profile
says so (PV-13, e.g. ``zhejiang_2020``). Output on stdout::

    {"valid": bool, "reasons": [...],
     "contests": [{"office", "elected", "unfilled", "tie_revote_among", "runoff_candidates"}]}

Exit codes as every administrator command: 0 decided, 2 refused (bad input; a Chinese
message on stderr, never a traceback). Unknown fields, and totals no paper count can give
(more votes in an office than voters × seats), are noted on stderr; the round is still decided.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from workflows.core.policy import DEFAULT_PRESET, RulesProfile, presets
from workflows.count.results import (
    OFFICES,
    WOMEN_SEAT,
    WOMEN_SEAT_FORMS,
    Candidate,
    Contest,
    RoundFacts,
)
from workflows.count.round import count_round
from workflows.count.validity import base_count

NUMBERS = {"registered": "登记选民数", "voters": "参加投票人数", "issued": "发出选票数", "returned": "收回选票数",
           "ballots_cast": "已投选票总数", "expected": "应到会人数", "attended": "实到会人数",
           "elected_before": "此前已当选人数"}
QUORUM = {"超过": "gt", "不少于": "ge"}
KNOWN = {"track", "round", "quorum", "profile", "contests", "women_seat", "chair_elected", "relatives", *NUMBERS}


class BadInput(Exception):
    """The file cannot be counted; the message says why, in Chinese."""


def tally_command(args, out, err) -> int:
    """Read the file, decide the round, print the result as JSON."""
    try:
        data = read_json(Path(args.file))
        facts, profile = parse_round(data)
    except BadInput as refused:
        print(str(refused), file=err)
        return 2
    unknown = sorted(set(data) - KNOWN)
    if unknown:
        print("忽略不认识的字段：" + "、".join(unknown), file=err)
    for warning in implausible(facts):
        print(warning, file=err)
    print(json.dumps(count_round(facts, profile).as_dict(), ensure_ascii=False, indent=2), file=out)
    return 0


def read_json(path: Path) -> Any:
    """The file's JSON; refused when missing, not UTF-8, or not JSON."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise BadInput(f"找不到文件“{path}”") from error
    except OSError as error:
        raise BadInput(f"无法读取文件“{path}”（{error.strerror or '读取失败'}）") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"文件“{path.name}”不是 UTF-8 编码的文本，请另存为 UTF-8 后重试") from error
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise BadInput(f"文件“{path.name}”不是有效的 JSON：第{error.lineno}行第{error.colno}列格式有误") from error


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise BadInput(f"字段“{key}”写了两次")
        seen[key] = value
    return seen


def _no_constant(name: str) -> Any:
    raise BadInput(f"数字不能写成 {name}")


def parse_round(data: Any) -> tuple[RoundFacts, RulesProfile]:
    """The round's facts and the profile they are counted by; BadInput when anything is off."""
    if not isinstance(data, dict):
        raise BadInput("文件内容应是一个 JSON 对象（以 { 开头）")
    track = _choice(data, "track", ("villager", "party"), "选举类别", None)
    rnd = _choice(data, "round", ("first", "runoff"), "轮次", "first")
    profile = _profile(data)
    numbers = {key: _count(data.get(key), label) for key, label in NUMBERS.items()}
    facts = RoundFacts(track, rnd, **numbers,
                       quorum=_quorum(data),
                       women_seat=_choice(data, "women_seat", WOMEN_SEAT_FORMS, "妇女名额形式", None),
                       chair_elected=_flag(data.get("chair_elected"), "主任是否已选出"),
                       contests=_contests(data.get("contests"), track, rnd))
    facts = replace(facts, relatives=_relatives(data.get("relatives"), facts, profile))
    _require(facts, profile)
    _consistent(facts)
    return facts, profile


def _relatives(value: Any, facts: RoundFacts, profile: RulesProfile) -> tuple[tuple[str, str, str], ...]:
    """PV-13: pairs of candidates (by ``id`` where given, else by name) who are close relatives
    of a kind the profile keeps apart; refused for the Party track or a profile without the rule."""
    if value is None:
        return ()
    if facts.track != "villager" or profile.get("elected_relatives_avoidance") == "none":
        raise BadInput("“relatives”（当选人之间的近亲属）只用于规定了当选人之间回避的村民委员会选举"
                       "（规则配置的 elected_relatives_avoidance 不为 none，如 zhejiang_2020）")
    if not isinstance(value, list):
        raise BadInput("“relatives”应为列表，每项是两名候选人的 id 或姓名，如 [[\"张三\", \"李梅\"]]")
    known = {c.identity for contest in facts.contests for c in contest.candidates}
    pairs = []
    for n, pair in enumerate(value, 1):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise BadInput(f"relatives 第{n}项应是两名候选人的 id 或姓名")
        missing = [p for p in pair if p not in known]
        if missing:
            raise BadInput(f"relatives 第{n}项的“{missing[0]}”不是本轮的候选人（有 id 的按 id 写）")
        if pair[0] == pair[1]:
            raise BadInput(f"relatives 第{n}项是同一个人")
        pairs.append((pair[0], pair[1], f"{pair[0]}与{pair[1]}是近亲属"))
    return tuple(pairs)


def _choice(data: dict, key: str, allowed: tuple[str, ...], label: str, default: str | None) -> str | None:
    value = data.get(key)
    if value is None:
        if key == "track":
            raise BadInput(f"缺少“{key}”（{label}），应为 {' 或 '.join(allowed)}")
        return default
    if value not in allowed:
        raise BadInput(f"“{key}”（{label}）的值“{value}”不认识，应为 {' 或 '.join(allowed)}")
    return value


def _profile(data: dict) -> RulesProfile:
    key = data.get("profile", DEFAULT_PRESET)
    if not isinstance(key, str) or key not in presets():
        raise BadInput(f"规则配置“{key}”不存在，可用：{'、'.join(presets())}")
    return RulesProfile.from_preset(key)


def _quorum(data: dict) -> str | None:
    value = data.get("quorum")
    if value is None:
        return None
    if value not in QUORUM:
        raise BadInput(f"“quorum”（到会人数的比较方式）应为“超过”或“不少于”，不是“{value}”")
    return QUORUM[value]


def _count(value: Any, label: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput(f"{label}应为整数，不是“{value}”")
    if value < 0:
        raise BadInput(f"{label}不能为负数（{value}）")
    return value


def _flag(value: Any, label: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise BadInput(f"{label}应为 true 或 false，不是“{value}”")


def _contests(value: Any, track: str, rnd: str) -> tuple[Contest, ...]:
    if not isinstance(value, list) or not value:
        raise BadInput("缺少“contests”（各职位的应选名额和候选人得票），应为非空列表")
    contests = tuple(_contest(item, n, track, rnd) for n, item in enumerate(value, 1))
    offices = [c.office for c in contests]
    for office in offices:
        if offices.count(office) > 1:
            raise BadInput(f"职位“{office}”出现了两次，每个职位只写一项")
    return contests


def _contest(item: Any, n: int, track: str, rnd: str) -> Contest:
    where = f"contests 第{n}项"
    if not isinstance(item, dict):
        raise BadInput(f"{where}应是一个 JSON 对象")
    office = item.get("office")
    allowed = tuple(o for o in OFFICES[track] if o != WOMEN_SEAT or rnd == "runoff")
    if office not in allowed:
        raise BadInput(f"{where}的职位“{office}”不认识，{_TRACK_NAMES[track]}的职位为：{'、'.join(allowed)}")
    where = f"{where}（{office}）"
    seats = _count(item.get("seats"), f"{where}的应选名额")
    if not seats:
        raise BadInput(f"{where}缺少应选名额（seats），应为正整数")
    people = item.get("candidates")
    if not isinstance(people, list):
        raise BadInput(f"{where}缺少候选人列表（candidates）")
    candidates = tuple(_candidate(p, f"{where}第{k}名候选人") for k, p in enumerate(people, 1))
    if office == WOMEN_SEAT and not all(c.female for c in candidates):
        raise BadInput(f"{where}只能由妇女当选，每名候选人都应标明 \"female\": true")
    tie_revote = bool(_flag(item.get("tie_revote"), f"{where}的“tie_revote”（就票数相等者再次投票）"))
    if tie_revote and (track != "villager" or rnd != "runoff"):
        raise BadInput(f"{where}：“tie_revote”只用于村民委员会选举的再次投票（round 为 runoff）")
    return Contest(office, seats, candidates, tie_revote)


_TRACK_NAMES = {"villager": "村民委员会选举", "party": "村党组织选举"}


def _candidate(item: Any, where: str) -> Candidate:
    if not isinstance(item, dict):
        raise BadInput(f"{where}应是一个 JSON 对象")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise BadInput(f"{where}缺少姓名（name）")
    votes = _count(item.get("votes"), f"{where}“{name.strip()}”的得票")
    if votes is None:
        raise BadInput(f"{where}“{name.strip()}”缺少得票（votes）")
    female = _flag(item.get("female"), f"{where}“{name.strip()}”的性别标记（female）")
    person = item.get("id", "")
    if not isinstance(person, str | int) or isinstance(person, bool):
        raise BadInput(f"{where}“{name.strip()}”的 id 应为文字或整数")
    return Candidate(name.strip(), votes, bool(female), str(person))


_REQUIRED = {
    ("villager", "first"): ("registered", "voters"),
    ("villager", "runoff"): (),
    ("party", "first"): ("expected", "attended"),
    ("party", "runoff"): ("expected", "attended"),
}
_BASE_FIELDS = {"registered": "registered", "voters": "voters", "ballots_cast": "ballots_cast",
                "expected": "expected", "present": "attended"}


def _require(facts: RoundFacts, profile: RulesProfile) -> None:
    """The numbers this round's rules need, by the profile's bases."""
    for key in _REQUIRED[(facts.track, facts.round)]:
        if getattr(facts, key) is None:
            raise BadInput(f"缺少“{key}”（{NUMBERS[key]}）")
    for key in _threshold_keys(facts):
        base = profile.threshold(key).base
        if base_count(facts, base) is None:
            field = _BASE_FIELDS[base]
            extra = "或“returned”" if base == "ballots_cast" else ""
            raise BadInput(f"缺少“{field}”{extra}（{NUMBERS[field]}）：规则配置以它为当选票数的基数")


def _threshold_keys(facts: RoundFacts) -> tuple[str, ...]:
    if facts.track == "party":
        return ("party_elected",)
    return ("vc_runoff_threshold",) if facts.round == "runoff" else ("vc_valid_threshold", "vc_elected_threshold")


def _consistent(facts: RoundFacts) -> None:
    """Numbers that cannot all be true at once."""
    _not_above(facts.voters, facts.registered, "参加投票人数", "登记选民数")
    _not_above(facts.attended, facts.expected, "实到会人数", "应到会人数")
    _not_above(facts.ballots_cast, facts.returned, "已投选票总数", "收回选票数")
    most = max((n for n in (facts.voters, facts.returned, facts.ballots_cast, facts.attended) if n is not None),
               default=None)
    if most is None:
        return
    for contest in facts.contests:
        for c in contest.candidates:
            _not_above(c.votes, most, f"{contest.office}候选人“{c.name}”的得票", "投票的人数和选票数")


def implausible(facts: RoundFacts) -> list[str]:
    """Totals no paper count can give (each ballot marks at most ``seats`` per office): a
    hint on stderr, not a refusal — the count is still decided from the numbers given."""
    most = max((n for n in (facts.voters, facts.returned, facts.ballots_cast, facts.attended) if n is not None),
               default=0)
    return [f"提示：{c.office}全部候选人的得票合计（{sum(c.votes)}）多于投票人数×应选名额"
            f"（{most}×{c.seats}），请核对" for c in facts.contests if sum(c.votes) > most * c.seats]


def _not_above(value: int | None, limit: int | None, what: str, than: str) -> None:
    if value is not None and limit is not None and value > limit:
        raise BadInput(f"{what}（{value}）多于{than}（{limit}），请核对")
