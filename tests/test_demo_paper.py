"""What the demo township puts on paper, read back from its archive (paper-formats, review items).

The demo is built once for the module through the real workflows; every test reads the
archived documents (or rebuilds a spec from the same data) and checks one rule.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import Document, ElectionProcess, StageState, Village
from printing.documents import kind as document_kind
from printing.documents import spec_from_json
from tests.conftest import TODAY
from tests.pdfs import compact
from workflows.core import documents
from workflows.core.scope import open_scope
from workflows.core.store import open_store
from workflows.core.stroke_order import sort_by_name


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A store holding the demo township, built as of the tests' TODAY."""
    from workflows.demo.township import build_demo

    base = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VEW_DATA_DIR", str(base / "data"))
        patch.setenv("VEW_CONFIG_DIR", str(base / "config"))
        patch.setenv("VEW_TODAY", TODAY.isoformat())
        store = open_store(f"sqlite:///{base / 'demo.sqlite'}")
        build_demo(store, TODAY)
        yield store
        store.dispose()


def archived(store, village: str, kind: str) -> list[Document]:
    """The village's archived documents of one kind, oldest first."""
    with store.session("测试员") as session:
        rows = session.scalars(select(Document).join(Village, Village.id == Document.village_id).where(
            Village.name == village, Document.kind == kind).order_by(Document.id)).all()
        session.expunge_all()
        return list(rows)


def election_of(session, village: str) -> ElectionProcess:
    return session.scalars(select(ElectionProcess).join(Village).where(Village.name == village)).one()


def stroke_sorted(names: list[str]) -> list[str]:
    return sort_by_name(names, lambda n: n, {})


def listed_after(text: str, lead: str) -> list[str]:
    """The names listed after ``lead`` up to the next full stop."""
    start = text.index(lead) + len(lead)
    return re.split("、", text[start:text.index("。", start)])


# ----------------------------------------------------------------------------- item 2


@pytest.mark.parametrize("kind, lead", [
    ("party_publicity", "按姓氏笔画为序："),
    ("party_request", "按姓氏笔画为序）："),
])
def test_so02_so10_preliminary_list_said_to_be_stroke_ordered_is_stroke_ordered(demo, kind, lead):
    """SO-02/SO-10, paper-formats §12a/§12c: the list after 按姓氏笔画为序 is in stroke order,
    the secretary keeps his place in it and is named on his own (书记候选人预备人选：…)."""
    text = compact(archived(demo, "长岭村", kind)[0].pdf)
    names = listed_after(text, lead)
    assert len(names) == 6 and names == stroke_sorted(names)
    secretary = re.search(r"书记候选人预备人选：([^。；]+)", text).group(1)
    assert secretary in names and names[0] != secretary  # the demo's secretary is not first by strokes


def test_so10_publicity_table_rows_follow_the_printed_stroke_order(demo):
    """paper-formats §12c: the table lists the people in the order the lead announces."""
    text = compact(archived(demo, "长岭村", "party_publicity")[0].pdf)
    names = listed_after(text, "按姓氏笔画为序：")
    table = text[text.index("拟任职务"):]  # the table starts at its first header
    assert [table.index(name) for name in names] == sorted(table.index(name) for name in names)
    assert re.search(r"\d{4}\.\d{2}", table)  # 出生年月 as 1986.06: one line in its column


# ----------------------------------------------------------------------------- item 8


def test_pt26_form_built_after_review_prints_no_conclusion_and_only_each_units_own_signers(demo):
    """PT-26, paper-formats §12d: 备注 and 综合意见 hold nothing the county did not write (no
    “符合条件”); each unit's cells carry only its own 经办人/分管领导; the township's 初审 is
    its own box, not a county row."""
    from workflows.demo.party import department_staff
    from workflows.party import documents as party_documents

    with demo.session("测试员") as session:
        spec = party_documents.qualification_spec(open_scope(session, election_of(session, "长岭村"), TODAY))
    assert "镇党委（初审）" not in spec.departments
    for person in spec.candidates:
        assert person.remarks == "" and person.county_opinion == ""
        assert person.township_review.reviewer == department_staff("镇党委（初审）")[0]
        assert all(r.department != "镇党委（初审）" for r in person.reviews)
        assert [(r.reviewer, r.leader) for r in person.reviews] == [department_staff(r.department)
                                                                    for r in person.reviews]
    text = compact(documents.render(documents.Draft("qualification_form", spec, documents.Placement(),
                                                    "TEST-CODE", None, spec.title)))
    assert "符合条件" not in text


def test_pt26_demo_prints_the_forms_blank_before_the_review(demo):
    """The form goes out before the departments sign: no reviewer's name and no answer printed."""
    from workflows.demo.party import department_staff

    (form,) = archived(demo, "长岭村", "qualification_form")
    text = compact(form.pdf)
    assert "□无问题□有问题：" in text and "□是□否" in text
    assert department_staff("公安")[0] not in text and department_staff("镇党委（初审）")[0] not in text


# ----------------------------------------------------------------------------- items 1, 5, 7


def _day(text: str):
    from datetime import date

    return date(*map(int, re.match(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text).groups()))


