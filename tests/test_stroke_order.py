"""Tests for workflows.stroke_order (姓氏笔画排序, rules SO-10 … SO-16).

The golden lists below are independent expectations written by hand from the
GF 3002 stroke order (count first, then the 横竖撇点折 sequence); they are not
computed by the module under test.
"""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflows.core import stroke_order as so


def words(text):
    """Split a space-separated list of names."""
    return text.split()


# SO-10/SO-13/SO-16: common surnames in mainland stroke order, grouped by
# stroke count. Within a count the order follows the 横竖撇点折 sequence, e.g.
# 4 strokes: 王1121 韦1152 尤1354 车1512 牛3112 毛3115 文4134 方4153 计4512
# 尹5113 孔5215 巴5215 邓5452 (孔/巴 tie broken by code point, SO-16).
GOLDEN_BY_COUNT = [
    (2, "丁 卜"),
    (3, "于 万 卫 习 马"),
    (4, "王 韦 尤 车 牛 毛 文 方 计 尹 孔 巴 邓"),
    (5, "甘 艾 古 左 石 龙 卢 叶 申 田 史 冉 丘 付 白 包 冯 兰 宁 司 皮 边"),
    (6, "邢 吉 成 曲 吕 朱 乔 任 华 向 庄 刘 齐 关 米 江 汤 安 许 孙"),
    (7, "严 苏 杜 李 杨 连 肖 吴 何 余 谷 邹 冷 汪 沈 宋 张 陈 邵"),
    (8, "武 苗 范 林 欧 卓 易 罗 和 季 岳 金 周 庞 郑 单 宗 郎 孟"),
    (9, "赵 荣 胡 钟 段 施 姜 洪 祝 姚 贺"),
    (10, "秦 袁 聂 莫 贾 夏 顾 钱 徐 翁 高 郭 唐 陶"),
    (11, "黄 梅 曹 龚 常 崔 麻 康 章 梁"),
    (12, "彭 董 蒋 韩 程 傅 谢"),
    (13, "靳 雷 路 鲍 解"),
    (14, "蔡 廖 谭 熊"),
    (15, "颜 潘"),
    (16, "薛 霍 穆"),
    (17, "魏"),
]
GOLDEN_SURNAMES = [s for _, group in GOLDEN_BY_COUNT for s in group.split()]

# A few stroke sequences written out by hand (GF 3002), checked against the table.
HAND_SEQUENCES = {
    "丁": "12", "于": "112", "万": "153", "马": "551", "习": "541",
    "王": "1121", "毛": "3115", "孔": "5215", "巴": "5215", "邓": "5452",
    "石": "13251", "龙": "13534", "卢": "21513", "叶": "25112", "申": "25112",
    "田": "25121", "史": "25134", "冯": "41551", "刘": "413422", "许": "453112",
    "孙": "521234", "李": "1234521", "张": "5153154", "陈": "5215234",
    "德": "332122522114544", "皙": "1234331232511",
}

# The 19th CPC Politburo (2017), as published “按姓氏笔画为序”.
POLITBURO_19 = words(
    "丁薛祥 习近平 王晨 王沪宁 刘鹤 许其亮 孙春兰 李希 李强 李克强 李鸿忠 杨洁篪 "
    "杨晓渡 汪洋 张又侠 陈希 陈全国 陈敏尔 赵乐际 胡春华 栗战书 郭声琨 黄坤明 韩正 蔡奇"
)

# The 20th CPC Politburo (2022) in the order of SO-12: 李希 and 李强 (one-character
# given names) before 李干杰, 李书磊, 李鸿忠, as 王毅 precedes 王沪宁 in the same list.
POLITBURO_20 = words(
    "丁薛祥 习近平 马兴瑞 王毅 王沪宁 尹力 石泰峰 刘国中 李希 李强 李干杰 李书磊 李鸿忠 "
    "何卫东 何立峰 张又侠 张国清 陈文清 陈吉宁 陈敏尔 赵乐际 袁家军 黄坤明 蔡奇"
)

