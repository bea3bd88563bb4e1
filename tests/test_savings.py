"""Savings arithmetic without the database."""

from decimal import Decimal as D

from measures import savings
from measures.savings import SavingRow

ROWS = [
    SavingRow(D("3000000"), 2020, "kostnadsreducering", 1, 10, "/rvb/rvb-hsf/"),
    SavingRow(D("3000000"), 2021, "kostnadsreducering", 1, 10, "/rvb/rvb-hsf/"),
    SavingRow(D("7500000"), 2021, "driftkostnad", 2, 11, "/rvb/rvb-rf/"),
    SavingRow(D("42500000"), None, "personalkostnad", 3, 12, "/rvb/rvb-rf/"),
    SavingRow(D("0.01"), 2020, "driftkostnad", 4, 11, "/rvb/rvb-rf/unit/"),
]


def test_total_is_exact():
    assert savings.total(ROWS) == D("56000000.01")
    assert savings.total([]) == D("0.00")


def test_by_year_keeps_unsplit_amounts_apart():
    assert savings.by_year(ROWS) == {
        2020: D("3000000.01"),
        2021: D("10500000"),
        None: D("42500000"),
    }


def test_by_category_heading_measure():
    assert savings.by_category(ROWS)["driftkostnad"] == D("7500000.01")
    assert savings.by_heading(ROWS)[11] == D("7500000.01")
    assert savings.by_measure(ROWS)[1] == D("6000000")
    assert savings.by_measure_year(ROWS)[(1, 2021)] == D("3000000")
    assert savings.by_heading_year(ROWS)[(11, 2020)] == D("0.01")


def test_within_subtree():
    assert savings.total(savings.within(ROWS, "/rvb/rvb-rf/")) == D("50000000.01")
    assert savings.total(savings.within(ROWS, "/rvb/")) == savings.total(ROWS)
    assert savings.within(ROWS, "/rvb/rvb-rf/unit/") == [ROWS[4]]
    assert savings.within(ROWS, "/vgr/") == []


def test_unit_conversion_is_exact():
    assert savings.to_unit(D("7500000"), "mkr") == D("7.5")
    assert savings.to_unit(D("61900000"), "tkr") == D("61900")
    assert savings.from_unit(D("1234.5"), "tkr") == D("1234500.00")
    assert savings.from_unit(D("0.0001"), "mkr") == D("100.00")
