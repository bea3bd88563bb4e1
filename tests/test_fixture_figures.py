"""Every figure of DOMAIN.md's "Figures that must reproduce", through the functions pages use."""

import datetime as dt
from decimal import Decimal as D

import pytest

from indicators.models import IncomeStatementLine, Indicator, StatedAssessment
from indicators.scorecard import build_scorecard
from indicators.trend import Direction, direction
from measures import savings
from measures.models import Decision, FollowUp, Heading, Measure, Organisation, PlannedSaving

pytestmark = pytest.mark.django_db
MKR = D(1_000_000)
TKR = D(1_000)


def hsf_rows():
    hsf = Organisation.objects.get(code="rvb-hsf")
    return (
        PlannedSaving.objects.for_org_subtree(hsf)
        .filter(measure__plan__code="rvb-omstallning-2019")
        .rows()
    )


def test_001_hsf_per_year_and_total():
    per_year = savings.by_year(hsf_rows())
    assert {y: v / MKR for y, v in per_year.items()} == {2020: 213, 2021: 163, 2022: 152}
    assert savings.total(hsf_rows()) / MKR == 528


def test_001_hsf_has_14_measures_with_amounts():
    assert len(savings.by_measure(hsf_rows())) == 14


@pytest.mark.parametrize(
    ("heading", "mkr"),
    [
        ("Omstrukturering av vården", 173),
        ("Utveckla och anpassa bemanningen", 192),
        ("Effektiviseringar", 35),
        ("Ett sjukhus på tre orter", 10),
        ("Produktions- och kapacitetsstyrning i slutenvården", 108),
    ],
)
def test_001_heading_subtotals(heading, mkr):
    h = Heading.objects.get(plan__code="rvb-omstallning-2019", title=heading)
    assert savings.by_heading(hsf_rows())[h.pk] / MKR == mkr


def test_001_digital_table_80_000_tkr():
    h = Heading.objects.get(plan__code="rvb-omstallning-2019", title="Utveckla digitala lösningar")
    rows = PlannedSaving.objects.filter(measure__heading=h).rows()
    assert Measure.objects.filter(heading=h).count() == 9
    per_cat = savings.by_category(rows)
    assert per_cat["personalkostnad"] / TKR == 61_900
    assert per_cat["driftkostnad"] / TKR == 18_100
    assert savings.total(rows) / TKR == 80_000
    assert savings.by_year(rows).keys() == {None}


def test_000_sixteen_decisions_each_with_its_follow_up():
    vgr = Organisation.objects.get(code="vgr")
    decisions = Decision.objects.for_region(vgr).filter(
        kind="beslut", decided_on=dt.date(2019, 4, 23)
    )
    assert decisions.count() == 16
    for d in decisions:
        follow_ups = FollowUp.objects.filter(decision=d, date=dt.date(2019, 5, 26))
        assert follow_ups.count() == 1, d.title
        assert len(follow_ups.get().text) > 40, d.title
    assert set(decisions.values_list("reference", flat=True)) == {"RS 2019–03585"}


def test_003_24_indicators_in_four_perspectives():
    rvm = Organisation.objects.get(code="rvm")
    top = Indicator.objects.for_region(rvm).scorecard()
    assert top.count() == 24
    per = {
        p: top.filter(perspective__name=p).count()
        for p in ("Servicekvalitet", "Medicinsk kvalitet", "Medarbetare", "Ekonomi")
    }
    assert per == {"Servicekvalitet": 7, "Medicinsk kvalitet": 6, "Medarbetare": 3, "Ekonomi": 8}


def test_003_scorecard_shows_source_targets_and_outcomes():
    rvm = Organisation.objects.get(code="rvm")
    hsf = Organisation.objects.get(code="rvm-hsf")
    groups = build_scorecard(region=rvm, organisation=hsf, month=dt.date(2023, 2, 1))
    rows = {r.indicator.name: r for _, rs in groups for r in rs}
    assert len(rows) == 24
    assert rows["Medelväntetid 1177"].target.text == "8 min"
    assert rows["Medelväntetid 1177"].outcome_text == "14:58 min"
    assert rows["Andel 30/30/30 BUP"].target.text == "90/80/80"
    assert rows["Andel 30/30/30 BUP"].outcome_text == "48,4/31,0/56,0 %"
    assert rows["Tillgängl. primärv. telefon"].outcome_text == "88,3 %"
    assert rows["Beläggningsgrad"].target.text == "85-90 %"
    assert rows["Avvikelse mot budget"].outcome_text == "\u2212165,6 mnkr"
    assert rows["Helårsprognos"].outcome_text == "\u2212890,0 mnkr"


def test_003_27_activities_a_to_aa():
    measures = Measure.objects.filter(
        plan__code="rvm-hsf-forvaltningsplan-2023", parent__isnull=True
    )
    codes = list(measures.exclude(code="").values_list("code", flat=True))
    assert len(codes) == 27
    assert set(codes) == set("ABCDEFGHIJKLMNOPQRSTUVWXYZÅ")
    assert not PlannedSaving.objects.filter(
        measure__plan__code="rvm-hsf-forvaltningsplan-2023"
    ).exists()


def test_003_economy_result():
    result = IncomeStatementLine.objects.get(
        organisation__code="rvm-hsf", month=dt.date(2023, 2, 1), label="Resultat"
    )
    assert result.accumulated_outcome / MKR == D("-174.1")
    assert result.budget_deviation / MKR == D("-165.6")
    assert result.full_year_forecast / MKR == D("-890")
    assert (result.forecast_upside / MKR, result.forecast_downside / MKR) == (20, -50)
    assert result.accumulated_outcome - result.accumulated_budget == result.budget_deviation


def test_003_phone_access_inconsistency_kept_not_invented():
    values = set(
        Indicator.objects.get(
            code__startswith="rvm", name="Tillgängl. primärv. telefon"
        ).readings.values_list("value", flat=True)
    )
    assert {D("88.3"), D("87.5")} <= values


def test_004_arrows_reproduced_by_the_trend_rule():
    """Every row of the quarterly matrix with two or more values gets the source's arrow."""
    checked = 0
    for a in StatedAssessment.objects.filter(
        organisation__code="vgr", month=dt.date(2024, 1, 1)
    ).select_related("indicator"):
        if not a.direction:
            continue
        values = [
            r.value for r in a.indicator.readings.filter(organisation__code="vgr").order_by("month")
        ]
        computed = direction(
            values, polarity=a.indicator.polarity, tolerance_pct=a.indicator.trend_tolerance_pct
        )
        if computed is None:
            continue
        assert computed == Direction(a.direction), a.indicator.name
        checked += 1
    assert checked == 11
