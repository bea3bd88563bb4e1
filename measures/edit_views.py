"""Write pages of the measures domain: measures and savings, follow-ups, reporting periods.

Every view starts with one helper of ``measures.access``; writes are POST-only and end in a
redirect; multi-row writes are keyword-only functions under ``transaction.atomic``.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import access_for, require_admin, require_write, require_write_any
from .audit import audit
from .choices import AmountUnit, PeriodState
from .forms import FollowUpForm, MeasureForm, OpenPeriodForm, ReopenPeriodForm, SavingFormSet
from .history import period_changes
from .locks import PeriodClosedError, closed_period_override
from .models import ActionPlan, Decision, FollowUp, Measure, Organisation, ReportingPeriod

log = logging.getLogger("uppfoljning.periods")


def _unit(request: HttpRequest, default: str) -> str:
    unit = request.POST.get("enhet") or request.GET.get("enhet") or default
    return unit if unit in AmountUnit.values else default


def save_measure(*, form: MeasureForm, savings: SavingFormSet) -> Measure:
    """Save a measure and its planned savings together, or nothing."""
    with transaction.atomic():
        measure = form.save()
        savings.instance = measure
        savings.save()
    return measure


def measure_create(request: HttpRequest, code: str) -> HttpResponse:
    """A new measure in a plan, for a unit within the user's scope."""
    plan = get_object_or_404(ActionPlan.objects.select_related("owner"), code=code)
    region = Organisation.objects.get(code=plan.owner.region_code)
    orgs = require_write_any(request, Organisation.objects.subtree_of(region))
    return _measure_form(request, plan, orgs, Measure(plan=plan))


def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a measure's facts and its planned savings per year and category."""
    measure = get_object_or_404(Measure.objects.select_related("plan", "organisation"), pk=pk)
    require_write(request, measure.organisation)
    region = Organisation.objects.get(code=measure.organisation.region_code)
    orgs = require_write_any(request, Organisation.objects.subtree_of(region))
    return _measure_form(request, measure.plan, orgs, measure)


def _measure_form(request, plan, orgs, measure) -> HttpResponse:
    unit = _unit(request, plan.display_unit)
    data = request.POST if request.method == "POST" else None
    form = MeasureForm(data, instance=measure, organisations=orgs, plan=plan)
    savings = SavingFormSet(data, instance=measure, prefix="besparing", form_kwargs={"unit": unit})
    if data is not None:
        if form.is_valid() and savings.is_valid():
            measure = save_measure(form=form, savings=savings)
            messages.success(request, _("Åtgärden är sparad."))
            return redirect("measure", measure.pk)
        messages.error(request, _("Åtgärden sparades inte. Rätta de markerade fälten."))
    context = {"form": form, "savings": savings, "plan": plan, "measure": measure, "unit": unit}
    return render(request, "measures/measure_form.html", context)


def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a dated follow-up to a decision, for an addressed unit in the user's scope.

    Earlier follow-ups are never changed: this view only creates.
    """
    decision = get_object_or_404(Decision.objects.select_related("body__region"), pk=pk)
    orgs = require_write_any(request, decision.addressees.all())
    form = FollowUpForm(request.POST or None, organisations=orgs, decision=decision)
    if request.method == "POST" and form.is_valid():
        try:
            add_follow_up(decision=decision, user=request.user, **form.cleaned_data)
        except PeriodClosedError as exc:
            form.add_error("date", str(exc.args[0]))
        else:
            messages.success(request, _("Återrapporten är sparad."))
            url = reverse("decisions", args=[decision.body.region.code])
            return redirect(f"{url}#decision-{pk}")
    context = {"decision": decision, "form": form, "follow_ups": decision.follow_ups.all()}
    return render(request, "measures/follow_up_form.html", context)


def add_follow_up(*, decision: Decision, user, date, organisation, status, text) -> FollowUp:
    """Append a follow-up; administrators may date it in a closed month (explicit override)."""
    follow_up = FollowUp(
        decision=decision,
        date=date,
        organisation=organisation,
        status=status,
        text=text,
        created_by=user,
    )
    if access_for(user).is_admin:
        with closed_period_override():
            follow_up.save()
    else:
        follow_up.save()
    return follow_up


def periods(request: HttpRequest, code: str) -> HttpResponse:
    """For administrators: a region's reporting months, to open, close and reopen."""
    require_admin(request)
    region = get_object_or_404(Organisation.objects.regions(), code=code)
    rows = list(region.periods.select_related("closed_by").order_by("-month"))
    context = {
        "region": region,
        "periods": rows,
        "open_form": OpenPeriodForm(),
        "reopen_form": ReopenPeriodForm(),
        "changes": period_changes(rows),
    }
    return render(request, "measures/periods.html", context)


@require_POST
def period_open(request: HttpRequest, code: str) -> HttpResponse:
    """Open a new reporting month for a region."""
    require_admin(request)
    region = get_object_or_404(Organisation.objects.regions(), code=code)
    form = OpenPeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("month", [])))
    else:
        period, created = ReportingPeriod.objects.get_or_create(
            region=region, month=form.cleaned_data["month"]
        )
        if created:
            messages.success(request, _("Månaden %(m)s är öppnad.") % {"m": period.label})
        else:
            messages.error(request, _("Månaden %(m)s finns redan.") % {"m": period.label})
    return redirect("periods", region.code)


@require_POST
def period_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a month: from now on only administrators can change its figures."""
    require_admin(request)
    with transaction.atomic():
        period = get_object_or_404(ReportingPeriod.objects.select_for_update(), pk=pk)
        if not period.is_closed:
            period.state = PeriodState.CLOSED
            period.closed_at = timezone.now()
            period.closed_by = request.user
            period._change_reason = _("Stängd")
            period.save()
            log.info("period %s closed by user %s", period.pk, request.user.pk)
            audit("period_close", request=request, period=period.pk, month=period.label)
    messages.success(request, _("Månaden %(m)s är stängd.") % {"m": period.label})
    return redirect("periods", period.region.code)


@require_POST
def period_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen a closed month; the reason is required and kept in the history."""
    require_admin(request)
    form = ReopenPeriodForm(request.POST)
    with transaction.atomic():
        period = get_object_or_404(ReportingPeriod.objects.select_for_update(), pk=pk)
        if not form.is_valid():
            messages.error(request, _("Ange ett skäl (minst fem tecken) för att öppna igen."))
        elif period.is_closed:
            period.state = PeriodState.OPEN
            period.reopen_reason = form.cleaned_data["reason"]
            reason = _("Återöppnad: %(r)s") % {"r": form.cleaned_data["reason"]}
            # The history's reason column holds 100 characters; the whole reason is kept in
            # reopen_reason (and so in the history row) anyway.
            period._change_reason = reason if len(reason) <= 100 else reason[:99] + "…"
            period.save()
            log.info("period %s reopened by user %s", period.pk, request.user.pk)
            audit("period_reopen", request=request, period=period.pk, month=period.label)
            messages.success(request, _("Månaden %(m)s är öppen igen.") % {"m": period.label})
    return redirect("periods", period.region.code)
