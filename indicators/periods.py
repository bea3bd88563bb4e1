"""Labels and arithmetic of reading periods. A period is (kind, month): month is the first day
of the period's *last* month, so every kind sorts and compares on one date column."""

from __future__ import annotations

import datetime as dt

from .choices import PeriodKind

MONTHS_SV = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
MONTHS_SHORT_SV = [
    "jan",
    "feb",
    "mar",
    "apr",
    "maj",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
    "dec",
]


def period_label(kind: str, month: dt.date) -> str:
    """Swedish label: 2023-02, Q1 2022, T1 2023, H1 2023, 2023, jan–feb 2023, R12 2023-02."""
    if kind == PeriodKind.MONTH:
        return month.strftime("%Y-%m")
    if kind == PeriodKind.QUARTER:
        return f"Q{(month.month - 1) // 3 + 1} {month.year}"
    if kind == PeriodKind.TERTIAL:
        return f"T{(month.month - 1) // 4 + 1} {month.year}"
    if kind == PeriodKind.HALF_YEAR:
        return f"H{(month.month - 1) // 6 + 1} {month.year}"
    if kind == PeriodKind.YEAR:
        return str(month.year)
    if kind == PeriodKind.YTD:
        if month.month == 1:
            return f"jan {month.year}"
        return f"jan–{MONTHS_SHORT_SV[month.month - 1]} {month.year}"
    if kind == PeriodKind.R12:
        return f"R12 {month.strftime('%Y-%m')}"
    raise ValueError(kind)


def quarter_end(year: int, quarter: int) -> dt.date:
    return dt.date(year, quarter * 3, 1)


def same_period_last_year(month: dt.date) -> dt.date:
    return month.replace(year=month.year - 1)


def months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month