# The same list as transcribed in the task brief.
POLITBURO_20_TRANSCRIBED = words(
    "丁薛祥 习近平 马兴瑞 王毅 王沪宁 尹力 石泰峰 刘国中 李干杰 李书磊 李希 李强 李鸿忠 "
    "何卫东 何立峰 张又侠 张国清 陈文清 陈吉宁 陈敏尔 赵乐际 袁家军 黄坤明 蔡奇"
)


def shuffled(items, seed=20240521):
    """A deterministic shuffle of a copy of items."""
    copy = list(items)
    random.Random(seed).shuffle(copy)
    return copy


def ordered(names, overrides=None):
    """Shortcut: sort_names(...).ordered."""
    return so.sort_names(names, overrides).ordered


# --- data table ------------------------------------------------------------


def test_table_is_consistent():
    """Every sequence uses the five SO-13 classes and has `count` strokes."""
    table = so.load_table()
    with_seq = {ch: v for ch, v in table.items() if v[1]}
    assert len(with_seq) >= 6900
    assert len(table) >= 27000
    for ch, (count, seq) in with_seq.items():
        assert set(seq) <= set("12345"), ch
        assert len(seq) == count, ch


def test_table_header_names_sources():
    header = so.TABLE_PATH.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("#")
    assert "cnchar-order" in header and "kTotalStrokes" in header


def test_table_loads_fast():
    so.load_table.cache_clear()
    start = time.perf_counter()
    so.load_table()
    assert time.perf_counter() - start < 1.0  # typically ~40 ms


@pytest.mark.parametrize("count, group", GOLDEN_BY_COUNT)
def test_so10_golden_stroke_counts(count, group):
    """SO-10: each golden surname has the hand-derived stroke count."""
    for surname in group.split():
        assert so.stroke_data(surname)[0] == count, surname


@pytest.mark.parametrize("ch, seq", sorted(HAND_SEQUENCES.items()))
def test_so13_hand_written_sequences(ch, seq):
    """SO-13: sequences in five classes (提→横, 竖钩→竖, 捺→点, turns→折)."""
    assert so.stroke_data(ch) == (len(seq), seq)


# SO-13: the short 撇 that mirrors a 点 at the top of 关 羊 兰 单 首 前 着 (丷) is a
# 撇 (class 3), as in the GF 3002 stroke order: 点 then 撇, "43". The practice of
# counting it as a 点 (rules-reference SO-13, quoted from a blog) is not followed,
# because the authoritative orders below contradict it.
DIAN_PIE_TOPS = {
    "关": "431134", "羊": "431112", "兰": "43111", "单": "43251112", "首": "431325111",
    "前": "431251122", "着": "43111325111", "米": "431234", "曾": "432524312511",
    "普": "431224312511",
}

# The 通用规范汉字表 (2013) itself is arranged by stroke count and then stroke order
# within each level; Unihan kTGH indices 530-543 (all 6 strokes, level 1). With the
# 撇 read as a 点, 关 and 米 would follow 汗 江 池 汤.
TGH_2013_530_TO_543 = "羊 并 关 米 灯 州 汗 污 江 汛 池 汝 汤 忙"

# Runs of the list of delegates to the 20th CPC National Congress (2,296 names,
# Xinhua, September 2022, “按姓氏笔画为序”) where surnames with 丷 meet others of the
# same count: 关 before 江 (6), 单 before 法 (8), 曾 before 温 and 游 (12).
PUBLISHED_20TH_CONGRESS_RUNS = [
    words("衣立东 闫欢欢 闫晨曦 关志鸥 关英华 江成 江桦 江凌 江涌 江尔雄 江金权 江海洋 "
          "江敦涛 汤浩 安伟 安志 安玮 安长明 安晓宇 祁从峰"),
    words("冯定清 冯夏庭 冯新岩 兰臻 宁咏 宁文鑫 宁效云"),
    words("郑慧涛 单向前 法晓芳 泽仁旺姆 房凤友 房灵敏"),
    words("童建明 普玉忠 普布顿珠 曾毅 曾一春 曾晓芃 曾益新 温刚 温文溪 温湛滨 游钧 谢兰"),
]


