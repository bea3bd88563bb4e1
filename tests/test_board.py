"""reporting/board.py: the dashboard's figures, through measures.savings."""

import datetime as dt
from decimal import Decimal as D

import pytest

from measures import savings
from measures.models import Organisation, PlannedSaving
from reporting.board import build_board, follow_up_state
from tests.factories import MONTH, add_measures

MKR = D(1_000_000)


@pytest.mark.django_db
def test_rvb_hsf_planned_per_year_and_total():
    board = build_board(Organisation.objects.get(code="rvb-hsf"), dt.date(2023, 2, 1))
    planned = {r.year: r.planned / MKR for r in board.savings.rows}
    assert planned == {2020: 213, 2021: 163, 2022: 152}
    assert board.savings.planned_total / MKR == 528
    rows = PlannedSaving.objects.for_org_subtree(board.organisation).rows()
    assert board.savings.planned_total == savings.total(rows)


@pytest.mark.django_db
def test_region_total_includes_unsplit_digital_measures():
    board = build_board(Organisation.objects.get(code="rvb"), dt.date(2023, 2, 1))
    unsplit = [r for r in board.savings.rows if r.year is None]
    assert len(unsplit) == 1
    assert unsplit[0].planned / D(1000) == 80_000


@pytest.mark.django_db
def test_realised_forecast_status_and_flags_from_the_months_reports():
    added = add_measures(6)
    board = build_board(Organisation.objects.get(code="rvm-hsf"), MONTH)
    year = next(r for r in board.savings.rows if r.year == 2023)
    assert year.realised == D("600000")
    assert year.forecast == D("5400000")
    flagged = {f.measure.pk: f for f in board.flagged}
    for i, m in enumerate(added):
        assert m.pk in flagged  # forecast 0,9 mkr < plan 1 mkr
        assert flagged[m.pk].off_plan
        assert flagged[m.pk].late == (i % 3 == 0)
    counts = {s.status: s.count for s in board.statuses}
    assert sum(counts.values()) == len(board.measures)


@pytest.mark.django_db
def test_vastmanland_scorecard_has_24_indicators():
    board = build_board(Organisation.objects.get(code="rvm-hsf"), MONTH)
    rows = {r.indicator.name: r for r in board.indicator_rows}
    assert len(rows) == 24
    assert rows["Medelväntetid 1177"].outcome_text == "14:58 min"


AS_OF = dt.date(2024, 1, 31)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"deadline": dt.date(2019, 5, 30), "latest_date": dt.date(2019, 5, 26)}, "late"),
        ({"deadline": dt.date(2019, 5, 30), "latest_date": None}, "late"),
        ({"deadline": dt.date(2019, 5, 30), "latest_date": dt.date(2019, 6, 2)}, None),
        ({"deadline": dt.date(2019, 5, 30), "latest_status": "klar"}, None),
        ({"reporting_duty": "vid varje sammanträde"}, "due"),
        ({"deadline": dt.date(2024, 2, 15)}, "due"),
        ({"deadline": dt.date(2024, 6, 1)}, None),
        ({}, None),
    ],
)
def test_follow_up_state(kwargs, expected):
    args = {
        "deadline": None,
        "reporting_duty": "",
        "latest_date": None,
        "latest_status": "pagar",
        "as_of": AS_OF,
    }
    args.update(kwargs)
    assert follow_up_state(**args) == expected


@pytest.mark.django_db
def test_vgr_decisions_with_passed_deadline_are_late():
    board = build_board(Organisation.objects.get(code="vgr"), dt.date(2024, 1, 1))
    late = [d for d in board.decisions if d.follow_up_state == "late"]
    assert late
    for d in late:
        assert d.deadline < dt.date(2024, 1, 31)
        assert d.latest is None or d.latest.date < d.deadline
