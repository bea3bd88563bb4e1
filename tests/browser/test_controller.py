"""A controller fills a month in the browser: a Swedish decimal, one invalid value that is
corrected, marked ready, and the figures on the dashboard. axe-core checks the log-in page, the
monthly form with its errors shown and the dashboard."""

from urllib.parse import urlsplit

from tests.browser.conftest import USERS, axe_check

FORM = "/manadsrapport/rvm-hsf/2023-03/"


def test_controller_fills_the_month_and_sees_it_on_the_dashboard(page, tmp_path):
    page.goto(FORM)
    assert "/logga-in/" in page.url
    assert page.locator("html").get_attribute("lang") == "sv"
    axe_check(page, "log-in")
    page.fill("#id_username", "controller-rvm")
    page.fill("#id_password", USERS["controller-rvm"])
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: urlsplit(url).path == FORM)
    assert page.input_value("#id_atgard-0-status") == "pagar"  # prefilled from February

    page.select_option("#id_atgard-0-status", "forsenad")
    page.fill("#id_atgard-0-realised", "1 234,5")
    page.fill("#id_atgard-0-forecast", "\u22123")
    page.fill("#id_atgard-0-comment", "Upphandlingen är överklagad.")
    page.fill("#id_atgard-1-realised", "1.234,5")
    page.click("button[name=utkast]")
    field = page.locator("#id_atgard-1-realised")
    assert field.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "id_atgard-1-realised"
    assert "komma" in page.locator("#id_atgard-1-realised-error").inner_text()
    assert page.input_value("#id_atgard-0-comment") == "Upphandlingen är överklagad."
    axe_check(page, "monthly form with errors")

    page.fill("#id_atgard-1-realised", "7,5")
    page.click("button[name=klar]")
    page.wait_for_load_state()
    assert "Rapporten är markerad som klar." in page.locator(".messages").inner_text()
    assert "Klar" in page.locator("main").inner_text()
    axe_check(page, "monthly form, saved")

    page.goto(FORM + "?enhet=tkr")
    assert page.input_value("#id_atgard-0-realised") == "1 234 500"
    assert page.input_value("#id_atgard-0-forecast") == "\u22123 000"
    assert page.input_value("#id_atgard-1-realised") == "7 500"

    page.goto("/oversikt/rvm-hsf/?manad=2023-03")
    page.wait_for_selector("[data-charts-drawn='1']")
    flagged = page.locator("#forsenade + * table, #forsenade ~ div table").first
    row = page.locator("tr", has_text="Upphandlingen är överklagad.")
    assert row.count() == 1, page.locator("main").inner_text()
    assert "Försenad" in row.inner_text() and "\u22123" in row.inner_text()
    assert flagged.count() == 1
    axe_check(page, "dashboard")
