"""The journeys' safety nets can fail: a CSP violation and a foreign request are caught, and
axe-core runs on a page whose policy forbids inline and injected scripts."""

import pytest

from tests.browser.conftest import Guard, axe_check

PROBE = """<!DOCTYPE html><html lang="sv"><head><title>Prov</title></head><body>
<main><h1>Prov</h1><p>Text.</p><img src="https://cdn.example.invalid/x.png" alt="x"></main>
<script>document.title = "inline ran";</script></body></html>"""


def test_guard_catches_csp_and_foreign_requests_and_axe_runs_under_csp(
    browser, browser_context_args, live_server_url
):
    ctx = browser.new_context(**browser_context_args)
    guard = Guard(origin=live_server_url)
    guard.watch(ctx)
    page = ctx.new_page()
    page.route(
        f"{live_server_url}/csp-prov/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": "default-src 'self'; script-src 'self'"},
            body=PROBE,
        ),
    )
    page.route("https://cdn.example.invalid/**", lambda route: route.abort())
    page.goto(f"{live_server_url}/csp-prov/")
    assert page.title() == "Prov"  # the inline script was blocked
    axe_check(page, "CSP probe")
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    with pytest.raises(AssertionError, match="label"):
        axe_check(page, "CSP probe with an unlabelled field")
    ctx.close()
    assert any("Content Security Policy" in m for m in guard.csp), guard.csp
    assert set(guard.foreign) == {"https://cdn.example.invalid/x.png"}


def test_the_page_fixture_is_watched_by_the_guard(page, guard, live_server_url):
    page.route(
        f"{live_server_url}/prov/",
        lambda route: route.fulfill(status=200, content_type="text/html", body=PROBE),
    )
    page.route("https://cdn.example.invalid/**", lambda route: route.abort())
    page.goto("/prov/")
    assert page.title() == "inline ran"  # no CSP on this probe
    assert set(guard.foreign) == {"https://cdn.example.invalid/x.png"}
    guard.foreign.clear()  # seen; the guard's own check after the test must pass
