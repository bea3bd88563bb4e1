"""Display formatting: numbers as Swedes write them (1 234,5; −3), amounts in kr/tkr/mkr.

The one module for number display; templates load it with ``{% load sv %}``.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from measures.choices import UNIT_FACTOR, AmountUnit

register = template.Library()

MINUS = "\u2212"
NBSP = "\u00a0"


_CUTOFFS: dict[int, Decimal] = {}


def _grouped(number: Decimal, decimals: int) -> str:
    """What ``number_format(number, decimal_pos=decimals, force_grouping=True)`` returns with
    the Swedish formats (``config/formats/sv``): decimals cut, not
    rounded, digits grouped by three with a no-break space. Written out because Django looks
    the formats up per call, a few hundred times on a page of figures."""
    cutoff = _CUTOFFS.get(decimals)
    if cutoff is None:
        cutoff = _CUTOFFS[decimals] = Decimal("0." + "1".rjust(decimals, "0"))
    if abs(number) < cutoff:
        number = Decimal(0)
    _sign, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int) or abs(exponent) + len(digits) > 200:
        text = number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)
        return text.replace(" ", NBSP)
    text = f"{number:f}"
    sign = ""
    if text[0] == "-":
        sign, text = "-", text[1:]
    int_part, _dot, dec_part = text.partition(".")
    int_part = f"{int(int_part):,}".replace(",", NBSP)
    if decimals:
        return f"{sign}{int_part},{dec_part[:decimals].ljust(decimals, '0')}"
    return sign + int_part


def format_number(value: Decimal | int | float | None, decimals: int | None = None) -> str:
    """1234.5 → '1 234,5' (no-break space), negative with a true minus; None → '–'.

    ``decimals=None`` shows as many decimals as the value needs (at most four).
    """
    if value is None or value == "":
        return "–"
    number = Decimal(str(value))
    if decimals is None:
        normal = number.quantize(Decimal("0.0001")).normalize()
        exponent = normal.as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    text = _grouped(number, decimals)
    if text.startswith("-"):
        text = MINUS + text[1:]
    if text in (f"{MINUS}0", f"{MINUS}0,0", f"{MINUS}0,00"):
        text = text[1:]
    return text


def amount_in(value_kr: Decimal | None, unit: str, decimals: int | None = None) -> str:
    if value_kr is None:
        return "–"
    return format_number(Decimal(value_kr) / UNIT_FACTOR[AmountUnit(unit)], decimals)


@register.filter
def num(value, decimals=None) -> str:
    """{{ x|num }} or {{ x|num:1 }}"""
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def signed(value, decimals=None) -> str:
    """Like num, with an explicit plus sign on positive values (+20, −50)."""
    text = num(value, decimals)
    if value not in (None, "") and Decimal(str(value)) > 0:
        return "+" + text
    return text


@register.filter
def mkr(value_kr, decimals=None) -> str:
    return amount_in(value_kr, "mkr", None if decimals in (None, "") else int(decimals))


@register.filter
def tkr(value_kr, decimals=None) -> str:
    return amount_in(value_kr, "tkr", None if decimals in (None, "") else int(decimals))


@register.simple_tag
def amount(value_kr, unit, decimals=None) -> str:
    """{% amount value 'mkr' %} → '7,5'"""
    return amount_in(value_kr, unit, decimals)


@register.filter
def get_item(mapping, key):
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def month(value) -> str:
    """A date as its month: 2023-02."""
    return value.strftime("%Y-%m") if value else "–"


@register.filter
def mkr_signed(value_kr) -> str:
    """An amount in mkr with an explicit sign: +20, −50."""
    if value_kr is None:
        return "–"
    text = amount_in(value_kr, "mkr")
    return "+" + text if Decimal(value_kr) > 0 else text


@register.filter
def year(value) -> str:
    """A year without thousands grouping: 2020, never 2 020."""
    return "" if value in (None, "") else str(int(value))