@pytest.mark.parametrize("ch, seq", sorted(DIAN_PIE_TOPS.items()))
def test_so13_short_pie_beside_a_dot_stays_a_pie(ch, seq):
    """SO-13: the 丷 top of 关 羊 兰 单 首 前 着 米 曾 普 is 点 then 撇 (43), not 点 点."""
    assert so.stroke_data(ch) == (len(seq), seq)
    assert seq.startswith("43")


def test_so13_order_of_the_2013_table_with_dian_pie_tops():
    """SO-13: the 2013 table's own order (kTGH 530-543): 关 米 before 汗 江 池 汤."""
    chars = TGH_2013_530_TO_543.split()
    assert sorted(shuffled(chars), key=so.char_key) == chars


@pytest.mark.parametrize("run", PUBLISHED_20TH_CONGRESS_RUNS, ids=lambda run: run[0][0])
def test_so13_published_order_where_dian_pie_surnames_meet_others(run):
    """SO-13: 关 < 江, 兰 < 宁, 单 < 法, 曾 < 温 < 游 as published (20th Congress list)."""
    assert ordered(shuffled(run)) == run


def test_so13_reading_the_short_pie_as_a_dot_would_break_the_published_order():
    """SO-13: the alternative reading (43 → 44 at the top) puts 江 before 关 and 温 before 曾."""

    def dot_reading_key(name):
        def key(ch):
            count, _, seq, point = so.char_key(ch)
            return (count, seq[:2].replace("43", "44") + seq[2:], point)

        return [key(ch) for ch in so.normalize_name(name)]

    assert sorted(["关志鸥", "江成"], key=dot_reading_key) == ["江成", "关志鸥"]
    assert sorted(["曾毅", "温刚"], key=dot_reading_key) == ["温刚", "曾毅"]
    assert ordered(["江成", "关志鸥", "温刚", "曾毅"]) == ["关志鸥", "江成", "曾毅", "温刚"]


# --- ordering ---------------------------------------------------------------


def test_so10_so13_golden_surname_order():
    """SO-10/SO-13: 157 common surnames come out in the hand-checked order."""
    assert len(GOLDEN_SURNAMES) >= 60
    assert ordered(shuffled(GOLDEN_SURNAMES)) == GOLDEN_SURNAMES


@pytest.mark.parametrize(
    "before, after",
    [("丁", "于"), ("于", "万"), ("万", "马"), ("习", "马"), ("王", "毛"), ("毛", "孔"),
     ("孔", "邓"), ("石", "龙"), ("龙", "卢"), ("卢", "叶"), ("叶", "田"), ("田", "史"),
     ("史", "冯"), ("刘", "许"), ("许", "孙"), ("李", "杨"), ("张", "陈")],
)
def test_so10_anchor_pairs(before, after):
    """SO-10: well-known neighbouring surnames."""
    assert so.char_key(before) < so.char_key(after)


def test_so10_full_names_sorted_by_surname_first():
    names = ["孙丽", "王芳", "刘洋", "丁一", "马明", "石磊"]
    assert ordered(names) == ["丁一", "马明", "王芳", "石磊", "刘洋", "孙丽"]


def test_so12_two_character_names_first():
    """SO-12: 高富 < 高大富 < 高子轩 (one-character given name first)."""
    assert ordered(["高子轩", "高大富", "高富"]) == ["高富", "高大富", "高子轩"]


def test_so12_longer_names_compared_character_by_character():
    """SO-12: 4-character 马和帕丽 precedes 3-character 马岳利 (和 31234251 < 岳 32121252)."""
    assert ordered(["马岳利", "马和帕丽"]) == ["马和帕丽", "马岳利"]


def test_so12_two_character_name_first_even_with_more_strokes():
    """SO-12: 王毅 (毅 15 strokes) before 王沪宁 (沪 7), 刘鹤 before 刘国中."""
    assert ordered(["王沪宁", "王毅", "刘国中", "刘鹤"]) == ["王毅", "王沪宁", "刘鹤", "刘国中"]


