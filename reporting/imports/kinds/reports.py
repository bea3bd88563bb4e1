"""Monthly measure reports: status, savings realised so far this year, forecast and comment.

One row per measure and month. The month's reporting period of the plan's region is created
(open) if it does not exist; a row that would change anything in a closed period is refused.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from measures.choices import MeasureStatus
from measures.models import MeasureReport, ReportingPeriod

from .. import columns as c
from ..engine import Importer, ImportResult, RowProblem
from ..lookups import Organisations, Plans, find_measure

COLUMNS = [
    c.Column("plan", "Plan", c.text(300), required=True, aliases=("plankod", "åtgärdsplan")),
    c.Column("code", "Beteckning", c.text(10), aliases=("kod",)),
    c.Column("title", "Åtgärd", c.text(400), aliases=("titel",)),
    c.Column("month", "Månad", c.month, required=True, aliases=("period",)),
    c.Column("status", "Status", c.choice(MeasureStatus), required=True),
    c.Column("realised", "Utfall", c.money, money=True, aliases=("utfall hittills i år",)),
    c.Column("forecast", "Prognos", c.money, money=True, aliases=("helårsprognos",)),
    c.Column("comment", "Kommentar", c.text(20000)),
]


class ReportsImporter(Importer):
    kind = "reports"
    title = gettext_lazy("Månadsrapporter för åtgärder")
    columns = COLUMNS

    references = {"plan": "find_plan"}

    def find_plan(self, text: str, column: str):
        return self.plans.get(text, column)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.orgs = Organisations()
        self.plans = Plans()
        self.periods: dict[tuple, ReportingPeriod] = {}

    def match_header(self, header, header_row, result) -> bool:
        ok = super().match_header(header, header_row, result)
        if ok and not (self.has("code") or self.has("title")):
            result.problem(header_row, "Åtgärd", _("Kolumnen ”Beteckning” eller ”Åtgärd” saknas."))
            return False
        return ok

    def import_row(self, number: int, v: dict, result: ImportResult) -> None:
        plan = self.plans.get(v["plan"], "Plan")
        code, title = v.get("code") or "", v.get("title") or ""
        if not (code or title):
            raise RowProblem("Åtgärd", _("Ange åtgärdens beteckning eller titel."))
        measure = find_measure(plan, code, title)
        if measure is None:
            raise RowProblem(
                "Beteckning" if code else "Åtgärd",
                _("Okänd åtgärd ”%(m)s” i planen %(plan)s.") % {"m": code or title, "plan": plan},
            )
        key = ("report", measure.pk, v["month"])
        if not self.once(key, number, result, _("samma åtgärd och månad")):
            return
        period = self.period(self.orgs.region_of(plan.owner), v["month"], number, result)
        values = {"status": v["status"]}
        for key in ("realised", "forecast"):
            if self.has(key):
                values[key] = v.get(key)
        if self.has("comment"):
            values["comment"] = v.get("comment") or ""
        self.upsert(
            MeasureReport,
            {"measure": measure, "period": period},
            values,
            number=number,
            result=result,
            locked=period.label if period.is_closed else "",
        )
        later = MeasureReport.objects.filter(measure=measure, period__month__gt=v["month"])
        if not later.exists():
            self.upsert(
                type(measure),
                {"pk": measure.pk},
                {"status": v["status"]},
                number=number,
                result=result,
            )

    def period(self, region, month, number: int, result: ImportResult) -> ReportingPeriod:
        key = (region.pk, month)
        if key not in self.periods:
            found = ReportingPeriod.objects.filter(region=region, month=month).first()
            self.periods[key] = found or self.upsert(
                ReportingPeriod,
                {"region": region, "month": month},
                {},
                number=number,
                result=result,
            )
        return self.periods[key]
