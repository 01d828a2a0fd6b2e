"""Dialogs of the vote-notice page: places of voting, mobile boxes and their voters, officials,
proxy authorisations. Each collects an input dataclass and hands it to the workflow, whose
refusals show beside the fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import tr, tr_text
from ui.shell.stage_dialogs import date_editor
from ui.widgets.base_dialog import FormDialog
from ui.widgets.work_area import hint_label, narrow
from workflows.villager import officials, polling, proxies

NOT_RELATIVE = "其他"


def voter_picker(parent: QWidget, choices: list[polling.VoterChoice], name: str) -> QComboBox:
    """An editable list of the roll: type part of a name (or group) to find the voter."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.NoInsert)
    combo.addItem("", None)
    for choice in choices:
        combo.addItem(choice.label, choice.id)
    combo.completer().setFilterMode(Qt.MatchContains)
    combo.completer().setCompletionMode(QCompleter.PopupCompletion)
    combo.setMinimumContentsLength(24)
    return combo


def picked(combo: QComboBox) -> int | None:
    """The id of the voter whose entry the combo shows (None when the text matches none)."""
    index = combo.findText(combo.currentText().strip())
    return combo.itemData(index) if index > 0 else None


def pick(combo: QComboBox, name: str) -> None:
    """Choose the first voter of that name (keyboard users and tests)."""
    for index in range(1, combo.count()):
        if combo.itemText(index).split("　")[0] == name:
            combo.setCurrentIndex(index)
            return


class StationDialog(FormDialog):
    """The main venue or a polling station: name, place, hours and the groups it serves (SD-26)."""

    def __init__(self, ctx: AppContext, election_id: int, station_id: int | None = None, main: bool = False,
                 parent: QWidget | None = None) -> None:
        with ctx.read_scope(election_id) as scope:
            form = polling.station_form(scope, station_id, main)
        current = form.current
        kind = tr("选举大会会场") if current.main else tr("投票站")
        super().__init__((tr("修改{kind}") if station_id else tr("登记{kind}")).format(kind=kind), parent)
        self.ctx, self.election_id, self.station_id, self.main = ctx, election_id, station_id, current.main
        self.body.insertWidget(0, hint_label(tr(
            "每个村民小组只由一个投票地点负责（选举大会会场或一个投票站）；已由其他地点负责的小组不能勾选。"), self))
        self.name = self.form.add("name", tr("名称"), QLineEdit(current.name, self))
        self.place = self.form.add("place", tr("地点"), QLineEdit(current.place, self))
        self.opens_at = self.form.add("opens_at", tr("开始时间"), narrow(QLineEdit(current.opens_at, self), 120))
        self.closes_at = self.form.add("closes_at", tr("结束时间"), narrow(QLineEdit(current.closes_at, self), 120),
                                       tr("如 8:00、11:30"))
        self.groups = QListWidget(self)
        self.groups.setMaximumHeight(140)
        for ident, name in form.groups:
            other = form.taken.get(ident)
            item = QListWidgetItem(name if other is None else tr("{group}（由{place}负责）").format(
                group=name, place=other), self.groups)
            item.setData(Qt.UserRole, ident)
            item.setFlags(Qt.ItemIsUserCheckable | (Qt.ItemIsEnabled if other is None else Qt.NoItemFlags))
            item.setCheckState(Qt.Checked if ident in current.group_ids else Qt.Unchecked)
        self.form.add("group_ids", tr("负责的村民小组"), self.groups)
        self.finish_layout()

    def check_group(self, name: str, checked: bool = True) -> None:
        """Tick a group by name (keyboard users and tests)."""
        for row in range(self.groups.count()):
            item = self.groups.item(row)
            if item.text().split("（")[0] == name:
                item.setCheckState(Qt.Checked if checked else Qt.Unchecked)

    def save(self) -> None:
        """Store through the polling workflow."""
        ids = tuple(self.groups.item(r).data(Qt.UserRole) for r in range(self.groups.count())
                    if self.groups.item(r).checkState() == Qt.Checked)
        data = polling.StationInput(self.name.text(), self.place.text(), self.opens_at.text(),
                                    self.closes_at.text(), ids, self.main)
        with self.ctx.scope(self.election_id) as scope:
            polling.save_station(scope, data, self.station_id)


