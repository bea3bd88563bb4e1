"""Hostile text entered anywhere is shown as text on every page, table, chart and export.

Script tags, event-handler attributes, template syntax, ``javascript:`` and spreadsheet formulas
go into every user-entered text that a page shows (through the product's forms where one
exists, else through the models); then every page type where they appear is parsed: no element
or attribute may come from the text, while the text itself must be there, escaped. Charts carry
the text inside ``json_script`` (``<``, ``>`` and ``&`` escaped) and as plotly text that shows it
literally; CSV and Excel exports keep it as text and never as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from helpers import rvm_decision
from html_forms import post_form_data
from openpyxl import load_workbook

from indicators.models import IncomeStatementLine, Indicator, IndicatorTarget, StatedAssessment
from measures.models import (
    ActionPlan,
    Heading,
    Measure,
    MeasureReport,
    Meeting,
    Organisation,
    PlanTarget,
)
from reporting.exports import FORMULA_STARTS, safe_text
from reporting.imports.export import ROWS
from reporting.models import ImportBatch

pytestmark = pytest.mark.django_db

SHOWN = "<img src=x onerror=alert(1)>"
"""In every payload: the part each page must show as text."""
LONG = (
    '=HYPERLINK("http://x")</script><script>alert(1)</script>'
    + SHOWN
    + '"><svg onload=alert(1)>{{ 7*7 }} javascript:alert(1)'
)
SHORT = SHOWN  # for fields of 40 characters or fewer
TINY = "<svg onload=alert()>"  # 20 characters
PLAN = "rvm-hsf-forvaltningsplan-2023"
MONTH = "2023-03"


# -- the checks ------------------------------------------------------------------------------
class _Inspector(HTMLParser):
    """Collects what a browser would act on (elements, attributes, scripts) and what it shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if value and name in ("href", "src", "action", "formaction", "data", "xlink:href"):
                if value.strip().lower().startswith("javascript:"):
                    self.problems.append(f"<{tag} {name}={value!r}>")
            if value:
                self.text.append(value)
        if tag in ("iframe", "object", "embed"):
            self.problems.append(f"<{tag}> element")
        if tag == "img" and a.get("src") == "x":
            self.problems.append("<img src=x> element")
        if tag == "script":
            self._script, self._script_text = a, []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.text.append(data)


def inspect(html: str) -> _Inspector:
    parser = _Inspector()
    parser.feed(html)
    parser.close()
    for attrs, body in parser.scripts:
        if attrs.get("src"):
            assert not body.strip(), "script with both src and a body"
            continue
        assert attrs.get("type") == "application/json", f"inline script: {body[:80]!r}"
        assert "<" not in body and ">" not in body, "json_script must escape < and >"
        assert "&" not in body, "json_script must escape &"
        json.loads(body)  # still one whole JSON document: nothing broke out of it
    return parser


def assert_shown_as_text(html: str, *expected: str) -> _Inspector:
    parser = inspect(html)
    assert not parser.problems, parser.problems
    shown = "".join(parser.text)
    for text in expected or (SHOWN,):
        assert text in shown, f"{text!r} is not shown as text"
    return parser


def chart_figures(html: str) -> list[dict]:
    return [json.loads(body) for attrs, body in inspect(html).scripts if not attrs.get("src")]


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


NUMBER = re.compile(r"^[-\u2212]?\d[\d ]*(,\d+)?$")


