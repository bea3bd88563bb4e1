"""Every model's database constraints refuse what the domain forbids."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction

from indicators.models import (
    IncomeStatementLine,
    Indicator,
    IndicatorReading,
    IndicatorTarget,
    StatedAssessment,
)
from measures.models import (
    ActionPlan,
    Decision,
    DecisionBody,
    FollowUp,
    Heading,
    Measure,
    MeasureReport,
    Meeting,
    Organisation,
    PlannedSaving,
    PlanTarget,
    ReportingPeriod,
)

pytestmark = pytest.mark.django_db
MONTH = dt.date(2031, 1, 1)


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.fixture
def world():
    region = Organisation.objects.create(code="t-reg", name="Testregion", kind="region")
    org = Organisation.objects.create(
        code="t-adm", name="Förvaltning", kind="forvaltning", parent=region
    )
    body = DecisionBody.objects.create(region=region, name="Regionstyrelsen", kind="styrelse")
    plan = ActionPlan.objects.create(
        owner=org, code="t-plan", title="Plan", first_year=2030, last_year=2032
    )
    heading = Heading.objects.create(plan=plan, title="Rubrik")
    measure = Measure.objects.create(
        plan=plan, organisation=org, heading=heading, title="Åtgärd", code="A"
    )
    period = ReportingPeriod.objects.create(region=region, month=MONTH)
    indicator = Indicator.objects.create(
        region=region, code="t-ind", name="Indikator", unit="procent", polarity="higher"
    )
    return locals()


def test_organisation(world):
    refused(lambda: Organisation.objects.create(code="t-adm", name="Dubblett", kind="region"))
    refused(lambda: Organisation.objects.create(code="t-orphan", name="Utan region", kind="omrade"))
    refused(lambda: Organisation.objects.create(code="", name="Tom kod", kind="region"))
    assert world["org"].path == "/t-reg/t-adm/"
    assert world["org"].is_within(world["region"]) and not world["region"].is_within(world["org"])


def test_body_meeting_decision_follow_up(world):
    body, region = world["body"], world["region"]
    refused(
        lambda: DecisionBody.objects.create(region=region, name="Regionstyrelsen", kind="styrelse")
    )
    Meeting.objects.create(body=body, date=MONTH)
    refused(lambda: Meeting.objects.create(body=body, date=MONTH))
    decision = Decision.objects.create(body=body, decided_on=MONTH, title="Beslut")
    refused(lambda: Decision.objects.create(body=body, decided_on=MONTH, title="Beslut"))
    FollowUp.objects.create(
        decision=decision, date=MONTH, organisation=world["org"], status="pagar", text="x"
    )
    refused(
        lambda: FollowUp.objects.create(
            decision=decision, date=MONTH, organisation=world["org"], status="klar", text="y"
        )
    )


def test_plan_heading_measure(world):
    org, plan = world["org"], world["plan"]
    refused(
        lambda: ActionPlan.objects.create(
            owner=org, code="t-p2", title="P", first_year=2032, last_year=2030
        )
    )
    refused(
        lambda: ActionPlan.objects.create(
            owner=org, code="t-p3", title="P", first_year=1200, last_year=2030
        )
    )
    refused(
        lambda: ActionPlan.objects.create(
            owner=org, code="t-plan", title="P", first_year=2030, last_year=2030
        )
    )
    refused(lambda: Heading.objects.create(plan=plan, title="Rubrik"))
    refused(lambda: Measure.objects.create(plan=plan, organisation=org, title="Annan", code="A"))
    Measure.objects.create(plan=plan, organisation=org, title="Utan kod 1")
    Measure.objects.create(plan=plan, organisation=org, title="Utan kod 2")
    refused(
        lambda: Measure.objects.create(
            plan=plan,
            organisation=org,
            title="Bakvänd",
            start=dt.date(2031, 5, 1),
            end=dt.date(2031, 1, 1),
        )
    )
    PlanTarget.objects.create(plan=plan, label="Budgetreducering", year=2030, amount=D(1))
    refused(
        lambda: PlanTarget.objects.create(
            plan=plan, label="Budgetreducering", year=2030, amount=D(2)
        )
    )


def test_saving_one_row_per_measure_year_category(world):
    m = world["measure"]
    PlannedSaving.objects.create(measure=m, year=2030, category="driftkostnad", amount=D("7500000"))
    refused(
        lambda: PlannedSaving.objects.create(
            measure=m, year=2030, category="driftkostnad", amount=D(1)
        )
    )
    PlannedSaving.objects.create(measure=m, year=2031, category="driftkostnad", amount=D(1))
    PlannedSaving.objects.create(measure=m, year=None, category="driftkostnad", amount=D(1))
    refused(
        lambda: PlannedSaving.objects.create(
            measure=m, year=None, category="driftkostnad", amount=D(2)
        )
    )
    refused(
        lambda: PlannedSaving.objects.create(measure=m, year=1800, category="ovrigt", amount=D(2))
    )
    saved = PlannedSaving.objects.get(measure=m, year=2030)
    assert saved.amount == D("7500000.00")


def test_period_and_report_one_per_measure_and_period(world):
    refused(lambda: ReportingPeriod.objects.create(region=world["region"], month=MONTH))
    MeasureReport.objects.create(measure=world["measure"], period=world["period"], status="pagar")
    refused(
        lambda: MeasureReport.objects.create(
            measure=world["measure"], period=world["period"], status="klar"
        )
    )


def test_indicator_target_reading_assessment(world):
    ind, org, region = world["indicator"], world["org"], world["region"]
    refused(
        lambda: Indicator.objects.create(
            region=region, code="t-ind", name="X", unit="antal", polarity="higher"
        )
    )
    refused(
        lambda: Indicator.objects.create(
            region=region,
            code="t-neg",
            name="X",
            unit="antal",
            polarity="higher",
            trend_tolerance_pct=-1,
        )
    )
    IndicatorTarget.objects.create(
        indicator=ind, year=2031, kind="threshold", value=D(90), text="90 %"
    )
    refused(
        lambda: IndicatorTarget.objects.create(indicator=ind, year=2031, kind="change", text="Öka")
    )
    IndicatorTarget.objects.create(
        indicator=ind, organisation=org, year=2031, kind="change", text="Öka"
    )
    refused(
        lambda: IndicatorTarget.objects.create(
            indicator=ind, organisation=org, year=2031, kind="change", text="Öka"
        )
    )
    refused(
        lambda: IndicatorTarget.objects.create(indicator=ind, year=2032, kind="threshold", text="?")
    )
    refused(
        lambda: IndicatorTarget.objects.create(
            indicator=ind, year=2033, kind="range", value=D(90), high=D(85), text="90-85"
        )
    )
    IndicatorReading.objects.create(
        indicator=ind, organisation=org, period_kind="month", month=MONTH, value=D(1)
    )
    refused(
        lambda: IndicatorReading.objects.create(
            indicator=ind, organisation=org, period_kind="month", month=MONTH, value=D(2)
        )
    )
    IndicatorReading.objects.create(
        indicator=ind, organisation=org, period_kind="ytd", month=MONTH, value=D(2)
    )
    StatedAssessment.objects.create(
        indicator=ind, organisation=org, month=MONTH, direction="improving"
    )
    refused(lambda: StatedAssessment.objects.create(indicator=ind, organisation=org, month=MONTH))


def test_income_statement_line(world):
    org = world["org"]
    IncomeStatementLine.objects.create(
        organisation=org,
        month=MONTH,
        position=1,
        label="Resultat",
        section="resultat",
        accumulated_outcome=D(-1),
        accumulated_budget=D(1),
    )
    refused(
        lambda: IncomeStatementLine.objects.create(
            organisation=org,
            month=MONTH,
            position=2,
            label="Resultat",
            section="resultat",
            accumulated_outcome=D(0),
        )
    )
    refused(
        lambda: IncomeStatementLine.objects.create(
            organisation=org,
            month=MONTH,
            position=1,
            label="Annat",
            section="resultat",
            accumulated_outcome=D(0),
        )
    )
    line = IncomeStatementLine.objects.get(label="Resultat", organisation=org)
    assert line.budget_deviation == D(-2)
