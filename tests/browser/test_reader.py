"""A reader follows up: the dashboard, two levels down the organisation tree, a filtered and
sorted table exported as CSV and Excel, a trend chart and the board report as HTML and PDF.
axe-core checks every page type on the way."""

import csv
import io

from openpyxl import load_workbook

from tests.browser.conftest import axe_check, login

TABLES = ["/tabeller/atgarder/", "/tabeller/aktiviteter/", "/tabeller/beslut/",
          "/tabeller/indikatorer/"]


def _drill_down(page, level: int) -> str:
    link = page.locator(".tree-nav ul a").first
    name = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert page.locator(".breadcrumbs [aria-current=page]").inner_text() == name, level
    page.wait_for_selector("[data-charts-drawn='1']")
    return name


def test_reader_dashboard_drill_down_table_export_trend_and_report(page, tmp_path):
    login(page, "lasare", "/oversikt/rvm/?manad=2023-02")
    page.wait_for_selector("[data-charts-drawn='1']")
    assert page.locator(".chart[data-drawn='1'] .main-svg").count() >= 1  # plotly drew
    for chart in page.locator(".chart").all():  # every chart has a name and a data table
        assert chart.get_attribute("role") == "img" and chart.get_attribute("aria-label")
    axe_check(page, "dashboard of a region with charts")
    _drill_down(page, 1)
    _drill_down(page, 2)
    assert page.locator(".breadcrumbs li").count() >= 4  # Regioner › region › unit › unit
    axe_check(page, "dashboard two levels down")

    # A table: filtered, sorted, exported.
    page.goto(TABLES[0])
    page.select_option("#id_status", "forsenad")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**status=forsenad**")
    rows = page.locator("table tbody tr")
    shown = rows.count()
    assert shown >= 1
    for i in range(shown):
        assert "Försenad" in rows.nth(i).inner_text()
    header = page.locator("thead th a", has_text="Åtgärd").first
    header.click()
    page.wait_for_load_state()
    sorted_th = page.locator("thead th[aria-sort]")
    assert sorted_th.count() == 1
    direction = sorted_th.get_attribute("aria-sort")
    assert direction in ("ascending", "descending")
    said = sorted_th.locator(".visually-hidden").inner_text()
    assert ("stigande" if direction == "ascending" else "fallande") in said.split(",")[1]
    axe_check(page, "table, filtered and sorted")

    with page.expect_download() as download:
        page.click("a:text-is('CSV')")
    text = download.value.path().read_bytes().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(lines) - 1 == shown, lines[:3]
    status_col = lines[0].index("Status")
    assert {line[status_col] for line in lines[1:]} == {"Försenad"}
    with page.expect_download() as download:
        page.click("a:text-is('Excel')")
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet.max_row - 1 == shown

    # Every table page: a caption, and the sorted column announces its order.
    for url in TABLES:
        page.goto(url)
        assert page.locator("table caption").first.inner_text().strip(), url
        page.locator("thead th a").first.click()
        page.wait_for_load_state()
        assert page.locator("thead th[aria-sort]").count() == 1, url
        axe_check(page, f"table {url}")

    # A trend chart.
    page.goto("/oversikt/rvm-hsf/?manad=2023-02")
    page.locator("#indikatorer ~ div table a").first.click()
    page.wait_for_selector("[data-charts-drawn='1']")
    assert page.locator(".chart[role=img][aria-label]").count() == 1
    assert page.locator("table caption", has_text="Utfall per period").count() == 1
    axe_check(page, "trend chart")

    # The board report, on screen and as PDF.
    page.goto("/oversikt/rvm-hsf/?manad=2023-02")
    with page.expect_download() as download:
        page.click("a:text-is('Ladda ned som PDF')")
    assert download.value.suggested_filename.endswith(".pdf")
    assert download.value.path().read_bytes().startswith(b"%PDF")
    page.click("a.button:text-is('Styrelserapport')")
    page.wait_for_load_state()
    axe_check(page, "board report")