def test_so11_compound_surnames_character_by_character():
    """SO-11: 欧阳 and 司马 are compared like any other characters."""
    assert ordered(["洪少东", "欧阳少东"]) == ["欧阳少东", "洪少东"]  # 欧 8 < 洪 9
    names = ["黄忠", "诸葛亮", "高顺", "徐庶", "刘备", "司马光", "冯巩", "石磊"]
    assert ordered(names) == ["石磊", "冯巩", "司马光", "刘备", "徐庶", "高顺", "诸葛亮", "黄忠"]


def test_so11_so12_compound_surname_is_a_longer_name():
    """SO-11/SO-12: 欧明 (two characters) precedes 欧阳明; 少 4 < 明 8 among 欧阳."""
    assert ordered(["欧阳明", "欧阳少东", "欧明"]) == ["欧明", "欧阳少东", "欧阳明"]


def test_so16_identical_strokes_do_not_interleave():
    """SO-16: 孔 and 巴 (both 5215) and 叶 and 申 (both 25112) stay in blocks."""
    names = ["巴图", "孔明", "巴金", "孔子", "申军", "叶青", "申奥", "叶子", "孔二宝"]
    assert ordered(names) == [
        "孔子", "孔明", "孔二宝", "巴图", "巴金", "叶子", "叶青", "申军", "申奥",
    ]


def test_so15_spaces_and_middle_dots_ignored():
    """SO-15: alignment spaces and middle dots are typesetting, not name."""
    assert so.normalize_name("张　三") == "张三"
    assert so.normalize_name(" 张 三 ") == "张三"
    for dot in "·•・．":
        assert so.normalize_name(f"阿依古丽{dot}买买提") == "阿依古丽买买提"
    assert so.name_key("张　三") == so.name_key("张三")
    assert so.name_key("阿依古丽·买买提") == so.name_key("阿依古丽买买提")


def test_so15_original_strings_kept_and_spaced_two_char_name_stays_short():
    """SO-15/SO-12: "王　毅" is a two-character name and keeps its spaces in output."""
    result = ordered(["王沪宁", "阿依古丽·买买提", "王　毅"])
    assert result == ["王　毅", "王沪宁", "阿依古丽·买买提"]


# --- published lists ---------------------------------------------------------


def test_so12_politburo_19_published_order():
    """SO-10/SO-12: 19th Politburo list (李希 李强 李克强 李鸿忠; 陈希 before 陈全国)."""
    assert ordered(shuffled(POLITBURO_19)) == POLITBURO_19


def test_so12_politburo_20_order():
    """SO-10/SO-12: 20th Politburo list, two-character names first within 王 and 李."""
    assert ordered(shuffled(POLITBURO_20)) == POLITBURO_20


def test_so12_brief_transcription_fits_no_consistent_rule():
    """The transcribed list puts 李希/李强 after 李书磊 (not SO-12) but 李强 (强 12)
    before 李鸿忠 (鸿 11) and 王毅 before 王沪宁, which plain character-by-character
    comparison would reverse: the transcription is not a stroke order at all."""

    def plain_key(name):
        return [so.char_key(ch) for ch in name]

    assert ordered(POLITBURO_20_TRANSCRIBED) != POLITBURO_20_TRANSCRIBED
    assert sorted(POLITBURO_20_TRANSCRIBED, key=plain_key) != POLITBURO_20_TRANSCRIBED


# --- unknown characters and overrides --------------------------------------


def test_unknown_sequence_sorts_after_known_same_count():
    """珄 (not in the 2013 table) has a count (9) but no sequence: after 刘洋 (洋 9),
    before 刘涛 (涛 10)."""
    result = so.sort_names(["刘涛", "刘珄", "刘洋"])
    assert result.ordered == ["刘洋", "刘珄", "刘涛"]
    assert result.unknown_chars == {"珄": ["刘珄"]}


def test_override_fixes_unknown_character():
    """A clerk-entered override (count, sequence) places and clears the character."""
    overrides = {"珄": (9, "112131121")}  # 王 1121 + 生 31121
    result = so.sort_names(["刘涛", "刘珄", "刘洋"], overrides)
    assert result.ordered == ["刘珄", "刘洋", "刘涛"]
    assert result.unknown_chars == {}


