"""Proxy voting (issue 11 item 8): VC-19, GC-11, PV-07, VC-29, SD-26."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from models import Voter
from tests.vc_polling_data import (
    VOTE_DAY,
    arrange,
    build,
    make_candidate,
    person_id,
    relate,
    voter_id,
)
from workflows.core import stages
from workflows.core.errors import InvalidInput
from workflows.core.scope import open_scope
from workflows.villager import polling, polling_checks, proxies, proxy_papers

AUTHORISED = date(2026, 11, 18)


def authorise(scope, principal: str, proxy: str, kind: str = "子女", registered: date = date(2026, 11, 20),
              reason: str = "外出务工") -> int:
    return proxies.register(scope, proxies.ProxyInput(voter_id(scope, principal), voter_id(scope, proxy), kind,
                                                      reason, min(AUTHORISED, registered), registered))


def refusal(scope, *args, **kw) -> dict[str, str]:
    with pytest.raises(InvalidInput) as refused:
        authorise(scope, *args, **kw)
    return {key: str(value) for key, value in refused.value.errors.items()}


def pdf_text(document) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(document.pdf)).pages)


@pytest.fixture
def scope(session):
    return open_scope(session, build(session))


def test_gc11_a_fourth_principal_is_refused_at_entry_with_the_reason(scope):
    for principal in ("王建国", "李娜", "刘洋"):
        authorise(scope, principal, "张伟", "兄弟姐妹")
    assert refusal(scope, "陈静", "张伟", "兄弟姐妹") == {
        "proxy_id": "张伟已接受3人委托，每一选民接受委托投票不得超过3人（GC-11）"}
    assert proxies.valid_count(scope) == 3


def test_gc11_no_sub_delegation_a_proxy_cannot_also_be_a_principal(scope):
    authorise(scope, "王建国", "王小明")
    assert refusal(scope, "王小明", "李娜", "配偶") == {
        "principal_id": "王小明已接受他人委托，受委托人不得再委托他人（GC-11）"}
    assert refusal(scope, "张伟", "王建国", "父母") == {"proxy_id": "王建国本人已委托他人投票，不能再接受委托（GC-11）"}
    assert refusal(scope, "王建国", "李娜", "配偶") == {"principal_id": "王建国已经办理了委托，须先撤销原委托"}


@pytest.mark.parametrize(("offset", "accepted"), [(-3, True), (-2, False)])
def test_pv07_the_deadline_three_days_before_the_vote_on_both_sides(session, offset, accepted):
    """National preset: registered by 选举日 − 3 (CONV-04), not a day later."""
    vote_day = date(2026, 11, 23)
    scope = open_scope(session, build(session, vote_day=vote_day))
    day = vote_day + timedelta(days=offset)
    if accepted:
        authorise(scope, "王建国", "王小明", registered=day)
        return
    assert refusal(scope, "王建国", "王小明", registered=day) == {
        "registered_on": "办理日期2026年11月21日晚于委托投票办理截止日2026年11月20日（PV-07）"}


def test_sd26_a_proxy_entered_on_the_election_day_is_refused_where_the_profile_forbids_it(session):
    """SD-26 (种子003 二(二)2(4) 禁止投票现场临时委托; jiangxi_2021): none on the day, and no
    on-site registration offered at check-in."""
    scope = open_scope(session, build(session, "jiangxi_2021", vote_day=date(2026, 11, 21)))
    set_profile(session, scope, proxy_deadline_days=0)  # so only the on-site rule can refuse the day
    scope = open_scope(session, scope.election.id)
    assert refusal(scope, "王建国", "王小明", registered=date(2026, 11, 21)) == {
        "registered_on": "办理日期2026年11月21日不在选举日2026年11月21日之前：选举日当天和投票现场不办理委托（SD-26、PV-07）"}
    assert not proxies.on_site_allowed(scope)
    authorise(scope, "王建国", "王小明", registered=date(2026, 11, 20))


def test_pv07_where_on_site_proxies_are_not_forbidden_the_deadline_decides_the_day(session):
    """组织法第15条 asks only for a written authorisation (national preset: on-site not forbidden):
    with the deadline on the election day itself the proxy is registered at the polling place.
    Beijing's deadline (选举日前办理, 第25条) still refuses the day — by the deadline, PV-07 (below)."""
    scope = open_scope(session, build(session, "national", vote_day=date(2026, 11, 21)))
    set_profile(session, scope, proxy_deadline_days=0)
    scope = open_scope(session, scope.election.id)
    assert proxies.on_site_allowed(scope)
    authorise(scope, "王建国", "王小明", registered=date(2026, 11, 21))
    assert proxies.valid_count(scope) == 1


