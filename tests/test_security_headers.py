"""Security headers on a representative set of pages, and no page refers to another host."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "img-src": "'self' data:",
}


def pages(open_period):
    """(name, URL) of the pages checked: HTML pages, a table, forms, the report, exports."""
    return [
        ("dashboard", reverse("dashboard", args=["rvm-hsf"])),
        ("table", reverse("table_measures")),
        ("monthly form", reverse("monthly_report", args=["rvm-hsf", "2023-03"])),
        ("board report", reverse("board_report", args=["rvm-hsf"])),
        ("export csv", reverse("table_measures") + "?format=csv"),
        ("export xlsx", reverse("import_export", args=["measures", "xlsx"])),
        ("organisation", reverse("organisation", args=["rvm"])),
        ("periods", reverse("periods", args=["rvm"])),
        ("import", reverse("import_start")),
        ("admin", reverse("admin:index")),
    ]


def csp_directives(header: str) -> dict[str, str]:
    out = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        out[name] = value.strip()
    return out


def assert_security_headers(response) -> None:
    csp = csp_directives(response["Content-Security-Policy"])
    for directive, value in EXPECTED_CSP.items():
        assert csp[directive] == value, directive
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_login_page_headers(anonymous_client):
    response = anonymous_client.get(reverse("login"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_headers_on_every_kind_of_page(admin_client, open_period):
    for name, url in pages(open_period):
        response = admin_client.get(url)
        assert response.status_code == 200, name
        assert_security_headers(response)


class ResourceRefs(HTMLParser):
    """Every src/href of <script>, <link>, <img>, <iframe>, and inline scripts/handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self._in_script: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for attr in ("src", "href"):
            if tag in ("script", "link", "img", "iframe") and values.get(attr):
                self.refs.append(values[attr])
        if tag == "a" and (values.get("href") or "").lower().startswith("javascript:"):
            self.handlers.append(values["href"])
        self.handlers += [f"{tag}[{k}]" for k, _v in attrs if k.lower().startswith("on")]
        if tag == "script":
            self._in_script = "src" if values.get("src") else values.get("type") or "js"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script and self._in_script not in ("src", "application/json") and data.strip():
            self.inline_scripts.append(data)


def parse(html: str) -> ResourceRefs:
    parser = ResourceRefs()
    parser.feed(html)
    return parser


def test_no_page_refers_to_another_host_or_runs_inline_script(admin_client, open_period):
    checked = 0
    for name, url in pages(open_period):
        response = admin_client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        found = parse(response.content.decode())
        foreign = [
            r for r in found.refs if urlsplit(r).netloc not in ("", "testserver")
        ]
        assert foreign == [], name
        assert found.inline_scripts == [], name
        assert found.handlers == [], name
        checked += 1
    assert checked >= 7


def test_the_parser_sees_foreign_hosts_and_inline_scripts():
    """The check above can fail."""
    found = parse(
        '<script src="https://cdn.example.com/x.js"></script><script>alert(1)</script>'
        '<script type="application/json" id="d">{"a": 1}</script>'
        '<img src="//tracker.example.net/p.gif" onerror="x()"><a href="javascript:void(0)">a</a>'
    )
    assert [urlsplit(r).netloc for r in found.refs] == ["cdn.example.com", "tracker.example.net"]
    assert found.inline_scripts == ["alert(1)"]
    assert found.handlers == ["img[onerror]", "javascript:void(0)"]
