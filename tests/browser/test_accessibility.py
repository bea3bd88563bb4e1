"""Keyboard use and the accessibility statement, in the browser.

The monthly form is completed with the keyboard alone (Tab, Shift+Tab, typing, Enter; no
clicks, no fill()), and every element that receives focus on the way shows it. The statement
page is public, passes axe-core and takes a problem report from an anonymous visitor.
"""

from urllib.parse import urlsplit

from tests.browser.conftest import USERS, axe_check

FORM = "/manadsrapport/rvm-hsf/2023-03/"

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (el === document.body) return {id: "body", visible: true};  // wrapped round the page
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  return {
    id: el.id || el.name || el.tagName,
    visible: el.matches(":focus-visible") && (outline || s.boxShadow !== "none"),
  };
}"""


def _focus(page) -> dict:
    return page.evaluate(FOCUS_STYLE)


def tab_to(page, selector: str, key: str = "Tab", limit: int = 300) -> None:
    """Press Tab (or Shift+Tab) until ``selector`` has focus; each stop must show focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        focus = _focus(page)
        assert focus["visible"], f"focus is not visible on {focus['id']}"
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} was not reached with {key}")


def replace_text(page, text: str) -> None:
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_the_monthly_form_can_be_completed_with_the_keyboard_alone(page, tmp_path):
    page.goto(FORM)
    assert "/logga-in/" in page.url
    tab_to(page, ".skip-link")
    tab_to(page, "#id_username")
    page.keyboard.type("controller-rvm")
    page.keyboard.press("Tab")
    page.keyboard.type(USERS["controller-rvm"])
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == FORM)

    # The skip link leads past the header into the main content.
    neighbour = page.input_value("#id_atgard-2-comment")
    tab_to(page, ".skip-link")
    page.keyboard.press("Enter")
    tab_to(page, "#id_atgard-3-status")
    page.keyboard.press("F")  # a closed <select> picks the option typed: Försenad
    assert page.input_value("#id_atgard-3-status") == "forsenad"
    tab_to(page, "#id_atgard-3-forecast")
    replace_text(page, "4,25")
    tab_to(page, "#id_atgard-3-realised", key="Shift+Tab")
    replace_text(page, "2..5")  # a typing mistake
    tab_to(page, "#id_atgard-3-comment")
    replace_text(page, "Inskrivet med tangentbordet.")
    tab_to(page, "button[name=utkast]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Refused: focus is moved to the field in error, which is described by its message.
    assert page.evaluate("document.activeElement.id") == "id_atgard-3-realised"
    assert _focus(page)["visible"] or page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle !== 'none'"
    )
    described = page.get_attribute("#id_atgard-3-realised", "aria-describedby")
    assert "id_atgard-3-realised-error" in described.split()
    page.screenshot(path=str(tmp_path / "manadsrapport-fel.png"), full_page=False)
    replace_text(page, "2,5")
    tab_to(page, "button[name=klar]")
    with page.expect_navigation():
        page.keyboard.press("Space")

    assert "Rapporten är markerad som klar." in page.locator(".messages").inner_text()
    assert page.input_value("#id_atgard-3-status") == "forsenad"
    assert page.input_value("#id_atgard-3-realised") == "2,5"
    assert page.input_value("#id_atgard-3-forecast") == "4,25"
    assert page.input_value("#id_atgard-3-comment") == "Inskrivet med tangentbordet."
    assert page.input_value("#id_atgard-2-comment") == neighbour


def test_the_accessibility_statement_is_public_and_takes_a_report(page, tmp_path):
    page.goto("/logga-in/")
    page.click("footer a:text-is('Tillgänglighet')")
    page.wait_for_url("**/tillganglighet/?sida=/logga-in/")
    assert page.locator("h1").inner_text() == "Tillgänglighet för Uppföljning"
    assert page.input_value("#id_page_url") == "/logga-in/"
    axe_check(page, "accessibility statement")
    page.screenshot(path=str(tmp_path / "tillganglighet.png"), full_page=True)

    page.click("button:text-is('Skicka')")  # empty: refused, the error by the field
    assert page.get_attribute("#id_description", "aria-invalid") == "true"
    assert page.locator("#id_description-error").inner_text() == "Beskriv problemet."
    assert page.evaluate("document.activeElement.id") == "id_description"
    axe_check(page, "accessibility statement with an error")

    page.fill("#id_description", "Diagrammet på översikten saknar textalternativ.")
    page.click("button:text-is('Skicka')")
    page.wait_for_url("**/tillganglighet/")
    assert "Tack! Din synpunkt är mottagen." in page.locator(".messages").inner_text()
    assert page.input_value("#id_description") == ""


def test_focus_is_visible_on_the_dashboard(page, tmp_path):
    page.goto("/logga-in/")
    page.fill("#id_username", "lasare")
    page.fill("#id_password", USERS["lasare"])
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto("/oversikt/rvm-hsf/?manad=2023-03")
    page.wait_for_selector("[data-charts-drawn='1']")
    for _ in range(25):  # the header, the filters, the tree and the first table links
        page.keyboard.press("Tab")
        focus = _focus(page)
        assert focus["visible"], f"focus is not visible on {focus['id']}"
    page.screenshot(path=str(tmp_path / "oversikt.png"), full_page=False)


def test_a_log_in_without_a_password_says_so_at_the_field(page, tmp_path):
    """Django's own message, in Swedish even for a browser that asks for English, next to the
    field and describing it, with focus moved there."""
    page.set_extra_http_headers({"Accept-Language": "en-GB,en;q=0.9"})
    page.goto("/logga-in/")
    page.fill("#id_username", "lasare")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "sv"
    assert page.locator("#password-error").inner_text().strip() == "Detta fält måste fyllas i."
    assert page.get_attribute("#id_password", "aria-describedby") == "password-error"
    assert page.evaluate("document.activeElement.id") == "id_password"
    assert page.input_value("#id_username") == "lasare"  # what was typed is kept
    axe_check(page, "log-in page with a field error")
    page.screenshot(path=str(tmp_path / "logga-in-fel.png"))
