"""Start page and organisation pages: regions, their tree, plans, decisions and economy."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from indicators.models import IncomeStatementLine, Indicator
from measures.access import access_for, organisation_for
from measures.models import ActionPlan, Decision, Organisation


def home(request: HttpRequest) -> HttpResponse:
    """Every region the user may read with what the product holds for it."""
    access = access_for(request.user)
    regions = Organisation.objects.readable_by(request.user).regions().order_by("name")
    plans = (
        ActionPlan.objects.filter(access.read_q("owner__path"))
        .values("owner__path")
        .annotate(n=Count("pk"))
    )
    decisions = (
        Decision.objects.readable_by(request.user).values("body__region").annotate(n=Count("pk"))
    )
    indicators = (
        Indicator.objects.scorecard()
        .filter(access.read_q("region__path"))
        .values("region")
        .annotate(n=Count("pk"))
    )
    plan_counts: dict[str, int] = {}
    for row in plans:
        region_code = row["owner__path"].strip("/").split("/")[0]
        plan_counts[region_code] = plan_counts.get(region_code, 0) + row["n"]
    decision_counts = {row["body__region"]: row["n"] for row in decisions}
    indicator_counts = {row["region"]: row["n"] for row in indicators}
    cards = [
        {
            "region": r,
            "plans": plan_counts.get(r.code, 0),
            "decisions": decision_counts.get(r.pk, 0),
            "indicators": indicator_counts.get(r.pk, 0),
        }
        for r in regions
    ]
    context = {"cards": cards, "no_membership": not (access.is_admin or access.reader_paths)}
    return render(request, "reporting/home.html", context)


def organisation_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An organisation unit: its place in the tree, sub-units, plans and monthly economy."""
    organisation = organisation_for(request, code, write=False)
    subtree = list(Organisation.objects.subtree_of(organisation))
    children: dict[int | None, list[Organisation]] = {}
    for org in subtree:
        children.setdefault(org.parent_id, []).append(org)
    ancestors_codes = organisation.path.strip("/").split("/")[:-1]
    ancestors = sorted(
        Organisation.objects.filter(code__in=ancestors_codes), key=lambda o: len(o.path)
    )
    plans = (
        ActionPlan.objects.filter(owner__path__startswith=organisation.path)
        .select_related("owner")
        .annotate(n_measures=Count("measures"))
    )
    months = (
        IncomeStatementLine.objects.filter(organisation=organisation)
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )
    economy_month = months.first()
    economy = []
    if economy_month:
        economy = list(
            IncomeStatementLine.objects.filter(organisation=organisation, month=economy_month)
        )
    context = {
        "organisation": organisation,
        "ancestors": ancestors,
        "tree": _flatten(children, organisation),
        "plans": list(plans),
        "economy": economy,
        "economy_month": economy_month,
        "region_code": organisation.region_code,
    }
    return render(request, "reporting/organisation_detail.html", context)


def _flatten(children: dict[int | None, list[Organisation]], root: Organisation) -> list[tuple]:
    """Depth-first (organisation, depth) pairs below ``root``, for an indented list."""
    out: list[tuple[Organisation, int]] = []

    def walk(org: Organisation, depth: int) -> None:
        for child in sorted(children.get(org.pk, []), key=lambda o: (o.position, o.name)):
            out.append((child, depth))
            walk(child, depth + 1)

    walk(root, 0)
    return out


def about(request: HttpRequest) -> HttpResponse:
    """Om Uppföljning: what the product holds and where to start (no database reads)."""
    return render(request, "reporting/about.html")
