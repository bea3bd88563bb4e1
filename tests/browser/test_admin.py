"""An administrator closes the month, after which the controller's form is read-only, then
imports a file with an error: reads the row report, fixes the row and imports. axe-core checks
the period page, the read-only form, the import form and the preview with problems."""

from tests.browser.conftest import axe_check, login

FORM = "/manadsrapport/rvm-hsf/2023-03/"
PERIODS = "/perioder/rvm/"
HEADER = "Plan;Åtgärd;Enhet;År;Kategori;Belopp (mkr)"
GOOD = "rvb-omstallning-2019;E2E-åtgärd med rätt belopp;rvb;2021;Övrigt;1"


def _csv(*lines: str) -> dict:
    text = "\r\n".join([HEADER, *lines]) + "\r\n"
    return {"name": "atgarder.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def _upload(page, lines: list[str]) -> None:
    page.goto("/inlasning/")
    page.select_option("#id_kind", "measures")
    page.set_input_files("#id_file", _csv(*lines))
    page.click("main form button.primary")
    page.wait_for_url("**/inlasning/*/")


def test_admin_closes_the_month_and_imports_a_corrected_file(page, new_context):
    login(page, "admin", PERIODS)
    row = page.locator("tbody tr", has=page.locator("th", has_text="2023-03"))
    row.locator("button", has_text="Stäng").click()
    page.wait_for_load_state()
    try:
        assert "är stängd" in page.locator(".messages").inner_text()
        axe_check(page, "periods")

        controller = new_context().new_page()
        login(controller, "controller-rvm", FORM)
        assert controller.locator("main form fieldset").get_attribute("disabled") is not None
        assert controller.locator("#id_atgard-0-realised").is_disabled()
        assert controller.locator("button[name=klar], button[name=utkast]").count() == 0
        assert "Månaden är stängd." in controller.locator("main").inner_text()
        axe_check(controller, "monthly form, closed month")
    finally:
        page.goto(PERIODS)
        row = page.locator("tbody tr", has=page.locator("th", has_text="2023-03"))
        row.locator("input[name=reason]").fill("Slutet av testresan")
        row.locator("button", has_text="Öppna igen").click()
        page.wait_for_load_state()
    assert "öppen igen" in page.locator(".messages").inner_text()

    page.goto("/inlasning/")
    axe_check(page, "import form")
    bad = "rvb-omstallning-2019;E2E-åtgärd med fel belopp;rvb;2021;Övrigt;1.234,5"
    _upload(page, [GOOD, bad])
    problems = page.locator("table.problems tbody tr")
    assert problems.count() == 1
    cells = problems.first.locator("td").all_inner_texts()
    assert cells[0] == "3" and cells[1] == "Belopp (mkr)", cells
    assert page.locator("button", has_text="Bekräfta och läs in").count() == 0
    axe_check(page, "import preview with problems")

    _upload(page, [GOOD, bad.replace("1.234,5", "1234,5")])
    assert page.locator("table.problems").count() == 0
    assert "E2E-åtgärd med fel belopp" in page.locator("main").inner_text()
    axe_check(page, "import preview")
    page.click("button:has-text('Bekräfta och läs in')")
    page.wait_for_load_state()
    assert "Filen är inläst" in page.locator(".messages").inner_text()
    assert page.locator("h1").inner_text().startswith("Inläst")
