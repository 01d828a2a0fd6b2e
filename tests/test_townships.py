"""Setting up townships, villages and elections: each bad field gets its own message."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from models import Village, VillageGroup
from tests.conftest import make_township
from workflows.core.policy import RulesProfile
from workflows.township.townships import (
    ElectionInput,
    InvalidInput,
    TownshipInput,
    VillageInput,
    create_township,
    election_errors,
    save_election,
    save_village,
)


def test_township_needs_a_name(session):
    with pytest.raises(InvalidInput) as refused:
        create_township(session, TownshipInput("  "))
    assert str(refused.value.errors["name"]) == "请填写乡镇名称"


def test_village_errors_name_each_field(session):
    township = make_township(session)
    save_village(session, township.id, VillageInput("石桥村", 1200, 300))
    with pytest.raises(InvalidInput) as refused:
        save_village(session, township.id, VillageInput("石桥村", 100, 300, ["上屋组", "上屋组"]))
    errors = {k: str(v) for k, v in refused.value.errors.items()}
    assert errors == {
        "name": "本乡镇已有名为“石桥村”的村",
        "households": "户数（300）不能多于人口数（100）",
        "groups": "村民小组“上屋组”重复",
    }
    assert session.scalar(select(func.count()).select_from(Village)) == 1


def test_same_village_name_in_another_township_is_fine(session):
    first = save_village(session, make_township(session, name="云溪镇").id, VillageInput("石桥村"))
    second = save_village(session, make_township(session, name="白水镇").id, VillageInput("石桥村"))
    assert first.id != second.id and first.township_id != second.township_id
    assert session.scalars(select(Village.name).order_by(Village.id)).all() == ["石桥村", "石桥村"]


def test_editing_groups_keeps_existing_group_rows(session):
    township = make_township(session)
    village = save_village(session, township.id, VillageInput("石桥村", 1200, 300, ["上屋组", "下屋组"]))
    first_id = village.groups[0].id
    save_village(session, township.id, VillageInput("石桥村", 1200, 300, ["新屋组", "上屋组"]), village.id)
    assert [g.name for g in village.groups] == ["新屋组", "上屋组"]
    assert village.groups[1].id == first_id
    assert session.scalar(select(func.count()).select_from(VillageGroup)) == 2


def election_problems(session, data: ElectionInput, preset="national") -> dict[str, str]:
    township = make_township(session)
    village = save_village(session, township.id, VillageInput("石桥村"))
    errors = election_errors(session, village, data, RulesProfile.from_preset(preset))
    return {k: str(v) for k, v in errors.items()}


def test_term_label_format(session):
    assert election_problems(session, ElectionInput("12届")) == {"term_label": "届次应写成“第十二届”的形式"}


def test_party_is_elected_before_the_villager_committee(session):
    data = ElectionInput("第十二届", date(2026, 12, 20), date(2026, 12, 10))
    assert "先选村党组织" in election_problems(session, data)["committee_election_day"]


def test_vc01_committee_of_eight_is_refused(session):
    data = ElectionInput("第十二届", vc_vice_chairs=2, vc_members=5)
    assert election_problems(session, data) == {"vc_members": "村民委员会成员共8人，应为3～7人（VC-01）"}


def test_vc01_committee_of_two_is_refused(session):
    data = ElectionInput("第十二届", vc_vice_chairs=0, vc_members=1)
    assert "3～7人" in election_problems(session, data)["vc_members"]


@pytest.mark.parametrize(("vice", "members"), [(0, 2), (1, 1), (0, 6), (2, 4), (1, 5), (2, 2)])
def test_vc01_committees_of_three_to_seven_with_zero_to_two_deputies_are_accepted(session, vice, members):
    """VC-01: 主任 1, 副主任 0…2, 委员 as many as make 3…7 in all (both ends of the range)."""
    problems = election_problems(session, ElectionInput("第十二届", vc_vice_chairs=vice, vc_members=members))
    assert "vc_members" not in problems and "vc_vice_chairs" not in problems


def test_pt25_party_committee_size(session):
    data = ElectionInput("第十二届", party_members=9)
    assert election_problems(session, data) == {"party_members": "委员职数应为3～7名（PT-25）"}


def test_saving_an_election_then_the_same_term_again_is_refused(session):
    township = make_township(session)
    village = save_village(session, township.id, VillageInput("石桥村"))
    save_election(session, village.id, ElectionInput("第十二届"))
    with pytest.raises(InvalidInput) as refused:
        save_election(session, village.id, ElectionInput("第十二届"))
    assert str(refused.value.errors["term_label"]) == "石桥村已有第十二届的换届记录"
