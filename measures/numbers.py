"""Swedish number input: the one place that turns typed text into exact Decimals.

Accepted: ``7,5``, ``1 234,5`` (space or no-break space between thousands), ``-3`` and ``−3``
(the true minus sign), ``1234.5`` is refused (a dot is a thousands mark in some countries and a
decimal point in others: ambiguous), as are ``1.234,5``, ``1,234.5``, ``NaN``, ``Infinity`` and
exponents.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
_PATTERN = re.compile(r"^[+-]?(\d{1,3}( \d{3})+|\d+)(,\d+)?$")


def parse_swedish_decimal(text: str) -> Decimal:
    """Parse a number as Swedes write it; raise ValidationError with a Swedish message."""
    raw = (text or "").strip()
    if not raw:
        raise ValidationError(_("Ange ett tal."), code="required")
    normalised = raw.replace("\u2212", "-").replace("\u2013", "-")
    normalised = _SPACES.sub(" ", normalised)
    if "." in normalised:
        raise ValidationError(
            _("Skriv decimaler med komma och tusental med mellanslag, t.ex. 1 234,5."),
            code="dot",
        )
    grouped = re.search(r"\d \d", normalised) is not None
    if not _PATTERN.match(normalised) or (not grouped and " " in normalised.strip("+-")):
        raise ValidationError(
            _("”%(value)s” är inget tal. Skriv t.ex. 7,5 eller 1 234,5."),
            code="invalid",
            params={"value": raw},
        )
    compact = normalised.replace(" ", "")
    try:
        value = Decimal(compact.replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError(_("Ogiltigt tal."), code="invalid") from exc
    if not value.is_finite():
        raise ValidationError(_("Ogiltigt tal."), code="invalid")
    return value
