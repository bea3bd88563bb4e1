"""Columns of an import file: Swedish headers, aliases, and the conversion of each cell.

A cell arrives as text (CSV) or as a typed value (XLSX: int, float, datetime). Each conversion
either returns a Python value or raises ``CellError`` with a Swedish reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from measures.choices import UNIT_FACTOR, AmountUnit
from measures.numbers import parse_swedish_decimal

from ..exports import FORMULA_STARTS

UNIT_IN_HEADER = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<unit>kr|tkr|mkr)\s*\)\s*$", re.IGNORECASE)
MACHINE_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
"""A text that a spreadsheet would take for a formula if it started with one of these."""


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Swedish."""


@dataclass(frozen=True)
class Column:
    """One column: its key in code, its Swedish header, other accepted headers, its reader."""

    key: str
    header: str
    read: Callable[[Any, dict], Any]
    required: bool = False
    aliases: tuple[str, ...] = ()
    money: bool = False
    machine_aliases: tuple[str, ...] = ()
    """Headers of machine formats (Kolada's ``value``) whose numbers have a decimal point."""
    names: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "names",
            tuple(normalise(n) for n in (self.header, *self.aliases, *self.machine_aliases)),
        )

    def title(self, unit: str | None = None) -> str:
        """The header as written in templates and exports (with the unit for money)."""
        return f"{self.header} ({unit})" if self.money and unit else self.header


def normalise(header: str) -> str:
    return " ".join(str(header).replace("\u00a0", " ").split()).casefold()


def split_unit(header: str) -> tuple[str, str | None]:
    """'Belopp (mkr)' → ('belopp', 'mkr'); 'Belopp' → ('belopp', None)."""
    match = UNIT_IN_HEADER.match(str(header).strip())
    if match:
        return normalise(match["name"]), match["unit"].lower()
    return normalise(header), None


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# -- readers ------------------------------------------------------------------------------------
def unescape(text: str) -> str:
    """Undo the apostrophe an export puts before text that looks like a formula."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def text(max_length: int) -> Callable[[Any, dict], str]:
    def read(value: Any, ctx: dict) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        result = unescape(str(value).strip()) if isinstance(value, str) else str(value)
        if len(result) > max_length:
            raise CellError(
                _("Texten är för lång (%(n)s tecken, högst %(max)s).")
                % {"n": len(result), "max": max_length}
            )
        return result

    return read


def decimal_value(value: Any, ctx: dict | None = None) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("”%(value)s” är inget tal.") % {"value": value})
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    try:
        return parse_swedish_decimal(str(value))
    except ValidationError as exc:
        reason = " ".join(str(m) for m in exc.messages)
        if exc.error_list[0].code == "dot":
            reason = f"”{value}”: {reason}"
        raise CellError(reason) from exc


def machine_decimal(value: str) -> Decimal:
    """A number as machines write it (``-5.25``): only in columns with a machine header."""
    if not MACHINE_NUMBER.match(value.strip()):
        raise CellError(_("”%(value)s” är inget tal.") % {"value": value})
    return Decimal(value.strip())


def places(decimals: int, max_digits: int) -> Callable[[Any, dict], Decimal]:
    """A number with at most ``decimals`` decimals and ``max_digits`` digits."""

    def read(value: Any, ctx: dict) -> Decimal:
        if ctx.get("machine") and isinstance(value, str):
            return _fit(machine_decimal(value), decimals, max_digits)
        return _fit(decimal_value(value), decimals, max_digits)

    return read


def _fit(number: Decimal, decimals: int, max_digits: int) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    try:
        fitted = number.quantize(quantum)
    except InvalidOperation as exc:
        # More digits than Decimal's 28 once quantized (e.g. 1e30 in a cell): too large.
        raise CellError(_("Talet är för stort.")) from exc
    if fitted != number:
        raise CellError(_("För många decimaler (högst %(n)s).") % {"n": decimals})
    if len(fitted.as_tuple().digits) > max_digits:
        raise CellError(_("Talet är för stort."))
    return fitted


def money(value: Any, ctx: dict) -> Decimal:
    """An amount in the file's unit (``ctx['unit']``), returned in kronor."""
    unit = ctx.get("unit")
    number = decimal_value(value)
    kronor = number * UNIT_FACTOR[AmountUnit(unit)]
    try:
        return _fit(kronor, 2, 15)
    except CellError as exc:
        raise CellError(_("%(reason)s (i kronor)") % {"reason": exc}) from exc


def year(value: Any, ctx: dict) -> int:
    number = decimal_value(value)
    if number != number.to_integral_value() or not 1990 <= number <= 2100:
        raise CellError(_("”%(value)s” är inget år mellan 1990 och 2100.") % {"value": value})
    return int(number)


def date(value: Any, ctx: dict) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise CellError(_("”%(value)s” är inget datum (ÅÅÅÅ-MM-DD).") % {"value": value}) from exc


def month(value: Any, ctx: dict) -> dt.date:
    if isinstance(value, dt.datetime | dt.date):
        return dt.date(value.year, value.month, 1)
    raw = str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(-01)?", raw)
    if match and 1 <= int(match[2]) <= 12:
        return dt.date(int(match[1]), int(match[2]), 1)
    raise CellError(_("”%(value)s” är ingen månad (ÅÅÅÅ-MM).") % {"value": value})


def choice(choices) -> Callable[[Any, dict], str]:
    """A value of a TextChoices, given as its code (``pagar``) or its label (``Pågår``)."""
    lookup = {}
    for value, label in choices.choices:
        lookup[normalise(value)] = value
        lookup[normalise(str(label))] = value

    def read(value: Any, ctx: dict) -> str:
        found = lookup.get(normalise(str(value)))
        if found is None:
            allowed = ", ".join(str(label) for _v, label in choices.choices)
            raise CellError(
                _("”%(value)s” är inget giltigt värde (%(allowed)s).")
                % {"value": value, "allowed": allowed}
            )
        return found

    return read
