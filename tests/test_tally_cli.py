"""``main.py tally FILE.json`` (issue 12 item 11): the real command once or twice, the rest
through ``tally_command`` — decided rounds exit 0 with JSON, bad input exits 2 with a Chinese
message and never a traceback (VC-15, VC-16, VC-17, PV-10, PT-08, PT-13, CONV-02)."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workflows.count.tally_admin import tally_command

ROOT = Path(__file__).resolve().parent.parent

VILLAGE = {
    "track": "villager", "round": "first", "registered": 600, "voters": 400, "returned": 400,
    "contests": [
        {"office": "主任", "seats": 1, "candidates": [{"name": "张三", "votes": 250}, {"name": "李四", "votes": 140}]},
        {"office": "委员", "seats": 2, "candidates": [
            {"name": "王芳", "votes": 260, "female": True}, {"name": "王芳", "votes": 201, "female": True},
            {"name": "赵六", "votes": 200}, {"name": "钱七", "votes": 120}]},
    ],
}
PARTY = {
    "track": "party", "expected": 50, "attended": 40, "quorum": "不少于", "issued": 40, "returned": 40,
    "contests": [{"office": "委员会委员", "seats": 3, "candidates": [
        {"name": "甲", "votes": 30}, {"name": "乙", "votes": 21}, {"name": "丙", "votes": 21},
        {"name": "丁", "votes": 20}]}],
}


def run_main(path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "tally", str(path)], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=120)


def tally(tmp_path: Path, data, raw: bytes | None = None) -> tuple[int, str, str]:
    path = tmp_path / "round.json"
    path.write_bytes(raw if raw is not None else json.dumps(data, ensure_ascii=False).encode("utf-8"))
    out, err = io.StringIO(), io.StringIO()
    code = tally_command(argparse.Namespace(file=str(path)), out, err)
    return code, out.getvalue(), err.getvalue()


def decided(tmp_path: Path, data) -> dict:
    code, out, err = tally(tmp_path, data)
    assert code == 0, err
    return json.loads(out)


def with_changes(base: dict, **changes) -> dict:
    data = json.loads(json.dumps(base))
    data.update(changes)
    return data


def test_the_real_command_decides_a_village_round(tmp_path):
    path = tmp_path / "village.json"
    path.write_text(json.dumps(VILLAGE, ensure_ascii=False), encoding="utf-8")
    done = run_main(path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["valid"] is True
    assert result["contests"][0] == {"office": "主任", "elected": ["张三"], "unfilled": 0,
                                     "tie_revote_among": [], "runoff_candidates": []}
    assert result["contests"][1]["elected"] == ["王芳", "王芳"]  # one name, two people (VC-16: 201 > 400/2)
    assert any("VC-15" in r for r in result["reasons"])


def test_the_real_command_refuses_bad_input_with_exit_2_and_no_traceback(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{\"track\": \"villager\",", encoding="utf-8")
    done = run_main(path)
    assert done.returncode == 2
    assert "不是有效的 JSON" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_party_quorum_from_the_file_overrides_the_profile(tmp_path):
    result = decided(tmp_path, PARTY)
    assert result["valid"] is True
    assert result["contests"][0]["elected"] == ["甲", "乙", "丙"]
    over = decided(tmp_path, with_changes(PARTY, quorum="超过"))
    assert over["valid"] is False and over["contests"][0]["elected"] == []
    assert any("PT-08" in r for r in over["reasons"])


def test_a_tie_for_the_last_seat_by_profile(tmp_path):
    tie = with_changes(VILLAGE, contests=[{"office": "委员", "seats": 2, "candidates": [
        {"name": "丁", "votes": 300}, {"name": "甲", "votes": 210}, {"name": "乙", "votes": 210},
        {"name": "丙", "votes": 10}]}])
    national = decided(tmp_path, tie)["contests"][0]
    assert national["elected"] == ["丁"] and national["tie_revote_among"] == []
    assert national["unfilled"] == 1 and national["runoff_candidates"] == ["甲", "乙"]
    zhejiang = decided(tmp_path, with_changes(tie, profile="zhejiang_2020"))["contests"][0]
    assert zhejiang["tie_revote_among"] == ["甲", "乙"] and zhejiang["unfilled"] == 1
    assert zhejiang["runoff_candidates"] == []


def test_a_runoff_round(tmp_path):
    data = {"track": "villager", "round": "runoff", "ballots_cast": 300, "contests": [
        {"office": "委员", "seats": 1, "candidates": [{"name": "甲", "votes": 100}, {"name": "乙", "votes": 99}]}]}
    assert decided(tmp_path, data)["contests"][0]["elected"] == ["甲"]  # 3·100 ≥ 300 (VC-17)
    data["ballots_cast"] = 301
    assert decided(tmp_path, data)["contests"][0]["elected"] == []


def test_a_void_round_is_decided_not_refused(tmp_path):
    result = decided(tmp_path, with_changes(VILLAGE, returned=401))
    assert result["valid"] is False and any("GC-15" in r for r in result["reasons"])


def test_impossible_totals_are_decided_with_a_hint(tmp_path):
    code, out, err = tally(tmp_path, with_changes(VILLAGE, contests=[{"office": "主任", "seats": 1, "candidates": [
        {"name": "甲", "votes": 300}, {"name": "乙", "votes": 300}]}]))
    assert code == 0 and "得票合计（600）多于投票人数×应选名额（400×1）" in err
    assert json.loads(out)["contests"][0]["elected"] == []  # a tie is a tie, whatever the totals


def test_unknown_fields_are_ignored_with_a_note(tmp_path):
    code, out, err = tally(tmp_path, with_changes(VILLAGE, note="第一选区"))
    assert code == 0 and "忽略不认识的字段：note" in err and json.loads(out)["valid"]


BAD = [
    (with_changes(VILLAGE, voters=-1), "不能为负数"),
    (with_changes(VILLAGE, voters=400.5), "应为整数"),
    (with_changes(VILLAGE, voters="400"), "应为整数"),
    (with_changes(VILLAGE, voters=True), "应为整数"),
    (with_changes(VILLAGE, voters=700), "多于登记选民数"),
    (with_changes(VILLAGE, registered=None), "缺少“registered”"),
    (with_changes(VILLAGE, track="county"), "“track”"),
    (with_changes(VILLAGE, round="third"), "“round”"),
    (with_changes(VILLAGE, profile="mars"), "规则配置“mars”不存在"),
    (with_changes(VILLAGE, quorum="大约"), "“超过”或“不少于”"),
    (with_changes(VILLAGE, contests=[]), "缺少“contests”"),
    (with_changes(VILLAGE, contests=[{"office": "村长", "seats": 1, "candidates": []}]), "职位“村长”不认识"),
    (with_changes(VILLAGE, contests=[{"office": "书记", "seats": 1, "candidates": []}]), "职位“书记”不认识"),
    (with_changes(VILLAGE, contests=[{"office": "主任", "seats": 0, "candidates": []}]), "应选名额"),
    (with_changes(VILLAGE, contests=[{"office": "主任", "seats": 1, "candidates": [{"name": "甲", "votes": 401}]}]),
     "多于投票的人数"),
    (with_changes(VILLAGE, contests=[{"office": "主任", "seats": 1, "candidates": [{"name": "", "votes": 1}]}]),
     "缺少姓名"),
    (with_changes(VILLAGE, contests=[{"office": "主任", "seats": 1, "candidates": [{"name": "甲"}]}]),
     "缺少得票"),
    (with_changes(VILLAGE, contests=[{"office": "主任", "seats": 1, "candidates": []}] * 2), "出现了两次"),
    (with_changes(PARTY, attended=51), "多于应到会人数"),
    (with_changes(PARTY, expected=None), "缺少“expected”"),
    ({"track": "villager", "round": "runoff", "contests": VILLAGE["contests"]}, "ballots_cast"),
    ([1, 2], "JSON 对象"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_input_exits_2_with_a_chinese_message(tmp_path, data, message):
    code, out, err = tally(tmp_path, data)
    assert code == 2 and out == ""
    assert message in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize(("raw", "message"), [
    ("{\"track\": \"villager\"}".encode("utf-16"), "不是 UTF-8"),
    ("{\"track\": \"村\"}".encode("gbk"), "不是 UTF-8"),
    (b"{\"track\": NaN}", "NaN"),
    (b"{\"voters\": 1, \"voters\": 2}", "写了两次"),
    (b"", "不是有效的 JSON"),
])
def test_malformed_files_exit_2(tmp_path, raw, message):
    code, _, err = tally(tmp_path, None, raw)
    assert code == 2 and message in err


def test_a_missing_file_exits_2(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    assert tally_command(argparse.Namespace(file=str(tmp_path / "none.json")), out, err) == 2
    assert "找不到文件" in err.getvalue()


def test_a_utf8_file_with_a_byte_order_mark_is_read(tmp_path):
    raw = b"\xef\xbb\xbf" + json.dumps(VILLAGE, ensure_ascii=False).encode("utf-8")
    code, out, _ = tally(tmp_path, None, raw)
    assert code == 0 and json.loads(out)["valid"]


def test_pv10_a_contest_marked_tie_revote_is_decided_by_most_votes(tmp_path):
    runoff = {"track": "villager", "round": "runoff", "ballots_cast": 300, "contests": [
        {"office": "委员", "seats": 1, "tie_revote": True,
         "candidates": [{"name": "赵六", "votes": 90}, {"name": "钱七", "votes": 80}]}]}
    assert decided(tmp_path, runoff)["contests"][0]["elected"] == ["赵六"]
    first = with_changes(VILLAGE)
    first["contests"][0]["tie_revote"] = True
    code, _out, err = tally(tmp_path, first)
    assert code == 2 and "只用于村民委员会选举的再次投票" in err


def test_pv13_relatives_among_the_candidates_are_kept_apart_once_elected_where_the_profile_says_so(tmp_path):
    """浙江办法第31条 (zhejiang_2020): the higher office serves; refused where the profile has no such rule."""
    data = with_changes(VILLAGE, profile="zhejiang_2020", relatives=[["张三", "赵六"]])
    data["contests"][1]["candidates"][2]["votes"] = 262  # 赵六 elected 委员 beside his relative the 主任
    result = decided(tmp_path, data)
    member = next(c for c in result["contests"] if c["office"] == "委员")
    assert "赵六" not in member["elected"] and any("PV-13" in r for r in result["reasons"])
    code, _out, err = tally(tmp_path, with_changes(VILLAGE, relatives=[["张三", "赵六"]]))
    assert code == 2 and "elected_relatives_avoidance" in err  # national: the law has no such rule
    code, _out, err = tally(tmp_path, with_changes(VILLAGE, profile="zhejiang_2020", relatives=[["张三", "无名氏"]]))
    assert code == 2 and "不是本轮的候选人" in err
