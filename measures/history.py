"""Who changed what, when: django-simple-history records turned into old → new lines.

Every write path (forms, admin, the fixture loader, imports, bulk writes through
``bulk_*_with_history``) leaves historical records; these functions read them with one query per
model and compare each record with the previous one of the same object, in Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .choices import MeasureStatus, PeriodState, SavingsCategory
from .models import Measure, MeasureReport, Organisation, PlannedSaving, ReportingPeriod
from .templatetags.sv import amount_in

Formatter = Callable[[object], str]


@dataclass(frozen=True)
class Change:
    when: dt.datetime
    who: str
    subject: str
    field: str
    old: str
    new: str
    reason: str = ""


def _text(value) -> str:
    return "–" if value in (None, "") else str(value)


def _choice(enum) -> Formatter:
    def fmt(value) -> str:
        if value in (None, ""):
            return "–"
        return str(enum(value).label) if value in enum.values else str(value)

    return fmt


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return str(_("system (import eller kommando)"))
    return user.get_full_name() or user.get_username()


def diff_records(
    records: Iterable,
    fields: dict[str, tuple[str, Formatter]],
    subject: Callable[[object], str],
) -> list[Change]:
    """Changes between consecutive records of each object (records of one model)."""
    ordered = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    out: list[Change] = []
    previous = None
    for rec in ordered:
        prev = previous if previous is not None and previous.id == rec.id else None
        reason = rec.history_change_reason or ""
        if rec.history_type == "-":
            out.append(
                Change(
                    rec.history_date, _who(rec), subject(rec), str(_("borttagen")), "", "", reason
                )
            )
        for name, (label, fmt) in fields.items():
            if rec.history_type == "-":
                break
            new = getattr(rec, name)
            old = getattr(prev, name) if prev is not None else None
            if prev is None and new in (None, ""):
                continue
            if prev is not None and old == new:
                continue
            out.append(
                Change(
                    rec.history_date,
                    _who(rec),
                    subject(rec),
                    str(label),
                    _fmt(fmt, old, prev),
                    fmt(new),
                    reason,
                )
            )
        previous = rec
    return out


def _fmt(fmt: Formatter, value, prev) -> str:
    return "–" if prev is None else fmt(value)


def measure_changes(measure: Measure, unit: str) -> list[Change]:
    """The history of a measure, its planned savings and its monthly reports, newest first."""

    def money(value) -> str:
        return "–" if value is None else f"{amount_in(value, unit)} {unit}"

    periods = dict(
        ReportingPeriod.objects.filter(measure_reports__measure=measure)
        .values_list("pk", "month")
        .distinct()
    )
    reports = MeasureReport.history.filter(measure_id=measure.pk).select_related("history_user")
    savings = PlannedSaving.history.filter(measure_id=measure.pk).select_related("history_user")
    own = list(Measure.history.filter(id=measure.pk).select_related("history_user"))
    org_names = dict(
        Organisation.objects.filter(pk__in={r.organisation_id for r in own}).values_list(
            "pk", "name"
        )
    )
    changes = [
        *diff_records(
            own,
            {
                "title": (_("Titel"), _text),
                "status": (_("Status"), _choice(MeasureStatus)),
                "organisation_id": (_("Enhet"), lambda pk: org_names.get(pk, _text(pk))),
                "responsible": (_("Ansvarig"), _text),
                "timetable": (_("Tidplan"), _text),
                "start": (_("Start"), _text),
                "end": (_("Slut"), _text),
                "description": (_("Beskrivning"), _text),
            },
            lambda r: str(_("Åtgärden")),
        ),
        *diff_records(
            savings,
            {"amount": (_("Planerad besparing"), money)},
            lambda r: " ".join(
                str(x)
                for x in (
                    _("Besparing"),
                    r.year or _("ej årsfördelad"),
                    _choice(SavingsCategory)(r.category).lower(),
                )
            ),
        ),
        *diff_records(
            reports,
            {
                "status": (_("Status"), _choice(MeasureStatus)),
                "realised": (_("Utfall hittills i år"), money),
                "forecast": (_("Helårsprognos"), money),
                "comment": (_("Kommentar"), _text),
            },
            lambda r: "{} {}".format(
                _("Månadsrapport"),
                periods[r.period_id].strftime("%Y-%m") if r.period_id in periods else "–",
            ),
        ),
    ]
    return sorted(changes, key=lambda c: c.when, reverse=True)


def period_changes(periods: list[ReportingPeriod]) -> list[Change]:
    """Openings, closings and reopenings (with reasons) of these periods, newest first."""
    records = ReportingPeriod.history.filter(id__in=[p.pk for p in periods]).select_related(
        "history_user"
    )
    labels = {p.pk: p.label for p in periods}
    changes = diff_records(
        records,
        {
            "state": (_("Läge"), _choice(PeriodState)),
            "reopen_reason": (_("Skäl till återöppning"), _text),
        },
        lambda r: labels.get(r.id, "–"),
    )
    return sorted(changes, key=lambda c: c.when, reverse=True)
