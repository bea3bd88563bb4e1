"""Measures with their planned savings: one row per measure, year and category.

A measure without savings is one row with År, Kategori and Belopp empty. A measure is found by
plan and code (Beteckning), or by plan and title when it has no code; a saving by its measure,
year (empty: the whole plan period) and category.
"""

from __future__ import annotations

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from measures.choices import SavingsCategory
from measures.models import Heading, Measure, PlannedSaving

from .. import columns as c
from ..engine import Importer, ImportResult, RowProblem
from ..lookups import Organisations, Plans, find_measure

COLUMNS = [
    c.Column("plan", "Plan", c.text(300), required=True, aliases=("plankod", "åtgärdsplan")),
    c.Column("heading", "Rubrik", c.text(300)),
    c.Column("code", "Beteckning", c.text(10), aliases=("kod",)),
    c.Column("title", "Åtgärd", c.text(400), required=True, aliases=("titel",)),
    c.Column("organisation", "Enhet", c.text(200), required=True, aliases=("organisation",)),
    c.Column("responsible", "Ansvarig", c.text(200)),
    c.Column("year", "År", c.year),
    c.Column("category", "Kategori", c.choice(SavingsCategory)),
    c.Column("amount", "Belopp", c.money, money=True, aliases=("besparing",)),
]


class MeasuresImporter(Importer):
    kind = "measures"
    title = gettext_lazy("Åtgärder med planerade besparingar")
    columns = COLUMNS

    references = {"plan": "find_plan", "organisation": "find_org"}

    def find_plan(self, text: str, column: str):
        return self.plans.get(text, column)

    def find_org(self, text: str, column: str):
        return self.orgs.get(text, column)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.orgs = Organisations()
        self.plans = Plans()
        self.measures: dict[tuple, tuple[Measure, dict, int]] = {}

    def import_row(self, number: int, v: dict, result: ImportResult) -> None:
        measure = self.measure(number, v, result)
        if not any(v.get(k) not in (None, "") for k in ("year", "category", "amount")):
            return
        if v.get("category") is None:
            raise RowProblem("Kategori", _("Ange kategori när raden har ett belopp."))
        if v.get("amount") is None:
            raise RowProblem(COLUMNS[8].title(self.units.get("amount")), _("Värde saknas."))
        key = ("saving", measure.pk, v.get("year"), v["category"])
        if not self.once(key, number, result, _("samma åtgärd, år och kategori")):
            return
        self.upsert(
            PlannedSaving,
            {"measure": measure, "year": v.get("year"), "category": v["category"]},
            {"amount": v["amount"]},
            number=number,
            result=result,
        )

    def measure(self, number: int, v: dict, result: ImportResult) -> Measure:
        plan = self.plans.get(v["plan"], "Plan")
        code, title = v.get("code") or "", v["title"]
        values = {"organisation": self.orgs.get(v["organisation"], "Enhet")}
        if code:
            values["title"] = title
        if self.has("heading"):
            values["heading"] = self.heading(plan, v.get("heading"), number, result)
        if self.has("responsible"):
            values["responsible"] = v.get("responsible") or ""
        key = (plan.pk, code or None, None if code else title)
        if key in self.measures:
            measure, earlier, row = self.measures[key]
            if earlier != values:
                raise RowProblem(
                    "",
                    _("Åtgärden har andra uppgifter här än på rad %(row)s.") % {"row": row},
                )
            return measure
        existing = find_measure(plan, code, title)
        if existing is None:
            top = Measure.objects.filter(plan=plan).aggregate(m=Max("position"))["m"] or 0
            lookup = {"plan": plan, "code": code} if code else {"plan": plan, "title": title}
            measure = self.upsert(
                Measure, lookup, {**values, "position": top + 1}, number=number, result=result
            )
        else:
            measure = self.upsert(
                Measure, {"pk": existing.pk}, values, number=number, result=result
            )
        self.measures[key] = (measure, values, number)
        return measure

    def heading(self, plan, title: str | None, number: int, result: ImportResult):
        if not title:
            return None
        found = Heading.objects.filter(plan=plan, title=title).first()
        if found:
            return found
        top = Heading.objects.filter(plan=plan).aggregate(m=Max("position"))["m"] or 0
        return self.upsert(
            Heading,
            {"plan": plan, "title": title},
            {"position": top + 1},
            number=number,
            result=result,
        )