def test_character_without_count_sorts_last():
    """A character with no count at all (Ext-B 𠮷, Latin letters) follows everything."""
    result = so.sort_names(["𠮷田", "蔡奇", "张A", "张伟", "丁一"])
    assert result.ordered == ["丁一", "张伟", "张A", "蔡奇", "𠮷田"]
    assert result.unknown_chars == {"A": ["张A"], "𠮷": ["𠮷田"]}
    assert so.char_key("𠮷")[0] == so.NO_COUNT


def test_override_for_character_without_count():
    """𠮷 (a 吉 variant) set to 6 strokes 121251 sorts right after 吉 (SO-16)."""
    overrides = {"𠮷": (6, "121251")}
    assert ordered(["𠮷田", "吉田", "成田"], overrides) == ["吉田", "𠮷田", "成田"]


def test_invalid_override_rejected():
    assert so.check_override(3, "12") is not None
    assert so.check_override(2, "16") is not None
    assert so.check_override(0, "") is not None
    assert so.check_override(2, "12") is None
    assert so.check_override(2, "") is None
    with pytest.raises(ValueError):
        so.char_key("丁", {"丁": (2, "1x")})


def test_override_with_count_only_still_reported():
    result = so.sort_names(["张珄"], {"珄": (9, "")})
    assert result.unknown_chars == {"珄": ["张珄"]}


# --- identical names ----------------------------------------------------------


def test_so14_identical_names_reported_in_input_order():
    """SO-14: identical names (after SO-15 normalization) are grouped, order kept."""
    result = so.sort_names(["张伟", "李娜", "张　伟", "王芳", "张伟"])
    assert result.ordered == ["王芳", "李娜", "张伟", "张　伟", "张伟"]
    assert result.identical_groups == [["张伟", "张　伟", "张伟"]]


def test_so14_no_identical_groups():
    assert so.sort_names(["张伟", "张伟伟"]).identical_groups == []


# --- objects and CLI ------------------------------------------------------------


@dataclass
class Candidate:
    name: str
    votes: int


def test_sort_by_name_and_sort_key_on_objects():
    people = [Candidate("孙丽", 3), Candidate("丁一", 5), Candidate("王芳", 1)]
    result = so.sort_by_name(people, lambda p: p.name)
    assert [p.name for p in result] == ["丁一", "王芳", "孙丽"]
    assert sorted(["孙丽", "丁一"], key=so.sort_key) == ["丁一", "孙丽"]
    by_key = sorted(people, key=so.key_for(lambda p: p.name))
    assert [p.votes for p in by_key] == [5, 1, 3]


def test_cli_sorts_and_reports_in_chinese():
    stdin = io.StringIO("\ufeff张伟\n\n  孙丽  \n刘珄\n张A\n张伟\n丁一\n")
    stdout, stderr = io.StringIO(), io.StringIO()
    assert so.run_sort_names_cli(stdin, stdout, stderr) == 0
    assert stdout.getvalue().splitlines() == ["丁一", "刘珄", "孙丽", "张伟", "张伟", "张A"]
    err = stderr.getvalue()
    assert "未收录笔画数据的字：“珄”（见于：刘珄），已排在同笔画数已知字之后，请人工核对" in err
    assert "“A”（见于：张A）" in err and "排在最后" in err
    assert "姓名完全相同，须由组织部门另定次序（SO-14）：张伟、张伟" in err


def test_cli_quiet_when_all_known():
    stdout, stderr = io.StringIO(), io.StringIO()
    assert so.run_sort_names_cli(io.StringIO("李强\n李希\n"), stdout, stderr) == 0
    assert stdout.getvalue() == "李希\n李强\n"
    assert stderr.getvalue() == ""


# --- properties -----------------------------------------------------------------

NAME_CHARS = "丁王毛孔巴叶申李张陈欧阳司马高大富子轩䶮𠮷A ·　"


@given(st.lists(st.text(alphabet=NAME_CHARS, min_size=0, max_size=5), max_size=25))
def test_sort_is_permutation_and_idempotent(names):
    """sort_names returns a permutation of its input, and sorting again changes nothing."""
    first = so.sort_names(names).ordered
    assert sorted(first) == sorted(names)
    assert so.sort_names(first).ordered == first
