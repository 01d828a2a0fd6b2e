"""The Party member roster: add or correct one member, import a roster file (preview first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QWidget,
)

from ui import interaction
from ui.context import AppContext
from ui.i18n import tr
from ui.widgets.base_dialog import FormDialog
from ui.widgets.import_dialog import RESULTS, ExcelImportDialog, problems_text
from workflows.party import roster as party_roster

EDUCATION = ("", "小学", "初中", "高中", "中专", "大专", "本科", "研究生")
YES_NO = (("否", "否"), ("是", "是"))


def _combo(parent: QWidget, items, editable: bool = False) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(editable)
    for item in items:
        text, data = item if isinstance(item, tuple) else (item, item)
        combo.addItem(tr(text), data)
    return combo


def _choose(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
    elif combo.isEditable() and value:
        combo.setEditText(value)


class MemberDialog(FormDialog):
    """The fields of a roster row, checked exactly as an imported row (errors beside fields)."""

    def __init__(self, ctx: AppContext, election_id: int, member_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("修改党员信息") if member_id else tr("新增党员"), parent)
        self.ctx, self.election_id, self.member_id = ctx, election_id, member_id
        current: dict[str, str] = {}
        if member_id:
            with ctx.read_scope(election_id) as scope:
                current = party_roster.member_values(scope, member_id)
        form = self.form
        self.name = form.add("name", tr("姓名"), QLineEdit(current.get("name", ""), self))
        self.id_number = form.add("id_number", tr("公民身份号码"), QLineEdit(current.get("id_number", ""), self),
                                  tr("性别和出生日期按身份证号码自动核对"))
        self.sex = form.add("sex", tr("性别"), _combo(self, ("", "男", "女")))
        self.birth = form.add("birth_date", tr("出生日期"), QLineEdit(current.get("birth_date", ""), self))
        self.birth.setPlaceholderText(tr("可不填，按身份证号码"))
        self.ethnicity = form.add("ethnicity", tr("民族"), QLineEdit(current.get("ethnicity", "汉族"), self))
        self.education = form.add("education", tr("文化程度"), _combo(self, EDUCATION, True))
        self.joined = form.add("joined_on", tr("入党时间"), QLineEdit(current.get("joined_on", ""), self))
        self.joined.setPlaceholderText(tr("如 1998-07-01 或 1998年7月"))
        self.full = form.add("full_member", tr("党员类别"),
                             _combo(self, [party_roster.MEMBER_TYPES[full] for full in (True, False)]),
                             tr("预备党员没有表决权、选举权和被选举权（PT-04）"))
        self.discipline = form.add("probation_discipline", tr("留党察看期间"), _combo(self, YES_NO))
        self.suspended = form.add("rights_suspended", tr("被依法留置、逮捕"), _combo(self, YES_NO))
        self.mobile = form.add("mobile", tr("流动党员"), _combo(self, YES_NO))
        self.organisation = form.add("organisation", tr("所在党组织"),
                                     QLineEdit(current.get("organisation", ""), self))
        self.post = form.add("current_post", tr("现任职务"), QLineEdit(current.get("current_post", ""), self))
        self.phone = form.add("phone", tr("联系电话"), QLineEdit(current.get("phone", ""), self))
        self.notes = form.add("notes", tr("备注"), QLineEdit(current.get("notes", ""), self))
        for combo, key in ((self.sex, "sex"), (self.education, "education"), (self.full, "full_member"),
                           (self.discipline, "probation_discipline"), (self.suspended, "rights_suspended"),
                           (self.mobile, "mobile")):
            _choose(combo, current.get(key, ""))
        self.finish_layout()

    def values(self) -> dict[str, str]:
        """The form as roster cells (the importer's checks apply to them)."""
        return {
            "name": self.name.text(), "id_number": self.id_number.text(),
            "sex": self.sex.currentData() or "", "birth_date": self.birth.text(),
            "ethnicity": self.ethnicity.text(), "education": self.education.currentText(),
            "joined_on": self.joined.text(), "full_member": self.full.currentData(),
            "probation_discipline": self.discipline.currentData(),
            "rights_suspended": self.suspended.currentData(), "mobile": self.mobile.currentData(),
            "organisation": self.organisation.text(), "current_post": self.post.text(),
            "phone": self.phone.text(), "notes": self.notes.text(),
        }

    def save(self) -> None:
        """Check first (warnings need a confirmation), then store through the roster workflow."""
        values = self.values()
        with self.ctx.read_scope(self.election_id) as scope:
            _data, errors, warnings = party_roster.check_member(scope, values, self.member_id)
        if not errors and warnings and not interaction.confirm(
                self, tr("请核对"), "\n".join(warnings) + "\n\n" + tr("仍要保存吗？")):
            return self._keep_open()
        with self.ctx.scope(self.election_id) as scope:
            self.member_id = party_roster.save_member(scope, values, self.member_id).id

    def _keep_open(self) -> None:
        from workflows.core.errors import InvalidInput
        from workflows.core.text import msg

        raise InvalidInput({"general": msg("尚未保存：请按提示核对后再保存")})


# --- import -------------------------------------------------------------------------------


class MemberImportDialog(ExcelImportDialog):
    """The Party member roster: same flow as the voter roster, Party fields and checks."""

    TITLE = "导入党员名册"
    NOTE = ("表头至少应有“姓名”“公民身份号码”和另一列（如“入党时间”“党员类别”）。"
            "按身份证号码更新已有党员，不会重复；文件中没有的党员保留不动。")
    HEADERS = ("工作表", "行号", "姓名", "公民身份号码", "党员类别", "结果", "问题")
    UNRECOGNISED = "{name}（未识别到党员名册表头，跳过）"
    NO_SHEETS = ("文件中没有可识别的党员名册：表头至少应有“姓名”“公民身份号码”和另一列"
                 "（如“入党时间”“党员类别”）。")

    def read(self, path: Path):
        return party_roster.read_member_workbook(path)

    def prepare(self, scope, workbook, sheets):
        return party_roster.prepare_member_import(scope, workbook, sheets)

    def commit(self, scope, preview, reason):
        return party_roster.commit_member_import(scope, preview)

    def rows_of(self, preview) -> list:
        return preview.rows

    def done_text(self, counts: dict[str, int]) -> str:
        return tr("已导入党员名册：新增 {new} 人，更新 {changed} 人。").format(**counts)

    def extra_lines(self, preview, key: str) -> list[tuple[str, ...]]:
        if key not in ("warnings", "all"):
            return []
        return [(f.sheet, str(f.row), "", "", "", tr("提示"), f.message) for f in preview.sheet_findings]

    def cells(self, row) -> tuple[str, ...]:
        from workflows.core.roster_read import text_of

        member = row.member
        result = tr("错误") if row.has_error else tr(RESULTS.get(row.status, ""))
        kind = party_roster.status_text(member) if member else text_of(row.values.get("full_member"))
        return (row.sheet, str(row.row), member.name if member else text_of(row.values.get("name")),
                member.id_number if member else text_of(row.values.get("id_number")), kind, result,
                problems_text(row))
