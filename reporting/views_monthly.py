"""Månadsrapport: one organisation's monthly report, and the administrator's overview."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from measures.access import (
    access_for,
    period_for,
    require_admin,
    require_scope,
    require_write,
)
from measures.choices import AmountUnit, ReportState, Role
from measures.models import Measure, Organisation, OrganisationReport, ReportingPeriod

from .monthly import (
    ConflictError,
    MonthlyData,
    conflict_message,
    rebase_on_conflicts,
    save_monthly_report,
)

PAGE_UNITS = (AmountUnit.MKR, AmountUnit.TKR)


def _unit(request: HttpRequest) -> str:
    unit = request.POST.get("enhet") or request.GET.get("enhet") or AmountUnit.MKR
    return unit if unit in PAGE_UNITS else AmountUnit.MKR


def monthly_report(request: HttpRequest, code: str, month: str) -> HttpResponse:
    """The month's report: every measure in scope and the indicator outcomes due, one form."""
    org = get_object_or_404(Organisation, code=code)
    access = require_scope(request, org)
    period = period_for(org, month)
    unit = _unit(request)
    data = MonthlyData.load(org, period)
    status = 200
    if request.method == "POST":
        require_write(request, org, period)
        mark_ready = "klar" in request.POST
        measure_fs, reading_fs = data.formsets(unit=unit, data=request.POST)
        if measure_fs.is_valid() and reading_fs.is_valid() and _ready_ok(measure_fs, mark_ready):
            try:
                save_monthly_report(
                    data=data,
                    measure_forms=measure_fs.forms,
                    reading_forms=reading_fs.forms,
                    user=request.user,
                    mark_ready=mark_ready,
                    allow_closed=access.is_admin,
                )
            except ConflictError as exc:
                measure_fs, reading_fs, status = _conflicts(request, data, unit, exc)
            else:
                messages.success(
                    request,
                    _("Rapporten är markerad som klar.")
                    if mark_ready
                    else _("Utkastet är sparat."),
                )
                return redirect(f"{request.path}?enhet={unit}")
        else:
            messages.error(request, _("Rapporten sparades inte. Rätta de markerade fälten."))
    else:
        measure_fs, reading_fs = data.formsets(unit=unit)
    editable = access.is_admin or (access.can_edit(org) and not period.is_closed)
    context = {
        "data": data,
        "organisation": org,
        "period": period,
        "unit": unit,
        "units": PAGE_UNITS,
        "rows": list(zip(data.measures, measure_fs.forms, strict=True)),
        "readings": list(zip(data.due, reading_fs.forms, strict=True)),
        "measure_fs": measure_fs,
        "reading_fs": reading_fs,
        "editable": editable,
    }
    return render(request, "reporting/monthly_report.html", context, status=status)


def _ready_ok(measure_fs, mark_ready: bool) -> bool:
    """Marking the report ready needs a status on every row."""
    if not mark_ready:
        return True
    ok = True
    for form in measure_fs.forms:
        if not form.cleaned_data.get("status"):
            form.add_error("status", _("Ange status innan rapporten markeras som klar."))
            ok = False
    return ok


def _conflicts(request, data: MonthlyData, unit: str, exc: ConflictError):
    """Re-show the user's values with the conflicting rows explained (HTTP 409)."""
    measure_fs, reading_fs = data.formsets(unit=unit, data=request.POST)
    measure_fs.is_valid(), reading_fs.is_valid()
    rebased = rebase_on_conflicts(request.POST, measure_fs, reading_fs, exc.conflicts)
    measure_fs, reading_fs = data.formsets(unit=unit, data=rebased)
    measure_fs.is_valid(), reading_fs.is_valid()
    for c in exc.conflicts:
        form = (measure_fs if c.kind == "measure" else reading_fs).forms[c.index]
        form.add_error(None, conflict_message(form, c))
    messages.error(
        request,
        _("Någon annan har sparat samma rader under tiden. Ingenting sparades; se raderna nedan.")
        if exc.conflicts
        else _("Någon annan har sparat samtidigt. Ingenting sparades; ladda om sidan."),
    )
    return measure_fs, reading_fs, 409


def monthly_index(request: HttpRequest) -> HttpResponse:
    """Where a user starts: the units they report for and the region's open months."""
    access = access_for(request.user)
    if access.is_admin:
        orgs = Organisation.objects.filter(
            Q(measures__isnull=False) | Q(parent__isnull=True)
        ).distinct()
    else:
        orgs = Organisation.objects.within_paths(access.controller_paths or access.reader_paths)
        orgs = orgs.filter(measures__isnull=False).distinct()
    orgs = list(orgs.order_by("path"))
    periods = ReportingPeriod.objects.filter(
        region__code__in={o.region_code for o in orgs}
    ).select_related("region")
    by_region: dict[str, list] = {}
    for p in periods.order_by("-month")[:200]:
        by_region.setdefault(p.region.code, []).append(p)
    rows = [(o, by_region.get(o.region_code, [])[:6]) for o in orgs]
    return render(request, "reporting/monthly_index.html", {"rows": rows, "access": access})


def period_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """For administrators: which units are ready, draft or not started for one month."""
    require_admin(request)
    period = get_object_or_404(ReportingPeriod.objects.select_related("region"), pk=pk)
    units = list(
        Organisation.objects.subtree_of(period.region)
        .filter(
            Q(pk__in=Measure.objects.values("organisation"))
            | Q(members__role=Role.CONTROLLER)
            | Q(reports__period=period)
        )
        .distinct()
        .order_by("path")
    )
    states = {
        r.organisation_id: r
        for r in OrganisationReport.objects.filter(period=period).select_related("changed_by")
    }
    rows = [(u, states.get(u.pk)) for u in units]
    counts = {
        "ready": sum(1 for _u, r in rows if r and r.state == ReportState.READY),
        "draft": sum(1 for _u, r in rows if r and r.state == ReportState.DRAFT),
        "none": sum(1 for _u, r in rows if r is None),
    }
    context = {
        "period": period,
        "rows": rows,
        "counts": counts,
        "periods_url": reverse("periods", args=[period.region.code]),
    }
    return render(request, "reporting/period_overview.html", context)