def test_pv07_beijings_deadline_before_the_day_still_refuses_an_on_site_proxy(session):
    beijing = open_scope(session, build(session, "beijing", vote_day=date(2026, 11, 21)))
    assert not proxies.on_site_allowed(beijing)
    assert refusal(beijing, "王建国", "王小明", registered=date(2026, 11, 21)) == {
        "registered_on": "办理日期2026年11月21日晚于委托投票办理截止日2026年11月20日（PV-07）"}


def set_profile(session, scope, **values) -> None:
    from models import Township
    from tests.test_vc_qualification import set_rules

    set_rules(session, session.get(Township, scope.township.id), **values)


def test_sd26_an_authorisation_left_on_the_day_after_the_vote_moved_is_invalid(scope):
    authorise(scope, "王建国", "王小明")
    scope.election.committee_election_day = date(2026, 11, 20)
    scope = open_scope(scope.session, scope.election.id)
    (line,) = proxies.lines(scope)
    assert not line.valid and "（PV-07）" in str(line.problems[0])  # the national deadline; see SD-26 above
    assert proxies.valid_count(scope) == 0


def test_vc19_the_proxy_is_a_registered_voter_and_the_authorisation_written(scope):
    with pytest.raises(InvalidInput) as refused:
        proxies.register(scope, proxies.ProxyInput(voter_id(scope, "王建国"), None, "子女", "", None,
                                                   date(2026, 11, 20)))
    errors = {key: str(value) for key, value in refused.value.errors.items()}
    assert errors == {"proxy_id": "受委托人须是本村有选举权的选民（VC-19）",
                      "authorised_on": "请填写委托书上的日期：委托须是书面的（VC-19）"}
    assert refusal(scope, "王建国", "王建国") == {"proxy_id": "委托人和受委托人不能是同一人"}


def test_vc19_a_proxy_taken_off_the_roll_makes_the_authorisation_invalid(scope):
    authorise(scope, "王建国", "王小明")
    scope.session.get(Voter, voter_id(scope, "王小明")).status = "removed"
    scope.session.flush()
    (line,) = proxies.lines(scope)
    assert [str(p) for p in line.problems] == ["受委托人王小明已不在选民名单上（VC-19）"]
    assert proxies.valid_count(scope) == 0
    assert any("王建国委托王小明投票无效" in str(f.message) for f in polling_checks.proxy_findings(scope).blockers)


def test_vc29_only_the_eight_kinds_of_close_relative(scope):
    assert refusal(scope, "王建国", "李娜", "朋友")["kind"].startswith("受委托人须是委托人的近亲属：配偶、父母、子女")


def test_vc29_an_unrecorded_relationship_warns_until_confirmed(scope):
    proxy_id = authorise(scope, "王建国", "王小明", "子女")
    found = polling_checks.proxy_findings(scope)
    assert [str(f.message) for f in found.warnings][0] == \
        "王小明是王建国的子女，尚未记入本乡镇的近亲属记录，请核实后确认（VC-29）"
    proxies.confirm_relationship(scope, proxy_id)
    (line,) = proxies.lines(scope)
    assert line.unconfirmed is None and line.valid


def test_vc29_a_relationship_against_the_records_is_refused(scope):
    relate(scope, "王建国", "王小明", "子女")
    assert refusal(scope, "王建国", "王小明", "兄弟姐妹") == {"kind": "近亲属记录中王小明是王建国的子女（VC-29）"}
    relate(scope, "张伟", "李娜", "父母")  # recorded the other way round: 张伟 is 李娜's child
    authorise(scope, "李娜", "张伟", "子女")
    assert proxies.lines(scope)[-1].unconfirmed is None


