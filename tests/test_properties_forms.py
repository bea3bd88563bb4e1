"""Generated input thrown at every form of the product, through its real view and user.

Each example is posted with the test client and must end in a field error on the page (200, or
409 for a conflict on the monthly report) or a redirect after a valid save whose values read
back as typed; never a server error (the test client re-raises a view's exception, so an
uncaught one fails the example). Every example runs in its own savepoint, rolled back.

Hypothesis runs derandomized (the same examples on every run and machine), without a deadline
and without its example database, so the suite stays reproducible in CI.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from generated_input import PROPERTIES, dates, numbers, rolled_back, texts
from helpers import rvm_decision
from html_forms import post_form_data
from hypothesis import given, settings
from hypothesis import strategies as st

from measures.choices import FollowUpStatus, MeasureStatus, SavingsCategory
from measures.models import ActionPlan, FollowUp, Measure, Organisation, ReportingPeriod

pytestmark = pytest.mark.django_db

PLAN = "rvm-hsf-forvaltningsplan-2023"


def assert_handled(response, *ok: int) -> str:
    """A field error shown (200/409) or a redirect; anything else fails the example."""
    assert response.status_code in (ok or (200, 302)), response.status_code
    html = response.content.decode()
    if response.status_code in (200, 409):
        assert 'aria-invalid="true"' in html or "errorlist" in html or "error" in html
    return html


def choice_or_text(values) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from([str(v) for v in values]), texts)


# -- measure form and savings formset --------------------------------------------------------
def test_measure_form_and_savings(controller_client):
    plan = ActionPlan.objects.get(code=PLAN)
    orgs = list(Organisation.objects.filter(path__startswith="/rvm/").values_list("pk", flat=True))
    headings = list(plan.headings.values_list("pk", flat=True))
    url = reverse("measure_create", args=[PLAN])

    @PROPERTIES
    @given(
        title=texts,
        description=texts,
        code=texts,
        timetable=texts,
        responsible=texts,
        start=dates,
        end=dates,
        organisation=choice_or_text(orgs),
        heading=st.one_of(st.just(""), choice_or_text(headings)),
        year=st.one_of(st.just(""), choice_or_text(range(2019, 2026)), numbers),
        category=choice_or_text(SavingsCategory.values),
        amount=numbers,
        unit=st.sampled_from(["kr", "tkr", "mkr", "", "x"]),
        forms=st.sampled_from(["2", "0", "-1", "9999", "x"]),
    )
    def post(**v):
        data = {
            **{k: v[k] for k in ("title", "description", "code", "timetable", "responsible")},
            "start": v["start"],
            "end": v["end"],
            "organisation": v["organisation"],
            "heading": v["heading"],
            "milestone": "",
            "follow_up_metric": "",
            "enhet": v["unit"],
            "besparing-TOTAL_FORMS": v["forms"],
            "besparing-INITIAL_FORMS": "0",
            "besparing-0-year": v["year"],
            "besparing-0-category": v["category"],
            "besparing-0-amount": v["amount"],
        }
        with rolled_back():
            before = Measure.objects.count()
            response = controller_client.post(url, data)
            assert_handled(response)
            if response.status_code == 302:
                measure = Measure.objects.latest("pk")
                assert Measure.objects.count() == before + 1
                assert measure.title == v["title"].strip()
                assert measure.plan == plan
            else:
                assert Measure.objects.count() == before

    post()


# -- follow-up form --------------------------------------------------------------------------
def test_follow_up_form(controller_client, open_period):
    decision = rvm_decision()
    hsf = Organisation.objects.get(code="rvm-hsf")
    url = reverse("follow_up_create", args=[decision.pk])

    @PROPERTIES
    @given(
        date=st.one_of(st.sampled_from(["2023-03-15", "2023-02-10"]), dates),
        organisation=choice_or_text([hsf.pk, Organisation.objects.get(code="rvb").pk]),
        status=choice_or_text(FollowUpStatus.values),
        text=texts,
    )
    def post(**v):
        with rolled_back():
            response = controller_client.post(url, v)
            assert_handled(response)
            if response.status_code == 302:
                saved = FollowUp.objects.filter(decision=decision).latest("pk")
                assert saved.text == v["text"].strip()
                assert saved.date.isoformat() == v["date"].strip()

    post()


# -- reporting periods (administrators) ------------------------------------------------------
def test_open_and_reopen_period_forms(admin_client, closed_period):
    @PROPERTIES
    @given(month=st.one_of(st.from_regex(r"\A-?\d{1,6}-\d{1,3}\Z"), dates, texts), reason=texts)
    def post(month, reason):
        with rolled_back():
            before = ReportingPeriod.objects.count()
            response = admin_client.post(reverse("period_open", args=["rvm"]), {"month": month})
            assert response.status_code == 302
            assert ReportingPeriod.objects.count() in (before, before + 1)
            response = admin_client.post(
                reverse("period_reopen", args=[closed_period.pk]), {"reason": reason}
            )
            assert response.status_code == 302
            closed_period.refresh_from_db()
            if not closed_period.is_closed:
                assert closed_period.reopen_reason == reason.strip()
            assert admin_client.get(reverse("periods", args=["rvm"])).status_code == 200

    post()


# -- the monthly report ----------------------------------------------------------------------
def test_monthly_report_formsets(controller_client, open_period):
    url = reverse("monthly_report", args=["rvm-hsf", "2023-03"])
    base = post_form_data(controller_client.get(url).content)
    measure_rows = int(base["atgard-TOTAL_FORMS"])
    reading_rows = int(base["indikator-TOTAL_FORMS"])

    @settings(PROPERTIES, max_examples=12)  # a whole month's page per example: the slowest
    @given(
        row=st.integers(0, measure_rows - 1),
        status=st.one_of(st.just(""), choice_or_text(MeasureStatus.values)),
        realised=numbers,
        forecast=numbers,
        comment=texts,
        version=st.one_of(st.just(None), numbers),
        measure=st.one_of(st.just(None), numbers),
        reading=st.integers(0, reading_rows - 1),
        value=numbers,
        reading_comment=texts,
        token=st.one_of(st.just(None), texts),
        unit=st.sampled_from(["kr", "tkr", "mkr", "", "x"]),
        button=st.sampled_from(["utkast", "klar", "", "annat"]),
        total=st.sampled_from([None, "0", "-1", "99999", "x"]),
    )
    def post(**v):
        data = dict(base)
        a, r = f"atgard-{v['row']}", f"indikator-{v['reading']}"
        data.update(
            {
                f"{a}-status": v["status"],
                f"{a}-realised": v["realised"],
                f"{a}-forecast": v["forecast"],
                f"{a}-comment": v["comment"],
                f"{r}-value": v["value"],
                f"{r}-comment": v["reading_comment"],
                "enhet": v["unit"],
            }
        )
        for key, field in (("version", f"{a}-version"), ("measure", f"{a}-measure")):
            if v[key] is not None:
                data[field] = v[key]
        if v["token"] is not None:
            data[f"{r}-token"] = v["token"]
        if v["total"] is not None:
            data["atgard-TOTAL_FORMS"] = v["total"]
        if v["button"]:
            data[v["button"]] = ""
        with rolled_back():
            response = controller_client.post(url, data)
            assert_handled(response, 200, 302, 409)

    post()


# -- the import upload form ------------------------------------------------------------------
def test_import_upload_form(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.models import ImportBatch

    @PROPERTIES
    @given(
        kind=choice_or_text(["measures", "reports", "readings", "decisions"]),
        name=st.one_of(st.sampled_from(["a.csv", "b.xlsx", "c.txt", "d.CSV", ".csv"]), texts),
        content=st.one_of(st.binary(max_size=200), texts.map(lambda t: t.encode())),
        unit=st.one_of(st.just(""), choice_or_text(["kr", "tkr", "mkr"])),
        gender=st.one_of(st.just(""), choice_or_text(["T", "K", "M"])),
    )
    def post(**v):
        with rolled_back():
            upload = SimpleUploadedFile(v["name"] or "x", v["content"])
            data = {"kind": v["kind"], "file": upload, "unit": v["unit"], "gender": v["gender"]}
            response = admin_client.post(reverse("import_start"), data)
            assert_handled(response)
            if response.status_code == 302:
                batch = ImportBatch.objects.latest("pk")
                assert bytes(batch.content) == v["content"]
                preview = admin_client.get(reverse("import_preview", args=[batch.token]))
                assert preview.status_code == 200
                confirm = admin_client.post(reverse("import_confirm", args=[batch.token]))
                assert confirm.status_code == 302

    post()


# -- the log-in form -------------------------------------------------------------------------
def test_login_form(client, controller):
    @PROPERTIES
    @given(username=st.one_of(st.just("controller-test"), texts), password=texts)
    def post(username, password):
        with rolled_back():
            response = client.post(reverse("login"), {"username": username, "password": password})
            assert response.status_code < 500
            assert response.status_code != 302  # never logged in with a wrong password

    post()


# -- filters and parameters of the read pages ------------------------------------------------
READ_PAGES = [
    ("dashboard", ["rvm-hsf"]),
    ("board_report", ["rvm-hsf"]),
    ("scorecard", ["rvm-hsf"]),
    ("quarter_matrix", ["vgr"]),
    ("decisions", ["rvm"]),
    ("table_measures", []),
    ("table_activities", []),
    ("table_decisions", []),
    ("table_indicators", []),
    ("monthly_index", []),
    ("import_export", ["measures", "csv"]),
]
PARAMS = ["manad", "fran", "till", "enhet", "ar", "status", "sort", "page", "plan", "region", "q"]


def test_read_pages_and_filter_forms_take_any_parameters(admin_client):
    @PROPERTIES
    @given(
        page=st.sampled_from(READ_PAGES),
        params=st.dictionaries(
            st.sampled_from(PARAMS),
            st.one_of(
                dates,
                numbers,
                st.sampled_from(["rvm-hsf", "rvb", "2023-02", "2023-13", "0000-01", "-title"]),
            ),
            max_size=4,
        ),
        fmt=st.sampled_from([None, "csv", "xlsx", "pdf", "\x00"]),
    )
    def get(page, params, fmt):
        name, args = page
        if fmt is not None and name.startswith("table_"):
            params = {**params, "format": fmt}
        response = admin_client.get(reverse(name, args=args), params)
        assert response.status_code in (200, 302, 400, 404), response.status_code

    get()
