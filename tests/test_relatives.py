"""Close relatives (VC-29): recording and finding pairs within a group of people."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import make_township
from workflows.core import relatives
from workflows.core.errors import InvalidInput
from workflows.core.idcard import make_id

ZHANG = ("张伟", make_id("360102", date(1970, 1, 1), 11))
LI = ("李娜", make_id("360102", date(1972, 2, 2), 22))
ZHANG_SON = ("张小明", make_id("360102", date(1995, 3, 3), 31))
WANG = ("王芳", make_id("360102", date(1980, 4, 4), 42))


@pytest.fixture
def township_id(session):
    return make_township(session).id


def test_vc29_pairs_within_a_group_are_found_with_the_relationship(session, township_id):
    relatives.record(session, township_id, ZHANG, LI, "配偶")
    relatives.record(session, township_id, ZHANG, ZHANG_SON, "子女")
    pairs = relatives.pairs_among(session, township_id, [ZHANG, LI, WANG])
    assert [p.describe() for p in pairs] == ["李娜是张伟的配偶"]
    assert relatives.pairs_among(session, township_id, [LI, WANG]) == []
    assert {p.describe() for p in relatives.pairs_among(session, township_id, [ZHANG, LI, ZHANG_SON])} == {
        "李娜是张伟的配偶", "张小明是张伟的子女"}


def test_only_the_eight_kinds_of_civil_code_1045_are_accepted(session, township_id):
    with pytest.raises(InvalidInput) as refused:
        relatives.record(session, township_id, ZHANG, WANG, "表兄弟")
    assert "配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女" in str(refused.value.errors["kind"])


def test_a_pair_is_recorded_once_whichever_way_round(session, township_id):
    relatives.record(session, township_id, ZHANG, LI, "配偶")
    with pytest.raises(InvalidInput, match="已记录"):
        relatives.record(session, township_id, LI, ZHANG, "配偶")


def test_vc30_relatives_of_committee_members(session, township_id):
    relatives.record(session, township_id, ZHANG, LI, "配偶")
    relatives.record(session, township_id, ZHANG_SON, ZHANG, "父母")
    assert relatives.relatives_of(session, township_id, [ZHANG[1]]) == {LI[1], ZHANG_SON[1]}


# --- Relationships two records imply (VC-29, 民法典 art. 1045) ----------------------------

FATHER = ("张大山", make_id("360102", date(1945, 5, 5), 51))  # odd 17th digit: male
DAUGHTER = ("张小红", make_id("360102", date(1974, 6, 6), 62))  # even: female
GRANDSON = ("刘洋", make_id("360102", date(2000, 7, 7), 71))


def test_vc29_two_children_of_one_parent_are_siblings(session, township_id):
    """A 父母 of B and A 父母 of C ⇒ B and C 兄弟姐妹 (however each record was entered)."""
    relatives.record(session, township_id, ZHANG, FATHER, "父母")  # 张大山 is 张伟's parent
    relatives.record(session, township_id, FATHER, DAUGHTER, "子女")  # 张小红 is 张大山's child
    pairs = relatives.pairs_among(session, township_id, [ZHANG, DAUGHTER, WANG])
    assert [p.describe() for p in pairs] == [
        "张小红是张伟的兄弟姐妹（由已记录的关系推知：二人都是张大山的子女）"]
    assert relatives.relatives_of(session, township_id, [ZHANG[1]]) == {FATHER[1], DAUGHTER[1]}


def test_vc29_a_parents_parent_is_a_grandparent_through_a_father_or_a_mother(session, township_id):
    relatives.record(session, township_id, ZHANG, FATHER, "父母")
    relatives.record(session, township_id, ZHANG, ZHANG_SON, "子女")
    relatives.record(session, township_id, FATHER, DAUGHTER, "子女")
    relatives.record(session, township_id, GRANDSON, DAUGHTER, "父母")
    found = {p.describe() for p in relatives.pairs_among(session, township_id, [FATHER, ZHANG_SON, GRANDSON])}
    assert found == {"张小明是张大山的孙子女（由已记录的关系推知：张大山是张伟的父母，张伟是张小明的父母）",
                     "刘洋是张大山的外孙子女（由已记录的关系推知：张大山是张小红的父母，张小红是刘洋的父母）"}
    assert [p.kind for p in relatives.pairs_among(session, township_id, [GRANDSON, FATHER])] == ["外祖父母"]
    assert relatives.relatives_of(session, township_id, [FATHER[1]]) >= {ZHANG_SON[1], GRANDSON[1]}


def test_vc29_nothing_is_implied_that_article_1045_does_not_make_certain(session, township_id):
    """A sibling's sibling may be no relative (half-siblings through different parents); a
    parent's spouse is a close relative only as a step-parent who raised the child (art. 1072)."""
    relatives.record(session, township_id, ZHANG, DAUGHTER, "兄弟姐妹")
    relatives.record(session, township_id, DAUGHTER, WANG, "兄弟姐妹")
    assert relatives.pairs_among(session, township_id, [ZHANG, WANG]) == []
    relatives.record(session, township_id, ZHANG_SON, ZHANG, "父母")
    relatives.record(session, township_id, ZHANG, LI, "配偶")
    assert relatives.pairs_among(session, township_id, [ZHANG_SON, LI]) == []
    assert LI[1] not in relatives.relatives_of(session, township_id, [ZHANG_SON[1]])


def test_sd19_initial_candidates_with_a_shared_parent_are_found(session):
    """SD-19 reads relatives through pairs_among: siblings implied by two records are found."""
    from tests.test_party_candidates import add_member, setup
    from workflows.core.scope import open_scope
    from workflows.party import candidates as pc

    township, election = setup(session, "jiangxi_2021", seats=3)
    first, second = add_member(session, election, "张一"), add_member(session, election, "张二")
    relatives.record(session, township.id, (first.name, first.id_number), FATHER, "父母")
    relatives.record(session, township.id, (second.name, second.id_number), FATHER, "父母")
    for member in (first, second):
        pc.nominate_by_township(open_scope(session, election), member.id_number, "致富带头人")
    texts = pc.initial_check(open_scope(session, election)).texts()
    assert any("兄弟姐妹" in text and "二人都是张大山的子女" in text for text in texts)
