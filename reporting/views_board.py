"""The board dashboard: savings against plan, statuses, late measures, indicators, decisions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from indicators.views import parse_month
from measures.access import organisation_for
from measures.models import Organisation

from . import charts, queries
from .board import build_board

FLAGGED_ON_DASHBOARD = 100
"""The dashboard lists this many late or off-plan measures (a region can have hundreds); the
count, the board report and the measure table give all of them."""


def board_context(
    org: Organisation,
    request: HttpRequest,
    *,
    flagged_limit: int | None = None,
    months: list | None = None,
) -> dict:
    """What the dashboard and the board report share: figures, chart and tree position.
    ``months``: the region's reporting months when the caller has them."""
    month = parse_month(request.GET.get("manad")) or queries.default_month(org, months)
    board = build_board(org, month, flagged_limit=flagged_limit)
    rows = board.savings.rows
    ancestors, children = queries.tree_around(org)
    chart = charts.savings_by_year_chart(
        board.savings.years,
        {r.year: r.planned for r in rows if r.planned is not None and r.year},
        {r.year: r.realised for r in rows if r.realised is not None and r.year},
        {r.year: r.forecast for r in rows if r.forecast is not None and r.year},
        title=f"Besparingar per år – {org.name}",
    )
    return {
        "organisation": org,
        "month": month,
        "board": board,
        "savings_chart": chart,
        "ancestors": ancestors,
        "children": children,
        "region_code": org.region_code,
    }


def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """Översikt for a region or unit and a month; links lead down and up the tree."""
    org = organisation_for(request, code, write=False)
    months = queries.region_months(org)
    context = board_context(org, request, flagged_limit=FLAGGED_ON_DASHBOARD, months=months)
    context["months"] = months
    return render(request, "reporting/dashboard.html", context)