def assert_csv_safe(body: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                assert NUMBER.match(cell), f"formula-leading text cell {cell!r}"
    return rows


def assert_xlsx_safe(body: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(body)).active
    values = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"formula cell {cell.coordinate}: {cell.value!r}"
        values.append([cell.value for cell in row])
    return values


# -- the hostile data ------------------------------------------------------------------------
@pytest.fixture
def hostile(controller, controller_client, admin_user, admin_client, open_period, closed_period):
    """Payloads in every user-entered text of Region Västmanland HSF."""
    hsf = Organisation.objects.get(code="rvm-hsf")
    akut = Organisation.objects.get(code="rvm-hsf-akut")
    for org in (Organisation.objects.get(code="rvm"), hsf, akut):
        org.name, org.short_name = LONG, SHORT
        org.save()
    controller.first_name, controller.last_name = SHORT, LONG
    controller.save()

    plan = ActionPlan.objects.get(code=PLAN)
    plan.title, plan.description, plan.source = LONG, LONG, LONG
    plan.save()
    for heading in Heading.objects.filter(plan__owner__path__startswith="/rvm/"):
        heading.title, heading.description = f"{LONG} {heading.pk}", LONG
        heading.save()
    for target in PlanTarget.objects.filter(plan__owner__path__startswith="/rvm/"):
        target.label = f"{LONG} {target.pk}"
        target.save()

    # The measure, through the edit form as its controller.
    measure = Measure.objects.get(plan=plan, code="A")
    url = reverse("measure_edit", args=[measure.pk])
    data = post_form_data(controller_client.get(url).content)
    data.update(
        title=LONG,
        description=LONG,
        milestone=LONG,
        timetable="-" + SHORT,
        responsible="@" + SHORT,
        follow_up_metric=LONG,
    )
    response = controller_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    measure.refresh_from_db()
    assert measure.title == LONG

    # The month's report: a measure comment and an indicator reading's comment.
    monthly = reverse("monthly_report", args=["rvm-hsf", MONTH])
    data = post_form_data(controller_client.get(monthly).content)
    row = next(k for k, v in data.items() if k.endswith("-measure") and v == str(measure.pk))
    prefix = row.removesuffix("-measure")
    data.update({f"{prefix}-status": "forsenad", f"{prefix}-comment": LONG})
    data.update({"indikator-0-value": "12,5", "indikator-0-comment": LONG, "utkast": ""})
    response = controller_client.post(monthly, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert MeasureReport.objects.get(measure=measure, period=open_period).comment == LONG

    # A decision of the board and a follow-up through its form.
    decision = rvm_decision()
    decision.title, decision.text, decision.addressee_text = LONG, LONG, LONG
    decision.reference, decision.deadline_text, decision.reporting_duty = SHORT, LONG, LONG
    decision.save()
    decision.body.name, decision.body.short_name = LONG, TINY
    decision.body.save()
    decision.meeting = Meeting.objects.create(
        body=decision.body, date=dt.date(2023, 1, 24), title=LONG
    )
    decision.save()
    response = controller_client.post(
        reverse("follow_up_create", args=[decision.pk]),
        {"date": "2023-03-15", "organisation": str(hsf.pk), "status": "pagar", "text": LONG},
    )
    assert response.status_code == 302

    # Indicators: name, description, target wording, the report's stated assessment.
    indicators = list(Indicator.objects.filter(region__code="rvm"))
    for ind in indicators:
        ind.name, ind.description = f"{LONG} {ind.pk}", LONG
        ind.save()
    IndicatorTarget.objects.filter(indicator__region__code="rvm").update(text=SHORT)
    StatedAssessment.objects.filter(indicator__region__code="rvm").update(comment=LONG)
    for line in IncomeStatementLine.objects.filter(organisation=hsf):
        line.label = f"{LONG} {line.pk}"
        line.save()

    # A closed month reopened with a hostile reason (kept in the history).
    response = admin_client.post(
        reverse("period_reopen", args=[closed_period.pk]), {"reason": LONG}
    )
    assert response.status_code == 302
    return {"measure": measure, "decision": decision, "indicator": indicators[0], "plan": plan}


def page(client, name: str, *args, **params) -> str:
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


# -- pages -----------------------------------------------------------------------------------
def test_every_page_shows_the_payloads_as_text(hostile, admin_client, controller_client):
    m, decision, ind = hostile["measure"], hostile["decision"], hostile["indicator"]
    pages = {
        "organisation": page(admin_client, "organisation", "rvm-hsf"),
        "sub-unit": page(admin_client, "organisation", "rvm-hsf-akut"),
        "plan": page(admin_client, "plan", PLAN),
        "measure": page(admin_client, "measure", m.pk),
        "decisions": page(admin_client, "decisions", "rvm"),
        "scorecard": page(admin_client, "scorecard", "rvm-hsf", manad=MONTH),
        "indicator": page(admin_client, "indicator", ind.code),
        "dashboard": page(admin_client, "dashboard", "rvm-hsf", manad=MONTH),
        "dashboard-feb": page(admin_client, "dashboard", "rvm-hsf", manad="2023-02"),
        "board report": page(admin_client, "board_report", "rvm-hsf", manad=MONTH),
        "quarter matrix": page(admin_client, "quarter_matrix", "rvm-hsf"),
        "indicator trend": page(admin_client, "indicator_trend", ind.code),
        "measure savings": page(admin_client, "measure_savings", m.pk),
        "table measures": page(admin_client, "table_measures", enhet="rvm-hsf"),
        "table activities": page(admin_client, "table_activities", enhet="rvm-hsf"),
        "table decisions": page(admin_client, "table_decisions"),
        "table indicators": page(admin_client, "table_indicators", enhet="rvm-hsf"),
        "monthly form": page(controller_client, "monthly_report", "rvm-hsf", MONTH),
        "period overview": page(admin_client, "period_overview", hostile_period_pk()),
        "measure form": page(controller_client, "measure_edit", m.pk),
        "new measure form": page(controller_client, "measure_create", PLAN),
        "follow-up form": page(controller_client, "follow_up_create", decision.pk),
        "periods": page(admin_client, "periods", "rvm"),
        "home": page(admin_client, "home"),
        "monthly index": page(controller_client, "monthly_index"),
    }
    for name, html in pages.items():
        try:
            assert_shown_as_text(html)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from exc
    # Template syntax is text, never evaluated.
    assert "{{ 7*7 }}" in "".join(inspect(pages["measure"]).text)


def hostile_period_pk() -> int:
    from measures.models import ReportingPeriod

    return ReportingPeriod.objects.get(region__code="rvm", month=dt.date(2023, 3, 1)).pk


def test_admin_pages_show_the_payloads_as_text(hostile, admin_client):
    m = hostile["measure"]
    for url in (
        "/admin/measures/measure/",
        f"/admin/measures/measure/{m.pk}/change/",
        f"/admin/measures/measure/{m.pk}/history/",
        "/admin/measures/organisation/",
        "/admin/measures/decision/",
        "/admin/measures/followup/",
        "/admin/measures/measurereport/",
        "/admin/measures/actionplan/",
        "/admin/indicators/indicator/",
        "/admin/indicators/indicatorreading/",
        "/admin/auth/user/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        try:
            assert_shown_as_text(response.content.decode())
        except AssertionError as exc:
            raise AssertionError(f"{url}: {exc}") from exc


def test_charts_carry_the_text_escaped_and_literal_for_plotly(hostile, admin_client):
    m, ind = hostile["measure"], hostile["indicator"]
    pages = [
        page(admin_client, "dashboard", "rvm-hsf", manad=MONTH),
        page(admin_client, "indicator_trend", ind.code),
        page(admin_client, "measure_savings", m.pk),
    ]
    escaped_for_plotly = SHOWN.replace("<", "&lt;").replace(">", "&gt;")
    for html in pages:
        figures = [f for f in chart_figures(html) if "layout" in f]
        assert figures
        texts = [s for f in figures for s in strings_in(f)]
        assert any(escaped_for_plotly in s for s in texts)
        # plotly.js reads tags in text as markup: none may reach it.
        assert not [s for s in texts if "<" in s or ">" in s]


def test_charts_js_never_writes_markup():
    source = (Path(__file__).resolve().parent.parent / "static/js/charts.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source


# -- exports ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("table_measures", {"enhet": "rvm-hsf"}),
        ("table_activities", {"enhet": "rvm-hsf"}),
        ("table_decisions", {}),
        ("table_indicators", {"enhet": "rvm-hsf"}),
    ],
)
def test_table_exports_keep_the_text_and_no_formula(hostile, admin_client, name, params):
    csv_body = admin_client.get(reverse(name), {**params, "format": "csv"}).content
    rows = assert_csv_safe(csv_body)
    cells = [c for r in rows for c in r]
    assert any(SHOWN in c for c in cells), name
    for cell in cells:
        if SHOWN in cell and cell.lstrip("'").startswith(FORMULA_STARTS):
            assert cell.startswith("'"), cell
    xlsx_body = admin_client.get(reverse(name), {**params, "format": "xlsx"}).content
    values = [v for r in assert_xlsx_safe(xlsx_body) for v in r]
    assert any(isinstance(v, str) and SHOWN in v for v in values), name


@pytest.mark.parametrize("kind", ["measures", "reports", "readings", "decisions"])
def test_import_kind_exports_keep_the_text_and_no_formula(hostile, admin_client, kind):
    url = reverse("import_export", args=[kind, "csv"])
    response = admin_client.get(url, {"region": "rvm"})
    rows = assert_csv_safe(b"".join(response.streaming_content))
    assert any(SHOWN in c for r in rows for c in r), kind
    url = reverse("import_export", args=[kind, "xlsx"])
    values = assert_xlsx_safe(admin_client.get(url, {"region": "rvm"}).content)
    texts = [v for r in values for v in r if isinstance(v, str)]
    assert any(SHOWN in v for v in texts), kind
    assert any(v.startswith("=HYPERLINK") for v in texts) or kind == "readings"


def test_a_text_cell_starting_like_a_formula_is_neutralised():
    for start in FORMULA_STARTS:
        assert safe_text(f"{start}1+1") == f"'{start}1+1"
    assert safe_text("Vanlig text") == "Vanlig text"


def test_every_export_path_uses_the_one_formula_rule():
    """Only ``reporting/exports.py`` and ``reporting/imports/export.py`` write CSV or Excel, and
    the latter takes its text rule from the former."""
    root = Path(__file__).resolve().parent.parent
    writers = set()
    for package in ("config", "measures", "indicators", "reporting"):
        for path in (root / package).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            if "csv.writer(" in source or "Workbook(" in source:
                writers.add(path.relative_to(root).as_posix())
    assert writers == {"reporting/exports.py", "reporting/imports/export.py"}
    source = (root / "reporting/imports/export.py").read_text(encoding="utf-8")
    assert "from ..exports import safe_text" in source
    assert set(ROWS) == {"measures", "reports", "readings", "decisions"}


# -- the import preview ----------------------------------------------------------------------
def test_import_preview_shows_cells_and_file_name_as_text(admin_client):
    rows = [
        ["Plan", "Rubrik", "Beteckning", "Åtgärd", "Enhet", "År", "Kategori", "Belopp (mkr)"],
        [PLAN, "", "", LONG, "rvm-hsf", "2023", "", ""],
        [SHORT, LONG, "", LONG, SHORT, "x" + SHORT, SHORT, LONG],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    upload = SimpleUploadedFile(f"{SHORT}.csv", ("\ufeff" + buffer.getvalue()).encode())
    response = admin_client.post(
        reverse("import_start"), {"kind": "measures", "file": upload, "unit": "", "gender": "T"}
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    html = page(admin_client, "import_preview", batch.token)
    assert_shown_as_text(html)


def test_the_html_printed_to_pdf_is_escaped(hostile, admin_client, monkeypatch):
    """The PDF is Chromium's print of the report's HTML: that HTML must be inert too."""
    from reporting import pdf

    printed = []

    def fake_print(html: str) -> bytes:
        printed.append(html)
        return b"%PDF-1.4\n"

    monkeypatch.setattr(pdf, "html_to_pdf", fake_print)
    response = admin_client.get(reverse("board_report_pdf", args=["rvm-hsf"]), {"manad": MONTH})
    assert response.status_code == 200
    assert_shown_as_text(printed[0])
