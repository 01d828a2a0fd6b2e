"""ID numbers (GB 11643-1999) and age on the election day (CONV-07, VC-07)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflows.core import idcard

VALID = "11010519491231002X"  # the standard's own example (female, born 1949-12-31)


def test_the_standard_example_is_valid_and_decoded():
    info = idcard.parse(VALID)
    assert (info.birth_date, info.sex) == (date(1949, 12, 31), "女")


def test_typing_habits_are_cleaned():
    assert idcard.parse(" '１１０１０５１９４９１２３１００２ｘ ").number == VALID
    assert idcard.parse("110105 19491231 002x").number == VALID


def test_a_wrong_check_digit_is_refused_with_the_expected_one():
    with pytest.raises(idcard.IdError, match="校验位不符（最后一位应为X）"):
        idcard.parse("110105194912310021")


def test_fifteen_digit_numbers_are_flagged_for_correction():
    with pytest.raises(idcard.IdError, match="15位旧身份证号码"):
        idcard.parse("110105491231002")


def test_an_impossible_birth_date_is_refused():
    number = idcard.make_id("110105", date(1990, 1, 31), 12)
    broken = number[:10] + "0231" + number[14:17]
    with pytest.raises(idcard.IdError, match="出生日期“19900231”不存在"):
        idcard.parse(broken + idcard.check_char(broken))


@given(st.dates(date(1920, 1, 1), date(2010, 12, 31)), st.integers(0, 999))
def test_made_numbers_round_trip(birth, sequence):
    info = idcard.parse(idcard.make_id("360102", birth, sequence))
    assert info.birth_date == birth
    assert info.sex == ("男" if sequence % 2 else "女")


def test_masking_keeps_four_and_four():
    assert idcard.mask(VALID) == "1101**********002X"
    assert idcard.mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize(("birth", "day", "age"), [
    (date(2008, 12, 20), date(2026, 12, 20), 18),  # CONV-07: 18 on the election day itself
    (date(2008, 12, 21), date(2026, 12, 20), 17),  # one day short
    (date(2008, 2, 29), date(2026, 2, 28), 18),  # 29 Feb birthday, common year, 民法典 art. 202
])
def test_age_on_the_election_day(birth, day, age):
    assert idcard.age_on(birth, day) == age


def test_feb29_birthday_can_count_from_first_of_march():
    """CONV-07: the profile may count a 29 February birthday from 1 March in common years."""
    assert idcard.age_on(date(2008, 2, 29), date(2026, 2, 28), "mar1") == 17
    assert idcard.age_on(date(2008, 2, 29), date(2026, 3, 1), "mar1") == 18
