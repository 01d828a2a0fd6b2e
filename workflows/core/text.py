"""User-facing messages that are built in the Qt-free layers but translated in the UI.

``workflows`` may not import Qt, yet its messages (blockers, validation errors, stage
names) must go through Qt's ``tr()``. A :class:`Msg` keeps the untranslated template
and its arguments; the UI translates the template in the ``"workflows"`` context and
then formats it. ``str(msg)`` gives the Chinese source text (command line, logs, tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TRANSLATION_CONTEXT = "workflows"


def N_(text: str) -> str:
    """Mark a constant string for translation without translating it here."""
    return text


@dataclass(frozen=True)
class Msg:
    """A translatable message template with named arguments."""

    template: str
    args: dict[str, Any] = field(default_factory=dict)

    def format(self, template: str | None = None) -> str:
        """Fill the (possibly translated) template with the arguments."""
        return (template or self.template).format(**self.args)

    def __str__(self) -> str:
        return self.format()


def msg(template: str, **args: Any) -> Msg:
    """Build a :class:`Msg`; the template is the Chinese source text."""
    return Msg(template, args)


def format_date(day) -> str:
    """Format a date the way Chinese notices do: 2026年3月10日 (GB/T 9704, no zero padding)."""
    return f"{day.year}年{day.month}月{day.day}日"


CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (for 第×号, 第×村民小组)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 20:
        return "十" + (CHINESE_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return CHINESE_DIGITS[tens] + "十" + (CHINESE_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return CHINESE_DIGITS[hundreds] + "百"
    middle = "零" if rest < 10 else ""
    tail = chinese_number(rest) if rest >= 20 or rest < 10 else "一" + chinese_number(rest)
    return CHINESE_DIGITS[hundreds] + "百" + middle + tail
