"""Two people edit the same row of the same month: the second save is refused (HTTP 409) with
both values shown and the typed input kept; saving again is a deliberate overwrite."""

from tests.browser.conftest import axe_check, login

FORM = "/manadsrapport/rvm-hsf/2023-03/"
FIELD = "#id_atgard-2-realised"


def test_a_conflicting_edit_is_refused_with_both_values(page, new_context):
    login(page, "controller-rvm", FORM)
    colleague = new_context().new_page()
    login(colleague, "admin", FORM)
    page.goto(FORM)
    colleague.goto(FORM)

    colleague.fill(FIELD, "11,5")
    colleague.click("button[name=utkast]")
    assert "Utkastet är sparat." in colleague.locator(".messages").inner_text()

    page.fill(FIELD, "22,25")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.click("button[name=utkast]")
    assert posted.value.status == 409
    conflict = page.locator("#row-2-conflict")
    text = conflict.inner_text()
    assert "11,5" in text and "22,25" in text, text
    assert "Ingenting sparades" in text
    assert page.input_value(FIELD) == "22,25"
    assert "samma rader" in page.locator(".messages").inner_text()
    axe_check(page, "monthly form with a conflict")

    colleague.reload()
    assert colleague.input_value(FIELD) == "11,5"  # the first save stands

    page.click("button[name=utkast]")  # a second, deliberate save overwrites
    assert "Utkastet är sparat." in page.locator(".messages").inner_text()
    colleague.reload()
    assert colleague.input_value(FIELD) == "22,25"
