"""Form fields for numbers and amounts typed as Swedes type them.

``SwedishDecimalField`` reads ``7,5``, ``1 234,5``, ``−3`` (U+2212) through
``measures.numbers.parse_swedish_decimal``; ``AmountField`` additionally reads the amount in
the unit the page states (kr, tkr, mkr) and gives kronor, exact to the öre, refusing what does
not fit the database column. Both show stored values back the same way, so a value saved and
shown again is unchanged.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import UNIT_FACTOR, AmountUnit
from .models import MONEY
from .numbers import parse_swedish_decimal
from .savings import from_unit, to_unit


def _plain(value: Decimal) -> str:
    """A Decimal as typed input: 1234.5 → '1 234,5', −3 with a true minus, no trailing zeros."""
    text = format(value.normalize(), "f")
    sign = "\u2212" if text.startswith("-") else ""
    digits = text.lstrip("-")
    whole, _sep, fraction = digits.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = sign + " ".join(groups)
    return f"{result},{fraction}" if fraction else result


class SwedishDecimalField(forms.Field):
    """A decimal number typed the Swedish way; limited to ``max_digits``/``decimal_places``."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, max_digits: int = 20, decimal_places: int = 4, **kwargs) -> None:
        self.max_digits = max_digits
        self.decimal_places = decimal_places
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return _plain(value)
        return value

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal):
            return value
        return self.check_size(parse_swedish_decimal(str(value)))

    def check_size(self, value: Decimal) -> Decimal:
        _sign, digits, exponent = value.as_tuple()
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
        whole_digits = len(digits) - decimals if len(digits) > decimals else 0
        if decimals > self.decimal_places:
            raise ValidationError(
                _("Högst %(n)s decimaler."), code="decimals", params={"n": self.decimal_places}
            )
        if whole_digits > self.max_digits - self.decimal_places:
            raise ValidationError(_("Talet är för stort."), code="too_large")
        return value


class AmountField(SwedishDecimalField):
    """An amount typed in ``unit`` (kr, tkr, mkr), cleaned to kronor with two decimals."""

    def __init__(self, *, unit: str = AmountUnit.MKR, **kwargs) -> None:
        self.unit = AmountUnit(unit)
        factor_digits = len(str(UNIT_FACTOR[self.unit])) - 1
        kwargs.setdefault("max_digits", MONEY["max_digits"])
        kwargs.setdefault("decimal_places", MONEY["decimal_places"])
        super().__init__(**kwargs)
        self.input_decimals = MONEY["decimal_places"] + factor_digits

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return _plain(to_unit(value, self.unit))
        return value

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal):
            return value
        typed = parse_swedish_decimal(str(value))
        _sign, _digits, exponent = typed.as_tuple()
        if isinstance(exponent, int) and -exponent > self.input_decimals:
            raise ValidationError(
                _("Högst %(n)s decimaler i %(unit)s (beloppet sparas i hela ören)."),
                code="decimals",
                params={"n": self.input_decimals, "unit": self.unit.label},
            )
        try:
            kronor = from_unit(typed, self.unit)
        except InvalidOperation as exc:
            # More digits in kronor than Decimal's 28 (e.g. 10^22 typed in mkr): too large.
            raise ValidationError(_("Talet är för stort."), code="too_large") from exc
        return self.check_size(kronor)