@pytest.mark.parametrize(("preset", "refused"), [("zhejiang_2020", True), ("national", False)])
def test_pv07_a_candidate_as_proxy_per_profile(session, preset, refused):
    scope = open_scope(session, build(session, preset))
    make_candidate(scope, "王小明")
    if not refused:
        authorise(scope, "王建国", "王小明")
        return
    assert refusal(scope, "王建国", "王小明") == {"proxy_id": "王小明是候选人，按规定候选人不得接受委托（PV-07）"}


def test_a_voter_on_a_mobile_box_does_not_also_delegate(scope):
    arrange(scope)
    assert refusal(scope, "郑涛", "王小明", "兄弟姐妹") == {"principal_id": "郑涛已登记使用流动票箱投票，不再办理委托"}
    authorise(scope, "王建国", "王小明")
    box = polling.boxes(scope)[0].id
    with pytest.raises(InvalidInput) as refused:
        polling.add_box_voter(scope, box, voter_id(scope, "王建国"), "年老体弱")
    assert "已委托他人投票" in str(refused.value.errors["voter_id"])


def test_vc19_the_list_publishes_names_only_and_blocks_until_posted(scope):
    authorise(scope, "王建国", "王小明", "子女")
    authorise(scope, "李娜", "张伟", "配偶")
    assert any("尚未在委托投票公告中公布" in str(f.message) for f in polling_checks.proxy_findings(scope).blockers)
    document = proxy_papers.issue_list(scope, date(2026, 11, 21))
    text = pdf_text(document).replace("\n", "")
    assert "委托投票公告" in text and "按委托人姓氏笔画为序" in text and "共2人委托投票" in text
    assert text.index("王建国") < text.index("李娜")  # 王 (4 strokes) before 李 (7)
    assert person_id(0) not in text and "*" not in text and "外出务工" not in text
    assert polling_checks.proxy_findings(scope).blockers == []


@pytest.mark.parametrize(("vote_day", "late"), [(date(2026, 11, 23), False), (date(2026, 11, 22), True)])
def test_pv07_shanghai_publishes_the_list_two_days_before_on_both_sides(session, vote_day, late):
    """Shanghai: registered 5 days before, the list posted 2 days before (here on 11-21)."""
    scope = open_scope(session, build(session, "shanghai_2020", vote_day=vote_day))
    authorise(scope, "王建国", "王小明", registered=vote_day - timedelta(days=5))
    proxy_papers.issue_list(scope, date(2026, 11, 21))
    blockers = [str(f.message) for f in polling_checks.proxy_findings(scope).blockers]
    assert blockers == (["委托人和受委托人名单应于2026年11月20日以前公布，王建国的委托于2026年11月21日才公布"]
                        if late else [])


def test_vc19_cards_for_valid_authorisations_with_the_principals_id_masked(scope):
    authorise(scope, "王建国", "王小明")
    authorise(scope, "李娜", "张伟", "配偶")
    assert any("尚未打印委托投票证" in str(f.message) for f in polling_checks.proxy_findings(scope).warnings)
    document = proxy_papers.issue_cards(scope)
    text = pdf_text(document)
    assert "委托投票证" in text and "No. 0001" in text and "No. 0002" in text
    assert person_id(0) not in text and person_id(0)[:4] + "**********" in text
    assert not any("尚未打印" in str(f.message) for f in polling_checks.proxy_findings(scope).warnings)


def test_valid_count_feeds_the_ballots(scope):
    """proxies.valid_count: valid authorisations only (the next issue's ballots count on it)."""
    assert proxies.valid_count(scope) == 0
    authorise(scope, "王建国", "王小明")
    authorise(scope, "李娜", "张伟", "配偶")
    make_candidate(scope, "张伟")  # national: a candidate may still be a proxy
    assert proxies.valid_count(scope) == 2
    proxies.remove(scope, proxies.lines(scope)[0].id)
    assert proxies.valid_count(scope) == 1


def test_the_stage_is_supported_and_blocks_on_its_work(scope):
    assert stages.is_supported("vc.vote_notice")
    report = stages.evaluate(scope, "vc.vote_notice")
    assert "尚未登记选举大会会场（中心会场）的地点和投票时间" in [str(b.message) for b in report.blockers]
    assert scope.election.committee_election_day == VOTE_DAY
