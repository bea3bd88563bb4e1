"""Swedish number input and display."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from measures.numbers import parse_swedish_decimal
from measures.templatetags.sv import amount_in, format_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7,5", D("7.5")),
        ("1 234,5", D("1234.5")),
        ("1\u00a0234,5", D("1234.5")),
        ("1234,5", D("1234.5")),
        ("-7,5", D("-7.5")),
        ("\u22127,5", D("-7.5")),
        ("\u22123", D("-3")),
        ("  42 ", D("42")),
        ("12 345 678", D("12345678")),
        ("+3", D("3")),
    ],
)
def test_accepted(text, expected):
    assert parse_swedish_decimal(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1.234,5",
        "1,234.5",
        "1234.5",
        "NaN",
        "Infinity",
        "1e309",
        "abc",
        "",
        "1 23,5",
        "7,5,1",
        "--3",
    ],
)
def test_refused_with_swedish_message(text):
    with pytest.raises(ValidationError) as err:
        parse_swedish_decimal(text)
    message = " ".join(err.value.messages)
    assert any(word in message for word in ("tal", "komma")), message


def test_display():
    with translation.override("sv"):
        assert format_number(D("1234.5")) == "1\u00a0234,5"
        assert format_number(D("-174.1")) == "\u2212174,1"
        assert format_number(D("528")) == "528"
        assert format_number(D("7.50")) == "7,5"
        assert format_number(D("-890"), 1) == "\u2212890,0"
        assert format_number(None) == "–"
        assert amount_in(D("61900000"), "tkr") == "61\u00a0900"
        assert amount_in(D("7500000"), "mkr") == "7,5"
        assert amount_in(D("-165600000"), "mkr", 1) == "\u2212165,6"
