"""Decisions and their follow-ups: one row per follow-up, or per decision without one.

A decision is found by region, body (Organ), date and title; its follow-up by date and reporting
organisation. Rows of the same decision must agree on the decision's own columns.
"""

from __future__ import annotations

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from measures.choices import FollowUpStatus
from measures.models import Decision, DecisionBody, FollowUp

from .. import columns as c
from ..columns import normalise
from ..engine import Importer, ImportResult, RowProblem
from ..lookups import Organisations

COLUMNS = [
    c.Column("region", "Region", c.text(200), required=True),
    c.Column("body", "Organ", c.text(200), required=True, aliases=("beslutande organ",)),
    c.Column("decided_on", "Beslutsdatum", c.date, required=True),
    c.Column("title", "Rubrik", c.text(300), required=True, aliases=("beslut",)),
    c.Column("reference", "Diarienummer", c.text(60)),
    c.Column("text", "Beslutstext", c.text(20000)),
    c.Column("addressee_text", "Mottagare", c.text(300)),
    c.Column("deadline", "Senast", c.date, aliases=("tidsgräns",)),
    c.Column("reporting_duty", "Återrapportering", c.text(300)),
    c.Column("fu_date", "Återrapportdatum", c.date),
    c.Column("fu_org", "Rapporterande enhet", c.text(200)),
    c.Column("fu_status", "Status", c.choice(FollowUpStatus)),
    c.Column("fu_text", "Återrapport", c.text(50000)),
]
DECISION_FIELDS = ("reference", "text", "addressee_text", "deadline", "reporting_duty")
TEXT_FIELDS = {"reference", "text", "addressee_text", "reporting_duty"}


class DecisionsImporter(Importer):
    kind = "decisions"
    title = gettext_lazy("Beslut och återrapporter")
    columns = COLUMNS

    references = {"region": "find_region", "fu_org": "find_org"}

    def find_org(self, text: str, column: str):
        return self.orgs.get(text, column)

    def find_region(self, text: str, column: str):
        return self.orgs.region(text, column)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.orgs = Organisations()
        self.decisions: dict[tuple, tuple[Decision, dict, int]] = {}

    def import_row(self, number: int, v: dict, result: ImportResult) -> None:
        decision = self.decision(number, v, result)
        if not any(v.get(k) for k in ("fu_date", "fu_org", "fu_status", "fu_text")):
            return
        for key, header in (
            ("fu_date", "Återrapportdatum"),
            ("fu_status", "Status"),
            ("fu_text", "Återrapport"),
        ):
            if not v.get(key):
                raise RowProblem(header, _("Värde saknas för en återrapport."))
        org = self.orgs.get(v["fu_org"], "Rapporterande enhet") if v.get("fu_org") else None
        key = ("follow-up", decision.pk, v["fu_date"], org.pk if org else None)
        if not self.once(key, number, result, _("samma beslut, datum och enhet")):
            return
        self.upsert(
            FollowUp,
            {"decision": decision, "date": v["fu_date"], "organisation": org},
            {"status": v["fu_status"], "text": v["fu_text"]},
            number=number,
            result=result,
        )

    def decision(self, number: int, v: dict, result: ImportResult) -> Decision:
        region = self.orgs.region(v["region"], "Region")
        body = self.body(region, v["body"])
        values = {}
        for name in DECISION_FIELDS:
            if self.has(name):
                value = v.get(name)
                values[name] = (value or "") if name in TEXT_FIELDS else value
        key = (body.pk, v["decided_on"], v["title"])
        if key in self.decisions:
            decision, earlier, row = self.decisions[key]
            if earlier != values:
                raise RowProblem(
                    "", _("Beslutet har andra uppgifter här än på rad %(row)s.") % {"row": row}
                )
            return decision
        lookup = {"body": body, "decided_on": v["decided_on"], "title": v["title"]}
        if not Decision.objects.filter(**lookup).exists():
            top = Decision.objects.filter(body=body).aggregate(m=Max("position"))["m"] or 0
            values_new = {**values, "position": top + 1}
        else:
            values_new = values
        decision = self.upsert(Decision, lookup, values_new, number=number, result=result)
        self.decisions[key] = (decision, values, number)
        return decision

    @staticmethod
    def body(region, name: str) -> DecisionBody:
        for body in DecisionBody.objects.filter(region=region):
            if normalise(name) in (normalise(body.name), normalise(body.short_name or "")):
                return body
        raise RowProblem(
            "Organ", _("Okänt organ ”%(name)s” i %(region)s.") % {"name": name, "region": region}
        )
