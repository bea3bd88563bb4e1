"""Load the source reports' fixtures (``fixtures/*.yaml``, format in ``fixtures/README.md``).

Every object is upserted by its natural key and saved only when a field differs, so loading a
file twice changes nothing, and a corrected file updates in place. Saves go through the models,
so django-simple-history records each change with the file's name as the reason.

Past reports belong to months whose board meeting has been held, so their periods are created
closed. Loading them is an administrator-level act: it runs under
``measures.locks.closed_period_override()``, the one explicit way past the closed-month rule.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction

from indicators.models import (
    IncomeStatementLine,
    Indicator,
    IndicatorReading,
    IndicatorTarget,
    Perspective,
    StatedAssessment,
)
from measures.choices import UNIT_FACTOR, AmountUnit, PeriodState
from measures.locks import closed_period_override
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

FIXTURE_DIR = Path(__file__).resolve().parent.parent / "fixtures"


class FixtureError(ValueError):
    """A fixture that cannot be loaded; the message names the file and the entry."""


@dataclass
class LoadResult:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def changes(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def summary(self) -> str:
        return (
            f"{sum(self.created.values())} skapade, {sum(self.updated.values())} ändrade, "
            f"{sum(self.unchanged.values())} oförändrade"
        )


def fixture_files() -> list[Path]:
    return sorted(FIXTURE_DIR.glob("*.yaml"))


def _decimal(value: Any, where: str) -> Decimal:
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, AttributeError) as exc:
        raise FixtureError(f"{where}: {value!r} är inget tal") from exc
    if not result.is_finite():
        raise FixtureError(f"{where}: {value!r} är inget ändligt tal")
    return result


def _money(value: Any, unit: str, where: str) -> Decimal:
    if unit not in UNIT_FACTOR:
        raise FixtureError(f"{where}: okänd enhet {unit!r}")
    return (_decimal(value, where) * UNIT_FACTOR[AmountUnit(unit)]).quantize(Decimal("0.01"))


def _month(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value.replace(day=1)
    try:
        year, month = str(value).split("-")[:2]
        return dt.date(int(year), int(month), 1)
    except ValueError as exc:
        raise FixtureError(f"{where}: {value!r} är ingen månad (ÅÅÅÅ-MM)") from exc


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise FixtureError(f"{where}: {value!r} är inget ISO-datum") from exc


class Loader:
    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.result = LoadResult()
        self.orgs: dict[str, Organisation] = {}

    # -- generic upsert -------------------------------------------------------------------
    def upsert(self, model: type[models.Model], key: dict, values: dict) -> models.Model:
        name = model._meta.model_name
        obj = model.objects.filter(**key).first()
        if obj is None:
            obj = model(**key, **values)
            obj._change_reason = f"Import: {self.source_name}"
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
            self.result.created[name] += 1
            return obj
        changed = False
        for attr, new in values.items():
            if getattr(obj, attr) != new:
                setattr(obj, attr, new)
                changed = True
        if changed:
            obj._change_reason = f"Import: {self.source_name}"
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj.save()
            self.result.updated[name] += 1
        else:
            self.result.unchanged[name] += 1
        return obj

    def set_m2m(self, manager, targets: list) -> None:
        current = set(manager.values_list("pk", flat=True))
        wanted = {t.pk for t in targets}
        if current != wanted:
            manager.set(targets)

    def org(self, code: str, where: str) -> Organisation:
        if code not in self.orgs:
            found = Organisation.objects.filter(code=code).first()
            if found is None:
                raise FixtureError(f"{where}: okänd organisation {code!r}")
            self.orgs[code] = found
        return self.orgs[code]

    # -- sections -------------------------------------------------------------------------
    def load(self, data: dict) -> None:
        if not isinstance(data, dict) or "region" not in data:
            raise FixtureError("filen saknar 'region'")
        for entry in data.get("organisations", []):
            self.load_organisation(entry)
        self.region = self.org(data["region"], "region")
        self.bodies: dict[str, DecisionBody] = {}
        for entry in data.get("bodies", []):
            self.load_body(entry)
        for entry in data.get("meetings", []):
            self.meeting(entry["body"], entry["date"], entry.get("title", ""))
        for i, entry in enumerate(data.get("decisions", []), start=1):
            self.load_decision(entry, i)
        for entry in data.get("plans", []):
            self.load_plan(entry)
        for entry in data.get("perspectives", []):
            self.upsert(
                Perspective,
                {"name": entry["name"]},
                {
                    "description": entry.get("description", ""),
                    "position": entry.get("position", 0),
                },
            )
        for i, entry in enumerate(data.get("indicators", []), start=1):
            self.load_indicator(entry, parent=None, position=i)
        for entry in data.get("economy", []):
            self.load_economy(entry)

    def load_organisation(self, e: dict) -> None:
        parent = self.org(e["parent"], f"organisation {e['code']}") if e.get("parent") else None
        obj = self.upsert(
            Organisation,
            {"code": e["code"]},
            {
                "name": e["name"],
                "short_name": e.get("short_name", ""),
                "kind": e["kind"],
                "parent": parent,
                "position": e.get("position", 0),
            },
        )
        self.orgs[obj.code] = obj

    def load_body(self, e: dict) -> None:
        body = self.upsert(
            DecisionBody,
            {"region": self.region, "name": e["name"]},
            {"short_name": e.get("short_name", ""), "kind": e["kind"]},
        )
        self.bodies[body.name] = body

    def body(self, name: str, where: str) -> DecisionBody:
        if name not in self.bodies:
            found = DecisionBody.objects.filter(region=self.region, name=name).first()
            if found is None:
                raise FixtureError(f"{where}: okänt organ {name!r}")
            self.bodies[name] = found
        return self.bodies[name]

    def meeting(self, body_name: str, date: Any, title: str = "") -> Meeting:
        body = self.body(body_name, "sammanträde")
        return self.upsert(
            Meeting,
            {"body": body, "date": _date(date, "sammanträde")},
            {"title": title or ""},
        )

    def load_decision(self, e: dict, index: int) -> None:
        where = f"beslut {e.get('title', index)!r}"
        body = self.body(e["body"], where)
        decided_on = _date(e["decided_on"], where)
        meeting = None
        if e.get("meeting"):
            meeting = Meeting.objects.get(body=body, date=_date(e["meeting"], where))
        decision = self.upsert(
            Decision,
            {"body": body, "decided_on": decided_on, "title": e["title"]},
            {
                "meeting": meeting,
                "reference": e.get("reference", ""),
                "kind": e.get("kind", "beslut"),
                "position": e.get("position", index),
                "text": e.get("text", "") or "",
                "addressee_text": e.get("addressee_text", "") or "",
                "deadline": _date(e.get("deadline"), where),
                "deadline_text": e.get("deadline_text", "") or "",
                "reporting_duty": e.get("reporting_duty", "") or "",
            },
        )
        self.set_m2m(decision.addressees, [self.org(c, where) for c in e.get("addressees", [])])
        for f in e.get("follow_ups", []):
            org = self.org(f["organisation"], where) if f.get("organisation") else None
            fmeeting = None
            if f.get("meeting"):
                fmeeting = Meeting.objects.get(body=body, date=_date(f["meeting"], where))
            self.upsert(
                FollowUp,
                {"decision": decision, "date": _date(f["date"], where), "organisation": org},
                {"status": f["status"], "text": f["text"], "meeting": fmeeting},
            )

    def load_plan(self, e: dict) -> None:
        where = f"plan {e.get('code')!r}"
        plan = self.upsert(
            ActionPlan,
            {"code": e["code"]},
            {
                "owner": self.org(e["owner"], where),
                "title": e["title"],
                "kind": e.get("kind", "atgardsplan"),
                "description": e.get("description", "") or "",
                "first_year": e["first_year"],
                "last_year": e["last_year"],
                "display_unit": e.get("display_unit", "mkr"),
                "source": e.get("source", "") or "",
            },
        )
        for pos, t in enumerate(e.get("targets", []), start=1):
            for year, amount in t["amounts"].items():
                self.upsert(
                    PlanTarget,
                    {"plan": plan, "label": t["label"], "year": int(year)},
                    {
                        "position": pos,
                        "amount": _money(amount, t.get("unit", "mkr"), where),
                        "approximate": bool(t.get("approximate", False)),
                    },
                )
        position = Counter()
        for hpos, h in enumerate(e.get("headings", []), start=1):
            heading = self.upsert(
                Heading,
                {"plan": plan, "title": h["title"]},
                {
                    "organisation": self.org(h["organisation"], where)
                    if h.get("organisation")
                    else None,
                    "position": hpos,
                    "description": h.get("description", "") or "",
                    "display_unit": h.get("display_unit", "") or "",
                },
            )
            for m in h.get("measures", []):
                self.load_measure(m, plan, heading, None, heading.organisation, position)
        for m in e.get("measures", []):
            self.load_measure(m, plan, None, None, None, position)

    def load_measure(
        self,
        e: dict,
        plan: ActionPlan,
        heading: Heading | None,
        parent: Measure | None,
        default_org: Organisation | None,
        position: Counter,
    ) -> None:
        where = f"åtgärd {e.get('code') or e.get('title')!r}"
        org = self.org(e["organisation"], where) if e.get("organisation") else default_org
        if org is None:
            raise FixtureError(f"{where}: organisation saknas")
        position["n"] += 1
        code = e.get("code", "") or ""
        key = (
            {"plan": plan, "code": code}
            if code
            else {"plan": plan, "code": "", "parent": parent, "title": e["title"]}
        )
        values = {
            "organisation": org,
            "heading": heading,
            "parent": parent,
            "position": position["n"],
            "title": e["title"],
            "description": e.get("description", "") or "",
            "milestone": e.get("milestone", "") or "",
            "timetable": e.get("timetable", "") or "",
            "start": _date(e.get("start"), where),
            "end": _date(e.get("end"), where),
            "responsible": e.get("responsible", "") or "",
            "follow_up_metric": e.get("follow_up_metric", "") or "",
            "status": e.get("status") or self.latest_report_status(e),
        }
        for attr in list(key):
            values.pop(attr, None)
        measure = self.upsert(Measure, key, values)
        savings = e.get("savings") or {}
        for row in savings.get("rows", []):
            self.upsert(
                PlannedSaving,
                {"measure": measure, "year": row.get("year"), "category": row["category"]},
                {"amount": _money(row["amount"], savings["unit"], where)},
            )
        for r in e.get("reports", []):
            period = self.period(_month(r["month"], where))
            unit = r.get("unit", plan.display_unit)
            self.upsert(
                MeasureReport,
                {"measure": measure, "period": period},
                {
                    "status": r["status"],
                    "comment": r.get("comment", "") or "",
                    "realised": _money(r["realised"], unit, where) if r.get("realised") else None,
                    "forecast": _money(r["forecast"], unit, where) if r.get("forecast") else None,
                },
            )
        for child in e.get("children", []):
            self.load_measure(child, plan, heading, measure, org, position)

    @staticmethod
    def latest_report_status(e: dict) -> str:
        reports = sorted(e.get("reports", []), key=lambda r: str(r["month"]))
        return reports[-1]["status"] if reports else ""

    def period(self, month: dt.date) -> ReportingPeriod:
        """A past report's month: created closed, since its board meeting has been held."""
        period = ReportingPeriod.objects.filter(region=self.region, month=month).first()
        if period is None:
            period = self.upsert(
                ReportingPeriod,
                {"region": self.region, "month": month},
                {"state": PeriodState.CLOSED},
            )
        return period

    def load_indicator(self, e: dict, parent: Indicator | None, position: int) -> None:
        where = f"indikator {e.get('code')!r}"
        perspective = None
        if e.get("perspective"):
            perspective = Perspective.objects.filter(name=e["perspective"]).first()
            if perspective is None:
                perspective = self.upsert(Perspective, {"name": e["perspective"]}, {})
        values = {
            "region": self.region,
            "kolada_id": e.get("kolada_id", "") or "",
            "name": e["name"],
            "description": e.get("description", "") or "",
            "perspective": perspective,
            "parent": parent,
            "unit": e["unit"],
            "polarity": e["polarity"],
            "decimals": e.get("decimals", 1),
            "position": e.get("position", position),
        }
        if e.get("trend_tolerance_pct") is not None:
            values["trend_tolerance_pct"] = _decimal(e["trend_tolerance_pct"], where)
        indicator = self.upsert(Indicator, {"code": e["code"]}, values)
        linked = []
        for plan_code, ref in e.get("measures", []):
            qs = Measure.objects.filter(plan__code=plan_code)
            found = qs.filter(code=ref).first() or qs.filter(title=ref).first()
            if found is None:
                raise FixtureError(f"{where}: okänd åtgärd {plan_code}/{ref}")
            linked.append(found)
        if linked:
            self.set_m2m(indicator.measures, linked)
        for i, c in enumerate(e.get("components", []), start=1):
            self.load_indicator(c, parent=indicator, position=i)
        for t in e.get("targets", []):
            org = self.org(t["organisation"], where) if t.get("organisation") else None
            self.upsert(
                IndicatorTarget,
                {"indicator": indicator, "organisation": org, "year": t["year"]},
                {
                    "kind": t["kind"],
                    "value": _decimal(t["value"], where) if t.get("value") is not None else None,
                    "high": _decimal(t["high"], where) if t.get("high") is not None else None,
                    "margin": _decimal(t["margin"], where) if t.get("margin") is not None else None,
                    "direction": t.get("direction", "") or "",
                    "text": t["text"],
                },
            )
        for r in e.get("readings", []):
            self.upsert(
                IndicatorReading,
                {
                    "indicator": indicator,
                    "organisation": self.org(r["organisation"], where),
                    "period_kind": r["period_kind"],
                    "month": _month(r["month"], where),
                },
                {
                    "value": _decimal(r["value"], where),
                    "comment": r.get("comment", "") or "",
                    "source": r.get("source", "") or self.source_name,
                },
            )
        for a in e.get("assessments", []):
            self.upsert(
                StatedAssessment,
                {
                    "indicator": indicator,
                    "organisation": self.org(a["organisation"], where),
                    "month": _month(a["month"], where),
                },
                {
                    "direction": a.get("direction", "") or "",
                    "level": a.get("level", "") or "",
                    "comment": a.get("comment", "") or "",
                    "source": a.get("source", "") or self.source_name,
                },
            )

    def load_economy(self, e: dict) -> None:
        where = "resultaträkning"
        org = self.org(e["organisation"], where)
        month = _month(e["month"], where)
        unit = e.get("unit", "mkr")

        def money(line: dict, key: str) -> Decimal | None:
            return (
                _money(line[key], unit, f"{where} {line['label']}")
                if line.get(key) is not None
                else None
            )

        for pos, line in enumerate(e["lines"], start=1):
            self.upsert(
                IncomeStatementLine,
                {"organisation": org, "month": month, "label": line["label"]},
                {
                    "position": pos,
                    "section": line["section"],
                    "is_sum": bool(line.get("is_sum", False)),
                    "is_part": bool(line.get("is_part", False)),
                    "accumulated_outcome": money(line, "outcome"),
                    "accumulated_budget": money(line, "budget"),
                    "prior_year_accumulated": money(line, "prior_year"),
                    "full_year_forecast": money(line, "forecast"),
                    "full_year_budget": money(line, "full_year_budget"),
                    "prior_year_final": money(line, "prior_year_final"),
                    "stated_budget_deviation": money(line, "deviation"),
                    "stated_forecast_deviation": money(line, "forecast_deviation"),
                    "stated_prior_year_deviation": money(line, "prior_year_deviation"),
                    "forecast_upside": money(line, "forecast_upside"),
                    "forecast_downside": money(line, "forecast_downside"),
                },
            )


def load_file(*, path: Path) -> LoadResult:
    """Load one fixture file in one transaction: all of it, or nothing."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise FixtureError(f"{path.name}: ogiltig YAML: {exc}") from exc
    loader = Loader(path.name)
    with transaction.atomic(), closed_period_override():
        try:
            loader.load(data)
        except (KeyError, TypeError) as exc:
            raise FixtureError(f"{path.name}: fält saknas eller har fel form: {exc}") from exc
        except FixtureError as exc:
            raise FixtureError(f"{path.name}: {exc}") from exc
    return loader.result


def load_past_reports(*, paths: list[Path] | None = None) -> dict[str, LoadResult]:
    """Load the given fixture files (default: all in ``fixtures/``), each atomically."""
    return {p.name: load_file(path=p) for p in (paths or fixture_files())}
