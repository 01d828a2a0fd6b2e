"""One editor widget per kind of rule parameter, and the text shown for each value."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ui.i18n import tr, tr_text
from ui.widgets.forms import spin
from workflows.core.policy_catalog import (
    COMPARISON_CHOICES,
    ROUNDING_CHOICES,
    THRESHOLD_BASES,
    Kind,
    Param,
)


def value_text(param: Param, value: Any) -> str:
    """A short Chinese rendering of a parameter value for the table."""
    if param.kind == Kind.INT:
        return f"{value} {tr_text(param.unit)}".strip()
    if param.kind == Kind.BOOL:
        return tr("是") if value else tr("否")
    if param.kind == Kind.CHOICE:
        labels = dict(param.choices)
        return tr_text(labels.get(value, str(value)))
    if param.kind == Kind.RANGE:
        high = value["max"] if value["max"] is not None else tr("不限")
        return f"{value['min']}～{high} {tr_text(param.unit)}".strip()
    if param.kind == Kind.RATIO:
        rounding = tr_text(dict(ROUNDING_CHOICES)[value["rounding"]])
        return tr("{value} 倍，{rounding}").format(value=value["value"], rounding=rounding)
    if param.kind == Kind.THRESHOLD:
        comparison = tr("超过") if value["comparison"] == "gt" else tr("不少于")
        base = tr_text(THRESHOLD_BASES[value["base"]])
        return tr("{comparison}{base}的 {num}/{den}").format(
            comparison=comparison, base=base, num=value["num"], den=value["den"])
    if param.kind == Kind.DATE:
        return value or tr("（未设定）")
    if param.kind == Kind.LIST:
        return tr("{n} 项：").format(n=len(value)) + "；".join(value)
    return str(value)


class ValueEditor(QWidget):
    """Base class: ``set_value`` shows a value, ``value`` reads it back."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = param
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.setObjectName(f"value_editor_{param.kind.value}")

    def set_value(self, value: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def value(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


class IntEditor(ValueEditor):
    """A whole number; negative input is allowed here so validation can explain the refusal."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.box = spin(-99999, 99999, 0, " " + tr_text(param.unit) if param.unit else "")
        self.row.addWidget(self.box)
        self.row.addStretch(1)

    def set_value(self, value: Any) -> None:
        self.box.setValue(int(value))

    def value(self) -> Any:
        return self.box.value()


class BoolEditor(ValueEditor):
    """Yes or no."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.box = QCheckBox(tr("是"), self)
        self.row.addWidget(self.box)

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))

    def value(self) -> Any:
        return self.box.isChecked()


def _combo(choices, parent) -> QComboBox:
    combo = QComboBox(parent)
    for key, label in choices:
        combo.addItem(tr_text(label), key)
    return combo


class ChoiceEditor(ValueEditor):
    """One of the parameter's choices."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.combo = _combo(param.choices, self)
        self.row.addWidget(self.combo, 1)

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(value)))

    def value(self) -> Any:
        return self.combo.currentData()


class RangeEditor(ValueEditor):
    """A lower and an optional upper bound."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.low = spin(-999, 999)
        self.high = spin(-999, 999)
        self.unbounded = QCheckBox(tr("上限不限"), self)
        self.unbounded.toggled.connect(lambda on: self.high.setEnabled(not on))
        for widget in (QLabel(tr("从"), self), self.low, QLabel(tr("到"), self), self.high,
                       self.unbounded):
            self.row.addWidget(widget)
        self.row.addStretch(1)

    def set_value(self, value: Any) -> None:
        self.low.setValue(value["min"])
        self.unbounded.setChecked(value["max"] is None)
        self.high.setValue(value["max"] if value["max"] is not None else value["min"])

    def value(self) -> Any:
        return {"min": self.low.value(),
                "max": None if self.unbounded.isChecked() else self.high.value()}


class RatioEditor(ValueEditor):
    """A multiple (exact decimal) with its rounding."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.text = QLineEdit(self)
        self.text.setMaximumWidth(90)
        self.rounding = _combo(ROUNDING_CHOICES, self)
        self.row.addWidget(self.text)
        self.row.addWidget(QLabel(tr("倍"), self))
        self.row.addWidget(self.rounding, 1)

    def set_value(self, value: Any) -> None:
        self.text.setText(str(value["value"]))
        self.rounding.setCurrentIndex(max(0, self.rounding.findData(value["rounding"])))

    def value(self) -> Any:
        return {"value": self.text.text().strip(), "rounding": self.rounding.currentData()}


class ThresholdEditor(ValueEditor):
    """“超过/不少于 基数 的 num/den”."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.comparison = _combo(COMPARISON_CHOICES, self)
        self.base = _combo([(b, THRESHOLD_BASES[b]) for b in param.bases], self)
        self.num = spin(-99, 99)
        self.den = spin(-99, 99)
        for widget in (self.comparison, self.base, QLabel(tr("的"), self), self.num,
                       QLabel("/", self), self.den):
            self.row.addWidget(widget)
        self.row.addStretch(1)

    def set_value(self, value: Any) -> None:
        self.comparison.setCurrentIndex(max(0, self.comparison.findData(value["comparison"])))
        self.base.setCurrentIndex(max(0, self.base.findData(value["base"])))
        self.num.setValue(value["num"])
        self.den.setValue(value["den"])

    def value(self) -> Any:
        return {"num": self.num.value(), "den": self.den.value(),
                "comparison": self.comparison.currentData(), "base": self.base.currentData()}


class DateEditor(ValueEditor):
    """A date that may be left unset."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.enabled = QCheckBox(tr("设定日期"), self)
        self.editor = QDateEdit(self)
        self.editor.setCalendarPopup(True)
        self.editor.setDisplayFormat("yyyy-MM-dd")
        self.enabled.toggled.connect(self.editor.setEnabled)
        self.row.addWidget(self.enabled)
        self.row.addWidget(self.editor, 1)

    def set_value(self, value: Any) -> None:
        self.enabled.setChecked(bool(value))
        self.editor.setEnabled(bool(value))
        self.editor.setDate(QDate(date.fromisoformat(value)) if value else QDate.currentDate())

    def value(self) -> Any:
        return self.editor.date().toPython().isoformat() if self.enabled.isChecked() else ""


class ListEditor(ValueEditor):
    """A list of texts, one per line."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.text = QPlainTextEdit(self)
        self.text.setMinimumHeight(110)
        self.row.addWidget(self.text)

    def set_value(self, value: Any) -> None:
        self.text.setPlainText("\n".join(value))

    def value(self) -> Any:
        return [line.strip() for line in self.text.toPlainText().splitlines() if line.strip()]


EDITORS = {
    Kind.INT: IntEditor,
    Kind.BOOL: BoolEditor,
    Kind.CHOICE: ChoiceEditor,
    Kind.RANGE: RangeEditor,
    Kind.RATIO: RatioEditor,
    Kind.THRESHOLD: ThresholdEditor,
    Kind.DATE: DateEditor,
    Kind.LIST: ListEditor,
}


def editor_for(param: Param, parent: QWidget | None = None) -> ValueEditor:
    """The editor widget for a parameter's kind."""
    return EDITORS[param.kind](param, parent)
