"""Add a voter (door-to-door registration) or edit one; after publication, give the reason."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ui.context import AppContext
from ui.i18n import tr
from ui.signals import Changes
from ui.widgets.base_dialog import FormDialog
from workflows.voters import registration

EDUCATION = ("", "小学", "初中", "高中", "中专", "大专", "本科", "研究生", "文盲或半文盲")
POLITICAL = ("群众", "中共党员", "中共预备党员", "共青团员", "民主党派")
CATEGORIES = (("1", "1 户籍在本村并居住"), ("2", "2 户籍在本村不居住，本人表示参加选举"),
              ("3", "3 户籍不在本村，居住一年以上，本人申请、会议同意"))


def _combo(parent, items, editable=False) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(editable)
    for item in items:
        if isinstance(item, tuple):
            combo.addItem(tr(item[1]), item[0])
        else:
            combo.addItem(item, item)
    return combo


class VoterDialog(FormDialog):
    """The fields of a roster row; validation is the importer's, errors beside the fields."""

    def __init__(self, ctx: AppContext, election_id: int, voter_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("修改选民信息") if voter_id else tr("登记选民"), parent)
        self.ctx, self.election_id, self.voter_id = ctx, election_id, voter_id
        with ctx.read_scope(election_id) as scope:
            facts = registration.roster_facts(scope)
            current = registration.voter_values(scope, voter_id) if voter_id else {}
        groups, self.published = facts.groups, facts.published
        form = self.form
        self.group = form.add("group", tr("村民小组"), _combo(self, groups))
        self.name = form.add("name", tr("姓名"), QLineEdit(current.get("name", ""), self))
        self.id_number = form.add("id_number", tr("公民身份号码"), QLineEdit(current.get("id_number", ""), self),
                                  tr("性别和出生日期按身份证号码自动核对"))
        self.sex = form.add("sex", tr("性别"), _combo(self, ("", "男", "女")))
        self.birth = form.add("birth_date", tr("出生日期"), QLineEdit(current.get("birth_date", ""), self))
        self.birth.setPlaceholderText(tr("可不填，按身份证号码；或写 1990-01-01"))
        self.ethnicity = form.add("ethnicity", tr("民族"), QLineEdit(current.get("ethnicity", "汉族"), self))
        self.education = form.add("education", tr("文化程度"), _combo(self, EDUCATION, True))
        self.political = form.add("political_status", tr("政治面貌"), _combo(self, POLITICAL, True))
        self.category = form.add("category", tr("登记类别"), _combo(self, CATEGORIES))
        self.phone = form.add("phone", tr("联系电话"), QLineEdit(current.get("phone", ""), self))
        self.notes = form.add("notes", tr("备注"), QLineEdit(current.get("notes", ""), self))
        self.since = form.add("residence_since", tr("本村居住起始日期"), QLineEdit(current.get("residence_since", ""), self))
        self.applied = form.add("applied_on", tr("本人申请日期"), QLineEdit(current.get("applied_on", ""), self))
        self.approved = form.add("approved_on", tr("会议同意日期"), QLineEdit(current.get("approved_on", ""), self))
        self.reason = form.add("reason", tr("更正原因"), QLineEdit(self),
                               tr("名单已公布：此项修改将作为更正列入补充公告") if self.published else "")
        self.reason.setEnabled(self.published)
        for combo, key in ((self.group, "group"), (self.sex, "sex"), (self.education, "education"),
                           (self.political, "political_status"), (self.category, "category")):
            index = combo.findData(current.get(key, ""))
            if index >= 0:
                combo.setCurrentIndex(index)
            elif combo.isEditable() and current.get(key):
                combo.setEditText(current[key])
        self.finish_layout()

    def values(self) -> dict[str, str]:
        """The form as roster field values (the importer's checks apply to them)."""
        return {
            "group": self.group.currentData() or "", "name": self.name.text(),
            "id_number": self.id_number.text(), "sex": self.sex.currentData() or "",
            "birth_date": self.birth.text(), "ethnicity": self.ethnicity.text(),
            "education": self.education.currentText(), "political_status": self.political.currentText(),
            "category": self.category.currentData(), "phone": self.phone.text(), "notes": self.notes.text(),
            "residence_since": self.since.text(), "applied_on": self.applied.text(),
            "approved_on": self.approved.text(),
        }

    def save(self) -> None:
        """Store through the registration workflow (raises InvalidInput with field errors)."""
        with self.ctx.scope(self.election_id) as scope:
            self.voter_id = registration.save_voter(scope, self.values(), voter_id=self.voter_id,
                                                    reason=self.reason.text()).id
        self.ctx.signals.report(Changes(self.election_id, voters=True, origin=self.parent()))