def test_every_posted_notice_title_names_its_village(demo):
    """Review item 7: a notice on the wall says which village it is for, in its title."""
    with demo.session("测试员") as session:
        rows = session.execute(select(Document.kind, Document.title, Village.name).join(
            Village, Village.id == Document.village_id)).all()
    notices = [(kind, title, village) for kind, title, village in rows if document_kind(kind).public]
    assert {kind for kind, _t, _v in notices} >= {"schedule_notice", "free_notice", "voter_list",
                                                   "voter_supplement", "objection_result", "party_publicity"}
    assert [title for _k, title, village in notices if village not in title] == []


def test_demo_schedule_notices_signed_by_who_existed_and_announce_no_past_date(demo):
    """paper-formats §13 and review item 5: each demo notice was issued by the demo build
    (not by the export), signed by a body that existed on its date, and lists no date
    already past unless it says 已完成."""
    with demo.session("测试员") as session:
        notices = session.scalars(select(Document).where(Document.kind == "schedule_notice")).all()
        elected = dict(session.execute(select(StageState.election_id, StageState.completed_on).where(
            StageState.stage_key == "vc.election_committee", StageState.status == "done")).all())
        found = [(n.election_id, spec_from_json(document_kind("schedule_notice").spec_type, n.spec_json))
                 for n in notices]
    assert len(found) == 10
    for election_id, spec in found:
        issued = _day(spec.date_text)
        if spec.issuer.endswith("村民选举委员会"):
            assert elected[election_id] <= issued
        for row in spec.rows:
            assert row.date_text.endswith("已完成") or _day(row.date_text) >= issued, (spec.title, row)


def test_split_notices_keep_party_and_villager_items_apart(demo):
    """The Party branch announces the Party items; the villager election committee, once
    elected, the villager-committee items (paper-formats §13)."""
    with demo.session("测试员") as session:
        election = election_of(session, "长岭村")
        elected = session.scalar(select(StageState.completed_on).where(
            StageState.election_id == election.id, StageState.stage_key == "vc.election_committee"))
    party, committee = archived(demo, "长岭村", "schedule_notice")
    spec_type = document_kind("schedule_notice").spec_type
    party_spec, committee_spec = (spec_from_json(spec_type, d.spec_json) for d in (party, committee))
    assert party_spec.issuer == "中共长岭村支部委员会" and party_spec.title == "长岭村党组织换届选举工作日程公告"
    assert committee_spec.issuer == "长岭村村民选举委员会" and _day(committee_spec.date_text) == elected
    assert any("党员大会" in row.item for row in party_spec.rows)
    assert not any("选民名单" in row.item for row in party_spec.rows)
    assert any("选民名单" in row.item for row in committee_spec.rows)
    assert not any("党员大会" in row.item or "预备人选" in row.item for row in committee_spec.rows)
    assert party.notice_number == 1 and committee.notice_number > party.notice_number


def test_demo_notice_numbers_run_in_the_order_of_their_dates(demo):
    """paper-formats §13: one running number per election; the demo issues each notice at
    its own step, so a later number never carries an earlier date."""
    with demo.session("测试员") as session:
        rows = session.execute(select(Document.election_id, Document.notice_number, Document.kind,
                                      Document.spec_json).where(Document.notice_number.is_not(None))
                               .order_by(Document.election_id, Document.notice_number)).all()
    dated: dict[int, list] = {}
    for election_id, number, kind, spec_json in rows:
        spec = spec_from_json(document_kind(kind).spec_type, spec_json)
        dated.setdefault(election_id, []).append((number, _day(spec.date_text)))
    for numbers in dated.values():
        assert [day for _n, day in numbers] == sorted(day for _n, day in numbers), numbers


def test_demo_names_and_sexes_agree(demo):
    """Issue 9, 3.10: a demo villager's given name suits the sex on their ID number."""
    from models import PartyMember, Voter
    from workflows.demo.township import GIVEN_FEMALE, GIVEN_MALE

    with demo.session() as session:
        people = session.execute(select(Voter.name, Voter.sex)).all()
        people += session.execute(select(PartyMember.name, PartyMember.sex)).all()
    assert len(people) > 1000
    for name, sex in people:
        given = name[1:] if name[0] != "欧" else name[2:]
        pool = GIVEN_MALE if sex == "男" else GIVEN_FEMALE
        assert all(char in pool for char in given), (name, sex)


def test_a_village_with_no_deadline_left_is_not_finished_while_a_stage_is_open(demo):
    """Lessons of the review: the overview never calls work done that is not (东坑村 has voted and
    has its certificates, but the 村务监督委员会 and the handover are still to come)."""
    from workflows.township.overview import township_overview

    with demo.session() as session:
        township_id = session.scalar(select(Village.township_id).where(Village.name == "东坑村"))
        rows = {row.village_name: row for row in township_overview(session, township_id, TODAY)}
    dongkeng = rows["东坑村"]
    assert str(dongkeng.party_stage) == "已全部完成" and str(dongkeng.vc_stage) != "已全部完成"
    assert not dongkeng.finished
    assert not any(row.finished for row in rows.values())
