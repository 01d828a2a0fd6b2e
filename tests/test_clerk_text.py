"""What a clerk reads names the law or the plan, never a rule ID (issue 9, 3.5)."""

from __future__ import annotations

from ui.i18n import tr_msg
from workflows.core.paper import clerk_text
from workflows.core.text import msg


def test_a_rule_id_with_a_law_becomes_its_citation():
    assert clerk_text("不得在两地重复登记（VC-09）") == "不得在两地重复登记（《村民委员会组织法》第十三条）"
    assert clerk_text("不予登记（VC-07、CONV-07）") == "不予登记（《村民委员会组织法》第十三条）"


def test_a_rule_id_without_a_law_goes_and_other_brackets_stay():
    assert clerk_text("委员职数应为3～7名（PT-25）") == "委员职数应为3～7名"
    assert clerk_text("应选5名（含书记）") == "应选5名（含书记）"


def test_workflows_messages_reach_the_screen_without_rule_ids():
    shown = tr_msg(msg("公布日期晚于法定最迟日期，相差{n}日（VC-10）。", n=2))
    assert shown == "公布日期晚于法定最迟日期，相差2日（《村民委员会组织法》第十四条）。"
