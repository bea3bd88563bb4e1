"""Read pages for plans, measures and decisions."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import savings
from .access import require_read
from .choices import AmountUnit, SavingsCategory
from .history import measure_changes
from .models import ActionPlan, Decision, FollowUp, Measure, Organisation, PlannedSaving


def _unit_choice(request: HttpRequest) -> str | None:
    unit = request.GET.get("enhet", "")
    return unit if unit in AmountUnit.values else None


def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An action plan: measures grouped by heading, savings per year with subtotals and totals."""
    plan = get_object_or_404(ActionPlan.objects.select_related("owner", "decision"), code=code)
    require_read(request, plan.owner)
    unit_override = _unit_choice(request)
    headings = list(plan.headings.select_related("organisation"))
    measures = list(plan.measures.select_related("organisation").order_by("position", "pk"))
    rows = PlannedSaving.objects.filter(measure__plan=plan).rows()
    categories_of: dict[int, set[str]] = defaultdict(set)
    for r in rows:
        categories_of[r.measure_id].add(r.category)
    per_measure_year = savings.by_measure_year(rows)
    per_measure = savings.by_measure(rows)
    per_heading_year = savings.by_heading_year(rows)
    per_heading = savings.by_heading(rows)
    years = plan.years
    has_unsplit = any(r.year is None for r in rows)
    columns = [*years, None] if has_unsplit else list(years)

    by_heading: dict[int | None, list[Measure]] = defaultdict(list)
    for m in measures:
        by_heading[m.heading_id].append(m)
    sections = []
    for h in [*headings, None]:
        members = by_heading.get(h.pk if h else None, [])
        if not members:
            continue
        unit = unit_override or (h.unit if h else plan.display_unit)
        heading_id = h.pk if h else None
        categories = sorted({r.category for r in rows if r.heading_id == heading_id})
        category_rows = []
        if len(categories) > 1:
            for cat in categories:
                per_year = savings.by_year(
                    [r for r in rows if r.heading_id == heading_id and r.category == cat]
                )
                category_rows.append(
                    {
                        "label": SavingsCategory(cat).label,
                        "cells": [per_year.get(y) for y in columns],
                        "total": sum((v for v in per_year.values()), savings.ZERO),
                    }
                )
        sections.append(
            {
                "heading": h,
                "unit": unit,
                "rows": [
                    {
                        "measure": m,
                        "cells": [per_measure_year.get((m.pk, y)) for y in columns],
                        "total": per_measure.get(m.pk),
                        "categories": sorted(
                            SavingsCategory(c).label for c in categories_of.get(m.pk, ())
                        ),
                    }
                    for m in members
                ],
                "category_rows": category_rows,
                "cells": [per_heading_year.get((h.pk if h else None, y)) for y in columns],
                "total": per_heading.get(h.pk if h else None),
            }
        )
    orgs = {m.organisation.path: m.organisation for m in measures}
    per_org_year = savings.group(rows, lambda r: (r.organisation_path, r.year))
    per_org = savings.group(rows, lambda r: r.organisation_path)
    org_totals = [
        {
            "organisation": orgs[path],
            "cells": [per_org_year.get((path, y)) for y in columns],
            "total": per_org[path],
        }
        for path in sorted(per_org)
        if path in orgs
    ]
    per_year_all = savings.by_year(rows)
    context = {
        "plan": plan,
        "columns": columns,
        "sections": sections,
        "org_totals": org_totals,
        "grand_cells": [per_year_all.get(y) for y in columns],
        "grand_total": savings.total(rows),
        "by_category": sorted(
            (SavingsCategory(c).label, v) for c, v in savings.by_category(rows).items()
        ),
        "unit": unit_override or plan.display_unit,
        "unit_override": unit_override,
        "units": AmountUnit.choices,
        "targets": list(plan.targets.all()),
        "measure_count": len(measures),
    }
    return render(request, "measures/plan_detail.html", context)


def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One measure: its facts, planned savings, monthly reports and sub-measures."""
    measure = get_object_or_404(
        Measure.objects.select_related("plan", "organisation", "heading", "parent"), pk=pk
    )
    access = require_read(request, measure.organisation)
    unit = _unit_choice(request) or (
        measure.heading.unit if measure.heading else measure.plan.display_unit
    )
    context = {
        "measure": measure,
        "unit": unit,
        "savings": list(measure.savings.all()),
        "saving_total": savings.total(measure.savings.rows()),
        "reports": list(
            measure.reports.select_related("period", "updated_by").order_by("-period__month")
        ),
        "children": list(measure.children.select_related("organisation")),
        "changes": measure_changes(measure, unit),
        "can_edit": access.can_edit(measure.organisation),
    }
    return render(request, "measures/measure_detail.html", context)


def decision_list(request: HttpRequest, code: str) -> HttpResponse:
    """A region's decisions, each with its text, addressees and follow-ups (newest first)."""
    region = get_object_or_404(Organisation.objects.regions(), code=code)
    access = require_read(request, region)
    decisions = (
        Decision.objects.for_region(region)
        .select_related("body", "meeting")
        .prefetch_related(
            "addressees",
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related("organisation", "meeting").order_by(
                    "-date", "-pk"
                ),
            ),
        )
        .order_by("-decided_on", "position")
    )
    context = {
        "region": region,
        "decisions": list(decisions),
        "can_write": access.is_admin or access.is_controller,
    }
    return render(request, "measures/decision_list.html", context)
