"""Resident ID numbers (公民身份号码, GB 11643-1999): check digit, birth date, sex, masking.

Written here rather than taken from a library: python-stdnum rejects real IDs whose region
code is newer than the birth year (TECH-NOTES). Old 15-digit numbers are obsolete and are
reported for correction, never silently converted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"  # index = (Σ digit × weight) mod 11
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")


def clean(raw: str) -> str:
    """Normalise typing habits: full-width digits, spaces, a leading apostrophe, lower-case x."""
    text = unicodedata.normalize("NFKC", str(raw)).strip().lstrip("'‘’`")
    return re.sub(r"\s+", "", text).upper()


def check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdInfo:
    """What a valid 18-digit number tells: birth date and sex (odd 17th digit = male)."""

    number: str
    birth_date: date
    sex: str  # "男" or "女"


class IdError(ValueError):
    """An ID number that cannot be accepted; the message is Chinese and says why."""


def parse(raw: str) -> IdInfo:
    """Validate an 18-digit ID number and decode it; raise :class:`IdError` otherwise."""
    number = clean(raw)
    if re.fullmatch(r"\d{15}", number):
        raise IdError("15位旧身份证号码，请按现行18位居民身份证更正")
    if len(number) != 18:
        raise IdError(f"身份证号码应为18位，现为{len(number)}位")
    if not ID_PATTERN.match(number):
        raise IdError("身份证号码前17位应为数字，最后一位为数字或X")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as error:
        raise IdError(f"身份证号码中的出生日期“{number[6:14]}”不存在") from error
    if number[17] != check_char(number[:17]):
        raise IdError(f"身份证号码校验位不符（最后一位应为{check_char(number[:17])}），请核对是否抄错")
    sex = "男" if int(number[16]) % 2 else "女"
    return IdInfo(number, birth, sex)


def mask(number: str) -> str:
    """3601**********123X: the region's first four and the last four characters only."""
    text = clean(number)
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def mask_phone(phone: str) -> str:
    """138****5678."""
    digits = clean(phone)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def age_on(birth: date, day: date, feb29: str = "feb28") -> int:
    """Whole years of age on ``day`` (CONV-07: the birthday itself completes the year).

    A 29 February birthday falls in common years on 28 February (``feb28``, 民法典 art. 202)
    or 1 March (``mar1``), per the rules profile.
    """
    years = day.year - birth.year
    if (day.month, day.day) < _birthday_in(day.year, birth, feb29):
        years -= 1
    return years


def _birthday_in(year: int, birth: date, feb29: str) -> tuple[int, int]:
    if (birth.month, birth.day) == (2, 29) and not _is_leap(year):
        return (2, 28) if feb29 == "feb28" else (3, 1)
    return (birth.month, birth.day)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def make_id(region: str, birth: date, sequence: int) -> str:
    """A checksum-valid number (region code 6 digits, sequence 0–999; odd = male) for demos and tests."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
