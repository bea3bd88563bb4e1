"""measures.fields: amounts typed as Swedes type them, in the unit the page states, stored in
kronor exactly; bad input gives a Swedish message, never an exception."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from measures.fields import AmountField, SwedishDecimalField


@pytest.mark.parametrize(
    ("unit", "typed", "kronor"),
    [
        ("mkr", "7,5", D("7500000.00")),
        ("mkr", "1 234,5", D("1234500000.00")),
        ("mkr", "1\u00a0234,5", D("1234500000.00")),
        ("mkr", "\u22123", D("-3000000.00")),
        ("mkr", "-3", D("-3000000.00")),
        ("tkr", "61 900", D("61900000.00")),
        ("tkr", "0,01", D("10.00")),
        ("kr", "12,34", D("12.34")),
    ],
)
def test_amounts_in_the_page_unit_are_kronor_exactly(unit, typed, kronor):
    assert AmountField(unit=unit).clean(typed) == kronor


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("abc", "invalid"),
        ("1.234,5", "dot"),
        ("1,234.5", "dot"),
        ("NaN", "invalid"),
        ("Infinity", "invalid"),
        ("1e309", "invalid"),
        ("99 999 999 999", "too_large"),
        ("1,000000001", "decimals"),
    ],
)
def test_bad_amounts_are_validation_errors(typed, code):
    with pytest.raises(ValidationError) as info:
        AmountField(unit="mkr").clean(typed)
    assert info.value.code == code


def test_empty_is_none_when_optional():
    assert AmountField(unit="mkr", required=False).clean("  ") is None


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_shown_and_saved_again_is_unchanged(kronor):
    for unit in ("kr", "tkr", "mkr"):
        field = AmountField(unit=unit)
        assert field.clean(field.prepare_value(kronor)) == kronor


@given(st.text(max_size=30))
def test_any_text_is_a_value_or_a_validation_error(text):
    field = SwedishDecimalField(required=False)
    try:
        field.clean(text)
    except ValidationError:
        pass
