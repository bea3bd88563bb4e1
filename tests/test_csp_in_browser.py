"""The Content-Security-Policy holds in a real browser: Chromium loads Django's own responses
(page and static files, with their headers, through the test client) and reports every CSP
violation; the charts must still be drawn and nothing may be blocked.

Playwright's request routing hands each request to the Django test client, so the browser
enforces exactly the headers Django sends, with no server process. Needs Debian's chromium.
"""

from __future__ import annotations

import mimetypes
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import add_measures

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.django_db, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ORIGIN = "http://testserver"
COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""


def _static_response(path: str) -> dict:
    found = finders.find(path.removeprefix("/static/"))
    if not found:
        return {"status": 404, "body": ""}
    kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
    return {"status": 200, "body": Path(found).read_bytes(), "content_type": kind}


def _page_report(client, path: str, csp_header: str | None = None) -> dict:
    """Open ``path`` in Chromium: the page is Django's response (rendered first, outside
    playwright's event loop), the static files come from the static finders."""
    response = client.get(path)
    assert response.status_code == 200
    headers = dict(response.headers)
    if csp_header is not None:
        headers["Content-Security-Policy"] = csp_header
    blocked = []

    def handle(route):
        url = urlsplit(route.request.url)
        if url.netloc != "testserver":
            blocked.append(route.request.url)
            route.abort()  # nothing may leave the site
        elif url.path.startswith("/static/"):
            route.fulfill(**_static_response(url.path))
        elif url.path == path:
            route.fulfill(status=response.status_code, headers=headers, body=response.content)
        else:
            route.fulfill(status=404, body="")

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        console = []
        page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
        page.add_init_script(COLLECT_VIOLATIONS)
        page.route("**/*", handle)
        page.goto(ORIGIN + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)
        report = {
            "violations": page.evaluate("window.__csp"),
            "console": console,
            "charts_drawn": page.evaluate(
                "document.documentElement.getAttribute('data-charts-drawn')"
            ),
            "svg": page.locator(".main-svg").count(),
            "csp": headers.get("Content-Security-Policy", ""),
            "blocked": blocked,
        }
        browser.close()
    return report


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
@pytest.mark.parametrize(
    "name,args,charts",
    [
        ("dashboard", ["rvb-hsf"], True),
        ("board_report", ["rvb-hsf"], True),
        ("measure_savings", None, True),
        ("organisation", ["rvm"], False),
        ("monthly_report", ["rvm-hsf", "2023-02"], False),
    ],
)
def test_pages_run_without_any_csp_violation(board_reader_client, name, args, charts):
    if args is None:
        args = [add_measures(1)[0].pk]
    report = _page_report(board_reader_client, reverse(name, args=args))
    assert "script-src 'self'" in report["csp"]
    assert "unsafe-inline" not in report["csp"]
    assert report["violations"] == []
    assert report["blocked"] == []
    assert not [m for m in report["console"] if "Content Security Policy" in m]
    if charts:
        assert report["charts_drawn"] == "1"
        assert report["svg"] > 0


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_the_browser_does_enforce_the_policy(board_reader_client):
    """The same check reports a violation when the policy forbids what the page needs, so the
    test above can fail: with script-src 'none' plotly.js and charts.js are blocked, and
    without the two hashes plotly's own <style> elements are refused."""
    strict = "default-src 'self'; script-src 'none'"
    report = _page_report(board_reader_client, reverse("dashboard", args=["rvb-hsf"]), strict)
    assert any(v.startswith("script-src") for v in report["violations"])
    assert report["charts_drawn"] is None


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_plotly_styles_need_exactly_the_two_hashes(board_reader_client):
    no_hashes = "default-src 'self'; script-src 'self'; img-src 'self' data:; style-src 'self'"
    report = _page_report(board_reader_client, reverse("dashboard", args=["rvb-hsf"]), no_hashes)
    assert len([v for v in report["violations"] if v.startswith("style-src")]) == 2
