"""The board report (styrelserapport) for a unit and month, on screen and as PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static

from indicators.models import IncomeStatementLine
from measures.access import organisation_for
from measures.audit import audit

from . import pdf
from .tables import verdict_summary
from .views_board import board_context

ASSETS = {
    "app_css": "css/app.css",
    "print_css": "css/print.css",
    "plotly": "vendor/plotly-4.1.1.min.js",
    "charts_js": "js/charts.js",
}


def report_context(request: HttpRequest, code: str, *, for_pdf: bool) -> dict:
    org = organisation_for(request, code, write=False)
    context = board_context(org, request)
    board = context["board"]
    economy = list(
        IncomeStatementLine.objects.filter(organisation=org, month=context["month"]).order_by(
            "position"
        )
    )
    results = [line for line in economy if line.section == "resultat"]
    year_rows = [r for r in board.savings.rows if r.year == context["month"].year]
    resolve = pdf.static_file_uri if for_pdf else static
    context.update(
        economy=economy,
        result=results[-1] if results else None,
        year_savings=year_rows[0] if year_rows else None,
        indicator_summary=verdict_summary(board.indicator_rows),
        late_count=sum(1 for f in board.flagged if f.late),
        off_plan_count=sum(1 for f in board.flagged if f.off_plan),
        pdf=for_pdf,
        assets={key: resolve(path) for key, path in ASSETS.items()},
    )
    return context


def board_report(request: HttpRequest, code: str) -> HttpResponse:
    """Summary, economy, savings, indicators, activities and decisions; prints cleanly."""
    context = report_context(request, code, for_pdf=False)
    return render(request, "reporting/board_report.html", context)


def board_report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The same report printed to PDF by headless Chromium on the server."""
    context = report_context(request, code, for_pdf=True)
    html = render_to_string("reporting/board_report.html", context, request=request)
    try:
        body = pdf.html_to_pdf(html)
    except pdf.PdfUnavailable:
        return HttpResponse(
            "PDF kan inte skapas på servern just nu. Skriv ut sidan från webbläsaren i stället.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    org, month = context["organisation"], context["month"]
    response = HttpResponse(body, content_type="application/pdf")
    name = f"styrelserapport-{org.code}-{month:%Y-%m}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    audit("export", request=request, kind="board_report", format="pdf", unit=org.code)
    return response
