"""Direction over time: improving / unchanged / worsening, given which way is better."""

from decimal import Decimal as D

import pytest

from indicators.choices import Polarity
from indicators.trend import Direction, direction

HI, LO, NEU = Polarity.HIGHER, Polarity.LOWER, Polarity.NEUTRAL
UP, FLAT, DOWN = Direction.IMPROVING, Direction.UNCHANGED, Direction.WORSENING


def d(*values):
    return [D(str(v)) for v in values]


CASES = [
    # the rows of the quarterly matrix in 004, with the arrows printed there
    ("readmissions 8,7 → 7,3 % fall: improving (↑)", d(8.7, 8.7, 8.4, 7.8, 7.8, 7.4, 7.3), LO, UP),
    ("phone access 87,5 → 92,9 %", d(87.5, 92.5, 92.9), HI, UP),
    ("access within 3 days 84 → 93 %", d(84, 80, 95, 94, 93), HI, UP),
    ("enrolled patients 1 625 → 1 962", d(1625, 1816, 1962), HI, UP),
    ("length of stay 5,1 → 5,3 within 5 %", d(5.1, 5.1, 5.0, 5.3, 5.2, 5.2, 5.0, 5.3), LO, FLAT),
    ("length of stay 75+ 6,6 → 6,4", d(6.6, 6.2, 6.1, 6.4, 6.6, 6.3, 6.0, 6.4), LO, FLAT),
    ("occupancy 103,8 → 106,6 %", d(103.8, 105.9, 109.6, 109.0, 108.0, 104.7, 106.6), LO, FLAT),
    (
        "days as ready for discharge 7 720 → 8 148",
        d(7720, 6062, 5417, 8209, 10186, 7645, 8010, 8148),
        LO,
        DOWN,
    ),
    ("SIP 2 177 → 1 253", d(2177, 2017, 1375, 2024, 2011, 1726, 1253), HI, DOWN),
    (
        "number of teams 12 → 10, no preferred direction",
        d(12, 12, 12, 12, 12, 12, 10, 10),
        NEU,
        FLAT,
    ),
    ("team contacts 2 447 → 3 297, no preferred direction", d(2447, 3297), NEU, FLAT),
    # edges
    ("one value gives no direction", d(5), HI, None),
    ("no values", [], HI, None),
    ("missing values are skipped", [D(1), None, D(2)], HI, UP),
    ("from zero upwards", d(0, 3), HI, UP),
    ("zero to zero", d(0, 0), LO, FLAT),
    ("exactly at the tolerance is unchanged", d(100, 105), HI, FLAT),
    ("just beyond the tolerance", d(100, 105.1), HI, UP),
    ("negative values: deficit shrinking", d(-890, -800), HI, UP),
]


@pytest.mark.parametrize(
    ("values", "polarity", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_direction(values, polarity, expected):
    assert direction(values, polarity=polarity) == expected


def test_tolerance_is_a_parameter():
    assert direction(d(100, 103), polarity=HI, tolerance_pct=D(2)) == UP
    assert direction(d(100, 103), polarity=HI, tolerance_pct=D(5)) == FLAT


def test_arrows_and_words():
    assert [x.arrow for x in (UP, FLAT, DOWN)] == ["↑", "→", "↓"]
    assert [x.word for x in (UP, FLAT, DOWN)] == ["Positiv", "Neutral", "Negativ"]
