"""How the count's tables and events are named in the audit log."""

from __future__ import annotations

from workflows.core import audit

audit.register_entity_label("count_round", "投票轮次")
audit.register_entity_label("count_contest", "选票上的职务")
audit.register_entity_label("count_candidate", "选票上的候选人")
audit.register_entity_label("count_box", "票箱")
audit.register_entity_label("count_checkin", "领票登记")
audit.register_entity_label("count_entry", "计票录入")
audit.register_entity_label("count_ballot", "唱票录入的选票")
audit.register_entity_label("count_sheet_line", "计票单数字")
audit.register_entity_label("count_decision", "计票核对处理")
audit.EVENT_LABELS.update({"count.agree": "计票录入核对一致", "count.send_back": "计票录入退回重录",
                           "count.official": "确认计票结果", "count.revert": "撤销计票结果确认"})
audit.register_name_resolver("count_round", lambda row: f"第{row.number}轮")
audit.register_name_resolver("count_contest", lambda row: f"{row.office}（应选{row.seats}名）")
audit.register_name_resolver("count_candidate", lambda row: f"{row.name}" + ("（另选他人）" if row.write_in else ""))
audit.register_name_resolver("count_entry", lambda row: f"第{row.pass_no}遍录入（{row.operator}）")
audit.register_name_resolver("count_ballot", lambda row: f"第{row.serial}张")
audit.register_name_resolver("count_checkin", lambda row: "领票")
audit.register_name_resolver("count_decision", lambda row: f"{row.code}")