class BoxDialog(FormDialog):
    """A mobile box: its name and where and when it goes round (GC-16)."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("添加流动票箱"), parent)
        self.ctx, self.election_id = ctx, election_id
        with ctx.read_scope(election_id) as scope:
            suggestion = polling.box_name_suggestion(scope)
            watchers = scope.profile.get("mobile_box_scrutineers")
        self.body.insertWidget(0, hint_label(tr(
            "流动票箱只为老弱病残等确有困难、不能到投票地点投票的选民设立，每个票箱须有{n}名以上监票人"
            "（在“添加人员”中登记）。").format(n=watchers), self))
        self.name = self.form.add("name", tr("名称"), QLineEdit(suggestion, self))
        self.area = self.form.add("area", tr("流动范围和时间"), QLineEdit(self), tr("如：9时至11时，上屋组、下屋组"))
        self.finish_layout()

    def save(self) -> None:
        """Store through the polling workflow."""
        with self.ctx.scope(self.election_id) as scope:
            polling.save_box(scope, polling.BoxInput(self.name.text(), self.area.text()))


class BoxVoterDialog(FormDialog):
    """A voter who votes into a mobile box, with the reason (GC-16)."""

    def __init__(self, ctx: AppContext, election_id: int, box_id: int, box_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("{box}：添加使用的选民").format(box=box_name), parent)
        self.ctx, self.election_id, self.box_id = ctx, election_id, box_id
        with ctx.read_scope(election_id) as scope:
            choices = polling.voter_choices(scope)
        self.voter = self.form.add("voter_id", tr("选民"), voter_picker(self, choices, "voter_id"),
                                   tr("输入姓名或村民小组查找"))
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        for text in polling.BOX_REASONS:
            self.reason.addItem(tr_text(text))
        self.reason.setCurrentIndex(-1)
        self.form.add("reason", tr("原因"), self.reason, tr("只限老弱病残等确有困难者"))
        self.finish_layout()

    def save(self) -> None:
        """Store through the polling workflow."""
        with self.ctx.scope(self.election_id) as scope:
            polling.add_box_voter(scope, self.box_id, picked(self.voter), self.reason.currentText())


class OfficialDialog(FormDialog):
    """A counting official: the role, a voter of the roll or a person typed in (PV-06, PV-14)."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("添加监票、唱票、计票人员"), parent)
        self.ctx, self.election_id = ctx, election_id
        with ctx.read_scope(election_id) as scope:
            choices = polling.voter_choices(scope)
            boxes = polling.boxes(scope)
        self.body.insertWidget(0, hint_label(tr(
            "候选人不得担任监票、唱票、计票等工作人员；候选人的近亲属是否回避按本乡镇规则配置。"), self))
        self.role = QComboBox(self)
        for key in officials.ROLES:
            if key != "box_scrutineer" or boxes:
                self.role.addItem(tr_text(officials.ROLE_LABELS[key]), key)
        self.form.add("role", tr("职责"), self.role)
        self.box = QComboBox(self)
        for box in boxes:
            self.box.addItem(box.name, box.id)
        self.form.add("box_id", tr("流动票箱"), self.box)
        self.voter = self.form.add("voter_id", tr("选民"), voter_picker(self, choices, "voter_id"),
                                   tr("从选民名单中选择；不在名单上的工作人员请在下面填写"))
        self.name = self.form.add("name", tr("姓名"), QLineEdit(self))
        self.id_number = self.form.add("id_number", tr("公民身份号码"), QLineEdit(self))
        self.role.currentIndexChanged.connect(self._role_changed)
        self.voter.editTextChanged.connect(self._voter_changed)
        self._role_changed()
        self.finish_layout()

    def _role_changed(self) -> None:
        self.box.setEnabled(self.role.currentData() == "box_scrutineer")

    def _voter_changed(self) -> None:
        """A voter picked from the roll needs no name or number typed in."""
        typed = picked(self.voter) is None
        self.name.setEnabled(typed)
        self.id_number.setEnabled(typed)

    def choose_role(self, key: str) -> None:
        """Pick a role by key (keyboard users and tests)."""
        self.role.setCurrentIndex(self.role.findData(key))

    def save(self) -> None:
        """Store through the officials workflow (a typed-in person when no voter is picked)."""
        voter_id = picked(self.voter)
        data = officials.OfficialInput(self.role.currentData() or "", voter_id,
                                       "" if voter_id else self.name.text(),
                                       "" if voter_id else self.id_number.text(),
                                       self.box.currentData() if self.box.isEnabled() else None)
        with self.ctx.scope(self.election_id) as scope:
            officials.add_official(scope, data)


class ProxyDialog(FormDialog):
    """A written authorisation (VC-19): principal, proxy, relationship (VC-29), reason and dates."""

    def __init__(self, ctx: AppContext, election_id: int, parent: QWidget | None = None) -> None:
        super().__init__(tr("登记委托投票"), parent)
        self.ctx, self.election_id = ctx, election_id
        with ctx.read_scope(election_id) as scope:
            choices = polling.voter_choices(scope)
            on_site = proxies.on_site_allowed(scope)
        today = ctx.today()
        self.body.insertWidget(0, hint_label(tr(
            "凭委托人的书面委托书办理。受委托人须是本村有选举权的近亲属；受委托人不得再委托，"
            "本人委托了他人的也不能接受委托；") + (tr("选举日当天也可在投票现场办理。") if on_site else
                                                tr("选举日当天不办理委托。")), self))
        self.principal = self.form.add("principal_id", tr("委托人"), voter_picker(self, choices, "principal_id"))
        self.proxy = self.form.add("proxy_id", tr("受委托人"), voter_picker(self, choices, "proxy_id"))
        self.kind = QComboBox(self)
        for kind in proxies.KINDS:
            self.kind.addItem(kind, kind)
        # What the written authorisation says even when it is no close relative: refused with the reason (VC-29).
        self.kind.addItem(tr("其他（非近亲属）"), NOT_RELATIVE)
        self.form.add("kind", tr("受委托人是委托人的"), self.kind)
        self.reason = self.form.add("reason", tr("委托原因"), QLineEdit(self), tr("如：外出务工、经商、就学"))
        self.authorised_on = self.form.add("authorised_on", tr("委托书日期"), narrow(date_editor(today, self), 200))
        self.registered_on = self.form.add("registered_on", tr("办理日期"), narrow(date_editor(today, self), 200),
                                           tr("村民选举委员会收到并审核委托书的日期"))
        self.finish_layout()

    def save(self) -> None:
        """Register through the proxies workflow."""
        data = proxies.ProxyInput(picked(self.principal), picked(self.proxy), self.kind.currentData(),
                                  self.reason.text(), self.authorised_on.date().toPython(),
                                  self.registered_on.date().toPython())
        with self.ctx.scope(self.election_id) as scope:
            proxies.register(scope, data)
