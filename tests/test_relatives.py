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
