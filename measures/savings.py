"""Savings arithmetic: sums per year, category, heading and organisation subtree.

Pure functions over plain rows, tested without the database. Pages fetch the rows with one
query (``PlannedSaving.objects...rows()``, possibly pre-aggregated in the database: a sum of
sums is the same sum) and show what these functions return.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from .choices import UNIT_FACTOR, AmountUnit

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class SavingRow:
    """One planned saving (or a database sum of several with the same keys), in kronor."""

    amount: Decimal
    year: int | None = None
    category: str = ""
    measure_id: int | None = None
    heading_id: int | None = None
    organisation_path: str = ""


def total(rows: Iterable[SavingRow]) -> Decimal:
    return sum((r.amount for r in rows), ZERO)


def group(rows: Iterable[SavingRow], key: Callable[[SavingRow], Hashable]) -> dict:
    sums: dict = defaultdict(lambda: ZERO)
    for r in rows:
        sums[key(r)] += r.amount
    return dict(sums)


def by_year(rows: Iterable[SavingRow]) -> dict[int | None, Decimal]:
    """Sum per year; the key None holds amounts not split by year."""
    return group(rows, lambda r: r.year)


def by_category(rows: Iterable[SavingRow]) -> dict[str, Decimal]:
    return group(rows, lambda r: r.category)


def by_heading(rows: Iterable[SavingRow]) -> dict[int | None, Decimal]:
    return group(rows, lambda r: r.heading_id)


def by_measure(rows: Iterable[SavingRow]) -> dict[int | None, Decimal]:
    return group(rows, lambda r: r.measure_id)


def by_measure_year(rows: Iterable[SavingRow]) -> dict[tuple[int | None, int | None], Decimal]:
    return group(rows, lambda r: (r.measure_id, r.year))


def by_heading_year(rows: Iterable[SavingRow]) -> dict[tuple[int | None, int | None], Decimal]:
    return group(rows, lambda r: (r.heading_id, r.year))


def within(rows: Iterable[SavingRow], organisation_path: str) -> list[SavingRow]:
    """Rows of an organisation and every unit below it (paths are /region/admin/…/)."""
    return [r for r in rows if r.organisation_path.startswith(organisation_path)]


def to_unit(amount_kr: Decimal, unit: str) -> Decimal:
    """Kronor in the unit shown (kr, tkr, mkr), exact."""
    return amount_kr / UNIT_FACTOR[AmountUnit(unit)]


def from_unit(amount: Decimal, unit: str) -> Decimal:
    """An amount typed in ``unit`` as kronor, exact to the öre."""
    return (amount * UNIT_FACTOR[AmountUnit(unit)]).quantize(Decimal("0.01"))
