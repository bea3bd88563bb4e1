"""The verdict of an outcome against each target kind of the sources (table-driven)."""

from decimal import Decimal as D

import pytest

from indicators.choices import Polarity, TargetKind
from indicators.status import Target, Verdict, verdict

T = TargetKind
G, Y, R, U = Verdict.GREEN, Verdict.YELLOW, Verdict.RED, Verdict.UNKNOWN
HI, LO, NEU = Polarity.HIGHER, Polarity.LOWER, Polarity.NEUTRAL

CASES = [
    # (description, target, outcome, polarity, previous, outcome_is_change, expected)
    (
        "1177 wait 14:58 vs 8 min, lower better",
        Target(T.THRESHOLD, D(480)),
        D(898),
        LO,
        None,
        False,
        R,
    ),
    ("wait exactly on target", Target(T.THRESHOLD, D(480)), D(480), LO, None, False, G),
    ("wait 4 % over target is yellow", Target(T.THRESHOLD, D(480)), D(499), LO, None, False, Y),
    ("phone access 88,3 vs 100 %", Target(T.THRESHOLD, D(100)), D("88.3"), HI, None, False, R),
    (
        "phone access 96 vs 100 % (within 5 %)",
        Target(T.THRESHOLD, D(100)),
        D(96),
        HI,
        None,
        False,
        Y,
    ),
    ("sick leave 8,3 vs 6,0 %", Target(T.THRESHOLD, D("6.0")), D("8.3"), LO, None, False, R),
    ("staff turnover 2,1 vs 9,0 %", Target(T.THRESHOLD, D("9.0")), D("2.1"), LO, None, False, G),
    ("budget deviation −165,6 vs 0 kr", Target(T.THRESHOLD, D(0)), D("-165.6"), HI, None, False, R),
    ("budget deviation +0,5 vs 0 kr", Target(T.THRESHOLD, D(0)), D("0.5"), HI, None, False, G),
    (
        "budget deviation −0,5 vs 0 within default 1 unit",
        Target(T.THRESHOLD, D(0)),
        D("-0.5"),
        HI,
        None,
        False,
        Y,
    ),
    ("forecast −890 vs −800 mnkr", Target(T.THRESHOLD, D(-800)), D(-890), HI, None, False, R),
    (
        "forecast −820 vs −800 mnkr is yellow",
        Target(T.THRESHOLD, D(-800)),
        D(-820),
        HI,
        None,
        False,
        Y,
    ),
    (
        "explicit margin widens yellow",
        Target(T.THRESHOLD, D(100), margin=D(20)),
        D(85),
        HI,
        None,
        False,
        Y,
    ),
    (
        "neutral polarity cannot judge a threshold",
        Target(T.THRESHOLD, D(100)),
        D(85),
        NEU,
        None,
        False,
        U,
    ),
    ("occupancy 96 vs 85–90 %", Target(T.RANGE, D(85), D(90)), D(96), LO, None, False, R),
    ("occupancy 88 inside 85–90 %", Target(T.RANGE, D(85), D(90)), D(88), LO, None, False, G),
    ("occupancy 92 just above 85–90 %", Target(T.RANGE, D(85), D(90)), D(92), LO, None, False, Y),
    ("occupancy 84 just below 85–90 %", Target(T.RANGE, D(85), D(90)), D(84), LO, None, False, Y),
    (
        "digital visits 16,8 vs 21,5 last year, Öka",
        Target(T.CHANGE),
        D("16.8"),
        HI,
        D("21.5"),
        False,
        R,
    ),
    ("digital visits up, Öka", Target(T.CHANGE), D("22"), HI, D("21.5"), False, G),
    (
        "patients placed elsewhere 94 vs 140, Lägre än fg år",
        Target(T.RELATIVE_PRIOR_YEAR),
        D(94),
        LO,
        D(140),
        False,
        G,
    ),
    (
        "unchanged against last year is yellow",
        Target(T.RELATIVE_PRIOR_YEAR),
        D(94),
        LO,
        D(94),
        False,
        Y,
    ),
    (
        "referrals 10,9 % higher than last year, Lägre",
        Target(T.RELATIVE_PRIOR_YEAR),
        D("10.9"),
        LO,
        None,
        True,
        R,
    ),
    ("DRG −1 % vs Högre än fg år", Target(T.RELATIVE_PRIOR_YEAR), D(-1), HI, None, True, R),
    (
        "cost per hour +3 % vs Lägre än fg år",
        Target(T.RELATIVE_PRIOR_YEAR),
        D(3),
        LO,
        None,
        True,
        R,
    ),
    ("staff +171 vs Färre", Target(T.CHANGE), D(171), LO, None, True, R),
    (
        "relative without a comparison value",
        Target(T.RELATIVE_PRIOR_YEAR),
        D(94),
        LO,
        None,
        False,
        U,
    ),
    ("Enligt plan cannot be judged from a number", Target(T.PLAN), D("-1.7"), HI, None, False, U),
    ("no outcome", Target(T.THRESHOLD, D(100)), None, HI, None, False, U),
    ("no target", None, D(1), HI, None, False, U),
]


@pytest.mark.parametrize(
    ("target", "outcome", "polarity", "previous", "is_change", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_verdict(target, outcome, polarity, previous, is_change, expected):
    assert (
        verdict(target, outcome, polarity=polarity, previous=previous, outcome_is_change=is_change)
        == expected
    )


BUP = Target(
    T.COMPONENTS,
    components=(Target(T.THRESHOLD, D(90)), Target(T.THRESHOLD, D(80)), Target(T.THRESHOLD, D(80))),
)

COMPONENT_CASES = [
    ("BUP 48,4/31,0/56,0 vs 90/80/80", [D("48.4"), D("31.0"), D("56.0")], R),
    ("all parts met", [D(91), D(80), D(85)], G),
    ("one part near", [D(91), D(78), D(85)], Y),
    ("one part missing", [D(91), None, D(85)], U),
    ("wrong number of parts", [D(91), D(80)], U),
]


@pytest.mark.parametrize(
    ("outcomes", "expected"), [c[1:] for c in COMPONENT_CASES], ids=[c[0] for c in COMPONENT_CASES]
)
def test_components(outcomes, expected):
    assert verdict(BUP, None, polarity=HI, component_outcomes=outcomes) == expected


def test_level_symbols_match_the_quarterly_matrix():
    assert [v.level_symbol for v in (G, Y, R, U)] == ["+", "±", "−", "?"]
    assert G.label == "Uppfyllt" and R.label == "Ej uppfyllt"
