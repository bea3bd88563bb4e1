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


def _handler(path: str, response, headers: dict, blocked: list[str]):
    """Answer Chromium's requests: the page from Django, static files from the finders."""

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

    return handle


def _reports(pages: list[tuple[str, object, str | None]]) -> list[dict]:
    """Open each (path, Django response, CSP override or None) in one Chromium session.

    The responses are rendered before playwright starts (Django's database calls may not run
    inside its event loop); the static files come from the static finders."""
    reports = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for path, response, csp_header in pages:
            assert response.status_code == 200, path
            headers = dict(response.headers)
            if csp_header is not None:
                headers["Content-Security-Policy"] = csp_header
            blocked: list[str] = []
            handle = _handler(path, response, headers, blocked)
            page = browser.new_page()
            console: list[str] = []
            page.on("console", lambda m, c=console: c.append(m.text) if m.type == "error" else 0)
            page.add_init_script(COLLECT_VIOLATIONS)
            page.route("**/*", handle)
            page.goto(ORIGIN + path)
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)
            reports.append(
                {
                    "path": path,
                    "violations": page.evaluate("window.__csp"),
                    "console": console,
                    "charts_drawn": page.evaluate(
                        "document.documentElement.getAttribute('data-charts-drawn')"
                    ),
                    "svg": page.locator(".main-svg").count(),
                    "csp": headers.get("Content-Security-Policy", ""),
                    "blocked": blocked,
                }
            )
            page.close()
        browser.close()
    return reports


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_pages_run_without_any_csp_violation(board_reader_client):
    """Pages with charts (plotly.js), the monthly form (first-error.js) and the organisation
    tree: nothing blocked, nothing refused, the charts drawn."""
    with_charts = [
        reverse("dashboard", args=["rvb-hsf"]),
        reverse("board_report", args=["rvb-hsf"]),
        reverse("measure_savings", args=[add_measures(1)[0].pk]),
    ]
    without = [
        reverse("organisation", args=["rvm"]),
        reverse("monthly_report", args=["rvm-hsf", "2023-02"]),
        reverse("table_measures"),
    ]
    pages = [(url, board_reader_client.get(url), None) for url in with_charts + without]
    reports = _reports(pages)
    for report in reports:
        assert "script-src 'self'" in report["csp"], report["path"]
        assert "unsafe-inline" not in report["csp"]
        assert report["violations"] == [], report["path"]
        assert report["blocked"] == [], report["path"]
        assert not [m for m in report["console"] if "Content Security Policy" in m]
    for report in reports[: len(with_charts)]:
        assert report["charts_drawn"] == "1", report["path"]
        assert report["svg"] > 0, report["path"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_the_browser_does_enforce_the_policy(board_reader_client):
    """The same check reports violations when the policy forbids what the page needs, so the
    test above can fail: with script-src 'none' plotly.js and charts.js are blocked, and
    without the two hashes plotly's own <style> elements are refused."""
    url = reverse("dashboard", args=["rvb-hsf"])
    no_scripts = "default-src 'self'; script-src 'none'"
    no_hashes = "default-src 'self'; script-src 'self'; img-src 'self' data:; style-src 'self'"
    response = board_reader_client.get(url)
    blocked_scripts, refused_styles = _reports(
        [(url, response, no_scripts), (url, response, no_hashes)]
    )
    assert any(v.startswith("script-src") for v in blocked_scripts["violations"])
    assert blocked_scripts["charts_drawn"] is None
    assert len([v for v in refused_styles["violations"] if v.startswith("style-src")]) == 2
